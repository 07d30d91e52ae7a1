"""`check` and the manifest `generate` keeps: what differs is named, stale files go,
files generate did not write are never touched."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.output.incremental import CACHE
from generator.pages.model import Model, Param
from generator.pipeline import MANIFEST
from tests.conftest import ROOT, output_tree
from tests.pages import page


def model(model_id: str, name: str, maximum: int = 10) -> Model:
    seed = Param("seed", "number", False, "The seed.", 1, None, 0, maximum)
    return Model(model_id, name, "A model.", ("txt2img",), "Acme", "image generation", (seed,), 1)


TWO_MODELS = page([model("model_alpha", "Alpha"), model("model_beta", "Beta")])
ONE_MODEL = page([model("model_beta", "Beta")])


def project(root: Path, text: str = TWO_MODELS) -> Path:
    (root / "upstream").mkdir(parents=True, exist_ok=True)
    (root / "upstream" / "acme.md").write_text(text, encoding="utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], command: str, root: Path, *args: str) -> Any:
    code = main([command, "--upstream", str(root / "upstream"), "--out", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tree(root: Path) -> dict[str, bytes]:
    return output_tree(root)


@pytest.fixture
def generated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = project(tmp_path)
    assert run(capsys, "generate", root)[0] == 0
    return root


def test_up_to_date_is_exit_0(generated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", generated)
    assert (code, out) == (0, "")
    manifest = json.loads((generated / MANIFEST).read_text(encoding="utf-8"))
    files = len(manifest["files"]) + 1  # the manifest does not list itself
    assert f"scenario-codegen: {files} files up to date" in err


def test_a_missing_file_is_named(generated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (generated / "schemas" / "model_alpha.schema.yaml").unlink()
    code, out, err = run(capsys, "check", generated)
    assert code == 1
    assert out.splitlines() == ["missing: schemas/model_alpha.schema.yaml"]
    assert "1 file out of date; run `scenario-codegen generate`" in err


def test_a_changed_file_is_named_with_a_unified_diff(
    generated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = generated / "schemas" / "model_beta.schema.json"
    schema.write_text(
        schema.read_text(encoding="utf-8").replace('"maximum": 10', '"maximum": 11'),
        encoding="utf-8",
    )
    before = tree(generated)
    code, out, _ = run(capsys, "check", generated)
    assert code == 1
    lines = out.splitlines()
    assert lines[:3] == [
        "changed: schemas/model_beta.schema.json",
        "--- a/schemas/model_beta.schema.json",
        "+++ b/schemas/model_beta.schema.json",
    ]
    assert '-      "maximum": 11,' in lines
    assert '+      "maximum": 10,' in lines
    assert tree(generated) == before  # check writes nothing

    code, out, _ = run(capsys, "check", generated, "--quiet")
    assert (code, out) == (1, "changed: schemas/model_beta.schema.json\n")


def test_a_stale_file_is_named_and_generate_deletes_it(
    generated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project(generated, ONE_MODEL)
    code, out, _ = run(capsys, "check", generated, "--quiet")
    assert code == 1
    assert "stale: schemas/model_alpha.schema.json" in out.splitlines()
    assert "stale: schemas/model_alpha.schema.yaml" in out.splitlines()

    code, _, err = run(capsys, "generate", generated)
    assert code == 0
    assert not (generated / "schemas" / "model_alpha.schema.json").exists()
    assert not (generated / "schemas" / "model_alpha.schema.yaml").exists()
    assert not any("model_alpha" in name for name in tree(generated))
    assert " deleted" in err and " 0 deleted" not in err
    assert run(capsys, "check", generated)[0] == 0


def test_generate_never_touches_a_file_it_did_not_write(
    generated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = {
        generated / "generated" / "NOTES.txt": b"mine\n",
        generated / "generated" / "python" / "extra.py": b"# mine\n",
        generated / "schemas" / "README.md": b"# mine\n",
        generated / "outside.txt": b"mine\n",
    }
    for path, data in mine.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    project(generated, ONE_MODEL)
    assert run(capsys, "generate", generated)[0] == 0
    assert {path: path.read_bytes() for path in mine} == mine
    code, out, _ = run(capsys, "check", generated)
    assert (code, out) == (0, "")  # nor does check count them


def test_a_tampered_manifest_cannot_make_generate_delete_elsewhere(
    generated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victims = [generated / "upstream" / "acme.md", generated / "victim.txt"]
    generated.joinpath("victim.txt").write_text("keep\n", encoding="utf-8")
    manifest_path = generated / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"] += ["upstream/acme.md", "../victim.txt", "schemas/../victim.txt", "/tmp"]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    before = {victim: victim.read_bytes() for victim in victims}
    assert run(capsys, "generate", generated)[0] == 0
    assert {victim: victim.read_bytes() for victim in victims} == before


def test_a_hand_written_schema_is_used_and_kept(
    generated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = generated / "schemas" / "model_mine.schema.json"
    text = json.dumps(
        {
            "type": "object",
            "properties": {"x": {"type": "string"}},
            "x-scenario": {"modelId": "model_mine"},
        }
    )
    schema.write_text(text, encoding="utf-8")
    assert run(capsys, "generate", generated)[0] == 0
    assert schema.read_text(encoding="utf-8") == text
    assert run(capsys, "check", generated)[0] == 0
    schema.unlink()
    assert run(capsys, "check", generated)[0] == 1  # what was generated from it is now stale


def test_bad_input_is_exit_2_without_a_traceback(
    generated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (generated / "upstream" / "acme.md").write_text(
        TWO_MODELS.replace("| number |", "| integer |", 1), encoding="utf-8"
    )
    code, out, err = run(capsys, "check", generated)
    assert (code, out) == (2, "")
    assert f"{generated / 'upstream' / 'acme.md'}:" in err
    assert "Traceback" not in err
    assert run(capsys, "check", generated / "nowhere")[0] == 2


def test_the_pre_commit_hook_runs_check_on_the_right_files() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == "scenario-codegen-check"]
    assert hook["entry"] == "scenario-codegen check"
    assert (hook["language"], hook["pass_filenames"]) == ("python", False)
    pattern = re.compile(hook["files"])
    for path in (
        "upstream/acme.md",
        "schemas/index.json",
        "generated/openapi.yaml",
        "templates/x.j2",
    ):
        assert pattern.search(path), path
    for path in ("README.md", "generator/cli.py", "tests/upstream/x.md"):
        assert not pattern.search(path), path
    assert "scenario-codegen" in console_scripts()


def console_scripts() -> dict[str, str]:
    """The console scripts pyproject.toml installs (the hook's entry must be one)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text.split("[project.scripts]", 1)[1].split("\n[", 1)[0]
    pairs = (line.split("=", 1) for line in section.splitlines() if "=" in line)
    return {name.strip(): value.strip().strip('"') for name, value in pairs}


def test_a_file_in_the_package_generate_did_not_write_is_named(
    generated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It would ship with every copy of the package: check fails, generate warns, and
    neither touches it (bytecode caches aside)."""
    package = generated / "generated" / "python" / "scenario_models"
    extra = package / "models" / "notes.py"
    extra.write_text("# mine\n", encoding="utf-8")
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    for _ in ("cached", "rebuilt"):
        code, out, err = run(capsys, "check", generated, "--quiet")
        assert (code, out) == (1, "extra: generated/python/scenario_models/models/notes.py\n")
        assert "move them out or delete them" in err
        (generated / CACHE).unlink(missing_ok=True)  # the second round builds in full
    code, _, err = run(capsys, "generate", generated, "--force")
    assert code == 0 and "notes.py:0: warning: generate did not write this file" in err
    assert extra.read_text(encoding="utf-8") == "# mine\n"


def test_line_endings_are_bytes_too(generated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = generated / "schemas" / "model_beta.schema.json"
    schema.write_bytes(schema.read_bytes().replace(b"\n", b"\r\n"))
    code, out, _ = run(capsys, "check", generated, "--quiet")
    assert (code, out) == (1, "changed: schemas/model_beta.schema.json\n")
    assert run(capsys, "generate", generated)[0] == 0
    assert b"\r" not in schema.read_bytes()
