"""Generated Python, formatted by the pinned ruff: black's style, so `black --check` agrees.

Templates render plain code and leave the layout to a formatter, as the best generators
do. One `ruff format` process formats every Python file of a build at once (about a tenth
of a second for the whole catalog); a file whose rendered text is the same as in the last
build keeps the formatted text already on disk, so a build formats only what changed.

Python that does not compile is never written: while ruff runs, each file it formats is
compiled here (warnings such as an invalid escape count as errors), and a failure is an
`InputError` naming the output file, its line and the template that rendered it.
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path

from generator.problems import InputError, Problem

LINE_LENGTH = 88
TARGET_VERSION = "py310"
"""The generated package's own black settings (its pyproject.toml says the same)."""

Reuse = Callable[[str, str], str | None]
"""(relative path, sha256 of the rendered text) -> the formatted text of the last build
that rendered the same text, or None."""


def is_python(relative: str) -> bool:
    return relative.endswith(".py")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def format_python(
    files: Mapping[str, str], reuse: Reuse | None = None, origins: Mapping[str, str] | None = None
) -> dict[str, str]:
    """`files` with every Python file formatted; other files as they are. `origins` names
    the template of each file, for the messages."""
    formatted = dict(files)
    pending: dict[str, str] = {}
    for relative, text in files.items():
        if not is_python(relative):
            continue
        known = reuse(relative, digest(text)) if reuse else None
        if known is None:
            pending[relative] = text
        else:
            formatted[relative] = known
    formatted.update(run_ruff_format(pending, origins or {}))
    return formatted


def run_ruff_format(
    sources: Mapping[str, str], origins: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Each source formatted, by one ruff process over a private folder of them; each
    compiled meanwhile."""
    if not sources:
        return {}
    from ruff import find_ruff_bin  # here: a build with nothing to format needs no ruff

    with tempfile.TemporaryDirectory(prefix="scenario-codegen-format-") as folder:
        root = Path(folder)
        for relative, text in sources.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        command = [
            find_ruff_bin(),
            "format",
            "--isolated",
            "--no-cache",
            "--quiet",
            f"--line-length={LINE_LENGTH}",
            f"--target-version={TARGET_VERSION}",
            ".",
        ]
        with subprocess.Popen(
            command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        ) as ruff:
            problems = compile_problems(sources, origins or {})
            _, stderr = ruff.communicate()
        if problems:
            raise InputError(problems)
        if ruff.returncode != 0:
            raise InputError(_problems(stderr, sources))
        return {relative: (root / relative).read_text(encoding="utf-8") for relative in sources}


def compile_problems(sources: Mapping[str, str], origins: Mapping[str, str]) -> list[Problem]:
    """One problem for each source that does not compile."""
    problems = []
    for relative, text in sources.items():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", SyntaxWarning)
                warnings.simplefilter("error", DeprecationWarning)
                compile(text, relative, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            line = getattr(exc, "lineno", None) or 0
            message = f"expected Python that compiles, found {getattr(exc, 'msg', None) or exc}"
            shown = _line(text, line)
            if shown:
                message += f": {shown!r}"
            origin = origins.get(relative, "the generator itself")
            problems.append(Problem(relative, line, f"{message} (rendered by {origin})"))
    return problems


def _line(text: str, number: int, width: int = 80) -> str:
    lines = text.split("\n")
    found = lines[number - 1].strip() if 0 < number <= len(lines) else ""
    return found if len(found) <= width else found[: width - 3] + "..."


def _problems(stderr: str, sources: Mapping[str, str]) -> list[Problem]:
    """ruff's complaints, one per file that would not format (it does not compile)."""
    problems = []
    for relative in sorted(sources):
        lines = [line.strip() for line in stderr.splitlines() if relative in line]
        if lines:
            detail = lines[0].split(relative, 1)[1].lstrip(":")
            problems.append(
                Problem(relative, 0, f"the generated Python does not parse: {detail.strip()}")
            )
    if not problems:
        problems.append(Problem("ruff format", 0, " ".join(stderr.split()) or "failed"))
    return problems
