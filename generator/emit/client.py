"""The typed client: each model's methods, and `Client` / `AsyncClient` composing them.

A model's methods live in its module, beside its validator: `Methods` (a `ModelMethods`)
with the method and `AsyncMethods` (an `AsyncModelMethods`) with its async twin, whose
docstring is the sync one's (written once). `_client.py` only composes them, so no file
grows with the catalog but by one import and two base classes per model. What a method
does (check, upload local files, start the job) is the runtime's (`_client_base.py`).
Upstream text reaches the code only as escaped docstring text or ASCII-only literals.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.emit.formatter import LINE_LENGTH
from generator.emit.python_text import doc_text, docstring, wrap
from generator.emit.python_types import PythonType
from generator.emit.view import ModelView, ParamView
from generator.problems import InputError, Problem
from generator.render import Renderer, py_value
from generator.upstream_types import BOUND_WORDS, upstream_type_of, value_doc
from generator.validation.literals import py_ascii
from generator.validation.source import HEADER

CLIENT = "generated/python/scenario_models/_client.py"
TEMPLATE = "python/scenario_models/_client.py.j2"

CLIENT_MEMBERS = ("bool", "close", "dict", "float", "int", "sdk", "str", "tuple", "type")
"""Names no model method may take: the clients' public members, and the builtins their
annotations use (mypy resolves a later annotation `str` to a method named `str`). The
pipeline builds the views with these taken, so a model `model_close` gets `close_2`."""

METHOD_INDENT = 8
"""Column of a method's docstring lines."""


@dataclass(frozen=True)
class Argument:
    name: str
    wire_name: str
    """As a Python string literal."""
    annotation: str
    """With `| None` when the argument may be left out."""
    required: bool

    @property
    def parenthesized(self) -> bool:
        """An optional argument too long for its line has its annotation in parentheses.

        The one shape on which the pinned ruff and black part ways: black puts the
        annotation in parentheses (`name: (\n A | None\n) = None`), ruff splits at the
        `|`; given black's form, ruff keeps it, and black would drop parentheses from a
        line that fits.
        """
        line = f"{self.name}: {self.annotation} = None,"
        return not self.required and METHOD_INDENT + len(line) > LINE_LENGTH


@dataclass(frozen=True)
class FileArgument:
    wire_name: str
    """As a Python string literal."""
    parameter: str
    """The `FileParameter(...)` expression: the file's kind and size limit, when known."""


@dataclass(frozen=True)
class Method:
    """A model's client method (the sync and async twins share everything here)."""

    name: str
    arguments: tuple[Argument, ...]
    files: tuple[FileArgument, ...]
    docstring: str
    """The docstring literal, for column `METHOD_INDENT`."""


def method(model: ModelView, types: Sequence[PythonType]) -> Method:
    """The method of `model`, its arguments typed by `types` (one per parameter)."""
    arguments = tuple(
        Argument(
            param.python_name,
            py_ascii(param.wire_name),
            python_type.argument if param.required else python_type.optional_argument,
            param.required,
        )
        for param, python_type in zip(model.params, types, strict=True)
    )
    files = tuple(
        FileArgument(py_ascii(param.wire_name), file_parameter(param))
        for param in model.params
        if upstream_type_of(param.schema).is_file
    )
    return Method(model.python_name, arguments, files, method_docstring(model))


def file_parameter(param: ParamView) -> str:
    """`FileParameter(kind=..., max_size=...)` from the schema's `x-scenario-kind` and
    `x-scenario-max-size` (on the items of a file_array), each left out when absent."""
    holder = _file_schema(param)
    kind, max_size = holder.get("x-scenario-kind"), holder.get("x-scenario-max-size")
    keywords = []
    if isinstance(kind, str):
        keywords.append(f"kind={py_ascii(kind)}")
    if isinstance(max_size, int) and not isinstance(max_size, bool):
        keywords.append(f"max_size={max_size}")
    return f"FileParameter({', '.join(keywords)})"


def _file_schema(param: ParamView) -> dict[str, object]:
    items = param.schema.get("items")
    return items if param.item_type is not None and isinstance(items, dict) else param.schema


def emit(models: Sequence[ModelView], renderer: Renderer) -> dict[str, str]:
    _refuse_member_names(models)
    modules = sorted((m.python_name for m in models), key=_isort_key)
    return {CLIENT: renderer.render(TEMPLATE, header=HEADER, groups=_groups(modules))}


def _groups(modules: Sequence[str]) -> list[list[str]]:
    """The model modules in consecutive groups of about the square root of their number,
    whose classes `Client` inherits through one class per group. Type checkers compare a
    class's bases pairwise: `mypy --strict` took 3.4 s more over the catalog's 471 bases
    at once, 0.4 s more over 22 groups of 22. A small catalog stays one group."""
    size = max(_SMALLEST_GROUP, math.isqrt(len(modules) - 1) + 1) if modules else 1
    return [list(modules[start : start + size]) for start in range(0, len(modules), size)]


_SMALLEST_GROUP = 16


def _isort_key(name: str) -> tuple[tuple[str | int, ...], str]:
    """isort's (ruff's) order of imported names: numbers in them compare as numbers."""
    return tuple(int(c) if c.isdigit() else c for c in re.split(r"(\d+)", name)), name


def _refuse_member_names(models: Sequence[ModelView]) -> None:
    clashes = [m for m in models if m.python_name in CLIENT_MEMBERS]
    if clashes:
        raise InputError(
            Problem(
                m.model_id,
                0,
                f"the client method name {m.python_name!r} is a member of Client; "
                "build the views with "
                "model_views(..., taken_method_names=CLIENT_MEMBERS)",
            )
            for m in clashes
        )


# Docstrings -------------------------------------------------------------------------


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def method_docstring(model: ModelView) -> str:
    paragraphs: list[str | list[str]] = []
    if model.description:
        paragraphs.append(doc_text(model.description))
    if model.params:
        args = ["Args:"]
        for param in model.params:
            args += wrap(
                f"{param.python_name}: {argument_doc(param)}",
                LINE_LENGTH - METHOD_INDENT,
                first="    ",
                rest="        ",
            )
        paragraphs.append(args)
    paragraphs += [
        ["Returns:", "    The started job: `job.wait()` polls it until it finishes."],
        [
            "Raises:",
            "    InvalidPayload: an argument breaks the model's schema; nothing was sent.",
        ],
    ]
    summary = doc_text(f"Run {model.title} (`{model.model_id}`).")
    return docstring(summary, paragraphs, METHOD_INDENT)


def argument_doc(param: ParamView) -> str:
    """Description, what a value is, bounds, allowed values and server default, escaped,
    on one line."""
    parts = [_sentence(doc_text(param.description))] if param.description else []
    upstream = upstream_type_of(param.schema)
    holds = value_doc(upstream, _file_schema(param).get("x-scenario-kind"))
    if holds:
        parts.append(doc_text(holds))
    bounds = _bounds_doc(param)
    if bounds:
        parts.append(bounds)
    if param.enum:
        values = ", ".join(py_value(v) for v in param.enum)
        parts.append(doc_text(f"Allowed values: {values}."))
    if param.has_default:
        parts.append(doc_text(f"Server default: {py_value(param.default)}."))
    return " ".join(parts) if parts else "No description upstream."


def _bounds_doc(param: ParamView) -> str | None:
    low, high = param.minimum, param.maximum
    if (low is None and high is None) or param.bounds_keyword is None:
        return None
    what, unit = BOUND_WORDS.get(param.bounds_keyword, ("Range", ""))
    if param.item_type and param.bounds_keyword == "minimum":
        what = "Each item"
    if low is not None and high is not None:
        text = f"{what}: {py_value(low)} to {py_value(high)}{unit}."
    elif low is not None:
        text = f"{what}: at least {py_value(low)}{unit}."
    else:
        text = f"{what}: at most {py_value(high)}{unit}."
    return doc_text(text)
