"""Options and output shared by the subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from generator.inputs import DEFAULT_MAX_PAGE_BYTES, input_paths, templates_folder
from generator.output.lock import DEFAULT_WAIT
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
        help="a model reference page, or a folder of *.md pages (its index.md and README.md "
        "aside); repeat it for several (default: upstream/)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the folder holding schemas/ and generated/ (default: the current folder)",
    )
    parser.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="a folder of templates, each replacing the built-in template of the same "
        "relative path, as docs/templates.md describes (default: the built-in ones only)",
    )
    parser.add_argument(
        "--max-page-bytes",
        type=_positive_int,
        default=DEFAULT_MAX_PAGE_BYTES,
        metavar="N",
        help=f"refuse a page larger than N bytes (default: {DEFAULT_MAX_PAGE_BYTES}, 5 MiB)",
    )


def add_wait_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--wait",
        type=_seconds,
        default=DEFAULT_WAIT,
        metavar="SECONDS",
        help=f"while another generate writes the same folder, wait this long for it to "
        f"finish, {what} (default: {DEFAULT_WAIT:g}; 0: exit 2 at once)",
    )


def upstream_of(args: argparse.Namespace) -> list[Path]:
    return list(args.upstream) if args.upstream else [Path("upstream")]


def pages_of(args: argparse.Namespace) -> list[Path]:
    """The pages to build from, and the templates folder checked: both before any work."""
    if args.templates is not None:
        templates_folder(args.templates)
    return input_paths(upstream_of(args), args.max_page_bytes)


def quiet_stdout() -> None:
    """After the reader of standard output went away (`| head`): point it at /dev/null,
    so that the flush at exit cannot fail again and print "Broken pipe"."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass


def report(problems: Iterable[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, found {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds, found {text!r}")
    return value
