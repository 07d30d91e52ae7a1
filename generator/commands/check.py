"""`check`: exit 1 when the files on disk are not exactly what `generate` would write."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.commands.common import (
    EXIT_NO,
    EXIT_OK,
    add_build_options,
    add_wait_option,
    pages_of,
    quiet_stdout,
)
from generator.inputs import builtin_templates
from generator.output import incremental, journal, lock
from generator.output.paths import JOURNAL, PACKAGE, extra_files
from generator.output.write import Difference


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "check",
        help="tell whether schemas/ and generated/ are exactly what generate would write "
        "(writes nothing)",
        description="Build in memory from the same inputs as generate and compare with the "
        "files on disk; nothing is written. Exit 0: up to date; 1: a file is changed, "
        "missing, stale, or extra in the generated package, or a generate was interrupted "
        "(each named, with a unified diff); 2: bad input.",
    )
    add_build_options(parser)
    add_wait_option(parser, "then exit 2 without comparing")
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="name the files that differ, without the diffs (default: with the diffs)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    pages = pages_of(args)
    with lock.reading(args.out, args.wait):
        if journal.pending(args.out):
            print(f"interrupted: {JOURNAL}")
            print(
                "scenario-codegen: a generate was interrupted before it finished writing; "
                "run `scenario-codegen generate` to finish it",
                file=sys.stderr,
            )
            return EXIT_NO
        inputs = incremental.fingerprint(pages, args.out, args.templates, builtin_templates())
        if incremental.up_to_date(args.out, inputs):
            recorded = incremental.recorded_files(args.out)
            return _verdict(args, [], extra_files(args.out, recorded), len(recorded))
        # Imported here so that the up-to-date path above stays cheap.
        from generator.output.write import differences
        from generator.pipeline import build

        result = build(pages, args.out, args.templates, args.max_page_bytes)
        found = differences(args.out, result)
    return _verdict(args, found, [], len(result.files))


def _verdict(
    args: argparse.Namespace, found: list[Difference], extra: list[str], files: int
) -> int:
    found = found + [Difference(relative, "extra") for relative in extra]
    if not found:
        print(f"scenario-codegen: {files} files up to date", file=sys.stderr)
        return EXIT_OK
    try:
        for difference in found:
            print(f"{difference.status}: {difference.path}")
            if difference.diff and not args.quiet:
                sys.stdout.write(difference.diff)
        sys.stdout.flush()
    except BrokenPipeError:  # `check | head`: the answer is still no
        quiet_stdout()
        return EXIT_NO
    stale = [d for d in found if d.status != "extra"]
    if stale:
        print(
            f"scenario-codegen: {len(stale)} file{'s' if len(stale) != 1 else ''} out of date; "
            "run `scenario-codegen generate`",
            file=sys.stderr,
        )
    if len(stale) < len(found):
        print(
            f"scenario-codegen: generate did not write the extra files in {PACKAGE}/, yet they "
            "would ship with the package; move them out or delete them",
            file=sys.stderr,
        )
    return EXIT_NO
