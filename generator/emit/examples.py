"""Example payloads built from a schema: the required parameters with valid values.

A value is the parameter's default when the default satisfies the schema (upstream
sometimes gives one that does not), else the first allowed value that does, else one
made to fit: the lower bound of a number, a placeholder asset or model id, a text of
allowed length.
"""

from __future__ import annotations

import math
from typing import Any

from generator.emit.view import ModelView, ParamView
from generator.schemas.types import Holds, upstream_type_of

Schema = dict[str, Any]

PLACEHOLDER_ASSET_ID = "asset_abc123"
PLACEHOLDER_MODEL_ID = "model_abc123"
PLACEHOLDER_PROMPT = "A lighthouse on a cliff at sunset"
PLACEHOLDER_TEXT = "example"

_ID_PLACEHOLDERS: dict[Holds, str] = {
    "asset": PLACEHOLDER_ASSET_ID,
    "model": PLACEHOLDER_MODEL_ID,
}
"""By what a value holds (generator/schemas/types.py), for every file and model type."""


def example_payload(model: ModelView) -> dict[str, Any]:
    """The wire payload of the model's required parameters, in table order."""
    return {p.wire_name: example_value(p, model.schema) for p in model.required_params}


def example_arguments(model: ModelView) -> list[tuple[str, Any]]:
    """The same values as (Python argument name, value), for a client call."""
    return [(p.python_name, example_value(p, model.schema)) for p in model.required_params]


def example_value(param: ParamView, root: Schema) -> Any:
    """A valid value; `root` is the model's schema, for a hand-written schema's `$ref`s."""
    schema = resolved(param.schema, root)
    if param.has_default and fits(param.default, schema, root):
        return param.default
    hint = _ID_PLACEHOLDERS.get(upstream_type_of(schema).holds)
    if hint is None and "prompt" in param.wire_name.lower():
        hint = PLACEHOLDER_PROMPT
    return _made_to_fit(schema, hint, root)


def resolved(schema: Schema, root: Schema) -> Schema:
    """The schema with a local `$ref` (`#/$defs/x`) followed, its siblings kept."""
    for _ in range(32):  # a reference cycle stops here rather than looping
        ref = schema.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#"):
            return schema
        target: Any = root
        for part in filter(None, ref[1:].split("/")):
            key = part.replace("~1", "/").replace("~0", "~")
            target = target.get(key) if isinstance(target, dict) else None
        if not isinstance(target, dict):
            return schema
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _made_to_fit(schema: Schema, hint: str | None, root: Schema) -> Any:
    schema = resolved(schema, root)
    if "const" in schema:
        return schema["const"]
    enum = schema.get("enum")
    if isinstance(enum, list):
        for value in enum:
            if fits(value, schema, root):
                return value
    json_type = schema.get("type")
    if json_type == "array":
        items = schema.get("items")
        item_schema: Schema = items if isinstance(items, dict) else {}
        count = max(int(schema.get("minItems", 1)), 1)
        if "maxItems" in schema:
            count = min(count, int(schema["maxItems"]))
        return [_made_to_fit(item_schema, hint, root) for _ in range(count)]
    if json_type in ("number", "integer"):
        return _number(schema)
    if json_type == "boolean":
        return False
    if json_type == "object":
        return {}
    return _text(schema, hint or PLACEHOLDER_TEXT)


def _number(schema: Schema) -> int | float:
    """The lower bound, else 1 or the upper bound if that is lower; whole for an integer."""
    low, high = schema.get("minimum"), schema.get("maximum")
    whole = schema.get("type") == "integer"
    if isinstance(low, (int, float)):
        return math.ceil(low) if whole else low
    if isinstance(high, (int, float)) and high < 1:
        return math.floor(high) if whole else high
    return 1


def _text(schema: Schema, text: str) -> str:
    shortest = int(schema.get("minLength", 0))
    longest = schema.get("maxLength")
    if isinstance(longest, int):
        text = text[:longest]
    return text + "x" * max(shortest - len(text), 0)


def fits(value: Any, schema: Schema, root: Schema | None = None) -> bool:
    """Whether a value satisfies contract 1's keywords (type, enum, bounds, items)."""
    schema = resolved(schema, root or schema)
    json_type = schema.get("type")
    if json_type is not None and not _has_type(value, json_type):
        return False
    enum = schema.get("enum")
    if isinstance(enum, list) and not any(_same(value, allowed) for allowed in enum):
        return False
    if "const" in schema and not _same(value, schema["const"]):
        return False
    if _is_number(value):
        if "minimum" in schema and value < schema["minimum"]:
            return False
        if "maximum" in schema and value > schema["maximum"]:
            return False
    if isinstance(value, str) and not _within(len(value), schema, "minLength", "maxLength"):
        return False
    if isinstance(value, list):
        if not _within(len(value), schema, "minItems", "maxItems"):
            return False
        items = schema.get("items")
        if isinstance(items, dict) and not all(fits(item, items, root) for item in value):
            return False
    return True


def _within(size: int, schema: Schema, low: str, high: str) -> bool:
    return not (low in schema and size < schema[low]) and not (
        high in schema and size > schema[high]
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _has_type(value: Any, json_type: Any) -> bool:
    if isinstance(json_type, list):
        return any(_has_type(value, one) for one in json_type)
    if json_type == "string":
        return isinstance(value, str)
    if json_type == "number":
        return _is_number(value)
    if json_type == "integer":
        return _is_number(value) and float(value).is_integer()
    if json_type == "boolean":
        return isinstance(value, bool)
    if json_type == "array":
        return isinstance(value, list)
    if json_type == "object":
        return isinstance(value, dict)
    if json_type == "null":
        return value is None
    return True


def _same(a: Any, b: Any) -> bool:
    """JSON equality: `true` is not `1`."""
    return bool(a == b) and isinstance(a, bool) == isinstance(b, bool)
