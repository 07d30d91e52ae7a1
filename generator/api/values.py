"""How one value of a definition is read: each field's converter (raising `Invalid` with
what was expected), and whether a value fits an upstream type."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any, cast

from generator.api.definition import FILE_KINDS
from generator.upstream_types import UPSTREAM_TYPES


class Invalid(ValueError):
    """A value that is not what its field holds; the text says what was expected."""


def text(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("a string")
    return value


def number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise Invalid("a number")
    return value


def at_least_zero(value: Any) -> int | float:
    found = number(value)
    if found < 0:
        raise Invalid("a number of at least 0")
    return found


def count(value: Any) -> int:
    found = number(value)
    if found < 0 or found != int(found):
        raise Invalid("a whole number of at least 0")
    return int(found)


def kind(value: Any) -> str:
    if value not in FILE_KINDS:
        raise Invalid("one of " + ", ".join(FILE_KINDS))
    return cast(str, value)


def strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise Invalid("a list of strings")
    return tuple(value)


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("true or false")
    return value


_VALUE_TYPES: dict[str, Callable[[Any], bool]] = {
    "text": lambda v: isinstance(v, str),
    "asset": lambda v: isinstance(v, str),
    "model": lambda v: isinstance(v, str),
    "number": lambda v: not isinstance(v, bool) and isinstance(v, (int, float)),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
}
"""Whether a value fits one value of an upstream type (upstream_types.py `holds`)."""


def fits_value(type_name: str, value: Any) -> bool:
    """`value` is one value (an item, for the array types) of the type."""
    return _VALUE_TYPES[UPSTREAM_TYPES[type_name].holds](value)


def fits(type_name: str, value: Any) -> bool:
    """`value` is a whole value of the type (a list of fitting items for the array types)."""
    if UPSTREAM_TYPES[type_name].is_array:
        return isinstance(value, list) and all(fits_value(type_name, item) for item in value)
    return fits_value(type_name, value)


def shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."
