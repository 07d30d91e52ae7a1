"""Where a build's inputs live: the pages and model definitions named on the command line
(files, or folders of them) and the templates."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from generator.pages.reading import MAX_PAGE_BYTES
from generator.problems import InputError, Problem

DEFAULT_MAX_PAGE_BYTES = MAX_PAGE_BYTES
"""The largest page a build reads: `fetch`'s limit too (a page is 10 to 200 KiB)."""

NOT_PAGES = frozenset({"index.md", "README.md"})
"""In a folder, these are about the pages, not pages (our generated/docs has an index.md)."""

DEFINITION_SUFFIX = ".model.json"
"""A model definition read from the API (`fetch-models`), beside the pages."""


def builtin_templates() -> Path:
    return Path(str(resources.files("generator.templates")))


def input_paths(upstream: Sequence[Path], max_bytes: int = DEFAULT_MAX_PAGE_BYTES) -> list[Path]:
    """Everything a build reads from upstream: the pages, then the model definitions.

    A folder with neither, or a page over `max_bytes`, is an error: an empty or wrong
    `--upstream` must never build an empty catalog (and delete what the last build wrote).
    """
    pages, problems = _pages(upstream, max_bytes)
    definitions = definition_paths(upstream)
    for path in upstream:
        if path.is_dir() and not _within(pages + definitions, path):
            problems.append(
                Problem(str(path), 0, "expected *.md pages or *.model.json definitions, found none")
            )
    if problems:
        raise InputError(sorted(problems))
    return pages + definitions


def page_paths(upstream: Sequence[Path], max_bytes: int = DEFAULT_MAX_PAGE_BYTES) -> list[Path]:
    """Page files, and the `*.md` files of folders but their index, in a stable order."""
    pages, problems = _pages(upstream, max_bytes)
    if problems:
        raise InputError(problems)
    return pages


def definition_paths(upstream: Sequence[Path]) -> list[Path]:
    """Definition files given, and the `*.model.json` files of the folders given."""
    found: list[Path] = []
    for path in upstream:
        if path.is_dir():
            found += sorted(path.glob(f"*{DEFINITION_SUFFIX}"))
        elif path.name.endswith(DEFINITION_SUFFIX) and path.is_file():
            found.append(path)
    return found


def _pages(upstream: Sequence[Path], max_bytes: int) -> tuple[list[Path], list[Problem]]:
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
    problems += [problem for page in found if (problem := _too_large(page, max_bytes))]
    return found, problems


def _within(paths: Sequence[Path], folder: Path) -> bool:
    return any(path.parent == folder for path in paths)


def _too_large(page: Path, max_bytes: int) -> Problem | None:
    """Checked before a page is read at all (its fingerprint too), so a huge file costs
    nothing."""
    try:
        size = page.stat().st_size
    except OSError as exc:
        return Problem(str(page), 0, f"cannot read the page: {exc.strerror}")
    if size <= max_bytes:
        return None
    return Problem(
        str(page),
        0,
        f"expected a page of at most {max_bytes} bytes (--max-page-bytes), found {size} bytes",
    )


def templates_folder(path: Path) -> Path:
    """The `--templates` folder, which must exist: a mistyped one must not go unnoticed."""
    if not path.is_dir():
        found = "a file" if path.exists() else "nothing there"
        raise InputError([Problem(str(path), 0, f"expected a folder of templates, found {found}")])
    return path
