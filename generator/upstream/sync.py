"""`sync`: "the docs changed", in two steps: plan in memory, then apply.

Planning downloads every listed page, and reads every listed Model ID's definition through
the API (model_ids.py), into memory; builds from the pages and definitions as they would be,
in a staging folder; and diffs the current `schemas/` against the result. Only a plan whose
every page and definition was had (or is gone) is applied: the pages and definitions
replaced, the output written, the changelog entry appended. A failed download, a page that
does not parse or a definition that cannot make a schema leaves the project exactly as it
was; `sync --check` stops after planning.

A page answering 404 or 410, or a model the API answers 404 for, is gone. Its copy and its
models stay unless `prune` is asked for; then the file, its line in the sources list and its
models go, and the changelog says so (a model that is also on another page, or has a
definition besides its page, stays: a provider renamed, its page moved).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.api.definition import SUFFIX
from generator.emit.view import model_id_of
from generator.inputs import definition_paths, page_paths
from generator.listing import SOURCES_FILE, Source
from generator.output.write import WriteReport, write
from generator.pipeline import Build, build, user_schemas
from generator.problems import InputError, Problem
from generator.upstream import fetch_definitions
from generator.upstream.cache import forget, load_cache, save_cache
from generator.upstream.changes import Change
from generator.upstream.diff import diff
from generator.upstream.diff_format import as_markdown, code_span, docs_title
from generator.upstream.fetch import Fetched, check_parses, download, store
from generator.upstream.http_get import FetchError, Gone, Limits
from generator.upstream.model_ids import GoneModel, ModelsRead, differs, open_api, read_listed
from generator.upstream.snapshot import Snapshot, load, snapshot_of_files
from generator.upstream.sources import listing_of, remove_sources
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
    project_id: str | None = None
    """Sent as projectId when reading the listed Model IDs (a team's own models)."""


class SyncFailed(Exception):
    """Some page or model could not be had: nothing was changed."""

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
    """None when no page or definition changed: nothing to build."""
    changes: list[Change]
    entry: str | None
    """The changelog entry to append; None when no model changed."""
    models: ModelsRead = field(default_factory=ModelsRead)
    """The definitions of the listed Model IDs, as read (the unchanged ones too)."""
    changed_definitions: list[str] = field(default_factory=list)
    """File names of the definitions that would be new, updated or (pruned) removed."""

    @property
    def upstream_changed(self) -> bool:
        return bool(self.changed_pages or self.gone or self.changed_definitions or self.models.gone)


def plan(options: Options) -> Plan:
    listing = listing_of(options.listing)
    with contextlib.ExitStack() as stack:
        client = open_api(options.listing, listing.models, options.limits.timeout)
        if client is not None:
            stack.enter_context(client)
        fetched, gone, failures = _download(listing.pages, options)
        models = (
            read_listed(client, listing.models, options.upstream, options.project_id)
            if client
            else ModelsRead()
        )
    failures += models.failures
    if failures:
        raise SyncFailed(failures)
    removed = _pruned(options, gone, models.gone)
    changed = [f.source.filename for f in fetched if _differs(options.upstream, f)]
    changed += sorted(name for name in removed if not name.endswith(SUFFIX))
    definitions = [f.filename for f in models.fetched if differs(options.upstream, f)]
    definitions += sorted(name for name in removed if name.endswith(SUFFIX))
    if not changed and not definitions:
        # Everything as it was (most often all 304s): the build would be the current one.
        return Plan(fetched, gone, options.prune, [], None, [], None, models)
    result = _staged_build(options, fetched, models.fetched, removed)
    new = snapshot_of_files(result.files)
    new_schemas = dict(new.schemas)
    for schema in user_schemas(options.out, set(result.files)):
        new_schemas.setdefault(model_id_of(schema), schema)
    old = _current(options.out)
    changes = diff(old.schemas, new_schemas, old.pages, new.pages)
    notes = _gone_notes(gone, models.gone) if options.prune else []
    title = _entry_title(bool(changed), bool(definitions), new.last_updated)
    entry = as_markdown(changes, title, notes) if changes else None
    return Plan(fetched, gone, options.prune, changed, result, changes, entry, models, definitions)


def _entry_title(pages: bool, definitions: bool, date: str | None) -> str:
    """The pages' date says nothing of a change read from the API alone."""
    if not pages:
        return "Scenario API model definitions"
    title = docs_title(date)
    return f"{title} and API model definitions" if definitions else title


def _download(
    sources: Sequence[Source], options: Options
) -> tuple[list[Fetched], list[GonePage], list[str]]:
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
    return fetched, gone, failures


def _pruned(options: Options, pages: Sequence[GonePage], models: Sequence[GoneModel]) -> set[str]:
    """The file names that go with `--prune`: the gone pages, the gone models' definitions
    (those saved)."""
    if not options.prune:
        return set()
    definitions = {m.filename for m in models if (options.upstream / m.filename).exists()}
    return {page.source.filename for page in pages} | definitions


def _differs(upstream: Path, fetched: Fetched) -> bool:
    if fetched.body is None:
        return False
    try:
        return (upstream / fetched.source.filename).read_bytes() != fetched.body
    except OSError:
        return True


def _gone_notes(pages: Sequence[GonePage], models: Sequence[GoneModel]) -> list[str]:
    notes = []
    for page in pages:
        why = page.message.removeprefix(f"{page.source.url}: ")
        notes.append(
            f"Page gone upstream, its models removed: {code_span(page.source.url)} ({why})"
        )
    for model in models:
        notes.append(
            f"Model gone from the API, its definition removed: {code_span(model.model_id)} "
            f"(HTTP {model.status})"
        )
    return notes


def _staged_build(
    options: Options,
    fetched: Sequence[Fetched],
    definitions: Sequence[fetch_definitions.Fetched],
    removed: set[str],
) -> Build:
    """Build from the pages and definitions as they will be, without touching the pages
    folder yet.

    The staging folder gets a copy of the sources list, so the index records each page's
    URL as `generate` will. Problems in a downloaded page name its URL; those of a
    definition read from the API, the file it will be saved as."""
    upstream = options.upstream
    staged = {f.source.filename: f.body for f in fetched if f.body is not None}
    staged.update({d.filename: d.data for d in definitions})
    # The definitions saved beside the pages are inputs too, listed or not: without them, a
    # sync would drop their models.
    on_disk = page_paths([upstream]) + definition_paths([upstream])
    names = sorted(({p.name for p in on_disk} | set(staged)) - removed)
    with tempfile.TemporaryDirectory(prefix="scenario-codegen-sync-") as folder:
        staging = Path(folder)
        if (upstream / SOURCES_FILE).is_file():
            shutil.copyfile(upstream / SOURCES_FILE, staging / SOURCES_FILE)
        inputs = []
        for name in names:
            body = staged.get(name)
            if body is None:
                inputs.append(upstream / name)
                continue
            (staging / name).write_bytes(body)
            inputs.append(staging / name)
        blamed = {str(staging / f.source.filename): f.source.url for f in fetched}
        blamed.update({str(staging / d.filename): str(upstream / d.filename) for d in definitions})
        try:
            result = build(inputs, options.out, options.templates)
        except InputError as exc:
            raise InputError(_blame(exc.problems, blamed)) from None
        return Build(result.files, _blame(result.warnings, blamed), result.rendered)


def _blame(problems: Sequence[Problem], staged: dict[str, str]) -> list[Problem]:
    """Each staged file named as the user knows it (a page by its URL, a definition by the
    file it will be), in a problem's file and in its message (a merge warning names the
    definition beside the page)."""
    blamed = []
    for problem in problems:
        message = problem.message
        for path, name in staged.items():
            message = message.replace(path, name)
        file = staged.get(problem.file, problem.file)
        blamed.append(Problem(file, problem.line, message, problem.severity))
    return blamed


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
    """Replace the pages and definitions, prune the gone ones, write the output, append the
    entry."""
    upstream = options.upstream
    cache = load_cache(upstream)
    statuses = [store(upstream, item, cache) for item in planned.fetched]
    fetch_definitions.save(upstream, planned.models.fetched)
    if planned.pruned and (planned.gone or planned.models.gone):
        for page in planned.gone:
            forget(cache, page.source)
            (upstream / page.source.filename).unlink(missing_ok=True)
        for model in planned.models.gone:
            (upstream / model.filename).unlink(missing_ok=True)
        listed = [page.source.url for page in planned.gone]
        remove_sources(options.listing, listed + [m.model_id for m in planned.models.gone])
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
