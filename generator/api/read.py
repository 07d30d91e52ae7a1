"""`*.model.json` -> Definition: every problem of every file collected as a value.

What makes a definition unusable (not JSON, no safe Model ID, an input without a name or
with an unknown type, a field of the wrong type, a minimum above its maximum) is an error.
What the API may send but a schema cannot use (a field on a type it does not apply to, a
default or allowed value that does not fit the type, a rule naming an input the model does
not have) is a warning, and that part is left out: the definition is the server's, so
generate goes on with what it can trust.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, cast

from generator.api import values
from generator.api.definition import (
    Condition,
    Definition,
    Input,
    Operator,
    Rule,
    RuleKind,
)
from generator.api.json_lines import Path as JsonPath
from generator.api.json_lines import value_lines
from generator.pages.parse import SAFE_MODEL_ID
from generator.problems import Problem
from generator.upstream_types import UPSTREAM_TYPES

FILE_TYPES = ("file", "file_array")
ARRAY_TYPES = tuple(t.name for t in UPSTREAM_TYPES.values() if t.is_array)
LENGTH_TYPES = ("string", "model", *ARRAY_TYPES)
BOUNDED_TYPES = tuple(t.name for t in UPSTREAM_TYPES.values() if t.bounds is not None)

APPLIES_TO: dict[str, tuple[str, ...]] = {
    "min": BOUNDED_TYPES,
    "max": BOUNDED_TYPES,
    "minLength": LENGTH_TYPES,
    "maxLength": LENGTH_TYPES,
    "step": ("number", "number_array"),
    "kind": FILE_TYPES,
    "maxSize": FILE_TYPES,
    "minDuration": FILE_TYPES,
    "maxDuration": FILE_TYPES,
    "modelTypes": ("model_array",),
    "inputs": ("inputs_array",),
}
"""The upstream types each field applies to, per the SDK's docstrings; elsewhere it is
left out with a warning (min/max on a string bound its length, as the pages' Min/Max do)."""

RULE_KINDS: tuple[RuleKind, ...] = ("ifDefined", "ifNotDefined", "conditional")


INPUT_FIELDS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "description": ("description", values.text),
    "min": ("minimum", values.number),
    "max": ("maximum", values.number),
    "minLength": ("min_length", values.count),
    "maxLength": ("max_length", values.count),
    "step": ("step", values.number),
    "kind": ("kind", values.kind),
    "maxSize": ("max_size", values.count),
    "minDuration": ("min_duration", values.at_least_zero),
    "maxDuration": ("max_duration", values.at_least_zero),
    "modelTypes": ("model_types", values.strings),
}
"""The plain fields of a ModelInput: its key -> the Input attribute and how it is read."""

RANGES = (("min", "max"), ("minLength", "maxLength"), ("minDuration", "maxDuration"))
"""Fields bounding one thing from below and above: the first may not exceed the second."""


def read_definitions(paths: Iterable[Path]) -> tuple[list[Definition], list[Problem]]:
    """Every definition; the same Model ID in two files is an error naming both."""
    found: dict[str, Definition] = {}
    problems: list[Problem] = []
    for path in paths:
        definition, more = read_definition(path)
        problems += more
        if definition is None:
            continue
        other = found.get(definition.model_id)
        if other is not None:
            message = f"Model ID {definition.model_id!r} is defined twice (also {other.source}:{other.line})"
            problems.append(Problem(definition.source, definition.line, message))
            continue
        found[definition.model_id] = definition
    return list(found.values()), problems


def read_definition(path: Path) -> tuple[Definition | None, list[Problem]]:
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(source, 0, f"cannot read the definition: {exc.strerror}")]
    return parse_definition(raw, source, path.name)


def parse_definition(raw: bytes, source: str, name: str) -> tuple[Definition | None, list[Problem]]:
    """A definition from the bytes of its file (or of the API's answer, before it is saved)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(source, line, f"expected UTF-8 text, found byte 0x{raw[exc.start]:02x}")
        ]
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
        lines = value_lines(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(source, exc.lineno, f"expected JSON, found {exc.msg.lower()}")]
    except values.Invalid as exc:
        line = text[: text.find(str(exc))].count("\n") + 1
        return None, [Problem(source, line, f"expected a JSON number, found {exc}")]
    except RecursionError:
        return None, [
            Problem(source, 1, "expected a model definition, found JSON nested too deeply")
        ]
    reader = _Reader(source, lines)
    definition = reader.definition(document, name, hashlib.sha256(raw).hexdigest())
    return definition, reader.problems


def _refuse_constant(name: str) -> Any:
    raise values.Invalid(name)


class _Reader:
    def __init__(self, source: str, lines: Mapping[JsonPath, int]) -> None:
        self.source = source
        self.lines = lines
        self.problems: list[Problem] = []

    def line(self, path: JsonPath) -> int:
        while path not in self.lines:
            path = path[:-1]
        return self.lines[path]

    def error(self, path: JsonPath, message: str) -> None:
        self.problems.append(Problem(self.source, self.line(path), message))

    def warn(self, path: JsonPath, message: str) -> None:
        self.problems.append(Problem(self.source, self.line(path), message, "warning"))

    def field(
        self,
        document: Mapping[str, Any],
        key: str,
        path: JsonPath,
        read: Callable[[Any], Any],
        where: str,
    ) -> Any:
        """`document[key]` read by `read`; None when absent, null or invalid (an error)."""
        value = document.get(key)
        if value is None:
            return None
        try:
            return read(value)
        except values.Invalid as exc:
            self.error((*path, key), f"{where}`{key}`: expected {exc}, found {values.shown(value)}")
            return None

    # The model -------------------------------------------------------------------

    def definition(self, document: Any, name: str, sha256: str) -> Definition | None:
        if not isinstance(document, dict):
            self.error(
                (), f"expected a model object (`id`, `inputs`, ...), found {values.shown(document)}"
            )
            return None
        model_id = self.field(document, "id", (), values.text, "")
        if model_id is None:
            if "id" not in document:
                self.error((), "expected the model's `id`, found none")
            return None
        if not SAFE_MODEL_ID.fullmatch(model_id) or ".." in model_id:
            self.error(
                ("id",),
                f"expected a Model ID of letters, digits, '.', '_' and '-' (a safe file name), found {model_id!r}",
            )
            return None
        title = self.field(document, "name", (), values.text, "") or model_id
        description = self.field(document, "shortDescription", (), values.text, "") or None
        capabilities = self.field(document, "capabilities", (), values.strings, "") or ()
        updated_at = self.field(document, "updatedAt", (), values.text, "")
        raw_inputs = document.get("inputs")
        if not isinstance(raw_inputs, list):
            found = "none" if raw_inputs is None else values.shown(raw_inputs)
            self.error(
                ("inputs",) if "inputs" in document else (),
                "expected `inputs`, the model's parameters (a model called through "
                f"POST /generate/custom/{{modelId}} has them), found {found}",
            )
            return None
        inputs = self.inputs(raw_inputs, ("inputs",), "this model")
        if any(p.severity == "error" for p in self.problems):
            return None
        return Definition(
            source=self.source,
            name=name,
            sha256=sha256,
            model_id=model_id,
            line=self.line(("id",)),
            title=title,
            description=description,
            capabilities=capabilities,
            updated_at=updated_at,
            inputs=inputs,
        )

    def inputs(self, raw: list[Any], path: JsonPath, owner: str) -> tuple[Input, ...]:
        found: dict[str, Input] = {}
        for index, item in enumerate(raw):
            read = self.input(item, (*path, index))
            if read is None:
                continue
            if read.name in found:
                message = (
                    f"input `{read.name}` is defined twice (also line {found[read.name].line})"
                )
                self.error((*path, index, "name"), message)
                continue
            found[read.name] = read
        for read in found.values():
            for rule in read.rules:
                for condition in rule.conditions:
                    if condition.input not in found:
                        self.problems.append(
                            Problem(
                                self.source,
                                rule.line,
                                f"`{read.name}`: required.{rule.kind} names `{condition.input}`, "
                                f"which {owner} does not have",
                                "warning",
                            )
                        )
        return tuple(found.values())

    # One input ---------------------------------------------------------------------

    def input(self, raw: Any, path: JsonPath) -> Input | None:
        if not isinstance(raw, dict):
            self.error(
                path, f"expected an input object (`name`, `type`, ...), found {values.shown(raw)}"
            )
            return None
        name = self.field(raw, "name", path, values.text, "")
        if not name:
            if name == "" or "name" not in raw:
                self.error(path, "expected the input's `name`, found none")
            return None
        type_name = raw.get("type")
        if type_name not in UPSTREAM_TYPES:
            self.error(
                (*path, "type"),
                f"`{name}`: expected a type among {', '.join(UPSTREAM_TYPES)}, found {values.shown(type_name)}",
            )
            return None
        where = f"`{name}`: "
        fields: dict[str, Any] = {}
        for key, (attribute, read) in INPUT_FIELDS.items():
            if raw.get(key) is None or not self.applies(raw, key, type_name, path, where):
                continue
            fields[attribute] = self.field(raw, key, path, read, where)
        for low, high in RANGES:
            least, most = (fields.get(INPUT_FIELDS[key][0]) for key in (low, high))
            if least is not None and most is not None and least > most:
                self.error(
                    (*path, low),
                    f"{where}expected `{low}` at most `{high}`, found {least} > {most}",
                )
        fields["allowed"] = self.allowed(raw, type_name, path, where)
        fields["default"] = self.default(raw, type_name, path, where)
        fields["always"], fields["rules"] = self.required(
            raw.get("required"), name, (*path, "required"), where
        )
        if raw.get("inputs") is not None and self.applies(raw, "inputs", type_name, path, where):
            nested = raw["inputs"]
            if isinstance(nested, list):
                fields["inputs"] = self.inputs(nested, (*path, "inputs"), f"`{name}`'s inputs")
            else:
                self.error(
                    (*path, "inputs"),
                    f"{where}`inputs`: expected a list of inputs, found {values.shown(nested)}",
                )
        return Input(name=name, type=type_name, line=self.line(path), **fields)

    def applies(
        self, raw: Mapping[str, Any], key: str, type_name: str, path: JsonPath, where: str
    ) -> bool:
        types = APPLIES_TO.get(key)
        if types is None or type_name in types:
            return True
        self.warn(
            (*path, key),
            f"{where}`{key}` applies to {', '.join(types)} inputs, not {type_name}; left out",
        )
        return False

    def allowed(
        self, raw: Mapping[str, Any], type_name: str, path: JsonPath, where: str
    ) -> tuple[Any, ...] | None:
        listed = raw.get("allowedValues")
        if listed is None:
            return None
        at = (*path, "allowedValues")
        if not isinstance(listed, list):
            self.error(at, f"{where}`allowedValues`: expected a list, found {values.shown(listed)}")
            return None
        kept = []
        for index, value in enumerate(listed):
            if values.fits_value(type_name, value) and not isinstance(value, dict):
                kept.append(value)
            else:
                self.warn(
                    (*at, index),
                    f"{where}allowed value {values.shown(value)} does not fit type {type_name}; left out",
                )
        if not kept:
            if listed:
                self.warn(
                    at, f"{where}no allowed value fits type {type_name}: any value is allowed"
                )
            return None
        return tuple(kept)

    def default(self, raw: Mapping[str, Any], type_name: str, path: JsonPath, where: str) -> Any:
        value = raw.get("default")
        if value is None or values.fits(type_name, value):
            return value
        self.warn(
            (*path, "default"),
            f"{where}default {values.shown(value)} does not fit type {type_name}; left out",
        )
        return None

    # Rules -------------------------------------------------------------------------

    def required(
        self, raw: Any, target: str, path: JsonPath, where: str
    ) -> tuple[bool, tuple[Rule, ...]]:
        if raw is None or isinstance(raw, bool):
            return bool(raw), ()
        if not isinstance(raw, dict):
            self.error(
                path, f"{where}`required`: expected an object of rules, found {values.shown(raw)}"
            )
            return False, ()
        always = self.field(raw, "always", path, values.boolean, f"{where}required.")
        for key in raw:
            if key != "always" and key not in RULE_KINDS:
                self.warn((*path, key), f"{where}unknown rule required.{key}; left out")
        if always:
            return True, ()
        rules: list[Rule] = []
        for kind in RULE_KINDS[:2]:
            entries = raw.get(kind)
            if entries is None:
                continue
            if not isinstance(entries, dict):
                self.error(
                    (*path, kind),
                    f"{where}required.{kind}: expected an object of input -> message, found {values.shown(entries)}",
                )
                continue
            for other, message in entries.items():
                text = message.strip() if isinstance(message, str) else ""
                line = self.line((*path, kind, other))
                rules.append(Rule(kind, target, (Condition(other),), "and", text or None, line))
        conditional = self.conditional(
            raw.get("conditional"), target, (*path, "conditional"), where
        )
        return False, (*rules, *conditional)

    def conditional(self, raw: Any, target: str, path: JsonPath, where: str) -> tuple[Rule, ...]:
        if raw is None:
            return ()
        by_input = raw.get("values") if isinstance(raw, dict) else None
        if not isinstance(by_input, dict):
            self.error(
                path,
                f"{where}required.conditional: expected {{values: {{input: [values]}}, operator}}, found {values.shown(raw)}",
            )
            return ()
        operator = raw.get("operator")
        if operator is None:
            operator = "and"
            if len(by_input) > 1:
                self.warn(
                    path,
                    f'{where}required.conditional names {len(by_input)} inputs without an operator; read as "and"',
                )
        elif operator not in ("and", "or"):
            self.error(
                (*path, "operator"),
                f'{where}required.conditional.operator: expected "and" or "or", found {values.shown(operator)}',
            )
            return ()
        conditions = []
        for other, listed in by_input.items():
            listed = listed if isinstance(listed, list) else [listed]
            if listed:
                conditions.append(Condition(other, tuple(listed)))
            elif operator == "and":
                self.warn(
                    (*path, "values", other),
                    f"{where}required.conditional lists no value of `{other}`: the rule never applies; left out",
                )
                return ()
        if not conditions:
            self.warn(
                path,
                f"{where}required.conditional lists no values: the rule never applies; left out",
            )
            return ()
        return (
            Rule(
                "conditional",
                target,
                tuple(conditions),
                cast(Operator, operator),
                None,
                self.line(path),
            ),
        )
