"""`diff OLD NEW`: what changed between two versions of the models; does it break callers?"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.commands.common import EXIT_NO, EXIT_OK

DESCRIPTION = """\
Compares the models of two versions and classifies each change as it affects a request:
breaking (a call that worked may now be refused or mean something else), minor (new
possibilities), patch (documentation only). Only the models are compared, never the
markdown: a page's date or the order of its parameters is no change. Model definitions read
from the API (*.model.json, beside the pages or alone) are built as generate builds them, so
their rules, length caps and file kinds are compared too.
"""


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "diff",
        help="list the changes between two versions of the models and whether they break callers",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    side = (
        "a page, a model definition read from the API (*.model.json), a folder of pages and "
        "definitions (as generate reads them), or a folder of schemas (*.schema.json)"
    )
    parser.add_argument("old", type=Path, metavar="OLD", help=f"the earlier version: {side}")
    parser.add_argument("new", type=Path, metavar="NEW", help=f"the later version: {side}")
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="text: one line per change; json: {semver, changes}; markdown: a changelog "
        "entry (default: text)",
    )
    parser.add_argument(
        "--fail-on-breaking",
        action="store_true",
        help="exit 1 when any change breaks callers (default: exit 0 whatever changed)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.upstream.diff import diff
    from generator.upstream.diff_format import as_json, as_markdown, as_text, docs_title
    from generator.upstream.snapshot import load_both

    old, new = load_both(args.old, args.new)
    changes = diff(old.schemas, new.schemas, old.pages, new.pages)
    if args.format == "json":
        sys.stdout.write(as_json(changes))
    elif args.format == "markdown":
        sys.stdout.write(as_markdown(changes, docs_title(new.last_updated)))
    else:
        sys.stdout.write(as_text(changes))
    if args.fail_on_breaking and any(change.breaking for change in changes):
        return EXIT_NO
    return EXIT_OK
