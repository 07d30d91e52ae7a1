"""Crash: `generate` killed (SIGKILL) at any moment loses nothing and leaves nothing half-done.

The invariant, checked after a kill following each file operation of a build that adds,
changes and removes models (beside a hand-written schema):
- the tree is the previous build or the new one, or a journal is there (the build was
  decided, and the next `generate` finishes it);
- `check` exits 0 only on exactly what `generate` writes: never on the previous build,
  never on a mixed tree, never while a journal is pending;
- the next `generate` ends with exactly the new build, the hand-written schema still in
  use, no staging folder, journal or lock left, and `check` then exits 0.
The same holds when the `generate` finishing an interrupted build is killed in turn.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.output import faults
from generator.pages.model import Model, Param
from tests.conftest import ROOT
from tests.crash_driver import KILLED, snapshot
from tests.pages import page

HAND_WRITTEN = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"prompt": {"type": "string"}},
    "x-scenario": {"modelId": "model_mine"},
}


def model(model_id: str, name: str, maximum: int = 10) -> Model:
    seed = Param("seed", "number", False, "The seed.", 1, None, 0, maximum)
    return Model(model_id, name, "A model.", ("txt2img",), "Acme", "image generation", (seed,), 1)


OLD = page(
    [model("model_alpha", "Alpha"), model("model_beta", "Beta"), model("model_gone", "Gone")]
)
NEW = page(
    [model("model_alpha", "Alpha", 11), model("model_beta", "Beta"), model("model_new", "New")]
)


def write_pages(folder: Path, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "acme.md").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("crash")
    base = work / "base"
    write_pages(base / "upstream", OLD)
    (base / "schemas").mkdir(parents=True)
    (base / "schemas" / "model_mine.schema.json").write_text(json.dumps(HAND_WRITTEN))
    args = ["--upstream", str(base / "upstream"), "--out", str(base)]
    assert main(["generate", *args]) == 0
    write_pages(work / "new-pages", NEW)
    return work


def drive(work: Path, *options: str) -> list[dict[str, Any]]:
    result = subprocess.run(
        [sys.executable, "-m", "tests.crash_driver", str(work), *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def assert_survived(record: dict[str, Any]) -> None:
    assert record["code"] == KILLED, record
    assert record["state"] in ("old", "new") or record["journal"], record
    if record["state"] != "new" or record["journal"]:
        assert record["check"] == 1, record
    assert record["generate"] == 0, record
    assert record["final_state"] == "new", record
    assert record["leftovers"] == [], record
    assert record["final_check"] == 0, record


def test_a_kill_after_any_file_operation_of_generate(work: Path) -> None:
    records = drive(work)
    *killed, finished = records
    assert finished["code"] == 0 and finished["final_state"] == "new"
    # Every operation of the build was a kill point: staging, journal, renames, deletions
    # (of model_gone's four files and its folder-less removals), cleanup, cache, lock.
    assert len(killed) >= 30
    for record in killed:
        assert_survived(record)
    states = {(r["state"], r["journal"]) for r in killed}
    assert ("old", False) in states and ("mixed", True) in states and ("new", False) in states


def test_a_kill_while_finishing_an_interrupted_build(work: Path) -> None:
    *killed, finished = drive(work, "--recovery")
    assert finished["code"] == 0 and finished["final_state"] == "new"
    assert len(killed) >= 5
    for record in killed:
        assert_survived(record)


def test_the_environment_hook_kills_a_real_process(tmp_path: Path) -> None:
    """SCENARIO_CODEGEN_KILL_AFTER=N as a user of the hook sets it (the driver sets the
    same function directly in warm forks)."""
    write_pages(tmp_path / "upstream", NEW)
    args = ["generate", "--upstream", str(tmp_path / "upstream"), "--out", str(tmp_path)]
    env = {**os.environ, faults.KILL_AFTER: "5"}
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args], env=env, cwd=ROOT, capture_output=True
    )
    assert result.returncode == -9
    assert main(args) == 0
    assert main(["check", *args[1:]]) == 0
    assert snapshot(tmp_path)
