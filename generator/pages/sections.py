"""One model's section: its heading, description, fields and the span of its table.

A section reads, in order: description paragraphs, the field paragraphs (`**Model ID:**`
first among them on the pages), one table; anything after the table (our docs' examples)
is not the model's. Whatever would otherwise vanish without a word is reported at its
line: a table or a field hidden in another block, a field after the table or given twice,
a second table (errors); text the format does not read (warnings).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from generator.pages import grammar
from generator.pages.blocks import CONTAINERS, TABLE, Block, hidden_parts
from generator.pages.markdown_text import collapse, unescape
from generator.pages.report import Report

Phase = Literal["description", "fields", "after the table"]
_NOT_READ = {**CONTAINERS, "heading": "a heading"}
_EXAMPLES = frozenset({"fence", "code_block"})
"""Code after the table is an example (our docs have some): never searched."""


@dataclass
class Section:
    name: str
    line: int
    description: list[str] = field(default_factory=list)
    fields: dict[str, tuple[str, int]] = field(default_factory=dict)
    """By label: the text after it, and the line of its paragraph."""
    table: tuple[int, int] | None = None
    """The table's lines, end excluded."""


def read_section(
    heading: Block, blocks: Sequence[Block], lines: Sequence[str], report: Report
) -> Section:
    reader = _Reader(Section(collapse(unescape(heading.text)), heading.start), lines, report)
    for block in blocks:
        reader.take(block)
    reader.finish()
    return reader.section


class _Reader:
    def __init__(self, section: Section, lines: Sequence[str], report: Report) -> None:
        self.section = section
        self.lines = lines
        self.report = report
        self.phase: Phase = "description"
        self.misplaced: set[str] = set()
        """What was reported where it stands: not reported again as missing."""
        self.roles: dict[str, Callable[[Block], None]] = {
            "table": self._table,
            "field": self._field,
            "paragraph": self._paragraph,
            "hidden": self._hidden,
            "not read": self._not_read,
            "rule": lambda block: None,
        }

    def take(self, block: Block) -> None:
        self.roles[self._role(block)](block)

    def _role(self, block: Block) -> str:
        if block.is_table:
            return "table"
        if block.field_label is not None:
            return "field"
        if block.kind == "paragraph":
            return "paragraph"
        if block.kind in _EXAMPLES and self.phase == "after the table":
            return "not read"
        if hidden_parts(block, self.lines):
            return "hidden"
        return "not read" if block.kind in _NOT_READ else "rule"

    def _table(self, block: Block) -> None:
        if self.section.table is not None:
            self.report.error(
                block.start,
                f"expected one parameter table for {self.section.name!r}, found another",
            )
            return
        self.section.table = (block.start, block.end)
        self.phase = "after the table"

    def _field(self, block: Block) -> None:
        label = block.field_label
        assert label is not None
        name = self.section.name
        if self.phase == "after the table":
            self.misplaced.add(f"`{label}`")
            self.report.error(
                block.start,
                f"expected `{label}` of {name!r} before its parameter table, found it after",
            )
        elif label in self.section.fields:
            earlier = self.report.line(self.section.fields[label][1])
            self.report.error(
                block.start,
                f"expected one `{label}` for {name!r}, found another (also at line {earlier})",
            )
        else:
            value = collapse(block.text)[len(label) :].strip()
            self.section.fields[label] = (value, block.start)
            self.phase = "fields"

    def _paragraph(self, block: Block) -> None:
        if self.phase == "description":
            self.section.description.append(collapse(unescape(block.text)))
        elif self.phase == "fields":
            self.report.warn(
                block.start,
                f"ignored a paragraph between the fields and the parameter table of "
                f"{self.section.name!r}: a description goes before `{grammar.MODEL_ID}`",
            )

    def _hidden(self, block: Block) -> None:
        for line, what in hidden_parts(block, self.lines):
            self.misplaced.add(what)
            self.report.error(
                line,
                f"expected {what} of {self.section.name!r} at the top level of its section, "
                f"found it inside {CONTAINERS[block.kind]}",
            )

    def _not_read(self, block: Block) -> None:
        if self.phase != "after the table":
            self.report.warn(
                block.start,
                f"ignored {_NOT_READ[block.kind]} in the {self.phase} of {self.section.name!r}: "
                "the format reads paragraphs, fields and one table",
            )

    def finish(self) -> None:
        name, line = self.section.name, self.section.line
        model_id = grammar.MODEL_ID
        if model_id not in self.section.fields and f"`{model_id}`" not in self.misplaced:
            self.report.error(line, f"expected a `{model_id}` line for {name!r}")
        if self.section.table is None and TABLE not in self.misplaced:
            self.report.error(line, f"expected a parameter table for {name!r}, found none")
