"""The one-line form of a page: the same page with every run of whitespace collapsed.

Markdown structure does not survive that, so the page is laid out again in the normal form,
guided by what does survive: the front matter fences, the table of contents (which names the
models, in order, so a heading can be told from the description running after it), the bold
field labels, and the table rows' `| |` seams. The normal-form parser then reads the result.
Every line it produces maps back to line 1 of the file.
"""

from __future__ import annotations

import re

from generator.pages import grammar

_FENCE = re.escape(grammar.FENCE)
_FRONT_MATTER = re.compile(rf"^{_FENCE}\s(.*?)\s{_FENCE}(?:\s|$)", re.DOTALL)
_LAST_UPDATED = re.compile(rf"^(>.*?{re.escape(grammar.LAST_UPDATED_LABEL)} \S+)\s*")
_TOC_ITEM = re.compile(rf"-\s{grammar.LINK_TEXT}\((#[^)\s]*)\)\s*")
_RULE = re.compile(rf"^{_FENCE}(?:\s|$)")
_FIELD = re.compile(r"\s*(" + "|".join(re.escape(label) for label in grammar.FIELDS) + ")")
_ROW_SEAM = re.compile(rf"(?<=\|)\s+(?=\|\s*(?:`|{grammar.DELIMITER.pattern}))")
"""Between two rows: a row opens with a backticked name or a delimiter cell."""
_YAML_KEY = re.compile(r"\s(?=[A-Za-z_][\w-]*:\s)")


def is_one_line(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) == 1 and lines[0].lstrip().startswith(grammar.FENCE)


def reflow(text: str) -> str:
    """Lay a one-line page out in the normal form (see the module docstring)."""
    rest = text.strip()
    out: list[str] = []
    front = _FRONT_MATTER.match(rest)
    if front:
        out += [grammar.FENCE, *_YAML_KEY.split(front.group(1)), grammar.FENCE, ""]
        rest = rest[front.end() :].lstrip()
    quote = _LAST_UPDATED.match(rest)
    if quote:
        out += [quote.group(1), ""]
        rest = rest[quote.end() :]
    toc_start = rest.find(grammar.toc_item("", "")[:3])
    if toc_start > 0:
        out += [rest[:toc_start].strip(), ""]
        rest = rest[toc_start:]
    names: list[str] = []
    while item := _TOC_ITEM.match(rest):
        names.append(item.group(1))
        out.append(grammar.toc_item(item.group(1), item.group(2)[1:]))
        rest = rest[item.end() :]
    out.append("")
    if _RULE.match(rest):
        out += [grammar.FENCE, ""]
        rest = rest[len(grammar.FENCE) :].lstrip()
    for section in _sections(rest, names):
        out += _section_lines(section, names)
    return "\n".join(out) + "\n"


def _sections(rest: str, names: list[str]) -> list[str]:
    """Cut the text at each `## <toc name>`, in table-of-contents order."""
    starts: list[int] = []
    position = 0
    for name in names:
        found = rest.find(grammar.HEADING + name, position)
        if found < 0:
            continue
        starts.append(found)
        position = found + len(grammar.HEADING) + len(name)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return [rest[a:b].strip() for a, b in zip(starts, [*starts[1:], len(rest)], strict=True)]


def _section_lines(section: str, names: list[str]) -> list[str]:
    if not section:
        return []
    head, *fields = _FIELD.split(section)
    lines = _heading_lines(head.strip(), names)
    for label, value in zip(fields[::2], fields[1::2], strict=True):
        value = value.strip()
        table_at = value.find("|")
        text, table = (value, "") if table_at < 0 else (value[:table_at], value[table_at:])
        lines += [f"{label} {text.strip()}".rstrip(), ""]
        if table:
            lines += [row.strip() for row in _ROW_SEAM.split(table)] + [""]
    return lines


def _heading_lines(head: str, names: list[str]) -> list[str]:
    if not head.startswith(grammar.HEADING):
        return [head, ""] if head else []
    title = head[len(grammar.HEADING) :]
    for name in sorted(names, key=len, reverse=True):
        if title == name or title.startswith(name + " "):
            description = title[len(name) :].strip()
            return [grammar.HEADING + name, ""] + ([description, ""] if description else [])
    return [head, ""]
