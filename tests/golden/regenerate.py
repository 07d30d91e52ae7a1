"""Rewrite the golden record: `make golden` (or `python -m tests.golden.regenerate`).

The golden record is the complete output tree built from the purpose-made inputs beside
this file: `pages/` (every upstream type, enums on arrays, negative and float bounds, the
lone “, markdown escapes, very long names, hostile names, a page in the one-line form)
and `schemas/` (a hand-written schema with type unions, patterns, integers, a nested
object and a const). `tests/test_golden.py` compares a fresh build with `output/` byte for
byte; after an intended change to the output, run this and review `git diff`.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from generator.cli import main

GOLDEN = Path(__file__).resolve().parent
PAGES = GOLDEN / "pages"
SCHEMAS = GOLDEN / "schemas"
OUTPUT = GOLDEN / "output"


def build(out: Path) -> int:
    """Generate the golden inputs into `out` (hand-written schemas first, as a user would)."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(SCHEMAS, out / "schemas")
    return main(["generate", "--upstream", str(PAGES), "--out", str(out)])


if __name__ == "__main__":
    sys.exit(build(OUTPUT))
