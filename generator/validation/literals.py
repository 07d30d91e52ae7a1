"""Upstream values as Python source: literals that are all ASCII, so never code.

These are the filters the validator templates use for every name, key, path and value
that comes from a schema. They build on `generator.render.py_str` (black's quote choice,
escapes for control characters) and also escape every non-ASCII character: generated code
lines are then pure ASCII, their width is their length, and the one-line-or-split layout
decisions (see `layout.py`) agree with black's without its Unicode width table.
"""

from __future__ import annotations

import re
from typing import Any

from generator.emit.render import py_str, py_value

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PATH_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def py_ascii(text: str) -> str:
    """A Python string literal for any text, ASCII only: `"gr\\u00f6\\u00dfe"`."""
    return _escape_non_ascii(py_str(text))


def _escape_non_ascii(literal: str) -> str:
    if literal.isascii():
        return literal
    out = []
    for char in literal:
        code = ord(char)
        if code < 0x80:
            out.append(char)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out)


def py_json(value: Any) -> str:
    """A Python literal for a JSON value, on one line, strings via `py_ascii`."""
    return py_value(value, py_ascii)


def py_tuple(values: list[Any] | tuple[Any, ...]) -> str:
    """A tuple literal of JSON values on one line: `("a",)`, `(1, 2)`, `()`."""
    items = [py_json(v) for v in values]
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(items) + ")"


def member(key: str) -> str:
    """One JSONPath step for a property name: `.seed`, or `['a-b']` when not an identifier.

    The generated runtime spells paths the same way (`_validation.member`); a test holds
    the two to the same output.
    """
    if _IDENTIFIER.fullmatch(key):
        return "." + key
    escaped = "".join(
        _PATH_ESCAPES.get(
            char, f"\\u{ord(char):04x}" if ord(char) < 0x20 or ord(char) == 0x7F else char
        )
        for char in key
    )
    return f"['{escaped}']"


def fstring_text(text: str) -> str:
    """Literal text for the inside of an f-string: braces doubled."""
    return text.replace("{", "{{").replace("}", "}}")


def py_fstring(pieces: list[tuple[str, str]]) -> str:
    """An f-string literal from ("text", ...) and ("expr", ...) pieces, ASCII only.

    Expressions are compiler-made (loop variables, runtime calls on them): never upstream
    text, which only ever appears in the escaped text pieces.
    """
    body = "".join(
        fstring_text(value) if kind == "text" else "{" + value + "}" for kind, value in pieces
    )
    return "f" + _escape_non_ascii(py_str(body))
