"""Classifying the changes between two versions of the models' schemas.

- major (breaking): a model or parameter removed, a new required parameter, optional made
  required, a type change, an allowed value removed or an enum newly set, a bound narrowed or
  newly set (lengths, item counts, a file's size or a clip's duration too), a file kind or the
  model types narrowed, a new conditional requirement (an entry of the model's `allOf`), a
  default added, removed or changed (an omitted argument now means something else),
  `additionalProperties` closed, any other constraint changed.
- minor: the reverse of most of those: a model or optional parameter added, an allowed value
  added or the enum dropped, a bound widened or dropped, a conditional requirement dropped,
  required made optional, `additionalProperties` opened.
- patch: titles, descriptions and other annotations (`x-scenario-step`, any other `x-*`), the
  message of a conditional requirement, the model's capabilities, provider, kind, source
  (a page, the API, both) and page.

Only schemas are compared, never markdown: a page's date lives in `index.json`, not in a
model's schema, so two pages differing by their date alone differ by nothing. Nor is the order
of the parameters: the client takes keyword-only arguments.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from generator.upstream.changes import (
    ABSENT,
    KIND_RANK,
    LOWER_BOUNDS,
    SET_KEYWORDS,
    UPPER_BOUNDS,
    Change,
    canonical,
    same,
)

Schema = dict[str, Any]

ANNOTATIONS = (
    "title",
    "description",
    "examples",
    "deprecated",
    "$comment",
    "readOnly",
    "writeOnly",
)
_UPSTREAM_TYPE = "x-scenario-type"
_RULE_MESSAGE = "x-scenario-message"
_MODEL_KEYWORDS = {
    "$schema",
    "$id",
    "type",
    "additionalProperties",
    "required",
    "properties",
    "allOf",
    "x-scenario",
}
_VALUE_KEYWORDS = {"type", "default", *SET_KEYWORDS, *LOWER_BOUNDS, *UPPER_BOUNDS}
_PARAM_KEYWORDS = {_UPSTREAM_TYPE, "items", *_VALUE_KEYWORDS}
_MODEL_FACTS = (
    ("capabilities", "capabilities-changed"),
    ("provider", "provider-changed"),
    ("kind", "model-kind-changed"),
    ("source", "model-source-changed"),
)


def diff(
    old: Mapping[str, Schema],
    new: Mapping[str, Schema],
    old_pages: Mapping[str, str] | None = None,
    new_pages: Mapping[str, str] | None = None,
) -> list[Change]:
    """Every change from `old` to `new` (schemas by Model ID; the page of each model when
    known), in a deterministic order: model id, then parameter in table order (model-level
    changes first), then kind."""
    changes: list[Change] = []
    for model_id in sorted(set(old) | set(new)):
        before, after = old.get(model_id), new.get(model_id)
        if after is None:
            changes.append(Change(model_id, None, "model-removed", _title(before), None))
        elif before is None:
            changes.append(Change(model_id, None, "model-added", None, _title(after)))
        else:
            pages = ((old_pages or {}).get(model_id), (new_pages or {}).get(model_id))
            changes += _sorted_model_changes(model_id, before, after, pages)
    return changes


def _title(schema: Schema | None) -> Any:
    return schema.get("title") if schema else None


def _sorted_model_changes(
    model_id: str, old: Schema, new: Schema, pages: tuple[str | None, str | None]
) -> list[Change]:
    order = {
        name: rank for rank, name in enumerate(_table_order(_properties(old), _properties(new)))
    }
    found = list(_model_changes(model_id, old, new))
    if None not in pages and pages[0] != pages[1]:
        found.append(Change(model_id, None, "page-changed", pages[0], pages[1]))
    found.sort(
        key=lambda c: (
            -1 if c.param is None else order[c.param],
            KIND_RANK[c.kind],
            canonical(c.before),
            canonical(c.after),
        )
    )
    return found


def _table_order(old: Sequence[str], new: Sequence[str]) -> list[str]:
    """The new table order, each removed parameter placed after its old predecessor."""
    merged = list(new)
    for index, name in enumerate(old):
        if name in merged:
            continue
        previous = next((o for o in reversed(old[:index]) if o in merged), None)
        merged.insert(merged.index(previous) + 1 if previous is not None else 0, name)
    return merged


def _properties(schema: Schema) -> list[str]:
    return list(schema.get("properties", {}))


# The model ------------------------------------------------------------------------------


def _model_changes(model_id: str, old: Schema, new: Schema) -> Iterator[Change]:
    yield from _annotation_changes(model_id, None, old, new)
    yield from _other_keyword_changes(model_id, None, old, new, _MODEL_KEYWORDS - {"type"})
    yield from _fact_changes(model_id, old.get("x-scenario"), new.get("x-scenario"))
    yield from _openness_changes(model_id, old, new)
    yield from _rule_changes(model_id, old.get("allOf", []), new.get("allOf", []))
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
    for name in _table_order(list(old_props), list(new_props)):
        was_required, is_required = name in old_required, name in new_required
        if name not in new_props:
            yield Change(model_id, name, "param-removed", old_props[name], None)
        elif name not in old_props:
            kind = "required-param-added" if is_required else "optional-param-added"
            yield Change(model_id, name, kind, None, new_props[name])
        else:
            if was_required != is_required:
                kind = "made-required" if is_required else "made-optional"
                yield Change(model_id, name, kind, was_required, is_required)
            yield from _param_changes(model_id, name, old_props[name], new_props[name])


def _fact_changes(model_id: str, old: Any, new: Any) -> Iterator[Change]:
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    for key, kind in _MODEL_FACTS:
        if not same(old.get(key), new.get(key)):
            yield Change(model_id, None, kind, old.get(key), new.get(key))


def _openness_changes(model_id: str, old: Schema, new: Schema) -> Iterator[Change]:
    was_open, is_open = old.get("additionalProperties", True), new.get("additionalProperties", True)
    if same(was_open, is_open):
        return
    if was_open is True and is_open is False:
        yield Change(model_id, None, "additional-properties-restricted", was_open, is_open)
    elif was_open is False and is_open is True:
        yield Change(model_id, None, "additional-properties-allowed", was_open, is_open)
    else:
        yield _constraint(model_id, None, "additionalProperties", old, new)


def _rule_changes(model_id: str, old: Any, new: Any) -> Iterator[Change]:
    """The conditional requirements read from the API: one entry of the model's `allOf`
    each. An entry is known by its assertions; its message is documentation."""
    if not isinstance(old, list) or not isinstance(new, list):
        if not same(old, new):
            yield Change(model_id, None, "constraint-changed", {"allOf": old}, {"allOf": new})
        return
    old_rules, new_rules = _by_assertion(old), _by_assertion(new)
    for key in sorted(old_rules.keys() | new_rules.keys()):
        yield from _same_rule_changes(model_id, old_rules.get(key, []), new_rules.get(key, []))


def _same_rule_changes(model_id: str, before: list[Any], after: list[Any]) -> Iterator[Change]:
    """The entries of one assertion on each side (usually none or one)."""
    for rule in after[len(before) :]:
        yield Change(model_id, None, "rule-added", None, rule)
    for rule in before[len(after) :]:
        yield Change(model_id, None, "rule-removed", rule, None)
    for was, now in zip(before, after, strict=False):
        if not same(_message(was), _message(now)):
            yield Change(model_id, None, "rule-message-changed", was, now)


def _message(rule: Any) -> Any:
    return rule.get(_RULE_MESSAGE) if isinstance(rule, dict) else None


def _by_assertion(rules: list[Any]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for rule in rules:
        key = rule
        if isinstance(rule, dict):
            key = {k: v for k, v in rule.items() if k != _RULE_MESSAGE}
        grouped.setdefault(canonical(key), []).append(rule)
    return grouped


# A parameter ------------------------------------------------------------------------------


def _param_changes(model_id: str, name: str, old: Schema, new: Schema) -> Iterator[Change]:
    yield from _annotation_changes(model_id, name, old, new)
    if _type_of(old) != _type_of(new):
        # Enum, bounds and default of another type do not compare: the type says it all.
        before, after = _type_label(old, new), _type_label(new, old)
        yield Change(model_id, name, "type-changed", before, after)
        return
    yield from _other_keyword_changes(model_id, name, old, new, _PARAM_KEYWORDS)
    yield from _value_changes(model_id, name, old, new)
    old_items, new_items = old.get("items"), new.get("items")
    if isinstance(old_items, dict) and isinstance(new_items, dict):
        yield from _annotation_changes(model_id, name, old_items, new_items)
        yield from _other_keyword_changes(model_id, name, old_items, new_items, _VALUE_KEYWORDS)
        yield from _value_changes(model_id, name, old_items, new_items)
    elif not same(old_items, new_items):
        yield _constraint(model_id, name, "items", old, new)


def _value_changes(model_id: str, name: str, old: Schema, new: Schema) -> Iterator[Change]:
    """What a value may be: its allowed sets, its bounds, its default."""
    for keyword in SET_KEYWORDS:
        yield from _set_changes(model_id, name, keyword, old, new)
    for keyword in LOWER_BOUNDS + UPPER_BOUNDS:
        yield from _bound_changes(model_id, name, keyword, old, new)
    yield from _default_changes(model_id, name, old, new)


def _type_of(schema: Schema) -> tuple[str, ...]:
    items = schema.get("items")
    item_type = items.get("type") if isinstance(items, dict) else None
    return (
        canonical(schema.get("type")),
        canonical(item_type),
        canonical(schema.get(_UPSTREAM_TYPE)),
    )


def _type_label(schema: Schema, other: Schema) -> Any:
    """The upstream type when both sides name theirs and they differ, else the shape."""
    upstream, other_upstream = schema.get(_UPSTREAM_TYPE), other.get(_UPSTREAM_TYPE)
    if None not in (upstream, other_upstream) and not same(upstream, other_upstream):
        return upstream
    shape: dict[str, Any] = {k: schema[k] for k in ("type", _UPSTREAM_TYPE) if k in schema}
    items = schema.get("items")
    if isinstance(items, dict) and "type" in items:
        shape["items"] = {"type": items["type"]}
    return shape


def _bound_changes(
    model_id: str, name: str, keyword: str, old: Schema, new: Schema
) -> Iterator[Change]:
    before, after = old.get(keyword), new.get(keyword)
    if same(before, after):
        return
    if before is None:
        yield Change(model_id, name, f"{keyword}-added", None, after)
    elif after is None:
        yield Change(model_id, name, f"{keyword}-removed", before, None)
    elif not _is_number(before) or not _is_number(after):
        yield _constraint(model_id, name, keyword, old, new)
    else:
        narrowed = (after > before) == (keyword in LOWER_BOUNDS)
        verb = "narrowed" if narrowed else "widened"
        yield Change(model_id, name, f"{keyword}-{verb}", before, after)


def _set_changes(
    model_id: str, name: str, keyword: str, old: Schema, new: Schema
) -> Iterator[Change]:
    """A set of allowed values (an enum, file kinds, model types); one value alone counts
    as a set of one."""
    before, after = old.get(keyword), new.get(keyword)
    if same(before, after):
        return
    limited, removed, added, unlimited = SET_KEYWORDS[keyword]
    if before is None:
        yield Change(model_id, name, limited, None, after)
    elif after is None:
        yield Change(model_id, name, unlimited, before, None)
    elif isinstance(before, list) != isinstance(after, list) and keyword == "enum":
        yield _constraint(model_id, name, keyword, old, new)
    else:
        old_values, new_values = _values(before), _values(after)
        if old_values - new_values:
            yield Change(model_id, name, removed, before, after)
        if new_values - old_values:
            yield Change(model_id, name, added, before, after)


def _values(value: Any) -> set[str]:
    return {canonical(v) for v in (value if isinstance(value, list) else [value])}


def _default_changes(model_id: str, name: str, old: Schema, new: Schema) -> Iterator[Change]:
    if "default" not in old and "default" not in new:
        return
    if "default" not in old:
        yield Change(model_id, name, "default-added", None, new["default"])
    elif "default" not in new:
        yield Change(model_id, name, "default-removed", old["default"], None)
    elif not same(old["default"], new["default"]):
        yield Change(model_id, name, "default-changed", old["default"], new["default"])


# Annotations and the rest ------------------------------------------------------------------


def _annotation_changes(
    model_id: str, name: str | None, old: Schema, new: Schema
) -> Iterator[Change]:
    for keyword in ANNOTATIONS:
        before, after = old.get(keyword), new.get(keyword)
        if same(before, after):
            continue
        if keyword in ("title", "description"):
            yield Change(model_id, name, f"{keyword}-changed", before, after)
        else:
            yield _annotation(model_id, name, keyword, old, new)


def _other_keyword_changes(
    model_id: str, name: str | None, old: Schema, new: Schema, known: set[str]
) -> Iterator[Change]:
    """Keywords classified nowhere else. An `x-*` annotation (`x-scenario-step`) says how a
    value is chosen, not what a request may hold: patch. Any other keyword (a hand-written
    `pattern`, `const`) could refuse a payload that was valid: breaking."""
    for keyword in sorted((set(old) | set(new)) - known - set(ANNOTATIONS)):
        if same(old.get(keyword, ABSENT), new.get(keyword, ABSENT)):
            continue
        if keyword.startswith("x-"):
            yield _annotation(model_id, name, keyword, old, new)
        else:
            yield _constraint(model_id, name, keyword, old, new)


def _constraint(model_id: str, name: str | None, keyword: str, old: Schema, new: Schema) -> Change:
    return Change(model_id, name, "constraint-changed", _only(keyword, old), _only(keyword, new))


def _annotation(model_id: str, name: str | None, keyword: str, old: Schema, new: Schema) -> Change:
    return Change(model_id, name, "annotation-changed", _only(keyword, old), _only(keyword, new))


def _only(keyword: str, schema: Schema) -> dict[str, Any]:
    return {keyword: schema[keyword]} if keyword in schema else {}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
