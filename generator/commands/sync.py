"""`sync`: fetch every listed page, diff, generate, append the changelog entry."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.commands.common import EXIT_BAD_INPUT, EXIT_NO, EXIT_OK, report
from generator.commands.fetch_options import add_fetch_options, limits_of
from generator.listing import SOURCES_FILE

if TYPE_CHECKING:
    from generator.pipeline import Build
    from generator.upstream.sync import Options, Plan

DESCRIPTION = f"""\
Brings everything up to date with Scenario's docs in one step: downloads every page listed in
the pages folder's {SOURCES_FILE} and reads the definition of every Model ID listed there
from the API, builds from them, compares the models with the current schemas/, and only when
every page was downloaded and parses and every definition was read, replaces the pages and
the <Model ID>.model.json files, writes schemas/ and generated/ and appends the changes to the
changelog (no entry when no model changed). A page that could not be downloaded or does not
parse, or a model that could not be read, changes nothing: exit 2. When every page and
definition is as it was (an unchanged page costs a 304), sync stops there.

Model IDs are read through scenario-sdk with its credentials: SCENARIO_SDK_API_KEY and
SCENARIO_SDK_API_SECRET, or SCENARIO_SDK_JWT (SCENARIO_BASE_URL for another API). A list of
pages alone needs none.

A page the site answers 404 or 410 for, or a model the API answers 404 for, is gone: its
models stay unless --prune is given; then its file, its line in {SOURCES_FILE} and its models
go, listed in the changelog as breaking removals.

Exit 0 when done; 1 with --fail-on-breaking when a change breaks callers (the update is
applied all the same, for review), or with --check when upstream changed; 2 when a page or a
model could not be had or the input is bad.
"""


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sync",
        help="fetch the pages, diff, generate and append the changelog entry",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--upstream",
        type=Path,
        default=Path("upstream"),
        metavar="DIR",
        help=f"the pages folder, with {SOURCES_FILE} (default: upstream)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="writes DIR/schemas and DIR/generated (default: the current folder)",
    )
    parser.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="templates overriding the built-in ones, file by file (default: none)",
    )
    parser.add_argument(
        "--changelog",
        type=Path,
        metavar="FILE",
        help="where to append the entry (default: CHANGELOG.md in the --out folder)",
    )
    parser.add_argument(
        "--project-id",
        metavar="ID",
        help="the project the listed Model IDs belong to, sent as projectId (default: none)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing: print the changelog entry sync would add, exit 1 when "
        "upstream changed (a page or a definition new, changed or gone), 0 when not",
    )
    parser.add_argument(
        "--prune",
        action="store_true",
        help="remove the pages the site says are gone (404, 410) and the definitions of the "
        "models the API says are gone (404), and their models",
    )
    parser.add_argument(
        "--fail-on-breaking",
        action="store_true",
        help="exit 1 when a change breaks callers, after applying it",
    )
    add_fetch_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.output import journal, lock
    from generator.upstream.sync import Options

    options = Options(
        upstream=args.upstream,
        listing=args.sources or args.upstream / SOURCES_FILE,
        out=args.out,
        templates=args.templates,
        limits=limits_of(args),
        prune=args.prune,
        project_id=args.project_id,
    )
    # The whole run holds the output folder's lock, as generate does: no other run sees
    # the pages or the output half-replaced, and none interleaves its writes.
    if args.check:
        with lock.reading(args.out):
            return _sync(args, options)
    with lock.exclusive(args.out):
        journal.recover(args.out)
        return _sync(args, options)


def _sync(args: argparse.Namespace, options: Options) -> int:
    from generator.upstream.diff_format import as_text
    from generator.upstream.sync import SyncFailed, apply, plan

    try:
        planned = plan(options)
    except SyncFailed as exc:
        for failure in exc.failures:
            print(f"scenario-codegen: fetch failed: {failure}", file=sys.stderr)
        print("scenario-codegen: sync changed nothing", file=sys.stderr)
        return EXIT_BAD_INPUT
    if planned.build is not None:
        report(planned.build.warnings)
    _report_gone(planned, args.prune, args.upstream)
    if args.check:
        return _check(planned)
    changelog = args.changelog or args.out / "CHANGELOG.md"
    applied = apply(options, planned, changelog)
    if planned.build is not None:
        _remember(args, planned.build)
    sys.stdout.write(as_text(planned.changes))
    written = applied.written
    files = (
        f"{len(written.written)} files written, {len(written.deleted)} deleted"
        if written
        else "nothing to build"
    )
    print(
        f"scenario-codegen: {_counts(planned, len(applied.statuses))}; {files}"
        + (f"; entry appended to {applied.changelog}" if applied.changelog else ""),
        file=sys.stderr,
    )
    if args.fail_on_breaking and any(change.breaking for change in planned.changes):
        return EXIT_NO
    return EXIT_OK


def _remember(args: argparse.Namespace, build: Build) -> None:
    """What generate records after a build, so that the next `check` or `generate` on the
    same inputs stops after hashing instead of building the catalog again."""
    from generator.inputs import builtin_templates, input_paths
    from generator.output import incremental

    pages = input_paths([args.upstream])
    inputs = incremental.fingerprint(
        pages, args.out, args.templates, builtin_templates(), written=build.files
    )
    warnings = [str(warning) for warning in build.warnings]
    incremental.remember(args.out, inputs, build.files, warnings, build.rendered)


def _report_gone(planned: Plan, prune: bool, upstream: Path) -> None:
    for page in planned.gone:
        kept = "removing it" if prune else "kept it and its models (--prune removes them)"
        print(f"scenario-codegen: page gone: {page.message}; {kept}", file=sys.stderr)
    for model in planned.models.gone:
        saved = (upstream / model.filename).exists()
        if prune:
            kept = f"removing {model.filename}" if saved else "removing its line"
        elif saved:
            kept = f"kept {model.filename} and its model (--prune removes them)"
        else:
            kept = f"no definition saved (--prune removes its line from {SOURCES_FILE})"
        print(f"scenario-codegen: model gone: {model.message}; {kept}", file=sys.stderr)


def _counts(planned: Plan, pages: int) -> str:
    """`1 of 2 pages changed, 1 of 3 model definitions changed, 1 gone`: each kind listed."""
    gone = len(planned.gone) + len(planned.models.gone)
    listed_pages = pages + len(planned.gone)
    models = len(planned.models.fetched) + len(planned.models.gone)
    parts = []
    if listed_pages or not models:
        parts.append(f"{len(planned.changed_pages)} of {listed_pages} pages changed")
    if models:
        changed = len(planned.changed_definitions)
        parts.append(f"{changed} of {models} model definitions changed")
    return ", ".join(parts) + (f", {gone} gone" if gone else "")


def _check(planned: Plan) -> int:
    if planned.entry is not None:
        sys.stdout.write(planned.entry)
    if not planned.upstream_changed:
        print("scenario-codegen: upstream unchanged", file=sys.stderr)
        return EXIT_OK
    names = sorted(
        {
            *planned.changed_pages,
            *planned.changed_definitions,
            *(g.source.filename for g in planned.gone),
            *(g.filename for g in planned.models.gone),
        }
    )
    pages = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    entry = "" if planned.entry else "; no model changed, so no changelog entry"
    print(f"scenario-codegen: upstream changed: {pages}{entry}", file=sys.stderr)
    return EXIT_NO
