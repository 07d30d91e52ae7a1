"""What a build refuses to write: a file two things claim, a raw control character.

**Claims.** A model's files are named by its Model ID (`schemas/<id>.schema.json`,
`generated/docs/<id>.md`) or its Python name (`.../models/<name>.py`); the build's own
files have fixed names (`generated/docs/index.md`, `schemas/index.json`, the package's
modules). Model ID `index` would make its docs page replace the docs index. Rather than
keep a second list of the emitters' file names here, they are learned from the emitters:
what they write for no model is fixed; what one probe model adds is that model's, with
its ID and Python name as blanks. Names are compared case-folded, as macOS and Windows
compare them (`Index.md` is `index.md` there).

**Control characters** (`generator/controls.py`) must reach no generated file raw. The
emitters escape what they write; this is the last look over every file before anything is
written.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence

from generator.controls import CONTROL, name
from generator.emit.view import ModelView, model_views
from generator.problems import InputError, Problem

Source = tuple[str, int]
"""Where a model comes from: (page or schema file, line)."""
Emitted = Callable[[Sequence[ModelView]], Collection[str]]
"""The relative paths of every file a build of these models writes."""

_PROBE_ID = "model_probe-id"
_PROBE_PYTHON = "probe_id"
"""The probe's Python name; neither name holds the other, so each blank is found alone."""
_ID, _PYTHON = "\0id\0", "\0python\0"


def refuse_collisions(
    views: Sequence[ModelView], sources: Mapping[str, Source], emitted: Emitted
) -> None:
    """An InputError at the model's page line for each model whose file would replace a
    file of the build itself, or another model's file on a case-insensitive file system."""
    fixed = set(emitted([]))
    patterns = _per_model_patterns(set(emitted(model_views([_probe_schema()]))) - fixed)
    claimed = {path.casefold(): f"{path}, which the build writes itself" for path in fixed}
    problems = []
    for view in sorted(views, key=lambda v: sources.get(v.model_id, ("", 0))):
        for pattern in patterns:
            path = pattern.replace(_ID, view.model_id).replace(_PYTHON, view.python_name)
            owner = claimed.setdefault(path.casefold(), f"{path}, as Model ID {view.model_id!r}")
            if not owner.endswith(f"as Model ID {view.model_id!r}"):
                file, line = sources.get(view.model_id, (view.model_id, 0))
                message = f"expected a Model ID whose files are its own, found {view.model_id!r}: it would write over {owner}"
                problems.append(Problem(file, line, message))
                break
    if problems:
        raise InputError(problems)


def _probe_schema() -> dict[str, object]:
    return {"type": "object", "properties": {}, "x-scenario": {"modelId": _PROBE_ID}}


def _per_model_patterns(paths: Collection[str]) -> list[str]:
    return sorted(path.replace(_PROBE_ID, _ID).replace(_PROBE_PYTHON, _PYTHON) for path in paths)


def refuse_control_characters(files: Mapping[str, str]) -> None:
    """An InputError naming file, line and character for every generated file holding a
    control character raw."""
    problems = []
    for relative, text in files.items():
        found = CONTROL.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            message = (
                f"expected no control character in generated text, found {name(found.group())} "
                "(from a page or a hand-written schema, left unescaped by the template or "
                "emitter writing this file); remove it from the input"
            )
            problems.append(Problem(relative, line, message))
    if problems:
        raise InputError(sorted(problems))
