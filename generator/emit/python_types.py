"""The one mapping from a property schema to its Python annotations and `Literal` alias.

A property has two annotations. The wire one types the payload `TypedDict` (`list[str]`,
`dict[str, Any]`); the argument one types the client method and accepts whatever the
client turns into that wire value (any `Sequence`, any `Mapping`, and for a file input a
local path too: `FileInput`). Allowed values that Python's `Literal` can hold get a named
alias, defined once, in the model's module, and used by both annotations.

Hand-written schemas get the same treatment: a list of types is a union, `anyOf` /
`oneOf` a union of their branches, `const` a one-value `Literal`, a nested object a
`dict[str, Any]`; whatever has no Python type here is `Any`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from generator import naming
from generator.upstream_types import upstream_type_of
from generator.validation.literals import py_json

_SCALARS = {"string": "str", "number": "float", "integer": "int", "boolean": "bool", "null": "None"}


@dataclass(frozen=True)
class LiteralAlias:
    """A module-level `Name = Literal[...]` (an implicit alias: black and ruff format an
    annotated one differently when its name is long)."""

    name: str
    values: tuple[str, ...]
    """Each allowed value as a Python literal (ASCII only)."""


@dataclass(frozen=True)
class PythonType:
    wire: str
    """The payload's annotation: `list[Trellis2Resolution]`, `dict[str, Any]`."""
    argument: str
    """The client argument's: `Sequence[FileInput]`, `Mapping[str, Any]`."""
    alias: LiteralAlias | None
    """The `Literal` alias the annotations name, defined in the model's module."""
    names: frozenset[str]
    """The imported names the annotations use: `Any`, `Sequence`, `FileInput`, ..."""
    nullable: bool
    """None is one of the values already (`str | None`, `Literal["a", None]`, `Any`)."""

    @property
    def optional_argument(self) -> str:
        """The argument's annotation when it may be left out (None)."""
        return self.argument if self.nullable else f"{self.argument} | None"


@dataclass(frozen=True)
class _Annotations:
    wire: str
    argument: str
    names: frozenset[str] = frozenset()
    nullable: bool = False


_ANY = _Annotations("Any", "Any", frozenset({"Any"}), nullable=True)


def literal_values(schema: Any) -> tuple[str, ...]:
    """The `enum` (or `const`) of a schema as Python literals, if `Literal` can hold them
    all (str, int, bool, None); else ()."""
    if not isinstance(schema, dict):
        return ()
    values = schema.get("enum", [schema["const"]] if "const" in schema else None)
    if not isinstance(values, list) or not values:
        return ()
    if not all(
        v is None or (isinstance(v, (str, int)) and not isinstance(v, float)) for v in values
    ):
        return ()
    return tuple(dict.fromkeys(py_json(v) for v in values))


def alias_values(schema: Any) -> tuple[str, ...]:
    """The values of a property's alias: its own allowed values, else its items'."""
    own = literal_values(schema)
    if own or not isinstance(schema, dict) or schema.get("type") != "array":
        return own
    return literal_values(schema.get("items"))


def python_type(schema: Any, alias: LiteralAlias | None = None) -> PythonType:
    """The annotations of a property; `alias` names its `alias_values`, when it has some."""
    is_file = isinstance(schema, dict) and upstream_type_of(schema).is_file
    annotations = _annotate(schema, alias, is_file)
    return PythonType(
        annotations.wire, annotations.argument, alias, annotations.names, annotations.nullable
    )


def model_types(
    class_name: str, properties: Sequence[tuple[str, Any]], taken: Iterable[str]
) -> list[PythonType]:
    """The types of a model's properties, given as (Python name, schema): each alias
    named `<ClassName><Property>`, whole, unique in the module and clear of `taken`."""
    names = iter(
        naming.unique(
            (
                class_name + naming.class_name(python_name)
                for python_name, schema in properties
                if alias_values(schema)
            ),
            taken,
        )
    )
    types = []
    for _, schema in properties:
        values = alias_values(schema)
        types.append(python_type(schema, LiteralAlias(next(names), values) if values else None))
    return types


def _annotate(schema: Any, alias: LiteralAlias | None, is_file: bool) -> _Annotations:
    if not isinstance(schema, dict):
        return _ANY
    if alias is not None and literal_values(schema):
        return _Annotations(alias.name, alias.name, nullable="None" in alias.values)
    declared = schema.get("type")
    if isinstance(declared, list):
        return _union([_annotate_type(schema, t, alias, is_file) for t in declared])
    if isinstance(declared, str):
        return _annotate_type(schema, declared, alias, is_file)
    branches = schema.get("anyOf", schema.get("oneOf"))
    if isinstance(branches, list) and branches:
        return _union([_annotate(branch, None, is_file) for branch in branches])
    return _ANY


def _annotate_type(
    schema: dict[str, Any], json_type: Any, alias: LiteralAlias | None, is_file: bool
) -> _Annotations:
    if json_type == "array":
        items = schema.get("items")
        item = _annotate(items, alias, is_file) if isinstance(items, dict) else _ANY
        return _Annotations(
            f"list[{item.wire}]", f"Sequence[{item.argument}]", item.names | {"Sequence"}
        )
    if json_type == "object":
        return _Annotations("dict[str, Any]", "Mapping[str, Any]", frozenset({"Any", "Mapping"}))
    if json_type == "string" and is_file:
        return _Annotations("str", "FileInput", frozenset({"FileInput"}))
    scalar = _SCALARS.get(json_type) if isinstance(json_type, str) else None
    return _Annotations(scalar, scalar, nullable=scalar == "None") if scalar else _ANY


def _union(parts: list[_Annotations]) -> _Annotations:
    if any(part.wire == "Any" for part in parts) or not parts:
        return _ANY
    wire = " | ".join(dict.fromkeys(part.wire for part in parts))
    argument = " | ".join(dict.fromkeys(part.argument for part in parts))
    names = frozenset().union(*(part.names for part in parts))
    return _Annotations(wire, argument, names, any(part.nullable for part in parts))
