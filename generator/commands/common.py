"""Options and output shared by the subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from generator.problems import Problem

EXIT_OK = 0
EXIT_NO = 1
"""The answer is no: invalid payload, stale output, breaking change."""
EXIT_BAD_INPUT = 2


def add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--upstream",
        type=Path,
        action="append",
        metavar="PATH",
        help="a page or a folder of *.md pages (repeatable; default: upstream/)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="writes DIR/schemas and DIR/generated",
    )
    parser.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="templates overriding the built-in ones, file by file",
    )


def upstream_of(args: argparse.Namespace) -> list[Path]:
    return list(args.upstream) if args.upstream else [Path("upstream")]


def report(problems: Iterable[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
