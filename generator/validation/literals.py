"""Upstream values as Python source: literals that are all ASCII, so never code.

These are the filters the validator templates use for every name, key, path and value
that comes from a schema. They build on `generator.render.py_str` (black's quote choice,
escapes for control characters) and also escape every non-ASCII character: generated code
is pure ASCII, so what it holds is what a reader sees.
"""

from __future__ import annotations

from typing import Any

from generator.render import py_str, py_value


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
