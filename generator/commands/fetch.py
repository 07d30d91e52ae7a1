"""`fetch [URL ...]`: download upstream pages, conditionally and atomically."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.commands.common import EXIT_BAD_INPUT, EXIT_OK
from generator.problems import InputError, Problem
from generator.upstream.fetch import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    SOURCES_FILE,
    Source,
    check_unique,
    fetch_all,
    read_sources,
    source,
)


def add_fetch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sources",
        type=Path,
        metavar="FILE",
        help=f"the page URLs, one a line (default: <pages folder>/{SOURCES_FILE})",
    )
    parser.add_argument(
        "--timeout",
        type=_positive(float),
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"per page, in total (default: {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--max-bytes",
        type=_positive(int),
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse a larger page (default: {DEFAULT_MAX_BYTES})",
    )


def _positive(kind: type[float] | type[int]) -> Any:
    def parse(text: str) -> float | int:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, found {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"expected more than 0, found {text!r}")
        return value

    return parse


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "fetch",
        help="download upstream pages (conditional GET, atomic write)",
        description=f"Without URLs, fetches those listed in DIR/{SOURCES_FILE}. "
        "A failed fetch names the URL, exits 2 and leaves the old copy as it was.",
    )
    parser.add_argument("urls", nargs="*", metavar="URL")
    parser.add_argument(
        "--into",
        type=Path,
        default=Path("upstream"),
        metavar="DIR",
        help="the pages folder (default: upstream/)",
    )
    add_fetch_options(parser)
    parser.set_defaults(run=run)


def sources_of(urls: Sequence[str], listing: Path) -> list[Source]:
    """The URLs given, else those of the sources file; never none."""
    if urls:
        found = [source(url, None, Problem("command line", 0, "")) for url in urls]
        origin = "command line"
    else:
        found = read_sources(listing)
        origin = str(listing)
        if not found:
            raise InputError([Problem(origin, 0, "expected page URLs, found none")])
    check_unique(found, origin)
    return found


def run(args: argparse.Namespace) -> int:
    sources = sources_of(args.urls, args.sources or args.into / SOURCES_FILE)
    outcomes = fetch_all(sources, args.into, args.timeout, args.max_bytes)
    for outcome in outcomes:
        target = args.into / outcome.source.filename
        if outcome.error:
            kept = "; kept the old copy" if target.exists() else ""
            print(f"scenario-codegen: fetch failed: {outcome.error}{kept}", file=sys.stderr)
        else:
            print(f"scenario-codegen: {target}: {outcome.status}", file=sys.stderr)
    return EXIT_BAD_INPUT if any(o.error for o in outcomes) else EXIT_OK
