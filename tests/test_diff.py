"""`diff`: each classification rule, the formats, exit codes, and two properties."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.pages.model import Model, Param
from generator.schemas.build import Schema, model_schema
from generator.upstream.changes import KINDS, Change, canonical, semver
from generator.upstream.diff import diff
from generator.upstream.diff_format import as_markdown, as_text, code_span
from generator.upstream.snapshot import load
from tests.conftest import SEED_PAGE
from tests.pages import page

Row = tuple[str | None, str, bool]
"""(param, kind, breaking): what a rule test expects of one change."""


def param(name: str = "p", type_: str = "number", required: bool = False, **fields: Any) -> Param:
    return Param(name, type_, required, fields.pop("description", "A parameter."), 1, **fields)


def model(*params: Param, model_id: str = "model_x", **fields: Any) -> Model:
    values: dict[str, Any] = {
        "name": "X",
        "description": "A model.",
        "capabilities": ("txt2img",),
        "provider": "Acme",
        "kind": "image generation",
    }
    values.update(fields)
    return Model(
        model_id,
        values["name"],
        values["description"],
        values["capabilities"],
        values["provider"],
        values["kind"],
        params,
        1,
    )


def schemas(*models: Model) -> dict[str, Schema]:
    return {m.id: model_schema(m) for m in models}


def rows(old: dict[str, Schema], new: dict[str, Schema]) -> list[Row]:
    return [(c.param, c.kind, c.breaking) for c in diff(old, new)]


def param_rows(old: Param, new: Param) -> list[Row]:
    return rows(schemas(model(old)), schemas(model(new)))


# Model-level rules --------------------------------------------------------------------


def test_model_removed_is_breaking() -> None:
    found = diff(
        schemas(model(param()), model(model_id="model_y", name="Y")),
        schemas(model(param())),
    )
    assert [c.to_json() for c in found] == [
        {
            "model": "model_y",
            "param": None,
            "kind": "model-removed",
            "breaking": True,
            "before": "Y",
            "after": None,
        }
    ]
    assert semver(found) == "major"


def test_model_added_is_minor() -> None:
    found = diff(schemas(model()), schemas(model(), model(model_id="model_y")))
    assert [(c.model, c.kind, c.breaking) for c in found] == [("model_y", "model-added", False)]
    assert semver(found) == "minor"


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({"name": "Renamed"}, "title-changed"),
        ({"description": "Another text."}, "description-changed"),
        ({"description": None}, "description-changed"),
        ({"capabilities": ("txt2img", "img2img")}, "capabilities-changed"),
        ({"provider": "Other"}, "provider-changed"),
        ({"kind": "video generation"}, "model-kind-changed"),
    ],
)
def test_model_documentation_and_capabilities_are_patch(fields: dict[str, Any], kind: str) -> None:
    found = diff(schemas(model(param())), schemas(model(param(), **fields)))
    assert [(c.param, c.kind, c.breaking, c.level) for c in found] == [(None, kind, False, "patch")]
    assert semver(found) == "patch"


def test_identical_models_differ_by_nothing() -> None:
    assert diff(schemas(model(param())), schemas(model(param()))) == []
    assert semver([]) == "none"


# Parameter rules ----------------------------------------------------------------------


def test_parameter_removed_is_breaking() -> None:
    assert rows(schemas(model(param("a"), param("b"))), schemas(model(param("a")))) == [
        ("b", "param-removed", True)
    ]


def test_required_parameter_added_is_breaking() -> None:
    found = rows(
        schemas(model(param("a"))),
        schemas(model(param("a"), param("b", required=True))),
    )
    assert found == [("b", "required-param-added", True)]


def test_optional_parameter_added_is_minor() -> None:
    found = rows(schemas(model(param("a"))), schemas(model(param("a"), param("b"))))
    assert found == [("b", "optional-param-added", False)]


def test_optional_made_required_is_breaking_and_back_is_minor() -> None:
    assert param_rows(param(), param(required=True)) == [("p", "made-required", True)]
    assert param_rows(param(required=True), param()) == [("p", "made-optional", False)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("number", "string"),
        ("file", "string"),  # the same JSON type: only x-scenario-type differs
        ("number_array", "string_array"),  # only the items' type differs
        ("file_array", "model_array"),
        ("string", "string_array"),
    ],
)
def test_type_change_is_breaking(old: str, new: str) -> None:
    found = diff(schemas(model(param(type_=old))), schemas(model(param(type_=new))))
    assert [(c.kind, c.breaking, c.before, c.after) for c in found] == [
        ("type-changed", True, old, new)
    ]


def test_type_change_hides_the_bounds_it_makes_incomparable() -> None:
    found = param_rows(
        param(type_="number", minimum=0, maximum=9, default=1),
        param(type_="string", maximum=5),
    )
    assert found == [("p", "type-changed", True)]


def test_json_type_change_in_a_hand_written_schema_is_breaking() -> None:
    old = {"m": _hand_written({"p": {"type": "integer"}})}
    new = {"m": _hand_written({"p": {"type": "number"}})}
    found = diff(old, new)
    assert [(c.kind, c.before, c.after) for c in found] == [
        ("type-changed", {"type": "integer"}, {"type": "number"})
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (("a", "b"), ("a",), [("allowed-values-removed", True)]),
        (("a",), ("a", "b"), [("allowed-values-added", False)]),
        (
            ("a", "b"),
            ("b", "c"),
            [("allowed-values-removed", True), ("allowed-values-added", False)],
        ),
        (None, ("a",), [("enum-added", True)]),
        (("a",), None, [("enum-removed", False)]),
        (("a", "b"), ("b", "a"), []),  # order alone changes nothing
    ],
)
@pytest.mark.parametrize("type_", ["string", "string_array"])  # the enum sits on `items` for arrays
def test_allowed_values(type_: str, old: Any, new: Any, expected: list[tuple[str, bool]]) -> None:
    found = param_rows(param(type_=type_, allowed=old), param(type_=type_, allowed=new))
    assert [(kind, breaking) for _, kind, breaking in found] == expected


def test_allowed_values_compare_as_json_numbers() -> None:
    assert param_rows(param(allowed=(1, 2)), param(allowed=(1.0, 2))) == []
    assert param_rows(
        param(type_="number", allowed=(1,)), param(type_="number", allowed=(True,))
    ) == [
        ("p", "allowed-values-removed", True),
        ("p", "allowed-values-added", False),
    ]


@pytest.mark.parametrize(
    ("type_", "keyword"),
    [
        ("number", "minimum"),
        ("string", "minLength"),
        ("file_array", "minItems"),
        ("number_array", "minimum"),
    ],
)
@pytest.mark.parametrize(
    ("old", "new", "verb", "breaking"),
    [
        (1, 2, "narrowed", True),
        (2, 1, "widened", False),
        (None, 1, "added", True),
        (1, None, "removed", False),
        (1, 1.0, None, None),
    ],
)
def test_lower_bounds(
    type_: str, keyword: str, old: Any, new: Any, verb: str | None, breaking: bool
) -> None:
    found = param_rows(param(type_=type_, minimum=old), param(type_=type_, minimum=new))
    assert found == ([] if verb is None else [("p", f"{keyword}-{verb}", breaking)])


@pytest.mark.parametrize(
    ("type_", "keyword"),
    [
        ("number", "maximum"),
        ("string", "maxLength"),
        ("string_array", "maxItems"),
        ("number_array", "maximum"),
    ],
)
@pytest.mark.parametrize(
    ("old", "new", "verb", "breaking"),
    [
        (9, 8, "narrowed", True),
        (8, 9, "widened", False),
        (None, 9, "added", True),
        (9, None, "removed", False),
    ],
)
def test_upper_bounds(
    type_: str, keyword: str, old: Any, new: Any, verb: str, breaking: bool
) -> None:
    found = param_rows(param(type_=type_, maximum=old), param(type_=type_, maximum=new))
    assert found == [("p", f"{keyword}-{verb}", breaking)]


def test_number_array_bounds_are_the_items_bounds() -> None:
    found = diff(
        schemas(model(param(type_="number_array", maximum=5))),
        schemas(model(param(type_="number_array", maximum=4))),
    )
    assert [(c.kind, c.before, c.after) for c in found] == [("maximum-narrowed", 5, 4)]


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        (1, 2, "default-changed"),
        (None, 1, "default-added"),
        (1, None, "default-removed"),
    ],
)
def test_default_changes_are_breaking(old: Any, new: Any, kind: str) -> None:
    """An omitted argument now means something else."""
    assert param_rows(param(default=old), param(default=new)) == [("p", kind, True)]


def test_default_compares_as_json() -> None:
    assert param_rows(param(default=12), param(default=12.0)) == []
    assert param_rows(
        param(type_="string_array", default=["a", "b"]),
        param(type_="string_array", default=["b", "a"]),
    ) == [("p", "default-changed", True)]


def test_parameter_description_only_is_patch() -> None:
    found = diff(
        schemas(model(param(description="Old."))),
        schemas(model(param(description="New."))),
    )
    assert [(c.param, c.kind, c.level, c.before, c.after) for c in found] == [
        ("p", "description-changed", "patch", "Old.", "New.")
    ]
    assert semver(found) == "patch"


# Hand-written schemas -----------------------------------------------------------------


def _hand_written(properties: dict[str, Any], **extra: Any) -> Schema:
    return {
        "type": "object",
        "properties": properties,
        "x-scenario": {"modelId": "m"},
        **extra,
    }


def test_additional_properties_closed_is_breaking_and_opened_is_minor() -> None:
    open_, closed = _hand_written({}), _hand_written({}, additionalProperties=False)
    assert rows({"m": open_}, {"m": closed}) == [(None, "additional-properties-restricted", True)]
    assert rows({"m": closed}, {"m": open_}) == [(None, "additional-properties-allowed", False)]


def test_an_unclassified_keyword_change_is_breaking() -> None:
    old = _hand_written({"p": {"type": "string"}})
    new = _hand_written({"p": {"type": "string", "pattern": "^a"}})
    found = diff({"m": old}, {"m": new})
    assert [(c.kind, c.breaking, c.before, c.after) for c in found] == [
        ("constraint-changed", True, {}, {"pattern": "^a"})
    ]


def test_an_annotation_change_is_patch() -> None:
    old = _hand_written({"p": {"type": "string", "examples": ["a"]}})
    new = _hand_written({"p": {"type": "string", "examples": ["b"], "title": "P"}})
    assert rows({"m": old}, {"m": new}) == [
        ("p", "title-changed", False),
        ("p", "annotation-changed", False),
    ]


# Order --------------------------------------------------------------------------------


def test_changes_sort_by_model_then_table_order_then_kind() -> None:
    old = schemas(
        model(param("first"), param("gone"), param("last", minimum=1), model_id="model_b"),
        model(param("only"), model_id="model_a"),
    )
    new = schemas(
        model(
            param("last", minimum=0, required=True),
            param("first", description="New."),
            param("new"),
            model_id="model_b",
            name="B",
        ),
        model(model_id="model_a"),
    )
    assert rows(old, new) == [
        ("only", "param-removed", True),
        (None, "title-changed", False),
        ("last", "made-required", True),
        ("last", "minimum-widened", False),
        ("first", "description-changed", False),
        ("gone", "param-removed", True),  # after its old predecessor
        ("new", "optional-param-added", False),
    ]
    assert [c.model for c in diff(old, new)] == ["model_a"] + ["model_b"] * 6


# Rules read from the API (issue 15's schema shape) --------------------------------------

_EITHER = {"anyOf": [{"required": ["left"]}, {"required": ["back"]}]}
_WITH_MESSAGE = {**_EITHER, "x-scenario-message": "Provide with at least one of left, back"}
_IF_MASK = {"dependentRequired": {"mask": ["image"]}, "x-scenario-message": "mask needs image"}


def _page_model(**properties: Any) -> Schema:
    """A page's model (three optional parameters), each property updated by `properties`."""
    schema = model_schema(
        model(param("left", "file"), param("back", "file"), param("prompt", "string"))
    )
    for name, extra in properties.items():
        schema["properties"][name].update(extra)
    return schema


def _with_rules(*rules: Any, **properties: Any) -> Schema:
    schema = _page_model(**properties)
    if rules:
        schema["allOf"] = list(rules)
    return schema


def _kinds_of(old: Schema, new: Schema) -> list[tuple[str | None, str, str]]:
    return [(c.param, c.kind, c.level) for c in diff({"m": old}, {"m": new})]


def test_a_new_conditional_requirement_is_breaking_and_a_dropped_one_minor() -> None:
    plain, ruled = _with_rules(), _with_rules(_WITH_MESSAGE)
    assert _kinds_of(plain, ruled) == [(None, "rule-added", "major")]
    assert _kinds_of(ruled, plain) == [(None, "rule-removed", "minor")]
    both = _with_rules(_WITH_MESSAGE, _IF_MASK)
    assert _kinds_of(ruled, both) == [(None, "rule-added", "major")]
    assert _kinds_of(both, _with_rules(_IF_MASK, _WITH_MESSAGE)) == []  # order is no change


def test_a_rule_known_by_its_assertions_its_message_is_documentation() -> None:
    reworded = {**_WITH_MESSAGE, "x-scenario-message": "Give left or back"}
    assert _kinds_of(_with_rules(_WITH_MESSAGE), _with_rules(reworded)) == [
        (None, "rule-message-changed", "patch")
    ]
    tighter = {"anyOf": [{"required": ["left"]}], "x-scenario-message": "Give left"}
    assert _kinds_of(_with_rules(_WITH_MESSAGE), _with_rules(tighter)) == [
        (None, "rule-added", "major"),
        (None, "rule-removed", "minor"),
    ]


def test_rules_are_said_by_their_own_message() -> None:
    [change] = diff({"m": _with_rules()}, {"m": _with_rules(_WITH_MESSAGE)})
    assert as_text([change]).splitlines()[0] == (
        'BREAKING  m: new requirement: "Provide with at least one of left, back"'
    )
    [change] = diff({"m": _with_rules()}, {"m": _with_rules(_EITHER)})
    assert "new requirement: {" in as_text([change])


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ({}, {"maxLength": 2000}, ("prompt", "maxLength-added", "major")),
        ({"maxLength": 2000}, {"maxLength": 1000}, ("prompt", "maxLength-narrowed", "major")),
        ({"maxLength": 1000}, {"maxLength": 2000}, ("prompt", "maxLength-widened", "minor")),
        ({}, {"minLength": 1}, ("prompt", "minLength-added", "major")),
        ({"maxLength": 1000}, {}, ("prompt", "maxLength-removed", "minor")),
    ],
)
def test_a_length_cap_from_the_api_on_a_page_model(
    old: dict[str, Any], new: dict[str, Any], expected: tuple[str, str, str]
) -> None:
    assert _kinds_of(_page_model(prompt=old), _page_model(prompt=new)) == [expected]


def test_an_item_count_cap_from_the_api() -> None:
    def images(**bounds: Any) -> Schema:
        return model_schema(model(param("images", "file_array", **bounds)))

    old, new = images(), images()
    new["properties"]["images"]["maxItems"] = 4
    assert _kinds_of(old, new) == [("images", "maxItems-added", "major")]
    tighter = images()
    tighter["properties"]["images"]["maxItems"] = 2
    assert _kinds_of(new, tighter) == [("images", "maxItems-narrowed", "major")]
    assert _kinds_of(tighter, new) == [("images", "maxItems-widened", "minor")]


_MIB = 1024 * 1024


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ({}, {"x-scenario-max-size": 10 * _MIB}, "x-scenario-max-size-added"),
        (
            {"x-scenario-max-size": 10 * _MIB},
            {"x-scenario-max-size": 5 * _MIB},
            "x-scenario-max-size-narrowed",
        ),
        (
            {"x-scenario-max-size": 5 * _MIB},
            {"x-scenario-max-size": 10 * _MIB},
            "x-scenario-max-size-widened",
        ),
        ({"x-scenario-max-size": 5 * _MIB}, {}, "x-scenario-max-size-removed"),
        ({}, {"x-scenario-kind": "image"}, "file-kind-limited"),
        ({"x-scenario-kind": "image"}, {}, "file-kind-unlimited"),
        (
            {"x-scenario-kind": ["image", "video"]},
            {"x-scenario-kind": ["image"]},
            "file-kinds-removed",
        ),
        (
            {"x-scenario-kind": "image"},
            {"x-scenario-kind": ["image", "image-hdr"]},
            "file-kinds-added",
        ),
        (
            {"x-scenario-max-duration": 30},
            {"x-scenario-max-duration": 10},
            "x-scenario-max-duration-narrowed",
        ),
        (
            {"x-scenario-min-duration": 1},
            {"x-scenario-min-duration": 2},
            "x-scenario-min-duration-narrowed",
        ),
        (
            {"x-scenario-min-duration": 2},
            {"x-scenario-min-duration": 1},
            "x-scenario-min-duration-widened",
        ),
    ],
)
def test_file_annotations_that_narrow_what_a_caller_may_send_break(
    old: dict[str, Any], new: dict[str, Any], expected: str
) -> None:
    """Size and kind are checked by the client before an upload, durations by the API."""
    [(name, kind, level)] = _kinds_of(_page_model(left=old), _page_model(left=new))
    assert (name, kind) == ("left", expected)
    breaks = ("-max-size-added", "-narrowed", "-limited", "kinds-removed")
    assert level == ("major" if expected.endswith(breaks) else "minor")
    line = as_text(diff({"m": _page_model(left=old)}, {"m": _page_model(left=new)}))
    assert "x-scenario" not in line.splitlines()[0], line


def test_a_changed_file_kind_is_breaking() -> None:
    found = _kinds_of(
        _page_model(left={"x-scenario-kind": "image"}),
        _page_model(left={"x-scenario-kind": "video"}),
    )
    assert found == [("left", "file-kinds-removed", "major"), ("left", "file-kinds-added", "minor")]


def test_file_annotations_on_the_items_of_a_file_array() -> None:
    def images(**items: Any) -> Schema:
        schema = model_schema(model(param("images", "file_array")))
        schema["properties"]["images"]["items"].update(items)
        return schema

    assert _kinds_of(images(), images(**{"x-scenario-max-size": _MIB})) == [
        ("images", "x-scenario-max-size-added", "major")
    ]
    assert _kinds_of(images(**{"x-scenario-kind": "image"}), images()) == [
        ("images", "file-kind-unlimited", "minor")
    ]


def test_model_types_narrowing_breaks_and_widening_is_minor() -> None:
    def loras(types: list[str]) -> Schema:
        schema = model_schema(model(param("loras", "model_array")))
        schema["properties"]["loras"]["x-scenario-model-types"] = types
        return schema

    assert _kinds_of(loras(["flux.1-lora", "sd-xl-lora"]), loras(["flux.1-lora"])) == [
        ("loras", "model-types-removed", "major")
    ]
    assert _kinds_of(loras(["flux.1-lora"]), loras(["flux.1-lora", "sd-xl-lora"])) == [
        ("loras", "model-types-added", "minor")
    ]


@pytest.mark.parametrize("keyword", ["x-scenario-step", "x-scenario-widget", "x-anything"])
def test_other_x_annotations_are_patch(keyword: str) -> None:
    assert _kinds_of(_page_model(prompt={keyword: 1}), _page_model(prompt={keyword: 2})) == [
        ("prompt", "annotation-changed", "patch")
    ]
    assert _kinds_of(_page_model(), _page_model(prompt={keyword: 2})) == [
        ("prompt", "annotation-changed", "patch")
    ]


def test_a_model_read_from_the_api_too_is_a_patch_change_of_source() -> None:
    old, new = _with_rules(), _with_rules(_WITH_MESSAGE)
    new["x-scenario"]["source"] = "page+api"
    assert _kinds_of(old, new) == [
        (None, "rule-added", "major"),
        (None, "model-source-changed", "patch"),
    ]
    assert 'source changed: null -> "page+api"' in as_text(diff({"m": old}, {"m": new}))


def test_a_model_moving_to_another_page_is_patch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pixa became Pixelcut: the same Model ID on a new page of the folder."""
    old = write_page(tmp_path / "old" / "pixa.md", model(param()), date="2026-01-02")
    new = tmp_path / "new" / "pixelcut.md"
    new.parent.mkdir()
    new.write_text(
        page([model(param(), provider="Pixelcut")], provider="Pixelcut"), encoding="utf-8"
    )
    code, out, _ = run_cli(capsys, "diff", str(old.parent), str(new.parent))
    assert (code, out.splitlines()) == (
        0,
        [
            'patch     model_x: provider changed: "Acme" -> "Pixelcut"',
            'patch     model_x: page changed: "pixa.md" -> "pixelcut.md"',
            "semver: patch (2 changes: 0 breaking, 0 minor, 2 patch)",
        ],
    )
    # Two single pages say nothing of where a model lives.
    code, out, _ = run_cli(capsys, "diff", str(old), str(new))
    assert "page changed" not in out


# Loading and the command line ---------------------------------------------------------


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_seed_page_against_its_later_version_removes_trellis(
    capsys: pytest.CaptureFixture[str], scenario_docs: Path
) -> None:
    later = scenario_docs / "microsoft__3d-generation__2026-07-29.md"
    code, out, _ = run_cli(capsys, "diff", str(SEED_PAGE), str(later), "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["semver"] == "major"
    assert {
        "model": "model_trellis",
        "param": None,
        "kind": "model-removed",
        "breaking": True,
        "before": "Trellis",
        "after": None,
    } in document["changes"]
    assert run_cli(capsys, "diff", str(SEED_PAGE), str(later), "--fail-on-breaking")[0] == 1


def write_page(path: Path, *models: Model, date: str = "2026-01-02") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page(models, date=date), encoding="utf-8")
    return path


def test_pages_differing_by_the_date_alone_differ_by_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write_page(tmp_path / "old.md", model(param()), date="2026-01-02")
    new = write_page(tmp_path / "new.md", model(param()), date="2026-03-04")
    code, out, _ = run_cli(
        capsys, "diff", str(old), str(new), "--format", "json", "--fail-on-breaking"
    )
    assert (code, json.loads(out)) == (0, {"semver": "none", "changes": []})


def test_a_schemas_folder_equals_the_pages_it_came_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", "--upstream", str(SEED_PAGE), "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    code, out, _ = run_cli(
        capsys,
        "diff",
        str(tmp_path / "schemas"),
        str(SEED_PAGE.parent),
        "--format",
        "json",
    )
    assert (code, json.loads(out)["changes"]) == (0, [])
    snapshot = load(tmp_path / "schemas")
    assert sorted(snapshot.schemas) == [
        "model_trellis",
        "model_trellis-2",
        "model_trellis-2-retexture",
    ]
    assert snapshot.last_updated == "2026-04-09"  # read from index.json, which is not a model


def test_a_single_schema_file_is_a_side(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = tmp_path / "mine.schema.json"
    schema.write_text(json.dumps(_hand_written({"p": {"type": "string"}})), encoding="utf-8")
    code, out, _ = run_cli(capsys, "diff", str(schema), str(schema))
    assert (code, out) == (0, "no changes (semver: none)\n")


def test_text_and_markdown_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write_page(
        tmp_path / "a" / "p.md",
        model(param("seed", maximum=10), param("steps")),
        date="2026-01-02",
    )
    new = write_page(
        tmp_path / "b" / "p.md",
        model(
            param("seed", maximum=5, description="Other."),
            param("mode", type_="string", allowed=("x",)),
        ),
        model(param(), model_id="model_y", name="Y"),
        date="2026-02-03",
    )
    code, out, _ = run_cli(capsys, "diff", str(old.parent), str(new.parent))
    assert code == 0
    assert out.splitlines() == [
        "BREAKING  model_x seed: maximum narrowed: 10 -> 5",
        "patch     model_x seed: description changed",
        "BREAKING  model_x steps: parameter removed",
        "minor     model_x mode: optional parameter added",
        "minor     model_y: model added",
        "semver: major (5 changes: 2 breaking, 2 minor, 1 patch)",
    ]
    code, out, _ = run_cli(capsys, "diff", str(old.parent), str(new.parent), "--format", "markdown")
    assert out == (
        "## Scenario docs of 2026-02-03 (semver: major)\n\n"
        "### Breaking\n\n"
        "- `model_x` `seed`: maximum narrowed: `10` -> `5`\n"
        "- `model_x` `steps`: parameter removed\n\n"
        "### Added\n\n"
        "- `model_x` `mode`: optional parameter added\n"
        "- `model_y`: model added\n\n"
        "### Docs\n\n"
        "- `model_x` `seed`: description changed\n"
    )


def test_fail_on_breaking_exits_1_only_for_breaking_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    narrow = write_page(tmp_path / "narrow.md", model(param(maximum=5)))
    wide = write_page(tmp_path / "wide.md", model(param(maximum=9)))
    assert run_cli(capsys, "diff", str(narrow), str(wide), "--fail-on-breaking")[0] == 0
    assert run_cli(capsys, "diff", str(wide), str(narrow), "--fail-on-breaking")[0] == 1
    assert run_cli(capsys, "diff", str(wide), str(narrow))[0] == 0


def test_bad_input_is_exit_2_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_schema = tmp_path / "schemas" / "m.schema.json"
    bad_schema.parent.mkdir()
    bad_schema.write_text('{\n  "type": "object",\n  oops\n}\n', encoding="utf-8")
    missing = tmp_path / "nowhere"
    code, out, err = run_cli(capsys, "diff", str(bad_schema.parent), str(missing))
    assert (code, out) == (2, "")
    assert f"{bad_schema}:3: expected a JSON schema, found invalid JSON" in err
    assert (
        f"{missing}:0: expected a page, a model definition (*.model.json), a folder of pages "
        "and definitions, or a folder of schemas, found nothing there"
    ) in err
    assert "Traceback" not in err


def test_a_folder_of_both_pages_and_schemas_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_page(tmp_path / "p.md", model())
    (tmp_path / "m.schema.json").write_text(json.dumps(_hand_written({})), encoding="utf-8")
    code, _, err = run_cli(capsys, "diff", str(tmp_path), str(tmp_path))
    assert code == 2
    assert "found both *.md and *.schema.json" in err


def test_a_broken_page_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text("", encoding="utf-8")
    code, _, err = run_cli(capsys, "diff", str(broken), str(SEED_PAGE))
    assert code == 2
    assert f"{broken}:1:" in err


def test_duplicate_model_ids_in_a_schemas_folder_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.schema.json").write_text(
            json.dumps(_hand_written({})), encoding="utf-8"
        )
    code, _, err = run_cli(capsys, "diff", str(tmp_path), str(tmp_path))
    assert code == 2
    assert "Model ID 'm' is also the model of" in err


def test_hostile_names_stay_inside_their_code_span() -> None:
    change = Change("model_x", "a`b\n# c", "param-removed", {}, None)
    entry = as_markdown([change])
    assert "- `model_x` ``a`b # c``: parameter removed" in entry
    assert "\n# c" not in entry
    assert as_text([change]).startswith('BREAKING  model_x "a`b\\n# c": parameter removed')
    assert code_span("`x`") == "`` `x` ``"


def test_every_kind_has_words() -> None:
    """The text format says something readable for every kind, never a raw kind name."""
    for kind in KINDS:
        before: Any = {"k": 1} if "constraint" in kind or "annotation" in kind else [1]
        after: Any = {"k": 2} if "constraint" in kind or "annotation" in kind else [2]
        line = as_text([Change("m", "p", kind, before, after)]).splitlines()[0]
        assert kind not in line, line


# Properties ---------------------------------------------------------------------------

_ENUMS: dict[str, tuple[Any, ...]] = {
    "string": (None, ("x",), ("x", "y"), ("y", "z"), ("z", "y", "x")),
    "string_array": (None, ("x",), ("x", "y"), ("y", "z")),
    "number": (None, (1,), (1, 2), (2, 3.5), (1.0, 3.5)),
}
_DEFAULTS: dict[str, tuple[Any, ...]] = {
    "number": (None, 1, 2, 7.0),
    "string": (None, "x", "w"),
}


def _param_fields(type_: str) -> st.SearchStrategy[dict[str, Any]]:
    bounded = type_ != "boolean"
    return st.fixed_dictionaries(
        {
            "type_": st.just(type_),
            "required": st.booleans(),
            "description": st.sampled_from((None, "d1", "d2")),
            "default": st.sampled_from(_DEFAULTS.get(type_, (None,))),
            "minimum": st.sampled_from((None, 0, 1, 3)) if bounded else st.none(),
            "maximum": st.sampled_from((None, 4, 5.5, 6)) if bounded else st.none(),
            "allowed": st.sampled_from(_ENUMS.get(type_, (None,))),
        }
    )


_ANY_TYPE = (
    "string",
    "number",
    "boolean",
    "file",
    "string_array",
    "number_array",
    "file_array",
)
_TYPE_OF_NAME = {
    "a": ("number",),
    "b": ("string",),
    "c": ("string_array",),
    "d": ("number_array",),
    "e": _ANY_TYPE,
}
"""Most names keep their type across versions, so their constraints get compared."""
_NAMED_PARAM = st.one_of(
    [
        st.tuples(st.just(name), st.one_of([_param_fields(t) for t in types]))
        for name, types in _TYPE_OF_NAME.items()
    ]
)
_MODEL_FIELDS = st.fixed_dictionaries(
    {
        "params": st.lists(_NAMED_PARAM, max_size=4, unique_by=lambda p: p[0]),
        "name": st.sampled_from(("T", "U")),
        "capabilities": st.sampled_from((("txt2img",), ("txt2img", "img2img"))),
    }
)


def _to_schemas(drawn: dict[str, dict[str, Any]]) -> dict[str, Schema]:
    return {
        model_id: model_schema(
            model(
                *(param(name, **fields) for name, fields in spec["params"]),
                model_id=model_id,
                name=spec["name"],
                capabilities=spec["capabilities"],
            )
        )
        for model_id, spec in drawn.items()
    }


_MODELS = st.dictionaries(st.sampled_from(("m1", "m2", "m3")), _MODEL_FIELDS, max_size=3).map(
    _to_schemas
)


def _models() -> st.SearchStrategy[dict[str, Schema]]:
    return _MODELS


_REVERSE = {
    "model-removed": "model-added",
    "param-removed": "optional-param-added",
    "made-required": "made-optional",
    "allowed-values-removed": "allowed-values-added",
    "enum-added": "enum-removed",
    "additional-properties-restricted": "additional-properties-allowed",
    **{k: k.replace("-narrowed", "-widened") for k in KINDS if k.endswith("-narrowed")},
    **{
        k: k.replace("-added", "-removed")
        for k in KINDS
        if k.endswith("-added")
        and KINDS[k] == "major"
        and not k.startswith(("default", "enum", "required"))
    },
}


@settings(max_examples=150, deadline=None)
@given(_models())
def test_a_version_against_itself_has_no_changes(models: dict[str, Schema]) -> None:
    assert diff(models, models) == []
    assert diff(json.loads(json.dumps(models)), models) == []


@settings(max_examples=150, deadline=None)
@given(_models(), _models())
def test_breaking_changes_are_the_reverse_of_minor_ones(
    old: dict[str, Schema], new: dict[str, Schema]
) -> None:
    def was_required(change: Change) -> bool:
        return change.param in old[change.model]["required"]

    forward = {
        (c.model, c.param, _REVERSE[c.kind], canonical(c.after), canonical(c.before))
        for c in diff(old, new)
        if c.breaking and c.kind in _REVERSE and not (c.kind == "param-removed" and was_required(c))
    }
    backward = {
        (c.model, c.param, c.kind, canonical(c.before), canonical(c.after))
        for c in diff(new, old)
        if c.kind in _REVERSE.values()
    }
    assert forward == backward
    assert all(KINDS[kind] == "minor" for kind in _REVERSE.values())


@settings(max_examples=60, deadline=None)
@given(_models(), _models())
def test_the_order_is_deterministic_and_semver_is_the_highest_level(
    old: dict[str, Schema], new: dict[str, Schema]
) -> None:
    found = diff(old, new)
    assert found == diff(dict(reversed(old.items())), dict(reversed(new.items())))
    assert [c.model for c in found] == sorted(c.model for c in found)
    expected = (
        "major"
        if any(c.breaking for c in found)
        else ("minor" if any(c.level == "minor" for c in found) else "patch" if found else "none")
    )
    assert semver(found) == expected
