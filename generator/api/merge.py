"""A model with both a page and an API definition -> one schema (`source: "page+api"`).

The page's table stays (its order, descriptions, title and `x-scenario`), plus what only
the API says (length caps, file kinds and sizes, rules...). Where the two disagree on an
input's type, bounds, allowed values or default, or on which inputs there are and which
are required, the API wins, since it is what the server enforces, with a warning at the
page's line naming the definition's file and line. A bound or allowed values the page
shows and the API does not set are left out; one the API sets and the page does not
show is simply added.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.api.definition import Definition
from generator.api.properties import Schema
from generator.pages.model import Model
from generator.problems import Problem

FACETS: tuple[tuple[str, ...], ...] = (
    ("type",),
    ("default",),
    ("enum",),
    ("minimum",),
    ("maximum",),
    ("minLength",),
    ("maxLength",),
    ("minItems",),
    ("maxItems",),
    ("items", "type"),
    ("items", "enum"),
    ("items", "minimum"),
    ("items", "maximum"),
)
"""Where a page and the API can disagree on an input of the same upstream type."""

_ABSENT = object()


@dataclass
class _Merge:
    page_source: str
    model: Model
    definition: Definition
    warnings: list[Problem] = field(default_factory=list)

    def page_line(self, name: str | None) -> int:
        lines = {p.name: p.line for p in self.model.params}
        return lines.get(name, self.model.line) if name else self.model.line

    def api(self, name: str | None) -> str:
        lines = {i.name: i.line for i in self.definition.inputs}
        line = lines.get(name, self.definition.line) if name else self.definition.line
        return f"the API ({self.definition.source}:{line})"

    def warn(self, name: str | None, message: str) -> None:
        subject = f"{self.model.id}: " + (f"`{name}`: " if name else "")
        self.warnings.append(
            Problem(self.page_source, self.page_line(name), subject + message, "warning")
        )


def merge(
    page: Schema, api: Schema, page_source: str, model: Model, definition: Definition
) -> tuple[Schema, list[Problem]]:
    state = _Merge(page_source, model, definition)
    page_properties: Mapping[str, Schema] = page["properties"]
    api_properties: Mapping[str, Schema] = api["properties"]
    properties: dict[str, Schema] = {}
    for name, schema in page_properties.items():
        if name in api_properties:
            properties[name] = _property(state, name, schema, api_properties[name])
            _required(state, name, name in page["required"], name in api["required"])
        else:
            state.warn(name, f"{state.api(None)} has no such input; left out")
    for name, schema in api_properties.items():
        if name not in page_properties:
            state.warn(None, f"the page does not list `{name}`; added from {state.api(name)}")
            properties[name] = schema
    merged: Schema = {}
    for key, value in page.items():
        if key != "x-scenario":
            merged[key] = value
    merged["required"] = [name for name in properties if name in api["required"]]
    merged["properties"] = properties
    if "allOf" in api:
        merged["allOf"] = api["allOf"]
    merged["x-scenario"] = {**page["x-scenario"], "source": "page+api"}
    return merged, state.warnings


def _property(state: _Merge, name: str, page: Schema, api: Schema) -> Schema:
    if page.get("x-scenario-type") != api.get("x-scenario-type"):
        state.warn(
            name,
            f"the page says type {page.get('x-scenario-type')}, {state.api(name)} says "
            f"{api.get('x-scenario-type')}; using the API's",
        )
        merged = copy.deepcopy(api)
        if "description" in page:
            merged = {"type": merged.pop("type"), "description": page["description"], **merged}
        return merged
    merged = copy.deepcopy(page)
    for facet in FACETS:
        ours, theirs = _get(page, facet), _get(api, facet)
        if ours is _ABSENT or _same(ours, theirs):
            continue
        label = " ".join(facet).replace("items ", "items' ").replace("enum", "allowed values")
        if theirs is _ABSENT:
            state.warn(
                name, f"the page says {label} {_shown(ours)}, {state.api(name)} sets none; left out"
            )
            _delete(merged, facet)
        else:
            state.warn(
                name,
                f"the page says {label} {_shown(ours)}, {state.api(name)} says "
                f"{_shown(theirs)}; using the API's",
            )
            _set(merged, facet, theirs)
    _add_missing(merged, api)
    merged["x-scenario-type"] = merged.pop("x-scenario-type")
    return merged


def _required(state: _Merge, name: str, page: bool, api: bool) -> None:
    if page == api:
        return
    if api:
        said = "required"
    elif any(i.name == name and i.rules for i in state.definition.inputs):
        said = "required only as its rules say"
    else:
        said = "optional"
    state.warn(
        name,
        f"the page says {'required' if page else 'optional'}, {state.api(name)} says {said}; "
        "using the API's",
    )


def _get(schema: Schema, facet: tuple[str, ...]) -> Any:
    value: Any = schema
    for key in facet:
        if not isinstance(value, dict) or key not in value:
            return _ABSENT
        value = value[key]
    return value


def _set(schema: Schema, facet: tuple[str, ...], value: Any) -> None:
    *parents, last = facet
    for key in parents:
        schema = schema.setdefault(key, {})
    schema[last] = copy.deepcopy(value)


def _delete(schema: Schema, facet: tuple[str, ...]) -> None:
    *parents, last = facet
    for key in parents:
        schema = schema[key]
    del schema[last]


def _add_missing(ours: Schema, theirs: Schema) -> None:
    """Every keyword of `theirs` that `ours` lacks, at any depth of nested schemas."""
    for key, value in theirs.items():
        if key not in ours:
            ours[key] = copy.deepcopy(value)
        elif isinstance(value, dict) and isinstance(ours[key], dict):
            _add_missing(ours[key], value)


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON values: 10 and 10.0 are, true and 1 are not."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
