"""Bad payloads: every line of a stream gets an answer, and nothing ends in a traceback.

The invariant: `validate --jsonl` answers each line on its own: its errors, or
`file:line: why it could not be read` (not JSON, not UTF-8, NaN, a key twice, nesting
deeper than Python's json reads, an integer longer than Python's digit limit), and goes on
with the next line; the exit code is the worst outcome (2 when a line could not be read,
else 1 when one is invalid); an answer is written before the next line is read (flushed
at once to a pipe); memory stays flat however long the stream; a reader that goes away
(`| head -1`) ends the command quietly. A whole document gets the same answers.
"""

from __future__ import annotations

import io
import json
import select
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import ROOT

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "seed": {"type": "number", "maximum": 10},
        "nested": {"type": "object"},
        "items": {"type": "array"},
    },
}
DEEP = "[" * 10_000 + "]" * 10_000
HUGE = "1" * 5_000


@pytest.fixture
def schema(tmp_path: Path) -> Path:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(SCHEMA), encoding="utf-8")
    return path


def validate(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    schema: Path,
    stdin: str,
    *options: str,
) -> tuple[int, str, list[str]]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["validate", "--schema", str(schema), *options])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err.splitlines()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"seed": 1 2}', "expected JSON, found invalid JSON: Expecting ',' delimiter (column 12)"),
        ('{"seed": 1', "expected JSON, found invalid JSON: Expecting ',' delimiter (column 11)"),
        ('{"seed": NaN}', "expected JSON, found NaN, which JSON does not have"),
        ('{"seed": 1, "seed": 2}', 'expected each key once in an object, found "seed" twice at $'),
        (
            '{"nested": {"a": [{"k": 1, "k": 2}]}}',
            'expected each key once in an object, found "k" twice at $.nested.a[0]',
        ),
        (
            f'{{"items": {DEEP}}}',
            "expected JSON nested at most about 1000 levels deep, found 10001 levels",
        ),
        (
            f'{{"seed": {HUGE}}}',
            "expected an integer of at most 4300 digits, found one of 5000",
        ),
        ('{"seed": "\udcff"}', "expected UTF-8 text, found the byte 0xff"),
    ],
)
def test_a_line_that_cannot_be_read_is_named_and_the_others_answered(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    schema: Path,
    line: str,
    expected: str,
) -> None:
    if "digits" in expected and not hasattr(sys, "get_int_max_str_digits"):
        pytest.skip("this Python reads integers of any length")
    if "nested" in expected:
        expected = expected.replace("1000", str(sys.getrecursionlimit()))
    stream = '{"seed": 1}\n' + line + '\n{"seed": 11}\n\n{"seed": 2}\n'
    code, out, err = validate(capsys, monkeypatch, schema, stream, "--jsonl")
    assert code == 2
    assert out == "<stdin>:3: $.seed: maximum: expected at most 10, found 11\n"
    assert err[0].startswith(f"<stdin>:2: {expected}")
    assert err[-1] == "scenario-codegen: 3 payloads, 1 invalid, 1 unreadable"
    # The same payload as a whole document: the same answer, at its line.
    code, out, err = validate(capsys, monkeypatch, schema, "\n" + line + " \n")
    assert (code, out) == (2, "")
    assert err[0].startswith(f"<stdin>:2: {expected}") or line == '{"seed": 1'  # ends at 3


def test_the_exit_code_is_the_worst_outcome(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, schema: Path
) -> None:
    assert validate(capsys, monkeypatch, schema, '{"seed": 1}\n{}\n', "--jsonl")[0] == 0
    assert validate(capsys, monkeypatch, schema, '{"seed": 11}\n{}\n', "--jsonl")[0] == 1
    assert validate(capsys, monkeypatch, schema, '{"seed": 11}\n{\n', "--jsonl")[0] == 2


def test_json_lines_without_jsonl_get_a_hint_and_the_reverse(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, schema: Path
) -> None:
    code, _, err = validate(capsys, monkeypatch, schema, '{"seed": 1}\n{"seed": 2}\n')
    assert code == 2
    assert err[0] == (
        "<stdin>:2: expected JSON, found invalid JSON: Extra data (column 1); one JSON value "
        "per line is JSON Lines: add --jsonl"
    )
    code, _, err = validate(capsys, monkeypatch, schema, '{\n  "seed": 1\n}\n', "--jsonl")
    assert code == 2
    assert err[0].endswith("one payload over several lines is not JSON Lines: drop --jsonl")


def command(schema: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "generator", "validate", "--schema", str(schema), *options]


def test_each_answer_reaches_a_pipe_before_the_next_line_is_read(schema: Path) -> None:
    process = subprocess.Popen(
        command(schema, "--jsonl", "--format", "json"),
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        for seed, valid in ((11, False), (1, True)):
            process.stdin.write(json.dumps({"seed": seed}) + "\n")
            process.stdin.flush()
            ready, _, _ = select.select([process.stdout], [], [], 60)
            assert ready, "no answer while the input is still open"
            assert json.loads(process.stdout.readline())["valid"] is valid
    finally:
        process.stdin.close()
        process.wait(timeout=60)
    assert process.returncode == 1


def test_a_reader_that_goes_away_ends_the_command_quietly(schema: Path, tmp_path: Path) -> None:
    stream = tmp_path / "stream.jsonl"
    stream.write_text('{"seed": 11}\n' * 200_000, encoding="utf-8")
    process = subprocess.Popen(
        command(schema, str(stream), "--jsonl"),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(f"{stream}:1: $.seed: maximum:")
    process.stdout.close()  # as `| head -1` does
    err = process.stderr.read()
    assert process.wait(timeout=120) == 1  # the worst outcome seen: an invalid payload
    assert "Broken pipe" not in err and "Traceback" not in err and "Exception" not in err


MEASURED = """
import resource, sys
from generator.cli import main
main(sys.argv[1:])
try:  # this process's own peak (ru_maxrss keeps the peak of the process it was forked from)
    status = open("/proc/self/status").read()
    print(int(status.split("VmHWM:")[1].split()[0]) * 1024, file=sys.stderr)
except (OSError, IndexError):
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale, file=sys.stderr)
"""


def test_memory_stays_flat_over_a_long_stream(schema: Path) -> None:
    """16 MiB streamed through: the command's peak RSS stays that of a short stream (it
    was about ten times the input before streaming)."""
    line = (json.dumps({"seed": 1, "nested": {"a": list(range(20))}}) + "\n").encode()
    payloads = 16 * 2**20 // len(line)
    process = subprocess.Popen(
        [sys.executable, "-c", MEASURED, "validate", "--schema", str(schema), "--jsonl"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None
    block = line * 1000
    for _ in range(payloads // 1000):
        process.stdin.write(block)
    process.stdin.close()
    assert process.stderr is not None
    err = process.stderr.read().decode()
    assert process.wait(timeout=300) == 0
    summary, peak = err.strip().splitlines()[-2:]
    assert summary == f"scenario-codegen: {payloads // 1000 * 1000} payloads, 0 invalid"
    assert int(peak) / 2**20 < 80, f"peak RSS {int(peak) / 2**20:.0f} MiB"
