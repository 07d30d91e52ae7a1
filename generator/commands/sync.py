"""`sync`: the one command for "the docs changed".

Fetch every listed page into memory, build from them in a staging folder, diff the
current `schemas/` against the result, then (only when everything succeeded) replace
the pages, write the output and append the changelog entry. A failed download or a page
that does not parse leaves the project exactly as it was.

`--fail-on-breaking` applies the update all the same and then exits 1, as `diff` does:
the working tree holds the change for review, and CI sees the answer.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.commands.common import EXIT_BAD_INPUT, EXIT_NO, EXIT_OK, report
from generator.commands.fetch import add_fetch_options, sources_of
from generator.emit.view import model_id_of
from generator.output.write import write
from generator.pipeline import Build, build, user_schemas
from generator.problems import InputError, Problem
from generator.upstream.diff import Snapshot, diff, load, snapshot_of_files
from generator.upstream.diff_format import as_markdown, as_text
from generator.upstream.fetch import (
    SOURCES_FILE,
    Fetched,
    FetchError,
    atomic_write,
    download,
    load_cache,
    save_cache,
    store,
)

CHANGELOG_TITLE = "# Changelog\n"


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sync",
        help="fetch the pages, diff, generate and append the changelog entry",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--upstream",
        type=Path,
        default=Path("upstream"),
        metavar="DIR",
        help="the pages folder, with sources.txt (default: upstream/)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="writes DIR/schemas and DIR/generated (default: .)",
    )
    parser.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="templates overriding the built-in ones, file by file",
    )
    parser.add_argument(
        "--changelog",
        type=Path,
        metavar="FILE",
        help="where to append the entry (default: DIR/CHANGELOG.md of --out)",
    )
    parser.add_argument(
        "--fail-on-breaking",
        action="store_true",
        help="exit 1 when any change is breaking (after applying it)",
    )
    add_fetch_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    upstream: Path = args.upstream
    sources = sources_of([], args.sources or upstream / SOURCES_FILE)
    cache = load_cache(upstream)
    fetched, failures = [], []
    for item in sources:
        try:
            fetched.append(download(item, upstream, cache, args.timeout, args.max_bytes))
        except FetchError as exc:
            failures.append(str(exc))
    if failures:
        for failure in failures:
            print(f"scenario-codegen: fetch failed: {failure}", file=sys.stderr)
        print("scenario-codegen: sync changed nothing", file=sys.stderr)
        return EXIT_BAD_INPUT

    result = _staged_build(upstream, fetched, args.out, args.templates)
    report(result.warnings)
    new = snapshot_of_files(result.files)
    new_schemas = dict(new.schemas)
    for schema in user_schemas(args.out, set(result.files)):
        new_schemas.setdefault(model_id_of(schema), schema)
    changes = diff(_current_schemas(args.out).schemas, new_schemas)

    statuses = [store(upstream, item, cache) for item in fetched]
    save_cache(upstream, cache)
    written = write(args.out, result)
    changelog = args.changelog or args.out / "CHANGELOG.md"
    if changes:
        append_entry(changelog, as_markdown(changes, new.last_updated))
    sys.stdout.write(as_text(changes))
    updated = sum(1 for status in statuses if status != "unchanged")
    print(
        f"scenario-codegen: {updated} of {len(statuses)} pages changed; "
        f"{len(written.written)} files written, {len(written.deleted)} deleted"
        + (f"; entry appended to {changelog}" if changes else ""),
        file=sys.stderr,
    )
    if args.fail_on_breaking and any(change.breaking for change in changes):
        return EXIT_NO
    return EXIT_OK


def _staged_build(
    upstream: Path, fetched: Sequence[Fetched], out: Path, templates: Path | None
) -> Build:
    """Build from the pages as they will be, without touching upstream/ yet.

    Problems in a downloaded page name its URL (the staging copy is gone by then)."""
    downloaded = {f.source.filename: f for f in fetched if f.body is not None}
    names = sorted({p.name for p in upstream.glob("*.md")} | set(downloaded))
    with tempfile.TemporaryDirectory(prefix="scenario-codegen-sync-") as staging:
        pages = []
        for name in names:
            if name in downloaded:
                body = downloaded[name].body
                assert body is not None
                (Path(staging) / name).write_bytes(body)
                pages.append(Path(staging) / name)
            else:
                pages.append(upstream / name)
        urls = {str(Path(staging) / n): f.source.url for n, f in downloaded.items()}
        try:
            result = build(pages, out, templates)
        except InputError as exc:
            raise InputError(_blame(exc.problems, urls)) from None
        return Build(result.files, _blame(result.warnings, urls))


def _blame(problems: Sequence[Problem], urls: dict[str, str]) -> list[Problem]:
    return [Problem(urls.get(p.file, p.file), p.line, p.message, p.severity) for p in problems]


def _current_schemas(out: Path) -> Snapshot:
    folder = out / "schemas"
    if not any(folder.glob("*.schema.json")):
        return Snapshot({})
    return load(folder)


def append_entry(changelog: Path, entry: str) -> None:
    """Append `entry`, one blank line after what is there; create the file with a title."""
    try:
        current = changelog.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = CHANGELOG_TITLE
    text = current.rstrip("\n") + "\n\n" + entry
    atomic_write(changelog, text.encode("utf-8"))
