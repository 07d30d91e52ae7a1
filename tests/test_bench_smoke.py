"""`make bench` keeps working: a quick run of the validator benchmark, which also checks
that every timed payload gets jsonschema's verdict. Its speed is never asserted here."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PEERS = ("fastjsonschema", "jsonschema_rs")


@pytest.mark.skipif(
    any(importlib.util.find_spec(peer) is None for peer in PEERS),
    reason="the peers are not installed: `make bench` installs them (.[bench])",
)
def test_the_validator_benchmark_runs_every_payload_against_every_peer() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--only", "validators", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    rows = [line for line in run.stdout.splitlines() if line.startswith("| model_")]
    assert len(rows) == 3 * 5  # three seed models, five payloads each
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) == 8
        assert all(float(cell.replace(",", "")) > 0 for cell in cells[2:])
    assert "targets:" in run.stdout
