"""Example payloads built from a schema: the required parameters with valid values.

A value is the parameter's default when the default satisfies the schema (upstream
sometimes gives one that does not), else the first allowed value that does, else one
made to fit: the lower bound of a number, a placeholder asset or model id, a text of
allowed length.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from generator.emit.view import ModelView, ParamView
from generator.upstream_types import Holds, upstream_type_of

Schema = dict[str, Any]

PLACEHOLDER_ASSET_ID = "asset_abc123"
PLACEHOLDER_MODEL_ID = "model_abc123"
PLACEHOLDER_PROMPT = "A lighthouse on a cliff at sunset"
PLACEHOLDER_TEXT = "example"

_ID_PLACEHOLDERS: dict[Holds, str] = {
    "asset": PLACEHOLDER_ASSET_ID,
    "model": PLACEHOLDER_MODEL_ID,
}
"""By what a value holds (generator/upstream_types.py), for every file and model type."""


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
    fitting = [v for v in enum if fits(v, schema, root)] if isinstance(enum, list) else []
    if fitting:
        return fitting[0]
    make = _MAKERS.get(str(schema.get("type")), _text)
    return make(schema, hint, root)


def _array(schema: Schema, hint: str | None, root: Schema) -> list[Any]:
    items = schema.get("items")
    item_schema: Schema = items if isinstance(items, dict) else {}
    count = max(int(schema.get("minItems", 1)), 1)
    if "maxItems" in schema:
        count = min(count, int(schema["maxItems"]))
    return [_made_to_fit(item_schema, hint, root) for _ in range(count)]


def _number(schema: Schema, hint: str | None = None, root: Schema | None = None) -> int | float:
    """The lower bound, else 1 or the upper bound if that is lower; whole for an integer."""
    low, high = schema.get("minimum"), schema.get("maximum")
    whole = schema.get("type") == "integer"
    if isinstance(low, (int, float)):
        return math.ceil(low) if whole else low
    if isinstance(high, (int, float)) and high < 1:
        return math.floor(high) if whole else high
    return 1


def _text(schema: Schema, hint: str | None, root: Schema | None = None) -> str:
    text = hint or PLACEHOLDER_TEXT
    shortest = int(schema.get("minLength", 0))
    longest = schema.get("maxLength")
    if isinstance(longest, int):
        text = text[:longest]
    return text + "x" * max(shortest - len(text), 0)


def fits(value: Any, schema: Schema, root: Schema | None = None) -> bool:
    """Whether a value satisfies contract 1's keywords (type, enum, bounds, items)."""
    schema = resolved(schema, root or schema)
    return all(check(value, schema, root) for check in _CHECKS)


def _type_fits(value: Any, schema: Schema, root: Schema | None) -> bool:
    json_type = schema.get("type")
    types = json_type if isinstance(json_type, list) else [json_type]
    return json_type is None or any(_is_of(value, t) for t in types)


def _is_of(value: Any, json_type: Any) -> bool:
    test = _TYPE_TESTS.get(json_type) if isinstance(json_type, str) else None
    return test is None or test(value)


def _enum_fits(value: Any, schema: Schema, root: Schema | None) -> bool:
    enum = schema.get("enum")
    return not isinstance(enum, list) or any(_same(value, allowed) for allowed in enum)


def _const_fits(value: Any, schema: Schema, root: Schema | None) -> bool:
    return "const" not in schema or _same(value, schema["const"])


def _bounds_fit(value: Any, schema: Schema, root: Schema | None) -> bool:
    if _is_number(value):
        return _within(value, schema, "minimum", "maximum")
    if isinstance(value, str):
        return _within(len(value), schema, "minLength", "maxLength")
    if isinstance(value, list):
        return _within(len(value), schema, "minItems", "maxItems")
    return True


def _items_fit(value: Any, schema: Schema, root: Schema | None) -> bool:
    items = schema.get("items")
    if not isinstance(value, list) or not isinstance(items, dict):
        return True
    return all(fits(item, items, root) for item in value)


def _within(size: int | float, schema: Schema, low: str, high: str) -> bool:
    return not (low in schema and size < schema[low]) and not (
        high in schema and size > schema[high]
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_whole(value: Any) -> bool:
    return _is_number(value) and (isinstance(value, int) or value.is_integer())


_TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "number": _is_number,
    "integer": _is_whole,
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}
"""JSON Schema's `type` names and what a value must be; a name not here asks nothing."""

_CHECKS: tuple[Callable[[Any, Schema, Schema | None], bool], ...] = (
    _type_fits,
    _enum_fits,
    _const_fits,
    _bounds_fit,
    _items_fit,
)

_MAKERS: dict[str, Callable[[Schema, str | None, Schema], Any]] = {
    "array": _array,
    "number": _number,
    "integer": _number,
    "boolean": lambda schema, hint, root: False,
    "object": lambda schema, hint, root: {},
}
"""A value made to fit, by JSON type; any other type gets a text."""


def _same(a: Any, b: Any) -> bool:
    """JSON equality: `true` is not `1`."""
    return bool(a == b) and isinstance(a, bool) == isinstance(b, bool)
