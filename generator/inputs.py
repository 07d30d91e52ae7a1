"""Where a build's inputs live: the pages and model definitions named on the command line
(files, or folders of them) and the built-in templates."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from generator.problems import InputError, Problem


def builtin_templates() -> Path:
    return Path(str(resources.files("generator.templates")))


NOT_PAGES = frozenset({"index.md", "README.md"})
"""In a folder, these are about the pages, not pages (our generated/docs has an index.md)."""


DEFINITION_SUFFIX = ".model.json"
"""A model definition read from the API (`fetch-models`), beside the pages."""


def input_paths(upstream: Sequence[Path]) -> list[Path]:
    """Everything a build reads from upstream: the pages, then the model definitions."""
    return page_paths(upstream) + definition_paths(upstream)


def definition_paths(upstream: Sequence[Path]) -> list[Path]:
    """Definition files given, and the `*.model.json` files of the folders given."""
    found: list[Path] = []
    for path in upstream:
        if path.is_dir():
            found += sorted(path.glob(f"*{DEFINITION_SUFFIX}"))
        elif path.name.endswith(DEFINITION_SUFFIX) and path.is_file():
            found.append(path)
    return found


def page_paths(upstream: Sequence[Path]) -> list[Path]:
    """Page files, and the `*.md` files of folders but their index, in a stable order."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in upstream:
        if path.is_dir():
            found += sorted(p for p in path.glob("*.md") if p.name not in NOT_PAGES)
        elif path.is_file():
            if not path.name.endswith(DEFINITION_SUFFIX):
                found.append(path)
        else:
            problems.append(
                Problem(str(path), 0, "expected a page or a folder of pages, found nothing there")
            )
    if problems:
        raise InputError(problems)
    return found
