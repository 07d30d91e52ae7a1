"""The parsed models: what a page says, typed, before it becomes a schema."""

from __future__ import annotations

from dataclasses import dataclass

JsonScalar = str | int | float | bool
JsonValue = JsonScalar | list[JsonScalar]


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    description: str | None
    line: int
    default: JsonValue | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    allowed: tuple[JsonScalar, ...] | None = None


@dataclass(frozen=True)
class Model:
    id: str
    name: str
    description: str | None
    capabilities: tuple[str, ...]
    provider: str
    kind: str
    params: tuple[Param, ...]
    line: int


@dataclass(frozen=True)
class Page:
    source: str
    """The page's path as given: used in messages, never in output."""
    name: str
    """The page's file name: the only part of its location that reaches the output."""
    provider: str
    kind: str
    last_updated: str | None
    sha256: str
    models: tuple[Model, ...]
