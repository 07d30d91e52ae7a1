"""The compiler's contract with schemas: every keyword is supported, an annotation, an `x-`
extension, or refused by name; malformed values are refused with their location; all
problems are reported at once."""

from __future__ import annotations

import ast
from typing import Any

import pytest

from generator.validation import ANNOTATIONS, ASSERTIONS, SchemaError, compile_schema
from generator.validation.loader import RUNTIME_MODULE, load_validator, validator_source

UNSUPPORTED = [
    "patternProperties",
    "propertyNames",
    "prefixItems",
    "contains",
    "$ref",
    "$defs",
    "format",
    "dependencies",
    "minProperties",
    "maxProperties",
    "unevaluatedItems",
    "unevaluatedProperties",
    "readOnly",
    "typo",
]


def problems_of(schema: Any) -> list[tuple[str, str | None, bool]]:
    with pytest.raises(SchemaError) as caught:
        compile_schema(schema)
    return [(p.pointer, p.keyword, p.unsupported) for p in caught.value.problems]


@pytest.mark.parametrize("keyword", UNSUPPORTED)
def test_a_keyword_outside_the_subset_is_refused_by_name_wherever_it_is(keyword: str) -> None:
    nested = {
        "type": "object",
        "properties": {"a": {"type": "array", "items": {"type": "object", keyword: {}}}},
    }
    with pytest.raises(SchemaError) as caught:
        compile_schema(nested)
    assert caught.value.unsupported_keywords == (keyword,)
    (problem,) = caught.value.problems
    assert problem.pointer == "#/properties/a/items"
    assert repr(keyword) in str(problem)


def test_every_problem_is_reported_at_once() -> None:
    schema = {
        "type": "objet",
        "patternProperties": {},
        "allOf": [],
        "properties": {"a": {"minimum": "1", "maxLength": -1}, "b": {"pattern": "("}},
        "required": "a",
        "additionalProperties": {"format": "uri"},
        "anyOf": [{"not": {"type": 1}}],
        "dependentRequired": {"a": "b"},
        "if": {"enum": 1},
        "x-scenario-message": 7,
    }
    assert problems_of(schema) == [
        ("#/type", "type", False),
        ("#", "patternProperties", True),
        ("#/allOf", "allOf", False),
        ("#/required", "required", False),
        ("#/dependentRequired", "dependentRequired", False),
        ("#/x-scenario-message", "x-scenario-message", False),
        ("#/properties/a/minimum", "minimum", False),
        ("#/properties/a/maxLength", "maxLength", False),
        ("#/properties/b/pattern", "pattern", True),
        ("#/additionalProperties", "format", True),
        ("#/anyOf/0/not/type", "type", False),
        ("#/if/enum", "enum", False),
    ]


@pytest.mark.parametrize(
    "schema",
    [
        {"$schema": "http://json-schema.org/draft-07/schema#"},
        {"minimum": True},
        {"minimum": float("nan")},
        {"multipleOf": 0},
        {"minItems": 1.5},
        {"uniqueItems": "yes"},
        {"enum": "a"},
        {"const": float("inf")},
        {"type": []},
        {"type": ["string", "string"]},
        {"properties": []},
        {"items": 1},
        ["not a schema"],
    ],
)
def test_malformed_keyword_values_are_refused(schema: Any) -> None:
    with pytest.raises(SchemaError):
        compile_schema(schema)


def test_annotations_and_extensions_are_accepted_and_assert_nothing() -> None:
    schema: dict[str, Any] = {key: "anything" for key in ANNOTATIONS}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["examples"] = [1, "two"]
    schema["x-scenario"] = {"modelId": "m"}
    schema["x-anything-else"] = ["whatever"]
    schema["default"] = {"not": "checked"}
    validate = load_validator(schema)
    for payload in (None, 1, "x", [1], {"a": 1}):
        assert validate(payload) == []


def test_the_supported_subset_is_the_test_suites() -> None:
    assert set(ASSERTIONS) == {
        "type", "enum", "const", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "minItems",
        "maxItems", "uniqueItems", "items", "properties", "required", "additionalProperties",
        "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentRequired",
        "dependentSchemas",
    }  # fmt: skip


def test_adding_a_keyword_touches_one_table() -> None:
    """Every keyword's schema problems, runtime argument and fast test live in its entry."""
    from generator.validation.keywords import KEYWORDS, VOCABULARY

    assert tuple(KEYWORDS) == ASSERTIONS == tuple(k.name for k in VOCABULARY)
    arguments = [k.argument for k in VOCABULARY if k.argument]
    runtime_arguments = load_runtime_keyword_arguments()
    assert arguments == runtime_arguments


def load_runtime_keyword_arguments() -> list[str]:
    import inspect

    from generator.runtime import _validation

    return list(inspect.signature(_validation.Keywords).parameters)


def test_a_value_nothing_constrains_gets_no_code() -> None:
    source = validator_source({"properties": {"a": {}, "b": True, "c": {"description": "x"}}})
    assert "payload" in source
    assert '"a"' not in source and '"b"' not in source and '"c"' not in source


def test_boolean_schemas() -> None:
    assert load_validator(True)(object()) == []
    (error,) = load_validator(False)(1)
    assert (error.path, error.keyword) == ("$", "false")
    found = load_validator({"properties": {"gone": False}, "items": False})({"gone": 1})
    assert [(e.path, e.keyword) for e in found] == [("$.gone", "false")]


def test_schema_values_reach_the_code_only_as_literals() -> None:
    hostile = '"; import os; os.system("echo pwned") #'
    schema = {
        "type": "object",
        "properties": {hostile: {"type": "string", "enum": [hostile], "pattern": hostile}},
        "required": [hostile],
    }
    source = validator_source(schema)
    tree = ast.parse(source)
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert imported == {"annotations", "re", RUNTIME_MODULE}
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    assert "os" not in names
    literals = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    assert hostile in literals
    assert source.isascii()
    assert [e.keyword for e in load_validator(schema)({hostile: "x"})] == ["enum", "pattern"]
