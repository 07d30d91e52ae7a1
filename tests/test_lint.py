"""The generator's own code passes `mypy --strict`, ruff and black, as CI requires."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_mypy_strict_on_the_generator() -> None:
    result = run("mypy", "--cache-dir", str(ROOT / ".mypy_cache"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_on_generator_tests_and_benchmarks() -> None:
    result = run("ruff", "check", "generator", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_black_on_generator_tests_and_benchmarks() -> None:
    result = run("black", "--check", "--quiet", "generator", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr
