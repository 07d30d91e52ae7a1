"""Concurrency: one writer at a time per output folder, and a dead writer blocks nobody.

The invariant: while a `generate` holds an output folder's lock, a second `generate` (or a
`check`) waits for it, or after `--wait` seconds exits 2 naming the lock and its holder's
process; two runs started together never interleave their writes (the folder ends as
exactly one of their builds); a lock left by a killed process is taken over at once; a
finished run leaves no lock behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.output import lock
from generator.output.paths import LOCK
from generator.pages.model import Model, Param
from tests.conftest import ROOT
from tests.crash_driver import snapshot
from tests.pages import page


def model(model_id: str, maximum: int) -> Model:
    seed = Param("seed", "number", False, "The seed.", 1, None, 0, maximum)
    return Model(
        model_id, "Alpha", "A model.", ("txt2img",), "Acme", "image generation", (seed,), 1
    )


def pages(folder: Path, *models: Model) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "acme.md").write_text(page(list(models)), encoding="utf-8")
    return folder


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


HOLD = """
import sys, time
from pathlib import Path
from generator.output import lock
with lock.exclusive(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
"""


def hold(out: Path) -> subprocess.Popen[str]:
    """Another process holding `out`'s lock until its standard input closes."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_a_second_writer_exits_2_naming_the_lock_and_its_holder(tmp_path: Path) -> None:
    upstream = pages(tmp_path / "upstream", model("model_alpha", 10))
    holder = hold(tmp_path)
    try:
        for name in ("generate", "check"):
            args = [name, "--upstream", str(upstream), "--out", str(tmp_path), "--wait", "0.2"]
            result = subprocess.run(command(*args), cwd=ROOT, capture_output=True, text=True)
            assert result.returncode == 2, result.stderr
            assert f"{tmp_path / LOCK}:0: another scenario-codegen (process {holder.pid})" in (
                result.stderr
            )
            assert "waited 0.2 s for its lock" in result.stderr
            assert "Traceback" not in result.stderr
        assert not (tmp_path / "schemas").exists()
    finally:
        holder.communicate("")


def test_a_waiting_writer_goes_on_once_the_lock_is_free(tmp_path: Path) -> None:
    upstream = pages(tmp_path / "upstream", model("model_alpha", 10))
    holder = hold(tmp_path)
    args = ["generate", "--upstream", str(upstream), "--out", str(tmp_path), "--wait", "60"]
    waiting = subprocess.Popen(command(*args), cwd=ROOT, stderr=subprocess.PIPE, text=True)
    assert waiting.stderr is not None
    assert f"waiting for {tmp_path / LOCK} (process {holder.pid})" in waiting.stderr.readline()
    assert waiting.poll() is None
    holder.communicate("")
    assert waiting.wait(timeout=120) == 0
    assert main(["check", *args[1:]]) == 0
    assert not (tmp_path / LOCK).exists()


def test_a_dead_writers_lock_is_taken_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upstream = pages(tmp_path / "upstream", model("model_alpha", 10))
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    (tmp_path / LOCK).parent.mkdir(parents=True)
    (tmp_path / LOCK).write_text(dead.stdout, encoding="ascii")
    args = ["--upstream", str(upstream), "--out", str(tmp_path), "--wait", "0"]
    assert main(["check", *args]) == 1  # nothing generated yet; the stale lock is no obstacle
    assert main(["generate", *args]) == 0
    assert "waiting" not in capsys.readouterr().err
    assert not (tmp_path / LOCK).exists()


def test_two_writers_started_together_never_interleave(tmp_path: Path) -> None:
    builds = {}
    for name, maximum in (("a", 10), ("b", 20)):
        upstream = pages(
            tmp_path / f"upstream-{name}", model("model_alpha", maximum), model(f"model_{name}", 1)
        )
        expected = tmp_path / f"expected-{name}"
        assert main(["generate", "--upstream", str(upstream), "--out", str(expected)]) == 0
        builds[name] = (upstream, snapshot(expected))
    out = tmp_path / "out"
    for _ in range(3):
        runs = [
            subprocess.Popen(
                command("generate", "--upstream", str(upstream), "--out", str(out), "--force"),
                cwd=ROOT,
                stderr=subprocess.PIPE,
                text=True,
            )
            for upstream, _ in builds.values()
        ]
        results = [(run.wait(timeout=300), run.communicate()[1]) for run in runs]
        assert [code for code, _ in results] == [0, 0], results
        assert snapshot(out) in [expected for _, expected in builds.values()]
        assert not (out / LOCK).exists()


def test_the_lock_is_reentrant_within_a_process(tmp_path: Path) -> None:
    with lock.exclusive(tmp_path, wait=0), lock.exclusive(tmp_path, wait=0):
        assert (tmp_path / LOCK).read_text(encoding="ascii").strip() == str(os.getpid())
        with lock.reading(tmp_path, wait=0):
            pass
    assert not (tmp_path / LOCK).exists()
    started = time.monotonic()
    with lock.reading(tmp_path, wait=0):  # no lock file: nothing to wait for
        assert time.monotonic() - started < 1
