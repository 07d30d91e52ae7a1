"""Upstream quirks a caller can live with: a parameter whose default contradicts the rest
of its row. Each is a warning; the schema keeps what the page says."""

from __future__ import annotations

from collections.abc import Callable

from generator.pages.model import Param
from generator.schemas.types import UpstreamType


def report(param: Param, kind: UpstreamType, warn: Callable[[str], None]) -> None:
    default = param.default
    if default is None:
        return
    if param.required:
        warn(f"a required parameter has a default ({default!r})")
    items = default if isinstance(default, list) else [default]
    if param.allowed is not None:
        for value in items:
            if not any(same(value, allowed) for allowed in param.allowed):
                warn(f"default {value!r} is not among the allowed values")
    low, high = param.minimum, param.maximum
    if kind.holds == "number":
        for value in items:
            if isinstance(value, (int, float)) and _outside(value, low, high):
                warn(f"default {value!r} is outside [{low}, {high}]")
    elif isinstance(default, (str, list)) and _outside(len(default), low, high):
        warn(f"default has length {len(default)}, outside [{low}, {high}]")


def same(a: object, b: object) -> bool:
    """JSON equality: `true` is not `1`."""
    return a == b and isinstance(a, bool) == isinstance(b, bool)


def _outside(value: int | float, low: int | float | None, high: int | float | None) -> bool:
    return (low is not None and value < low) or (high is not None and value > high)
