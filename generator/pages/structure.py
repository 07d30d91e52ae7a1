"""A page's structure: front matter, preamble, table of contents, and one section per model.

markdown-it finds the blocks; this module says which is which, and reports what stands
where the format does not expect it. What a section holds is read by sections.py; the
rows of its table by rows.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from generator.pages import grammar
from generator.pages.blocks import LISTS, TABLE, Block, hidden_parts, page_blocks
from generator.pages.markdown_text import collapse, unescape
from generator.pages.report import Report
from generator.pages.sections import Section, read_section


@dataclass(frozen=True)
class Structure:
    provider: str | None
    kind: str | None
    last_updated: str | None
    sections: list[Section]


def read_structure(lines: Sequence[str], report: Report) -> Structure:
    body_start, title = _front_matter(lines, report)
    blocks = page_blocks("\n".join(lines[body_start:]), body_start)
    first_heading = next((i for i, b in enumerate(blocks) if b.is_model_heading), len(blocks))
    preamble = blocks[:first_heading]
    provider, kind, last_updated, toc = _preamble(preamble, title, report)
    _check_preamble_holds_no_model(preamble, lines, report)
    sections = [
        read_section(part[0], part[1:], lines, report) for part in _split(blocks[first_heading:])
    ]
    _check_toc(toc, [s.name for s in sections], report)
    if not sections:
        report.error(len(lines) - 1, "expected at least one `## <model name>` section")
    return Structure(provider, kind, last_updated, sections)


def _front_matter(lines: Sequence[str], report: Report) -> tuple[int, str | None]:
    if not lines or lines[0].strip() != grammar.FENCE:
        report.error(
            0,
            f"expected YAML front matter (`---` / `title: {grammar.title('<Provider>')}` / `---`)",
        )
        return 0, None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == grammar.FENCE), None)
    if end is None:
        report.error(0, "expected a closing `---` for the front matter")
        return len(lines), None
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        report.error(
            0, f"expected YAML front matter, found invalid YAML ({exc.__class__.__name__})"
        )
        return end + 1, None
    title = data.get("title") if isinstance(data, dict) else None
    if not isinstance(title, str):
        report.error(0, "expected a `title:` in the front matter")
        return end + 1, None
    return end + 1, title


def _split(blocks: list[Block]) -> list[list[Block]]:
    """Each model heading with the blocks under it."""
    parts: list[list[Block]] = []
    for block in blocks:
        if block.is_model_heading:
            parts.append([])
        parts[-1].append(block)
    return parts


def _preamble(
    blocks: list[Block], title: str | None, report: Report
) -> tuple[str | None, str | None, str | None, list[tuple[str, int]]]:
    provider = kind = last_updated = None
    toc: list[tuple[str, int]] = []
    ours = False
    for block in blocks:
        for content, line in block.inlines:
            if block.kind in LISTS:
                if link := grammar.TOC_LINK.match(content.strip()):
                    toc.append((collapse(unescape(link.group(1))), line))
                continue
            if last_updated is None and (date := grammar.LAST_UPDATED.search(content)):
                last_updated = date.group(1)
            ours = ours or grammar.GENERATED_MARK in content
            if provider is None and (intro := grammar.INTRO.search(collapse(content))):
                provider = unescape(intro.group("provider")).strip()
                kind = unescape(intro.group("kind")).strip()
    _check_provider(title, provider, report)
    if last_updated is None and not ours:
        report.warn(0, f"expected a `{grammar.LAST_UPDATED_LABEL} YYYY-MM-DD` line")
    return provider, kind, last_updated, toc


def _check_provider(title: str | None, provider: str | None, report: Report) -> None:
    named = None
    if title is not None:
        if match := grammar.TITLE.match(collapse(title)):
            named = match.group("provider")
        else:
            expected = grammar.title("<Provider>")
            report.error(1, f"expected the title `{expected}`, found {title!r}")
    if provider is None:
        intro = grammar.intro("<Provider>", "<kind>")
        report.error(0, f"expected an intro `... all available {intro} ...`")
    elif named is not None and named != provider:
        report.warn(0, f"the title names provider {named!r}, the intro {provider!r}")


def _check_preamble_holds_no_model(
    blocks: list[Block], lines: Sequence[str], report: Report
) -> None:
    """A table or a field before the first heading belongs to no model: it would be lost."""
    for block in blocks:
        found = hidden_parts(block, lines)
        if block.is_table:
            found.append((block.start, TABLE))
        elif block.field_label is not None:
            found.append((block.start, f"`{block.field_label}`"))
        for line, what in found:
            report.error(
                line,
                f"expected {what} under a `## <model name>` heading, found it before the first",
            )


def _check_toc(toc: list[tuple[str, int]], headings: list[str], report: Report) -> None:
    listed = [name for name, _ in toc]
    if listed == headings:
        return
    where = toc[0][1] if toc else 0
    if report.one_line:
        report.error(
            where,
            f"expected the table of contents to name every model in order: {listed} vs {headings}",
        )
    else:
        report.warn(where, f"the table of contents {listed} does not match the headings {headings}")
