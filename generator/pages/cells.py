"""Typing the cells of a parameter table row by its Type column."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

from generator.pages.grammar import ABSENT, EMPTY
from generator.pages.markdown_text import split_code_spans
from generator.pages.model import JsonScalar, JsonValue
from generator.upstream_types import UpstreamType

_INT = re.compile(r"-?(?:0|[1-9]\d*)")
_FLOAT = re.compile(r"-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?")


class CellError(ValueError):
    """A cell that does not hold what its column and Type promise; the text is the message."""


@dataclass(frozen=True)
class Literal:
    """A backticked value or the lone empty mark, as written."""

    text: str
    empty: bool = False


def number(text: str) -> int | float:
    """A JSON number, int or float as written."""
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        value = float(text)
        if math.isfinite(value):
            return value
    raise CellError(f"expected a number, found {text!r}")


def scalar(text: str, json_type: str) -> JsonScalar:
    if json_type == "number":
        return number(text)
    if json_type == "boolean":
        if text in ("true", "false"):
            return text == "true"
        raise CellError(f"expected `true` or `false`, found {text!r}")
    if json_type == "object":
        raise CellError(f"expected no value for an object item, found {text!r}")
    return text


def literals(cell: str) -> list[Literal]:
    """A comma-separated list of code spans, the first of which may be the lone empty mark."""
    found: list[Literal] = []
    expect_value = True
    for kind, part in split_code_spans(cell):
        if kind == "code":
            if not expect_value:
                raise CellError(f"expected a comma between values in {cell!r}")
            found.append(Literal(part))
            expect_value = False
            continue
        for piece in re.split(r"(,)", part):
            piece = piece.strip()
            if not piece:
                continue
            if piece == ",":
                if expect_value:
                    raise CellError(f"expected a backticked value before a comma in {cell!r}")
                expect_value = True
            elif piece == EMPTY and expect_value and not found:
                found.append(Literal("", empty=True))
                expect_value = False
            else:
                raise CellError(f"expected backticked values, found {piece!r} in {cell!r}")
    if expect_value:
        raise CellError(f"expected a backticked value after the last comma in {cell!r}")
    return found


def default_value(cell: str, kind: UpstreamType) -> JsonValue | None:
    if cell == ABSENT:
        return None
    if cell == EMPTY:
        return [] if kind.is_array else ""
    values = literals(cell)
    if not kind.is_array:
        if len(values) != 1:
            raise CellError(f"expected one backticked default, found {cell!r}")
        return scalar(values[0].text, kind.json_type)
    if kind.item_type == "object":
        return _object_list(values)
    texts = [v.text for v in values]
    if len(texts) == 1:
        texts = texts[0].split(",") if texts[0] else []
    return [scalar(t.strip(), kind.value_type) for t in texts]


def _object_list(values: list[Literal]) -> list[JsonScalar]:
    if len(values) == 1:
        try:
            parsed = json.loads(values[0].text)
        except json.JSONDecodeError:
            parsed = None
        if isinstance(parsed, list) and all(isinstance(item, dict) for item in parsed):
            return parsed
    raise CellError("expected a JSON array of objects as the default of an inputs_array")


def allowed_values(cell: str, kind: UpstreamType) -> tuple[JsonScalar, ...] | None:
    if cell == ABSENT:
        return None
    if kind.value_type == "object":
        raise CellError(f"expected no allowed values for an {kind.name}")
    values = literals(cell)
    if values[0].empty and kind.value_type != "string":
        raise CellError(f"expected {kind.value_type} values, found the empty mark in {cell!r}")
    return tuple("" if v.empty else scalar(v.text, kind.value_type) for v in values)


def bound(cell: str) -> int | float | None:
    return None if cell == ABSENT else number(cell)
