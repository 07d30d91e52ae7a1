"""`diff` of sides holding model definitions read from the API (`*.model.json`), alone or
beside pages: built as `generate` builds them, so the API's rules, caps and kinds are
compared."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from tests.api_models import LORA, LORA_ID, TRELLIS_2_ID, trellis_2
from tests.conftest import SEED_PAGE
from tests.models_standin import changed, save_definition

NEW_RULE = "Shape rescale needs a shape guidance"


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def upstream(folder: Path, *models: dict[str, Any], page: bool = True) -> Path:
    folder.mkdir(parents=True)
    if page:
        shutil.copyfile(SEED_PAGE, folder / SEED_PAGE.name)
    for item in models:
        save_definition(folder, item)
    return folder


def json_diff(
    capsys: pytest.CaptureFixture[str], old: Path, new: Path
) -> tuple[str, list[tuple[str, str | None, str]]]:
    code, out, err = run_cli(capsys, "diff", str(old), str(new), "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    return document["semver"], [(c["model"], c["param"], c["kind"]) for c in document["changes"]]


def test_two_upstream_folders_differ_by_the_api_rules_caps_and_sizes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = upstream(tmp_path / "old", trellis_2(), LORA)
    stricter = changed(
        trellis_2(),
        "ssRescaleT",
        required={"ifDefined": {"ssGuidanceStrength": NEW_RULE}},
    )
    stricter = changed(stricter, "image", maxSize=5242880)
    stricter = changed(stricter, "remeshBand", required=None)
    lora = changed(LORA, "prompt", maxLength=1000)
    new = upstream(tmp_path / "new", stricter, lora)

    semver, changes = json_diff(capsys, old, new)
    assert semver == "major"
    assert changes == [
        (LORA_ID, "prompt", "maxLength-narrowed"),
        (TRELLIS_2_ID, None, "rule-added"),
        (TRELLIS_2_ID, None, "rule-removed"),
        (TRELLIS_2_ID, "image", "x-scenario-max-size-narrowed"),
    ]
    code, out, _ = run_cli(capsys, "diff", str(old), str(new), "--fail-on-breaking")
    assert code == 1
    assert f'BREAKING  {TRELLIS_2_ID}: new requirement: "{NEW_RULE}"' in out.splitlines()
    code, out, _ = run_cli(capsys, "diff", str(old), str(new), "--format", "markdown")
    assert f'- `{TRELLIS_2_ID}`: new requirement: `"{NEW_RULE}"`' in out
    assert run_cli(capsys, "diff", str(new), str(old), "--fail-on-breaking")[0] == 1  # rule back


def test_a_definition_added_beside_a_page_adds_its_rules_and_changes_the_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages_only = upstream(tmp_path / "old")
    with_api = upstream(tmp_path / "new", trellis_2())
    semver, changes = json_diff(capsys, pages_only, with_api)
    assert semver == "major"
    assert (TRELLIS_2_ID, None, "model-source-changed") in changes
    assert [c for c in changes if c[2] == "rule-added"] == [(TRELLIS_2_ID, None, "rule-added")] * 2
    assert (TRELLIS_2_ID, "image", "x-scenario-kind-added") not in changes  # a set, not a bound
    assert (TRELLIS_2_ID, "image", "file-kind-limited") in changes
    assert (TRELLIS_2_ID, "seed", "maximum-widened") in changes  # the API wins
    assert {c[0] for c in changes} == {TRELLIS_2_ID}  # the page's other models are as they were


def test_a_folder_of_definitions_alone_and_a_single_definition_are_sides(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = upstream(tmp_path / "old", LORA, page=False)
    new = upstream(tmp_path / "new", changed(LORA, "negativePrompt", maxLength=200), page=False)
    assert json_diff(capsys, old, new) == (
        "major",
        [(LORA_ID, "negativePrompt", "maxLength-narrowed")],
    )
    single = old / f"{LORA_ID}.model.json"
    assert json_diff(capsys, single, new / f"{LORA_ID}.model.json")[1] == [
        (LORA_ID, "negativePrompt", "maxLength-narrowed")
    ]
    nothing = upstream(tmp_path / "nothing", page=False)
    (nothing / "notes.txt").write_text("no inputs here\n", encoding="utf-8")
    semver, changes = json_diff(capsys, nothing.parent / "old", old)
    assert (semver, changes) == ("none", [])


def test_an_upstream_folder_equals_the_schemas_generate_built_from_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What `diff upstream/ schemas/` says is what `generate` would change: nothing, after it."""
    folder = upstream(tmp_path / "upstream", trellis_2(), LORA)
    out = tmp_path / "out"
    assert main(["generate", "--upstream", str(folder), "--out", str(out)]) == 0
    capsys.readouterr()
    assert json_diff(capsys, folder, out / "schemas") == ("none", [])
    assert json_diff(capsys, out / "schemas", folder) == ("none", [])


def test_definitions_beside_schemas_are_refused_and_bad_ones_named_by_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mixed = upstream(tmp_path / "mixed", LORA, page=False)
    (mixed / "m.schema.json").write_text("{}", encoding="utf-8")
    code, _, err = run_cli(capsys, "diff", str(mixed), str(mixed))
    assert code == 2
    assert f"{mixed}:0: expected pages and definitions or schemas, found both" in err

    bad = upstream(tmp_path / "bad", page=False)
    broken = bad / "model_bad.model.json"
    broken.write_text('{"id": "model_bad",\n "inputs": 3}\n', encoding="utf-8")
    good = upstream(tmp_path / "good", LORA, page=False)
    other = good / "model_other.model.json"
    other.write_text('{"id": "model_other",\n "inputs": [\n  {"type": "string"}\n ]}\n')
    code, out, err = run_cli(capsys, "diff", str(bad), str(good))
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert any(line.startswith(f"{broken}:2: expected `inputs`") for line in lines), err
    assert any(line.startswith(f"{other}:3: ") for line in lines), err  # both sides at once
    assert "Traceback" not in err
