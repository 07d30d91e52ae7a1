"""Writing the markdown the page parser reads: the inverse of markdown_text and cells.

Every function here is checked by one property: parsing what it writes gives back the
value it was given (see tests/test_docs.py). What the pages cannot say is written as
closely as it can be: runs of whitespace (the parser collapses them, as the one-line
form does) and values no cell syntax reaches (an array default of one item holding a
comma, an empty string that is not the first allowed value).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from generator.pages.grammar import ABSENT, EMPTY
from generator.upstream_types import UPSTREAM_TYPES

# Outside code spans these would start markup (emphasis, links, HTML, code,
# strikethrough); the parser's unescape drops the backslash again.
_ALWAYS_ESCAPED = frozenset("\\`*_<[]~")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ORDERED_LIST_START = re.compile(r"[0-9]{1,9}(?=[.)])")
_CLOSING_HASHES = re.compile(r"(?:^| )(#+)$")
_BACKTICK_RUN = re.compile(r"`+")
_WHITESPACE = re.compile(r"\s+")
_NOT_IN_SLUG = re.compile(r"[^\w\- ]")


def one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _raw_parts(text: str) -> Iterator[tuple[bool, str]]:
    """(is_code_span, raw text) parts, found as the parser's unescape finds them."""
    plain_start = i = 0
    while i < len(text):
        if text[i] != "`":
            i += 1
            continue
        run = _BACKTICK_RUN.match(text, i)
        assert run is not None
        closer = next(
            (m for m in _BACKTICK_RUN.finditer(text, run.end()) if m.group() == run.group()),
            None,
        )
        if closer is None:
            i = run.end()
            continue
        if plain_start < i:
            yield False, text[plain_start:i]
        yield True, text[i : closer.end()]
        plain_start = i = closer.end()
    if plain_start < len(text):
        yield False, text[plain_start:]


def _escape_plain(text: str, at_line_start: bool) -> str:
    out: list[str] = []
    for index, char in enumerate(text):
        first = at_line_start and index == 0
        if char in _ALWAYS_ESCAPED or (first and char in _ASCII_PUNCTUATION):
            out.append("\\" + char)
        elif char == "&" and _ENTITY.match(text, index):
            out.append("\\&")
        else:
            out.append(char)
    escaped = "".join(out)
    if at_line_start and (number := _ORDERED_LIST_START.match(escaped)):
        # `2024. A year` would open an ordered list, `2024\. A year` stays a paragraph.
        escaped = escaped[: number.end()] + "\\" + escaped[number.end() :]
    return escaped


def md_text(text: str) -> str:
    """Inline text on one line, escaped so the parser's unescape gives it back.

    Code spans are kept as written (the parser keeps them too); outside them, markup
    characters are backslash-escaped, and so is whatever would turn the line into
    another block (a heading, a list item, a quote, a table row) or close a heading.
    """
    parts = list(_raw_parts(one_line(text)))
    written = [
        raw if is_code else _escape_plain(raw, at_line_start=index == 0)
        for index, (is_code, raw) in enumerate(parts)
    ]
    if parts and not parts[-1][0] and (hashes := _CLOSING_HASHES.search(written[-1])):
        written[-1] = written[-1][: hashes.start(1)] + "\\" + written[-1][hashes.start(1) :]
    return "".join(written)


def md_code(text: str) -> str:
    """A code span holding `text` exactly: a fence longer than any backtick run inside,
    padded with a space where a backtick or a space at an edge would be lost. No code
    span is empty: `""` becomes a lone space, which an array item drops when read."""
    if not text:
        return "` `"
    runs = {len(run) for run in _BACKTICK_RUN.findall(text)}
    ticks = next(n for n in range(1, len(runs) + 2) if n not in runs)
    fence = "`" * ticks
    pad = (
        text.startswith("`")
        or text.endswith("`")
        or (len(text) >= 2 and text[0] == " " and text[-1] == " " and text.strip(" ") != "")
    )
    space = " " if pad else ""
    return f"{fence}{space}{text}{space}{fence}"


def md_number(value: Any) -> str:
    """A number as the cells write it: an int as an int, a float with its point."""
    if value is None:
        return ABSENT
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return md_text(json.dumps(value, ensure_ascii=False))
    return str(value) if isinstance(value, int) else repr(value)


def value_text(value: Any) -> str:
    """The text of one backticked value: a string as it is, anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def md_literals(values: Iterable[Any]) -> str:
    """Backticked values joined by `, `; a first empty string is the lone empty mark."""
    written = []
    for index, value in enumerate(values):
        text = value_text(value)
        written.append(EMPTY if index == 0 and text == "" else md_code(text))
    return ", ".join(written) if written else ABSENT


def md_default(value: Any, has_default: bool, upstream_type: str) -> str:
    """The Default cell for a value typed by the Type column."""
    if not has_default or value is None:
        return ABSENT
    if value == "" or value == []:
        return EMPTY
    kind = UPSTREAM_TYPES.get(upstream_type)
    if kind is not None and kind.value_type == "object":
        return md_code(json.dumps(value, ensure_ascii=False))
    if isinstance(value, list):
        # One backticked item is read as a comma-joined list; several one by one.
        return ", ".join(md_code(value_text(item)) for item in value)
    return md_code(value_text(value))


def md_allowed(values: Sequence[Any] | None) -> str:
    return ABSENT if not values else md_literals(values)


def md_description(text: str | None) -> str:
    """A Description cell: `-` when absent, and a description that is `-` escaped."""
    return ABSENT if text is None else md_text(text)


def md_row(cells: Iterable[str]) -> str:
    """One table row. Tables are not padded: a long cell changes its own row only.

    Every pipe is escaped, inside code spans too, as GFM reads cells before code spans.
    """
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def md_fence(text: str, info: str = "") -> str:
    """A fenced code block around `text`, its fence longer than any backtick run."""
    longest = max((len(run) for run in _BACKTICK_RUN.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    body = text if text.endswith("\n") else text + "\n"
    return f"{fence}{info}\n{body}{fence}"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`1 model`, `2 models`: a count and its noun, agreeing."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def anchor(title: str) -> str:
    """The heading's anchor as GitHub and the upstream pages make it."""
    return _NOT_IN_SLUG.sub("", one_line(title).lower()).replace(" ", "-")
