"""The golden record: a build of purpose-made inputs that use every feature, compared with
its committed output tree byte for byte. Rewrite it with `make golden` after an intended
change, and review the diff."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import output_tree
from tests.golden.regenerate import OUTPUT, build


def test_the_golden_inputs_build_exactly_the_committed_tree(tmp_path: Path) -> None:
    assert build(tmp_path / "out") == 0
    built, committed = output_tree(tmp_path / "out"), output_tree(OUTPUT)
    assert sorted(built) == sorted(committed), "files added or removed: run `make golden`"
    changed = [path for path in built if built[path] != committed[path]]
    assert not changed, f"changed: {changed}; run `make golden` and review the diff"
