"""Run every benchmark in one process, side by side: `python -m benchmarks [--quick]`."""

from __future__ import annotations

import argparse
import platform
import sys
from collections.abc import Callable

from benchmarks import catalog, client_import, regeneration, streaming, uploads, validators

Benchmark = Callable[[argparse.Namespace], None]

BENCHMARKS: list[tuple[str, Benchmark]] = [
    ("regeneration", regeneration.run),
    ("validators", validators.run),
    ("catalog", catalog.run),
    ("streaming", streaming.run),
    ("uploads", uploads.run),
    ("client-import", client_import.run),
]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    parser.add_argument("--only", choices=[name for name, _ in BENCHMARKS], action="append")
    args = parser.parse_args()
    print(
        f"# machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    for name, benchmark in BENCHMARKS:
        if args.only and name not in args.only:
            continue
        print(f"\n## {name}\n")
        benchmark(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
