"""The client's file transfers, against the loopback stand-in of the API and its storage.

1. Peak memory while uploading a large file: each upload runs `Client.trellis_2_retexture`
   in a fresh process (its RSS is the client's alone) on a sparse file, through the
   uploads API's presigned parts. Memory must stay flat whatever the file's size: parts are
   streamed from disk, never held whole (the stand-in keeps only each part's digest).
2. Small images, assets API against uploads API: the time of a whole call with one local
   image, each way, with and without a simulated network round trip.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generated" / "python"
MiB = 1024 * 1024

_UPLOAD = textwrap.dedent("""
    import sys, time
    from pathlib import Path

    def peak_kib():
        # VmHWM is this process's own high-water mark: ru_maxrss would start from the
        # parent's resident set, which fork and exec carry over.
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    sys.path.insert(0, sys.argv[1])
    import scenario_models

    transfers = scenario_models.Transfers(poll_interval=0.001)
    client = scenario_models.Client("key", "secret", sys.argv[2], transfers=transfers)
    before = peak_kib()
    start = time.perf_counter()
    client.trellis_2_retexture(model=Path(sys.argv[3]), image="asset_style")
    elapsed = time.perf_counter() - start
    print(before, peak_kib(), elapsed)
    """)


@contextmanager
def _standin() -> Iterator[Any]:
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from scenario_standin import StandIn
    finally:
        sys.path.remove(str(ROOT / "tests"))
    with StandIn() as api:
        yield api


def _sparse(folder: Path, size: int) -> Path:
    path = folder / f"scan-{size // MiB}MiB.glb"
    with path.open("wb") as file:
        file.truncate(size)  # holes: no disk space, zeros when read
    return path


def memory(sizes: list[int]) -> None:
    print("| file | parts | peak RSS before upload | peak RSS | growth | time | throughput |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder, _standin() as api:
        for size in sizes:
            path = _sparse(Path(folder), size)
            ran = subprocess.run(
                [sys.executable, "-c", _UPLOAD, str(PACKAGE), api.base_url, str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            if ran.returncode != 0:
                raise SystemExit(f"upload benchmark failed:\n{ran.stderr}")
            before, peak, elapsed = ran.stdout.split()
            parts = max(u.parts_count for u in api.uploads.values() if u.file_size == size)
            growth = (int(peak) - int(before)) / 1024
            print(
                f"| {size / MiB:,.0f} MiB | {parts} | {int(before) / 1024:,.1f} MiB "
                f"| {int(peak) / 1024:,.1f} MiB | {growth:+,.1f} MiB | {float(elapsed):.2f} s "
                f"| {size / MiB / float(elapsed):,.0f} MiB/s |"
            )
            path.unlink()


def small_images(sizes: list[int], rounds: int, latencies: list[float]) -> None:
    sys.path.insert(0, str(PACKAGE))
    try:
        import scenario_models
    finally:
        sys.path.remove(str(PACKAGE))
    print("| image | round trip | assets API | uploads API | uploads / assets |")
    print("| --- | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder, _standin() as api:
        # Best case for the uploads API: the stand-in imports at `complete`, no polling.
        api.upload_statuses = ["imported"]
        for size in sizes:
            image = Path(folder) / "image.png"
            image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(size - 8))
            for latency in latencies:
                api.delay = api.put_delay = latency
                times = {}
                for label, limit in (("assets", size), ("uploads", 0)):
                    transfers = scenario_models.Transfers(small_image_size=limit)
                    with scenario_models.Client(
                        "key", "secret", api.base_url, transfers=transfers
                    ) as client:
                        client.trellis_2(image=image)  # warm: connections, first imports
                        runs = []
                        for _ in range(rounds):
                            start = time.perf_counter()
                            client.trellis_2(image=image)
                            runs.append(time.perf_counter() - start)
                    times[label] = statistics.median(runs)
                print(
                    f"| {size / 1024:,.0f} KiB | {latency * 1000:.0f} ms "
                    f"| {times['assets'] * 1000:.1f} ms | {times['uploads'] * 1000:.1f} ms "
                    f"| {times['uploads'] / times['assets']:.2f}x |"
                )
        api.delay = api.put_delay = 0.0


def run(args: argparse.Namespace) -> None:
    sizes = [16 * MiB, 128 * MiB] if args.quick else [16 * MiB, 128 * MiB, 1024 * MiB]
    print("Peak memory of a whole call uploading one file (fresh process each):\n")
    memory(sizes)
    print(
        "\nOne local image per call, median of each way (the call includes the generation "
        "request; the stand-in answers after the given round trip):\n"
    )
    rounds = 3 if args.quick else 9
    small_images([100 * 1024, MiB, 2 * MiB, 4 * MiB], rounds, [0.0, 0.03])
