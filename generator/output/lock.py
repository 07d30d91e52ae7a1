"""One writer at a time per output folder: a lock file the kernel releases when its holder dies.

`generate` holds `generated/.scenario-codegen.lock` (an advisory `flock`) from before it
reads the output folder until it has written it, and removes the file when done. A second
`generate` on the same folder waits for it, then exits 2 naming the lock and its holder's
process id. A holder killed outright leaves the file behind but not the lock: the kernel
drops it with the process, so the next run takes the file over at once. `check` never
creates the lock; it waits while a writer holds it, so it never reads a tree mid-write.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from generator.output import faults
from generator.output.paths import LOCK
from generator.problems import InputError, Problem

DEFAULT_WAIT = 60.0
"""Seconds a run waits for another one writing the same output folder."""
_POLL = 0.05

_held: dict[Path, int] = {}
"""Lock files this process holds, with how many nested `exclusive` blocks hold each."""

if sys.platform == "win32":  # pragma: no cover - the suite runs on POSIX
    import msvcrt

    def _try_lock(fd: int, shared: bool) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int, shared: bool) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


@contextlib.contextmanager
def exclusive(out: Path, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold the output folder's lock (re-entrant within this process)."""
    path = (out / LOCK).absolute()
    if path in _held:
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    created = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    fd = _acquire(path, wait)
    _held[path] = 1
    try:
        yield
    finally:
        del _held[path]
        # Unlinked while still locked: a waiter that opened this file sees it is gone and
        # opens the next one, so no two runs ever hold "the" lock at once.
        with contextlib.suppress(OSError):
            path.unlink()
        faults.operation()
        os.close(fd)
        for folder in created:  # a run that wrote nothing leaves no empty folder behind
            with contextlib.suppress(OSError):
                folder.rmdir()


def _acquire(path: Path, wait: float) -> int:
    deadline = time.monotonic() + wait
    announced = False
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except FileNotFoundError:  # no folder yet, or the last holder just removed it
            path.parent.mkdir(parents=True, exist_ok=True)
            continue
        if _try_lock(fd, shared=False):
            if _same_file(fd, path):
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                faults.operation()
                return fd
            os.close(fd)  # its holder removed it as we locked it: take the next one
            continue
        os.close(fd)
        announced = _wait_or_give_up(path, deadline, wait, announced)


@contextlib.contextmanager
def reading(out: Path, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Wait until no writer holds the output folder's lock; never creates it."""
    path = (out / LOCK).absolute()
    deadline = time.monotonic() + wait
    announced = False
    while path not in _held:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            break  # no writer
        try:
            if _try_lock(fd, shared=True):
                break  # a dead writer's file, or one released just now
        finally:
            os.close(fd)
        announced = _wait_or_give_up(path, deadline, wait, announced)
    yield


def _wait_or_give_up(path: Path, deadline: float, wait: float, announced: bool) -> bool:
    holder = _holder(path)
    if time.monotonic() >= deadline:
        raise InputError(
            [
                Problem(
                    str(path),
                    0,
                    f"another scenario-codegen ({holder}) is writing this output folder; "
                    f"waited {wait:g} s for its lock (--wait SECONDS to wait longer)",
                )
            ]
        )
    if not announced:
        print(f"scenario-codegen: waiting for {path} ({holder})", file=sys.stderr)
    time.sleep(_POLL)
    return True


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        pid = ""
    return f"process {pid}" if pid.isdigit() else "a process starting up"


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), path.stat())
    except FileNotFoundError:
        return False
