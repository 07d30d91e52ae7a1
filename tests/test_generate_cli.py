"""`generate` end to end: determinism, errors with nothing written, a real install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import ROOT, SEED_PAGE, output_tree, shared_pages

BAD_PAGE = SEED_PAGE.read_text(encoding="utf-8").replace(
    "| `seed` | number |", "| `seed` | integer |", 1
)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        name: data
        for name, data in output_tree(folder).items()
        if name.startswith(("schemas/", "generated/"))
    }


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_output_is_identical_across_hash_seeds_and_input_locations(tmp_path: Path) -> None:
    pages = [*shared_pages(), SEED_PAGE]
    outputs = []
    for seed, location in (("0", "a/upstream"), ("4242", "b/somewhere/else/pages")):
        upstream = tmp_path / location
        upstream.mkdir(parents=True)
        for page in pages:
            shutil.copy(page, upstream / page.name)
        out = tmp_path / f"out-{seed}"
        result = run_cli(
            "generate", "--upstream", str(upstream), "--out", str(out), env={"PYTHONHASHSEED": seed}
        )
        assert result.returncode == 0, result.stderr
        outputs.append(tree(out))
    assert outputs[0] == outputs[1]
    for name, data in outputs[0].items():
        assert str(tmp_path).encode() not in data, name
        if name != "schemas/index.json":
            assert b"2026-04-09" not in data and b"2026-07-29" not in data, name


def test_second_generate_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--upstream", str(SEED_PAGE), "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["generate", "--upstream", str(SEED_PAGE), "--out", str(tmp_path)]) == 0
    assert "0 written, 0 deleted" in capsys.readouterr().err


def test_bad_input_exits_2_names_file_and_line_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["generate", "--upstream", str(SEED_PAGE), "--out", str(out)]) == 0
    before = tree(out)
    bad = tmp_path / "bad.md"
    bad.write_text(BAD_PAGE, encoding="utf-8")
    result = run_cli("generate", "--upstream", str(bad), "--out", str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{bad}:1: model_trellis.seed: expected a type among string, number, boolean, file, model, "
        "file_array, string_array, number_array, model_array, inputs_array, found 'integer'"
    ]
    assert tree(out) == before


def test_missing_upstream_and_bad_usage_exit_2(tmp_path: Path) -> None:
    result = run_cli("generate", "--upstream", str(tmp_path / "nope"), "--out", str(tmp_path))
    assert result.returncode == 2 and "found nothing there" in result.stderr
    assert run_cli("generate", "--no-such-flag").returncode == 2
    assert run_cli().returncode == 2


def test_committed_output_is_what_generate_writes() -> None:
    result = run_cli("check", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr


def test_plain_install_carries_the_templates(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheel_dir),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheel_dir.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = [p.relative_to(ROOT / "templates") for p in (ROOT / "templates").rglob("*.j2")]
    missing = [str(t) for t in templates if f"generator/templates/{t.as_posix()}" not in names]
    assert missing == []
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--upstream",
            str(SEED_PAGE),
            "--out",
            str(out),
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    in_place = tmp_path / "in-place"
    assert main(["generate", "--upstream", str(SEED_PAGE), "--out", str(in_place)]) == 0
    assert tree(out) == tree(in_place)


def test_no_op_generate_skips_work_but_never_misses_a_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    page = upstream / SEED_PAGE.name
    shutil.copy(SEED_PAGE, page)
    out = tmp_path / "out"
    args = ["generate", "--upstream", str(upstream), "--out", str(out)]
    assert main(args) == 0
    first = tree(out)
    capsys.readouterr()

    assert main(args) == 0
    assert "0 written, 0 deleted" in capsys.readouterr().err

    # A hand-edited output file is noticed and restored.
    schema = out / "schemas" / "model_trellis.schema.json"
    schema.write_text("{}", encoding="utf-8")
    assert main(args) == 0
    assert "1 written" in capsys.readouterr().err
    assert tree(out) == first

    # A changed page is rebuilt.
    page.write_text(page.read_text(encoding="utf-8").replace("`7.5`", "`7.25`"), encoding="utf-8")
    assert main(args) == 0
    assert ": 0 written" not in capsys.readouterr().err
    assert '"default": 7.25' in schema.read_text(encoding="utf-8")

    # A template override is an input too.
    overrides = tmp_path / "templates"
    overrides.mkdir()
    assert main([*args, "--templates", str(overrides)]) == 0
    capsys.readouterr()
    assert main([*args, "--templates", str(overrides)]) == 0
    assert "0 written, 0 deleted" in capsys.readouterr().err


def test_no_op_generate_imports_neither_parser_nor_templates(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("generate", "--upstream", str(SEED_PAGE), "--out", str(out)).returncode == 0
    probe = (
        "import sys; from generator.cli import main; "
        f"code = main(['generate', '--upstream', {str(SEED_PAGE)!r}, '--out', {str(out)!r}]); "
        "print(code, sorted(m for m in ('markdown_it', 'jinja2', 'yaml') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.split() == ["0", "[]"], result.stderr


@pytest.mark.parametrize("command", ["generate", "check", "validate"])
def test_help_speaks_the_users_language_and_gives_every_default(command: str) -> None:
    from generator.cli import parser

    root = parser(command)
    assert "contract" not in root.format_help()
    [sub] = [a for a in root._actions if a.dest == "command"]
    command_parser = sub.choices[command]  # type: ignore[index]
    text = command_parser.format_help()
    assert "contract" not in text
    for action in command_parser._actions:
        if action.dest == "help":
            continue
        assert action.help, action.dest  # every positional argument and option is described
        if action.option_strings:
            assert "default" in action.help or action.dest in ("schema",), action.dest
    if command == "check":
        assert "(writes nothing)" in root.format_help() and "nothing is written" in text
        assert " writes " not in text.replace("another generate writes", "")
