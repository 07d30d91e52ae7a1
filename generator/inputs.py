"""Where a build's inputs live: the pages named on the command line and the built-in templates."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from generator.problems import InputError, Problem


def builtin_templates() -> Path:
    return Path(str(resources.files("generator.templates")))


def page_paths(upstream: Sequence[Path]) -> list[Path]:
    """Page files, and the `*.md` files of folders, in a stable order."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in upstream:
        if path.is_dir():
            found += sorted(path.glob("*.md"))
        elif path.is_file():
            found.append(path)
        else:
            problems.append(
                Problem(str(path), 0, "expected a page or a folder of pages, found nothing there")
            )
    if problems:
        raise InputError(problems)
    return found
