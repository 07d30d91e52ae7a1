"""Skipping work when nothing changed: a fingerprint of every input of a build.

The inputs of `generate` are the pages, the hand-written schemas, the templates and the
generator itself. When their fingerprint matches the one recorded by the last build in the
same output folder, and every file that build wrote is still byte for byte on disk, the build
would write the same bytes again: `generate` and `check` can stop there. The record lives in
an ignored cache file in `generated/`, never in the committed output, so a generator change
that leaves the output alone does not churn the repository. Deliberately light on imports:
the fast path must not pay for markdown-it, Jinja2 or PyYAML.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path

from generator.output import faults

CACHE = "generated/.scenario-codegen-cache.json"
"""Inside the output, so a build writes nothing outside schemas/ and generated/; git-ignored."""
_GENERATOR = Path(__file__).resolve().parent.parent
"""The generator package: its own code is an input of every build."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _tree(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def fingerprint(
    pages: Sequence[Path],
    out: Path,
    templates: Path | None,
    builtin_templates: Path,
    written: Collection[str] | None = None,
) -> str:
    """One hash over everything a build reads, by content and relative name (never by
    location). Hand-written schemas are those the build did not write: `written`, when
    the build just wrote its files, else the files the last recorded build wrote."""
    hasher = hashlib.sha256()

    def add(label: str, files: Iterable[Path], base: Path | None = None) -> None:
        for path in files:
            name = path.relative_to(base).as_posix() if base else path.name
            hasher.update(f"{label}\0{name}\0{_digest(path.read_bytes())}\n".encode())

    add("generator", _tree(_GENERATOR), _GENERATOR)
    add("builtin-template", _tree(builtin_templates), builtin_templates)
    if templates is not None and templates.is_dir():
        add("template", _tree(templates), templates)
    add("page", pages)
    # Each folder's sources.txt gives its pages' URLs to index.json.
    add("sources", sorted(s for s in {p.parent / "sources.txt" for p in pages} if s.is_file()))
    recorded = set(_recorded(out) if written is None else written)
    schemas = out / "schemas"
    user_schemas = [
        p for p in sorted(schemas.glob("*.schema.json")) if f"schemas/{p.name}" not in recorded
    ]
    add("user-schema", user_schemas)
    return hasher.hexdigest()


def _record(out: Path) -> Mapping[str, object]:
    try:
        document = json.loads((out / CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}


def recorded_files(out: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file the recorded build wrote."""
    return _recorded(out)


def _recorded(out: Path) -> dict[str, str]:
    files = _record(out).get("files")
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def up_to_date(out: Path, inputs: str) -> bool:
    """The last build here had these inputs, and its files are all still on disk unchanged."""
    record = _record(out)
    files = _recorded(out)
    if record.get("fingerprint") != inputs or not files:
        return False
    for relative, digest in files.items():
        try:
            if _digest((out / relative).read_bytes()) != digest:
                return False
        except OSError:
            return False
    return True


def recorded_warnings(out: Path) -> list[str]:
    """The warnings of the recorded build, to repeat them when it is not run again."""
    warnings = _record(out).get("warnings")
    return [str(w) for w in warnings] if isinstance(warnings, list) else []


def formatted_on_disk(out: Path) -> Callable[[str, str], str | None]:
    """For the formatter: the text on disk of a Python file the last build rendered the
    same way (same rendered sha256), when it is still byte for byte what that build wrote."""
    record = _record(out)
    rendered = record.get("rendered")
    rendered = rendered if isinstance(rendered, dict) else {}
    files = _recorded(out)

    def reuse(relative: str, rendered_digest: str) -> str | None:
        if rendered.get(relative) != rendered_digest or relative not in files:
            return None
        try:
            data = (out / relative).read_bytes()
        except OSError:
            return None
        return data.decode("utf-8") if _digest(data) == files[relative] else None

    return reuse


def remember(
    out: Path,
    inputs: str,
    files: Mapping[str, str],
    warnings: Sequence[str],
    rendered: Mapping[str, str],
) -> None:
    """Record a build's inputs and outputs; a cache, so failure to write it is harmless."""
    record = {
        "fingerprint": inputs,
        "warnings": list(warnings),
        "files": {path: _digest(text.encode("utf-8")) for path, text in sorted(files.items())},
        "rendered": dict(sorted(rendered.items())),
    }
    cache, staged = out / CACHE, out / f"{CACHE}.tmp"
    with contextlib.suppress(OSError):
        cache.parent.mkdir(parents=True, exist_ok=True)
        staged.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        os.replace(staged, cache)  # a kill mid-write leaves the old record or the new one
        faults.operation()
