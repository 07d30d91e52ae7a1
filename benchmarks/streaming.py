"""`validate --jsonl` on long streams: memory stays flat, payloads per second.

Three runs of the command as a user runs it (a fresh process, its answers into a file):
- a 1 GiB stream of Trellis 2 payloads (one in a hundred with three errors) on standard input,
  written by a producer process as fast as it is read: peak RSS and payloads per second;
- 100,000 valid Trellis 2 payloads from a file;
- 100,000 invalid ones from a file, three errors each (an enum, a range, a misspelt key),
  every message printed: issue 16's target is ten times the 4,400 payloads/s measured
  before (and 106,000/s for valid ones).
`--quick` streams 32 MiB instead of 1 GiB, and 10,000 invalid payloads instead of 100,000.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = "model_trellis-2"
VALID = {
    "image": "asset_abc123",
    "resolution": 1024,
    "ssGuidanceStrength": 7.5,
    "seed": 42,
    "remesh": True,
    "textureSize": 2048,
}
INVALID = {
    "image": "asset_abc123",
    "resolution": 1000,
    "ssGuidanceStrength": 12,
    "ssGuidanceStrenght": 3,
    "seed": 42,
}
BEFORE = {"invalid": 4_400, "valid": 106_000}
"""Payloads per second before streaming (issue 16 item 4, the same payloads)."""

_PRODUCER = """
import sys
block, total = sys.argv[1].encode() * 80, int(sys.argv[2])  # about 1 MiB a write
out = sys.stdout.buffer
for _ in range(total // len(block)):
    out.write(block)
"""
# Runs validate in-process and reports its own peak RSS (VmHWM: ru_maxrss would keep the
# peak of the process it was forked from), so memory is the command's alone.
_MEASURED = """
import resource, sys
from generator.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
try:
    status = open("/proc/self/status").read()
    print(int(status.split("VmHWM:")[1].split()[0]), file=sys.stderr)
except (OSError, IndexError):
    scale = 1024 if sys.platform == "darwin" else 1
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // scale, file=sys.stderr)
sys.exit(code)
"""


def _lines(payloads: list[dict[str, object]]) -> str:
    return "".join(json.dumps(payload) + "\n" for payload in payloads)


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _validate(source: str, into: Path, stdin: int | None = None) -> tuple[float, int, str]:
    """CPU seconds, peak RSS (KiB) and the summary line of one `validate --jsonl`.

    CPU time (user and system) rather than wall time: on a machine shared with other work
    it is what the command itself costs; the command uses one core, so on an idle machine
    the two are the same."""
    command = [sys.executable, "-c", _MEASURED, "validate", MODEL, source, "--jsonl"]
    with into.open("wb") as out:
        start = _cpu_of_children()
        result = subprocess.run(
            command, cwd=ROOT, stdin=stdin, stdout=out, stderr=subprocess.PIPE, text=True
        )
        elapsed = _cpu_of_children() - start
    lines = result.stderr.strip().splitlines()
    if result.returncode not in (0, 1) or len(lines) < 2:
        raise SystemExit(f"validate failed ({result.returncode}):\n{result.stderr}")
    return elapsed, int(lines[-1]), lines[-2]


def _payloads(summary: str) -> int:
    # "scenario-codegen: 8801280 payloads, 880128 invalid"
    return int(summary.split(": ", 1)[1].split()[0])


def _stream(size: int, work: Path) -> tuple[float, int, int]:
    block = _lines([VALID] * 99 + [INVALID])
    producer = subprocess.Popen(
        [sys.executable, "-c", _PRODUCER, block, str(size)], stdout=subprocess.PIPE
    )
    assert producer.stdout is not None
    try:
        elapsed, rss, summary = _validate("-", work / "stream.out", stdin=producer.stdout.fileno())
    finally:
        producer.stdout.close()
        producer.wait()
    return elapsed, rss, _payloads(summary)


def run(args: argparse.Namespace) -> None:
    if not (ROOT / "schemas" / f"{MODEL}.schema.json").is_file():
        print(f"skipped: schemas/{MODEL}.schema.json is absent")
        return
    size = (32 if args.quick else 1024) * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="scenario-bench-stream-") as folder:
        work = Path(folder)
        stream_seconds, stream_rss, stream_payloads = _stream(size, work)
        rates = {}
        counts = {"valid": 100_000, "invalid": 10_000 if args.quick else 100_000}
        for name, payload in (("valid", VALID), ("invalid", INVALID)):
            count = counts[name]
            source = work / f"{name}.jsonl"
            source.write_text(_lines([payload] * count), encoding="utf-8")
            seconds, _, summary = _validate(str(source), work / f"{name}.out")
            rates[name] = _payloads(summary) / seconds
            source.unlink()
    print(
        f"`validate {MODEL} - --jsonl`, text answers into a file, each a fresh process "
        f"(start-up included); seconds are the command's CPU time\n"
    )
    print("| stream | payloads | CPU seconds | payloads/s | peak RSS | target |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    print(
        f"| {size / 2**20:,.0f} MiB on standard input, one in a hundred invalid | {stream_payloads:,} "
        f"| {stream_seconds:.1f} | {stream_payloads / stream_seconds:,.0f} "
        f"| {stream_rss / 1024:.0f} MiB | flat (not growing with the input) |"
    )
    for name, count in counts.items():
        print(
            f"| {count:,} {name} from a file | {count:,} | {count / rates[name]:.2f} "
            f"| {rates[name]:,.0f} | - | "
            + (
                f">= 10x {BEFORE[name]:,}/s: {rates[name] / BEFORE[name]:.1f}x |"
                if name == "invalid"
                else f"before: {BEFORE[name]:,}/s ({rates[name] / BEFORE[name]:.2f}x) |"
            )
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    run(parser.parse_args())
    os._exit(0)
