"""Where a build's inputs live: the pages named on the command line and the templates."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from generator.problems import InputError, Problem

DEFAULT_MAX_PAGE_BYTES = 5 * 1024 * 1024
"""The largest page a build reads: `fetch`'s limit too (a page is 10 to 200 KiB)."""


def builtin_templates() -> Path:
    return Path(str(resources.files("generator.templates")))


NOT_PAGES = frozenset({"index.md", "README.md"})
"""In a folder, these are about the pages, not pages (our generated/docs has an index.md)."""


def page_paths(upstream: Sequence[Path], max_bytes: int = DEFAULT_MAX_PAGE_BYTES) -> list[Path]:
    """Page files, and the `*.md` files of folders but their index, in a stable order.

    A folder without a page, or a page over `max_bytes`, is an error: an empty or wrong
    `--upstream` must never build an empty catalog (and delete what the last build wrote).
    """
    found: list[Path] = []
    problems: list[Problem] = []
    for path in upstream:
        if path.is_dir():
            pages = sorted(p for p in path.glob("*.md") if p.name not in NOT_PAGES)
            if not pages:
                problems.append(
                    Problem(str(path), 0, "expected *.md pages in this folder, found none")
                )
            found += pages
        elif path.is_file():
            found.append(path)
        else:
            problems.append(
                Problem(str(path), 0, "expected a page or a folder of pages, found nothing there")
            )
    problems += [problem for page in found if (problem := _too_large(page, max_bytes))]
    if problems:
        raise InputError(problems)
    return found


def _too_large(page: Path, max_bytes: int) -> Problem | None:
    """Checked before a page is read at all, so that a huge file costs nothing."""
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
