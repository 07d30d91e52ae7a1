"""Parsed models -> JSON Schemas (draft 2020-12), contract 1, plus the index with provenance."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from generator.controls import visible
from generator.pages.model import Model, Page, Param
from generator.schemas import yaml_text
from generator.upstream_types import UPSTREAM_TYPES

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_PREFIX = "urn:scenario-codegen:model:"

Schema = dict[str, Any]


def model_schema(model: Model) -> Schema:
    schema: Schema = {"$schema": DIALECT, "$id": ID_PREFIX + model.id, "title": model.name}
    if model.description:
        schema["description"] = model.description
    schema["type"] = "object"
    schema["additionalProperties"] = False
    schema["required"] = [p.name for p in model.params if p.required]
    schema["properties"] = {p.name: param_schema(p) for p in model.params}
    schema["x-scenario"] = {
        "modelId": model.id,
        "capabilities": list(model.capabilities),
        "provider": model.provider,
        "kind": model.kind,
    }
    return schema


def param_schema(param: Param) -> Schema:
    kind = UPSTREAM_TYPES[param.type]
    schema: Schema = {"type": kind.json_type}
    if param.description is not None:
        schema["description"] = param.description
    if param.default is not None:
        schema["default"] = param.default
    values = schema
    if kind.item_type is not None:
        values = schema["items"] = {"type": kind.item_type}
    if param.allowed is not None:
        values["enum"] = list(param.allowed)
    bounded = values if kind.bounds_on_items else schema
    if kind.bounds is not None:
        low, high = kind.bounds
        if param.minimum is not None:
            bounded[low] = param.minimum
        if param.maximum is not None:
            bounded[high] = param.maximum
    schema["x-scenario-type"] = param.type
    return schema


def index_document(
    pages: Sequence[Page],
    schemas: Sequence[Schema] = (),
    definitions: Mapping[str, Schema] | None = None,
    urls: Mapping[str, str] | None = None,
) -> Schema:
    """Every model with its provenance: its page, the page's URL (when the sources list
    names it), date and sha256, and `definition` for a model read from the API (the schema
    of one no page has gives its title, provider and kind). `urls` is keyed by the page's
    path as given (Page.source)."""
    urls = urls or {}
    entries: dict[str, Schema] = {
        model.id: {
            "modelId": model.id,
            "title": model.name,
            "provider": model.provider,
            "kind": model.kind,
            "schema": f"{model.id}.schema.json",
            "source": _source(page, urls.get(page.source)),
        }
        for page in pages
        for model in page.models
    }
    definitions = definitions or {}
    for schema in schemas:
        model_id = schema["x-scenario"]["modelId"]
        if model_id not in definitions:
            continue
        entry = entries.setdefault(
            model_id,
            {
                "modelId": model_id,
                "title": schema["title"],
                "provider": schema["x-scenario"]["provider"],
                "kind": schema["x-scenario"]["kind"],
                "schema": f"{model_id}.schema.json",
                "source": {},
            },
        )
        entry["source"]["definition"] = definitions[model_id]
    return {"models": [entries[model_id] for model_id in sorted(entries)]}


def _source(page: Page, url: str | None) -> Schema:
    source: Schema = {"page": page.name}
    if url is not None:
        source["url"] = url
    source.update({"lastUpdated": page.last_updated, "sha256": page.sha256})
    return source


def to_json(document: Schema) -> str:
    # ensure_ascii=False leaves DEL, C1 and bidi controls raw; their escapes are the same JSON.
    return visible(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def to_yaml(document: Schema) -> str:
    return yaml_text.dump(document)


def schema_files(
    pages: Sequence[Page],
    schemas: Sequence[Schema],
    definitions: Mapping[str, Schema] | None = None,
    urls: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Relative path -> text, for everything under `schemas/`; `definitions`: the
    provenance of the models read from the API, by Model ID; `urls`: the pages' URLs."""
    files: dict[str, str] = {}
    for schema in schemas:
        model_id = schema["x-scenario"]["modelId"]
        files[f"schemas/{model_id}.schema.json"] = to_json(schema)
        files[f"schemas/{model_id}.schema.yaml"] = to_yaml(schema)
    files["schemas/index.json"] = to_json(index_document(pages, schemas, definitions, urls))
    return files
