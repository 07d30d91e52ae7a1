"""Differential tests against jsonschema's Draft202012Validator (hypothesis).

Schemas: random ones of the contract's shape (contract 1 in ../shared/DESIGN.md), the same
with random API rules (`allOf` entries built from required, dependentRequired, if/then/else,
not, anyOf, oneOf, properties, enum, const, each with an `x-scenario-message`), random
ones over the whole supported keyword subset (applicators included), and every schema
built from the shared page corpus. Payloads: valid ones, and near misses that break
exactly one constraint. On every payload the verdict must be jsonschema's (from `validate`
and from `is_valid`), and so must the set of (path, keyword) errors; a near miss must be
reported at the broken keyword and path.

jsonschema reports a missing required property and unknown properties at their object;
these validators report them at the property's own path. The comparison maps one to the
other, and compares `false`-schema errors by keyword alone (see FALSE_SCHEMA_PATH).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.pages.parse import parse_or_raise
from generator.schemas.build import model_schema
from generator.validation.loader import Validator, Verdict, load_validator, load_verdict
from tests.conftest import shared_pages
from tests.validation_support import comparable, expected_errors, json_path

Schema = dict[str, Any]
Draw = Callable[..., Any]

NAMES = st.one_of(
    st.sampled_from(
        ["seed", "image", "a-b", "1st", "class", "from", "None", "self", "print", "it's", "x y"]
    ),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8),
)
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


# Comparing with jsonschema ----------------------------------------------------------


@functools.lru_cache(maxsize=512)
def _compiled(schema_json: str) -> Validator:
    return load_validator(json.loads(schema_json))


@functools.lru_cache(maxsize=512)
def _verdict(schema_json: str) -> Verdict:
    return load_verdict(json.loads(schema_json))


def ours(schema: Any, payload: Any) -> list[tuple[str, str]]:
    return comparable(_compiled(json.dumps(schema))(payload))


def assert_same(schema: Any, payload: Any, broken: tuple[str, str] | None = None) -> None:
    expected = expected_errors(schema, payload)
    actual = ours(schema, payload)
    assert actual == expected, f"payload {payload!r}"
    assert _verdict(json.dumps(schema))(payload) == (not expected), f"is_valid({payload!r})"
    if broken is not None:
        assert broken in actual, f"{broken} not reported for {payload!r}: {actual}"


# Values for a schema (valid, and broken in one way) ---------------------------------


def valid_value(draw: Draw, schema: Any) -> Any:
    """A value for `schema`, valid whenever the schema can be met."""
    if not isinstance(schema, dict) or schema == {}:  # true, {}, or false (nothing fits)
        return draw(st.one_of(st.none(), st.integers(), st.text(max_size=3)))
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return draw(st.sampled_from(schema["enum"]))
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = draw(st.sampled_from(kind))
    if kind in ("number", "integer"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", -(10**6)))
        high = schema.get("maximum", schema.get("exclusiveMaximum", 10**6))
        if low >= high:  # nothing fits (a random schema may ask for that): near enough
            return low
        if kind == "integer" or draw(st.booleans()):
            low_int, high_int = math.ceil(low), math.floor(high)
            if "exclusiveMinimum" in schema and low_int == schema["exclusiveMinimum"]:
                low_int += 1
            if "exclusiveMaximum" in schema and high_int == schema["exclusiveMaximum"]:
                high_int -= 1
            if low_int <= high_int:
                number = draw(st.integers(low_int, high_int))
                if "multipleOf" in schema and isinstance(schema["multipleOf"], int):
                    number = (number // schema["multipleOf"]) * schema["multipleOf"]
                    if number < low_int:
                        number += schema["multipleOf"]
                return number
        return draw(
            st.floats(
                low,
                high,
                exclude_min="exclusiveMinimum" in schema,
                exclude_max="exclusiveMaximum" in schema,
                allow_nan=False,
            )
        )
    if kind == "boolean":
        return draw(st.booleans())
    if kind == "null":
        return None
    if kind == "array":
        items = schema.get("items", {})
        low = schema.get("minItems", 0)
        high = schema.get("maxItems", low + 3)
        count = draw(st.integers(low, max(low, high)))
        values = [valid_value(draw, items) for _ in range(count)]
        if schema.get("uniqueItems") and len(values) != len({json.dumps(v) for v in values}):
            values = values[:1]
        return values
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        value = {}
        for name, sub in properties.items():
            if name in required or draw(st.booleans()):
                value[name] = valid_value(draw, sub)
        return value
    # string
    low = schema.get("minLength", 0)
    high = max(low, schema.get("maxLength", low + 5))
    return draw(
        st.text(
            st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=low, max_size=high
        )
    )


def wrong_type(draw: Draw, schema: Any) -> Any:
    kind = schema.get("type")
    kinds = set(kind) if isinstance(kind, list) else {kind}
    choices = []
    if not kinds & {"number", "integer"}:
        choices.append(st.integers(-5, 5))
    if "integer" in kinds and "number" not in kinds:
        choices.append(st.just(2.5))
    if "string" not in kinds:
        choices.append(st.just("7"))
    if "boolean" not in kinds:
        choices.append(st.booleans())
    if "null" not in kinds:
        choices.append(st.none())
    if "array" not in kinds:
        choices.append(st.just([1]))
    if "object" not in kinds:
        choices.append(st.just({"k": 1}))
    return draw(st.one_of(choices))


def breakers(schema: Schema) -> list[str]:
    """The ways a value for `schema` can be broken in exactly one constraint."""
    ways = []
    if "type" in schema:
        ways.append("type")
    for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength"):
        if keyword in schema and not (keyword == "minLength" and schema[keyword] == 0):
            ways.append(keyword)
    for keyword in ("maxLength", "minItems", "maxItems", "enum"):
        if keyword in schema and not (keyword == "minItems" and schema[keyword] == 0):
            ways.append(keyword)
    if isinstance(schema.get("items"), dict) and schema["items"].get("type"):
        ways.append("items")
    return ways


def broken_value(draw: Draw, schema: Schema, way: str) -> tuple[Any, str, str]:
    """(value, keyword broken, path suffix)."""
    if way == "type":
        return wrong_type(draw, schema), "type", ""
    if way in ("minimum", "exclusiveMinimum"):
        limit = schema[way]
        return limit - draw(st.sampled_from([1, 0.5])) if way == "minimum" else limit, way, ""
    if way in ("maximum", "exclusiveMaximum"):
        limit = schema[way]
        return limit + draw(st.sampled_from([1, 0.5])) if way == "maximum" else limit, way, ""
    if way == "minLength":
        return "x" * (int(schema[way]) - 1), way, ""
    if way == "maxLength":
        return "\U0001f600" * (int(schema[way]) + 1), way, ""
    if way == "minItems":
        items = [valid_value(draw, schema.get("items", {})) for _ in range(int(schema[way]) - 1)]
        return items, way, ""
    if way == "maxItems":
        items = [valid_value(draw, schema.get("items", {})) for _ in range(int(schema[way]) + 1)]
        return items, way, ""
    if way == "enum":
        strings = [v for v in schema["enum"] if isinstance(v, str)]
        if strings:
            return strings[0] + "?", way, ""
        numbers = [
            v for v in schema["enum"] if isinstance(v, (int, float)) and not isinstance(v, bool)
        ]
        return (max(numbers) + 1 if numbers else "not-listed"), way, ""
    # an item of the right size array, broken by its own type
    items = schema["items"]
    count = max(1, int(schema.get("minItems", 1)))
    if "maxItems" in schema and schema["maxItems"] < count:
        return wrong_type(draw, schema), "type", ""
    value = [valid_value(draw, items) for _ in range(count)]
    index = draw(st.integers(0, count - 1))
    value[index] = wrong_type(draw, items)
    return value, "type", f"[{index}]"


def near_miss(draw: Draw, schema: Schema) -> tuple[Any, tuple[str, str]]:
    """A valid payload, then one constraint broken: (payload, (path, keyword))."""
    payload = valid_value(draw, schema)
    properties: dict[str, Any] = schema.get("properties", {})
    required = [n for n in schema.get("required", []) if n in payload]
    choices = ["unknown"] if schema.get("additionalProperties") is False else []
    if required:
        choices.append("required")
    breakable = [(n, w) for n, sub in properties.items() for w in breakers(sub)]
    if breakable:
        choices += ["property"] * 3
    if not choices:
        return payload, ("", "")
    choice = draw(st.sampled_from(choices))
    if choice == "unknown":
        name = draw(NAMES.filter(lambda n: n not in properties))
        payload[name] = 1
        return payload, (json_path([name]), "additionalProperties")
    if choice == "required":
        name = draw(st.sampled_from(required))
        del payload[name]
        return payload, (json_path([name]), "required")
    name, way = draw(st.sampled_from(breakable))
    value, keyword, suffix = broken_value(draw, properties[name], way)
    payload[name] = value
    return payload, (json_path([name]) + suffix, keyword)


# Schemas ----------------------------------------------------------------------------


NUMBERS = st.one_of(
    st.integers(-1000, 1000), st.floats(-1000, 1000, allow_nan=False).map(lambda f: round(f, 3))
)


@st.composite
def contract_property(draw: Draw) -> Schema:
    """A property as contract 1 writes it, for one of the upstream types."""
    upstream = draw(
        st.sampled_from(
            ["string", "number", "boolean", "file", "model", "file_array", "string_array",
             "number_array", "model_array", "inputs_array"]
        )
    )  # fmt: skip
    schema: Schema = {}
    if upstream.endswith("_array"):
        item_type = {"number_array": "number", "inputs_array": "object"}.get(upstream, "string")
        items: Schema = {"type": item_type}
        schema = {"type": "array", "items": items}
        if item_type == "number" and draw(st.booleans()):
            low, high = sorted([draw(NUMBERS), draw(NUMBERS)])
            items.update(minimum=low, maximum=high)
        elif item_type == "string" and draw(st.booleans()):
            items["enum"] = draw(st.lists(st.text(max_size=6), min_size=1, max_size=4, unique=True))
        elif draw(st.booleans()):
            low = draw(st.integers(0, 3))
            schema.update(minItems=low, maxItems=low + draw(st.integers(0, 3)))
    elif upstream == "number":
        schema = {"type": "number"}
        if draw(st.booleans()):
            schema["enum"] = draw(st.lists(NUMBERS, min_size=1, max_size=4, unique=True))
        elif draw(st.booleans()):
            low, high = sorted([draw(NUMBERS), draw(NUMBERS)])
            schema.update(minimum=low, maximum=high)
    elif upstream == "boolean":
        schema = {"type": "boolean"}
    else:
        schema = {"type": "string"}
        if upstream == "string" and draw(st.booleans()):
            schema["enum"] = draw(
                st.lists(st.text(max_size=6), min_size=1, max_size=4, unique=True)
            )
        elif upstream == "string" and draw(st.booleans()):
            low = draw(st.integers(0, 4))
            schema.update(minLength=low, maxLength=low + draw(st.integers(0, 4)))
    schema["description"] = draw(st.text(max_size=10))
    schema["x-scenario-type"] = upstream
    return schema


@st.composite
def contract_schema(draw: Draw) -> Schema:
    names = draw(st.lists(NAMES, min_size=1, max_size=7, unique=True))
    properties = {name: draw(contract_property()) for name in names}
    required = [n for n in names if draw(st.booleans())]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
    }


@st.composite
def subset_schema(draw: Draw, depth: int = 2) -> Any:
    """Any schema over the supported subset (nested, several types, booleans)."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.booleans())
    schema: Schema = {}
    kinds = draw(
        st.lists(
            st.sampled_from(["string", "number", "integer", "boolean", "null", "array", "object"]),
            max_size=2,
            unique=True,
        )
    )
    if kinds:
        schema["type"] = kinds[0] if len(kinds) == 1 and draw(st.booleans()) else kinds
    if draw(st.integers(0, 3)) == 0:
        schema["enum"] = draw(
            st.lists(
                st.one_of(
                    NUMBERS,
                    st.text(max_size=3),
                    st.booleans(),
                    st.none(),
                    st.just([1]),
                    st.just({"a": True}),
                ),
                min_size=1,
                max_size=4,
            )
        )
    if draw(st.integers(0, 6)) == 0:
        schema["const"] = draw(st.one_of(NUMBERS, st.text(max_size=3), st.booleans(), st.none()))
    for low, high in (("minimum", "maximum"), ("exclusiveMinimum", "exclusiveMaximum")):
        if draw(st.integers(0, 3)) == 0:
            schema[low] = draw(NUMBERS)
        if draw(st.integers(0, 3)) == 0:
            schema[high] = draw(NUMBERS)
    if draw(st.integers(0, 5)) == 0:
        schema["multipleOf"] = draw(st.sampled_from([2, 3, 0.5, 0.1, 1.5]))
    for keyword in ("minLength", "maxLength", "minItems", "maxItems"):
        if draw(st.integers(0, 4)) == 0:
            schema[keyword] = draw(st.integers(0, 4))
    if draw(st.integers(0, 5)) == 0:
        schema["pattern"] = draw(st.sampled_from(["^a", "b$", "[0-9]+", "^$", "x|y", "\\w"]))
    if draw(st.integers(0, 5)) == 0:
        schema["uniqueItems"] = draw(st.booleans())
    if depth and draw(st.integers(0, 3)) == 0:
        schema["items"] = draw(subset_schema(depth - 1))
    if depth and draw(st.integers(0, 2)) == 0:
        names = draw(st.lists(NAMES, max_size=3, unique=True))
        schema["properties"] = {n: draw(subset_schema(depth - 1)) for n in names}
        schema["required"] = draw(
            st.lists(st.sampled_from([*names, "other"]), max_size=2, unique=True)
        )
        schema["additionalProperties"] = draw(st.one_of(st.booleans(), subset_schema(depth - 1)))
    if depth:
        schema.update(draw(applicators(depth - 1)))
    return schema


@st.composite
def applicators(draw: Draw, depth: int) -> Schema:
    """Some of allOf, anyOf, oneOf, not, if/then/else, dependentRequired, dependentSchemas."""
    found: Schema = {}
    for keyword in ("allOf", "anyOf", "oneOf"):
        if draw(st.integers(0, 4)) == 0:
            found[keyword] = draw(st.lists(subset_schema(depth), min_size=1, max_size=3))
    for keyword in ("not", "if", "then", "else"):
        if draw(st.integers(0, 5)) == 0:
            found[keyword] = draw(subset_schema(depth))
    if draw(st.integers(0, 5)) == 0:
        names = st.lists(NAMES, max_size=2, unique=True)
        found["dependentRequired"] = draw(st.dictionaries(NAMES, names, max_size=2))
    if draw(st.integers(0, 6)) == 0:
        found["dependentSchemas"] = draw(st.dictionaries(NAMES, subset_schema(depth), max_size=2))
    if found and draw(st.booleans()):
        found["x-scenario-message"] = draw(st.text(max_size=5))
    return found


@st.composite
def rule(draw: Draw, properties: dict[str, Schema]) -> Schema:
    """One API rule over a model's properties, as the API's requirements become (see the
    common brief): its assertion keywords and the API's message."""
    names = list(properties)
    name, other = draw(st.sampled_from(names)), draw(st.sampled_from(names))

    def value_of(key: str) -> Any:
        sub = properties[key]
        if "enum" in sub:
            return draw(st.sampled_from(sub["enum"]))
        return {"number": 1, "boolean": True}.get(sub.get("type"), "x")

    shape = draw(st.sampled_from(["ifDefined", "ifNotDefined", "conditional", "anyOf", "oneOf"]))
    found: Schema
    if shape == "ifDefined":
        found = {"dependentRequired": {other: [name]}}
    elif shape == "ifNotDefined":
        found = {"if": {"not": {"required": [other]}}, "then": {"required": [name]}}
    elif shape == "conditional":
        condition = {"properties": {other: {"enum": [value_of(other)]}}, "required": [other]}
        found = {"if": condition, "then": {"required": [name]}}
        if draw(st.booleans()):
            found["else"] = {"not": {"required": [name]}}
    else:
        keyword = shape
        found = {keyword: [{"required": [n]} for n in dict.fromkeys([name, other])]}
        if draw(st.booleans()):
            found[keyword].append({"properties": {name: {"const": value_of(name)}}})
    found["x-scenario-message"] = draw(st.text(max_size=12))
    return found


@st.composite
def ruled_schema(draw: Draw) -> Schema:
    schema = draw(contract_schema())
    rules = draw(st.lists(rule(schema["properties"]), min_size=1, max_size=3))
    return {**schema, "allOf": rules}


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), NUMBERS, st.integers(), st.text(max_size=4)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(NAMES, inner, max_size=4)),
    max_leaves=12,
)


# The tests --------------------------------------------------------------------------


@SETTINGS
@given(st.data())
def test_contract_shaped_schemas_valid_payloads(data: st.DataObject) -> None:
    schema = data.draw(contract_schema())
    payload = valid_value(data.draw, schema)
    assert_same(schema, payload)
    assert ours(schema, payload) == []


@SETTINGS
@given(st.data())
def test_contract_shaped_schemas_near_misses(data: st.DataObject) -> None:
    schema = data.draw(contract_schema())
    payload, broken = near_miss(data.draw, schema)
    assert_same(schema, payload, broken if broken[1] else None)


@SETTINGS
@given(st.data())
def test_schemas_with_api_rules_valid_payloads_and_near_misses(data: st.DataObject) -> None:
    schema = data.draw(ruled_schema())
    assert_same(schema, valid_value(data.draw, schema))
    payload, _ = near_miss(data.draw, schema)
    assert_same(schema, payload)  # a rule may fail too: the broken keyword need not be alone
    if schema.get("required"):
        name = data.draw(st.sampled_from(schema["required"]))
        assert_same(schema, {k: v for k, v in payload.items() if k != name})


@SETTINGS
@given(subset_schema(), JSON)
def test_any_subset_schema_on_any_json(schema: Any, payload: Any) -> None:
    assert_same(schema, payload)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_subset_schema_on_its_own_valid_values(data: st.DataObject) -> None:
    schema = data.draw(subset_schema())
    payload = valid_value(data.draw, schema) if isinstance(schema, dict) else None
    assert_same(schema, payload)


@functools.cache
def corpus_schemas() -> list[Schema]:
    pages, _ = parse_or_raise(shared_pages())
    return [model_schema(model) for page in pages for model in page.models]


def corpus_ids() -> list[Any]:
    pages = shared_pages()
    if not pages:
        return [pytest.param(None, id="corpus-absent")]
    return [pytest.param(i, id=s["x-scenario"]["modelId"]) for i, s in enumerate(corpus_schemas())]


@pytest.mark.parametrize("index", corpus_ids())
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_every_shared_page_schema(index: int | None, data: st.DataObject) -> None:
    if index is None:
        pytest.skip(
            "../shared/scenario-docs is absent: the shared corpus lives beside the checkout"
        )
    schema = corpus_schemas()[index]
    assert_same(schema, valid_value(data.draw, schema))
    payload, broken = near_miss(data.draw, schema)
    assert_same(schema, payload, broken if broken[1] else None)
