"""Schema -> Plan: the checks a JSON Schema (the supported subset) asks for.

`compile_schema` first reads the whole schema for problems (unsupported keywords,
malformed values) and reports them all at once as a `SchemaError`; only a clean schema
becomes a `Plan`. What each keyword asks is in its entry of `keywords.VOCABULARY`; this
module puts the entries of one subschema together (a fast test, the runtime keywords,
items, members, applicators). Semantics are draft 2020-12's as jsonschema applies them;
the fast tests built here only ever accept values that `check` would accept too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from generator import naming
from generator.runtime._validation import describe
from generator.validation.keywords import (
    ASSERTIONS,
    DIALECTS,
    KEYWORDS,
    MESSAGE,
    NUMERIC,
    SCALARS,
    SchemaError,
    SchemaProblem,
    declared_types,
    escape_pointer,
    is_known,
    regex_problem,
    value_type,
)
from generator.validation.plan import (
    Applied,
    Argument,
    Checker,
    Constant,
    ConstantKind,
    Dependent,
    Function,
    Items,
    Members,
    Node,
    Path,
    Plan,
    Property,
    Test,
)

RUNTIME = "_v"
"""How generated code names the runtime module."""


def compile_schema(schema: Any) -> Plan:
    """The plan of a validator for `schema`; raises SchemaError listing every problem."""
    problems = list(schema_problems(schema))
    if problems:
        raise SchemaError(problems)
    compiler = _Compiler()
    root = compiler.node(schema, _Where("payload", Path(), frozenset({"payload"}), ""))
    return Plan(root, tuple(compiler.constants), tuple(compiler.verdicts))


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
            pointer, f"expected a schema (an object or a boolean), found {describe(schema)}"
        )
        return
    nested: list[tuple[str, Any]] = []
    for keyword, value in schema.items():
        if not is_known(keyword):
            yield SchemaProblem(
                pointer,
                f"unsupported keyword {keyword!r} (the validator compiler supports "
                f"{', '.join(ASSERTIONS)}, and annotations)",
                str(keyword),
                unsupported=True,
            )
            continue
        yield from _keyword_problems(keyword, value, f"{pointer}/{escape_pointer(keyword)}")
        entry = KEYWORDS.get(keyword)
        if entry is not None and entry.problem(value) is None:
            nested += [(f"{pointer}/{keyword}{at}", sub) for at, sub in entry.subschemas(value)]
    for where, subschema in nested:
        yield from schema_problems(subschema, where)


def _keyword_problems(keyword: str, value: Any, pointer: str) -> Iterator[SchemaProblem]:
    entry = KEYWORDS.get(keyword)
    if keyword in ("default", "examples"):
        expected = None if _json_value(value) else "JSON values (no NaN or infinity)"
    elif keyword == MESSAGE:
        expected = None if isinstance(value, str) else "a message (a string)"
    else:
        expected = entry.problem(value) if entry else None
    if expected is not None:
        message = f"{keyword}: expected {expected}, found {describe(value)}"
        yield SchemaProblem(pointer, message, keyword)
    elif keyword == "pattern" and (why := regex_problem(value)):
        yield SchemaProblem(pointer, f"pattern: {why}", keyword, unsupported=True)


def _json_value(value: Any) -> bool:
    return KEYWORDS["const"].problem(value) is None


# Building the plan ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    """Where a subschema's checks go: the variable, its path, the variables in scope and
    the stem that names its constants."""

    subject: str
    path: Path
    scope: frozenset[str]
    stem: str

    def below(self, subject: str, path: Path, stem: str, *new: str) -> _Where:
        return _Where(subject, path, self.scope | {subject, *new}, stem)

    def variable(self, kind: str) -> str:
        """`item`, or `item_2` inside a loop over another `item`, ... : unique along a chain."""
        if kind not in self.scope:
            return kind
        numbered = (f"{kind}_{n}" for n in range(2, len(self.scope) + 3))
        return next(name for name in numbered if name not in self.scope)


class _Constants:
    """The keywords' view of the compiler: constants for one subschema."""

    def __init__(self, compiler: _Compiler, schema: dict[str, Any], stem: str) -> None:
        self.compiler, self.schema, self.stem = compiler, schema, stem

    def constant(self, suffix: str, kind: ConstantKind, value: Any, json_type: str = "") -> str:
        return self.compiler.constant(self.stem, suffix, kind, value, json_type or None)

    def shared(self, keyword: str) -> str:
        return self.compiler.shared(self.schema, keyword, self.stem)


class _Compiler:
    def __init__(self) -> None:
        self.constants: list[Constant] = []
        self.verdicts: list[Function] = []
        self._taken: set[str] = set()
        self._shared: dict[tuple[str, int], str] = {}
        """(keyword, id of its schema) -> constant, for values both tests and `check` use."""

    def name(self, base: str) -> str:
        name = naming.unique([base], self._taken)[0]
        self._taken.add(name)
        return name

    def constant(
        self, stem: str, suffix: str, kind: ConstantKind, value: Any, json_type: str | None = None
    ) -> str:
        name = self.name(f"_{stem.strip('_').upper() or 'PAYLOAD'}_{suffix}")
        self.constants.append(Constant(name, kind, value, json_type))
        return name

    def shared(self, schema: dict[str, Any], keyword: str, stem: str) -> str:
        key = (keyword, id(schema))
        if key not in self._shared:
            self._shared[key] = self._make_shared(schema, keyword, stem)
        return self._shared[key]

    def _make_shared(self, schema: dict[str, Any], keyword: str, stem: str) -> str:
        if keyword == "enum":
            return self.constant(stem, "ENUM", "values", tuple(schema["enum"]))
        if keyword == "pattern":
            return self.constant(stem, "PATTERN", "pattern", schema["pattern"])
        json_type = _single_type(schema) or ""
        values = self.shared(schema, "enum", stem)
        return self.constant(stem, "FAST", "fast_set", values, json_type)

    def function(self, schema: Any, where: _Where, suffix: str) -> str:
        """A verdict-only function for `schema` (its own scope: one `value` parameter)."""
        stem = _join(where.stem, suffix)
        name = self.name(f"_{stem.strip('_').lower() or 'payload'}")
        inner = _Where("value", Path(), frozenset({"value"}), stem)
        self.verdicts.append(Function(name, self.node(schema, inner)))
        return name

    # One subschema ---------------------------------------------------------------------

    def node(self, schema: Any, where: _Where) -> Node:
        if schema is False:
            return Node(where.subject, where.path, "nothing")
        if not isinstance(schema, dict):
            return Node(where.subject, where.path, "anything")
        message = schema.get(MESSAGE)
        mark = where.variable("mark") if message is not None else None
        if mark is not None:  # nested rules count their own errors
            where = replace(where, scope=where.scope | {mark})
        node = self._own(schema, where)
        applied = self.applied(schema, where)
        if not applied and node.kind == "anything":
            return node
        return replace(node, applied=applied, message=message, mark=mark)

    def _own(self, schema: dict[str, Any], where: _Where) -> Node:
        """The value's own checks: its keywords, items and members (no applicators)."""
        subject, path = where.subject, where.path
        types = declared_types(schema)
        constants = _Constants(self, schema, where.stem)
        arguments = _arguments(schema, constants)
        items = self.items(schema, where)
        members = self.members(schema, where)
        if not arguments and items is None and members is None:
            return Node(subject, path, "anything")
        keywords = self.keywords(arguments, where.stem)
        checker = _checker(arguments)
        lenient = "enum" in schema
        json_type = types[0] if len(types) == 1 else None
        # Keywords of another type than the declared one still apply to such values (which
        # fail `type` too): no single-type shortcut then.
        if (members is not None and json_type != "object") or (
            items is not None and json_type != "array"
        ):
            json_type = None
        base = Node(subject, path, "mixed", keywords=keywords, lenient=lenient, checker=checker)
        if json_type == "array" or json_type == "object":
            return self._container(schema, replace(base, json_type=json_type), items, members)
        # An integer's fast test takes an int, not a whole float (`1.0`): not exact.
        if json_type is not None and _const_fits(schema, json_type):
            tests = _fast_tests(schema, subject, json_type, constants)
            exact = json_type != "integer"
            return replace(base, kind="leaf", json_type=json_type, tests=tests, exact=exact)
        if checker == "check_type" and items is None and members is None:  # ["string", "null"]
            union = Test("type_union", subject, value=types)
            return replace(base, kind="leaf", tests=(union,), exact="integer" not in types)
        return replace(base, items=items, members=members)

    def _container(
        self, schema: dict[str, Any], base: Node, items: Items | None, members: Members | None
    ) -> Node:
        """An array or an object: its own fast tests, then its items or members."""
        json_type = base.json_type or ""
        constants = _Constants(self, schema, "")  # containers' keywords make no constants
        tests = _merge_bounds(list(_keyword_tests(schema, base.subject, json_type, constants)))
        checks_values = "enum" in schema or "const" in schema
        if items is None and members is None and not tests and not checks_values:
            # Nothing left to do once the type fits: one fast test, as for a scalar.
            test = Test("type", base.subject, json_type)
            return replace(base, kind="leaf", tests=(test,), exact=True)
        return replace(
            base,
            kind="array" if json_type == "array" else "object",
            tests=tuple(tests),
            always_check=checks_values,
            items=items,
            members=members,
            exact=True,
        )

    def keywords(self, arguments: tuple[Argument, ...], stem: str) -> str | None:
        """The `Keywords` constant for `check`: a runtime one for a bare type."""
        if not arguments:
            return None
        if len(arguments) == 1 and arguments[0].name == "types" and len(arguments[0].value) == 1:
            return f"{RUNTIME}.{arguments[0].value[0].upper()}"
        return self.constant(stem, "KEYWORDS", "keywords", arguments)

    def items(self, schema: dict[str, Any], where: _Where) -> Items | None:
        if "items" not in schema or schema["items"] is False:
            return None
        index, item = where.variable("index"), where.variable("item")
        inner = where.below(item, where.path.index(index), f"{where.stem}_ITEMS", index)
        node = self.node(schema["items"], inner)
        return None if node.trivial else Items(index, node)

    def members(self, schema: dict[str, Any], where: _Where) -> Members | None:
        declared: dict[str, Any] = schema.get("properties", {})
        required = list(dict.fromkeys(schema.get("required", [])))
        value = where.variable("value")
        count = None
        if declared and schema.get("additionalProperties") is False:
            count = where.variable("known")
            where = replace(where, scope=where.scope | {count})
        properties = tuple(
            Property(key, key in required, self.node(sub, self._property(where, value, key)))
            for key, sub in declared.items()
        )
        if count is None:  # a property with nothing to check matters only when counted
            properties = tuple(p for p in properties if p.required or not p.node.trivial)
        elsewhere = tuple(name for name in required if name not in declared)
        required_elsewhere = (
            self.constant(where.stem, "REQUIRED", "values", elsewhere) if elsewhere else None
        )
        dependents = self.dependents(schema, where)
        extra_key = where.variable("key")
        extra = self.node(
            schema.get("additionalProperties", True),
            where.below(value, where.path.dynamic_key(extra_key), f"{where.stem}_EXTRA", extra_key),
        )
        if extra.trivial:
            if not properties and not elsewhere and not dependents:
                return None
            return Members(properties, required_elsewhere, "allowed", dependents=dependents)
        names = self.constant(where.stem, "NAMES", "values", tuple(declared)) if declared else None
        known = self.constant(where.stem, "KNOWN", "names_set", names) if names else None
        if extra.kind == "nothing" and not extra.applied:
            names = names or self.constant(where.stem, "NAMES", "values", ())
            return Members(
                properties,
                required_elsewhere,
                "forbidden",
                names,
                known,
                extra_key,
                None,
                dependents,
                count,
            )
        return Members(
            properties, required_elsewhere, "checked", None, known, extra_key, extra, dependents
        )

    def _property(self, where: _Where, value: str, key: str) -> _Where:
        return where.below(value, where.path.key(key), _join(where.stem, naming.argument_name(key)))

    def dependents(self, schema: dict[str, Any], where: _Where) -> tuple[Dependent, ...]:
        """`dependentRequired` and `dependentSchemas`, by property name in schema order."""
        found: list[Dependent] = []
        for key, names in schema.get("dependentRequired", {}).items():
            if names:
                found.append(Dependent(key, tuple(dict.fromkeys(names))))
        for key, subschema in schema.get("dependentSchemas", {}).items():
            stem = _join(where.stem, f"IF_{naming.argument_name(key)}")
            node = self.node(subschema, replace(where, stem=stem))
            if not node.trivial:
                found.append(Dependent(key, node=node))
        return tuple(found)

    # Applicators -------------------------------------------------------------------------

    def functions(self, schemas: list[Any], where: _Where, suffix: str) -> tuple[str, ...]:
        return tuple(
            self.function(sub, where, f"{suffix}_{n + 1}") for n, sub in enumerate(schemas)
        )

    def applied(self, schema: dict[str, Any], where: _Where) -> tuple[Applied, ...]:
        found: list[Applied] = []
        if "allOf" in schema:
            nodes = tuple(
                self.node(sub, replace(where, stem=_join(where.stem, f"ALL_OF_{n + 1}")))
                for n, sub in enumerate(schema["allOf"])
            )
            if any(not node.trivial for node in nodes):
                found.append(Applied("all_of", nodes=tuple(n for n in nodes if not n.trivial)))
        if "anyOf" in schema:
            found.append(Applied("any_of", self.functions(schema["anyOf"], where, "ANY_OF")))
        if "oneOf" in schema:
            found.append(Applied("one_of", self.functions(schema["oneOf"], where, "ONE_OF")))
        if "not" in schema:
            found.append(Applied("not", (self.function(schema["not"], where, "NOT"),)))
        if "if" in schema and ("then" in schema or "else" in schema):
            decide = self.function(schema["if"], where, "IF")
            branches = tuple(
                (
                    self.node(schema[k], replace(where, stem=_join(where.stem, k.upper())))
                    if k in schema
                    else None
                )
                for k in ("then", "else")
            )
            branches = tuple(None if b is None or b.trivial else b for b in branches)
            if any(branches):
                found.append(Applied("if", (decide,), branches))
        return tuple(found)


def _arguments(schema: dict[str, Any], constants: _Constants) -> tuple[Argument, ...]:
    """The keywords `check` reports on for this value, in reporting order."""
    found = []
    for keyword, value in _present(schema):
        argument = keyword.runtime_argument(value, constants)
        if argument is not None:
            found.append(argument)
    return tuple(found)


def _present(schema: dict[str, Any]) -> Iterator[tuple[Any, Any]]:
    """The schema's keywords with a runtime argument, in the vocabulary's order."""
    for keyword in KEYWORDS.values():
        if keyword.argument and keyword.name in schema:
            yield keyword, schema[keyword.name]


def _keyword_tests(
    schema: dict[str, Any], subject: str, json_type: str, constants: _Constants
) -> Iterator[Test]:
    """Each keyword's fast test for a value of `json_type` (not `type` itself)."""
    for keyword, value in _present(schema):
        if keyword.name != "type" and json_type in keyword.applies_to:
            test = keyword.fast_test(value, subject, constants)
            if test is not None:
                yield test


def _fast_tests(
    schema: dict[str, Any], subject: str, json_type: str, constants: _Constants
) -> tuple[Test, ...]:
    """A scalar's whole fast test: its type by exact class, then every keyword's test."""
    tests = _merge_bounds(list(_keyword_tests(schema, subject, json_type, constants)))
    ranges = [t for t in tests if t.kind == "range"]
    if json_type == "number" and len(tests) == 1 and _two_sided(ranges):
        return (_number_range(ranges[0]),)
    listed = "enum" in schema or "const" in schema
    if json_type == "number" and not _two_sided(ranges) and not listed:
        # Two bounds or listed values exclude NaN and the infinities; else the type test
        # takes only a finite float (and `multipleOf`'s test, after it, a finite number).
        return (Test("finite_number", subject), *tests)
    return (Test("type", subject, json_type), *tests)


def _merge_bounds(tests: list[Test]) -> list[Test]:
    """Lower and upper bounds of one measure as chained comparisons: `0 <= value <= 10`."""
    merged: list[Test] = []
    for test in tests:
        if test.kind not in ("range", "length"):
            merged.append(test)
            continue
        partner = next(
            (
                i
                for i, t in enumerate(merged)
                if t.kind == test.kind
                and (t.lower is None) != (test.lower is None)
                and (t.upper is None) != (test.upper is None)
            ),
            None,
        )
        if partner is None:
            merged.append(test)
        else:
            lower, upper = sorted([merged[partner], test], key=lambda t: t.lower is None)
            merged[partner] = replace(
                lower, upper=upper.upper, upper_inclusive=upper.upper_inclusive
            )
    return merged


def _two_sided(ranges: list[Test]) -> bool:
    return any(t.lower is not None and t.upper is not None for t in ranges)


def _checker(arguments: tuple[Argument, ...]) -> Checker:
    """The narrowest runtime function that reports on these keywords as `check` would."""
    names = tuple(a.name for a in arguments)
    types: tuple[str, ...] = arguments[0].value if names and names[0] == "types" else ()
    if names == ("types",):
        return "check_type"
    if names == ("types", "enum") and len(types) == 1 and types[0] in SCALARS:
        return "check_enum"
    if types == ("number",) and set(names[1:]) <= {"minimum", "maximum"}:
        return "check_range"
    return "check"


def _single_type(schema: dict[str, Any]) -> str | None:
    types = declared_types(schema)
    return types[0] if len(types) == 1 else None


def _const_fits(schema: dict[str, Any], json_type: str) -> bool:
    """A `const` of another type than the value's makes every value fail: no fast test."""
    if "const" not in schema:
        return True
    found = value_type(schema["const"])
    return found == json_type or (found in NUMERIC and json_type in NUMERIC)


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


def _join(stem: str, part: str) -> str:
    return f"{stem}_{part}" if stem else part
