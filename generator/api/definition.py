"""A model definition as the API gives it, typed: what `read.py` makes of a `*.model.json`.

Only what the schema needs is kept; UI-only fields (`label`, `hint`, `group`, ...) are not.
A rule (`required.ifDefined`, `ifNotDefined`, `conditional`) keeps the API's own message,
so the validator can say what the server would say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

RuleKind = Literal["ifDefined", "ifNotDefined", "conditional"]
Operator = Literal["and", "or"]

FILE_KINDS = ("3d", "audio", "document", "image", "image-hdr", "json", "text", "video")
"""`ModelInput.kind`: the asset kinds a file input takes."""

SUFFIX = ".model.json"
"""How a definition's file name ends: `<modelId>.model.json`."""


@dataclass(frozen=True)
class Condition:
    """One input a rule looks at, and (for `conditional`) the values that trigger it."""

    input: str
    values: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Rule:
    """When an input is required, besides `always`: one entry of the API's `required`."""

    kind: RuleKind
    target: str
    """The input this rule makes required."""
    conditions: tuple[Condition, ...]
    operator: Operator
    """How several conditions combine (`conditional` only; the others have one)."""
    message: str | None
    """The API's own message (`ifDefined` / `ifNotDefined` values); None when it gave none."""
    line: int


@dataclass(frozen=True)
class Input:
    """One `ModelInput`."""

    name: str
    type: str
    """One of the upstream types (upstream_types.py), as the pages name them too."""
    line: int
    description: str | None = None
    default: Any = None
    """None: no default (a JSON `null` default means none)."""
    allowed: tuple[Any, ...] | None = None
    minimum: int | float | None = None
    """`min`: a number's least value, an array's least item count (a number_array's items)."""
    maximum: int | float | None = None
    min_length: int | None = None
    """`minLength`: characters for string and model, items for the array types."""
    max_length: int | None = None
    step: int | float | None = None
    kind: str | None = None
    max_size: int | None = None
    """Bytes."""
    min_duration: int | float | None = None
    """Seconds."""
    max_duration: int | float | None = None
    model_types: tuple[str, ...] | None = None
    always: bool = False
    rules: tuple[Rule, ...] = ()
    inputs: tuple[Input, ...] | None = None
    """The fields of each object of an `inputs_array`."""


@dataclass(frozen=True)
class Definition:
    source: str
    """The file's path as given: used in messages, never in output."""
    name: str
    """The file's name: the only part of its location that reaches the output."""
    sha256: str
    model_id: str
    line: int
    """The line of the model's `id`."""
    title: str
    description: str | None
    capabilities: tuple[str, ...]
    updated_at: str | None
    inputs: tuple[Input, ...]
