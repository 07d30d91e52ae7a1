"""What the generated package costs its users at the catalog's size, before and after the
client was split into the models' modules: the largest file, the import time of
`scenario_models`, of its client, and of a first `validate`, and `mypy --strict` on the
package.

"Before" is the generator at BEFORE (the last commit with one `_client.py` holding every
method), checked out into a temporary git worktree; "after" is this checkout. Both build
the whole catalog (../shared/docs-site) into temporary folders. Import times are the best
of fresh interpreters with the bytecode already compiled (what an installed package
pays); mypy runs with a cold cache, scenario-sdk's types included.
"""

from __future__ import annotations

import argparse
import compileall
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT.parent / "shared" / "docs-site"
BEFORE = "3ac656c"

_IMPORTS = """
import sys, time
start = time.perf_counter()
import scenario_models
imported = time.perf_counter()
scenario_models.validate("model_trellis-2", {"image": "asset_1"})
validated = time.perf_counter()
scenario_models.Client
client = time.perf_counter()
print(imported - start, validated - imported, client - validated)
"""
_GENERATE = (
    "import sys; sys.path.insert(0, sys.argv[1]); from generator.cli import main; "
    "sys.exit(main(['generate', '--upstream', sys.argv[2], '--out', sys.argv[3]]))"
)


@contextmanager
def _checkout(commit: str, folder: Path) -> Iterator[Path | None]:
    """The generator at `commit` in a temporary worktree, or None without git history."""
    tree = folder / "before"
    added = subprocess.run(
        ["git", "worktree", "add", "--detach", str(tree), commit],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if added.returncode != 0:
        yield None
        return
    try:
        # Its own templates: the editable install would resolve `generator.templates`
        # to this checkout's.
        (tree / "generator" / "templates").symlink_to(tree / "templates")
        yield tree
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(tree)],
            cwd=ROOT,
            capture_output=True,
            check=False,
        )


def _generate(source: Path, out: Path) -> Path:
    command = [sys.executable, "-c", _GENERATE, str(source), str(CATALOG), str(out)]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"generating the catalog with {source} failed:\n{run.stderr}")
    package = out / "generated" / "python"
    compileall.compile_dir(package, quiet=1)
    return package


def _largest(package: Path) -> tuple[str, int]:
    files = sorted(package.rglob("*.py"), key=lambda p: (p.stat().st_size, p.name))
    return files[-1].relative_to(package).as_posix(), files[-1].stat().st_size


def _import_times(packages: list[Path], runs: int) -> list[tuple[float, float, float]]:
    """Per package, the best seconds of `import scenario_models`, then a first validate,
    then `.Client`; the packages take turns, so a load spike on the machine hits all."""
    results: list[list[tuple[float, ...]]] = [[] for _ in packages]
    for _ in range(runs):
        for found, package in zip(results, packages, strict=True):
            run = subprocess.run(
                [sys.executable, "-c", _IMPORTS],
                cwd=package,
                capture_output=True,
                text=True,
                check=True,
            )
            found.append(tuple(float(x) for x in run.stdout.split()))
    return [(min(r[0] for r in f), min(r[1] for r in f), min(r[2] for r in f)) for f in results]


def _mypy_seconds(packages: list[Path], folder: Path, runs: int) -> list[float]:
    """Per package, the best seconds of `mypy --strict` with a cold cache, taking turns."""
    best = [float("inf")] * len(packages)
    for number in range(runs):
        for position, package in enumerate(packages):
            cache = folder / f"mypy-cache-{position}-{number}"
            command = ["mypy", "--strict", "--cache-dir", str(cache), "-p", "scenario_models"]
            start = time.perf_counter()
            run = subprocess.run(
                [sys.executable, "-m", *command],
                cwd=package,
                capture_output=True,
                text=True,
                check=False,
            )
            best[position] = min(best[position], time.perf_counter() - start)
            if run.returncode != 0:
                raise SystemExit(f"mypy --strict fails on {package}:\n{run.stdout[-2000:]}")
    return best


def _measure(packages: dict[str, Path], folder: Path, args: argparse.Namespace) -> None:
    times = _import_times(list(packages.values()), 3 if args.quick else 15)
    mypy = _mypy_seconds(list(packages.values()), folder, 1 if args.quick else 2)
    columns: dict[str, dict[str, str]] = {}
    for (label, package), (package_s, validate_s, client_s), mypy_s in zip(
        packages.items(), times, mypy, strict=True
    ):
        name, size = _largest(package)
        client = package / "scenario_models" / "_client.py"
        columns[label] = {
            "models": str(len(list((package / "scenario_models" / "models").glob("*.py"))) - 1),
            "largest .py file": f"{size / 1024:.0f} KiB ({name})",
            "_client.py": f"{client.stat().st_size / 1024:.0f} KiB, "
            f"{len(client.read_text(encoding='utf-8').splitlines())} lines",
            "import scenario_models": f"{package_s * 1000:.1f} ms",
            "then a first validate()": f"{validate_s * 1000:.1f} ms",
            "then .Client": f"{client_s * 1000:.1f} ms",
            "mypy --strict, cold cache": f"{mypy_s:.1f} s",
        }
    print(f"The whole catalog ({CATALOG.name}), best of fresh interpreters:\n")
    print("| | " + " | ".join(columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    for row in next(iter(columns.values())):
        print(f"| {row} | " + " | ".join(column[row] for column in columns.values()) + " |")


def run(args: argparse.Namespace) -> None:
    if not CATALOG.is_dir():
        print(f"skipped: {CATALOG} is absent")
        return
    with tempfile.TemporaryDirectory(prefix="scenario-bench-client-") as name:
        folder = Path(name)
        packages: dict[str, Path] = {}
        with _checkout(BEFORE, folder) as before:
            if before is None:
                print(f"(no git history with {BEFORE}: 'before' left out)")
            else:
                packages[f"before ({BEFORE})"] = _generate(before, folder / "out-before")
        packages["after (this checkout)"] = _generate(ROOT, folder / "out-after")
        _measure(packages, folder, args)
