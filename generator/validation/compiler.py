"""Schema -> Plan: the checks a JSON Schema (the supported subset) asks for.

`compile_schema` first reads the whole schema for problems (unsupported keywords,
malformed values) and reports them all at once as a `SchemaError`; only a clean schema
becomes a `Plan`. Semantics are draft 2020-12's as jsonschema applies them; the fast tests
built here only ever accept values that `check` would accept too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from generator.emit import naming
from generator.validation.keywords import (
    ASSERTIONS,
    DIALECTS,
    JSON_TYPES,
    SchemaError,
    SchemaProblem,
    is_known,
)
from generator.validation.plan import (
    Argument,
    Checker,
    Constant,
    ConstantKind,
    Items,
    Members,
    Node,
    NodeKind,
    Path,
    Plan,
    Property,
    Test,
    TestKind,
)

Bounds = tuple[tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...]]
"""(lower keywords, upper keywords), each with whether it includes its limit."""
_NUMBER_BOUNDS: Bounds = (
    (("minimum", True), ("exclusiveMinimum", False)),
    (("maximum", True), ("exclusiveMaximum", False)),
)
_LENGTH_BOUNDS: Bounds = ((("minLength", True),), (("maxLength", True),))
_ITEMS_BOUNDS: Bounds = ((("minItems", True),), (("maxItems", True),))
_NUMBER_KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_COUNT_KEYWORDS = ("minLength", "maxLength", "minItems", "maxItems")
_SCHEMA_KEYWORDS = ("items", "additionalProperties")
_MAX_STEM = 24
"""Longest name stem for a constant, so that no generated line grows with a name."""

RUNTIME = "_v"
"""How generated code names the runtime module."""

_ARGUMENT_NAMES = {
    "type": "types",
    "enum": "enum",
    "const": "const",
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive_minimum",
    "exclusiveMaximum": "exclusive_maximum",
    "multipleOf": "multiple_of",
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minItems": "min_items",
    "maxItems": "max_items",
    "uniqueItems": "unique_items",
    "items": "no_items",
}
"""Keyword -> argument of the runtime's `Keywords(...)`, in reporting order."""


def compile_schema(schema: Any) -> Plan:
    """The plan of a validator for `schema`; raises SchemaError listing every problem."""
    problems = list(schema_problems(schema))
    if problems:
        raise SchemaError(problems)
    compiler = _Compiler()
    root = compiler.node(schema, "payload", Path(), frozenset({"payload"}), stem="")
    return Plan(root, tuple(compiler.constants))


# Reading the schema for problems -----------------------------------------------------


def schema_problems(schema: Any, pointer: str = "#") -> Iterator[SchemaProblem]:
    """Every reason the compiler cannot take `schema`, in document order."""
    dialect = schema.get("$schema", DIALECTS[0]) if isinstance(schema, dict) else DIALECTS[0]
    if pointer == "#" and dialect not in DIALECTS:
        yield SchemaProblem(
            pointer,
            f"expected `$schema` {DIALECTS[0]!r} (the compiler implements draft 2020-12), "
            f"found {dialect!r}",
            "$schema",
        )
    if isinstance(schema, bool):
        return
    if not isinstance(schema, dict):
        yield SchemaProblem(
            pointer, f"expected a schema (an object or a boolean), found {_kind(schema)}"
        )
        return
    for keyword, value in schema.items():
        if not isinstance(keyword, str) or not is_known(keyword):
            yield SchemaProblem(
                pointer,
                f"unsupported keyword {keyword!r} (the validator compiler supports "
                f"{', '.join(ASSERTIONS)}, and annotations)",
                str(keyword),
                unsupported=True,
            )
            continue
        yield from _keyword_problems(keyword, value, f"{pointer}/{_escape_pointer(keyword)}")
    for keyword in _SCHEMA_KEYWORDS:
        if keyword in schema:
            yield from schema_problems(schema[keyword], f"{pointer}/{keyword}")
    properties = schema.get("properties")
    if isinstance(properties, dict):
        for name, subschema in properties.items():
            yield from schema_problems(subschema, f"{pointer}/properties/{_escape_pointer(name)}")


def _keyword_problems(keyword: str, value: Any, pointer: str) -> Iterator[SchemaProblem]:
    def problem(expected: str) -> SchemaProblem:
        return SchemaProblem(
            pointer, f"{keyword}: expected {expected}, found {_kind(value)}", keyword
        )

    if keyword == "type":
        names = value if isinstance(value, list) else [value]
        if not names or not all(isinstance(n, str) and n in JSON_TYPES for n in names):
            yield problem(f"one of {', '.join(JSON_TYPES)} or a non-empty list of them")
        elif len(set(names)) != len(names):
            yield problem("a list of distinct types")
    elif keyword in ("enum", "const", "default", "examples"):
        if keyword == "enum" and not isinstance(value, list):
            yield problem("a list of values")
        elif not _is_json(value):
            yield problem("JSON values (no NaN or infinity)")
    elif keyword in _NUMBER_KEYWORDS:
        if not _is_number(value):
            yield problem("a finite number")
        elif keyword == "multipleOf" and value <= 0:
            yield problem("a number greater than 0")
    elif keyword in _COUNT_KEYWORDS:
        if not (_is_number(value) and float(value).is_integer() and value >= 0):
            yield problem("a non-negative integer")
    elif keyword == "pattern":
        if not isinstance(value, str):
            yield problem("a regular expression (a string)")
        else:
            try:
                re.compile(value)
            except re.error as exc:
                yield SchemaProblem(
                    pointer,
                    f"pattern: {value!r} is not a regular expression Python's re supports: {exc}",
                    keyword,
                    unsupported=True,
                )
    elif keyword == "uniqueItems":
        if not isinstance(value, bool):
            yield problem("true or false")
    elif keyword in _SCHEMA_KEYWORDS:
        pass  # checked as subschemas
    elif keyword == "properties":
        if not isinstance(value, dict):
            yield problem("an object of schemas")
    elif keyword == "required" and not (
        isinstance(value, list) and all(isinstance(n, str) for n in value)
    ):
        yield problem("a list of property names")


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    # an int of any size is a JSON number (math.isfinite(10**400) overflows)
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _is_json(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_is_json(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_json(v) for k, v in value.items())
    return value is None or isinstance(value, (str, int, bool))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _escape_pointer(token: str) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


# Building the plan ---------------------------------------------------------------------


def _count(value: int | float) -> int:
    """`minLength: 2.0` counts like 2."""
    return int(value)


class _Compiler:
    def __init__(self) -> None:
        self.constants: list[Constant] = []
        self._taken: set[str] = set()
        self._shared: dict[tuple[str, int], str] = {}
        """(keyword, id of its schema) -> constant, for values both tests and `check` use."""

    def constant(
        self, stem: str, suffix: str, kind: ConstantKind, value: Any, json_type: str | None = None
    ) -> str:
        base = f"_{stem[:_MAX_STEM].strip('_').upper() or 'PAYLOAD'}_{suffix}"
        name = naming.unique([base], self._taken)[0]
        self._taken.add(name)
        self.constants.append(Constant(name, kind, value, json_type))
        return name

    def shared(self, schema: dict[str, Any], keyword: str, stem: str) -> str:
        key = (keyword, id(schema))
        if key not in self._shared:
            if keyword == "enum":
                self._shared[key] = self.constant(stem, "ENUM", "values", tuple(schema["enum"]))
            else:
                self._shared[key] = self.constant(stem, "PATTERN", "pattern", schema["pattern"])
        return self._shared[key]

    def node(self, schema: Any, subject: str, path: Path, scope: frozenset[str], stem: str) -> Node:
        if schema is True or (
            isinstance(schema, dict) and not any(k in ASSERTIONS for k in schema)
        ):
            return Node(subject, path, "anything")
        if schema is False:
            return Node(subject, path, "nothing")
        types = _types(schema)
        arguments = self.arguments(schema, types, stem)
        items = self.items(schema, path, scope, stem)
        members = self.members(schema, path, scope, stem)
        keywords = self.keywords(arguments, stem)
        checker = _checker(arguments)
        lenient = "enum" in schema
        if keywords is None and items is None and members is None:
            return Node(subject, path, "anything")  # e.g. properties that accept anything
        json_type = types[0] if len(types) == 1 else None
        checks_values = "enum" in schema or "const" in schema
        # Keywords of another type than the declared one still apply to such values (which
        # fail `type` too): no single-type shortcut then.
        stray_members = members is not None and json_type != "object"
        stray_items = items is not None and json_type != "array"
        if stray_members or stray_items:
            json_type = None
        if json_type == "array" or json_type == "object":
            tests = self.array_tests(schema, subject) if json_type == "array" else ()
            if items is None and members is None and not tests and not checks_values:
                # Nothing left to do once the type fits: one fast test, as for a scalar.
                type_test = (Test("type", subject, json_type),)
                return Node(
                    subject, path, "leaf", json_type, type_test, keywords, lenient, checker=checker
                )
            kind: NodeKind = "array" if json_type == "array" else "object"
            return Node(
                subject,
                path,
                kind,
                json_type,
                tests,
                keywords,
                lenient,
                checks_values,
                items,
                members,
                checker,
            )
        if json_type is not None and _const_fits(schema, json_type):
            tests = self.leaf_tests(schema, subject, json_type, stem)
            return Node(subject, path, "leaf", json_type, tests, keywords, lenient, checker=checker)
        if checker == "check_type" and items is None and members is None:  # ["string", "null"]
            union = (Test("type_union", subject, value=types),)
            return Node(subject, path, "leaf", None, union, keywords, checker=checker)
        return Node(
            subject,
            path,
            "mixed",
            None,
            (),
            keywords,
            lenient,
            items=items,
            members=members,
            checker=checker,
        )

    def keywords(self, arguments: tuple[Argument, ...], stem: str) -> str | None:
        """The `Keywords` constant for `check`: a runtime one for a bare type."""
        if not arguments:
            return None
        if len(arguments) == 1 and arguments[0].name == "types" and len(arguments[0].value) == 1:
            return f"{RUNTIME}.{arguments[0].value[0].upper()}"
        return self.constant(stem, "KEYWORDS", "keywords", arguments)

    def arguments(
        self, schema: dict[str, Any], types: tuple[str, ...], stem: str
    ) -> tuple[Argument, ...]:
        """The keywords `check` reports on for this value, in reporting order."""
        found: list[Argument] = []
        for keyword, name in _ARGUMENT_NAMES.items():
            if keyword not in schema:
                continue
            value = schema[keyword]
            if keyword == "type":
                found.append(Argument(name, types))
            elif keyword in ("enum", "pattern"):
                found.append(Argument(name, constant=self.shared(schema, keyword, stem)))
            elif keyword == "const":
                found.append(Argument(name, constant=self.constant(stem, "CONST", "value", value)))
            elif keyword == "uniqueItems":
                if value:
                    found.append(Argument(name, True))
            elif keyword == "items":
                if value is False:  # reported once, at the array, as jsonschema does
                    found.append(Argument(name, True))
            elif keyword in _COUNT_KEYWORDS:
                found.append(Argument(name, _count(value)))
            else:
                found.append(Argument(name, value))
        return tuple(found)

    def leaf_tests(
        self, schema: dict[str, Any], subject: str, json_type: str, stem: str
    ) -> tuple[Test, ...]:
        tests = [Test("type", subject, json_type)]
        if "enum" in schema:
            values = self.shared(schema, "enum", stem)
            fast_set = self.constant(stem, "FAST", "fast_set", values, json_type)
            tests.append(Test("in_set", subject, constant=fast_set))
        if "const" in schema:
            tests.append(Test("equals", subject, value=schema["const"]))
        if json_type in ("number", "integer"):
            ranges = _range_tests(schema, subject, "range", _NUMBER_BOUNDS)
            if json_type == "number" and _plain_bounded(schema):
                return (_number_range(ranges[0]),)
            tests += ranges
            listed = "enum" in schema or "const" in schema
            if json_type == "number" and not _bounded(schema) and not listed:
                # Two bounds or listed values exclude NaN and the infinities; else test.
                tests.append(Test("finite", subject))
            if "multipleOf" in schema:
                tests.append(Test("multiple_of", subject, value=schema["multipleOf"]))
        elif json_type == "string":
            tests += _range_tests(schema, subject, "length", _LENGTH_BOUNDS)
            if "pattern" in schema:
                tests.append(
                    Test("matches", subject, constant=self.shared(schema, "pattern", stem))
                )
        return tuple(tests)

    def array_tests(self, schema: dict[str, Any], subject: str) -> tuple[Test, ...]:
        tests = _range_tests(schema, subject, "length", _ITEMS_BOUNDS)
        if schema.get("uniqueItems") is True:
            tests.append(Test("unique", subject))
        if schema.get("items") is False:
            tests.append(Test("empty", subject))
        return tuple(tests)

    def items(
        self, schema: dict[str, Any], path: Path, scope: frozenset[str], stem: str
    ) -> Items | None:
        if "items" not in schema or schema["items"] is False:
            return None
        index, item = _variable("index", scope), _variable("item", scope)
        inner = scope | {index, item}
        node = self.node(schema["items"], item, path.index(index), inner, f"{stem}_ITEMS")
        return None if node.kind == "anything" else Items(index, node)

    def members(
        self, schema: dict[str, Any], path: Path, scope: frozenset[str], stem: str
    ) -> Members | None:
        declared: dict[str, Any] = schema.get("properties", {})
        required = list(dict.fromkeys(schema.get("required", [])))
        value = _variable("value", scope)
        inner = scope | {value}
        properties = tuple(
            Property(
                key,
                key in required,
                self.node(sub, value, path.key(key), inner, _join(stem, naming.argument_name(key))),
            )
            for key, sub in declared.items()
        )
        properties = tuple(p for p in properties if p.required or p.node.kind != "anything")
        elsewhere = tuple(name for name in required if name not in declared)
        required_elsewhere = (
            self.constant(stem, "REQUIRED", "values", elsewhere) if elsewhere else None
        )
        extra_key = _variable("key", scope)
        extra = self.node(
            schema.get("additionalProperties", True),
            value,
            path.dynamic_key(extra_key),
            inner | {extra_key},
            f"{stem}_EXTRA",
        )
        if extra.kind == "anything":
            if not properties and not elsewhere:
                return None
            return Members(properties, required_elsewhere, "allowed", None, None)
        if extra.kind == "nothing":
            names = self.constant(stem, "NAMES", "values", tuple(declared))
            known = self.constant(stem, "KNOWN", "names_set", names) if declared else None
            return Members(properties, required_elsewhere, "forbidden", names, known, extra_key)
        known = None
        if declared:
            names = self.constant(stem, "NAMES", "values", tuple(declared))
            known = self.constant(stem, "KNOWN", "names_set", names)
        return Members(properties, required_elsewhere, "checked", None, known, extra_key, extra)


def _checker(arguments: tuple[Argument, ...]) -> Checker:
    """The narrowest runtime function that reports on these keywords as `check` would."""
    names = tuple(a.name for a in arguments)
    types: tuple[str, ...] = arguments[0].value if names and names[0] == "types" else ()
    if names == ("types",):
        return "check_type"
    if names == ("types", "enum") and len(types) == 1 and types[0] in _SCALAR_TYPES:
        return "check_enum"
    if types == ("number",) and set(names[1:]) <= {"minimum", "maximum"}:
        return "check_range"
    return "check"


_SCALAR_TYPES = ("string", "number", "integer", "boolean", "null")


def _const_fits(schema: dict[str, Any], json_type: str) -> bool:
    """A `const` of another type than the value's makes every value fail: no fast test."""
    return "const" not in schema or _json_type_of(schema["const"]) in _SAME_KIND[json_type]


_SAME_KIND = {
    "string": ("string",),
    "number": ("number", "integer"),
    "integer": ("number", "integer"),
    "boolean": ("boolean",),
    "null": ("null",),
}


def _json_type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return "array" if isinstance(value, list) else "object"


def _types(schema: dict[str, Any]) -> tuple[str, ...]:
    declared = schema.get("type")
    if declared is None:
        return ()
    return tuple(declared) if isinstance(declared, list) else (declared,)


def _bounded(schema: dict[str, Any]) -> bool:
    lower = "minimum" in schema or "exclusiveMinimum" in schema
    upper = "maximum" in schema or "exclusiveMaximum" in schema
    return lower and upper


def _plain_bounded(schema: dict[str, Any]) -> bool:
    """A number with one lower and one upper bound and nothing else to test."""
    listed = "enum" in schema or "const" in schema or "multipleOf" in schema
    lowers = sum(k in schema for k in ("minimum", "exclusiveMinimum"))
    uppers = sum(k in schema for k in ("maximum", "exclusiveMaximum"))
    return not listed and lowers == 1 and uppers == 1


def _number_range(test: Test) -> Test:
    """`test` (type number, two bounds) with float twins of its bounds."""
    return replace(
        test,
        kind="number_range",
        float_lower=_as_float(test.lower),
        float_upper=_as_float(test.upper),
    )


def _as_float(bound: int | float) -> int | float:
    """The float equal to `bound`, or `bound` itself when no float is (`10**30`)."""
    if isinstance(bound, float):
        return bound
    try:
        twin = float(bound)
    except OverflowError:
        return bound
    return twin if twin == bound else bound


def _range_tests(
    schema: dict[str, Any], subject: str, kind: TestKind, keywords: Bounds
) -> list[Test]:
    """Bounds as chained comparisons: `0 <= value <= 10`, one test per lower/upper pair."""
    lowers = [(schema[k], inclusive) for k, inclusive in keywords[0] if k in schema]
    uppers = [(schema[k], inclusive) for k, inclusive in keywords[1] if k in schema]
    if kind == "length":
        lowers = [(_count(v), inclusive) for v, inclusive in lowers]
        uppers = [(_count(v), inclusive) for v, inclusive in uppers]
    tests = []
    for position in range(max(len(lowers), len(uppers))):
        low, low_inclusive = lowers[position] if position < len(lowers) else (None, True)
        high, high_inclusive = uppers[position] if position < len(uppers) else (None, True)
        tests.append(
            Test(
                kind,
                subject,
                lower=low,
                lower_inclusive=low_inclusive,
                upper=high,
                upper_inclusive=high_inclusive,
            )
        )
    return tests


def _variable(kind: str, scope: frozenset[str]) -> str:
    """`item`, or `item_2` inside a loop over another `item`, ... : unique along a chain."""
    if kind not in scope:
        return kind
    return next(f"{kind}_{n}" for n in range(2, len(scope) + 3) if f"{kind}_{n}" not in scope)


def _join(stem: str, part: str) -> str:
    return f"{stem}_{part}" if stem else part
