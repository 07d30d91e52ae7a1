"""Writing a build all or nothing: stage, journal, rename, delete; replayed after a crash.

A build is written in four steps:

1. every new or changed file is written into the staging folder;
2. the journal, naming each staged file's target and every file to delete, is written
   atomically (synced, then renamed into place): from here on the build is decided;
3. the staged files are renamed over their targets and the deleted files removed;
4. the journal is removed, then the staging folder.

A run killed before step 2 leaves the previous build and a staging folder, which the next
run removes. A run killed after it leaves the journal: the next `generate` replays it
(every action of step 3 may be done twice) before it reads anything else, and `check`
reports the unfinished build instead of comparing a half-written tree. The deletion of
removed models is in the journal too, so their schemas can never be left behind to be
read back as hand-written ones.

Only the journal is synced to disk: syncing every file cost seconds on a busy machine.
A process killed at any point loses nothing the kernel was given; after a power cut, a
file may come back with other bytes than were written, which `check` then reports (it
compares bytes) and the next `generate` rewrites.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.output import faults
from generator.output.incremental import CACHE
from generator.output.paths import JOURNAL, OWNED_ROOTS, STAGING, safe_target
from generator.problems import InputError, Problem

_VERSION = 1
_LEGACY_STAGING = ".scenario-codegen-"
"""Staging folders of earlier versions, made by mkdtemp in the output folder itself."""


@dataclass(frozen=True)
class Plan:
    moves: tuple[tuple[str, str], ...]
    """(name in the staging folder, relative path of its target), in order."""
    deletes: tuple[str, ...]
    """Relative paths of the files the previous build wrote and this one does not."""


def stage(out: Path, files: Mapping[str, str], deletes: Sequence[str]) -> Plan:
    """Step 1: the new texts in a fresh staging folder."""
    staging = out / STAGING
    staging.mkdir(parents=True)
    faults.operation()
    moves = []
    for index, (relative, text) in enumerate(files.items()):
        name = str(index)
        (staging / name).write_bytes(text.encode("utf-8"))
        faults.operation()
        moves.append((name, relative))
    return Plan(tuple(moves), tuple(deletes))


def commit(out: Path, plan: Plan) -> None:
    """Step 2: the journal, atomically; the build is decided once it is on disk."""
    document = {"version": _VERSION, "moves": plan.moves, "deletes": plan.deletes}
    staged = out / STAGING / "journal"
    _write_synced(staged, (json.dumps(document, indent=1) + "\n").encode("utf-8"))
    os.replace(staged, out / JOURNAL)
    _sync_folder((out / JOURNAL).parent)
    faults.operation()


def apply(out: Path, plan: Plan) -> None:
    """Steps 3 and 4; a Ctrl-C in the middle finishes them first."""
    try:
        _apply(out, plan)
    except KeyboardInterrupt:
        _apply(out, plan)
        _finish(out)
        raise
    _finish(out)


def pending(out: Path) -> bool:
    """An interrupted build: its journal is still there."""
    return (out / JOURNAL).exists()


def recover(out: Path) -> None:
    """Finish an interrupted build, and remove what an unfinished one left behind."""
    if pending(out):
        apply(out, _load(out))
    staging = out / STAGING
    if staging.exists():
        shutil.rmtree(staging)
        faults.operation()
    cache_staged = out / f"{CACHE}.tmp"
    if cache_staged.exists():
        cache_staged.unlink()
        faults.operation()
    for legacy in _legacy_staging_folders(out):
        shutil.rmtree(legacy)
        faults.operation()


def _apply(out: Path, plan: Plan) -> None:
    staging = out / STAGING
    for name, relative in plan.moves:
        source, target = staging / name, safe_target(out, relative)
        if not source.exists():
            continue  # renamed before the run that staged it was killed
        if not target.parent.is_dir():
            target.parent.mkdir(parents=True)
            faults.operation()
        os.replace(source, target)
        faults.operation()
    for relative in plan.deletes:
        target = safe_target(out, relative)
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        faults.operation()
        _prune_empty_parents(out, target.parent)


def _finish(out: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (out / JOURNAL).unlink()
        faults.operation()
    if (out / STAGING).exists():
        shutil.rmtree(out / STAGING)
        faults.operation()


def _load(out: Path) -> Plan:
    """The journal of an interrupted build; anything unexpected in it is refused."""
    path = out / JOURNAL
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        moves = tuple((str(name), str(relative)) for name, relative in document["moves"])
        deletes = tuple(str(relative) for relative in document["deletes"])
        if document["version"] != _VERSION or not all(name.isdigit() for name, _ in moves):
            raise ValueError("not a journal this version wrote")
        for relative in (*(r for _, r in moves), *deletes):
            safe_target(out, relative)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        message = (
            f"cannot finish an interrupted generate from its journal ({exc}); "
            "delete the journal and run `scenario-codegen generate --force`"
        )
        raise InputError([Problem(str(path), 0, message)]) from None
    return Plan(moves, deletes)


def _prune_empty_parents(out: Path, folder: Path) -> None:
    """Remove `folder` and its parents while empty, up to the owned roots."""
    roots = {out / root for root in OWNED_ROOTS}
    while folder not in roots and folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            break
        faults.operation()
        folder = folder.parent


def _legacy_staging_folders(out: Path) -> list[Path]:
    """`.scenario-codegen-XXXXXXXX/` folders of numbered files that earlier versions left."""
    found = []
    with contextlib.suppress(OSError):
        for folder in out.glob(f"{_LEGACY_STAGING}*"):
            if folder.is_dir() and not folder.is_symlink():
                entries = list(folder.iterdir())
                if all(entry.name.isdigit() and entry.is_file() for entry in entries):
                    found.append(folder)
    return sorted(found)


def _write_synced(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
