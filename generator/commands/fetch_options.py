"""The options `fetch` and `sync` share: where the page list is, and the limits of a download."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from generator.listing import SOURCES_FILE
from generator.upstream.http_get import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, Limits


def add_fetch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sources",
        type=Path,
        metavar="FILE",
        help=f"the list of page URLs, one a line (default: {SOURCES_FILE} in the pages folder)",
    )
    parser.add_argument(
        "--timeout",
        type=_positive(float),
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="the longest one page may take, from connecting to its last byte, "
        f"redirects included (default: {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--max-bytes",
        type=_positive(int),
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse a page larger than this (default: {DEFAULT_MAX_BYTES}, 5 MiB)",
    )


def _positive(kind: type[float] | type[int]) -> Any:
    def parse(text: str) -> float | int:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, found {text!r}") from None
        if not (math.isfinite(value) and value > 0):
            raise argparse.ArgumentTypeError(f"expected a finite number above 0, found {text!r}")
        return value

    return parse


def limits_of(args: argparse.Namespace) -> Limits:
    return Limits(args.timeout, args.max_bytes)
