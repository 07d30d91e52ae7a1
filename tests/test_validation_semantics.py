"""What the compiled validators decide and report: JSON Schema 2020-12 as jsonschema applies
it, errors with JSONPath paths, in a stable order, lazily worded, with did-you-mean and a
lenient mode. Each validator is compiled from a schema and run in-process (the same
templates and runtime as the generated package)."""

from __future__ import annotations

import math
from typing import Any

import jsonschema
import pytest

from generator.validation.compiler import compile_schema
from generator.validation.loader import load_validator, load_verdict, runtime

NUMBER = {"type": "number"}


def errors_of(schema: Any, payload: Any, **options: Any) -> list[tuple[str, str]]:
    return [(e.path, e.keyword) for e in load_validator(schema)(payload, **options)]


def verdict(schema: Any, payload: Any) -> bool:
    return not load_validator(schema)(payload)


def jsonschema_verdict(schema: Any, payload: Any) -> bool:
    return jsonschema.Draft202012Validator(schema).is_valid(payload)


@pytest.mark.parametrize(
    ("schema", "payload"),
    [
        ({"type": "number"}, True),
        ({"type": "integer"}, False),
        ({"type": "integer"}, 1.0),
        ({"type": "integer"}, 1.5),
        ({"type": "integer"}, 10**30),
        ({"type": "number", "minimum": 0}, True),
        ({"enum": [1]}, True),
        ({"enum": [1]}, 1.0),
        ({"enum": [True]}, 1),
        ({"enum": [0]}, False),
        ({"enum": [[1]]}, [True]),
        ({"enum": [[1]]}, [1.0]),
        ({"enum": [{"a": 1}]}, {"a": 1.0}),
        ({"enum": [{"a": 1}]}, {"a": True}),
        ({"const": 1}, True),
        ({"const": 2.0}, 2),
        ({"const": None}, None),
        ({"const": None}, 0),
        ({"const": "\u00e4"}, "a\u0308"),
        ({"uniqueItems": True}, [1, 1.0]),
        ({"uniqueItems": True}, [1, True]),
        ({"uniqueItems": True}, [[1], [True]]),
        ({"uniqueItems": True}, [{"a": 1}, {"a": 1.0}]),
        ({"uniqueItems": True}, ["1", 1]),
        ({"maxLength": 2}, "\U0001f600\U0001f600"),
        ({"minLength": 2}, "\U0001f600"),
        ({"multipleOf": 0.1}, 0.3),
        ({"multipleOf": 0.01}, 19.99),
        ({"multipleOf": 2}, 7.5),
        ({"multipleOf": 1e-8, "type": "integer"}, 12391239123),
        ({"multipleOf": 0.123456789, "type": "integer"}, 1e308),
        ({"pattern": "^a+$"}, "aaa\n"),
        ({"pattern": "\\d"}, "\u0661"),
        ({"type": "string", "pattern": "b"}, 5),
        ({"items": {"type": "string"}}, {"0": 5}),
        ({"properties": {"a": NUMBER}}, ["a"]),
        ({"required": ["a"]}, "a"),
        ({"additionalProperties": False}, []),
        # a bounded number: ints against the bounds, floats against their float twins
        ({"type": "number", "minimum": 0, "maximum": 10**30}, 1e30),
        ({"type": "number", "minimum": 0, "maximum": 10**30}, 10**30),
        ({"type": "number", "minimum": -(10**30), "maximum": 0}, -1e30),
        ({"type": "number", "minimum": 0, "maximum": 2**53 + 1}, float(2**53)),
        ({"type": "number", "minimum": 0, "maximum": 2**53 + 1}, 2**53 + 2),
        ({"type": "number", "minimum": 0, "maximum": 10**400}, 1.7976931348623157e308),
        ({"type": "number", "minimum": 0.5, "maximum": 2}, 2.0),
        ({"type": "number", "minimum": 0.5, "maximum": 2}, 0),
        ({"type": "number", "exclusiveMinimum": 0, "maximum": 1}, 0.0),
        ({"type": "number", "exclusiveMinimum": 0, "maximum": 1}, -0.0),
        ({"type": "number", "minimum": 0, "exclusiveMaximum": 1}, 1.0),
        ({"type": "number", "minimum": 0, "exclusiveMaximum": 1}, 0.9999999999999999),
        ({"type": "number", "minimum": 0, "maximum": 10}, True),
        # a union of types, tested by exact classes first
        ({"type": ["integer", "null"]}, 1.0),
        ({"type": ["integer", "null"]}, 1.5),
        ({"type": ["string", "null"]}, False),
        ({"type": ["boolean", "object"]}, 0),
        ({"type": ["number", "string"]}, True),
        ({"type": ["integer", "number"]}, 2.5),
    ],
)
def test_verdicts_are_jsonschemas(schema: dict[str, Any], payload: Any) -> None:
    assert verdict(schema, payload) is jsonschema_verdict(schema, payload)


@pytest.mark.parametrize("payload", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize(
    ("schema", "keyword"),
    [
        ({"type": "number"}, "type"),
        ({"type": "number", "minimum": 0}, "type"),
        ({"type": ["number", "null"]}, "type"),
        ({"type": ["integer", "number", "string"]}, "type"),
        ({"minimum": 0}, "minimum"),
        ({"exclusiveMaximum": 0}, "exclusiveMaximum"),
        ({"multipleOf": 2}, "multipleOf"),
    ],
)
def test_nan_and_infinities_are_not_json_numbers(
    schema: dict[str, Any], keyword: str, payload: float
) -> None:
    """The one deviation from jsonschema, which accepts them (here: `nan < 0` is False)."""
    assert errors_of(schema, payload) == [("$", keyword)]
    assert "not" in load_validator(schema)(payload)[0].message.replace("does not", "not")


def test_nan_fails_bounded_and_enum_numbers_in_the_fast_test_too() -> None:
    schema = {
        "type": "object",
        "properties": {
            "bounded": {"type": "number", "minimum": 0, "maximum": 1},
            "half": {"type": "number", "minimum": 0},
            "free": {"type": "number"},
            "listed": {"type": "number", "enum": [1, 2]},
            "many": {"type": "array", "items": {"type": "number"}},
        },
    }
    payload = {key: math.inf for key in ("bounded", "half", "free", "listed")}
    payload["many"] = [1, math.nan]
    assert errors_of(schema, payload) == [
        ("$.bounded", "type"),
        ("$.half", "type"),
        ("$.free", "type"),
        ("$.listed", "type"),
        ("$.listed", "enum"),
        ("$.many[1]", "type"),
    ]


def test_every_error_is_reported_in_schema_property_order_then_keyword_order() -> None:
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["z", "a"],
        "properties": {
            "z": {"type": "string", "minLength": 3, "pattern": "^x"},
            "m": {"type": "number", "enum": [1, 2], "maximum": 1},
            "a": {"type": "array", "maxItems": 1, "items": {"type": "integer"}},
        },
    }
    payload = {"unknown": 1, "a": [1.5, "x"], "m": "two", "z": "ab", "other": 2}
    assert errors_of(schema, payload) == [
        ("$.z", "minLength"),
        ("$.z", "pattern"),
        ("$.m", "type"),
        ("$.m", "enum"),
        ("$.a", "maxItems"),
        ("$.a[0]", "type"),
        ("$.a[1]", "type"),
        ("$.unknown", "additionalProperties"),
        ("$.other", "additionalProperties"),
    ]
    assert errors_of(schema, {}) == [("$.z", "required"), ("$.a", "required")]


def test_paths_are_jsonpath_with_brackets_for_names_that_are_not_identifiers() -> None:
    schema = {
        "type": "object",
        "properties": {
            "a-b": NUMBER,
            "1st": NUMBER,
            "it's": NUMBER,
            "back\\slash": NUMBER,
            "line\nbreak": NUMBER,
            "": NUMBER,
            "images": {"type": "array", "items": {"type": "string"}},
            "nested": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"x-y": {"type": "array", "items": NUMBER}},
                },
            },
        },
        "additionalProperties": {"type": "boolean"},
    }
    payload = {
        "a-b": "1",
        "1st": "1",
        "it's": "1",
        "back\\slash": "1",
        "line\nbreak": "1",
        "": "1",
        "images": ["a", "b", 3],
        "nested": [{}, {"x-y": [1, "2"]}],
        "odd key": 1,
    }
    assert [path for path, _ in errors_of(schema, payload)] == [
        "$['a-b']",
        "$['1st']",
        "$['it\\'s']",
        "$['back\\\\slash']",
        "$['line\\nbreak']",
        "$['']",
        "$.images[2]",
        "$.nested[1]['x-y'][1]",
        "$['odd key']",
    ]


def test_unknown_keys_and_enum_values_get_the_closest_known_name() -> None:
    schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "ssGuidanceStrength": NUMBER,
            "style": {"type": "string", "enum": ["photographic", "illustration"]},
        },
    }
    found = load_validator(schema)({"ssGuidanceStrenght": 3, "style": "ilustration"})
    assert [(e.path, e.keyword) for e in found] == [
        ("$.style", "enum"),
        ("$.ssGuidanceStrenght", "additionalProperties"),
    ]
    assert 'did you mean "illustration"?' in found[0].message
    assert 'did you mean "ssGuidanceStrength"?' in found[1].message
    assert "did you mean" not in load_validator(schema)({"zzz": 1})[0].message


def _dice_reference(value: str, candidates: list[str]) -> str | None:
    """The suggestion in a short list as the runtime documents it, written plainly: the
    first candidate with the highest Dice coefficient over features (pairs of adjacent
    characters with the ends marked, and characters), if at least 0.5."""

    def features(text: str) -> set[str]:
        marked = f"\x00{text}\x00"
        return {marked[i : i + 2] for i in range(len(marked) - 1)} | set(text)

    best, best_score = None, 0.5
    for candidate in candidates:
        mine, theirs = features(value), features(candidate)
        score = 2 * len(mine & theirs) / (len(mine) + len(theirs))
        if score > best_score or (score == best_score and best is None):
            best, best_score = candidate, score
    return best


def test_did_you_mean_is_the_first_candidate_with_the_best_dice_coefficient() -> None:
    import random

    rt = runtime()
    rng = random.Random(16)
    names = ["prompt", "aspectRatio", "width", "height", "seed", "negativePrompt", "w", ""]
    for _ in range(2000):
        candidates = rng.sample(names, rng.randint(1, len(names)))
        source = rng.choice(candidates)
        value = "".join(rng.choice([c, c, "", c + c, "x", "\x00"]) for c in source)
        assert rt._closest(value, candidates) == _dice_reference(value, candidates), value
        # and values far from every candidate, which the runtime gives up on early
        value = "".join(rng.choices("aeghiorstwx?", k=rng.randint(0, 6)))
        assert rt._closest(value, candidates) == _dice_reference(value, candidates), value


def test_messages_say_what_was_expected_and_what_was_found() -> None:
    schema = {
        "type": "object",
        "required": ["image"],
        "properties": {
            "seed": {"type": "number", "minimum": 0, "maximum": 10},
            "name": {"type": "string", "maxLength": 3},
            "flag": {"type": "boolean"},
        },
    }
    found = load_validator(schema)({"seed": 11, "name": "four", "flag": "yes"})
    assert [str(e) for e in found] == [
        "$.seed: maximum: expected at most 10, found 11",
        '$.name: maxLength: expected at most 3 characters, found 4: "four"',
        '$.flag: type: expected a boolean, found a string: "yes"',
        # required but not among the properties: after them
        '$.image: required: missing required property "image"',
    ]


def test_lenient_mode_turns_unknown_keys_and_enum_values_into_warnings_only() -> None:
    schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "style": {"type": "string", "enum": ["a", "b"]},
            "seed": {"type": "number", "maximum": 1},
            "tags": {"type": "array", "items": {"type": "string", "enum": ["x"]}},
        },
    }
    validate = load_validator(schema)
    payload = {"style": "c", "newOption": 1, "tags": ["y"], "seed": 2}
    strict = validate(payload)
    lenient = validate(payload, lenient=True)
    assert [(e.path, e.keyword) for e in strict] == [(e.path, e.keyword) for e in lenient]
    assert {e.severity for e in strict} == {"error"}
    assert {(e.keyword, e.severity) for e in lenient} == {
        ("enum", "warning"),
        ("additionalProperties", "warning"),
        ("maximum", "error"),
    }
    assert str(lenient[0]).startswith("warning: $.style: enum:")
    assert validate({"style": "c", "newOption": 1}, lenient=True)
    assert not runtime().errors_only(validate({"style": "c", "newOption": 1}, lenient=True))


def test_errors_are_values_with_a_json_form() -> None:
    rt = runtime()
    found = load_validator({"type": "object", "properties": {"a": {"maximum": 1}}})({"a": 2})
    (error,) = found
    assert error == rt.ValidationError("$.a", "maximum", "expected at most 1, found 2")
    assert hash(error) == hash(rt.ValidationError("$.a", "maximum", error.message))
    assert error != rt.ValidationError("$.a", "maximum", error.message, "warning")
    assert error.to_dict() == {"path": "$.a", "keyword": "maximum", "message": error.message}
    assert "severity='error'" in repr(error)


def test_invalid_payload_lists_every_error_in_its_message() -> None:
    rt = runtime()
    errors = load_validator({"type": "object", "required": ["a", "b"]})({})
    exc = rt.InvalidPayload(errors, "model_x")
    assert exc.errors == errors
    assert str(exc).splitlines() == [
        "invalid payload for model_x: 2 errors",
        '  $.a: required: missing required property "a"',
        '  $.b: required: missing required property "b"',
    ]
    assert isinstance(exc, ValueError)


def test_subclasses_of_json_types_are_checked_as_those_types() -> None:
    """The fast tests compare exact classes; anything else takes the precise path."""
    import enum

    class Size(enum.IntEnum):
        SMALL = 512

    class Name(str, enum.Enum):
        A = "a"

    schema = {
        "type": "object",
        "properties": {
            "size": {"type": "integer", "enum": [512], "maximum": 1024},
            "name": {"type": "string", "enum": ["a"]},
            "items": {"type": "array", "items": {"type": "number"}},
        },
    }

    class Items(list):  # type: ignore[type-arg]
        pass

    assert errors_of(schema, {"size": Size.SMALL, "name": Name.A, "items": Items([1])}) == []
    assert errors_of(schema, {"items": Items([True])}) == [("$.items[0]", "type")]


def test_the_verdict_asks_check_about_subclasses_and_whole_floats() -> None:
    """A verdict trusts a failed fast test only for values of the classes json.loads
    makes, and never for an integer (its fast test takes no `1.0`)."""
    import enum

    class Size(enum.IntEnum):
        SMALL = 512

    class Text(str):
        pass

    class Items(list):  # type: ignore[type-arg]
        pass

    schema = {
        "type": "object",
        "properties": {
            "size": {"type": "number", "minimum": 0, "maximum": 1024},
            "count": {"type": "integer", "maximum": 10},
            "name": {"type": "string", "enum": ["a"]},
            "either": {"type": ["integer", "null"]},
            "items": {"type": "array", "maxItems": 2},
        },
        "additionalProperties": False,
    }
    is_valid = load_verdict(schema)
    assert is_valid({"size": Size.SMALL, "name": Text("a"), "items": Items([1])})
    assert is_valid({"count": 3.0, "either": 2.0})
    assert not is_valid({"count": 3.5})
    assert not is_valid({"items": Items([1, 2, 3])})
    assert not is_valid({"name": Text("b")})


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string"},
        {"type": "string", "enum": ["a", "b"]},
        {"type": "string", "minLength": 1, "maxLength": 1, "pattern": "^a"},
        {"type": "number"},
        {"type": "number", "minimum": 0, "maximum": 10},
        {"type": "number", "exclusiveMinimum": 0, "multipleOf": 2.5},
        {"type": "number", "enum": [0, 2.5, 5]},
        {"type": "number", "const": 5},
        {"type": "integer", "minimum": 0},
        {"type": "boolean", "enum": [True]},
        {"type": "null"},
        {"type": ["string", "null"]},
        {"type": ["number", "boolean"]},
        {"type": ["integer", "null"]},
        {"type": "array", "minItems": 1, "uniqueItems": True},
        {"type": "array", "items": False},
        {"type": "object"},
    ],
)
def test_fast_tests_decide_every_json_value_as_check_does(schema: dict[str, Any]) -> None:
    """The verdict returns False for a value of a JSON class that fails its fast test:
    that must be `validate`'s verdict too, on every tricky value."""
    wrapped = {"type": "object", "properties": {"x": schema}, "additionalProperties": False}
    validate, is_valid = load_validator(wrapped), load_verdict(wrapped)
    for value in TRICKY_VALUES:
        assert is_valid({"x": value}) is (not validate({"x": value})), value
        json_value = type(value) is not object and not (
            isinstance(value, float) and not math.isfinite(value)  # not JSON: refused
        )
        if json_value:
            assert is_valid({"x": value}) is jsonschema_verdict(wrapped, {"x": value}), value


def test_values_that_are_not_json_are_reported_not_raised() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "number"}, "b": {"enum": [1]}}}
    found = load_validator(schema)({"a": object(), "b": (1,)})
    assert [(e.path, e.keyword) for e in found] == [("$.a", "type"), ("$.b", "enum")]
    assert "not a JSON value" in found[0].message


TRICKY_VALUES: list[Any] = [
    0,
    5,
    -1,
    11,
    2.5,
    -0.5,
    10.5,
    1.0,
    math.nan,
    math.inf,
    -math.inf,
    True,
    False,
    None,
    "a",
    "b",
    "",
    [],
    {},
    [1],
    10**30,
    object(),
]


@pytest.mark.parametrize(
    ("checker", "keywords", "lenient"),
    [
        ("check_type", {"types": ("string",)}, False),
        ("check_type", {"types": ("number",)}, False),
        ("check_type", {"types": ("integer",)}, False),
        ("check_type", {"types": ("boolean", "null")}, False),
        ("check_type", {"types": ("object",)}, False),
        ("check_range", {"types": ("number",), "minimum": 0, "maximum": 10}, False),
        ("check_range", {"types": ("number",), "minimum": 0.5}, False),
        ("check_range", {"types": ("number",), "maximum": 10}, False),
        ("check_range", {"types": ("number",), "minimum": 10, "maximum": 0}, False),
        ("check_enum", {"types": ("string",), "enum": ("a", "c")}, False),
        ("check_enum", {"types": ("string",), "enum": ("a", "c")}, True),
        ("check_enum", {"types": ("number",), "enum": (0, 2.5, True)}, False),
        ("check_enum", {"types": ("integer",), "enum": (1, 5)}, True),
        ("check_enum", {"types": ("boolean",), "enum": (False,)}, False),
        ("check_enum", {"types": ("null",), "enum": ()}, False),
    ],
)
def test_the_narrow_checks_report_what_check_reports(
    checker: str, keywords: dict[str, Any], lenient: bool
) -> None:
    """`check_type`, `check_range` and `check_enum` are shortcuts: same errors, same words."""
    rt = runtime()
    shape = rt.Keywords(**keywords)
    narrow = getattr(rt, checker)

    def found(check: Any, value: Any) -> list[tuple[str, str, str, str]]:
        errors: list[Any] = []
        if "enum" in keywords:
            check(errors, "$.x", value, shape, lenient)
        else:
            check(errors, "$.x", value, shape)
        return [(e.path, e.keyword, e.message, e.severity) for e in errors]

    class Whole(int):
        pass

    class Text(str):
        pass

    for value in [*TRICKY_VALUES, Whole(5), Text("a")]:
        assert found(narrow, value) == found(rt.check, value), value


@pytest.mark.parametrize(
    ("schema", "checker"),
    [
        ({"type": "string"}, "check_type"),
        ({"type": ["string", "null"]}, "check_type"),
        ({"type": ["number", "null"]}, "check_type"),
        ({"type": "array", "items": {"type": "string"}}, "check_type"),
        ({"type": "number", "minimum": 0, "maximum": 1}, "check_range"),
        ({"type": "number"}, "check_type"),
        ({"type": "string", "enum": ["a"]}, "check_enum"),
        ({"type": "number", "enum": [1, 2]}, "check_enum"),
        ({"type": "integer", "minimum": 0}, "check"),
        ({"type": "number", "exclusiveMinimum": 0}, "check"),
        ({"type": "number", "enum": [1], "maximum": 2}, "check"),
        ({"type": "array", "enum": [[1]]}, "check"),
        ({"enum": ["a"]}, "check"),
        ({"type": "string", "maxLength": 3}, "check"),
    ],
)
def test_the_compiler_names_the_narrowest_check(schema: dict[str, Any], checker: str) -> None:
    assert compile_schema(schema).root.checker == checker


@pytest.mark.parametrize(
    "types", [["string", "null"], ["integer", "array"], ["number", "null"], ["integer", "number"]]
)
def test_a_union_of_types_gets_a_fast_test(types: list[str]) -> None:
    root = compile_schema({"type": types}).root
    assert root.kind == "leaf"
    assert root.tests[0].kind == "type_union"


def test_an_error_from_an_api_rule_carries_the_apis_message() -> None:
    rules = [
        {
            "dependentRequired": {"mask": ["image"]},
            "x-scenario-message": "A mask needs an image",
        },
        {
            "if": {"properties": {"mode": {"const": "edit"}}, "required": ["mode"]},
            "then": {"required": ["image"]},
            "x-scenario-message": "Edit mode needs an image",
        },
        {
            "anyOf": [{"required": ["left"]}, {"required": ["back"]}],
            "x-scenario-message": "Provide with at least one of left, back",
        },
    ]
    schema = {"type": "object", "allOf": rules}
    found = load_validator(schema)({"mask": "m", "mode": "edit"})
    assert [(e.path, e.keyword, e.message) for e in found] == [
        ("$.image", "dependentRequired", "A mask needs an image"),
        ("$.image", "required", "Edit mode needs an image"),
        ("$", "anyOf", "Provide with at least one of left, back"),
    ]
    # outside a rule, errors say what they always say
    plain = load_validator({"dependentRequired": {"mask": ["image"]}})({"mask": 1})
    assert plain[0].message == 'missing property "image", required when "mask" is given'


def test_an_inner_rules_message_wins_and_if_reports_nothing() -> None:
    schema = {
        "allOf": [
            {
                "not": {"required": ["a"]},
                "allOf": [{"required": ["b"], "x-scenario-message": "inner"}],
                "x-scenario-message": "outer",
            }
        ],
        "if": {"required": ["z"], "x-scenario-message": "never shown"},
        "then": {"required": ["y"]},
    }
    found = load_validator(schema)({"a": 1, "z": 2})
    assert [(e.path, e.keyword, e.message) for e in found] == [
        ("$.b", "required", "inner"),
        ("$", "not", "outer"),
        ("$.y", "required", 'missing required property "y"'),
    ]


def test_applicator_errors_say_what_was_expected() -> None:
    assert [e.message for e in load_validator({"oneOf": [{}, {}]})(1)] == [
        "expected a value matching exactly one of 2 schemas, found one matching 2: 1"
    ]
    assert [e.message for e in load_validator({"not": {"type": "string"}})("x")] == [
        'expected a value not matching the `not` schema, found a string: "x"'
    ]
    assert [e.message for e in load_validator({"anyOf": [False, False]})(None)] == [
        "expected a value matching at least one of 2 schemas, found null: null"
    ]


DEEP = 10_000


def nested(depth: int, leaf: Any = 1) -> Any:
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "schema",
    [
        {"enum": [nested(50, 2), 1]},
        {"const": nested(50, 2)},
        {"type": "array", "uniqueItems": True},
        {"type": "string"},
        {"not": {"const": nested(50)}},
        {"type": "object", "additionalProperties": False},
    ],
)
def test_values_ten_thousand_levels_deep_never_raise(schema: dict[str, Any]) -> None:
    """Comparisons and messages walk nested values without recursion."""
    for payload in ([nested(DEEP), nested(DEEP)], {"k": nested(DEEP)}, nested(DEEP, 2)):
        found = load_validator(schema)(payload)
        assert all(isinstance(e.message, str) for e in found)  # every message reads
        assert load_verdict(schema)(payload) is (not found)
    assert load_validator({"type": "array", "uniqueItems": True})([nested(DEEP)] * 2)
    assert load_validator({"enum": [nested(50, 2)]})(nested(DEEP, 2))
    assert not load_validator({"enum": [nested(50, 2)]})(nested(50, 2.0))
    message = load_validator({"type": "string"})(nested(DEEP))[0].message
    assert message.startswith("expected a string, found an array: [[[[") and len(message) < 200


def test_a_message_about_a_huge_integer_never_raises() -> None:
    huge = 10**5000
    found = load_validator({"type": "object", "properties": {"n": {"maximum": 10}}})({"n": huge})
    assert found[0].message == "expected at most 10, found <an integer of about 5,001 digits>"
    assert load_validator({"type": "string"})([huge])[0].message.startswith(
        "expected a string, found an array: [<an integer of about"
    )
    assert load_validator({"enum": [1, 2]})(huge)[0].message.startswith("expected one of 1, 2")


def test_did_you_mean_over_a_long_enum_finds_the_close_value() -> None:
    values = [f"Avatar {n} in {color} shirt" for n in range(400) for color in ("blue", "red")]
    values += ["Abigail Office Front", "Abigail Sofa Side"]
    validate = load_validator({"enum": values})
    (error,) = validate("Abigail Ofice Front")
    assert 'did you mean "Abigail Office Front"?' in error.message
    (error,) = validate("Avatar 17 in blu shirt")
    assert 'did you mean "Avatar 17 in blue shirt"?' in error.message
