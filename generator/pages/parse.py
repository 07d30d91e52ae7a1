"""Pages -> parsed models: read each page, its structure, its fields and its rows.

Every problem of every page is collected as a value (errors and warnings), then reported
at once; a page with an error yields no models.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.pages import cells, grammar
from generator.pages.duplicates import resolve_duplicates
from generator.pages.grammar import SAFE_MODEL_ID as SAFE_MODEL_ID
from generator.pages.markdown_text import code_span_content
from generator.pages.model import Model, Page
from generator.pages.oneline import is_one_line, reflow
from generator.pages.reading import MAX_PAGE_BYTES, read_page
from generator.pages.report import Report
from generator.pages.rows import read_table
from generator.pages.sections import Section
from generator.pages.structure import Structure, read_structure
from generator.problems import InputError, Problem, errors


def parse_pages(
    paths: Iterable[Path], max_bytes: int = MAX_PAGE_BYTES
) -> tuple[list[Page], list[Problem]]:
    """Parse every page; resolve a Model ID found on two pages by the later date."""
    pages: list[Page] = []
    problems: list[Problem] = []
    for path in paths:
        page, found = parse_page(path, max_bytes)
        problems += found
        if page is not None:
            pages.append(page)
    pages, found = resolve_duplicates(pages)
    return pages, problems + found


def parse_or_raise(
    paths: Iterable[Path], max_bytes: int = MAX_PAGE_BYTES
) -> tuple[list[Page], list[Problem]]:
    """parse_pages, raising InputError when any problem is an error; returns the warnings.

    `max_bytes` bounds each page: a larger one is an error, and is never read."""
    pages, problems = parse_pages(paths, max_bytes)
    problems.sort()
    if errors(problems):
        raise InputError(problems)
    return pages, problems


def parse_page(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> tuple[Page | None, list[Problem]]:
    text, problems = read_page(path, max_bytes)
    if text is None:
        return None, problems
    one_line = is_one_line(text.text)
    report = Report(str(path), one_line, problems)
    lines = (reflow(text.text) if one_line else text.text).splitlines()
    structure = read_structure(lines, report)
    models = _models(structure, lines, report)
    if structure.provider is None or structure.kind is None or report.has_errors():
        return None, report.problems
    page = Page(
        str(path),
        path.name,
        structure.provider,
        structure.kind,
        structure.last_updated,
        text.sha256,
        models,
    )
    return page, report.problems


def _models(structure: Structure, lines: list[str], report: Report) -> tuple[Model, ...]:
    """Every section's model; a Model ID given twice on the page is an error."""
    models: list[Model] = []
    seen: dict[str, int] = {}
    for section in structure.sections:
        model = _model(section, structure, lines, report)
        if model is None:
            continue
        if model.id in seen:
            message = (
                f"Model ID {model.id!r} appears twice on this page (also at line {seen[model.id]})"
            )
            report.problems.append(Problem(report.source, model.line, message))
            continue
        seen[model.id] = model.line
        models.append(model)
    return tuple(models)


def _model(
    section: Section, structure: Structure, lines: list[str], report: Report
) -> Model | None:
    model_id = _model_id(section, report)
    capabilities = _capabilities(section, report)
    if section.table is None or grammar.MODEL_ID not in section.fields:
        return None  # reported by the section
    params = read_table(lines, section.table, model_id or section.name, report)
    if params is None or model_id is None:
        return None
    return Model(
        model_id,
        section.name,
        " ".join(section.description) or None,
        capabilities,
        structure.provider or "",
        structure.kind or "",
        params,
        report.line(section.fields[grammar.MODEL_ID][1]),
    )


def _model_id(section: Section, report: Report) -> str | None:
    if grammar.MODEL_ID not in section.fields:
        return None
    text, line = section.fields[grammar.MODEL_ID]
    if not grammar.ONE_CODE_SPAN.fullmatch(text):
        report.error(line, f"expected the Model ID as one backticked value, found {text!r}")
        return None
    model_id = code_span_content(text)
    if not grammar.is_safe_model_id(model_id):
        report.error(
            line,
            "expected a Model ID of letters, digits, '.', '_' and '-' (a safe file name), "
            f"found {model_id!r}",
        )
        return None
    return model_id


def _capabilities(section: Section, report: Report) -> tuple[str, ...]:
    if grammar.CAPABILITIES not in section.fields:
        return ()
    text, line = section.fields[grammar.CAPABILITIES]
    try:
        return tuple(value.text for value in cells.literals(text))
    except cells.CellError as exc:
        report.error(line, f"Capabilities: {exc}")
        return ()
