"""The one direction of flow: pages -> parsed models -> schemas -> views -> rendered files."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.api.read import read_definitions
from generator.api.sources import with_definitions
from generator.emit import emitters
from generator.emit.client import CLIENT_MEMBERS
from generator.emit.formatter import digest, format_python, is_python
from generator.emit.render import Renderer
from generator.emit.view import load_schema_file, model_id_of, model_views
from generator.inputs import definition_paths, page_paths
from generator.output import incremental
from generator.pages.parse import SAFE_MODEL_ID, parse_pages
from generator.problems import InputError, Problem, errors
from generator.schemas.build import Schema, model_schema, schema_files
from generator.upstream.sources import page_urls

MANIFEST = "generated/manifest.json"


@dataclass(frozen=True)
class Build:
    files: dict[str, str]
    """Every output file, by path relative to the output folder."""
    warnings: list[Problem]
    rendered: dict[str, str] = field(default_factory=dict)
    """sha256 of each Python file as the templates rendered it, before formatting."""


def previous_manifest(out: Path) -> list[str]:
    try:
        document = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    files = document.get("files") if isinstance(document, dict) else None
    return [f for f in files if isinstance(f, str)] if isinstance(files, list) else []


def user_schemas(out: Path, generated: set[str]) -> list[Schema]:
    """Hand-written schemas dropped into `schemas/`: any `*.schema.json` generate did not write."""
    owned = set(previous_manifest(out)) | generated
    found = []
    for path in sorted((out / "schemas").glob("*.schema.json")):
        relative = f"schemas/{path.name}"
        if relative in owned:
            continue
        schema = load_schema_file(path)
        model_id = model_id_of(schema)
        if not SAFE_MODEL_ID.fullmatch(model_id) or ".." in model_id:
            raise InputError(
                [Problem(str(path), 1, f"expected a safe Model ID, found {model_id!r}")]
            )
        found.append(schema)
    return found


def build(upstream: Sequence[Path], out: Path, templates: Path | None = None) -> Build:
    paths = page_paths(upstream)
    pages, problems = parse_pages(paths)
    definitions, more = read_definitions(definition_paths(upstream))
    warnings = sorted(problems + more)
    if errors(warnings):
        raise InputError(warnings)
    schemas = [model_schema(model) for page in pages for model in page.models]
    api = with_definitions(pages, schemas, definitions)
    schemas, warnings = api.schemas, sorted(warnings + api.warnings)
    files = schema_files(pages, schemas, api.sources, page_urls(paths))
    extra = user_schemas(out, set(files))
    views = model_views(schemas + extra, taken_method_names=CLIENT_MEMBERS)
    renderer = Renderer(templates)
    for emit in emitters():
        for path, text in emit(views, renderer).items():
            if path in files:
                raise AssertionError(f"two emitters write {path}")
            files[path] = text
    rendered = {path: digest(text) for path, text in files.items() if is_python(path)}
    files = format_python(files, incremental.formatted_on_disk(out))
    files[MANIFEST] = (
        json.dumps({"generator": "scenario-codegen", "files": sorted(files)}, indent=2) + "\n"
    )
    return Build(dict(sorted(files.items())), warnings, rendered)
