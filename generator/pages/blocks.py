"""The top-level blocks of a page as markdown-it finds them, and what hides inside one.

The format reads only top-level paragraphs and tables. A table or a field inside a
blockquote, a list, a code block or HTML would be skipped without a word, so each such
block is searched for them, line by line, and what is found is reported where it stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.pages import grammar
from generator.pages.markdown_text import collapse, split_table_row

_MARKDOWN = MarkdownIt("commonmark").enable("table")

CONTAINERS = {
    "blockquote": "a blockquote",
    "bullet_list": "a list",
    "ordered_list": "a list",
    "code_block": "an indented code block",
    "fence": "a fenced code block",
    "html_block": "an HTML block",
}
"""Blocks the format does not read into, by what a message calls them."""
TABLE = "the parameter table"
"""How a message names a model's table."""
LISTS = frozenset({"bullet_list", "ordered_list"})
_MARKERS = re.compile(r"^(?:\s*(?:>|[-*+](?=\s)|\d{1,9}[.)](?=\s)))*\s*")
"""Quote marks, list markers and indentation at the start of a line."""


@dataclass
class Block:
    kind: str
    """The token type without `_open`: `paragraph`, `table`, `heading`, `blockquote`..."""
    tag: str
    """`h2` for a model heading."""
    start: int
    end: int
    """Lines of the page, from 0, end excluded."""
    inlines: list[tuple[str, int]] = field(default_factory=list)
    """(content, line) of every inline inside, nested ones too."""

    @property
    def text(self) -> str:
        """A paragraph's or a heading's text."""
        return self.inlines[0][0] if self.inlines else ""

    @property
    def is_model_heading(self) -> bool:
        return self.kind == "heading" and self.tag == "h2"

    @property
    def is_table(self) -> bool:
        """A table, or a paragraph of table rows markdown-it could not read as one."""
        return self.kind == "table" or (
            self.kind == "paragraph" and self.text.lstrip().startswith("|")
        )

    @property
    def field_label(self) -> str | None:
        """The field label a top-level paragraph opens with."""
        if self.kind != "paragraph":
            return None
        text = collapse(self.text)
        return next((label for label in grammar.FIELDS if text.startswith(label)), None)


def page_blocks(text: str, offset: int) -> list[Block]:
    """The top-level blocks of `text`, which starts at line `offset` of the page."""
    return _top_level(_MARKDOWN.parse(text), offset)


def _top_level(tokens: Sequence[Token], offset: int) -> list[Block]:
    blocks: list[Block] = []
    depth = 0
    for token in tokens:
        if depth == 0 and token.nesting >= 0 and token.map:
            kind = token.type.removesuffix("_open")
            blocks.append(Block(kind, token.tag, token.map[0] + offset, token.map[1] + offset))
        elif token.type == "inline" and token.map and blocks:
            blocks[-1].inlines.append((token.content, token.map[0] + offset))
        depth += token.nesting
    return blocks


def hidden_parts(block: Block, lines: Sequence[str]) -> list[tuple[int, str]]:
    """(line, what) for each table header row or field label inside a container block."""
    if block.kind not in CONTAINERS:
        return []
    found: list[tuple[int, str]] = []
    for index in range(block.start, min(block.end, len(lines))):
        line = _MARKERS.sub("", lines[index], count=1)
        label = next((label for label in grammar.FIELDS if line.startswith(label)), None)
        if label is not None:
            found.append((index, f"`{label}`"))
        elif _is_header_row(line):
            found.append((index, TABLE))
    return found


def _is_header_row(line: str) -> bool:
    cells = split_table_row(line)
    return cells is not None and tuple(collapse(cell) for cell in cells) == grammar.HEADERS
