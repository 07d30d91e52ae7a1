"""`make bench` keeps measuring uploads: one small run of the upload benchmark (a sparse
file through the committed package in a fresh process, and the small-image comparison).
Its figures are never asserted here; only that every row is there and holds numbers."""

from __future__ import annotations

import pytest

from benchmarks import uploads


def test_the_upload_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    uploads.memory([9 * uploads.MiB])
    uploads.small_images([1024], rounds=1, latencies=[0.0])

    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    assert rows[2].startswith("| 9 MiB | 2 | ")
    assert rows[5].startswith("| 1 KiB | 0 ms | ")
    assert len(rows) == 6
