"""`generate`: build everything in memory, then write only what changed, all or nothing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Collection
from typing import Any

from generator.commands.common import EXIT_OK, add_build_options, add_wait_option, pages_of
from generator.inputs import builtin_templates
from generator.output import incremental, journal, lock
from generator.output.paths import PACKAGE, extra_files


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "generate",
        help="read the pages and write the schemas, the Python package, the docs and the "
        "OpenAPI document",
        description="Read the model reference pages and write DIR/schemas/ (one JSON Schema "
        "per model) and DIR/generated/ (the scenario_models package, the docs, openapi.yaml). "
        "Only files whose bytes change are written, all or nothing: after a crash, the next "
        "generate finishes the interrupted one. Exit 0: written; 2: bad input (every problem "
        "named as file:line, nothing written).",
    )
    add_build_options(parser)
    add_wait_option(parser, "then exit 2")
    parser.add_argument(
        "--force",
        action="store_true",
        help="rebuild even when no input changed since the last build (default: skip the "
        "work when nothing changed)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    pages = pages_of(args)
    with lock.exclusive(args.out, args.wait):
        journal.recover(args.out)
        inputs = incremental.fingerprint(pages, args.out, args.templates, builtin_templates())
        if not args.force and incremental.up_to_date(args.out, inputs):
            for warning in incremental.recorded_warnings(args.out):
                print(warning, file=sys.stderr)
            recorded = incremental.recorded_files(args.out)
            _warn_about_extra_files(args, recorded)
            print(
                f"scenario-codegen: 0 written, 0 deleted, {len(recorded)} unchanged",
                file=sys.stderr,
            )
            return EXIT_OK
        # Imported here so that the up-to-date path above stays cheap.
        from generator.output.write import write
        from generator.pipeline import build

        result = build(pages, args.out, args.templates, args.max_page_bytes)
        for problem in result.warnings:
            print(problem, file=sys.stderr)
        report = write(args.out, result)
        incremental.remember(
            args.out, inputs, result.files, [str(w) for w in result.warnings], result.rendered
        )
    _warn_about_extra_files(args, result.files)
    print(
        f"scenario-codegen: {len(report.written)} written, {len(report.deleted)} deleted, "
        f"{report.unchanged} unchanged",
        file=sys.stderr,
    )
    return EXIT_OK


def _warn_about_extra_files(args: argparse.Namespace, written: Collection[str]) -> None:
    for relative in extra_files(args.out, written):
        print(
            f"{args.out / relative}:0: warning: generate did not write this file, yet it would ship with "
            f"the package; move it out of {PACKAGE}/ or delete it (`check` fails on it)",
            file=sys.stderr,
        )
