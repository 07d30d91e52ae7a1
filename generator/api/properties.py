"""ModelInputs -> the properties of an object schema (the model's, or an inputs_array item's).

An input gets contract 1's property for its type, the very one a page's parameter gets
(schemas/build.py `param_schema`), plus what only the API says: length caps, file kinds
and sizes, media durations, a number's step, the model types of a model_array, and the
fields of an inputs_array's objects. Where `min`/`max` and `minLength`/`maxLength` bound
the same thing (a string's characters, an array's items) the tighter bound holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from generator.api.definition import Input
from generator.api.rules import rule_schema
from generator.pages.model import Param
from generator.schemas.build import param_schema
from generator.upstream_types import UPSTREAM_TYPES

Schema = dict[str, Any]

VALUE_ANNOTATIONS = (
    ("step", "x-scenario-step"),
    ("kind", "x-scenario-kind"),
    ("max_size", "x-scenario-max-size"),
    ("min_duration", "x-scenario-min-duration"),
    ("max_duration", "x-scenario-max-duration"),
)
"""Input attributes annotating one value (the property, or each item of an array)."""

PROPERTY_ANNOTATIONS = (("model_types", "x-scenario-model-types"),)
"""Input attributes annotating the property itself."""


def object_keywords(inputs: Sequence[Input]) -> Schema:
    """`additionalProperties`, `required`, `properties` and the rules' `allOf` of an object
    whose fields are `inputs`, in their order."""
    keywords: Schema = {
        "additionalProperties": False,
        "required": [i.name for i in inputs if i.always],
        "properties": {i.name: input_schema(i) for i in inputs},
    }
    rules = [rule_schema(rule) for i in inputs for rule in i.rules]
    if rules:
        keywords["allOf"] = rules
    return keywords


def input_schema(item: Input) -> Schema:
    kind = UPSTREAM_TYPES[item.type]
    length = ("minLength", "maxLength") if kind.json_type == "string" else ("minItems", "maxItems")
    lengths_are_bounds = kind.bounds == length and not kind.bounds_on_items
    minimum, maximum = item.minimum, item.maximum
    if lengths_are_bounds:
        minimum = _tighter(max, minimum, item.min_length)
        maximum = _tighter(min, maximum, item.max_length)
    param = Param(
        name=item.name,
        type=item.type,
        required=item.always,
        description=item.description,
        line=item.line,
        default=item.default,
        minimum=minimum if kind.bounds else None,
        maximum=maximum if kind.bounds else None,
        allowed=item.allowed,
    )
    schema = param_schema(param)
    upstream_type = schema.pop("x-scenario-type")
    if not lengths_are_bounds:
        for keyword, value in zip(length, (item.min_length, item.max_length), strict=True):
            if value is not None:
                schema[keyword] = value
    values: Schema = schema["items"] if kind.is_array else schema
    for attribute, keyword in VALUE_ANNOTATIONS:
        if getattr(item, attribute) is not None:
            values[keyword] = getattr(item, attribute)
    for attribute, keyword in PROPERTY_ANNOTATIONS:
        if getattr(item, attribute) is not None:
            schema[keyword] = list(getattr(item, attribute))
    if item.inputs is not None:
        values.update(object_keywords(item.inputs))
    schema["x-scenario-type"] = upstream_type
    return schema


def _tighter(pick: Any, first: int | float | None, second: int | float | None) -> Any:
    present = [v for v in (first, second) if v is not None]
    return pick(present) if present else None
