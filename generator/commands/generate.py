"""`generate`: build everything in memory, then write only what changed."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.commands.common import EXIT_OK, add_build_options, report, upstream_of
from generator.output import write
from generator.pipeline import build


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "generate", help="parse the pages and write schemas/ and generated/"
    )
    add_build_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    result = build(upstream_of(args), args.out, args.templates)
    report(result.warnings)
    written = write(args.out, result)
    print(
        f"scenario-codegen: {len(written.written)} written, {len(written.deleted)} deleted, "
        f"{written.unchanged} unchanged",
        file=sys.stderr,
    )
    return EXIT_OK
