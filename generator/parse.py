"""Pages -> parsed models. Every problem of a page is collected as a value, then reported."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator import cells
from generator.markdown_text import code_span_content, collapse, split_table_row, unescape
from generator.model import UPSTREAM_TYPES, JsonScalar, Model, Page, Param
from generator.oneline import is_one_line, reflow
from generator.problems import InputError, Problem, errors

HEADERS = (
    "Parameter",
    "Type",
    "Required",
    "Default",
    "Min",
    "Max",
    "Allowed Values",
    "Description",
)
SAFE_MODEL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
_TITLE = re.compile(r"^(?P<provider>.+?)\s*\|\s*Scenario Docs$")
_INTRO = re.compile(r"\*\*(?P<provider>[^*]+)\*\*\s+(?P<kind>.+?)\s+models\b")
_LAST_UPDATED = re.compile(r"Last updated:\s*(\d{4}-\d{2}-\d{2})")
_TOC_LINK = re.compile(r"^\[((?:\\.|[^\]\\])*)\]\(#[^)]*\)$")
_DELIMITER = re.compile(r":?-{3,}:?")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_T = TypeVar("_T")
_MARKDOWN = MarkdownIt("commonmark").enable("table")


@dataclass
class _Section:
    """One `## <Name>` and the blocks under it, as markdown-it found them."""

    name: str
    line: int
    paragraphs: list[tuple[str, int]] = field(default_factory=list)
    table: tuple[int, int] | None = None


def parse_pages(paths: Iterable[Path]) -> tuple[list[Page], list[Problem]]:
    """Parse every page; resolve a Model ID found on two pages by the later date."""
    pages: list[Page] = []
    problems: list[Problem] = []
    for path in paths:
        page, found = parse_page(path)
        problems += found
        if page is not None:
            pages.append(page)
    pages, found = _resolve_duplicates(pages)
    return pages, problems + found


def parse_or_raise(paths: Iterable[Path]) -> tuple[list[Page], list[Problem]]:
    """parse_pages, raising InputError when any problem is an error; returns the warnings."""
    pages, problems = parse_pages(paths)
    problems.sort()
    if errors(problems):
        raise InputError(problems)
    return pages, problems


def parse_page(path: Path) -> tuple[Page | None, list[Problem]]:
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(source, 0, f"cannot read the page: {exc.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(source, line, f"expected UTF-8 text, found byte 0x{raw[exc.start]:02x}")
        ]
    if not text.strip():
        return None, [Problem(source, 1, "expected a model reference page, found an empty file")]
    one_line = is_one_line(text)
    parser = _PageParser(source, reflow(text) if one_line else text, one_line)
    page = parser.parse(path.name, hashlib.sha256(raw).hexdigest())
    return page, parser.problems


class _PageParser:
    def __init__(self, source: str, text: str, one_line: bool) -> None:
        self.source = source
        self.lines = text.splitlines()
        self.one_line = one_line
        self.problems: list[Problem] = []

    def at(self, index: int) -> int:
        """The 1-based line of the file for a 0-based line of the text being parsed."""
        return 1 if self.one_line else index + 1

    def error(self, index: int, message: str) -> None:
        self.problems.append(Problem(self.source, self.at(index), message))

    def warn(self, index: int, message: str) -> None:
        self.problems.append(Problem(self.source, self.at(index), message, "warning"))

    def parse(self, name: str, sha256: str) -> Page | None:
        body_start, title = self._front_matter()
        tokens = _MARKDOWN.parse("\n".join(self.lines[body_start:]))
        for token in tokens:
            if token.map:
                token.map = [token.map[0] + body_start, token.map[1] + body_start]
        preamble, sections = self._sections(tokens)
        provider, kind, last_updated, toc = self._preamble(preamble, title)
        self._check_toc(toc, sections)
        models: list[Model] = []
        seen: dict[str, int] = {}
        for section in sections:
            model = self._model(section, provider or "", kind or "")
            if model is None:
                continue
            if model.id in seen:
                message = f"Model ID {model.id!r} appears twice on this page (also at line {seen[model.id]})"
                self.problems.append(Problem(self.source, model.line, message))
                continue
            seen[model.id] = model.line
            models.append(model)
        if not sections:
            self.error(len(self.lines) - 1, "expected at least one `## <model name>` section")
        if provider is None or kind is None or errors(self.problems):
            return None
        return Page(self.source, name, provider, kind, last_updated, sha256, tuple(models))

    def _front_matter(self) -> tuple[int, str | None]:
        if not self.lines or self.lines[0].strip() != "---":
            self.error(
                0,
                "expected YAML front matter (`---` / `title: <Provider> | Scenario Docs` / `---`)",
            )
            return 0, None
        for end in range(1, len(self.lines)):
            if self.lines[end].strip() == "---":
                break
        else:
            self.error(0, "expected a closing `---` for the front matter")
            return len(self.lines), None
        try:
            data = yaml.safe_load("\n".join(self.lines[1:end]))
        except yaml.YAMLError as exc:
            self.error(
                0, f"expected YAML front matter, found invalid YAML ({exc.__class__.__name__})"
            )
            return end + 1, None
        title = data.get("title") if isinstance(data, dict) else None
        if not isinstance(title, str):
            self.error(0, "expected a `title:` in the front matter")
            return end + 1, None
        return end + 1, title

    def _sections(
        self, tokens: Sequence[Token]
    ) -> tuple[list[tuple[str, int, bool]], list[_Section]]:
        """Split the page at its h2 headings; before the first, keep every inline (in_list flagged)."""
        preamble: list[tuple[str, int, bool]] = []
        sections: list[_Section] = []
        open_blocks: list[str] = []
        for index, token in enumerate(tokens):
            if token.nesting == -1:
                open_blocks.pop()
            at_top = not open_blocks
            if token.nesting == 1:
                open_blocks.append(token.type)
            if token.type == "inline" and not sections and token.map:
                preamble.append((token.content, token.map[0], "list_item_open" in open_blocks))
            if not at_top or token.map is None:
                continue
            if token.type == "heading_open" and token.tag == "h2":
                heading = collapse(unescape(tokens[index + 1].content))
                sections.append(_Section(heading, token.map[0]))
            elif not sections:
                continue
            elif token.type == "paragraph_open":
                content = tokens[index + 1].content
                if content.lstrip().startswith("|"):
                    self._take_table(sections[-1], token.map)
                else:
                    sections[-1].paragraphs.append((content, token.map[0]))
            elif token.type == "table_open":
                self._take_table(sections[-1], token.map)
        return preamble, sections

    def _take_table(self, section: _Section, lines: list[int]) -> None:
        if section.table is not None:
            self.error(
                lines[0], f"expected one parameter table for {section.name!r}, found another"
            )
            return
        section.table = (lines[0], lines[1])

    def _preamble(
        self, inlines: list[tuple[str, int, bool]], title: str | None
    ) -> tuple[str | None, str | None, str | None, list[tuple[str, int]]]:
        provider: str | None = None
        kind: str | None = None
        last_updated: str | None = None
        toc: list[tuple[str, int]] = []
        title_provider = None
        if title is not None:
            match = _TITLE.match(collapse(title))
            if match:
                title_provider = match.group("provider")
            else:
                self.error(1, f"expected the title `<Provider> | Scenario Docs`, found {title!r}")
        for content, line, in_list in inlines:
            if in_list:
                link = _TOC_LINK.match(content.strip())
                if link:
                    toc.append((collapse(unescape(link.group(1))), line))
                continue
            if last_updated is None and (date := _LAST_UPDATED.search(content)):
                last_updated = date.group(1)
            intro = _INTRO.search(collapse(content))
            if intro and provider is None:
                provider, kind = intro.group("provider").strip(), intro.group("kind").strip()
        if provider is None or kind is None:
            self.error(0, "expected an intro `... all available **<Provider>** <kind> models ...`")
        elif title_provider is not None and title_provider != provider:
            self.warn(0, f"the title names provider {title_provider!r}, the intro {provider!r}")
        if last_updated is None:
            self.warn(0, "expected a `Last updated: YYYY-MM-DD` line")
        return provider, kind, last_updated, toc

    def _check_toc(self, toc: list[tuple[str, int]], sections: list[_Section]) -> None:
        listed = [name for name, _ in toc]
        headings = [section.name for section in sections]
        if listed == headings:
            return
        where = toc[0][1] if toc else 0
        if self.one_line:
            self.error(
                where,
                f"expected the table of contents to name every model in order: {listed} vs {headings}",
            )
        else:
            self.warn(
                where, f"the table of contents {listed} does not match the headings {headings}"
            )

    def _model(self, section: _Section, provider: str, kind: str) -> Model | None:
        description_parts: list[str] = []
        model_id: str | None = None
        model_id_line: int | None = None
        capabilities: tuple[str, ...] = ()
        for content, line in section.paragraphs:
            text = collapse(content)
            if text.startswith("**Model ID:**"):
                model_id = self._model_id(text[len("**Model ID:**") :].strip(), line)
                model_id_line = line
            elif text.startswith("**Capabilities:**"):
                capabilities = self._capabilities(text[len("**Capabilities:**") :], line)
            elif text.startswith("**LLM Markdown:**"):
                pass
            elif model_id is None:
                description_parts.append(collapse(unescape(content)))
        if model_id_line is None:
            self.error(section.line, f"expected a `**Model ID:**` line for {section.name!r}")
            return None
        if section.table is None:
            self.error(section.line, f"expected a parameter table for {section.name!r}")
            return None
        params = self._table(section.table, model_id or section.name)
        if params is None or model_id is None:
            return None
        description = " ".join(description_parts) or None
        return Model(
            model_id,
            section.name,
            description,
            capabilities,
            provider,
            kind,
            params,
            self.at(model_id_line),
        )

    def _model_id(self, text: str, line: int) -> str | None:
        match = _CODE_SPAN.fullmatch(text)
        if not match:
            self.error(line, f"expected the Model ID as one backticked value, found {text!r}")
            return None
        model_id = code_span_content(text)
        if not SAFE_MODEL_ID.fullmatch(model_id) or ".." in model_id:
            self.error(
                line,
                f"expected a Model ID of letters, digits, '.', '_' and '-' (a safe file name), found {model_id!r}",
            )
            return None
        return model_id

    def _capabilities(self, text: str, line: int) -> tuple[str, ...]:
        try:
            values = cells.literals(text.strip())
        except cells.CellError as exc:
            self.error(line, f"Capabilities: {exc}")
            return ()
        return tuple(value.text for value in values)

    def _table(self, span: tuple[int, int], model_id: str) -> tuple[Param, ...] | None:
        start, end = span
        rows: list[tuple[int, list[str]]] = []
        ok = True
        for index in range(start, end):
            row = split_table_row(self.lines[index])
            if row is None:
                self.error(
                    index,
                    f"{model_id}: expected a table row between `|` pipes, found {self.lines[index].strip()!r}",
                )
                ok = False
            elif len(row) != len(HEADERS):
                self.error(index, f"{model_id}: expected {len(HEADERS)} cells, found {len(row)}")
                ok = False
            else:
                rows.append((index, row))
        if not ok or len(rows) < 2:
            if ok:
                self.error(start, f"{model_id}: expected a header row and a delimiter row")
            return None
        (header_line, header), (delimiter_line, delimiter) = rows[0], rows[1]
        if tuple(header) != HEADERS:
            self.error(
                header_line,
                f"{model_id}: expected the headers {' | '.join(HEADERS)}, found {' | '.join(header)}",
            )
            ok = False
        if not all(_DELIMITER.fullmatch(cell) for cell in delimiter):
            self.error(
                delimiter_line,
                f"{model_id}: expected a delimiter row of dashes, found {' | '.join(delimiter)}",
            )
            ok = False
        params: list[Param] = []
        first_line: dict[str, int] = {}
        for index, row in rows[2:]:
            param = self._param(index, [collapse(cell) for cell in row], model_id)
            if param is None:
                ok = False
                continue
            if param.name in first_line:
                self.error(
                    index,
                    f"{model_id}: parameter {param.name!r} appears twice (also at line {self.at(first_line[param.name])})",
                )
                ok = False
                continue
            first_line[param.name] = index
            params.append(param)
        return tuple(params) if ok else None

    def _param(self, index: int, row: list[str], model_id: str) -> Param | None:
        (
            name_cell,
            type_cell,
            required_cell,
            default_cell,
            min_cell,
            max_cell,
            allowed_cell,
            description_cell,
        ) = row
        where = f"{model_id}"
        name_match = _CODE_SPAN.fullmatch(name_cell)
        name = code_span_content(name_cell) if name_match else ""
        if not name:
            self.error(index, f"{where}: expected a backticked parameter name, found {name_cell!r}")
            return None
        where = f"{model_id}.{name}"
        upstream_type = unescape(type_cell)
        if upstream_type not in UPSTREAM_TYPES:
            self.error(
                index,
                f"{where}: expected a type among {', '.join(UPSTREAM_TYPES)}, found {upstream_type!r}",
            )
            return None
        if required_cell not in ("Yes", "No"):
            self.error(index, f"{where}: expected Required `Yes` or `No`, found {required_cell!r}")
            return None
        json_type = "string" if upstream_type in ("file", "model") else upstream_type
        problems_before = len(self.problems)
        default = self._cell(
            index,
            where,
            "Default",
            lambda: cells.default_value(default_cell, upstream_type, json_type),
        )
        allowed = self._cell(
            index,
            where,
            "Allowed Values",
            lambda: cells.allowed_values(allowed_cell, upstream_type, json_type),
        )
        minimum = self._cell(index, where, "Min", lambda: cells.bound(min_cell))
        maximum = self._cell(index, where, "Max", lambda: cells.bound(max_cell))
        if len(self.problems) > problems_before:
            return None
        if not self._bounds_fit(index, where, upstream_type, minimum, maximum):
            return None
        description = None if description_cell == cells.ABSENT else unescape(description_cell)
        param = Param(
            name=name,
            type=upstream_type,
            required=required_cell == "Yes",
            description=description,
            line=self.at(index),
            default=default,
            minimum=minimum,
            maximum=maximum,
            allowed=_dedupe(
                allowed, lambda v: self.warn(index, f"{where}: allowed value {v!r} is listed twice")
            ),
        )
        self._inconsistencies(index, where, param)
        return param

    def _cell(self, index: int, where: str, column: str, read: Callable[[], _T]) -> _T | None:
        try:
            return read()
        except cells.CellError as exc:
            self.error(index, f"{where}: {column}: {exc}")
            return None

    def _bounds_fit(
        self, index: int, where: str, upstream_type: str, minimum: object, maximum: object
    ) -> bool:
        present = [
            (name, value)
            for name, value in (("Min", minimum), ("Max", maximum))
            if value is not None
        ]
        if not present:
            return True
        if upstream_type in ("boolean", "file", "model"):
            self.error(
                index,
                f"{where}: expected no Min/Max for a {upstream_type}, found {present[0][1]!r}",
            )
            return False
        counts = upstream_type != "number_array" and upstream_type != "number"
        for column, value in present:
            if counts and (not isinstance(value, int) or value < 0):
                self.error(
                    index,
                    f"{where}: expected {column} as a whole count for a {upstream_type}, found {value!r}",
                )
                return False
        if minimum is not None and maximum is not None and minimum > maximum:  # type: ignore[operator]
            self.error(
                index, f"{where}: expected Min <= Max, found Min {minimum!r} above Max {maximum!r}"
            )
            return False
        return True

    def _inconsistencies(self, index: int, where: str, param: Param) -> None:
        """Upstream quirks that a caller can live with: reported as warnings."""
        default = param.default
        if default is None:
            return
        if param.required:
            self.warn(index, f"{where}: a required parameter has a default ({default!r})")
        items = default if isinstance(default, list) else [default]
        if param.allowed is not None:
            for value in items:
                if not any(_same(value, allowed) for allowed in param.allowed):
                    self.warn(index, f"{where}: default {value!r} is not among the allowed values")
        low, high = param.minimum, param.maximum
        if param.type in ("number", "number_array"):
            for value in items:
                if isinstance(value, (int, float)) and _outside(value, low, high):
                    self.warn(index, f"{where}: default {value!r} is outside [{low}, {high}]")
        elif isinstance(default, (str, list)) and _outside(len(default), low, high):
            self.warn(index, f"{where}: default has length {len(default)}, outside [{low}, {high}]")


def _outside(value: int | float, low: int | float | None, high: int | float | None) -> bool:
    return (low is not None and value < low) or (high is not None and value > high)


def _same(a: object, b: object) -> bool:
    return a == b and isinstance(a, bool) == isinstance(b, bool)


def _dedupe(
    values: tuple[JsonScalar, ...] | None, on_duplicate: Callable[[JsonScalar], None]
) -> tuple[JsonScalar, ...] | None:
    if values is None:
        return None
    kept: list[JsonScalar] = []
    for value in values:
        if any(_same(value, seen) for seen in kept):
            on_duplicate(value)
        else:
            kept.append(value)
    return tuple(kept)


def _resolve_duplicates(pages: list[Page]) -> tuple[list[Page], list[Problem]]:
    """The same Model ID on two pages: the later "Last updated" wins; the same date is an error."""
    problems: list[Problem] = []
    owner: dict[str, tuple[Page, Model]] = {}
    dropped: set[tuple[str, str]] = set()
    for page in sorted(pages, key=lambda p: (p.last_updated or "", p.name)):
        for model in page.models:
            if model.id not in owner:
                owner[model.id] = (page, model)
                continue
            earlier_page, earlier = owner[model.id]
            if (
                (earlier_page.last_updated is not None
                and earlier_page.last_updated == page.last_updated)
                or page.last_updated is None
            ):
                problems.append(
                    Problem(
                        page.source,
                        model.line,
                        f"Model ID {model.id!r} is also on {earlier_page.source}:{earlier.line} "
                        f"with the same date ({page.last_updated}): cannot tell which is current",
                    )
                )
                continue
            problems.append(
                Problem(
                    page.source,
                    model.line,
                    f"Model ID {model.id!r} is also on {earlier_page.source}:{earlier.line} "
                    f"(updated {earlier_page.last_updated}); using this page (updated {page.last_updated})",
                    "warning",
                )
            )
            dropped.add((earlier_page.source, model.id))
            owner[model.id] = (page, model)
    resolved = [
        Page(
            p.source,
            p.name,
            p.provider,
            p.kind,
            p.last_updated,
            p.sha256,
            tuple(m for m in p.models if (p.source, m.id) not in dropped),
        )
        for p in pages
    ]
    return resolved, problems
