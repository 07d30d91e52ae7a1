"""`sync`: "the docs changed", in two steps: plan in memory, then apply.

Planning downloads every listed page into memory, builds from the pages as they would be in a
staging folder, and diffs the current `schemas/` against the result. Only a plan whose every
page was had (or is gone) is applied: the pages replaced, the output written, the changelog
entry appended. A failed download or a page that does not parse leaves the project exactly as
it was; `sync --check` stops after planning.

A page answering 404 or 410 is gone. Its copy and its models stay unless `prune` is asked
for; then the page, its line in the sources list and its models go, and the changelog says so
(a model that is also on another page stays: a provider renamed, its page moved).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.emit.view import model_id_of
from generator.inputs import definition_paths
from generator.output.write import WriteReport, write
from generator.pipeline import Build, build, user_schemas
from generator.problems import InputError, Problem
from generator.upstream.cache import forget, load_cache, save_cache
from generator.upstream.changes import Change
from generator.upstream.diff import diff
from generator.upstream.diff_format import as_markdown, code_span
from generator.upstream.fetch import Fetched, check_parses, download, store
from generator.upstream.http_get import FetchError, Gone, Limits
from generator.upstream.snapshot import Snapshot, load, snapshot_of_files
from generator.upstream.sources import SOURCES_FILE, Source, remove_sources, sources_of
from generator.upstream.storage import atomic_write

CHANGELOG_TITLE = "# Changelog\n"


@dataclass(frozen=True)
class Options:
    upstream: Path
    """The pages folder."""
    listing: Path
    """The sources list (`<upstream>/sources.txt` unless given)."""
    out: Path
    templates: Path | None
    limits: Limits
    prune: bool = False


class SyncFailed(Exception):
    """Some page could not be had: nothing was changed."""

    def __init__(self, failures: Sequence[str]) -> None:
        self.failures = list(failures)
        super().__init__("; ".join(self.failures))


@dataclass(frozen=True)
class GonePage:
    source: Source
    message: str


@dataclass(frozen=True)
class Plan:
    fetched: list[Fetched]
    gone: list[GonePage]
    pruned: bool
    changed_pages: list[str]
    """File names of the pages that would be new, updated or (pruned) removed."""
    build: Build | None
    """None when no page changed: nothing to build."""
    changes: list[Change]
    entry: str | None
    """The changelog entry to append; None when no model changed."""

    @property
    def upstream_changed(self) -> bool:
        return bool(self.changed_pages or self.gone)


def plan(options: Options) -> Plan:
    sources = sources_of([], options.listing)
    cache = load_cache(options.upstream)
    fetched: list[Fetched] = []
    gone: list[GonePage] = []
    failures: list[str] = []
    for item in sources:
        try:
            page = download(item, options.upstream, cache, options.limits)
            check_parses(page)
            fetched.append(page)
        except Gone as exc:
            gone.append(GonePage(item, str(exc)))
        except FetchError as exc:
            failures.append(str(exc))
    if failures:
        raise SyncFailed(failures)
    removed = {page.source.filename for page in gone} if options.prune else set()
    changed = [f.source.filename for f in fetched if _differs(options.upstream, f)]
    changed += sorted(removed)
    if not changed:
        # Every page as it was (most often all 304s): the build would be the current one.
        return Plan(fetched, gone, options.prune, [], None, [], None)
    result = _staged_build(options, fetched, removed)
    new = snapshot_of_files(result.files)
    new_schemas = dict(new.schemas)
    for schema in user_schemas(options.out, set(result.files)):
        new_schemas.setdefault(model_id_of(schema), schema)
    old = _current(options.out)
    changes = diff(old.schemas, new_schemas, old.pages, new.pages)
    notes = [_gone_note(page) for page in gone] if options.prune else []
    entry = as_markdown(changes, new.last_updated, notes) if changes else None
    return Plan(fetched, gone, options.prune, changed, result, changes, entry)


def _differs(upstream: Path, fetched: Fetched) -> bool:
    if fetched.body is None:
        return False
    try:
        return (upstream / fetched.source.filename).read_bytes() != fetched.body
    except OSError:
        return True


def _gone_note(page: GonePage) -> str:
    why = page.message.removeprefix(f"{page.source.url}: ")
    return f"Page gone upstream, its models removed: {code_span(page.source.url)} ({why})"


def _staged_build(options: Options, fetched: Sequence[Fetched], removed: set[str]) -> Build:
    """Build from the pages as they will be, without touching the pages folder yet.

    The staging folder gets a copy of the sources list, so the index records each page's
    URL as `generate` will. Problems in a downloaded page name its URL."""
    upstream = options.upstream
    downloaded = {f.source.filename: f.body for f in fetched if f.body is not None}
    names = sorted(({p.name for p in upstream.glob("*.md")} | set(downloaded)) - removed)
    with tempfile.TemporaryDirectory(prefix="scenario-codegen-sync-") as folder:
        staging = Path(folder)
        if (upstream / SOURCES_FILE).is_file():
            shutil.copyfile(upstream / SOURCES_FILE, staging / SOURCES_FILE)
        pages = []
        for name in names:
            body = downloaded.get(name)
            if body is None:
                pages.append(upstream / name)
                continue
            (staging / name).write_bytes(body)
            pages.append(staging / name)
        urls = {str(staging / f.source.filename): f.source.url for f in fetched}
        # The model definitions read from the API are inputs too: without them, a sync
        # would drop their models.
        pages += definition_paths([upstream])
        try:
            result = build(pages, options.out, options.templates)
        except InputError as exc:
            raise InputError(_blame(exc.problems, urls)) from None
        return Build(result.files, _blame(result.warnings, urls), result.rendered)


def _blame(problems: Sequence[Problem], urls: dict[str, str]) -> list[Problem]:
    return [Problem(urls.get(p.file, p.file), p.line, p.message, p.severity) for p in problems]


def _current(out: Path) -> Snapshot:
    folder = out / "schemas"
    if not any(folder.glob("*.schema.json")):
        return Snapshot({})
    return load(folder)


# Applying ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    statuses: list[str]
    written: WriteReport | None
    """None when nothing was built."""
    changelog: Path | None
    """Where the entry went; None when there was none."""


def apply(options: Options, planned: Plan, changelog: Path) -> Applied:
    """Replace the pages, prune the gone ones, write the output, append the entry."""
    upstream = options.upstream
    cache = load_cache(upstream)
    statuses = [store(upstream, item, cache) for item in planned.fetched]
    if planned.pruned and planned.gone:
        for page in planned.gone:
            forget(cache, page.source)
            (upstream / page.source.filename).unlink(missing_ok=True)
        remove_sources(options.listing, [page.source.url for page in planned.gone])
    save_cache(upstream, cache)
    written = write(options.out, planned.build) if planned.build else None
    if planned.entry is None:
        return Applied(statuses, written, None)
    append_entry(changelog, planned.entry)
    return Applied(statuses, written, changelog)


def append_entry(changelog: Path, entry: str) -> None:
    """Append `entry`, one blank line after what is there; create the file with a title."""
    try:
        current = changelog.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = CHANGELOG_TITLE
    text = current.rstrip("\n") + "\n\n" + entry
    atomic_write(changelog, text.encode("utf-8"))
