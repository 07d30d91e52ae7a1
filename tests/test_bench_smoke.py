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


@pytest.mark.skipif(
    any(importlib.util.find_spec(peer) is None for peer in PEERS),
    reason="the peers are not installed: `make bench` installs them (.[bench])",
)
def test_the_catalog_benchmarks_floors_take_valid_payloads_and_names_as_literals() -> None:
    """The floors are compiled from property names (upstream text): a name stays a
    literal, and a floor accepts what is valid, else the bench would time nothing."""
    from benchmarks.catalog import floor, payload_order_floor

    hostile = '"] or True or ["\\'
    schema = {
        "type": "object",
        "required": ["prompt"],
        "properties": {
            "prompt": {"type": "string"},
            hostile: {"type": "integer"},
            "size": {"type": "number"},
            "note": {"type": ["string", "null"]},
        },
    }
    for least in (floor(schema), payload_order_floor(schema)):
        assert least({"prompt": "a", hostile: 3, "size": 1.5})
        assert least({"prompt": "a", "size": 2, "note": None})
        assert not least({"prompt": "a", hostile: "3"})
        assert not least({hostile: 3})
        assert not least({"prompt": "a", "promt": "b"})
        assert not least([])
