"""The generated package `scenario_models`: its files, and one module per model.

Writes the package skeleton (`pyproject.toml`, README, `py.typed`), the runtime modules
(copied from `generator.runtime`), the index of the models (`models/__init__.py`) and one
module per model, which holds everything about that model: its `MODEL_ID` and
`METHOD_NAME`, its `Literal` aliases, its wire `TypedDict`, its `FILES`, its
straight-line `validate` (compiled from the schema by `generator.validation`) and its
client methods (`Methods`, `AsyncMethods`; `client.py` composes them into `Client`).
Upstream text reaches the code only as escaped literals, docstring text or comments.
"""

from __future__ import annotations

import keyword
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator import __version__, naming
from generator.emit import client
from generator.emit.python_text import comment, doc_text, docstring
from generator.emit.python_types import LiteralAlias, PythonType, model_types
from generator.emit.runtime import runtime_files
from generator.emit.view import ModelView
from generator.problems import InputError, Problem
from generator.render import Renderer
from generator.validation import SchemaError, compile_schema
from generator.validation.literals import py_ascii
from generator.validation.plan import Plan
from generator.validation.source import HEADER, install

ROOT = "generated/python"
PACKAGE = f"{ROOT}/scenario_models"
TEMPLATES = "python/scenario_models"

MODULE_NAMES = frozenset(
    {
        "Any",
        "AsyncJob",
        "AsyncMethods",
        "AsyncModelMethods",
        "FILES",
        "FileInput",
        "FileParameter",
        "Job",
        "Literal",
        "METHOD_NAME",
        "MODEL_ID",
        "Mapping",
        "Methods",
        "ModelMethods",
        "Payload",
        "Sequence",
        "TypedDict",
    }
)
"""Names a model's module defines or imports: no `Literal` alias may take them."""
_TYPING_ORDER = ("TYPE_CHECKING", "Any", "Literal", "TypedDict")
"""The `typing` names a module may import, in isort's order."""


@dataclass(frozen=True)
class Field:
    key: str
    """The wire name: an identifier in the class form, a literal in the functional form."""
    annotation: str
    comment: tuple[str, ...]
    """The description, as `# ...` lines."""


@dataclass(frozen=True)
class Payload:
    """The wire TypedDict, `<ClassName>Payload`: class syntax when every key can be a
    class field, else the functional form. With both required and optional keys, the
    required ones are in a base (`_<Name>Required`)."""

    name: str
    class_syntax: bool
    required: tuple[Field, ...]
    optional: tuple[Field, ...]
    docstring: str

    @property
    def parts(self) -> list[tuple[str, tuple[Field, ...], bool]]:
        """The functional form's parts, (name suffix, fields, total), empty ones left out."""
        parts = [("Required", self.required, True), ("Optional", self.optional, False)]
        return [part for part in parts if part[1]] or parts[:1]


@dataclass(frozen=True)
class ModelModule:
    model_id: str
    title: str
    python_name: str
    docstring: str
    plan: Plan
    aliases: tuple[LiteralAlias, ...]
    payload: Payload
    method: client.Method
    typing_names: tuple[str, ...]
    abc_names: tuple[str, ...]
    uses_file_input: bool
    validate_docstring: str

    @property
    def model_id_literal(self) -> str:
        return py_ascii(self.model_id)


def emit(models: Sequence[ModelView], renderer: Renderer) -> dict[str, str]:
    install(renderer)
    modules = [model_module(model) for model in models]
    context: dict[str, Any] = {"header": HEADER, "modules": modules, "version": __version__}
    files = {
        f"{ROOT}/pyproject.toml": renderer.render("python/pyproject.toml.j2", **context),
        f"{ROOT}/README.md": renderer.render("python/README.md.j2", **context),
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
    payload_name = f"{model.class_name}Payload"
    taken = MODULE_NAMES | naming.BUILTIN_CLASS_NAMES
    taken |= {payload_name, f"_{payload_name}Required", f"_{payload_name}Optional"}
    types = model_types(model.class_name, [(p.python_name, p.schema) for p in model.params], taken)
    names = frozenset().union(*(t.names for t in types))
    aliases = tuple(t.alias for t in types if t.alias is not None)
    typing_names = {"Any"} & names | {"TYPE_CHECKING", "TypedDict"}
    if aliases:
        typing_names.add("Literal")
    return ModelModule(
        model_id=model.model_id,
        title=model.title,
        python_name=model.python_name,
        docstring=module_docstring(model),
        plan=plan,
        aliases=aliases,
        payload=payload(model, payload_name, types),
        method=client.method(model, types),
        typing_names=tuple(name for name in _TYPING_ORDER if name in typing_names),
        abc_names=tuple(sorted({"Mapping"} | {"Sequence"} & names)),
        uses_file_input="FileInput" in names,
        # The validator template writes the docstring as it comes, indentation included.
        validate_docstring="    "
        + docstring(
            doc_text(f"Every error in a {model.title} payload, in schema order; [] if valid."),
            [
                "With `lenient=True`, unknown properties and values outside an enum are "
                'warnings (severity "warning"), for clients that lag behind the API.'
            ],
            indent=4,
        ),
    )


def payload(model: ModelView, name: str, types: Sequence[PythonType]) -> Payload:
    class_syntax = all(_class_field(p.wire_name) for p in model.params)
    fields = [
        Field(
            p.wire_name if class_syntax else py_ascii(p.wire_name),
            t.wire,
            tuple(comment(p.description, 4 if class_syntax else 8)) if p.description else (),
        )
        for p, t in zip(model.params, types, strict=True)
    ]
    required = [f for f, p in zip(fields, model.params, strict=True) if p.required]
    optional = [f for f, p in zip(fields, model.params, strict=True) if not p.required]
    summary = doc_text(
        f"The wire payload of {model.title} (`{model.model_id}`), as sent to the API."
    )
    note = "Keys are the API's own. `validate` checks a payload against the schema at run time."
    return Payload(
        name,
        class_syntax,
        tuple(required),
        tuple(optional),
        docstring(summary, [note], indent=4),
    )


def _class_field(key: str) -> bool:
    """A key that can be a class field: an identifier, no keyword, and no `__` start
    (Python would mangle it; ruff's UP013 leaves such a functional TypedDict alone)."""
    return key.isidentifier() and not keyword.iskeyword(key) and not key.startswith("__")


def module_docstring(model: ModelView) -> str:
    summary = doc_text(
        f"{model.title} (`{model.model_id}`): wire payload type, offline validator and "
        "client methods."
    )
    paragraphs = [doc_text(model.description)] if model.description else []
    paragraphs.append(
        "`validate(payload)` returns every error in the payload, [] when it is valid; it "
        "imports only the standard library. See `scenario_models._validation` for the "
        "semantics (JSON Schema 2020-12, NaN and infinities rejected). `Methods` and "
        "`AsyncMethods` hold the model's method of `Client` and `AsyncClient`; `MODEL_ID`, "
        "`METHOD_NAME`, `Payload` (the wire type) and `FILES` (the file arguments by wire "
        "name) describe it."
    )
    return docstring(summary, paragraphs)
