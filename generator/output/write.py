"""Writing a build: only what changed, atomically per file, never outside its folders.

`generate` owns the files its manifest lists: it replaces them, deletes the stale ones, and
never touches anything else under `schemas/` or `generated/`.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.pipeline import Build, previous_manifest

OWNED_ROOTS = ("schemas", "generated")


@dataclass(frozen=True)
class WriteReport:
    written: list[str]
    deleted: list[str]
    unchanged: int


@dataclass(frozen=True)
class Difference:
    path: str
    status: str
    """`changed`, `missing` (not on disk) or `stale` (on disk, no longer generated)."""
    diff: str = ""


def safe_target(out: Path, relative: str) -> Path:
    """The file for a relative output path, refusing anything outside the owned folders."""
    parts = PurePosixPath(relative).parts
    if (
        not parts
        or parts[0] not in OWNED_ROOTS
        or PurePosixPath(relative).is_absolute()
        or any(part in ("", ".", "..") or "\\" in part for part in parts)
    ):
        raise ValueError(f"refusing to write outside schemas/ and generated/: {relative!r}")
    return out.joinpath(*parts)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def stale_files(out: Path, build: Build) -> list[str]:
    return sorted(f for f in previous_manifest(out) if f not in build.files and _exists(out, f))


def _exists(out: Path, relative: str) -> bool:
    try:
        return safe_target(out, relative).is_file()
    except ValueError:
        return False


def write(out: Path, build: Build) -> WriteReport:
    targets = {relative: safe_target(out, relative) for relative in build.files}
    changed = [r for r, target in targets.items() if _read(target) != build.files[r]]
    stale = stale_files(out, build)
    if changed:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".scenario-codegen-", dir=out))
        try:
            for index, relative in enumerate(changed):
                staged = staging / str(index)
                staged.write_text(build.files[relative], encoding="utf-8", newline="\n")
            for index, relative in enumerate(changed):
                targets[relative].parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / str(index), targets[relative])
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    for relative in stale:
        safe_target(out, relative).unlink()
        _prune_empty_parents(out, safe_target(out, relative).parent)
    return WriteReport(changed, stale, len(targets) - len(changed))


def _prune_empty_parents(out: Path, folder: Path) -> None:
    roots = {out / root for root in OWNED_ROOTS}
    while folder not in roots and folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def differences(out: Path, build: Build) -> list[Difference]:
    found: list[Difference] = []
    for relative, text in build.files.items():
        current = _read(safe_target(out, relative))
        if current is None:
            found.append(Difference(relative, "missing"))
        elif current != text:
            diff = "".join(
                difflib.unified_diff(
                    current.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    f"a/{relative}",
                    f"b/{relative}",
                )
            )
            found.append(Difference(relative, "changed", diff))
    found += [Difference(relative, "stale") for relative in stale_files(out, build)]
    return found
