"""The JSON Schema vocabulary the validator compiler understands: one entry per keyword.

Each keyword is one small object (the way jsonschema keeps one function per keyword and
fastjsonschema one generator method per keyword) that holds all the compiler needs of it:
- `problem`: why a value of the keyword is malformed (None when it is well formed);
- `subschemas`: the schemas it holds (applicators), for reading and compiling them;
- `argument`: how it reaches the runtime's `Keywords(...)`, which `check` reads;
- `fast_test`: its conjunct of a value's inline fast test, for the types it constrains.
Adding a keyword is adding an entry to `VOCABULARY`; applicators are compiled by
`compiler.py`, which reads their subschemas from here.

Every other keyword of a schema is an annotation that asserts nothing, or an `x-`
extension. Anything else is refused by name: a keyword silently ignored would make a
validator accept what the schema forbids.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from generator.runtime._validation import JSON_TYPES, is_number, json_type
from generator.validation.plan import Argument, ConstantKind, Test, TestKind

ANNOTATIONS = ("default", "title", "description", "$schema", "$id", "$comment", "examples")
"""Keywords that carry no assertion: accepted and ignored."""

EXTENSION_PREFIX = "x-"
MESSAGE = "x-scenario-message"
"""An API rule's own message: every error its schema object reports carries it."""

DIALECTS = (
    "https://json-schema.org/draft/2020-12/schema",
    "https://json-schema.org/draft/2020-12/schema#",
)
"""`$schema` values the compiler accepts: its semantics are draft 2020-12's."""

NUMERIC = ("number", "integer")
SCALARS = ("string", "number", "integer", "boolean", "null")


class Constants(Protocol):
    """What a keyword needs of the compiler: module constants for one subschema."""

    def constant(self, suffix: str, kind: ConstantKind, value: Any, json_type: str = "") -> str:
        """A new module constant named after the subschema, holding `value`."""

    def shared(self, keyword: str) -> str:
        """The subschema's constant for `keyword` (enum, pattern), made once."""


def is_json(value: Any) -> bool:
    """A JSON value (no NaN or infinity, string keys), however deep."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return False
        if isinstance(item, list):
            pending += item
        elif isinstance(item, dict):
            if not all(isinstance(k, str) for k in item):
                return False
            pending += item.values()
        elif not (item is None or isinstance(item, (str, int, float, bool))):
            return False
    return True


def count(value: int | float) -> int:
    """`minLength: 2.0` counts like 2."""
    return int(value)


# The keyword kinds ----------------------------------------------------------------------


@dataclass(frozen=True)
class Keyword:
    """An assertion on one value; `check` in the runtime reports it."""

    name: str
    argument: str = ""
    """The runtime `Keywords(...)` argument ("" when it has none)."""
    applies_to: tuple[str, ...] = JSON_TYPES
    """The JSON types whose fast test it adds to (it constrains no other type; `enum` and
    `const` of an array or object are compared by `check`)."""
    expected: str = "a JSON value"
    well_formed: Callable[[Any], bool] = is_json

    def problem(self, value: Any) -> str | None:
        return None if self.well_formed(value) else self.expected

    def subschemas(self, value: Any) -> Iterator[tuple[str, Any]]:
        return iter(())

    def runtime_argument(self, value: Any, constants: Constants) -> Argument | None:
        return Argument(self.argument, value) if self.argument else None

    def fast_test(self, value: Any, subject: str, constants: Constants) -> Test | None:
        return None


@dataclass(frozen=True)
class Type(Keyword):
    expected: str = f"one of {', '.join(JSON_TYPES)} or a non-empty list of them"

    def problem(self, value: Any) -> str | None:
        names = value if isinstance(value, list) else [value]
        if not names or not all(isinstance(n, str) and n in JSON_TYPES for n in names):
            return self.expected
        return "a list of distinct types" if len(set(names)) != len(names) else None

    def runtime_argument(self, value: Any, constants: Constants) -> Argument:
        return Argument(self.argument, type_names(value))


@dataclass(frozen=True)
class Enum(Keyword):
    expected: str = "a list of JSON values (no NaN or infinity)"
    well_formed: Callable[[Any], bool] = lambda value: isinstance(value, list) and is_json(value)

    def runtime_argument(self, value: Any, constants: Constants) -> Argument:
        return Argument(self.argument, constant=constants.shared(self.name))

    def fast_test(self, value: Any, subject: str, constants: Constants) -> Test:
        return Test("in_set", subject, constant=constants.shared("fast_set"))


@dataclass(frozen=True)
class Const(Keyword):
    expected: str = "a JSON value (no NaN or infinity)"

    def runtime_argument(self, value: Any, constants: Constants) -> Argument:
        return Argument(self.argument, constant=constants.constant("CONST", "value", value))

    def fast_test(self, value: Any, subject: str, constants: Constants) -> Test:
        return Test("equals", subject, value=value)


@dataclass(frozen=True)
class Bound(Keyword):
    """A limit on a number, a length or a count; fast tests chain a lower and an upper."""

    lower: bool = True
    inclusive: bool = True
    measure: str = "value"
    """What is compared: the value, or its length (`len`)."""
    expected: str = "a finite number"
    well_formed: Callable[[Any], bool] = is_number

    def runtime_argument(self, value: Any, constants: Constants) -> Argument:
        return Argument(self.argument, value if self.measure == "value" else count(value))

    def fast_test(self, value: Any, subject: str, constants: Constants) -> Test:
        limit = value if self.measure == "value" else count(value)
        kind: TestKind = "range" if self.measure == "value" else "length"
        if self.lower:
            return Test(kind, subject, lower=limit, lower_inclusive=self.inclusive)
        return Test(kind, subject, upper=limit, upper_inclusive=self.inclusive)


def _is_count(value: Any) -> bool:
    return is_number(value) and float(value).is_integer() and value >= 0


@dataclass(frozen=True)
class MultipleOf(Keyword):
    expected: str = "a number greater than 0"
    well_formed: Callable[[Any], bool] = lambda value: is_number(value) and value > 0

    def fast_test(self, value: Any, subject: str, constants: Constants) -> Test:
        return Test("multiple_of", subject, value=value)


@dataclass(frozen=True)
class Pattern(Keyword):
    expected: str = "a regular expression (a string)"
    well_formed: Callable[[Any], bool] = lambda value: isinstance(value, str)

    def runtime_argument(self, value: Any, constants: Constants) -> Argument:
        return Argument(self.argument, constant=constants.shared(self.name))

    def fast_test(self, value: Any, subject: str, constants: Constants) -> Test:
        return Test("matches", subject, constant=constants.shared(self.name))


def regex_problem(value: str) -> str | None:
    """Why Python's `re` cannot take `value` (the compiler refuses it as unsupported)."""
    try:
        re.compile(value)
    except re.error as exc:
        return f"{value!r} is not a regular expression Python's re supports: {exc}"
    return None


@dataclass(frozen=True)
class Flag(Keyword):
    """A boolean keyword that asserts only one way: `uniqueItems: true`, `items: false`."""

    asserting: bool = True
    """The value that asserts something (the other one asserts nothing)."""
    test: TestKind = "unique"
    expected: str = "true or false"
    well_formed: Callable[[Any], bool] = lambda value: isinstance(value, bool)

    def runtime_argument(self, value: Any, constants: Constants) -> Argument | None:
        return Argument(self.argument, True) if value is self.asserting else None

    def fast_test(self, value: Any, subject: str, constants: Constants) -> Test | None:
        return Test(self.test, subject) if value is self.asserting else None


@dataclass(frozen=True)
class Items(Flag):
    """`items`: a schema for every item; `false` (no item at all) is a check of the array."""

    asserting: bool = False
    test: TestKind = "empty"
    expected: str = "a schema"
    well_formed: Callable[[Any], bool] = lambda value: True  # read as a subschema

    def subschemas(self, value: Any) -> Iterator[tuple[str, Any]]:
        yield "", value


@dataclass(frozen=True)
class Applicator(Keyword):
    """A keyword that applies subschemas: compiled by the compiler, not by `check`."""

    shape: str = "schema"
    """What the value holds: one `schema`, a `list` of them, or a `map` of them by name."""
    expected: str = "a schema"
    well_formed: Callable[[Any], bool] = lambda value: True

    def problem(self, value: Any) -> str | None:
        if self.shape == "list" and not (isinstance(value, list) and value):
            return "a non-empty list of schemas"
        if self.shape == "map" and not isinstance(value, dict):
            return "an object of schemas"
        return None

    def subschemas(self, value: Any) -> Iterator[tuple[str, Any]]:
        if self.shape == "schema":
            yield "", value
        elif self.shape == "list" and isinstance(value, list):
            yield from ((f"/{n}", sub) for n, sub in enumerate(value))
        elif self.shape == "map" and isinstance(value, dict):
            yield from ((f"/{escape_pointer(k)}", sub) for k, sub in value.items())


def _is_names(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(n, str) for n in value)


@dataclass(frozen=True)
class DependentRequired(Applicator):
    expected: str = "an object of lists of property names"

    def problem(self, value: Any) -> str | None:
        if isinstance(value, dict) and all(_is_names(v) for v in value.values()):
            return None
        return self.expected

    def subschemas(self, value: Any) -> Iterator[tuple[str, Any]]:
        return iter(())  # lists of names, not schemas


def escape_pointer(token: str) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


# The vocabulary -----------------------------------------------------------------------

_COUNT: dict[str, Any] = {"expected": "a non-negative integer", "well_formed": _is_count}
_STRING = ("string",)
_ARRAY = ("array",)
_OBJECT = ("object",)

VOCABULARY: tuple[Keyword, ...] = (
    Type("type", "types"),
    Enum("enum", "enum", SCALARS),
    Const("const", "const", SCALARS),
    Bound("minimum", "minimum", NUMERIC),
    Bound("maximum", "maximum", NUMERIC, lower=False),
    Bound("exclusiveMinimum", "exclusive_minimum", NUMERIC, inclusive=False),
    Bound("exclusiveMaximum", "exclusive_maximum", NUMERIC, lower=False, inclusive=False),
    MultipleOf("multipleOf", "multiple_of", NUMERIC),
    Bound("minLength", "min_length", _STRING, measure="len", **_COUNT),
    Bound("maxLength", "max_length", _STRING, lower=False, measure="len", **_COUNT),
    Pattern("pattern", "pattern", _STRING),
    Bound("minItems", "min_items", _ARRAY, measure="len", **_COUNT),
    Bound("maxItems", "max_items", _ARRAY, lower=False, measure="len", **_COUNT),
    Flag("uniqueItems", "unique_items", _ARRAY, test="unique"),
    Items("items", "no_items", _ARRAY),
    Applicator("properties", applies_to=_OBJECT, shape="map", expected="an object of schemas"),
    Keyword(
        "required", applies_to=_OBJECT, expected="a list of property names", well_formed=_is_names
    ),
    Applicator("additionalProperties", applies_to=_OBJECT),
    DependentRequired("dependentRequired", applies_to=_OBJECT),
    Applicator("dependentSchemas", applies_to=_OBJECT, shape="map"),
    Applicator("allOf", shape="list"),
    Applicator("anyOf", shape="list"),
    Applicator("oneOf", shape="list"),
    Applicator("not"),
    Applicator("if"),
    Applicator("then"),
    Applicator("else"),
)
"""Every supported keyword; the order of the runtime checks is the order of this table."""

KEYWORDS: dict[str, Keyword] = {keyword.name: keyword for keyword in VOCABULARY}
ASSERTIONS = tuple(KEYWORDS)
"""The supported keywords, assertions and applicators alike."""


def is_known(keyword: object) -> bool:
    return isinstance(keyword, str) and (
        keyword in KEYWORDS or keyword in ANNOTATIONS or keyword.startswith(EXTENSION_PREFIX)
    )


def type_names(declared: str | list[str]) -> tuple[str, ...]:
    """A `type` value as a tuple: `"string"` -> `("string",)`."""
    return tuple(declared) if isinstance(declared, list) else (declared,)


def declared_types(schema: dict[str, Any]) -> tuple[str, ...]:
    """The schema's `type`, as a tuple ((): any type)."""
    declared = schema.get("type")
    return () if declared is None else type_names(declared)


def value_type(value: Any) -> str:
    """The JSON type of a schema's value (`const`)."""
    return json_type(value)


@dataclass(frozen=True)
class SchemaProblem:
    pointer: str
    """JSON Pointer of the subschema, as a URI fragment: `#/properties/seed`."""
    message: str
    keyword: str | None = None
    """The keyword at fault, when there is one."""
    unsupported: bool = False
    """The keyword is outside the supported vocabulary (rather than malformed)."""

    def __str__(self) -> str:
        return self.message if self.pointer == "#" else f"{self.pointer}: {self.message}"


class SchemaError(ValueError):
    """A schema the compiler cannot turn into a validator; carries every problem found."""

    def __init__(self, problems: list[SchemaProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    @property
    def unsupported_keywords(self) -> tuple[str, ...]:
        """The keywords outside the vocabulary, in order of appearance, once each."""
        found = (p.keyword for p in self.problems if p.unsupported and p.keyword)
        return tuple(dict.fromkeys(found))
