"""Jinja2 rendering: one environment, built-in templates overridable file by file.

Upstream text reaches templates only through the escaping filters below; nothing in a
template interpolates a raw name, description or value into code.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from generator.inputs import builtin_templates
from generator.schemas import yaml_text


def py_str(text: str) -> str:
    """A Python string literal for any text, quoted as black would quote it."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    out = [quote]
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == quote:
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif (
            ord(char) < 0x20
            or ord(char) == 0x7F
            or 0x80 <= ord(char) < 0xA0
            or char in "\u2028\u2029"
            or 0xD800 <= ord(char) <= 0xDFFF
        ):
            out.append(f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append(quote)
    return "".join(out)


def py_value(value: Any, string: Callable[[str], str] = py_str) -> str:
    """A Python literal for a JSON value, on one line; strings through `string`, never code."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a JSON number: {value!r}")
        return repr(value).replace("e+", "e")  # black writes 1e16, not 1e+16
    if isinstance(value, str):
        return string(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_value(item, string) for item in value) + "]"
    if isinstance(value, dict):
        items = (f"{string(str(k))}: {py_value(v, string)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    raise TypeError(f"not a JSON value: {value!r}")


def docstring_text(text: str) -> str:
    """Text safe inside a triple-quoted docstring: no escape sequences, no closing quotes."""
    safe = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if safe.endswith('"'):
        safe = safe[:-1] + '\\"'
    return safe


def md_cell(text: str) -> str:
    """Text safe in one markdown table cell: pipes escaped, whitespace on one line."""
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def to_json(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, indent=indent, ensure_ascii=False)


def to_yaml(value: Any) -> str:
    return yaml_text.dump(value)


class Renderer:
    def __init__(self, override_dir: Path | None = None) -> None:
        loaders: list[jinja2.BaseLoader] = []
        if override_dir is not None:
            loaders.append(jinja2.FileSystemLoader(str(override_dir)))
        loaders.append(jinja2.FileSystemLoader(str(builtin_templates())))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=False,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            py_str=py_str,
            py_value=py_value,
            docstring=docstring_text,
            md_cell=md_cell,
            to_json=to_json,
            to_yaml=to_yaml,
        )

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)
