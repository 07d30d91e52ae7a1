"""Upstream text inside generated Python: docstrings and comments.

Text is kept as written, on wrapped lines, with every invisible character (controls,
bidirectional overrides, zero-width and surrogate characters) spelled as its escape, so
the source shows everything it holds; in a docstring the escape is decoded again and
`help()` shows the text as written. No quote run can close a docstring. Formatters never
rewrap docstrings or comments, so the wrapping is done here.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from generator.emit.formatter import LINE_LENGTH

_INVISIBLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]"
)
_QUOTES = '"""'


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def doc_text(text: str) -> str:
    """Upstream text for a docstring: one line, backslashes and invisible characters as
    escapes, and no quote that could end the docstring (a quote before a quote, or at
    either end)."""
    line = " ".join(str(text).split()).replace("\\", "\\\\")
    line = _INVISIBLE.sub(lambda m: _escape(m.group()), line)
    return re.sub(r'^"|"(?="|$)', '\\\\"', line)


def comment_text(text: str) -> str:
    """Upstream text for `#` comments: one line, invisible characters shown as escapes."""
    return _INVISIBLE.sub(lambda m: _escape(m.group()), " ".join(str(text).split()))


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """`text` on lines of at most `width` columns (never breaking a word), the first line
    after `first`, the others after `rest`."""
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def comment(text: str, indent: int) -> list[str]:
    """Upstream text as `# ...` lines at `indent`, unindented."""
    return wrap(comment_text(text), LINE_LENGTH - indent, first="# ", rest="# ")


Paragraph = str | Sequence[str]
"""Text to wrap, or lines kept as they are (an `Args:` block, wrapped by its maker)."""


def docstring(summary: str, paragraphs: Sequence[Paragraph] = (), indent: int = 0) -> str:
    """A docstring (already escaped text) to write at column `indent`: the summary after
    the opening quotes, each paragraph after a blank line, the closing quotes on a line of
    their own. Lines after the first carry the indentation."""
    width = LINE_LENGTH - indent
    lines = wrap(summary, width, first=_QUOTES)
    for paragraph in paragraphs:
        lines.append("")
        lines += wrap(paragraph, width) if isinstance(paragraph, str) else list(paragraph)
    lines.append(_QUOTES)
    pad = " " * indent
    return "\n".join([lines[0], *(pad + line if line else "" for line in lines[1:])])
