"""Loaded schemas -> the view every emitter renders from: names, values, bounds, docs.

Emitters read schemas, never markdown, so a hand-written schema gets the same treatment.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import naming
from generator.problems import InputError, Problem
from generator.upstream_types import upstream_type_of

Schema = dict[str, Any]


@dataclass(frozen=True)
class ParamView:
    wire_name: str
    python_name: str
    schema: Schema
    required: bool
    upstream_type: str
    description: str | None
    has_default: bool
    default: Any
    enum: list[Any] | None
    """Allowed values: the property's, or its items' for an array."""
    item_type: str | None
    """JSON type of the items for an array, else None."""
    minimum: int | float | None = None
    maximum: int | float | None = None
    bounds_keyword: str | None = None
    """Which keywords Min/Max became: `minimum`, `minLength`, `minItems`."""


@dataclass(frozen=True)
class ModelView:
    model_id: str
    title: str
    description: str | None
    provider: str
    kind: str
    capabilities: tuple[str, ...]
    schema: Schema
    python_name: str
    """Method and module name: `trellis_2`."""
    class_name: str
    """CamelCase stem for classes: `Trellis2` (payload TypedDict: `Trellis2Payload`)."""
    params: tuple[ParamView, ...] = field(default=())

    @property
    def required_params(self) -> tuple[ParamView, ...]:
        return tuple(p for p in self.params if p.required)

    @property
    def optional_params(self) -> tuple[ParamView, ...]:
        return tuple(p for p in self.params if not p.required)


def param_view(wire_name: str, python_name: str, schema: Schema, required: bool) -> ParamView:
    items = schema.get("items") if schema.get("type") == "array" else None
    item_schema = items if isinstance(items, dict) else None
    enum_holder = item_schema if item_schema is not None else schema
    bounds_holder, keyword = schema, None
    for low in ("minimum", "minLength", "minItems"):
        if low in schema or low.replace("min", "max") in schema:
            keyword = low
    if (
        item_schema is not None
        and keyword is None
        and ("minimum" in item_schema or "maximum" in item_schema)
    ):
        bounds_holder, keyword = item_schema, "minimum"
    maximum_keyword = keyword.replace("min", "max") if keyword else None
    return ParamView(
        wire_name=wire_name,
        python_name=python_name,
        schema=schema,
        required=required,
        upstream_type=upstream_type_of(schema).name,
        description=schema.get("description"),
        has_default="default" in schema,
        default=schema.get("default"),
        enum=enum_holder.get("enum"),
        item_type=item_schema.get("type") if item_schema is not None else None,
        minimum=bounds_holder.get(keyword) if keyword else None,
        maximum=bounds_holder.get(maximum_keyword) if maximum_keyword else None,
        bounds_keyword=keyword,
    )


def model_views(
    schemas: Sequence[Schema], taken_method_names: Sequence[str] = ()
) -> list[ModelView]:
    """Views for every schema, sorted by Model ID, with deterministic unique Python names."""
    ordered = sorted(schemas, key=model_id_of)
    method_names = naming.unique(
        (naming.method_name(model_id_of(s)) for s in ordered), taken_method_names
    )
    class_names = naming.unique(naming.class_name(name) for name in method_names)
    views = []
    for schema, python_name, class_name in zip(ordered, method_names, class_names, strict=True):
        x_scenario = schema.get("x-scenario", {})
        properties: Mapping[str, Schema] = schema.get("properties", {})
        required = set(schema.get("required", []))
        arg_names = naming.unique(naming.argument_name(wire) for wire in properties)
        params = tuple(
            param_view(wire, arg, prop, wire in required)
            for (wire, prop), arg in zip(properties.items(), arg_names, strict=True)
        )
        views.append(
            ModelView(
                model_id=model_id_of(schema),
                title=schema.get("title") or model_id_of(schema),
                description=schema.get("description"),
                provider=x_scenario.get("provider", "Custom"),
                kind=x_scenario.get("kind", "custom"),
                capabilities=tuple(x_scenario.get("capabilities", ())),
                schema=schema,
                python_name=python_name,
                class_name=class_name,
                params=params,
            )
        )
    return views


def model_id_of(schema: Schema) -> str:
    x_scenario = schema.get("x-scenario")
    if isinstance(x_scenario, dict) and isinstance(x_scenario.get("modelId"), str):
        return str(x_scenario["modelId"])
    schema_id = schema.get("$id", "")
    return str(schema_id).rsplit(":", 1)[-1].rsplit("/", 1)[-1].removesuffix(".schema.json")


def load_schema_file(path: Path) -> Schema:
    """A hand-written or generated schema file; bad JSON is an InputError naming file:line."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(
            [
                Problem(
                    str(path), exc.lineno, f"expected a JSON schema, found invalid JSON: {exc.msg}"
                )
            ]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(str(path), 0, f"cannot read the schema: {exc}")]) from None
    if not isinstance(document, dict) or document.get("type") != "object":
        raise InputError(
            [Problem(str(path), 1, "expected a schema of `type: object` with `properties`")]
        )
    if "x-scenario" not in document:
        document = {**document, "x-scenario": {"modelId": path.name.removesuffix(".schema.json")}}
    return document
