"""Offline validation: the error type, the exception, and the checks behind validators.

Standard library only. Each model module holds a straight-line validator: it tests the
common case inline and calls `check` here only when a value fails that fast test.
`check` then reports every keyword the value breaks, in this order: type, enum, const,
minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, minLength, maxLength,
pattern, minItems, maxItems, uniqueItems, items (`false`: no item allowed). Applicators
(`allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, `dependentRequired`,
`dependentSchemas`) are compiled into the validators; their errors are made here.
`check_type`, `check_range` and `check_enum` give the same answer as `check` for the
commonest parameters (a bare type, a bounded number, a list of values) with less work:
collecting every error of a payload must cost less than stopping at the first.

The verdicts are JSON Schema draft 2020-12's, as the `jsonschema` package gives them: a
boolean is not a number, `1.0` is an integer and equals `1` (but `true` does not), lengths
count code points, `pattern` searches with Python's `re`. One deviation: NaN and the
infinities are not JSON, so wherever a schema asks for a number (`type` number or
integer, a bound, `multipleOf`) they fail; jsonschema accepts them.

Paths are JSONPath: `$.seed`, `$['a-b']`, `$.images[2]`. A missing required property
(`required`, `dependentRequired`) and an unknown property are reported at their own path
(`$.image`), not at their object's. An error found inside a schema object that has an
`x-scenario-message` (an API's rule) carries that message.

No value makes a validator or a message raise: comparisons and `show` walk nested values
without recursion, and an integer too long to print is described by its size.
"""

from __future__ import annotations

import itertools
import json
import math
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any, Final, Literal, TypeAlias, TypeGuard

Severity = Literal["error", "warning"]
Value: TypeAlias = Any
"""A payload value, as validators receive it (any object; JSON's when well formed)."""

JSON_TYPES: Final = ("string", "number", "integer", "boolean", "null", "array", "object")
JSON_CLASSES: Final = frozenset((str, int, float, bool, type(None), list, dict))
"""The classes `json.loads` makes. A validator's fast test decides their values exactly
(but an integer's, which takes no whole float): a verdict asks `check` only about the
values of other classes (subclasses, values that are not JSON)."""

_PATH_ESCAPES: Final = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SHOWN_LENGTH: Final = 60
_SHOWN_VALUES: Final = 10

ABSENT: Final = object()
"""The default of `Keywords(const=...)`: the schema has no `const` (null is a const)."""


class ValidationError:
    """One way a payload breaks its schema (read-only).

    `severity` is "error", or "warning" in lenient mode for what a newer server may
    accept: an unknown property, or a value outside an enum. A payload is valid when no
    item has severity "error"; outside lenient mode every item is an error.

    Validators collect errors without formatting them: `message` is written on first
    read, so a payload with many errors costs little until someone looks.
    """

    __slots__ = ("_detail", "keyword", "path", "severity")

    path: str
    """Where: JSONPath, `$` for the payload itself."""
    keyword: str
    """The schema keyword broken: `type`, `maximum`, `required`, ..."""
    severity: Severity

    def __init__(self, path: str, keyword: str, message: str, severity: Severity = "error") -> None:
        self.path = path
        self.keyword = keyword
        self.severity = severity
        self._detail: str | Detail = message

    @property
    def message(self) -> str:
        """What was expected and what was found."""
        # read on every message: a class test below, not isinstance
        detail: Any = self._detail
        message: str
        if detail.__class__ is str:
            message = detail
            return message
        message = detail[0](detail)
        self._detail = message
        return message

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{prefix}{self.path}: {self.keyword}: {self.message}"

    def __repr__(self) -> str:
        return (
            f"ValidationError(path={self.path!r}, keyword={self.keyword!r}, "
            f"message={self.message!r}, severity={self.severity!r})"
        )

    def _key(self) -> tuple[str, str, str, str]:
        return (self.path, self.keyword, self.message, self.severity)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ValidationError):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def to_dict(self) -> dict[str, str]:
        """The JSON form: `{"path", "keyword", "message"}`, plus a warning's severity."""
        found = {"path": self.path, "keyword": self.keyword, "message": self.message}
        if self.severity != "error":
            found["severity"] = self.severity
        return found


Detail = tuple[Any, ...]
"""An unwritten message: `(explain, *facts)`; `explain(detail)` writes it when read (the
whole tuple, unpacked by `explain`: no slice and no star-call for each message)."""


class _Found(ValidationError):
    """An error a validator found, its message unwritten until read.

    Calling a class without `__init__` is the cheapest way to make an object; errors
    are made on the slow path, where every error a payload has costs one. Test errors
    with `isinstance(e, ValidationError)`: `type(e)` is this class.
    """

    __slots__ = ()
    __init__ = object.__init__


def _error(
    path: str, keyword: str, detail: Detail, severity: Severity = "error"
) -> ValidationError:
    """An error whose message is written only when it is read."""
    error: ValidationError = _Found()
    error.path = path
    error.keyword = keyword
    error.severity = severity
    error._detail = detail
    return error


class InvalidPayload(ValueError):
    """A payload broke its schema; `.errors` holds every error (and warning) found."""

    def __init__(self, errors: Iterable[ValidationError], model_id: str | None = None) -> None:
        self.errors = list(errors)
        self.model_id = model_id
        super().__init__(self._describe())

    def _describe(self) -> str:
        count = sum(1 for e in self.errors if e.severity == "error")
        subject = f"payload for {self.model_id}" if self.model_id else "payload"
        noun = "error" if count == 1 else "errors"
        lines = [f"invalid {subject}: {count} {noun}"]
        lines += [f"  {error}" for error in self.errors]
        return "\n".join(lines)


def errors_only(found: Iterable[ValidationError]) -> list[ValidationError]:
    """The items that make a payload invalid (lenient mode may add warnings)."""
    return [e for e in found if e.severity == "error"]


# Paths ------------------------------------------------------------------------------


def member(key: object) -> str:
    """One JSONPath step for a property name: `.seed`, or `['a-b']`."""
    text = key if isinstance(key, str) else str(key)
    if text.isascii() and text.isidentifier():
        return "." + text
    escaped = "".join(_escape_path_char(char) for char in text)
    return f"['{escaped}']"


def _escape_path_char(char: str) -> str:
    if char in _PATH_ESCAPES:
        return _PATH_ESCAPES[char]
    if ord(char) < 0x20 or ord(char) == 0x7F:
        return f"\\u{ord(char):04x}"
    return char


# What a value is --------------------------------------------------------------------


def is_number(value: object) -> TypeGuard[float]:
    """A JSON number: an int or a finite float, never a bool."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value)


def _is_non_finite(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def is_type(value: object, json_type: str) -> bool:
    if json_type == "string":
        return isinstance(value, str)
    if json_type == "number":
        return is_number(value)
    if json_type == "integer":
        if isinstance(value, float):
            return math.isfinite(value) and value.is_integer()
        return isinstance(value, int) and not isinstance(value, bool)
    if json_type == "boolean":
        return isinstance(value, bool)
    if json_type == "null":
        return value is None
    if json_type == "array":
        return isinstance(value, list)
    if json_type == "object":
        return isinstance(value, dict)
    raise ValueError(f"not a JSON type: {json_type!r}")


def json_equal(one: object, two: object) -> bool:
    """Equality as JSON Schema sees it: `1 == 1.0`, `true != 1`, arrays item by item.

    Nested values are compared from a list of pending pairs, not by recursion: a value
    nested 10,000 levels deep compares like any other.
    """
    pending = [(one, two)]
    while pending:
        one, two = pending.pop()
        if one is two:
            continue
        if isinstance(one, str) or isinstance(two, str):
            if one != two:
                return False
        elif isinstance(one, (list, tuple)) and isinstance(two, (list, tuple)):
            if len(one) != len(two):
                return False
            pending += zip(one, two, strict=True)
        elif isinstance(one, dict) and isinstance(two, dict):
            if len(one) != len(two) or one.keys() != two.keys():
                return False
            pending += ((value, two[key]) for key, value in one.items())
        elif isinstance(one, bool) or isinstance(two, bool):
            return False
        elif isinstance(one, (list, tuple, dict)) or isinstance(two, (list, tuple, dict)):
            return False  # a container never equals a scalar
        elif one != two:
            return False
    return True


def json_type(value: object) -> str:
    """The JSON type of a value (`integer` for a whole int, `number` for a float), or
    its Python class name when it is not a JSON value."""
    return _json_type(value) or type(value).__name__


def _json_type(value: object) -> str | None:
    found = _TYPE_NAMES.get(value.__class__)
    if found is None:
        found = next((n for c, n in _TYPE_NAMES.items() if isinstance(value, c)), None)
    return found


_TYPE_NAMES: Final[dict[type, str]] = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    type(None): "null",
    list: "array",
    dict: "object",
}
"""Exact classes first; `bool` before `int` for subclasses (a bool is an int)."""


_EXACT_TYPES: Final[dict[type, frozenset[str]]] = {
    str: frozenset(("string",)),
    int: frozenset(("integer", "number")),
    bool: frozenset(("boolean",)),
    type(None): frozenset(("null",)),
    list: frozenset(("array",)),
    dict: frozenset(("object",)),
}
"""JSON types of values of exactly these classes (a float may be an integer or not)."""

_FLOAT_TYPES: Final = {
    True: frozenset(("integer", "number")),
    False: frozenset(("number",)),
}
"""A finite float's JSON types, by whether it is whole."""


def _has_type(value: object, types: tuple[str, ...]) -> bool:
    exact = _EXACT_TYPES.get(value.__class__)
    if exact is None and isinstance(value, float):
        exact = _FLOAT_TYPES[value.is_integer()] if math.isfinite(value) else frozenset()
    if exact is None:
        return any(is_type(value, json_type) for json_type in types)
    return not exact.isdisjoint(types)


def in_enum(value: object, enum: Sequence[object]) -> bool:
    """`value` equals one of `enum`'s values as JSON Schema compares them."""
    if isinstance(value, str):
        return value in enum
    if isinstance(value, bool) or value is None:
        return any(v is value for v in enum)
    if isinstance(value, (int, float)):
        return any(v == value and not isinstance(v, bool) for v in enum)
    return any(json_equal(value, v) for v in enum)


def fast_set(values: Iterable[object], json_type: str) -> frozenset[object]:
    """The values of one JSON type, for a fast `in` test on a value of exactly that type.

    A set compares `1 == 1.0 == True`; keeping one type apart keeps bools and numbers
    apart, so membership agrees with `json_equal`.
    """
    numeric = json_type in ("number", "integer")
    kinds = ("number", "integer") if numeric else (json_type,)
    return frozenset(
        v
        for v in values
        if any(is_type(v, kind) for kind in kinds) and not isinstance(v, (list, dict))
    )


def is_unique(items: Sequence[object]) -> bool:
    """No two items equal as JSON Schema compares them."""
    if all(_is_hashable_scalar(item) for item in items):
        return len(set(items)) == len(items)
    return _first_duplicate(items) is None


def _is_hashable_scalar(item: object) -> bool:
    """Not a bool (a set would take `True` for `1`), not a container."""
    if item is None:
        return True
    return isinstance(item, (str, int, float)) and not isinstance(item, bool)


def _first_duplicate(items: Sequence[object]) -> tuple[int, int] | None:
    for later in range(1, len(items)):
        for earlier in range(later):
            if json_equal(items[earlier], items[later]):
                return earlier, later
    return None


def is_multiple_of(value: float, divisor: float) -> bool:
    """`multipleOf` as jsonschema decides it: float division, exact when it overflows."""
    if isinstance(divisor, float):
        try:
            quotient = value / divisor
            return int(quotient) == quotient
        except (OverflowError, ValueError):
            return (Fraction(value) / Fraction(divisor)).denominator == 1
    return not value % divisor


# Reporting --------------------------------------------------------------------------


def show(value: object) -> str:
    """A value as JSON, shortened: what an error message says was found.

    Written piece by piece, only as far as is shown: a huge or deeply nested value costs
    no more than a small one, and never raises.
    """
    known: Any = value  # its class is tested here: no cast() call on this path
    kind = value.__class__
    if kind is str and len(known) <= _SHOWN_LENGTH - 2:
        text: str = _quote(known)
        if len(text) <= _SHOWN_LENGTH:
            return text
    elif kind is int and -_BIG < known < _BIG:
        return int.__repr__(known)
    elif kind is float:
        return float.__repr__(known)  # at most 24 characters
    elif kind in _CONSTANT_TEXT:
        return _CONSTANT_TEXT[kind][bool(known)]
    elif (kind is list or kind is dict) and not known:
        return "[]" if kind is list else "{}"
    out: list[str] = []
    size = 0
    stack: list[Iterator[object]] = [iter((value,))]
    while stack and size <= _SHOWN_LENGTH:
        item = next(stack[-1], _END)
        if item is _END:
            stack.pop()
            continue
        if item.__class__ is _Raw:
            text = str(item)
        elif isinstance(item, (list, tuple)):
            stack.append(_list_pieces(item))
            continue
        elif isinstance(item, dict):
            stack.append(_dict_pieces(item))
            continue
        else:
            text = _scalar_text(item)
        out.append(text)
        size += len(text)
    text = "".join(out)
    return text if size <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 3] + "..."


_CONSTANT_TEXT: Final[dict[type, tuple[str, str]]] = {
    bool: ("false", "true"),
    type(None): ("null", "null"),
}
"""JSON's constants by class, then by truth."""

_quote: Final = json.encoder.encode_basestring
"""A string as JSON, non-ASCII kept (what `json.dumps(ensure_ascii=False)` writes)."""
_BIG: Final = 10**15


class _Raw(str):
    """JSON punctuation among the pieces `show` writes (never a value)."""

    __slots__ = ()


_END: Final = object()


def _list_pieces(items: Sequence[object]) -> Iterator[object]:
    yield _Raw("[")
    for position, item in enumerate(items):
        if position:
            yield _Raw(", ")
        yield item
    yield _Raw("]")


def _dict_pieces(mapping: Mapping[object, object]) -> Iterator[object]:
    yield _Raw("{")
    for position, (key, item) in enumerate(mapping.items()):
        name = key if isinstance(key, str) else _scalar_text(key).strip('"')
        yield _Raw((", " if position else "") + _scalar_text(name) + ": ")
        yield item
    yield _Raw("}")


def _scalar_text(value: object) -> str:
    if isinstance(value, str):
        # escaping only lengthens: the first characters are all that can be shown
        return _quote(str(value[: _SHOWN_LENGTH + 1]))
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        try:
            return int.__repr__(value)
        except ValueError:
            # more digits than Python prints (sys.set_int_max_str_digits)
            digits = int(value.bit_length() * math.log10(2)) + 1
            return f"<an integer of about {digits:,} digits>"
    if isinstance(value, float):
        return float.__repr__(value)
    return repr(value)


def _kind(value: object) -> str:
    name = _json_type(value)
    return _A_TYPE[name] if name else f"a {type(value).__name__} (not a JSON value)"


_A_TYPE: Final = {
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "boolean": "a boolean",
    "null": "null",
    "array": "an array",
    "object": "an object",
}
_A_KIND: Final = {kind: _A_TYPE[name] for kind, name in _TYPE_NAMES.items()}
"""What `_kind` says of a value of exactly these classes (a float: when finite)."""


def _one_of(values: Sequence[object]) -> str:
    """The first values of a list, shown: written once per list (an enum's is a module
    constant), since every message about that list says the same."""
    cached = _listings.get(id(values))
    if cached is not None and cached[0] is values:
        return cached[1]
    shown = [show(v) for v in values[:_SHOWN_VALUES]]
    if len(values) > _SHOWN_VALUES:
        shown.append(f"... ({len(values) - _SHOWN_VALUES} more)")
    text = ", ".join(shown)
    _listings[id(values)] = (values, text)
    return text


_listings: dict[int, tuple[Sequence[object], str]] = {}


def _suggestion(value: object, candidates: Sequence[object]) -> str:
    if value.__class__ is not str and not isinstance(value, str):
        return ""
    found = _indexes.get(id(candidates))  # _closest, without its frame
    if found is None or found.candidates is not candidates:
        found = _indexes[id(candidates)] = _Features(candidates)
    close = found.closest(value)
    return f" (did you mean {show(close)}?)" if close is not None else ""


_CLOSE_ENOUGH: Final = 0.5
"""Least share of features (Dice's coefficient) for a suggestion."""
_SHORT_LIST: Final = 64
"""Up to this many candidates, each is compared; a longer list goes through an index."""
_SHORTLIST: Final = 48


class _Features:
    """The candidates of one list (an enum's values, an object's property names), with
    their features. In a short list each candidate's features are the bits of an
    integer (a bit per feature of the list), and the features two texts share are
    counted by `(mask & other).bit_count()`, with no set made. A long list keeps sets and
    an index, feature -> positions, that narrows it to a shortlist first (masks thousands
    of bits wide would cost more to build than they save)."""

    __slots__ = ("bits", "candidates", "fewest", "index", "masks", "sets")

    def __init__(self, candidates: Sequence[object]) -> None:
        self.candidates = candidates
        texts = [c for c in candidates if isinstance(c, str)]
        short = len(texts) <= _SHORT_LIST
        found = [_features(text, short) for text in texts]
        self.sets = [(t, f, len(f)) for t, f in zip(texts, found, strict=True)]
        self.bits: dict[str, int] = {}
        self.index: dict[str, list[int]] = {}
        for position, features in enumerate(found):
            for feature in features:
                if short:
                    self.bits.setdefault(feature, 1 << len(self.bits))
                else:
                    self.index.setdefault(feature, []).append(position)
        self.masks = [(t, self._mask(f), n) for t, f, n in self.sets] if short else []
        self.fewest = min((n for _, _, n in self.sets), default=0)

    def _mask(self, features: set[str]) -> int:
        """The features this list knows, as bits (distinct bits: their sum is their or)."""
        return sum(map(self.bits.get, features, _NO_BIT))

    def closest(self, value: str) -> str | None:
        features = _features(value, not self.index)
        size = len(features)
        best, best_score = None, _CLOSE_ENOUGH
        if self.index:
            for text, other, other_size in map(self.sets.__getitem__, self._shortlist(features)):
                score = 2 * len(features & other) / (size + other_size)
                if score > best_score or (score == best_score and best is None):
                    best, best_score = text, score
            return best
        mask = sum(map(self.bits.get, features, _NO_BIT))  # _mask, without its frame
        if 2 * mask.bit_count() < _CLOSE_ENOUGH * (size + self.fewest):
            # Even sharing every feature it has that the list knows, with the candidate
            # that has the fewest, the value would score under a half: no suggestion.
            return None
        for text, bits, other_size in self.masks:
            score = 2 * (mask & bits).bit_count() / (size + other_size)
            if score > best_score or (score == best_score and best is None):
                best, best_score = text, score
        return best

    def _shortlist(self, features: set[str]) -> list[int]:
        """The candidates that share the value's rarest features, rarest first, until
        there are a few dozen: a misspelling keeps most features, so some rare ones."""
        postings = sorted((self.index[f] for f in features if f in self.index), key=len)
        found: set[int] = set()
        for posting in postings:
            if found and len(found) + len(posting) > _SHORTLIST:
                break
            found.update(posting)
        return sorted(found)


_indexes: dict[int, _Features] = {}
"""id(candidates) -> their features, built on first use (a list is a module constant)."""


def _closest(value: str, candidates: Sequence[object]) -> str | None:
    """The candidate sharing the most features with `value` (Dice's coefficient), if they
    share at least half; the first such candidate on a tie.

    Features are the distinct pairs of adjacent characters (the ends marked) and, in a
    list of up to 64, the distinct characters; in a longer list, the distinct runs of
    three characters, through an index that narrows the list to the few dozen
    candidates sharing the value's rarest ones. A misspelt name or value (a letter missing, doubled, swapped or wrong) shares
    most of them with the right one; a message costs microseconds, whether the list has
    6 values or 1,288.
    """
    found = _indexes.get(id(candidates))
    if found is None or found.candidates is not candidates:
        found = _indexes[id(candidates)] = _Features(candidates)
    return found.closest(value)


def _features(text: str, short: bool) -> set[str]:
    """`abc` -> {^a, ab, bc, c$, a, b, c} in a short list; {^ab, abc, bc$} in a long one.

    The runs are joined by `map` over shifted copies of the text: no Python-level loop.
    """
    before, after = "\x00" + text, text + "\x00"
    if short:
        return {*map(_join, before, after), *text}
    return set(map(_join, map(_join, before[:-1], text), after[1:]))


_NO_BIT: Final = itertools.repeat(0)
"""`bits.get(feature, 0)` through `map`: a feature no candidate has counts for nothing."""
_join: Final = operator.add
"""Two strings joined, as a function `map` calls without a Python frame."""


def _count(limit: float, noun: str) -> str:
    return f"{limit} {noun}" if limit == 1 else f"{limit} {noun}s"


class Keywords:
    """One value's keywords, as `check` reads them; built once, when a module loads."""

    __slots__ = (
        "classes",
        "const",
        "enum",
        "exclusive_maximum",
        "exclusive_minimum",
        "exclusive_or_multiple",
        "has_const",
        "listed",
        "max_items",
        "max_length",
        "maximum",
        "min_items",
        "min_length",
        "minimum",
        "multiple_of",
        "nested",
        "no_items",
        "numeric",
        "pattern",
        "scalars",
        "textual",
        "types",
        "unique_items",
    )

    def __init__(
        self,
        *,
        types: tuple[str, ...] = (),
        enum: Sequence[object] | None = None,
        const: object = ABSENT,
        minimum: float | None = None,
        maximum: float | None = None,
        exclusive_minimum: float | None = None,
        exclusive_maximum: float | None = None,
        multiple_of: float | None = None,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: re.Pattern[str] | None = None,
        min_items: int | None = None,
        max_items: int | None = None,
        unique_items: bool = False,
        no_items: bool = False,
    ) -> None:
        self.types = types
        self.classes = frozenset(c for t in types for c in _CLASSES[t])
        self.enum = enum
        self.scalars = frozenset(
            (_TAGS[v.__class__], v) for v in enum or () if v.__class__ in _TAGS
        )
        self.nested = tuple(v for v in enum or () if v.__class__ in _CONTAINERS)
        self.has_const = const is not ABSENT
        self.const = const
        self.minimum = minimum
        self.maximum = maximum
        self.exclusive_minimum = exclusive_minimum
        self.exclusive_maximum = exclusive_maximum
        self.multiple_of = multiple_of
        self.min_length = min_length
        self.max_length = max_length
        self.pattern = pattern
        self.min_items = min_items
        self.max_items = max_items
        self.unique_items = unique_items
        self.no_items = no_items
        limits = (minimum, maximum, exclusive_minimum, exclusive_maximum, multiple_of)
        self.numeric = any(limit is not None for limit in limits)
        self.exclusive_or_multiple = any(limit is not None for limit in limits[2:])
        self.textual = min_length is not None or max_length is not None or bool(pattern)
        self.listed = min_items is not None or max_items is not None or unique_items or no_items


_TAGS: Final[dict[type, str]] = {
    str: "string",
    int: "number",
    float: "number",
    bool: "boolean",
    type(None): "null",
}
"""Scalar classes, tagged so that a set keeps `true` and `1` apart (but `1 == 1.0`)."""

_CONTAINERS: Final = (list, dict)

_CLASSES: Final[dict[str, tuple[type, ...]]] = {
    "string": (str,),
    "number": (int,),
    "integer": (int,),
    "boolean": (bool,),
    "null": (type(None),),
    "array": (list,),
    "object": (dict,),
}
"""Classes whose values certainly have the JSON type (a float may be NaN, or not whole)."""

STRING: Final = Keywords(types=("string",))
NUMBER: Final = Keywords(types=("number",))
INTEGER: Final = Keywords(types=("integer",))
BOOLEAN: Final = Keywords(types=("boolean",))
NULL: Final = Keywords(types=("null",))
ARRAY: Final = Keywords(types=("array",))
OBJECT: Final = Keywords(types=("object",))


def check(
    errors: list[ValidationError],
    path: str,
    value: object,
    keywords: Keywords,
    lenient: bool = False,
) -> None:
    """Append an error for every keyword that `value` breaks, in keyword order.

    It runs once per value that fails its fast test, so it stays flat and cheap.
    """
    add = errors.append
    kind = value.__class__
    types = keywords.types
    if types and kind not in keywords.classes and not _has_type(value, types):
        add(_error(path, "type", (_explain_type, types, value)))
    enum = keywords.enum
    if enum is not None:
        tag = _TAGS.get(kind)
        if tag:
            outside = (tag, value) not in keywords.scalars
        else:  # an array or an object can equal only an array or an object
            outside = not in_enum(value, keywords.nested if kind in _CONTAINERS else enum)
        if outside:
            severity: Severity = "warning" if lenient else "error"
            add(_error(path, "enum", (_explain_enum, enum, value), severity))
    if keywords.has_const and not json_equal(value, keywords.const):
        add(_error(path, "const", (_explain_const, keywords.const, value)))
    if keywords.numeric:
        if isinstance(value, (int, float)) and kind is not bool and value - value == 0:
            limit = keywords.minimum
            if limit is not None and value < limit:
                add(_error(path, "minimum", (_explain_bound, "at least", limit, value)))
            limit = keywords.maximum
            if limit is not None and value > limit:
                add(_error(path, "maximum", (_explain_bound, "at most", limit, value)))
            if keywords.exclusive_or_multiple:
                _check_number(add, path, value, keywords)
        elif _is_non_finite(value) and not types:
            _check_non_finite(add, path, value, keywords)
    if keywords.textual and isinstance(value, str):
        _check_string(add, path, value, keywords)
    if keywords.listed and isinstance(value, list):
        _check_array(add, path, value, keywords)


def check_type(errors: list[ValidationError], path: str, value: object, keywords: Keywords) -> None:
    """`check` for keywords that are only a `type`."""
    types = keywords.types
    if not _has_type(value, types):
        # Built here rather than by `_error`: on this path a call costs as much as
        # the object.
        error: ValidationError = _Found()
        error.path = path
        error.keyword = "type"
        error.severity = "error"
        error._detail = (_explain_type, types, value)
        errors.append(error)


def check_range(
    errors: list[ValidationError], path: str, value: object, keywords: Keywords
) -> None:
    """`check` for keywords that are `type: number` and at most a minimum and a maximum."""
    kind = value.__class__
    number: Any = value  # tested below: no cast() call on this path
    if not ((kind is int or kind is float) and number - number == 0):
        check(errors, path, value, keywords)  # not a number, NaN or an infinity
        return
    limit = keywords.minimum
    if limit is not None and number < limit:
        error: ValidationError = _Found()
        error.path = path
        error.keyword = "minimum"
        error.severity = "error"
        error._detail = (_explain_bound, "at least", limit, number)
        errors.append(error)
    limit = keywords.maximum
    if limit is not None and number > limit:
        error = _Found()
        error.path = path
        error.keyword = "maximum"
        error.severity = "error"
        error._detail = (_explain_bound, "at most", limit, number)
        errors.append(error)


def check_enum(
    errors: list[ValidationError],
    path: str,
    value: object,
    keywords: Keywords,
    lenient: bool,
) -> None:
    """`check` for keywords that are one scalar `type` and an `enum`."""
    kind = value.__class__
    if kind not in keywords.classes:
        check(errors, path, value, keywords, lenient)  # may break `type` too
    elif (_TAGS[kind], value) not in keywords.scalars:
        error: ValidationError = _Found()
        error.path = path
        error.keyword = "enum"
        error.severity = "warning" if lenient else "error"
        error._detail = (_explain_enum, keywords.enum, value)
        errors.append(error)


def _check_number(
    add: Callable[[ValidationError], None],
    path: str,
    value: float,
    keywords: Keywords,
) -> None:
    """exclusiveMinimum, exclusiveMaximum and multipleOf (`check` does the common two)."""
    detail: Detail
    limit = keywords.exclusive_minimum
    if limit is not None and value <= limit:
        detail = (_explain_bound, "more than", limit, value)
        add(_error(path, "exclusiveMinimum", detail))
    limit = keywords.exclusive_maximum
    if limit is not None and value >= limit:
        detail = (_explain_bound, "less than", limit, value)
        add(_error(path, "exclusiveMaximum", detail))
    limit = keywords.multiple_of
    if limit is not None and not is_multiple_of(value, limit):
        detail = (_explain_bound, "a multiple of", limit, value)
        add(_error(path, "multipleOf", detail))


def _check_non_finite(
    add: Callable[[ValidationError], None],
    path: str,
    value: object,
    keywords: Keywords,
) -> None:
    """Not a JSON number, and no `type` said so: every numeric keyword does."""
    for keyword, limit in (
        ("minimum", keywords.minimum),
        ("maximum", keywords.maximum),
        ("exclusiveMinimum", keywords.exclusive_minimum),
        ("exclusiveMaximum", keywords.exclusive_maximum),
        ("multipleOf", keywords.multiple_of),
    ):
        if limit is not None:
            add(_error(path, keyword, (_explain_non_finite, value)))


def _check_string(
    add: Callable[[ValidationError], None],
    path: str,
    value: str,
    keywords: Keywords,
) -> None:
    length = len(value)
    detail: Detail
    if keywords.min_length is not None and length < keywords.min_length:
        detail = (_explain_length, "at least", keywords.min_length, "character", value)
        add(_error(path, "minLength", detail))
    if keywords.max_length is not None and length > keywords.max_length:
        detail = (_explain_length, "at most", keywords.max_length, "character", value)
        add(_error(path, "maxLength", detail))
    pattern = keywords.pattern
    if pattern is not None and pattern.search(value) is None:
        add(_error(path, "pattern", (_explain_pattern, pattern, value)))


def _check_array(
    add: Callable[[ValidationError], None],
    path: str,
    value: list[object],
    keywords: Keywords,
) -> None:
    length = len(value)
    detail: Detail
    if keywords.min_items is not None and length < keywords.min_items:
        detail = (_explain_length, "at least", keywords.min_items, "item", value)
        add(_error(path, "minItems", detail))
    if keywords.max_items is not None and length > keywords.max_items:
        detail = (_explain_length, "at most", keywords.max_items, "item", value)
        add(_error(path, "maxItems", detail))
    if keywords.unique_items:
        duplicate = _first_duplicate(value)
        if duplicate is not None:
            add(_error(path, "uniqueItems", (_explain_unique, value, *duplicate)))
    if keywords.no_items and value:
        add(_error(path, "items", (_explain_length, "at most", 0, "item", value)))


# Messages, written when read ---------------------------------------------------------


def _found(value: object) -> str:
    known: Any = value  # its class is tested here
    kind = _A_KIND.get(value.__class__)  # exactly a class json.loads makes
    if kind is not None and (value.__class__ is not float or known - known == 0):
        return f"{kind}: {show(value)}"
    if _is_non_finite(value):
        return f"{show(value)}, which JSON does not have"
    return f"{_kind(value)}: {show(value)}"


def _explain_type(detail: Detail) -> str:
    _, types, value = detail
    expected = _EXPECTED_TYPES.get(types)
    if expected is None:
        expected = _EXPECTED_TYPES[types] = " or ".join(_A_TYPE[t] for t in types)
    return f"expected {expected}, found {_found(value)}"


_EXPECTED_TYPES: dict[tuple[str, ...], str] = {}
"""`("string", "null")` -> "a string or null", written once per list of types."""


def _explain_enum(detail: Detail) -> str:
    _, enum, value = detail
    hint = _suggestion(value, enum)
    return f"expected one of {_one_of(enum)}, found {show(value)}{hint}"


def _explain_const(detail: Detail) -> str:
    _, const, value = detail
    return f"expected {show(const)}, found {show(value)}"


def _explain_bound(detail: Detail) -> str:
    _, expected, limit, value = detail
    return f"expected {expected} {show(limit)}, found {show(value)}"


def _explain_non_finite(detail: Detail) -> str:
    _, value = detail
    return f"expected a JSON number, found {_found(value)}"


def _explain_length(detail: Detail) -> str:
    _, expected, limit, noun, value = detail
    found = f"{len(value)}: {show(value)}" if isinstance(value, str) else len(value)
    return f"expected {expected} {_count(limit, noun)}, found {found}"


def _explain_pattern(detail: Detail) -> str:
    _, pattern, value = detail
    return f"expected text matching {show(pattern.pattern)}, found {show(value)}"


def _explain_unique(detail: Detail) -> str:
    _, items, earlier, later = detail
    return f"expected unique items, found {show(items[later])} at {earlier} and {later}"


def _explain_reject(detail: Detail) -> str:
    _, value = detail
    return f"expected no value here, found {_found(value)}"


def _explain_missing(detail: Detail) -> str:
    _, key = detail
    return f"missing required property {show(key)}"


def _explain_unknown(detail: Detail) -> str:
    _, key, names = detail
    return f"unknown property {show(key)}{_suggestion(key, names)}"


def reject(errors: list[ValidationError], path: str, value: object) -> None:
    """The `false` schema: no value may be here."""
    errors.append(_error(path, "false", (_explain_reject, value)))


def missing(errors: list[ValidationError], path: str, key: str) -> None:
    """The required property `key` is absent; `path` is its own (`$.image`)."""
    error: ValidationError = _Found()  # as `_error` does, without its frame
    error.path = path
    error.keyword = "required"
    error.severity = "error"
    error._detail = (_explain_missing, key)
    errors.append(error)


def require(
    errors: list[ValidationError],
    path: str,
    payload: Mapping[str, object],
    keys: Iterable[str],
) -> None:
    for key in keys:
        if key not in payload:
            missing(errors, path + member(key), key)


def unknown(
    errors: list[ValidationError],
    path: str,
    key: str,
    names: Sequence[str],
    lenient: bool,
) -> None:
    """A property the object at `path` may not have, with the closest of `names` (the
    schema's, in its order) as a suggestion."""
    error: ValidationError = _Found()
    if key.__class__ is str and key.isascii() and key.isidentifier():
        error.path = f"{path}.{key}"  # what `member` gives, without calling it
    else:
        error.path = path + member(key)
    error.keyword = "additionalProperties"
    error.severity = "warning" if lenient else "error"
    error._detail = (_explain_unknown, key, names)
    errors.append(error)


def dependency(errors: list[ValidationError], path: str, key: str, given: str) -> None:
    """`dependentRequired`: `key` is absent (`path` is its own), though `given` is there."""
    errors.append(_error(path, "dependentRequired", (_explain_dependency, key, given)))


def any_of(errors: list[ValidationError], path: str, value: object, count: int) -> None:
    """`anyOf`: `value` matches none of its `count` schemas."""
    errors.append(_error(path, "anyOf", (_explain_any_of, count, value)))


def one_of(
    errors: list[ValidationError], path: str, value: object, matched: int, count: int
) -> None:
    """`oneOf`: `value` matches `matched` of its `count` schemas, not exactly one."""
    errors.append(_error(path, "oneOf", (_explain_one_of, matched, count, value)))


def not_(errors: list[ValidationError], path: str, value: object) -> None:
    """`not`: `value` matches the schema it must not match."""
    errors.append(_error(path, "not", (_explain_not, value)))


def reword(errors: list[ValidationError], start: int, message: str) -> None:
    """Errors found since `start` inside an API rule say the rule's own message (an inner
    rule's message, already set, stays)."""
    for error in errors[start:]:
        if not isinstance(error._detail, str):
            error._detail = message


def fits(value: object, keywords: Keywords) -> bool:
    """`check`'s verdict alone: whether `value` breaks none of `keywords`."""
    found: list[ValidationError] = []
    check(found, "", value, keywords)
    return not found


def has_all(mapping: Mapping[str, object], keys: Iterable[str]) -> bool:
    return all(key in mapping for key in keys)


def describe(value: object) -> str:
    """What a value is, and the value: `a string: "yes"`."""
    return _found(value)


def _explain_dependency(detail: Detail) -> str:
    _, key, given = detail
    return f"missing property {show(key)}, required when {show(given)} is given"


def _explain_any_of(detail: Detail) -> str:
    _, count, value = detail
    return f"expected a value matching at least one of {count} schemas, found {_found(value)}"


def _explain_one_of(detail: Detail) -> str:
    _, matched, count, value = detail
    return (
        f"expected a value matching exactly one of {count} schemas, found one matching "
        f"{matched}: {show(value)}"
    )


def _explain_not(detail: Detail) -> str:
    _, value = detail
    return f"expected a value not matching the `not` schema, found {_found(value)}"
