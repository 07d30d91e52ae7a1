"""`generate --templates DIR`: a template in DIR replaces the built-in one of the same
relative path, and only the files rendered from it change."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.inputs import builtin_templates
from tests.conftest import SEED_PAGE, output_tree

SEED_MODELS = ("model_trellis", "model_trellis-2", "model_trellis-2-retexture")


def generate(out: Path, templates: Path | None = None) -> dict[str, bytes]:
    argv = ["generate", "--upstream", str(SEED_PAGE), "--out", str(out)]
    if templates is not None:
        argv += ["--templates", str(templates)]
    assert main(argv) == 0
    return {
        name: data
        for name, data in output_tree(out).items()
        if name.startswith(("schemas/", "generated/"))
    }


def override(folder: Path, template: str, text: str) -> Path:
    target = folder / template
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return folder


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    assert set(before) == set(after)
    return {path for path in before if before[path] != after[path]}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return generate(tmp_path_factory.mktemp("baseline"))


def test_overriding_the_index_template_changes_the_index_only(
    baseline: dict[str, bytes], tmp_path: Path
) -> None:
    builtin = (builtin_templates() / "docs/index.md.j2").read_text(encoding="utf-8")
    folder = override(tmp_path / "mine", "docs/index.md.j2", builtin + "\nOur own footer.\n")
    after = generate(tmp_path / "out", folder)
    assert changed(baseline, after) == {"generated/docs/index.md"}
    assert after["generated/docs/index.md"].endswith(b"\nOur own footer.\n")


def test_overriding_the_page_template_changes_every_model_page_only(
    baseline: dict[str, bytes], tmp_path: Path
) -> None:
    text = "# {{ model.title | md_text }}\n\n{{ model.model_id | md_code }}\n"
    folder = override(tmp_path / "mine", "docs/model.md.j2", text)
    after = generate(tmp_path / "out", folder)
    assert changed(baseline, after) == {f"generated/docs/{m}.md" for m in SEED_MODELS}
    assert after["generated/docs/model_trellis-2.md"] == b"# Trellis 2\n\n`model_trellis-2`\n"


def test_overriding_a_part_of_the_openapi_document(
    baseline: dict[str, bytes], tmp_path: Path
) -> None:
    builtin = (builtin_templates() / "openapi.yaml.j2").read_text(encoding="utf-8")
    replaced = builtin.replace(
        '"servers": servers,', '"servers": [{"url": "https://proxy.test/v1"}],'
    )
    assert replaced != builtin
    folder = override(tmp_path / "mine", "openapi.yaml.j2", replaced)
    after = generate(tmp_path / "out", folder)
    assert changed(baseline, after) == {"generated/openapi.yaml"}
    assert b"url: https://proxy.test/v1" in after["generated/openapi.yaml"]


def test_an_override_added_later_is_picked_up_in_place(
    baseline: dict[str, bytes], tmp_path: Path
) -> None:
    """Incremental builds skip unchanged inputs; a new override is a changed input."""
    out = tmp_path / "out"
    assert generate(out) == baseline
    builtin = (builtin_templates() / "docs/index.md.j2").read_text(encoding="utf-8")
    folder = override(tmp_path / "mine", "docs/index.md.j2", builtin + "\nLater.\n")
    assert changed(baseline, generate(out, folder)) == {"generated/docs/index.md"}
    assert generate(out) == baseline


def test_an_empty_override_folder_changes_nothing(
    baseline: dict[str, bytes], tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    assert generate(tmp_path / "out", folder) == baseline
