"""Writing pages: atomically, so a reader sees the old bytes or the new ones, never a part."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write(target: Path, data: bytes) -> None:
    """A temporary file in the same folder, then os.replace. An existing file keeps its
    permissions."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def replace_if_changed(target: Path, data: bytes) -> str:
    """Write `data` unless the file already holds it: `new`, `updated` or `unchanged`."""
    try:
        current: bytes | None = target.read_bytes()
    except FileNotFoundError:
        current = None
    if current == data:
        return "unchanged"
    atomic_write(target, data)
    return "new" if current is None else "updated"
