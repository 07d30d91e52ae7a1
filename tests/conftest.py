"""Shared fixtures: the repository, ../shared and its real page corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCENARIO_DOCS = SHARED / "scenario-docs"
TEST_SUITE = SHARED / "jsonschema-test-suite" / "draft2020-12"
SEED_PAGE = ROOT / "upstream" / "microsoft-3d.md"


def shared_pages() -> list[Path]:
    """The real pages, or [] when ../shared is absent (tests using them then skip)."""
    return sorted(SCENARIO_DOCS.glob("*.md")) if SCENARIO_DOCS.is_dir() else []


def require_shared(path: Path = SCENARIO_DOCS) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpus lives beside the checkout (CI has it)")
    return path


@pytest.fixture
def scenario_docs() -> Path:
    return require_shared(SCENARIO_DOCS)


@pytest.fixture
def test_suite_dir() -> Path:
    return require_shared(TEST_SUITE)


def output_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path, but the build cache (not output, git-ignored)."""
    from generator.output.incremental import CACHE

    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).as_posix() != CACHE
    }
