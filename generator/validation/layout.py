"""Line layout for generated statements: the choice black would make, made here.

Generated modules must come out already black-formatted (running black on every file of
every regeneration costs too much). Each helper takes a statement's parts, already
rendered as ASCII-only Python (see `literals.py`, so a line's width is its length), and
returns it on one line when it fits, else split the way black splits that shape. Where
black would accept several layouts, the split adds a magic trailing comma, which black
keeps. `tests/test_validation_quality.py` holds the output to black's.

Each helper returns complete lines, each ending in a newline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from generator.emit.formatter import LINE_LENGTH
from generator.validation.literals import py_json

INDENT = 4


def _fits(pad: int, text: str) -> bool:
    return pad + len(text) <= LINE_LENGTH


def _lines(pad: int, *texts: str) -> str:
    return "".join(" " * pad + text + "\n" for text in texts)


def call(pad: int, head: str, arguments: Sequence[str], tail: str = "") -> str:
    """`head(a, b)tail`, or one argument per line with a trailing comma."""
    one_line = f"{head}({', '.join(arguments)}){tail}"
    if _fits(pad, one_line):
        return _lines(pad, one_line)
    inner = "".join(_lines(pad + INDENT, f"{a},") for a in arguments)
    return _lines(pad, f"{head}(") + inner + _lines(pad, f"){tail}")


def condition(pad: int, head: str, operands: Sequence[str], operator: str = "and") -> str:
    """`if a and b:` (head `if`) or `if not (a and b):` (head `if not`), split as black does:
    the whole test on its own line inside parentheses, else one operand per line."""
    expression = f" {operator} ".join(operands)
    opening, closing = ("if not (", ")") if head == "if not" else ("if ", "")
    one_line = f"{opening}{expression}{closing}:"
    if _fits(pad, one_line):
        return _lines(pad, one_line)
    opening = "if not (" if head == "if not" else "if ("
    if _fits(pad + INDENT, expression):
        return _lines(pad, opening) + _lines(pad + INDENT, expression) + _lines(pad, "):")
    body = _lines(pad, opening)
    for position, operand in enumerate(operands):
        prefix = "" if position == 0 else f"{operator} "
        body += _operand(pad + INDENT, prefix, operand)
    return body + _lines(pad, "):")


_COMPARISON = re.compile(r" (?=(?:<=|<|==|is not|is|not in|in) )")


def _operand(pad: int, prefix: str, operand: str) -> str:
    """One operand of a split test. Too long, it splits again as black splits it: a
    parenthesized `or` (or `and`) group one term per line, a comparison before each
    operator (operands here never nest brackets holding operators)."""
    if _fits(pad, prefix + operand):
        return _lines(pad, prefix + operand)
    if operand.startswith("(") and operand.endswith(")"):
        group = operand[1:-1]
        operator = "or" if " or " in group else "and"
        parts = group.split(f" {operator} ")
        inner = "".join(
            _operand(pad + INDENT, f"{operator} " if i else "", p) for i, p in enumerate(parts)
        )
        return _lines(pad, prefix + "(") + inner + _lines(pad, ")")
    first, *rest = _COMPARISON.split(operand)
    return _lines(pad, prefix + first, *rest)


def subscript(pad: int, target: str, mapping: str, key: str) -> str:
    """`target = mapping[key]`, or the key alone on the next line."""
    one_line = f"{target} = {mapping}[{key}]"
    if _fits(pad, one_line):
        return _lines(pad, one_line)
    return _lines(pad, f"{target} = {mapping}[") + _lines(pad + INDENT, key) + _lines(pad, "]")


def assign(pad: int, target: str, value: Any) -> str:
    """`target = <JSON value as a literal>`; containers split one item per line."""
    return "".join(_lines(pad, line) for line in literal_lines(value, f"{target} = ", "", pad))


def assign_tuple(pad: int, target: str, values: Sequence[Any]) -> str:
    """`target = (a, b)`; split one item per line (a 1-tuple keeps its comma anyway)."""
    items = [py_json(v) for v in values]
    one_line = (
        f"{target} = ({items[0]},)" if len(items) == 1 else f"{target} = ({', '.join(items)})"
    )
    if _fits(pad, one_line):
        return _lines(pad, one_line)
    inner = [line for v in values for line in literal_lines(v, "", ",", pad + INDENT)]
    return _lines(pad, f"{target} = (") + _lines(pad + INDENT, *inner) + _lines(pad, ")")


def literal_lines(value: Any, prefix: str, suffix: str, pad: int) -> list[str]:
    """A JSON value as literal lines (unindented), exploded only where it does not fit."""
    one_line = prefix + py_json(value) + suffix
    if _fits(pad, one_line):
        return [one_line]
    if isinstance(value, list) and value:
        opening, closing = "[", "]"
        items = [literal_lines(v, "", ",", pad + INDENT) for v in value]
    elif isinstance(value, dict) and value:
        opening, closing = "{", "}"
        items = [
            literal_lines(v, f"{py_json(str(k))}: ", ",", pad + INDENT) for k, v in value.items()
        ]
    else:
        if prefix.endswith(" = ") and _fits(pad + INDENT, py_json(value)):
            # black wraps a too long right-hand side in parentheses when that makes it fit
            return [prefix + "(", " " * INDENT + py_json(value), ")" + suffix]
        return [one_line]
    inner = [" " * INDENT + line for lines in items for line in lines]
    return [prefix + opening, *inner, closing + suffix]
