"""One side of a diff: the models' schemas of one version, loaded from pages and model
definitions read from the API (`*.model.json`, built as `generate` builds them), a folder of
schemas, or a build's files; with the page of each model and the latest page date when
known."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.api.read import read_definitions
from generator.api.sources import with_definitions
from generator.emit.view import load_schema_file, model_id_of
from generator.inputs import DEFINITION_SUFFIX, definition_paths, page_paths
from generator.pages.parse import parse_pages
from generator.problems import InputError, Problem, errors
from generator.schemas.build import model_schema

Schema = dict[str, Any]


@dataclass(frozen=True)
class Snapshot:
    schemas: dict[str, Schema]
    """By Model ID."""
    last_updated: str | None = None
    pages: dict[str, str] = field(default_factory=dict)
    """Model ID -> the file name of its page, where known."""


def load_both(old: Path, new: Path) -> tuple[Snapshot, Snapshot]:
    """Both sides, reporting the problems of both at once."""
    problems: list[Problem] = []
    loaded = []
    for path in (old, new):
        try:
            loaded.append(load(path))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return loaded[0], loaded[1]


SIDE = (
    "a page, a model definition (*.model.json), a folder of pages and definitions, "
    "or a folder of schemas"
)
"""What `diff` takes for OLD and NEW."""


def load(path: Path) -> Snapshot:
    """A page, a definition, a folder of pages and definitions (`*.md`, `*.model.json`) or a
    folder of schemas (`*.schema.json`)."""
    if path.is_file():
        if path.name.endswith(DEFINITION_SUFFIX):
            return _upstream_snapshot([], [path])
        if path.name.endswith(".json"):
            return _schemas_snapshot([path], None)
        return _upstream_snapshot([path], [], by_page=False)
    if not path.is_dir():
        raise _problem(path, f"expected {SIDE}, found nothing there")
    schemas = sorted(path.glob("*.schema.json"))
    pages = page_paths([path])
    definitions = definition_paths([path])
    if schemas and (pages or definitions):
        found = "*.md" if pages else "*.model.json"
        raise _problem(
            path, f"expected pages and definitions or schemas, found both {found} and *.schema.json"
        )
    if schemas:
        return _schemas_snapshot(schemas, path / "index.json")
    if pages or definitions:
        return _upstream_snapshot(pages, definitions)
    raise _problem(
        path, "expected *.md pages, *.model.json definitions or *.schema.json schemas, found none"
    )


def _problem(path: Path, message: str) -> InputError:
    return InputError([Problem(str(path), 0, message)])


def _upstream_snapshot(
    pages: Sequence[Path], definitions: Sequence[Path], by_page: bool = True
) -> Snapshot:
    """The models as `generate` builds them: the pages' schemas, with the definitions' added
    or merged in. A single page says nothing of where its models live: two versions of one
    page are often named apart (`old.md`, `new.md`). A folder's page names do."""
    parsed, problems = parse_pages(pages)
    read, more = read_definitions(definitions)
    found = sorted(problems + more)
    if errors(found):
        raise InputError(found)
    built = [model_schema(model) for page in parsed for model in page.models]
    schemas = {model_id_of(s): s for s in with_definitions(parsed, built, read).schemas}
    where = {m.id: page.name for page in parsed for m in page.models} if by_page else {}
    dates = [page.last_updated for page in parsed if page.last_updated]
    return Snapshot(dict(sorted(schemas.items())), max(dates, default=None), where)


def _schemas_snapshot(paths: Sequence[Path], index: Path | None) -> Snapshot:
    schemas: dict[str, Schema] = {}
    where: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in paths:
        try:
            schema = load_schema_file(path)
        except InputError as exc:
            problems += exc.problems
            continue
        model_id = model_id_of(schema)
        problems += _shape_problems(path, schema)
        if model_id in where:
            problems.append(
                Problem(
                    str(path), 1, f"Model ID {model_id!r} is also the model of {where[model_id]}"
                )
            )
            continue
        where[model_id] = path
        schemas[model_id] = schema
    if problems:
        raise InputError(sorted(problems))
    document = _read_index(index) if index else None
    return Snapshot(dict(sorted(schemas.items())), latest_date(document), model_pages(document))


def _shape_problems(path: Path, schema: Schema) -> list[Problem]:
    properties = schema.get("properties", {})
    if not isinstance(properties, dict) or not all(
        isinstance(p, dict) for p in properties.values()
    ):
        return [Problem(str(path), 1, "expected `properties` to map each name to a schema object")]
    required = schema.get("required", [])
    if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
        return [Problem(str(path), 1, "expected `required` to be a list of names")]
    return []


def _read_index(index: Path) -> Any:
    try:
        return json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _sources(index: Any) -> list[tuple[str, dict[str, Any]]]:
    """(Model ID, source) of each well-formed entry of an index document (contract 1)."""
    models = index.get("models") if isinstance(index, dict) else None
    return [
        (entry["modelId"], entry["source"])
        for entry in (models if isinstance(models, list) else [])
        if isinstance(entry, dict)
        and isinstance(entry.get("modelId"), str)
        and isinstance(entry.get("source"), dict)
    ]


def latest_date(index: Any) -> str | None:
    """The latest `lastUpdated` of an index document, if it has any."""
    dates = [s["lastUpdated"] for _, s in _sources(index) if isinstance(s.get("lastUpdated"), str)]
    return max(dates, default=None)


def model_pages(index: Any) -> dict[str, str]:
    """Model ID -> page file name, from an index document."""
    return {m: s["page"] for m, s in _sources(index) if isinstance(s.get("page"), str)}


def snapshot_of_files(files: Mapping[str, str]) -> Snapshot:
    """The schemas among a build's files ({relative path: text}), by Model ID."""
    schemas: dict[str, Schema] = {}
    for path, text in files.items():
        if path.startswith("schemas/") and path.endswith(".schema.json"):
            schema = json.loads(text)
            schemas[model_id_of(schema)] = schema
    index_text = files.get("schemas/index.json")
    index = json.loads(index_text) if index_text is not None else None
    return Snapshot(dict(sorted(schemas.items())), latest_date(index), model_pages(index))
