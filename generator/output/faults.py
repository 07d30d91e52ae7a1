"""Fault injection for the crash tests: SIGKILL this process after its Nth file operation.

Every operation that changes the output folder (a file staged, the journal written, a
rename, a deletion, a folder removed, the lock taken or dropped, the cache written) calls
`operation()` once it is done. With `SCENARIO_CODEGEN_KILL_AFTER=N` in the environment,
the Nth call kills the process as abruptly as a power cut or the OOM killer would; the
tests run `generate` over a range of N and check what the next run finds. Unset (always,
outside those tests), `operation` does nothing.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

KILL_AFTER = "SCENARIO_CODEGEN_KILL_AFTER"


def _nothing() -> None:
    return None


def _killer(limit: int) -> Callable[[], None]:
    done = 0

    def operation() -> None:
        nonlocal done
        done += 1
        if done >= limit:
            kill = getattr(signal, "SIGKILL", None)
            if kill is None:  # Windows: no SIGKILL, but the same abrupt end
                os._exit(137)
            os.kill(os.getpid(), kill)

    return operation


def _from_environment() -> Callable[[], None]:
    raw = os.environ.get(KILL_AFTER, "").strip()
    return _killer(int(raw)) if raw.isdigit() and int(raw) > 0 else _nothing


operation = _from_environment()
"""Call after each operation that changes the output folder."""
