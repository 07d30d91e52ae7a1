"""ModelInput -> JSON Schema: every field's mapping, and every rule, with jsonschema as the
judge: its verdicts must be the API's, read straight from the definition by an oracle
written here independently of the generator."""

from __future__ import annotations

import itertools
import json
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.api.read import parse_definition
from generator.api.rules import MESSAGE
from generator.api.schema import definition_schema, kind_of
from tests.api_models import LORA, LORA_ID, MESSAGES
from tests.models_standin import model

Schema = dict[str, Any]


def schema_of(definition: dict[str, Any]) -> Schema:
    read, problems = parse_definition(
        json.dumps(definition).encode(), "m.model.json", "m.model.json"
    )
    assert read is not None, problems
    return definition_schema(read)


def one_input(**item: Any) -> Schema:
    """The property schema of a lone input."""
    schema = schema_of(model("model_x", [{"name": "x", **item}]))
    return dict(schema["properties"]["x"])


def valid(schema: Schema, value: Any) -> bool:
    return jsonschema.Draft202012Validator(schema).is_valid(value)


@pytest.fixture(scope="module")
def lora() -> Schema:
    schema = schema_of(LORA)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


# The model ------------------------------------------------------------------------------


def test_model_keywords_follow_contract_1_with_source_api(lora: Schema) -> None:
    assert list(lora) == [
        "$schema",
        "$id",
        "title",
        "description",
        "type",
        "additionalProperties",
        "required",
        "properties",
        "allOf",
        "x-scenario",
    ]
    assert lora["$id"] == f"urn:scenario-codegen:model:{LORA_ID}"
    assert lora["title"] == "Team Character LoRA"
    assert lora["x-scenario"] == {
        "modelId": LORA_ID,
        "capabilities": ["txt2img", "img2img"],
        "provider": "Custom",
        "kind": "image generation",
        "source": "api",
    }
    assert list(lora["properties"]) == [i["name"] for i in LORA["inputs"]]
    assert lora["required"] == ["prompt"]  # always; the other rules are allOf entries
    assert not valid(lora, {"prompt": "a", "image": "i", "mask": "m", "surprise": 1})


@pytest.mark.parametrize(
    ("capabilities", "kind"),
    [
        (["img23d", "txt23d"], "3d generation"),
        (["txt2video"], "video generation"),
        (["txt2audio"], "audio generation"),
        (["controlnet", "txt2img_ip_adapter"], "image generation"),
        (["img2txt"], "text generation"),
        (["inpaint"], "custom"),
        ([], "custom"),
    ],
)
def test_kind_comes_from_the_first_capability_with_a_medium(
    capabilities: list[str], kind: str
) -> None:
    assert kind_of(capabilities) == kind


# Each field -----------------------------------------------------------------------------


def test_string_lengths_are_characters() -> None:
    schema = one_input(type="string", minLength=2, maxLength=5)
    assert (schema["minLength"], schema["maxLength"]) == (2, 5)
    assert [valid(schema, "a" * n) for n in (1, 2, 5, 6)] == [False, True, True, False]


def test_model_lengths_are_characters() -> None:
    schema = one_input(type="model", maxLength=8)
    assert schema == {"type": "string", "maxLength": 8, "x-scenario-type": "model"}
    assert valid(schema, "model_12") and not valid(schema, "model_123")


@pytest.mark.parametrize("type_name", ["string_array", "model_array", "file_array", "number_array"])
def test_array_lengths_are_item_counts_and_leave_items_alone(type_name: str) -> None:
    schema = one_input(type=type_name, minLength=1, maxLength=2)
    assert (schema["minItems"], schema["maxItems"]) == (1, 2)
    item = 5 if type_name == "number_array" else "x" * 5000
    assert [valid(schema, [item] * n) for n in (0, 1, 2, 3)] == [False, True, True, False]


def test_min_and_max_bound_an_arrays_items_count_and_a_number_arrays_items() -> None:
    counted = one_input(type="file_array", min=1, max=3)
    assert (counted["minItems"], counted["maxItems"]) == (1, 3)
    numbers = one_input(type="number_array", min=0, max=2, maxLength=2)
    assert numbers["items"] == {"type": "number", "minimum": 0, "maximum": 2}
    assert numbers["maxItems"] == 2
    assert valid(numbers, [0, 2]) and not valid(numbers, [2.5]) and not valid(numbers, [1, 1, 1])


def test_min_max_and_lengths_on_one_thing_keep_the_tighter_bound() -> None:
    schema = one_input(type="string", min=3, max=100, minLength=1, maxLength=10)
    assert (schema["minLength"], schema["maxLength"]) == (3, 10)
    schema = one_input(type="string_array", max=2, maxLength=5)
    assert schema["maxItems"] == 2


def test_number_bounds_step_default_and_allowed_values() -> None:
    schema = one_input(type="number", min=1, max=20, step=0.5, default=3.5)
    assert schema == {
        "type": "number",
        "default": 3.5,
        "minimum": 1,
        "maximum": 20,
        "x-scenario-step": 0.5,
        "x-scenario-type": "number",
    }
    assert valid(schema, 3.7)  # the step is the UI's increment: an annotation, not a rule
    assert not valid(schema, 20.5) and not valid(schema, 0)
    choice = one_input(type="number", allowedValues=[512, 1024])
    assert choice["enum"] == [512, 1024] and not valid(choice, 768)


def test_allowed_values_of_an_array_bound_its_items() -> None:
    schema = one_input(type="string_array", allowedValues=["a", "b"], default=["a"])
    assert schema["items"] == {"type": "string", "enum": ["a", "b"]}
    assert schema["default"] == ["a"]
    assert valid(schema, ["a", "b", "a"]) and not valid(schema, ["c"])


@pytest.mark.parametrize(
    "kind", ["3d", "audio", "document", "image", "image-hdr", "json", "text", "video"]
)
def test_file_kind_size_and_durations_are_annotations_on_the_file(kind: str) -> None:
    schema = one_input(type="file", kind=kind, maxSize=1024, minDuration=1, maxDuration=2.5)
    assert schema == {
        "type": "string",
        "x-scenario-kind": kind,
        "x-scenario-max-size": 1024,
        "x-scenario-min-duration": 1,
        "x-scenario-max-duration": 2.5,
        "x-scenario-type": "file",
    }


def test_a_file_arrays_kind_and_size_are_on_each_item() -> None:
    schema = one_input(type="file_array", kind="3d", maxSize=5.0, max=2)
    assert schema["items"] == {"type": "string", "x-scenario-kind": "3d", "x-scenario-max-size": 5}
    assert schema["maxItems"] == 2


def test_model_types_annotate_a_model_array() -> None:
    schema = one_input(type="model_array", modelTypes=["flux.1-lora"])
    assert schema["x-scenario-model-types"] == ["flux.1-lora"]


def test_ui_only_fields_are_not_kept() -> None:
    schema = one_input(
        type="string",
        label="L",
        hint="H",
        placeholder="P",
        group="G",
        color=True,
        prompt=True,
        promptSpark=True,
        costImpact=True,
        description="D",
    )
    assert schema == {"type": "string", "description": "D", "x-scenario-type": "string"}


def test_inputs_array_items_are_objects_of_the_nested_inputs(lora: Schema) -> None:
    regions = lora["properties"]["regions"]
    assert regions["maxItems"] == 4
    items = regions["items"]
    assert items["type"] == "object" and items["additionalProperties"] is False
    assert items["required"] == ["prompt"]
    assert list(items["properties"]) == ["prompt", "weight", "area", "areaMask"]
    assert items["properties"]["prompt"]["maxLength"] == 200
    assert items["allOf"] == [
        {"dependentRequired": {"area": ["areaMask"]}, MESSAGE: MESSAGES["areaMask"]}
    ]
    base = {"prompt": "a"}
    assert valid(lora, {**base, "image": "i", "mask": "m", "regions": [{"prompt": "p"}]})
    for region in (
        {},
        {"prompt": "x" * 201},
        {"prompt": "p", "weight": 2},
        {"prompt": "p", "area": "a"},
        {"prompt": "p", "other": 1},
    ):
        assert not valid(lora, {**base, "mesh": "m", "regions": [region]}), region


# Rules: each kind against the API's reading ----------------------------------------------


def test_each_rule_is_one_allof_entry_with_the_apis_message(lora: Schema) -> None:
    assert lora["allOf"] == [
        {"dependentRequired": {"image": ["mask"]}, MESSAGE: MESSAGES["mask"]},
        {
            "if": {"not": {"required": ["image"]}},
            "then": {"required": ["mesh"]},
            MESSAGE: MESSAGES["mesh"],
        },
        {
            "if": {
                "required": ["mode", "style"],
                "properties": {
                    "mode": {"enum": ["multiview"]},
                    "style": {"enum": ["flat", "toon"]},
                },
            },
            "then": {"required": ["leftImage"]},
            MESSAGE: '"leftImage" is required when "mode" is "multiview" and "style" is one of "flat", "toon"',
        },
        {
            "if": {
                "anyOf": [
                    {"required": ["mode"], "properties": {"mode": {"enum": ["multiview"]}}},
                    {"required": ["style"], "properties": {"style": {"enum": ["real"]}}},
                ]
            },
            "then": {"required": ["backImage"]},
            MESSAGE: '"backImage" is required when "mode" is "multiview" or "style" is "real"',
        },
    ]


def rules_only(schema: Schema) -> Schema:
    """The part of a model schema that says what is required: `required` and `allOf`."""
    return {key: schema[key] for key in ("required", "allOf") if key in schema}


def json_equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def api_accepts(inputs: list[dict[str, Any]], payload: dict[str, Any]) -> bool:
    """The oracle: the API's `required` rules, read from the definition as the SDK documents
    them (an input is defined when the payload has it; a conditional's missing operator
    reads as "and")."""
    for item in inputs:
        if item["name"] in payload:
            continue
        rules = item.get("required") or {}
        conditional = rules.get("conditional")
        hits = [
            other in payload and any(json_equal(payload[other], v) for v in values)
            for other, values in (conditional or {}).get("values", {}).items()
        ]
        either = (conditional or {}).get("operator") == "or"
        if (
            rules.get("always")
            or any(other in payload for other in rules.get("ifDefined") or {})
            or any(other not in payload for other in rules.get("ifNotDefined") or {})
            or (conditional and hits and (any(hits) if either else all(hits)))
        ):
            return False
    return True


LORA_RULE_INPUTS = ("prompt", "image", "mask", "mesh", "mode", "style", "leftImage", "backImage")
CHOICES: dict[str, list[Any]] = {
    "mode": ["single", "multiview"],
    "style": ["flat", "toon", "real"],
}


def lora_payloads() -> list[dict[str, Any]]:
    """Every combination of the LoRA's rule inputs present or absent (with every value of
    the ones the conditions look at)."""
    options = [[None, *CHOICES.get(name, ["v"])] for name in LORA_RULE_INPUTS]
    return [
        {
            name: value
            for name, value in zip(LORA_RULE_INPUTS, chosen, strict=True)
            if value is not None
        }
        for chosen in itertools.product(*options)
    ]


def test_every_rule_of_the_lora_gives_the_apis_verdict_on_every_combination(lora: Schema) -> None:
    payloads = lora_payloads()
    assert len(payloads) == 2**6 * 3 * 4
    verdicts = [valid(lora, p) == api_accepts(LORA["inputs"], p) for p in payloads]
    assert all(verdicts)
    assert 0 < sum(valid(lora, p) for p in payloads) < len(payloads)


@pytest.mark.parametrize(
    ("payload", "messages"),
    [
        ({"prompt": "p", "image": "i"}, [MESSAGES["mask"]]),
        ({"prompt": "p"}, [MESSAGES["mesh"]]),
        (
            {"prompt": "p", "mesh": "m", "mode": "multiview", "style": "toon"},
            [
                '"leftImage" is required when "mode" is "multiview" and "style" is one of "flat", "toon"',
                '"backImage" is required when "mode" is "multiview" or "style" is "real"',
            ],
        ),
        (
            {"prompt": "p", "mesh": "m", "style": "real"},
            ['"backImage" is required when "mode" is "multiview" or "style" is "real"'],
        ),
        ({"prompt": "p", "mesh": "m", "mode": "single", "style": "flat"}, []),
    ],
)
def test_each_broken_rule_is_reported_inside_its_entry_with_its_message(
    lora: Schema, payload: dict[str, Any], messages: list[str]
) -> None:
    errors = jsonschema.Draft202012Validator(lora).iter_errors(payload)
    found = []
    for error in errors:
        assert error.schema_path[0] == "allOf", error
        found.append(lora["allOf"][error.schema_path[1]][MESSAGE])
    assert found == messages


NAMES = ("a", "b", "c")
VALUES = ("x", "y", 1, 1.0, 2, True, False)


@st.composite
def rule_sets(draw: st.DrawFn) -> list[dict[str, Any]]:
    inputs = []
    for name in NAMES:
        others = st.sampled_from([n for n in (*NAMES, "ghost") if n != name])
        required: dict[str, Any] = {}
        if draw(st.booleans()):
            required["always"] = draw(st.booleans())
        if draw(st.booleans()):
            required["ifDefined"] = draw(st.dictionaries(others, st.text(max_size=5), max_size=2))
        if draw(st.booleans()):
            required["ifNotDefined"] = draw(
                st.dictionaries(others, st.text(max_size=5), max_size=2)
            )
        if draw(st.booleans()):
            values = draw(
                st.dictionaries(
                    others,
                    st.lists(st.sampled_from(VALUES), min_size=1, max_size=3),
                    min_size=1,
                    max_size=3,
                )
            )
            conditional: dict[str, Any] = {"values": values}
            operator = draw(st.sampled_from([None, "and", "or"]))
            if operator:
                conditional["operator"] = operator
            required["conditional"] = conditional
        inputs.append(
            {"name": name, "type": "string", **({"required": required} if required else {})}
        )
    return inputs


@settings(max_examples=100, deadline=None)
@given(
    rule_sets(),
    st.lists(
        st.dictionaries(st.sampled_from(NAMES), st.sampled_from(VALUES)), min_size=1, max_size=8
    ),
)
def test_random_rules_give_the_apis_verdicts(
    inputs: list[dict[str, Any]], payloads: list[dict[str, Any]]
) -> None:
    schema = rules_only(schema_of(model("model_r", inputs)))
    jsonschema.Draft202012Validator.check_schema(schema)
    for payload in payloads:
        assert valid(schema, payload) == api_accepts(inputs, payload), (inputs, payload)
