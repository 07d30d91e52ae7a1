"""`scenario-codegen validate` (contract 2): exit 0 all valid, 1 any invalid, 2 bad input;
text and JSON output, JSON Lines, standard input, --schema, --lenient."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.pages.parse import parse_or_raise
from generator.schemas.build import model_schema
from tests.conftest import ROOT, SEED_PAGE

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["image"],
    "properties": {
        "image": {"type": "string"},
        "seed": {"type": "number", "minimum": 0, "maximum": 10},
        "style": {"type": "string", "enum": ["photo", "drawing"]},
    },
    "x-scenario": {"modelId": "model_test"},
}


@pytest.fixture
def schemas(tmp_path: Path) -> Path:
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "model_test.schema.json").write_text(json.dumps(SCHEMA, indent=2))
    (folder / "model_test-two.schema.json").write_text(json.dumps(SCHEMA, indent=2))
    return folder


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        code = main(["validate", *args])
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_valid_payload_exits_0_and_prints_no_error(
    schemas: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    payload = tmp_path / "ok.json"
    payload.write_text('{"image": "asset_1", "seed": 3}')
    code, out, err = run(capsys, monkeypatch, "model_test", str(payload), "--schemas", str(schemas))
    assert (code, out) == (0, "")
    assert "1 payload, 0 invalid" in err


def test_text_output_names_input_line_path_keyword_and_message(
    schemas: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    payload = tmp_path / "bad.json"
    payload.write_text('\n\n{"seed": 11,\n "stlye": "photo"}\n')
    code, out, _ = run(capsys, monkeypatch, "model_test", str(payload), "--schemas", str(schemas))
    assert code == 1
    assert out.splitlines() == [
        f'{payload}:3: $.image: required: missing required property "image"',
        f"{payload}:3: $.seed: maximum: expected at most 10, found 11",
        f'{payload}:3: $.stlye: additionalProperties: unknown property "stlye" (did you mean "style"?)',
    ]


def test_jsonl_from_stdin_gives_one_json_line_per_payload(
    schemas: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = '{"image": "a"}\n\n{"image": 1, "seed": -1}\n{"image": "b", "style": "photo"}\n'
    code, out, err = run(
        capsys, monkeypatch, "model_test", "-", "--jsonl", "--format", "json",
        "--schemas", str(schemas), stdin=lines,
    )  # fmt: skip
    assert code == 1
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["valid"] for r in results] == [True, False, True]
    assert results[1]["errors"] == [
        {"path": "$.image", "keyword": "type", "message": "expected a string, found an integer: 1"},
        {"path": "$.seed", "keyword": "minimum", "message": "expected at least 0, found -1"},
    ]
    assert all(set(r) == {"valid", "errors"} for r in results)
    assert "3 payloads, 1 invalid" in err


def test_jsonl_text_output_gives_each_payloads_line(
    schemas: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = '{"image": "a"}\n\n{"image": "a", "seed": 20}\n'
    code, out, _ = run(
        capsys, monkeypatch, "model_test", "--jsonl", "--schemas", str(schemas), stdin=lines
    )
    assert code == 1
    assert out == "<stdin>:3: $.seed: maximum: expected at most 10, found 20\n"


def test_lenient_reports_unknown_keys_and_enum_values_as_warnings_and_exits_0(
    schemas: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    payload = '{"image": "a", "style": "cartoon", "newThing": true}'
    code, out, _ = run(
        capsys, monkeypatch, "model_test", "--lenient", "--format", "json",
        "--schemas", str(schemas), stdin=payload,
    )  # fmt: skip
    assert code == 0
    result = json.loads(out)
    assert result["valid"] is True and result["errors"] == []
    assert [(w["path"], w["keyword"]) for w in result["warnings"]] == [
        ("$.style", "enum"),
        ("$.newThing", "additionalProperties"),
    ]
    code, out, _ = run(
        capsys, monkeypatch, "model_test", "--lenient", "--schemas", str(schemas), stdin=payload
    )
    assert code == 0
    assert out.splitlines()[0].startswith("<stdin>:1: warning: $.style: enum: ")


def test_schema_file_instead_of_a_model_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = tmp_path / "any.json"
    schema.write_text(json.dumps({"type": "array", "items": {"type": "integer"}, "maxItems": 2}))
    payload = tmp_path / "p.json"
    payload.write_text("[1, 2.5, 3]")
    code, out, _ = run(capsys, monkeypatch, "--schema", str(schema), str(payload))
    assert code == 1
    assert [line.split(": ")[1:3] for line in out.splitlines()] == [
        ["$", "maxItems"],
        ["$[1]", "type"],
    ]
    code, _, _ = run(capsys, monkeypatch, "--schema", str(schema), stdin="[1]")
    assert code == 0


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{"image": "a",\n "seed": }', 2, "invalid JSON"),
        ('{"image": "a",\n\n "seed": NaN}', 3, "NaN, which JSON does not have"),
        ('{"image": "a", "seed": -Infinity}', 1, "-Infinity"),
        ('{"image": "NaN", "seed": 1}\n{"image": Infinity}', 2, "Infinity"),
    ],
)
def test_input_that_is_not_json_exits_2_naming_file_and_line(
    schemas: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    line: int,
    message: str,
) -> None:
    payload = tmp_path / "p.json"
    payload.write_text(text)
    jsonl = ["--jsonl"] if "\n{" in text else []
    code, out, err = run(
        capsys, monkeypatch, "model_test", str(payload), *jsonl, "--schemas", str(schemas)
    )
    assert (code, out) == (2, "")
    assert err.startswith(f"{payload}:{line}: ") and message in err


def test_every_bad_jsonl_line_is_named_and_every_other_line_validated(
    schemas: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = '{"image": 1}\n{oops}\n{"image": "a"}\n[\n'
    code, out, err = run(
        capsys, monkeypatch, "model_test", "--jsonl", "--schemas", str(schemas), stdin=lines
    )
    assert code == 2  # the worst outcome: a line could not be read
    assert out == "<stdin>:1: $.image: type: expected a string, found an integer: 1\n"
    assert [line.split(":")[1] for line in err.splitlines()[:-1]] == ["2", "4"]
    assert err.splitlines()[-1] == "scenario-codegen: 2 payloads, 1 invalid, 2 unreadable"


def test_an_unknown_model_exits_2_with_suggestions(
    schemas: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, monkeypatch, "model_tset", "--schemas", str(schemas), stdin="{}")
    assert code == 2
    assert "unknown model 'model_tset'" in err and "did you mean 'model_test'" in err
    code, _, err = run(capsys, monkeypatch, "../schemas/model_test", "--schemas", str(schemas))
    assert code == 2 and "unknown model" in err
    code, _, err = run(capsys, monkeypatch, "model_test", "--schemas", str(schemas / "nope"))
    assert code == 2 and "scenario-codegen generate" in err


def test_an_unsupported_keyword_exits_2_naming_it_and_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = tmp_path / "s.json"
    schema.write_text(
        '{\n  "type": "object",\n  "properties": {\n    "a": {"format": "uri"}\n  }\n}\n'
    )
    code, out, err = run(capsys, monkeypatch, "--schema", str(schema), stdin="{}")
    assert (code, out) == (2, "")
    assert err.startswith(f"{schema}:4: #/properties/a: unsupported keyword 'format'")


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--schema", "x.json", "a.json", "b.json"],
        ["model_test", "--format", "yaml"],
    ],
)
def test_usage_errors_exit_2(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, monkeypatch, *args)
    assert code == 2 and "error:" in err


def test_unreadable_input_exits_2(
    schemas: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    missing = tmp_path / "missing.json"
    code, _, err = run(capsys, monkeypatch, "model_test", str(missing), "--schemas", str(schemas))
    assert code == 2 and str(missing) in err
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe{}")
    code, _, err = run(capsys, monkeypatch, "model_test", str(binary), "--schemas", str(schemas))
    assert code == 2 and str(binary) in err


def test_the_installed_command_on_the_seed_models(tmp_path: Path) -> None:
    """End to end, as a user runs it: the real schema of a seed model, default --schemas."""
    pages, _ = parse_or_raise([SEED_PAGE])
    (tmp_path / "schemas").mkdir()
    for model in (m for page in pages for m in page.models):
        schema: dict[str, Any] = model_schema(model)
        (tmp_path / "schemas" / f"{model.id}.schema.json").write_text(json.dumps(schema))
    payloads = '{"image": "asset_1", "seed": 7}\n{"image": "asset_1", "ssGuidanceStrenght": 3}\n'
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "validate",
            "model_trellis-2",
            "--jsonl",
            "--format",
            "json",
        ],
        input=payloads,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 1, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first == {"valid": True, "errors": []}
    assert second["errors"][0]["path"] == "$.ssGuidanceStrenght"
    assert "ssGuidanceStrength" in second["errors"][0]["message"]
