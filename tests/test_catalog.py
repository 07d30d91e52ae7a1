"""The whole catalog: what is true of the output holds at the real catalog's size.

../shared/docs-site holds every model reference page the docs site served (100 pages, 473
models). It is built once for this module; the generated package must then pass the
pinned `black --check`, `ruff check` and `mypy --strict` as the seed's does, and the build
must be byte-identical under another hash seed and from another location of its inputs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED, output_tree, require_shared

DOCS_SITE = SHARED / "docs-site"
pytestmark = pytest.mark.xdist_group("catalog")  # one worker builds the catalog once


def run_generate(pages: Path, out: Path, hash_seed: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--upstream",
            str(pages),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pages = require_shared(DOCS_SITE)
    out = tmp_path_factory.mktemp("catalog")
    result = run_generate(pages, out, "0")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def package(catalog: Path) -> Path:
    return catalog / "generated" / "python"


def tool(package: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=package, capture_output=True, text=True, check=False
    )


def test_every_model_of_the_catalog_gets_a_module(catalog: Path) -> None:
    schemas = list((catalog / "schemas").glob("*.schema.json"))
    modules = list((catalog / "generated/python/scenario_models/models").glob("*.py"))
    assert len(schemas) >= 470
    assert len(modules) == len(schemas) + 1  # and the models' index, __init__.py


def test_the_catalog_package_passes_the_pinned_black(package: Path) -> None:
    result = tool(package, "black", "--check", "--quiet", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_catalog_package_passes_ruff(package: Path) -> None:
    result = tool(package, "ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_catalog_package_passes_mypy_strict(package: Path, tmp_path: Path) -> None:
    result = tool(
        package, "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), "scenario_models"
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


def test_the_catalog_builds_the_same_bytes_under_another_hash_seed_and_location(
    catalog: Path, tmp_path: Path
) -> None:
    moved = shutil.copytree(require_shared(DOCS_SITE), tmp_path / "elsewhere" / "pages")
    again = tmp_path / "again"
    result = run_generate(moved, again, "4242")
    assert result.returncode == 0, result.stderr
    assert output_tree(again) == output_tree(catalog)


def test_check_passes_right_after_generating_the_catalog(catalog: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "check",
            "--upstream",
            str(DOCS_SITE),
            "--out",
            str(catalog),
            "--quiet",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
