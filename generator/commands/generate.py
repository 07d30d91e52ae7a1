"""`generate`: build everything in memory, then write only what changed."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.commands.common import EXIT_OK, add_build_options, upstream_of
from generator.inputs import builtin_templates, input_paths
from generator.output import incremental


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "generate", help="parse the pages and write schemas/ and generated/"
    )
    add_build_options(parser)
    parser.add_argument(
        "--force",
        action="store_true",
        help="rebuild even when no input changed since the last build",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    pages = input_paths(upstream_of(args))
    inputs = incremental.fingerprint(pages, args.out, args.templates, builtin_templates())
    if not args.force and incremental.up_to_date(args.out, inputs):
        for warning in incremental.recorded_warnings(args.out):
            print(warning, file=sys.stderr)
        unchanged = len(incremental.recorded_files(args.out))
        print(f"scenario-codegen: 0 written, 0 deleted, {unchanged} unchanged", file=sys.stderr)
        return EXIT_OK
    # Imported here so that the up-to-date path above stays cheap.
    from generator.output.write import write
    from generator.pipeline import build

    result = build(pages, args.out, args.templates)
    for problem in result.warnings:
        print(problem, file=sys.stderr)
    report = write(args.out, result)
    incremental.remember(
        args.out, inputs, result.files, [str(w) for w in result.warnings], result.rendered
    )
    print(
        f"scenario-codegen: {len(report.written)} written, {len(report.deleted)} deleted, "
        f"{report.unchanged} unchanged",
        file=sys.stderr,
    )
    return EXIT_OK
