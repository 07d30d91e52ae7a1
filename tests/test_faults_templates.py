"""Bad templates: refused before anything is written.

The invariant: a `--templates` folder that is not there, a template that does not parse,
that uses an undefined variable, that fails while rendering (in itself or in a template it
includes), or that renders Python which does not compile, makes `generate` and `check`
exit 2 with one `template-file:line: message` (for Python: the output file and line, and
the template that rendered it) and no traceback, and leaves the output byte for byte as it
was.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.inputs import builtin_templates
from tests.conftest import SEED_PAGE, output_tree

MODEL_TEMPLATE = "python/scenario_models/models/model.py.j2"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert main(["generate", "--upstream", str(SEED_PAGE), "--out", str(out)]) == 0
    return out


def override(folder: Path, template: str, text: str) -> Path:
    target = folder / template
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def refused(capsys: pytest.CaptureFixture[str], project: Path, templates: Path) -> list[str]:
    """generate and check with `templates`: both exit 2, nothing changes; generate's errors."""
    before = output_tree(project)
    capsys.readouterr()
    lines: list[str] = []
    for command in ("generate", "check"):
        argv = [command, "--upstream", str(SEED_PAGE), "--out", str(project)]
        code = main([*argv, "--templates", str(templates)])
        out, err = capsys.readouterr()
        assert (code, out) == (2, ""), err
        assert "Traceback" not in err
        lines = lines or err.splitlines()
    assert output_tree(project) == before
    return lines


def test_a_missing_templates_folder(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    assert refused(capsys, project, missing) == [
        f"{missing}:0: expected a folder of templates, found nothing there"
    ]
    a_file = tmp_path / "file.j2"
    a_file.write_text("x", encoding="utf-8")
    assert refused(capsys, project, a_file) == [
        f"{a_file}:0: expected a folder of templates, found a file"
    ]


def test_a_syntax_error_names_the_template_and_line(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = override(tmp_path / "mine", "docs/index.md.j2", "# Models\n\n{% for x in %}\n")
    [line] = refused(capsys, project, tmp_path / "mine")
    assert line.startswith(f"{target}:3: template syntax: ")


def test_an_undefined_variable_names_the_template_and_line(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = override(tmp_path / "mine", "docs/model.md.j2", "# {{ model.title }}\n\n{{ nope }}\n")
    assert refused(capsys, project, tmp_path / "mine") == [
        f"{target}:3: template error: 'nope' is undefined (docs/templates.md lists what each "
        "template receives)"
    ]


def test_an_error_in_an_included_template_names_that_template(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    override(tmp_path / "mine", "docs/index.md.j2", "# Models\n{% include 'part.j2' %}\n")
    part = override(tmp_path / "mine", "part.j2", "\n\n{{ 1 + 'a' }}\n")
    [line] = refused(capsys, project, tmp_path / "mine")
    assert line.startswith(f"{part}:3: template error: TypeError: ")
    missing = override(tmp_path / "other", "docs/index.md.j2", "\n{% include 'gone.j2' %}\n")
    assert refused(capsys, project, tmp_path / "other") == [
        f"{missing}:2: template error: no template 'gone.j2' to include or import"
    ]


@pytest.mark.parametrize(
    ("broken", "found"),
    [
        ("def broken(:\n    pass\n", "invalid syntax"),
        ("return 1\n", "'return' outside function"),
        ('PATTERN = "\\d"\n', "invalid escape sequence"),
    ],
)
def test_python_that_does_not_compile_is_never_written(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], broken: str, found: str
) -> None:
    builtin = (builtin_templates() / MODEL_TEMPLATE).read_text(encoding="utf-8")
    target = override(tmp_path / "mine", MODEL_TEMPLATE, builtin + "\n" + broken)
    lines = refused(capsys, project, tmp_path / "mine")
    assert len(lines) == 3  # one per seed model
    for line in lines:
        assert line.startswith("generated/python/scenario_models/models/")
        assert "expected Python that compiles, found " in line and found in line
        assert line.endswith(f"(rendered by {target})")


def test_a_good_override_still_builds(project: Path, tmp_path: Path) -> None:
    builtin = (builtin_templates() / "docs/index.md.j2").read_text(encoding="utf-8")
    override(tmp_path / "mine", "docs/index.md.j2", builtin + "\nFooter.\n")
    argv = [
        "--upstream",
        str(SEED_PAGE),
        "--out",
        str(project),
        "--templates",
        str(tmp_path / "mine"),
    ]
    assert main(["generate", *argv]) == 0
    assert main(["check", *argv]) == 0


def test_an_override_that_expects_real_models_is_never_rendered_for_a_probe(
    project: Path, tmp_path: Path
) -> None:
    """The build learns each model's file names from the emitters, with a probe model
    and an empty catalog: those use the built-in templates, never the user's."""
    override(tmp_path / "mine", "docs/model.md.j2", "# {{ model.params[0].python_name }}\n")
    override(tmp_path / "mine", "docs/index.md.j2", "# {{ groups[0].provider }}\n")
    argv = [
        "--upstream",
        str(SEED_PAGE),
        "--out",
        str(project),
        "--templates",
        str(tmp_path / "mine"),
    ]
    assert main(["generate", *argv]) == 0
    assert (project / "generated/docs/model_trellis.md").read_text(encoding="utf-8") == "# images\n"
