"""The one direction of flow: pages -> parsed models -> schemas -> views -> rendered files.

A build happens in memory and refuses, before anything is written, what would destroy or
corrupt output: a model whose files would replace another file, a page's model that would
overwrite a hand-written schema, a template that fails, Python that does not compile, a
raw control character in any file.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from generator.api.read import read_definitions
from generator.api.sources import with_definitions
from generator.emit import emitters
from generator.emit.client import CLIENT_MEMBERS
from generator.emit.formatter import digest, format_python, is_python
from generator.emit.view import ModelView, load_schema_file, model_id_of, model_views
from generator.inputs import DEFAULT_MAX_PAGE_BYTES, definition_paths, page_paths
from generator.listing import page_urls
from generator.output import incremental
from generator.output.paths import MANIFEST, previous_manifest
from generator.output.refusals import Source, refuse_collisions, refuse_control_characters
from generator.output.write import Build
from generator.pages.model import Page
from generator.pages.parse import SAFE_MODEL_ID, parse_pages
from generator.problems import InputError, Problem, errors
from generator.render import Renderer
from generator.schemas.build import Schema, model_schema, schema_files

__all__ = ["MANIFEST", "Build", "build", "previous_manifest", "user_schemas"]


def user_schemas(
    out: Path, generated: Collection[str], sources: dict[str, Source] | None = None
) -> list[Schema]:
    """Hand-written schemas dropped into `schemas/`: any `*.schema.json` generate did not
    write. One whose Model ID is taken already (by a page, or another schema) is an error."""
    sources = {} if sources is None else sources
    owned = set(previous_manifest(out)) | set(generated)
    found, problems = [], []
    for path in sorted((out / "schemas").glob("*.schema.json")):
        if f"schemas/{path.name}" in owned:
            continue
        schema = load_schema_file(path)
        model_id = model_id_of(schema)
        if not SAFE_MODEL_ID.fullmatch(model_id) or ".." in model_id:
            problems.append(Problem(str(path), 1, f"expected a safe Model ID, found {model_id!r}"))
        elif model_id in sources:
            file, line = sources[model_id]
            message = f"expected a Model ID of its own, found {model_id!r}, also at {file}:{line}"
            problems.append(Problem(str(path), 1, message))
        else:
            sources[model_id] = (str(path), 1)
            found.append(schema)
    if problems:
        raise InputError(problems)
    return found


def _refuse_overwrites(out: Path, files: Mapping[str, str], sources: Mapping[str, Source]) -> None:
    """A page's model must not overwrite a schema generate did not write (hand-written)."""
    previous = set(previous_manifest(out))
    problems = []
    for path in sorted((out / "schemas").glob("*.schema.json")):
        relative = f"schemas/{path.name}"
        theirs = relative in files and relative not in previous
        if theirs and path.read_bytes() != files[relative].encode("utf-8"):
            model_id = path.name.removesuffix(".schema.json")
            file, line = sources.get(model_id, (relative, 0))
            message = (
                f"expected a Model ID no hand-written schema has, found {model_id!r}: it "
                f"would overwrite {relative}, which generate did not write; rename or "
                "move that file"
            )
            problems.append(Problem(file, line, message))
    if problems:
        raise InputError(problems)


def build(
    upstream: Sequence[Path],
    out: Path,
    templates: Path | None = None,
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES,
) -> Build:
    """Every file of the build from these inputs, in memory; InputError before any file
    when something would be lost or broken."""
    with _rarer_collections():
        return _build(upstream, out, templates, max_page_bytes)


@contextmanager
def _rarer_collections() -> Iterator[None]:
    """A build keeps millions of container objects alive until its end (tokens, schemas,
    views), so the collector's passes find little garbage and grow with the build: at
    CPython's default (a pass per 700 allocations) they took 15% of the CPU time of ten
    times the catalog. Cycles are still collected, a hundred times less often."""
    before = gc.get_threshold()
    gc.set_threshold(70_000, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _build(
    upstream: Sequence[Path], out: Path, templates: Path | None, max_page_bytes: int
) -> Build:
    paths = page_paths(upstream, max_page_bytes)
    pages, problems = parse_pages(paths, max_bytes=max_page_bytes)
    definitions, more = read_definitions(definition_paths(upstream))
    warnings = sorted(problems + more)
    if errors(warnings):
        raise InputError(warnings)
    sources = _page_sources(pages)
    for definition in definitions:
        sources.setdefault(definition.model_id, (definition.source, definition.line))
    schemas = [model_schema(model) for page in pages for model in page.models]
    api = with_definitions(pages, schemas, definitions)
    schemas, warnings = api.schemas, sorted(warnings + api.warnings)
    files = schema_files(pages, schemas, api.sources, page_urls(paths))
    _refuse_overwrites(out, files, sources)
    extra = user_schemas(out, files, sources)
    views = model_views(schemas + extra, taken_method_names=CLIENT_MEMBERS)
    refuse_collisions(views, sources, _emitted_paths)
    renderer = Renderer(templates)
    files.update(_emit(views, renderer))
    rendered = {path: digest(text) for path, text in files.items() if is_python(path)}
    origins = {
        path: renderer.origins[text] for path, text in files.items() if text in renderer.origins
    }
    renderer.origins.clear()  # the rendered texts it holds are not needed any more
    files = format_python(files, incremental.formatted_on_disk(out), origins)
    files[MANIFEST] = (
        json.dumps({"generator": "scenario-codegen", "files": sorted(files)}, indent=2) + "\n"
    )
    refuse_control_characters(files)
    return Build(dict(sorted(files.items())), warnings, rendered)


def _page_sources(pages: Sequence[Page]) -> dict[str, Source]:
    return {model.id: (page.source, model.line) for page in pages for model in page.models}


def _emitted_paths(views: Sequence[ModelView]) -> set[str]:
    """Every path a build of `views` writes. The built-in templates decide no file name,
    so they stand for any override here (which might not expect a probe model)."""
    written = schema_files([], [view.schema for view in views])
    return {*written, *_emit(views, Renderer()), MANIFEST}


def _emit(views: Sequence[ModelView], renderer: Renderer) -> dict[str, str]:
    files: dict[str, str] = {}
    for emit in emitters():
        for path, text in emit(views, renderer).items():
            if path in files:
                raise AssertionError(f"two emitters write {path}")
            files[path] = text
    return files
