"""Where a build writes: the owned folders, and the bookkeeping files inside `generated/`.

Everything `generate` writes, including its lock, journal and staging folder, is under
`schemas/` or `generated/` of the output folder; nothing else is ever touched.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path, PurePosixPath

from generator.problems import InputError, Problem

OWNED_ROOTS = ("schemas", "generated")

MANIFEST = "generated/manifest.json"
"""The files the last build wrote (committed): what `generate` may replace or delete."""
PACKAGE = "generated/python/scenario_models"
"""The generated package: a file in it that `generate` did not write would ship with it."""
LOCK = "generated/.scenario-codegen.lock"
"""Held while a `generate` writes; it exists only as long as its holder runs."""
JOURNAL = "generated/.scenario-codegen-journal.json"
"""The renames and deletions of a build being written; present only while unfinished."""
STAGING = "generated/.scenario-codegen-staging"
"""The new files of a build before they are renamed into place."""
BOOKKEEPING = (LOCK, JOURNAL, STAGING)
"""Git-ignored, never output: `check` neither reads nor reports them as files."""


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


def is_owned(relative: str) -> bool:
    try:
        safe_target(Path("."), relative)
    except ValueError:
        return False
    return True


def extra_files(out: Path, written: Collection[str]) -> list[str]:
    """Files in the generated package that `generate` did not write (bytecode caches aside):
    they would ship with every copy of the package."""
    package = out / PACKAGE
    if not package.is_dir():
        return []
    found = []
    for path in package.rglob("*"):
        relative = path.relative_to(out).as_posix()
        if "__pycache__" not in relative.split("/") and relative not in written and path.is_file():
            found.append(relative)
    return sorted(found)


def previous_manifest(out: Path) -> list[str]:
    """The files the last build wrote; none before the first build. A manifest that cannot
    be read is an error: without it, `generate` cannot tell its files from the user's."""
    path = out / MANIFEST
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise InputError([_unreadable_manifest(path, str(exc))]) from None
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, list):
        raise InputError([_unreadable_manifest(path, "no list of files")])
    return [f for f in files if isinstance(f, str)]


def _unreadable_manifest(path: Path, why: str) -> Problem:
    return Problem(
        str(path),
        0,
        f"expected the manifest of the last build, found {why}; restore it "
        "(`git checkout` it), or delete it to let generate take every schema there for "
        "a hand-written one",
    )
