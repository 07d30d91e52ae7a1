"""Where a build's inputs live: the pages named on the command line and the built-in templates."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from generator.problems import InputError, Problem


def builtin_templates() -> Path:
    return Path(str(resources.files("generator.templates")))


NOT_PAGES = frozenset({"index.md", "README.md"})
"""In a folder, these are about the pages, not pages (our generated/docs has an index.md)."""


def page_paths(upstream: Sequence[Path]) -> list[Path]:
    """Page files, and the `*.md` files of folders but their index, in a stable order."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in upstream:
        if path.is_dir():
            found += sorted(p for p in path.glob("*.md") if p.name not in NOT_PAGES)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(
                Problem(str(path), 0, "expected a page or a folder of pages, found nothing there")
            )
    if problems:
        raise InputError(problems)
    return found
