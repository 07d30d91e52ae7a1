"""Reading a page file: bounded in size, UTF-8, no control characters.

The size is checked before anything is read, and no more than the limit is ever read, so
a huge file costs nothing. Control characters are reported at their lines and replaced,
so that the rest of the page is still read and every problem reported at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from generator.pages import grammar
from generator.problems import Problem

MAX_PAGE_BYTES = 5 * 1024 * 1024
"""A page larger is refused unread; `fetch` puts the same limit on a download."""
_BOM = "\ufeff"
_REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class PageText:
    text: str
    """The page's text, line ends as `\\n`, any control character replaced."""
    sha256: str
    """Of the bytes as read."""


def read_page(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> tuple[PageText | None, list[Problem]]:
    source = str(path)
    raw, problem = _read_bounded(path, max_bytes)
    if problem is not None:
        return None, [problem]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(source, line, f"expected UTF-8 text, found byte 0x{raw[exc.start]:02x}")
        ]
    text = text.removeprefix(_BOM).replace("\r\n", "\n")
    if not text.strip():
        return None, [Problem(source, 1, "expected a model reference page, found an empty file")]
    problems = _control_characters(source, text)
    if problems:
        text = grammar.CONTROL.sub(_REPLACEMENT, text)
    return PageText(text, hashlib.sha256(raw).hexdigest()), problems


def _read_bounded(path: Path, max_bytes: int) -> tuple[bytes, Problem | None]:
    try:
        size = path.stat().st_size
        if size <= max_bytes:
            with path.open("rb") as file:
                raw = file.read(max_bytes + 1)  # a file may grow after stat
            size = len(raw)
    except OSError as exc:
        return b"", Problem(str(path), 0, f"cannot read the page: {exc.strerror}")
    if size > max_bytes:
        message = f"expected a page of at most {max_bytes} bytes, found {size} bytes"
        return b"", Problem(str(path), 0, message)
    return raw, None


def _control_characters(source: str, text: str) -> list[Problem]:
    """One problem for each line holding a control character, naming its first."""
    problems: list[Problem] = []
    if not grammar.CONTROL.search(text):
        return problems
    for number, line in enumerate(text.split("\n"), start=1):
        found = grammar.CONTROL.search(line)
        if found:
            name = grammar.control_name(found.group())
            problems.append(
                Problem(source, number, f"expected text, found control character {name}")
            )
    return problems
