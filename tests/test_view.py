"""The loaded-schema view: names every emitter shares, deterministic and collision-free."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.emit.view import model_views
from tests.conftest import SEED_PAGE


def schema(model_id: str, **properties: dict[str, object]) -> dict[str, object]:
    return {
        "type": "object",
        "properties": properties,
        "required": [],
        "x-scenario": {"modelId": model_id},
    }


def test_names_are_unique_and_independent_of_input_order() -> None:
    schemas = [
        schema("model_trellis2"),
        schema("model_trellis-2", **{"a-b": {"type": "string"}, "a_b": {"type": "number"}}),
        schema("model_trellis.2"),
        schema("model_3d-thing", **{"class": {"type": "string"}, "1st": {"type": "integer"}}),
    ]
    views = model_views(schemas)
    assert views == model_views(list(reversed(schemas)))
    assert [(v.model_id, v.python_name, v.class_name) for v in views] == [
        ("model_3d-thing", "model_3d_thing", "Model3dThing"),
        ("model_trellis-2", "trellis_2", "Trellis2"),
        ("model_trellis.2", "trellis_2_2", "Trellis22"),
        ("model_trellis2", "trellis2", "Trellis2_2"),
    ]
    assert [p.python_name for p in views[1].params] == ["a_b", "a_b_2"]
    assert [(p.python_name, p.upstream_type) for p in views[0].params] == [
        ("class_", "string"),
        ("p_1st", "number"),
    ]


def test_our_own_docs_folder_is_a_valid_upstream(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first"
    assert main(["generate", "--upstream", str(SEED_PAGE), "--out", str(first)]) == 0
    second = tmp_path / "second"
    capsys.readouterr()
    assert (
        main(["generate", "--upstream", str(first / "generated" / "docs"), "--out", str(second)])
        == 0
    )
    assert "warning" not in capsys.readouterr().err
    for path in sorted((first / "schemas").glob("*.schema.*")):
        assert (second / "schemas" / path.name).read_bytes() == path.read_bytes()
