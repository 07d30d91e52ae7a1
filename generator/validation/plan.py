"""The intermediate description of a validator: what to check, where, in which order.

The compiler (`compiler.py`) builds a `Plan` from a schema; the Jinja2 macros in
`templates/python/validation/` render it as straight-line Python. Nothing here is code:
names are compiler-made identifiers, and schema values stay values until a literal filter
renders them.

Every value gets a fast test (`tests`, true for the common valid case, cheap, inline) and
the runtime's `check(errors, path, value, keywords)` when the fast test fails, where
`keywords` is a module constant built once from the node's keywords: `check` then reports
every keyword the value breaks, or nothing when the fast test was merely conservative (an
`int` subclass, `1.0` for an integer, ...). For the commonest keyword sets the node names
a narrower runtime function with the same verdicts and less work (`Checker`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from generator.runtime._validation import member

NodeKind = Literal["anything", "nothing", "leaf", "array", "object", "mixed"]
"""How a value is checked:
- anything: nothing to check (`true`, `{}`, annotations only);
- nothing: every value fails (`false`);
- leaf: one scalar type (or a bare array/object): a single fast test, else `check`;
- array / object: one container type: `isinstance`, its own tests, then its members;
- mixed: several types or none: always `check`, then members of whichever container.
"""


@dataclass(frozen=True)
class Segment:
    kind: Literal["key", "index", "dynamic_key"]
    value: str
    """The property name for `key`; the loop variable for `index` and `dynamic_key`."""


@dataclass(frozen=True)
class Path:
    """Where a value sits, as JSONPath: static property names and loop variables."""

    segments: tuple[Segment, ...] = ()

    def key(self, name: str) -> Path:
        return Path((*self.segments, Segment("key", name)))

    def index(self, variable: str) -> Path:
        return Path((*self.segments, Segment("index", variable)))

    def dynamic_key(self, variable: str) -> Path:
        return Path((*self.segments, Segment("dynamic_key", variable)))

    @property
    def is_static(self) -> bool:
        return all(s.kind == "key" for s in self.segments)

    def pieces(self, runtime: str) -> list[tuple[str, str]]:
        """("text", JSONPath text) and ("expr", Python expression) pieces, in order."""
        pieces: list[tuple[str, str]] = [("text", "$")]
        for segment in self.segments:
            if segment.kind == "key":
                pieces.append(("text", member(segment.value)))
            elif segment.kind == "index":
                pieces += [("text", "["), ("expr", segment.value), ("text", "]")]
            else:
                pieces.append(("expr", f"{runtime}.member({segment.value})"))
        return pieces


Checker = Literal["check", "check_type", "check_range", "check_enum"]
"""The runtime function for a value that fails its fast test:
- check_type: the keywords are only `type`;
- check_range: `type: number` and at most `minimum` and `maximum`;
- check_enum: one scalar `type` and `enum`;
- check: any keywords.
"""

ConstantKind = Literal["values", "fast_set", "pattern", "value", "names_set", "keywords"]
TestKind = Literal[
    "type",
    "range",
    "number_range",
    "type_union",
    "length",
    "finite_number",
    "in_set",
    "equals",
    "matches",
    "unique",
    "multiple_of",
    "empty",
]


@dataclass(frozen=True)
class Constant:
    """A module-level constant the checks refer to by name."""

    name: str
    kind: ConstantKind
    value: Any
    """values: tuple of JSON values; fast_set and names_set: the name of a `values`
    constant; pattern: the regular expression; value: one JSON value (a `const`);
    keywords: the `Argument`s of `Keywords(...)`."""
    json_type: str | None = None
    """fast_set: the JSON type of the values the set keeps."""


@dataclass(frozen=True)
class Test:
    """One conjunct of a fast test. Subjects are variables, limits JSON numbers."""

    kind: TestKind
    subject: str
    json_type: str | None = None
    """type: the JSON type tested by exact class (finite_number: an int, or a finite
    float)."""
    lower: Any = None
    lower_inclusive: bool = True
    upper: Any = None
    upper_inclusive: bool = True
    float_lower: Any = None
    float_upper: Any = None
    """number_range: the bounds a float is compared with (floats where that is exact):
    an int against int bounds and a float against float ones compare fastest."""
    constant: str | None = None
    """in_set / matches: the constant's name."""
    value: Any = None
    """equals: the JSON value; multiple_of: the divisor; type_union: the JSON types, any
    of which will do."""


@dataclass(frozen=True)
class Argument:
    """A keyword argument of the runtime's `Keywords(...)`."""

    name: str
    value: Any = None
    constant: str | None = None
    """The module constant passed, if any (else `value`, rendered as a literal)."""


@dataclass(frozen=True)
class Items:
    index: str
    node: Node


@dataclass(frozen=True)
class Property:
    key: str
    required: bool
    node: Node
    """Trivial for a property with nothing to check (still counted as a known key)."""


@dataclass(frozen=True)
class Dependent:
    """`dependentRequired` / `dependentSchemas` for one property name."""

    key: str
    required: tuple[str, ...] = ()
    """Names that must be present when `key` is."""
    node: Node | None = None
    """The schema the whole object must meet when `key` is present."""


@dataclass(frozen=True)
class Members:
    properties: tuple[Property, ...]
    required_elsewhere: str | None
    """Constant (tuple) of the names `required` lists that `properties` does not."""
    additional: Literal["allowed", "forbidden", "checked"]
    names: str | None = None
    """Constant (tuple) of the property names, in schema order (did-you-mean candidates)."""
    known: str | None = None
    """Constant (frozenset) of the property names, for the unknown-key test."""
    extra_key: str | None = None
    """`forbidden` and `checked`: the loop variable for the other properties' names."""
    extra: Node | None = None
    """`checked`: the schema every other property's value must meet."""
    dependents: tuple[Dependent, ...] = ()
    count: str | None = None
    """`forbidden` with declared properties: the variable counting the declared ones
    present; the object has an unknown key when its length is more."""


AppliedKind = Literal["all_of", "any_of", "one_of", "not", "if"]


@dataclass(frozen=True)
class Applied:
    """An applicator on a value, after the value's own checks.

    - all_of: `nodes`, checked in line on the same value;
    - any_of / one_of / not: `functions`, verdict-only (one error for the keyword);
    - if: `functions[0]` decides; `nodes` are (then, else), checked in line, either None.
    """

    kind: AppliedKind
    functions: tuple[str, ...] = ()
    nodes: tuple[Node | None, ...] = ()


@dataclass(frozen=True)
class Function:
    """A module-level `name(value) -> bool`: the verdict of one subschema."""

    name: str
    node: Node


@dataclass(frozen=True)
class Node:
    subject: str
    """The variable holding the value."""
    path: Path
    kind: NodeKind
    json_type: str | None = None
    """leaf / array / object: the one JSON type."""
    tests: tuple[Test, ...] = ()
    """leaf: the whole fast test; array: tests after the `isinstance` (lengths, unique)."""
    keywords: str | None = None
    """The `Keywords` that `check` takes: a module constant, or a runtime one (`_v.STRING`)
    for a bare type; None when there is no keyword to check."""
    lenient: bool = False
    """`check` takes `lenient` (the node has an `enum`)."""
    always_check: bool = False
    """array / object with `enum` or `const`: call `check` even when the type fits."""
    items: Items | None = None
    members: Members | None = None
    checker: Checker = "check"
    """The runtime function taking `keywords` when the fast test fails."""
    applied: tuple[Applied, ...] = ()
    message: str | None = None
    """`x-scenario-message`: every error found here says this instead."""
    mark: str | None = None
    """With a message: the variable holding the error count before this value's checks."""
    exact: bool = False
    """The fast test decides every value of a class `json.loads` makes (`JSON_CLASSES`)
    as `check` does: a verdict asks `check` only about other classes (subclasses)."""

    @property
    def trivial(self) -> bool:
        """Nothing to check at all."""
        return self.kind == "anything" and not self.applied


@dataclass(frozen=True)
class Plan:
    root: Node
    constants: tuple[Constant, ...] = field(default=())
    functions: tuple[Function, ...] = field(default=())

    @property
    def uses_re(self) -> bool:
        return any(c.kind == "pattern" for c in self.constants)
