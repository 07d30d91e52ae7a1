"""The offline validators: the stdlib-only core of the generated package `scenario_models`.

Writes the package skeleton (`pyproject.toml`, README, `__init__.py`, `py.typed`), the
validation runtime (`_validation.py`), the lazy registry (`_registry.py`) and one module
per model: its wire `TypedDict` and its straight-line `validate`, compiled from the schema
by `generator.validation`. Upstream text reaches the code only as escaped literals,
docstring text or comments.
"""

from __future__ import annotations

import keyword
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator import __version__
from generator.emit import naming
from generator.emit.render import Renderer
from generator.emit.runtime import runtime_files
from generator.emit.view import ModelView
from generator.problems import InputError, Problem
from generator.validation import SchemaError, compile_schema
from generator.validation.layout import LINE_LENGTH, LiteralAlias
from generator.validation.literals import py_ascii, py_json
from generator.validation.plan import Plan
from generator.validation.source import HEADER, install

ROOT = "generated/python"
PACKAGE = f"{ROOT}/scenario_models"
TEMPLATES = "python/scenario_models"

_MAX_ALIAS = 40
"""Longest `Literal` alias name (before a uniqueness suffix): `Name: TypeAlias = Literal[`
must fit on a line whatever the parameter is called."""
_SCALAR_TYPES = {
    "string": "str",
    "number": "float",
    "integer": "int",
    "boolean": "bool",
    "null": "None",
}
_FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_INVISIBLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]"
)
"""Control, format (bidirectional overrides, zero-width) and surrogate characters: shown
as escapes in comments and docstrings, so the source shows everything it holds."""


@dataclass(frozen=True)
class Field:
    key: str
    """The wire name (a literal in the functional form, an identifier in the class form)."""
    annotation: str
    comment: tuple[str, ...]
    """The description, as comment lines."""


@dataclass(frozen=True)
class PayloadPart:
    name: str
    bases: tuple[str, ...]
    total: bool
    fields: tuple[Field, ...]
    docstring: str | None = None
    noqa: bool = False
    """Functional form where ruff would ask for the class form (UP013): every key is a
    field name, but some line would be too long for black to leave alone."""


@dataclass(frozen=True)
class Payload:
    """The wire TypedDict: class syntax when every key is a field name, else functional."""

    name: str
    functional: bool
    parts: tuple[PayloadPart, ...]
    bases: tuple[str, ...]
    """Functional form: the bases of the public class (the parts)."""
    docstring: str


@dataclass(frozen=True)
class ModelModule:
    model_id: str
    python_name: str
    class_name: str
    docstring: str
    plan: Plan
    aliases: tuple[LiteralAlias, ...]
    payload: Payload
    typing_names: tuple[str, ...]
    validate_docstring: str


def emit(models: Sequence[ModelView], renderer: Renderer) -> dict[str, str]:
    install(renderer)
    modules = [model_module(model) for model in models]
    context: dict[str, Any] = {"header": HEADER, "modules": modules, "version": __version__}
    files = {
        f"{ROOT}/pyproject.toml": renderer.render("python/pyproject.toml.j2", **context),
        f"{ROOT}/README.md": renderer.render("python/README.md.j2", **context),
        f"{PACKAGE}/__init__.py": renderer.render(f"{TEMPLATES}/__init__.py.j2", **context),
        f"{PACKAGE}/py.typed": "",
        **runtime_files(PACKAGE, HEADER),
        f"{PACKAGE}/models/__init__.py": renderer.render(
            f"{TEMPLATES}/models/__init__.py.j2", **context
        ),
    }
    for module in modules:
        files[f"{PACKAGE}/models/{module.python_name}.py"] = renderer.render(
            f"{TEMPLATES}/models/model.py.j2", header=HEADER, module=module
        )
    return files


def model_module(model: ModelView) -> ModelModule:
    try:
        plan = compile_schema(model.schema)
    except SchemaError as exc:
        where = f"schemas/{model.model_id}.schema.json"
        raise InputError(Problem(where, 1, str(problem)) for problem in exc.problems) from None
    aliases, annotations = _annotations(model)
    payload = _payload(model, annotations)
    used = " ".join([*(f.annotation for p in payload.parts for f in p.fields)])
    typing_names = {"TypedDict"}
    if aliases:
        typing_names |= {"Literal", "TypeAlias"}
    if re.search(r"\bAny\b", used):
        typing_names.add("Any")
    return ModelModule(
        model_id=model.model_id,
        python_name=model.python_name,
        class_name=model.class_name,
        docstring=module_docstring(model),
        plan=plan,
        aliases=tuple(aliases),
        payload=payload,
        typing_names=tuple(sorted(typing_names)),
        validate_docstring=validate_docstring(model.title),
    )


# Types -------------------------------------------------------------------------------


def _annotations(model: ModelView) -> tuple[list[LiteralAlias], list[str]]:
    """Literal aliases for the enums, and each parameter's wire annotation."""
    payload_name = f"{model.class_name}Payload"
    taken = {
        payload_name,
        f"_{payload_name}",
        f"_{payload_name}Required",
        f"_{payload_name}Optional",
    }
    taken |= {"Any", "Literal", "TypeAlias", "TypedDict", "annotations", "re", "validate"}
    names = iter(
        naming.unique(
            (
                (model.class_name + naming.class_name(p.python_name))[:_MAX_ALIAS]
                for p in model.params
                if _literal_values(p.schema)
            ),
            taken,
        )
    )
    aliases: list[LiteralAlias] = []
    annotations: list[str] = []
    for param in model.params:
        values = _literal_values(param.schema)
        alias = None
        if values:
            alias = LiteralAlias(next(names), values)
            aliases.append(alias)
        annotations.append(_annotation(param.schema, alias.name if alias else None))
    return aliases, annotations


def _enum_of(schema: Any) -> Any:
    """The enum a Literal can stand for: the value's, or its items' for an array."""
    if not isinstance(schema, dict):
        return None
    if _single_type(schema) == "array":
        items = schema.get("items")
        return items.get("enum") if isinstance(items, dict) else None
    return schema.get("enum")


def _literal_values(schema: Any) -> tuple[str, ...]:
    values = _enum_of(schema)
    if not isinstance(values, list) or not values:
        return ()
    if not all(v is None or isinstance(v, (str, int)) for v in values):
        return ()  # floats, arrays and objects have no Literal form
    return tuple(dict.fromkeys(py_json(v) for v in values))


def _single_type(schema: dict[str, Any]) -> str | None:
    declared = schema.get("type")
    return declared if isinstance(declared, str) else None


def _annotation(schema: Any, alias: str | None) -> str:
    if not isinstance(schema, dict):
        return "Any"
    declared = schema.get("type")
    if isinstance(declared, list):
        return " | ".join(_annotation({"type": t}, None) for t in declared) or "Any"
    if declared == "array":
        items = schema.get("items")
        return f"list[{alias or _annotation(items, None) if isinstance(items, dict) else 'Any'}]"
    if alias:
        return alias
    if declared == "object":
        return "dict[str, Any]"
    return _SCALAR_TYPES.get(str(declared), "Any")


def _payload(model: ModelView, annotations: list[str]) -> Payload:
    name = f"{model.class_name}Payload"
    docstring = _docstring(
        _wrap(
            doc_text(
                f"The wire payload of {model.title} (`{model.model_id}`), as sent to the API."
            ),
            7,
        ),
        4,
        [
            "Keys are the API's own. `validate` checks a payload against the schema at run time.",
        ],
    )
    required = [(p, a) for p, a in zip(model.params, annotations, strict=True) if p.required]
    optional = [(p, a) for p, a in zip(model.params, annotations, strict=True) if not p.required]
    class_syntax = all(
        _FIELD_NAME.fullmatch(p.wire_name)
        and not keyword.iskeyword(p.wire_name)
        and len(f"    {p.wire_name}: {a}") <= LINE_LENGTH
        for p, a in zip(model.params, annotations, strict=True)
    )
    if class_syntax:
        parts: list[PayloadPart] = []
        bases: tuple[str, ...] = ("TypedDict",)
        if required and optional:
            parts.append(
                PayloadPart(f"_{name}Required", ("TypedDict",), True, _fields(required, 4))
            )
            bases = (f"_{name}Required",)
        fields = _fields(optional or required, 4)
        total = not optional
        public_bases = (*bases, "total=False") if not total else bases
        parts.append(PayloadPart(name, public_bases, total, fields, docstring))
        return Payload(name, False, tuple(parts), (), docstring)
    parts = []
    for part, params, total in (("Required", required, True), ("Optional", optional, False)):
        if params or (total and not optional):
            fields = _fields(params, 8, literal=True)
            noqa = all(_ruff_field_name(p.wire_name) for p, _ in params)
            parts.append(PayloadPart(f"_{name}{part}", (), total, fields, noqa=noqa))
    return Payload(name, True, tuple(parts), tuple(p.name for p in parts), docstring)


def _ruff_field_name(key: str) -> bool:
    """A key ruff's UP013 takes for a class field (it skips keywords and dunder names)."""
    return key.isidentifier() and not keyword.iskeyword(key) and not key.startswith("__")


def _fields(params: list[Any], indent: int, literal: bool = False) -> tuple[Field, ...]:
    fields = []
    for param, annotation in params:
        comment = (
            tuple(_wrap(_comment_text(param.description), indent + 2)) if param.description else ()
        )
        fields.append(
            Field(
                param.wire_name,
                _fitting_annotation(param.wire_name, annotation, indent, literal),
                comment,
            )
        )
    return tuple(fields)


def _fitting_annotation(key: str, annotation: str, indent: int, literal: bool) -> str:
    """Black would split a too long `"key": list[str],` at its brackets; a string
    annotation (a forward reference, same type) leaves nothing to split."""
    line = f"{py_ascii(key) if literal else key}: {annotation},"
    if indent + len(line) <= LINE_LENGTH or "[" not in annotation:
        return annotation
    return py_ascii(annotation)


# Text --------------------------------------------------------------------------------


def _visible(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _comment_text(text: str) -> str:
    """Upstream text for `#` comments: one line, invisible characters as escapes."""
    return _INVISIBLE.sub(lambda m: _visible(m.group()), " ".join(str(text).split()))


def doc_text(text: str) -> str:
    """Upstream text for a docstring: one line, backslashes and invisible characters as
    visible escapes, and no quote that could end the docstring."""
    line = " ".join(str(text).split()).replace("\\", "\\\\")
    line = _INVISIBLE.sub(lambda m: "\\" + _visible(m.group()), line)
    # no quote run that could close the docstring, nor a quote at either end of it
    return re.sub(r'^"|"(?="|$)', '\\\\"', line)


def _wrap(text: str, indent: int) -> list[str]:
    return textwrap.wrap(
        text, width=max(LINE_LENGTH - indent, 20), break_long_words=False, break_on_hyphens=False
    )


def _docstring(summary: list[str], indent: int, paragraphs: list[str]) -> str:
    """A docstring at `indent`: summary lines, blank, wrapped paragraphs, closing quotes."""
    pad = " " * indent
    lines = [f'{pad}"""{summary[0]}', *(pad + s for s in summary[1:])]
    for paragraph in paragraphs:
        lines.append("")
        lines += [pad + line for line in _wrap(paragraph, indent)]
    lines.append(f'{pad}"""')
    return "\n".join(lines)


def module_docstring(model: ModelView) -> str:
    title = doc_text(
        f"{model.title} (`{model.model_id}`): wire payload type and offline validator."
    )
    summary = _wrap(title, 3)
    paragraphs = [doc_text(model.description)] if model.description else []
    paragraphs.append(
        "`validate(payload)` returns every error in the payload, [] when it is valid; it "
        "imports only the standard library. See `scenario_models._validation` for the "
        "semantics (JSON Schema 2020-12, NaN and infinities rejected)."
    )
    return _docstring(summary, 0, paragraphs) + "\n"


def validate_docstring(title: str) -> str:
    summary = _wrap(doc_text(f"Every error in a {title} payload, in schema order; [] if valid."), 7)
    lenient = (
        "With `lenient=True`, unknown properties and values outside an enum are warnings "
        '(severity "warning"), for clients that lag behind the API.'
    )
    return _docstring(summary, 4, [doc_text(lenient)])
