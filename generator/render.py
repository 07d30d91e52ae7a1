"""Jinja2 rendering: one environment, built-in templates overridable file by file.

Upstream text reaches templates only through the escaping filters below; nothing in a
template interpolates a raw name, description or value into code.

A template that fails (bad syntax, an undefined variable, a filter given the wrong value,
a missing include) is bad input like a bad page: an `InputError` naming the template
file and its line, never a traceback.
"""

from __future__ import annotations

import json
import math
import re
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from generator.controls import visible
from generator.inputs import builtin_templates, templates_folder
from generator.problems import InputError, Problem
from generator.schemas import yaml_text

_ESCAPED = re.compile(r"[\\\"'\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
"""What a literal must not hold raw: backslashes, quotes, C0 and C1 controls, DEL, the
line and paragraph separators, lone surrogates."""
_NAMED = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def py_str(text: str) -> str:
    """A Python string literal for any text, quoted as black would quote it."""
    quote = "'" if text.count('"') > text.count("'") else '"'

    def escape(found: re.Match[str]) -> str:
        char = found.group()
        if char in _NAMED:
            return _NAMED[char]
        if char in "\"'":
            return "\\" + char if char == quote else char
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return quote + _ESCAPED.sub(escape, text) + quote


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
    return visible(json.dumps(value, indent=indent, ensure_ascii=False))


def to_yaml(value: Any) -> str:
    return yaml_text.dump(value)


class Renderer:
    def __init__(self, override_dir: Path | None = None) -> None:
        self.folders = [builtin_templates()]
        if override_dir is not None:
            self.folders.insert(0, templates_folder(override_dir))
        self.env = _environment(override_dir)
        self.origins: dict[str, str] = {}
        """Each text rendered -> the template file that rendered it (for messages)."""

    def render(self, template: str, **context: Any) -> str:
        try:
            loaded = self.env.get_template(template)
            text = loaded.render(**context)
        except jinja2.TemplateSyntaxError as exc:
            message = f"template syntax: {exc.message}"
            raise InputError([Problem(exc.filename or template, exc.lineno, message)]) from None
        except Exception as exc:
            frame = self._template_frame(exc.__traceback__)
            if frame is None:
                raise  # not the template's doing: a defect of the generator
            raise InputError([Problem(frame[0], frame[1], _describe(exc))]) from None
        self.origins.setdefault(text, loaded.filename or template)
        return text

    def _template_frame(self, trace: types.TracebackType | None) -> tuple[str, int] | None:
        """The innermost frame of a template file in a traceback (Jinja2 gives each
        template's frames the template's file name and line)."""
        found = None
        while trace is not None:
            filename = trace.tb_frame.f_code.co_filename
            if any(_is_within(filename, folder) for folder in self.folders):
                found = (filename, trace.tb_lineno)
            trace = trace.tb_next
        return found


_ENVIRONMENTS: dict[tuple[str | None, tuple[tuple[str, int, int], ...]], jinja2.Environment] = {}
"""Environments already made, by override folder and its listing: compiling the templates
is most of a small build's time, and a process may build many times (sync, the tests).
A file added to, changed in or removed from the override folder makes a new environment;
Jinja2 itself notices a changed template (it compares modification times)."""
_KEPT_ENVIRONMENTS = 8


def _environment(override_dir: Path | None) -> jinja2.Environment:
    key = (None, ()) if override_dir is None else _listing(override_dir)
    env = _ENVIRONMENTS.get(key)
    if env is None:
        while len(_ENVIRONMENTS) >= _KEPT_ENVIRONMENTS:
            del _ENVIRONMENTS[next(iter(_ENVIRONMENTS))]
        env = _ENVIRONMENTS[key] = _new_environment(override_dir)
    return env


def _listing(folder: Path) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    files = []
    for path in sorted(folder.rglob("*")):
        stat = path.stat()
        files.append((path.relative_to(folder).as_posix(), stat.st_mtime_ns, stat.st_size))
    return str(folder.absolute()), tuple(files)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs, as Python keeps bytecode: compiling them is a
    quarter of a second, as long as `validate` takes for 10,000 payloads. Jinja2 keeps them
    in a private folder of the user's, writes each atomically, and recompiles a template
    whose source changed; without such a folder, templates are compiled every run."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def _new_environment(override_dir: Path | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(override_dir)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters.update(
        py_str=py_str,
        py_value=py_value,
        docstring=docstring_text,
        md_cell=md_cell,
        to_json=to_json,
        to_yaml=to_yaml,
    )
    return env


def _is_within(filename: str, folder: Path) -> bool:
    try:
        Path(filename).absolute().relative_to(folder.absolute())
    except ValueError:
        return False
    return True


def _describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return (
            f"template error: {exc.message} (docs/templates.md lists what each template receives)"
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template error: no template {exc.name!r} to include or import"
    if isinstance(exc, jinja2.TemplateError):
        return f"template error: {exc.message or exc}"
    return f"template error: {type(exc).__name__}: {exc}"
