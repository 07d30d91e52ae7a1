"""`diff OLD NEW`: what changed between two versions of the models; does it break?"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.commands.common import EXIT_NO, EXIT_OK
from generator.problems import InputError, Problem
from generator.upstream.diff import Snapshot, diff, load
from generator.upstream.diff_format import as_json, as_markdown, as_text


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "diff",
        help="classify the changes between two versions of the models",
        description="OLD and NEW are each a page, a folder of pages (*.md) or a "
        "folder of schemas (*.schema.json). Schemas are compared, never markdown.",
    )
    parser.add_argument("old", type=Path, metavar="OLD")
    parser.add_argument("new", type=Path, metavar="NEW")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    parser.add_argument(
        "--fail-on-breaking",
        action="store_true",
        help="exit 1 when any change is breaking",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    old, new = _load_both(args.old, args.new)
    changes = diff(old.schemas, new.schemas)
    if args.format == "json":
        sys.stdout.write(as_json(changes))
    elif args.format == "markdown":
        sys.stdout.write(as_markdown(changes, new.last_updated))
    else:
        sys.stdout.write(as_text(changes))
    if args.fail_on_breaking and any(change.breaking for change in changes):
        return EXIT_NO
    return EXIT_OK


def _load_both(old: Path, new: Path) -> tuple[Snapshot, Snapshot]:
    """Both sides, reporting the problems of both at once."""
    problems: list[Problem] = []
    loaded = []
    for path in (old, new):
        try:
            loaded.append(load(path))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return loaded[0], loaded[1]
