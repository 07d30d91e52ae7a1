"""`fetch [URL ...]` and `fetch --discover`: download upstream pages; find them on the site."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.commands.common import EXIT_BAD_INPUT, EXIT_NO, EXIT_OK
from generator.commands.fetch_options import add_fetch_options, limits_of
from generator.listing import SOURCES_FILE
from generator.problems import InputError, Problem
from generator.upstream.site import DEFAULT_DOCS_URL, DOCS_URL_VARIABLE, KINDS

if TYPE_CHECKING:
    from generator.upstream.discover import Listed

DESCRIPTION = f"""\
Downloads Scenario's model reference pages into the pages folder: the URLs given, else every
page listed in DIR/{SOURCES_FILE}. A page replaces the copy on disk only when it came whole,
as Markdown or plain text in UTF-8, and reads as a model reference page; otherwise fetch names
the URL and the reason on one line, keeps the old copy and exits 2. Requests are conditional
(ETag / Last-Modified kept in DIR/.fetch-cache.json), so an unchanged page costs a 304.

With --discover, reads the docs site's navigation instead and lists every model reference
page it links (provider, kind, whether {SOURCES_FILE} has it, URL), exit 1 when none
matches --kind and --provider; --add appends those listed that {SOURCES_FILE} lacks.

The site is {DEFAULT_DOCS_URL}; the environment variable {DOCS_URL_VARIABLE} (a base URL)
sends discovery, and every page URL on that host, to a mirror of it instead.
"""


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "fetch",
        help="download the upstream pages, or list those the docs site has (--discover)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "urls",
        nargs="*",
        metavar="URL",
        help=f"a page's URL (http or https); without any, those of {SOURCES_FILE}",
    )
    parser.add_argument(
        "--into",
        type=Path,
        default=Path("upstream"),
        metavar="DIR",
        help="the pages folder (default: upstream)",
    )
    add_fetch_options(parser)
    discovery = parser.add_argument_group("discovery")
    discovery.add_argument(
        "--discover",
        action="store_true",
        help="list the model reference pages the docs site links instead of downloading",
    )
    discovery.add_argument(
        "--kind",
        metavar="KIND",
        help="only pages of this kind, as the pages name it ('3d generation') or as its "
        f"slug ('3d-model-generation'); one of: {', '.join(KINDS.values())} (default: all)",
    )
    discovery.add_argument(
        "--provider",
        metavar="NAME",
        help="only pages of this provider, by name ('Kuaishou Technology') or slug "
        "(default: all)",
    )
    discovery.add_argument(
        "--add",
        action="store_true",
        help=f"append the pages listed that {SOURCES_FILE} lacks to it",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.discover:
        return _discover(args)
    for option in ("kind", "provider", "add"):
        if getattr(args, option):
            raise _usage(f"--{option} goes with --discover")
    from generator.upstream.fetch import fetch_all
    from generator.upstream.sources import sources_of

    sources = sources_of(args.urls, args.sources or args.into / SOURCES_FILE)
    outcomes = fetch_all(sources, args.into, limits_of(args))
    for outcome in outcomes:
        target = args.into / outcome.source.filename
        if outcome.error:
            kept = "; kept the old copy" if target.exists() else ""
            verb = "page gone" if outcome.status == "gone" else "fetch failed"
            print(f"scenario-codegen: {verb}: {outcome.error}{kept}", file=sys.stderr)
        else:
            print(f"scenario-codegen: {target}: {outcome.status}", file=sys.stderr)
    return EXIT_BAD_INPUT if any(o.error for o in outcomes) else EXIT_OK


def _usage(message: str) -> InputError:
    return InputError([Problem("command line", 0, message)])


def _discover(args: argparse.Namespace) -> int:
    from generator.upstream.discover import discovery
    from generator.upstream.http_get import FetchError

    if args.urls:
        raise _usage("--discover takes no URL")
    listing = args.sources or args.into / SOURCES_FILE
    try:
        found = discovery(listing, limits_of(args), args.kind, args.provider, args.add)
    except FetchError as exc:
        print(f"scenario-codegen: discovery failed: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not found.pages:
        print("scenario-codegen: no model reference page matches", file=sys.stderr)
        return EXIT_NO
    _print_table(found.pages)
    missing = sum(1 for page in found.pages if not page.in_sources)
    verb = "added to" if args.add else "not in"
    print(
        f"scenario-codegen: {len(found.pages)} pages, {missing} {verb} {listing}",
        file=sys.stderr,
    )
    return EXIT_OK


def _print_table(pages: Sequence[Listed]) -> None:
    rows = [("PROVIDER", "KIND", "LISTED", "URL")] + [
        (p.provider, p.kind, "yes" if p.in_sources else "no", p.url) for p in pages
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[3]]))
