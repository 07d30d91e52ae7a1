"""Regeneration speed and scale, against datamodel-code-generator on the same schemas.

Every figure is a whole command in a fresh subprocess (what a user or CI pays), repeated;
the best of the runs is kept, as timeit does, since slower runs only measure interference.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.output import incremental

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "docs-site"
"""The whole catalog: every model reference page the docs site serves."""
_MODEL_ID_LINE = re.compile(r"(\*\*Model ID:\*\* `model_)")

# Runs the CLI in-process and reports its own peak RSS, so memory is the command's alone.
_MEASURED = (
    "import resource, sys; from generator.cli import main; code = main(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)"
)


def _timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB, when the command reports it) of one run."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{result.stderr}")
    last = result.stderr.strip().splitlines()[-1:] or ["0"]
    return elapsed, int(last[0]) if last[0].isdigit() else 0


def _codegen(*args: str) -> list[str]:
    return [sys.executable, "-c", _MEASURED, *args]


def _best(runs: int, command: list[str], cwd: Path, prepare: object = None) -> tuple[float, int]:
    results = []
    for _ in range(runs):
        if callable(prepare):
            prepare()
        results.append(_timed(command, cwd))
    return min(r[0] for r in results), max(r[1] for r in results)


def _fold(corpus: Path, into: Path, copies: int) -> Path:
    """`copies` copies of every page, each with distinct Model IDs (`model_c3-...`)."""
    into.mkdir(parents=True)
    for page in sorted(corpus.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for copy in range(copies):
            renamed = _MODEL_ID_LINE.sub(rf"\g<1>c{copy}-", text) if copy else text
            (into / f"c{copy}-{page.name}").write_text(renamed, encoding="utf-8")
    return into


def run(args: argparse.Namespace) -> None:
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is absent")
        return
    runs = 1 if args.quick else 3
    with tempfile.TemporaryDirectory(prefix="scenario-bench-") as folder:
        work = Path(folder)
        out = work / "out"

        def fresh() -> None:
            shutil.rmtree(out, ignore_errors=True)

        cold, cold_rss = _best(
            runs, _codegen("generate", "--upstream", str(CORPUS), "--out", str(out)), work, fresh
        )
        noop, noop_rss = _best(
            runs, _codegen("generate", "--upstream", str(CORPUS), "--out", str(out)), work
        )
        check, check_rss = _best(
            runs, _codegen("check", "--quiet", "--upstream", str(CORPUS), "--out", str(out)), work
        )
        cache = out / incremental.CACHE
        fresh_check, _ = _best(
            runs,
            _codegen("check", "--quiet", "--upstream", str(CORPUS), "--out", str(out)),
            work,
            lambda: cache.unlink(missing_ok=True),
        )
        models = len(json.loads((out / "schemas" / "index.json").read_text())["models"])
        files = len(json.loads((out / "generated" / "manifest.json").read_text())["files"])

        schemas = work / "schemas-only"
        schemas.mkdir()
        for schema in (out / "schemas").glob("*.schema.json"):
            shutil.copy(schema, schemas / schema.name)
        peer_out = work / "peer"
        datamodel_codegen = shutil.which("datamodel-codegen", path=str(Path(sys.executable).parent))
        peer = None
        if datamodel_codegen:
            peer_command = [
                datamodel_codegen,
                "--input",
                str(schemas),
                "--input-file-type",
                "jsonschema",
                "--output",
                str(peer_out),
                # Each schema is its own module, and its title is not always a valid class
                # name ("851 Labs Background Remover"): name every root model alike.
                "--class-name",
                "Model",
            ]
            peer, _ = _best(
                runs, peer_command, work, lambda: shutil.rmtree(peer_out, ignore_errors=True)
            )

        one_fold = _fold(CORPUS, work / "fold1", 1)
        ten_fold = _fold(CORPUS, work / "fold10", 10)
        out1, out10 = work / "out1", work / "out10"
        fold1, _ = _best(
            runs,
            _codegen("generate", "--upstream", str(one_fold), "--out", str(out1)),
            work,
            lambda: shutil.rmtree(out1, ignore_errors=True),
        )
        fold10, fold10_rss = _best(
            1 if args.quick else 2,
            _codegen("generate", "--upstream", str(ten_fold), "--out", str(out10)),
            work,
            lambda: shutil.rmtree(out10, ignore_errors=True),
        )

    print(f"corpus: {CORPUS.name}/ ({models} models, {files} files written); best of {runs} runs\n")
    print("| measure | seconds | ratio | target | peak RSS |")
    print("| --- | ---: | ---: | --- | ---: |")
    if peer is not None:
        print(
            f"| cold `generate` vs datamodel-codegen ({peer:.2f} s) | {cold:.2f} | {cold / peer:.2f}x its time | <= 1.00x | {cold_rss / 1024:.0f} MiB |"
        )
    else:
        print(
            f"| cold `generate` (datamodel-codegen not installed) | {cold:.2f} | - | - | {cold_rss / 1024:.0f} MiB |"
        )
    print(
        f"| no-op `generate` | {noop:.2f} | {noop / cold:.2f}x cold | <= 0.30x | {noop_rss / 1024:.0f} MiB |"
    )
    print(f"| `check` | {check:.2f} | {check / cold:.2f}x cold | - | {check_rss / 1024:.0f} MiB |")
    print(
        f"| `check` on a fresh clone (no cache, as in CI) | {fresh_check:.2f} "
        f"| {fresh_check / cold:.2f}x cold | - | - |"
    )
    print(
        f"| ten-fold corpus, cold | {fold10:.2f} | {fold10 / fold1:.2f}x one-fold ({fold1:.2f} s) | <= 12x | {fold10_rss / 1024:.0f} MiB |"
    )
