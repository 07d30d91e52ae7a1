"""The runtime of the generated package `scenario_models`, copied from `generator.runtime`.

The fixed code of the package is kept as real modules of the generator
(`generator/runtime/`): linted and type-checked with it, and imported by the `validate`
command as they are. Each is copied into every generated package under the generated
header, and formatted with the rest. Imports between them are relative, so the same
code runs there and here. The modules that depend on the catalog are written by the
build instead: the index of the models (`models/__init__.py`), one module per model and
the client composing their methods (`_client.py`); the runtime holds the empty
catalog's versions of those two, so that it type-checks on its own.
"""

from __future__ import annotations

from pathlib import Path

RUNTIME = Path(__file__).resolve().parent.parent / "runtime"
WRITTEN_BY_THE_BUILD = frozenset({"_client.py", "models/__init__.py"})
"""Runtime files that stand for what a build writes: the empty catalog's versions."""


def runtime_files(package: str, header: str) -> dict[str, str]:
    """`package/<module>` -> its text under `header`, for every runtime module."""
    files: dict[str, str] = {}
    for path in sorted(RUNTIME.rglob("*.py")):
        relative = path.relative_to(RUNTIME).as_posix()
        if relative not in WRITTEN_BY_THE_BUILD:
            files[f"{package}/{relative}"] = f"{header}\n{path.read_text(encoding='utf-8')}"
    return files
