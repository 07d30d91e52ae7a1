"""Writing a build: only what changed, all or nothing, one writer at a time, never outside
its folders.

`generate` owns the files its manifest lists: it replaces them, deletes the stale ones, and
never touches anything else under `schemas/` or `generated/`. The new files and the
deletions go through a journal (`journal.py`), under the output folder's lock (`lock.py`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from generator.output import journal, lock
from generator.output.paths import OWNED_ROOTS, extra_files, previous_manifest, safe_target
from generator.problems import Problem

__all__ = [
    "OWNED_ROOTS",
    "Build",
    "Difference",
    "WriteReport",
    "differences",
    "safe_target",
    "write",
]


@dataclass(frozen=True)
class Build:
    """What a build writes (`pipeline.build` makes it), with what it found on the way."""

    files: dict[str, str]
    """Every output file, by path relative to the output folder."""
    warnings: list[Problem]
    rendered: dict[str, str] = field(default_factory=dict)
    """sha256 of each Python file as the templates rendered it, before formatting."""


@dataclass(frozen=True)
class WriteReport:
    written: list[str]
    deleted: list[str]
    unchanged: int


@dataclass(frozen=True)
class Difference:
    path: str
    status: str
    """`changed`, `missing` (not on disk), `stale` (on disk, no longer generated) or
    `extra` (in the generated package, never written by `generate`)."""
    diff: str = ""


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def stale_files(out: Path, build: Build) -> list[str]:
    return sorted(f for f in previous_manifest(out) if f not in build.files and _exists(out, f))


def _exists(out: Path, relative: str) -> bool:
    try:
        return safe_target(out, relative).is_file()
    except ValueError:
        return False


def write(out: Path, build: Build, wait: float = lock.DEFAULT_WAIT) -> WriteReport:
    """Write `build` into `out`: afterwards the tree is the new build, or after a crash the
    previous one or a journal the next run finishes."""
    with lock.exclusive(out, wait):
        journal.recover(out)
        changed = [
            relative
            for relative, text in build.files.items()
            if _read(safe_target(out, relative)) != text.encode("utf-8")
        ]
        stale = stale_files(out, build)
        if changed or stale:
            plan = journal.stage(out, {r: build.files[r] for r in changed}, stale)
            journal.commit(out, plan)
            journal.apply(out, plan)
    return WriteReport(changed, stale, len(build.files) - len(changed))


def differences(out: Path, build: Build) -> list[Difference]:
    found: list[Difference] = []
    for relative, text in build.files.items():
        current = _read(safe_target(out, relative))
        if current is None:
            found.append(Difference(relative, "missing"))
        elif current != text.encode("utf-8"):
            diff = "".join(
                difflib.unified_diff(
                    current.decode("utf-8", errors="replace").splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    f"a/{relative}",
                    f"b/{relative}",
                )
            )
            found.append(Difference(relative, "changed", diff or _invisible_change(relative)))
    found += [Difference(relative, "stale") for relative in stale_files(out, build)]
    found += [Difference(relative, "extra") for relative in extra_files(out, build.files)]
    return found


def _invisible_change(relative: str) -> str:
    """What a unified diff of text cannot show: line ends, a byte order mark, bad UTF-8."""
    return f"--- a/{relative}\n+++ b/{relative}\n(the bytes differ in line endings or encoding)\n"
