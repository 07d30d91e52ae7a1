"""`check`: exit 1 when the files on disk are not exactly what `generate` would write."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.commands.common import EXIT_NO, EXIT_OK, add_build_options, upstream_of
from generator.inputs import builtin_templates, input_paths
from generator.output import incremental


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "check", help="exit 1 when schemas/ or generated/ differ from what generate would write"
    )
    add_build_options(parser)
    parser.add_argument("--quiet", action="store_true", help="name the files, without the diffs")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    pages = input_paths(upstream_of(args))
    inputs = incremental.fingerprint(pages, args.out, args.templates, builtin_templates())
    if incremental.up_to_date(args.out, inputs):
        files = len(incremental.recorded_files(args.out))
        print(f"scenario-codegen: {files} files up to date", file=sys.stderr)
        return EXIT_OK
    # Imported here so that the up-to-date path above stays cheap.
    from generator.output.write import differences
    from generator.pipeline import build

    result = build(pages, args.out, args.templates)
    found = differences(args.out, result)
    if not found:
        print(f"scenario-codegen: {len(result.files)} files up to date", file=sys.stderr)
        return EXIT_OK
    for difference in found:
        print(f"{difference.status}: {difference.path}")
        if difference.diff and not args.quiet:
            sys.stdout.write(difference.diff)
    print(
        f"scenario-codegen: {len(found)} file{'s' if len(found) != 1 else ''} out of date; "
        "run `scenario-codegen generate`",
        file=sys.stderr,
    )
    return EXIT_NO
