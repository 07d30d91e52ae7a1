"""Small pieces of markdown that the pages use inside cells and paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterator

_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_WHITESPACE = re.compile(r"\s+")
_BACKTICKS = re.compile(r"`+")


def collapse(text: str) -> str:
    """One space for every run of whitespace: the one-line form of a page keeps no more."""
    return _WHITESPACE.sub(" ", text).strip()


def unescape(text: str) -> str:
    """Drop markdown backslash escapes outside code spans; code spans stay as written."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "`":
            end = _code_span_end(text, i)
            if end is not None:
                out.append(text[i:end])
                i = end
                continue
            run = _BACKTICKS.match(text, i)
            assert run is not None
            out.append(run.group())
            i = run.end()
            continue
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _ASCII_PUNCTUATION:
            out.append(text[i + 1])
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _code_span_end(text: str, start: int) -> int | None:
    """End of the code span opening at `start`, or None when its backtick run is unmatched."""
    run = _BACKTICKS.match(text, start)
    assert run is not None
    opener = run.group()
    for closer in _BACKTICKS.finditer(text, run.end()):
        if closer.group() == opener:
            return closer.end()
    return None


def code_span_content(span: str) -> str:
    """The literal content of a code span such as `` `x` `` or ``` `` a`b `` ```."""
    ticks = len(span) - len(span.lstrip("`"))
    inner = span[ticks:-ticks]
    if len(inner) >= 2 and inner[0] == " " and inner[-1] == " " and inner.strip(" "):
        inner = inner[1:-1]
    return inner


def split_code_spans(text: str) -> Iterator[tuple[str, str]]:
    """Split text into ("code", content) and ("text", raw) parts, in order."""
    i = 0
    plain_start = 0
    while i < len(text):
        if text[i] == "`":
            end = _code_span_end(text, i)
            if end is not None:
                if plain_start < i:
                    yield ("text", text[plain_start:i])
                yield ("code", code_span_content(text[i:end]))
                i = plain_start = end
                continue
            run = _BACKTICKS.match(text, i)
            assert run is not None
            i = run.end()
            continue
        if text[i] == "\\":
            i += 2
            continue
        i += 1
    if plain_start < len(text):
        yield ("text", text[plain_start:])


_CELL_BORDER = re.compile(r"(?<!\\)\|")


def split_table_row(line: str) -> list[str] | None:
    """Cells of a GFM table row, split on unescaped pipes; None without outer pipes.

    GFM splits on every unescaped pipe, inside code spans too, and `\\|` stands for a pipe.
    """
    stripped = line.strip()
    if len(stripped) < 2 or not stripped.startswith("|") or not _ends_with_pipe(stripped):
        return None
    *cells, _after_last = _CELL_BORDER.split(stripped[1:])
    return [cell.replace("\\|", "|").strip() for cell in cells]


def _ends_with_pipe(text: str) -> bool:
    backslashes = len(text[:-1]) - len(text[:-1].rstrip("\\"))
    return text.endswith("|") and backslashes % 2 == 0
