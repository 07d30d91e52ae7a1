"""Bad pages and inputs: refused before anything is written.

The invariant: input that would destroy or corrupt output (no pages at all, a page over the
size limit, a Model ID whose files would replace another file, a page's model over a
hand-written schema, a Model ID taken twice, an unreadable manifest) makes `generate` and
`check` exit 2 with one `file:line: message` per problem and no traceback, and leaves
every file of the output byte for byte as it was. No control character reaches any
generated file raw.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.controls import CONTROL
from generator.output.refusals import refuse_control_characters
from generator.pages.model import Model, Param
from generator.pipeline import MANIFEST
from generator.problems import InputError
from tests.conftest import output_tree
from tests.pages import page


def model(model_id: str, name: str = "Alpha") -> Model:
    seed = Param("seed", "number", False, "The seed.", 1, None, 0, 10)
    return Model(model_id, name, "A model.", ("txt2img",), "Acme", "image generation", (seed,), 1)


GOOD = page([model("model_alpha"), model("model_beta", "Beta")])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project built once from GOOD: what every refused run must leave untouched."""
    (tmp_path / "upstream").mkdir()
    (tmp_path / "upstream" / "acme.md").write_text(GOOD, encoding="utf-8")
    assert main(["generate", "--upstream", str(tmp_path / "upstream"), "--out", str(tmp_path)]) == 0
    return tmp_path


def refused(
    capsys: pytest.CaptureFixture[str],
    project: Path,
    *upstream: Path,
    options: tuple[str, ...] = (),
) -> list[str]:
    """Run generate and check on `upstream`; both must exit 2 and change nothing. Returns
    generate's error lines."""
    before = output_tree(project)
    arguments = [a for path in upstream for a in ("--upstream", str(path))]
    capsys.readouterr()
    lines = []
    for command in ("generate", "check"):
        code = main([command, *arguments, "--out", str(project), *options])
        out, err = capsys.readouterr()
        assert (code, out) == (2, ""), err
        assert "Traceback" not in err
        lines = lines or err.splitlines()
    assert output_tree(project) == before
    return lines


def write_page(folder: Path, text: str, name: str = "acme.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_an_upstream_folder_without_pages(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert refused(capsys, project, empty) == [
        f"{empty}:0: expected *.md pages or *.model.json definitions, found none"
    ]
    index_only = write_page(tmp_path / "index-only", "# Models\n", "index.md")
    assert refused(capsys, project, index_only)[0].startswith(f"{index_only}:0: ")
    # Beside a folder that has pages, an empty one is still a mistake worth naming.
    assert refused(capsys, project, project / "upstream", empty) == [
        f"{empty}:0: expected *.md pages or *.model.json definitions, found none"
    ]


def test_a_page_over_the_size_limit(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upstream = write_page(tmp_path / "big", GOOD + "\n" + "x" * 2000 + "\n")
    page_file = upstream / "acme.md"
    size = page_file.stat().st_size
    [line] = refused(capsys, project, upstream, options=("--max-page-bytes", "2000"))
    assert line == (
        f"{page_file}:0: expected a page of at most 2000 bytes (--max-page-bytes), "
        f"found {size} bytes"
    )
    out = tmp_path / "out"
    assert main(["generate", "--upstream", str(upstream), "--out", str(out)]) == 0


@pytest.mark.parametrize(
    ("model_id", "collides_with"),
    [
        ("index", "generated/docs/index.md, which the build writes itself"),
        ("INDEX", "generated/docs/index.md, which the build writes itself"),
    ],
)
def test_a_model_id_whose_files_would_replace_the_builds_own(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    model_id: str,
    collides_with: str,
) -> None:
    text = page([model("model_alpha"), model(model_id, "Index")])
    upstream = write_page(tmp_path / "bad", text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if f"`{model_id}`" in row)
    assert refused(capsys, project, upstream) == [
        f"{upstream / 'acme.md'}:{line}: expected a Model ID whose files are its own, found "
        f"{model_id!r}: it would write over {collides_with}"
    ]


def test_two_model_ids_one_file_on_a_case_insensitive_disk(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upstream = write_page(tmp_path / "bad", page([model("model_alpha"), model("model_Alpha")]))
    [line] = refused(capsys, project, upstream)
    assert "found 'model_Alpha': it would write over " in line
    assert "as Model ID 'model_alpha'" in line


def test_the_fixed_files_of_every_emitter_are_known() -> None:
    """The probe learns each model's file names from the emitters: a model writes its
    schema pair, its docs page and its module, named by its ID or its Python name."""
    from generator.emit.view import model_views
    from generator.output import refusals
    from generator.pipeline import _emit
    from generator.render import Renderer

    renderer = Renderer()
    fixed = set(_emit([], renderer))
    probe = set(_emit(model_views([refusals._probe_schema()]), renderer)) - fixed
    assert sorted(refusals._per_model_patterns(probe)) == [
        "generated/docs/\0id\0.md",
        "generated/python/scenario_models/models/\0python\0.py",
    ]
    assert {"generated/docs/index.md", "generated/openapi.yaml"} <= fixed


def test_a_page_model_over_a_hand_written_schema(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = project / "schemas" / "model_gamma.schema.json"
    mine.write_text(json.dumps({"type": "object", "properties": {}}), encoding="utf-8")
    text = page([model("model_alpha"), model("model_beta", "Beta"), model("model_gamma", "G")])
    upstream = write_page(tmp_path / "bad", text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "`model_gamma`" in row)
    assert refused(capsys, project, upstream) == [
        f"{upstream / 'acme.md'}:{line}: expected a Model ID no hand-written schema has, found "
        "'model_gamma': it would overwrite schemas/model_gamma.schema.json, which generate "
        "did not write; rename or move that file"
    ]


def test_a_hand_written_schema_taking_a_pages_model_id(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = project / "schemas" / "custom.schema.json"
    schema = {"type": "object", "properties": {}, "x-scenario": {"modelId": "model_alpha"}}
    mine.write_text(json.dumps(schema), encoding="utf-8")
    [line] = refused(capsys, project, project / "upstream")
    assert line.startswith(
        f"{mine}:1: expected a Model ID of its own, found 'model_alpha', also at "
    )


def test_an_unreadable_manifest_is_not_taken_for_no_manifest(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / MANIFEST).write_text('{"files": ["schemas/model_alpha.sch', encoding="utf-8")
    [line] = refused(capsys, project, project / "upstream")
    assert line.startswith(f"{project / MANIFEST}:0: expected the manifest of the last build")


CONTROLS = "\x00\x01\x1b\x7f\x85\x9f\u2028\u2029\u202e\u2066"


def test_no_control_character_reaches_a_generated_file_raw(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """From a hand-written schema (pages refuse control characters themselves): the build
    escapes every one, or refuses it; it never writes one raw."""
    text = "say " + "".join(f"{c}x" for c in CONTROLS)
    schema = {
        "title": text,
        "description": text,
        "type": "object",
        "properties": {"p": {"type": "string", "description": text, "enum": [text, "b"]}},
        "x-scenario": {"modelId": "model_ctl", "provider": text, "kind": text},
    }
    (project / "schemas" / "model_ctl.schema.json").write_text(json.dumps(schema))
    before = output_tree(project)
    capsys.readouterr()
    code = main(["generate", "--upstream", str(project / "upstream"), "--out", str(project)])
    err = capsys.readouterr().err
    assert code in (0, 2) and "Traceback" not in err
    if code == 2:
        assert output_tree(project) == before
        assert "expected no control character in generated text, found U+" in err
    for name, data in output_tree(project).items():
        if name != "schemas/model_ctl.schema.json":
            assert not CONTROL.search(data.decode("utf-8")), name


def test_the_guard_names_file_line_and_character() -> None:
    with pytest.raises(InputError) as caught:
        refuse_control_characters({"a.md": "fine\nfine\nbad\x00\n", "b.py": "ok\n"})
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("a.md", 3)
    assert "U+0000" in problem.message
