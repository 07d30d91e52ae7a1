"""The runtime modules of the generated package, copied from `generator.runtime`.

They are real modules of the generator (linted and type-checked with it); a build copies
each under the generated header. The modules a build writes itself are left out.
"""

from __future__ import annotations

from pathlib import Path

RUNTIME = Path(__file__).resolve().parent.parent / "runtime"
WRITTEN_BY_THE_BUILD = frozenset({"__init__.py", "models/__init__.py"})
"""Runtime files that stand for what a build writes: the empty catalog's versions."""


def runtime_files(package: str, header: str) -> dict[str, str]:
    """`package/<module>` -> its text under `header`, for every runtime module."""
    files: dict[str, str] = {}
    for path in sorted(RUNTIME.rglob("*.py")):
        relative = path.relative_to(RUNTIME).as_posix()
        if relative not in WRITTEN_BY_THE_BUILD:
            files[f"{package}/{relative}"] = f"{header}\n{path.read_text(encoding='utf-8')}"
    return files
