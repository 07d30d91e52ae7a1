"""Reading `*.model.json`: every problem at once, `file:line`, errors vs warnings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.api.json_lines import value_lines
from generator.api.read import parse_definition, read_definitions
from tests.models_standin import model

NAME = "model_x.model.json"


def read(document: Any) -> tuple[Any, list[str]]:
    """The definition (or None) and the problems, lines counted in the indented JSON."""
    text = document if isinstance(document, str) else json.dumps(document, indent=2)
    found, problems = parse_definition(text.encode("utf-8"), NAME, NAME)
    return found, [str(p) for p in problems]


def test_a_good_definition_reads_without_problems() -> None:
    definition, problems = read(model("model_x", [{"name": "a", "type": "number", "min": 1}]))
    assert problems == []
    assert definition.model_id == "model_x" and definition.title == "model_x"
    assert definition.inputs[0].minimum == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", f"{NAME}:1: expected JSON, found expecting property name enclosed in double quotes"),
        ('{"id": NaN}', f"{NAME}:1: expected a JSON number, found NaN"),
        ("[1]", f"{NAME}:1: expected a model object (`id`, `inputs`, ...), found [1]"),
        ('{"inputs": []}', f"{NAME}:1: expected the model's `id`, found none"),
        (
            '{"id": "../x", "inputs": []}',
            f"{NAME}:1: expected a Model ID of letters, digits, '.', '_' and '-' (a safe file name), found '../x'",
        ),
        (
            "[" * 100000 + "]" * 100000,
            f"{NAME}:1: expected a model definition, found JSON nested too deeply",
        ),
    ],
)
def test_unusable_files_are_one_error(text: str, message: str) -> None:
    definition, problems = read(text)
    assert definition is None and problems == [message]


def test_not_utf8_names_the_byte() -> None:
    found, problems = parse_definition(b'{\n"id": "\xff"}', NAME, NAME)
    assert found is None and [str(p) for p in problems] == [
        f"{NAME}:2: expected UTF-8 text, found byte 0xff"
    ]


TYPES = (
    "string, number, boolean, file, model, file_array, string_array, number_array, "
    "model_array, inputs_array"
)


def test_every_error_of_a_file_is_reported_with_its_line() -> None:
    document = model(
        "model_x",
        [
            {"name": "a", "type": "integer"},
            {"type": "string"},
            {"name": "b", "type": "number", "min": "1", "max": 5, "step": True},
            {"name": "c", "type": "string", "minLength": 3, "maxLength": 2},
            {"name": "d", "type": "file", "kind": "4d", "maxSize": -1},
            {"name": "b", "type": "string"},
            {"name": "e", "type": "string", "required": {"conditional": {"values": ["x"]}}},
            {"name": "f", "type": "string", "required": {"ifDefined": ["a"]}},
            {"name": "g", "type": "string", "required": "yes"},
            {"name": "h", "type": "inputs_array", "inputs": [{"name": "i", "type": "text"}]},
        ],
    )
    definition, problems = read(document)
    assert definition is None

    def line(needle: str, occurrence: int = 0) -> int:
        lines = json.dumps(document, indent=2).splitlines()
        return [number for number, text in enumerate(lines, 1) if needle in text][occurrence]

    def at(needle: str, occurrence: int = 0) -> str:
        return f"{NAME}:{line(needle, occurrence)}: "

    first_b = line('"name": "b"') - 1  # the line of its object's `{`
    nameless = line('"type": "string"') - 1

    assert problems == [
        at('"integer"') + f'`a`: expected a type among {TYPES}, found "integer"',
        f"{NAME}:{nameless}: expected the input's `name`, found none",
        at('"min": "1"') + '`b`: `min`: expected a number, found "1"',
        at('"step": true') + "`b`: `step`: expected a number, found true",
        at('"minLength": 3') + "`c`: expected `minLength` at most `maxLength`, found 3 > 2",
        at('"kind": "4d"') + "`d`: `kind`: expected one of 3d, audio, document, image, "
        'image-hdr, json, text, video, found "4d"',
        at('"maxSize": -1') + "`d`: `maxSize`: expected a whole number of at least 0, found -1",
        at('"name": "b"', 1) + f"input `b` is defined twice (also line {first_b})",
        at('"conditional"') + "`e`: required.conditional: expected {values: {input: [values]}, "
        'operator}, found {"values": ["x"]}',
        at('"ifDefined"') + "`f`: required.ifDefined: expected an object of input -> message, "
        'found ["a"]',
        at('"required": "yes"') + '`g`: `required`: expected an object of rules, found "yes"',
        at('"type": "text"') + f'`i`: expected a type among {TYPES}, found "text"',
    ]


def test_what_a_schema_cannot_use_is_a_warning_and_left_out() -> None:
    document = model(
        "model_x",
        [
            {"name": "a", "type": "string", "kind": "image", "step": 2, "default": 3},
            {"name": "b", "type": "number", "allowedValues": [1, "two", 3], "maxLength": 4},
            {"name": "c", "type": "boolean", "allowedValues": ["yes"]},
            {
                "name": "d",
                "type": "file",
                "required": {"ifDefined": {"ghost": "m"}, "sometimes": {}},
            },
            {
                "name": "e",
                "type": "file",
                "required": {"conditional": {"values": {"a": ["x"], "b": [1]}}},
            },
            {"name": "f", "type": "file", "required": {"conditional": {"values": {"a": []}}}},
            {"name": "g", "type": "string", "inputs": [{"name": "h", "type": "string"}]},
        ],
    )
    definition, problems = read(document)
    assert definition is not None
    assert all(": warning: " in p for p in problems)
    assert [p.split(": warning: ")[1] for p in problems] == [
        "`a`: `step` applies to number, number_array inputs, not string; left out",
        "`a`: `kind` applies to file, file_array inputs, not string; left out",
        "`a`: default 3 does not fit type string; left out",
        "`b`: `maxLength` applies to string, model, file_array, string_array, number_array, "
        "model_array, inputs_array inputs, not number; left out",
        '`b`: allowed value "two" does not fit type number; left out',
        '`c`: allowed value "yes" does not fit type boolean; left out',
        "`c`: no allowed value fits type boolean: any value is allowed",
        "`d`: unknown rule required.sometimes; left out",
        '`e`: required.conditional names 2 inputs without an operator; read as "and"',
        "`f`: required.conditional lists no value of `a`: the rule never applies; left out",
        "`g`: `inputs` applies to inputs_array inputs, not string; left out",
        "`d`: required.ifDefined names `ghost`, which this model does not have",
    ]
    a, b, c, d, e, f, g = definition.inputs
    assert (a.kind, a.step, a.default) == (None, None, None)
    assert (b.allowed, b.max_length, c.allowed) == ((1, 3), None, None)
    assert [r.kind for r in d.rules] == ["ifDefined"] and f.rules == () and g.inputs is None
    assert e.rules[0].operator == "and"


def test_lenient_forms_the_sdk_types_allow() -> None:
    document = model(
        "model_x",
        [
            {"name": "a", "type": "string", "required": True, "description": None},
            {"name": "b", "type": "string", "required": {"always": True, "ifDefined": {"a": "m"}}},
            {"name": "c", "type": "string", "required": {"ifDefined": {"a": {}}, "always": None}},
            {"name": "d", "type": "string", "required": {"conditional": {"values": {"a": "x"}}}},
        ],
    )
    definition, problems = read(document)
    assert problems == []
    a, b, c, d = definition.inputs
    assert (a.always, a.description, b.always, b.rules) == (True, None, True, ())
    assert (c.always, c.rules[0].message) == (False, None)  # a message that is no string
    assert d.rules[0].conditions[0].values == ("x",)  # one value, not a list


def test_the_same_model_in_two_files_is_an_error_naming_both(tmp_path: Path) -> None:
    one, two = tmp_path / "one.model.json", tmp_path / "two.model.json"
    for path in (one, two):
        path.write_text(json.dumps(model("model_x", []), indent=2), encoding="utf-8")
    definitions, problems = read_definitions([one, two])
    assert [d.source for d in definitions] == [str(one)]
    assert [str(p) for p in problems] == [
        f"{two}:2: Model ID 'model_x' is defined twice (also {one}:2)"
    ]


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(JSON)
def test_value_lines_put_each_member_on_its_line(document: Any) -> None:
    text = json.dumps(document, indent=2)
    lines = text.splitlines()
    found = value_lines(text)
    assert found[()] == 1

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        line = lines[found[path] - 1]
        if path and isinstance(path[-1], str):
            assert line.lstrip().startswith(json.dumps(path[-1]) + ":"), (path, line)
        elif path:
            assert line.lstrip().startswith(json.dumps(value, indent=2).splitlines()[0]), (
                path,
                line,
            )
        children = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value) if isinstance(value, list) else ()
        )
        for key, child in children:
            walk(child, (*path, key))

    walk(document, ())
