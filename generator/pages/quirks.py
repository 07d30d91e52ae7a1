"""Upstream quirks a caller can live with: a parameter whose default contradicts the rest
of its row. Each is a warning; the schema keeps what the page says."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from generator.pages.model import JsonValue, Param
from generator.upstream_types import UpstreamType


def report(param: Param, kind: UpstreamType, warn: Callable[[str], None]) -> None:
    if param.default is None:
        return
    for check in _CHECKS:
        for message in check(param, kind, param.default):
            warn(message)


def _required(param: Param, kind: UpstreamType, default: JsonValue) -> Iterator[str]:
    if param.required:
        yield f"a required parameter has a default ({default!r})"


def _not_allowed(param: Param, kind: UpstreamType, default: JsonValue) -> Iterator[str]:
    allowed = param.allowed
    if allowed is None:
        return
    for value in default if isinstance(default, list) else [default]:
        if not any(same(value, a) for a in allowed):
            yield f"default {value!r} is not among the allowed values"


def _out_of_bounds(param: Param, kind: UpstreamType, default: JsonValue) -> Iterator[str]:
    """Numbers against Min/Max; text and arrays by their length, which Min/Max count."""
    low, high = param.minimum, param.maximum
    if kind.holds == "number":
        for value in default if isinstance(default, list) else [default]:
            if isinstance(value, (int, float)) and _outside(value, low, high):
                yield f"default {value!r} is outside [{low}, {high}]"
    elif isinstance(default, (str, list)) and _outside(len(default), low, high):
        yield f"default has length {len(default)}, outside [{low}, {high}]"


_CHECKS = (_required, _not_allowed, _out_of_bounds)


def same(a: object, b: object) -> bool:
    """JSON equality: `true` is not `1`."""
    return json_key(a) == json_key(b)


def json_key(value: object) -> tuple[bool, object]:
    """A key equal for JSON-equal scalars (`1` and `1.0`), apart for `true` and `1`."""
    return isinstance(value, bool), value


def _outside(value: int | float, low: int | float | None, high: int | float | None) -> bool:
    return (low is not None and value < low) or (high is not None and value > high)
