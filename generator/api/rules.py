"""The API's requirement rules as JSON Schema: one `allOf` entry per rule.

Each entry holds only that rule's assertion and `x-scenario-message`, the API's own text
(or, where the API gives none, one saying the same thing), which the validator reports
for any error inside the entry. An input is "given" when the payload has its key, as the
server reads a request: a default is what the server fills in for an input left out, not
something the caller gave. A `conditional` rule compares the payload's value (the whole
value, for an array) with the listed ones, as JSON Schema's `enum` does: `1` and `1.0`
are equal, `true` and `1` are not.

| rule | entry |
| --- | --- |
| ifDefined `{B: msg}` on A | `{"dependentRequired": {B: [A]}}` |
| ifNotDefined `{B: msg}` on A | `{"if": {"not": {"required": [B]}}, "then": {"required": [A]}}` |
| conditional `{values: {B: [v...], C: [w...]}, operator: "and"}` on A | `{"if": {"required": [B, C], "properties": {B: {"enum": [v...]}, C: {"enum": [w...]}}}, "then": {"required": [A]}}` |
| conditional, operator `"or"` | `if` is `{"anyOf": [<B's condition>, <C's condition>]}` |
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from generator.api.definition import Condition, Rule, RuleKind

Schema = dict[str, Any]
MESSAGE = "x-scenario-message"


def rule_schema(rule: Rule) -> Schema:
    """One rule as one `allOf` entry."""
    assertion, default_message = _RULES[rule.kind]
    return {**assertion(rule), MESSAGE: rule.message or default_message(rule)}


def _if_defined(rule: Rule) -> Schema:
    (condition,) = rule.conditions
    return {"dependentRequired": {condition.input: [rule.target]}}


def _if_not_defined(rule: Rule) -> Schema:
    (condition,) = rule.conditions
    return {"if": {"not": {"required": [condition.input]}}, "then": {"required": [rule.target]}}


def _conditional(rule: Rule) -> Schema:
    test: Schema
    if len(rule.conditions) == 1 or rule.operator == "and":
        test = {
            "required": [c.input for c in rule.conditions],
            "properties": {c.input: {"enum": list(c.values)} for c in rule.conditions},
        }
    else:
        test = {"anyOf": [_conditional_test(c) for c in rule.conditions]}
    return {"if": test, "then": {"required": [rule.target]}}


def _conditional_test(condition: Condition) -> Schema:
    return {
        "required": [condition.input],
        "properties": {condition.input: {"enum": list(condition.values)}},
    }


def _given_message(rule: Rule) -> str:
    return f"{_name(rule.target)} is required when {_name(rule.conditions[0].input)} is given"


def _not_given_message(rule: Rule) -> str:
    return f"{_name(rule.target)} is required when {_name(rule.conditions[0].input)} is not given"


def _conditional_message(rule: Rule) -> str:
    joiner = f" {rule.operator} "
    return f"{_name(rule.target)} is required when " + joiner.join(
        f"{_name(c.input)} is {_values(c.values)}" for c in rule.conditions
    )


def _name(name: str) -> str:
    return json.dumps(name, ensure_ascii=False)


def _values(values: tuple[Any, ...]) -> str:
    shown = [json.dumps(v, ensure_ascii=False) for v in values]
    return shown[0] if len(shown) == 1 else "one of " + ", ".join(shown)


_RULES: dict[RuleKind, tuple[Callable[[Rule], Schema], Callable[[Rule], str]]] = {
    "ifDefined": (_if_defined, _given_message),
    "ifNotDefined": (_if_not_defined, _not_given_message),
    "conditional": (_conditional, _conditional_message),
}
"""Each rule kind: its assertion, and its message when the API gives none."""
