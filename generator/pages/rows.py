"""A model's parameter table -> its parameters: rows, cells typed by the Type column, bounds.

What a page says that a caller can live with (a default outside its bounds...) is a
warning (quirks.py); what cannot become a schema is an error at its row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

from generator.pages import cells, grammar, quirks
from generator.pages.markdown_text import code_span_content, collapse, split_table_row, unescape
from generator.pages.model import JsonScalar, Param
from generator.pages.report import Report
from generator.upstream_types import UPSTREAM_TYPES, UpstreamType

_T = TypeVar("_T")
_REQUIRED = {grammar.YES: True, grammar.NO: False}


class Row(NamedTuple):
    """The cells of a row, in the order of grammar.HEADERS, whitespace collapsed."""

    name: str
    type: str
    required: str
    default: str
    minimum: str
    maximum: str
    allowed: str
    description: str


def read_table(
    lines: Sequence[str], span: tuple[int, int], model_id: str, report: Report
) -> tuple[Param, ...] | None:
    """The table's parameters, or None when any row is in error (each one reported)."""
    rows = _rows(lines, span, model_id, report)
    if rows is None:
        return None
    ok = _header_fits(rows[0], rows[1], model_id, report)
    params: list[Param] = []
    first_line: dict[str, int] = {}
    for index, row in rows[2:]:
        param = _param(index, Row(*(collapse(cell) for cell in row)), model_id, report)
        if param is None:
            ok = False
        elif param.name in first_line:
            also = report.line(first_line[param.name])
            report.error(
                index, f"{model_id}: parameter {param.name!r} appears twice (also at line {also})"
            )
            ok = False
        else:
            first_line[param.name] = index
            params.append(param)
    return tuple(params) if ok else None


def _rows(
    lines: Sequence[str], span: tuple[int, int], model_id: str, report: Report
) -> list[tuple[int, list[str]]] | None:
    """Every line of the table split into cells; None when one cannot be."""
    rows: list[tuple[int, list[str]]] = []
    ok = True
    for index in range(*span):
        row = split_table_row(lines[index])
        if row is None:
            found = lines[index].strip()
            report.error(
                index, f"{model_id}: expected a table row between `|` pipes, found {found!r}"
            )
        elif len(row) != len(grammar.HEADERS):
            report.error(
                index, f"{model_id}: expected {len(grammar.HEADERS)} cells, found {len(row)}"
            )
        else:
            rows.append((index, row))
            continue
        ok = False
    if ok and len(rows) < 2:
        report.error(span[0], f"{model_id}: expected a header row and a delimiter row")
    return rows if ok and len(rows) >= 2 else None


def _header_fits(
    header: tuple[int, list[str]],
    delimiter: tuple[int, list[str]],
    model_id: str,
    report: Report,
) -> bool:
    ok = True
    if tuple(header[1]) != grammar.HEADERS:
        expected, found = " | ".join(grammar.HEADERS), " | ".join(header[1])
        report.error(header[0], f"{model_id}: expected the headers {expected}, found {found}")
        ok = False
    if not all(grammar.DELIMITER.fullmatch(cell) for cell in delimiter[1]):
        found = " | ".join(delimiter[1])
        report.error(delimiter[0], f"{model_id}: expected a delimiter row of dashes, found {found}")
        ok = False
    return ok


def _param(index: int, row: Row, model_id: str, report: Report) -> Param | None:
    name = code_span_content(row.name) if grammar.ONE_CODE_SPAN.fullmatch(row.name) else ""
    if not name:
        report.error(index, f"{model_id}: expected a backticked parameter name, found {row.name!r}")
        return None
    where = f"{model_id}.{name}"
    kind = UPSTREAM_TYPES.get(unescape(row.type))
    if kind is None:
        known = ", ".join(UPSTREAM_TYPES)
        report.error(index, f"{where}: expected a type among {known}, found {unescape(row.type)!r}")
        return None
    if row.required not in _REQUIRED:
        report.error(
            index,
            f"{where}: expected Required `{grammar.YES}` or `{grammar.NO}`, found {row.required!r}",
        )
        return None
    param = _typed(index, where, row, kind, name, report)
    if param is not None:
        quirks.report(param, kind, lambda message: report.warn(index, f"{where}: {message}"))
    return param


def _typed(
    index: int, where: str, row: Row, kind: UpstreamType, name: str, report: Report
) -> Param | None:
    """The parameter with its value cells typed by the Type column; None on any error."""
    errors_before = len(report.problems)

    def read(column: str, reader: Callable[[], _T]) -> _T | None:
        try:
            return reader()
        except cells.CellError as exc:
            report.error(index, f"{where}: {column}: {exc}")
            return None

    default = read("Default", lambda: cells.default_value(row.default, kind))
    allowed = read("Allowed Values", lambda: cells.allowed_values(row.allowed, kind))
    minimum = read("Min", lambda: cells.bound(row.minimum))
    maximum = read("Max", lambda: cells.bound(row.maximum))
    if len(report.problems) > errors_before:
        return None
    if not _bounds_fit(index, where, kind, minimum, maximum, report):
        return None

    def listed_twice(value: JsonScalar) -> None:
        report.warn(index, f"{where}: allowed value {value!r} is listed twice")

    return Param(
        name=name,
        type=kind.name,
        required=_REQUIRED[row.required],
        description=None if row.description == grammar.ABSENT else unescape(row.description),
        line=report.line(index),
        default=default,
        minimum=minimum,
        maximum=maximum,
        allowed=_dedupe(allowed, listed_twice),
    )


def _bounds_fit(
    index: int,
    where: str,
    kind: UpstreamType,
    minimum: int | float | None,
    maximum: int | float | None,
    report: Report,
) -> bool:
    present = [(c, v) for c, v in (("Min", minimum), ("Max", maximum)) if v is not None]
    if not present:
        return True
    if kind.bounds is None:
        report.error(
            index, f"{where}: expected no Min/Max for a {kind.name}, found {present[0][1]!r}"
        )
        return False
    for column, value in present:
        if kind.counts and (not isinstance(value, int) or value < 0):
            report.error(
                index,
                f"{where}: expected {column} as a whole count for a {kind.name}, found {value!r}",
            )
            return False
    if minimum is not None and maximum is not None and minimum > maximum:
        report.error(
            index, f"{where}: expected Min <= Max, found Min {minimum!r} above Max {maximum!r}"
        )
        return False
    return True


def _dedupe(
    values: tuple[JsonScalar, ...] | None, on_duplicate: Callable[[JsonScalar], None]
) -> tuple[JsonScalar, ...] | None:
    if values is None:
        return None
    kept: list[JsonScalar] = []
    seen: set[tuple[bool, object]] = set()  # a set: an enum may list thousands of values
    for value in values:
        key = quirks.json_key(value)
        if key in seen:
            on_duplicate(value)
        else:
            seen.add(key)
            kept.append(value)
    return tuple(kept)
