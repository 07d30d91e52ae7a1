"""Changes between two versions of the models' schemas, classified as oasdiff
classifies a change to a REQUEST body: could a payload valid before be refused (or mean
something else) now?

- major (breaking): a model or parameter removed, a new required parameter, optional
  made required, a type change, an allowed value removed or an enum newly set, a bound
  narrowed or newly set, a default added, removed or changed (an omitted argument now
  means something else), `additionalProperties` closed, any other constraint changed.
- minor: a model or optional parameter added, an allowed value added or the enum
  dropped, a bound widened or dropped, required made optional, `additionalProperties`
  opened.
- patch: title, description and other annotations (model or parameter); the model's
  capabilities, provider and kind. They say what a model is for, not what a request
  may hold.

Only schemas are compared, never markdown: a page's date lives in `index.json`, not in
a model's schema, so two pages differing by their date alone differ by nothing. The
order of the parameters is not compared either: the client takes keyword-only
arguments.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from generator.emit.view import load_schema_file, model_id_of
from generator.inputs import page_paths
from generator.pages.parse import parse_or_raise
from generator.problems import InputError, Problem
from generator.schemas.build import model_schema

Schema = dict[str, Any]
Level = Literal["major", "minor", "patch"]
Semver = Literal["major", "minor", "patch", "none"]

LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
ANNOTATIONS = (
    "title",
    "description",
    "examples",
    "deprecated",
    "$comment",
    "readOnly",
    "writeOnly",
)


def _kinds() -> dict[str, Level]:
    kinds: dict[str, Level] = {
        "model-removed": "major",
        "model-added": "minor",
        "additional-properties-restricted": "major",
        "additional-properties-allowed": "minor",
        "param-removed": "major",
        "required-param-added": "major",
        "optional-param-added": "minor",
        "made-required": "major",
        "made-optional": "minor",
        "type-changed": "major",
        "enum-added": "major",
        "allowed-values-removed": "major",
        "allowed-values-added": "minor",
        "enum-removed": "minor",
    }
    for keyword in LOWER_BOUNDS + UPPER_BOUNDS:
        kinds[f"{keyword}-added"] = "major"
        kinds[f"{keyword}-narrowed"] = "major"
        kinds[f"{keyword}-widened"] = "minor"
        kinds[f"{keyword}-removed"] = "minor"
    kinds.update(
        {
            "default-added": "major",
            "default-removed": "major",
            "default-changed": "major",
            "constraint-changed": "major",
            "title-changed": "patch",
            "description-changed": "patch",
            "annotation-changed": "patch",
            "capabilities-changed": "patch",
            "provider-changed": "patch",
            "model-kind-changed": "patch",
        }
    )
    return kinds


KINDS: dict[str, Level] = _kinds()
"""Every kind of change and its level, in report order."""
_KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
_SEMVER_RANK: dict[Semver, int] = {"none": 0, "patch": 1, "minor": 2, "major": 3}


@dataclass(frozen=True)
class Change:
    model: str
    param: str | None
    """None for a change to the model itself."""
    kind: str
    before: Any
    after: Any

    @property
    def level(self) -> Level:
        return KINDS[self.kind]

    @property
    def breaking(self) -> bool:
        return self.level == "major"

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "param": self.param,
            "kind": self.kind,
            "breaking": self.breaking,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class Snapshot:
    """One side of a diff: schemas by Model ID, and the latest page date when known."""

    schemas: dict[str, Schema]
    last_updated: str | None = None


def semver(changes: Iterable[Change]) -> Semver:
    found: Semver = "none"
    for change in changes:
        if _SEMVER_RANK[change.level] > _SEMVER_RANK[found]:
            found = change.level
    return found


# Loading ------------------------------------------------------------------------------


def load(path: Path) -> Snapshot:
    """A page, a folder of pages (`*.md`) or a folder of schemas (`*.schema.json`)."""
    if path.is_file():
        if path.name.endswith(".json"):
            return _schemas_snapshot([path], None)
        return _pages_snapshot([path])
    if path.is_dir():
        schemas = sorted(path.glob("*.schema.json"))
        pages = sorted(path.glob("*.md"))
        if schemas and pages:
            raise InputError(
                [
                    Problem(
                        str(path),
                        0,
                        "expected pages or schemas, found both *.md and *.schema.json",
                    )
                ]
            )
        if schemas:
            return _schemas_snapshot(schemas, path / "index.json")
        if pages:
            return _pages_snapshot(pages)
        raise InputError(
            [
                Problem(
                    str(path),
                    0,
                    "expected *.md pages or *.schema.json schemas, found neither",
                )
            ]
        )
    raise InputError(
        [
            Problem(
                str(path),
                0,
                "expected a page, a folder of pages or a folder of schemas, " "found nothing there",
            )
        ]
    )


def _pages_snapshot(paths: Sequence[Path]) -> Snapshot:
    pages, _warnings = parse_or_raise(page_paths(paths))
    schemas = {model.id: model_schema(model) for page in pages for model in page.models}
    dates = [page.last_updated for page in pages if page.last_updated]
    return Snapshot(dict(sorted(schemas.items())), max(dates, default=None))


def _schemas_snapshot(paths: Sequence[Path], index: Path | None) -> Snapshot:
    schemas: dict[str, Schema] = {}
    where: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in paths:
        try:
            schema = load_schema_file(path)
        except InputError as exc:
            problems += exc.problems
            continue
        model_id = model_id_of(schema)
        problems += _shape_problems(path, schema)
        if model_id in where:
            problems.append(
                Problem(
                    str(path),
                    1,
                    f"Model ID {model_id!r} is also the model of {where[model_id]}",
                )
            )
            continue
        where[model_id] = path
        schemas[model_id] = schema
    if problems:
        raise InputError(sorted(problems))
    return Snapshot(dict(sorted(schemas.items())), _index_date(index) if index else None)


def _shape_problems(path: Path, schema: Schema) -> list[Problem]:
    properties = schema.get("properties", {})
    if not isinstance(properties, dict) or not all(
        isinstance(p, dict) for p in properties.values()
    ):
        return [
            Problem(
                str(path),
                1,
                "expected `properties` to map each name to a schema object",
            )
        ]
    required = schema.get("required", [])
    if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
        return [Problem(str(path), 1, "expected `required` to be a list of names")]
    return []


def _index_date(index: Path) -> str | None:
    """The latest `lastUpdated` in a schemas folder's index.json, if readable."""
    try:
        document = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return latest_date(document)


def latest_date(index: Any) -> str | None:
    """The latest `lastUpdated` of an index document (contract 1), if it has any."""
    models = index.get("models") if isinstance(index, dict) else None
    dates = [
        entry["source"]["lastUpdated"]
        for entry in (models if isinstance(models, list) else [])
        if isinstance(entry, dict)
        and isinstance(entry.get("source"), dict)
        and isinstance(entry["source"].get("lastUpdated"), str)
    ]
    return max(dates, default=None)


def snapshot_of_files(files: Mapping[str, str]) -> Snapshot:
    """The schemas among a build's files ({relative path: text}), by Model ID."""
    schemas: dict[str, Schema] = {}
    for path, text in files.items():
        if path.startswith("schemas/") and path.endswith(".schema.json"):
            schema = json.loads(text)
            schemas[model_id_of(schema)] = schema
    index = files.get("schemas/index.json")
    date = latest_date(json.loads(index)) if index is not None else None
    return Snapshot(dict(sorted(schemas.items())), date)


# Comparing ----------------------------------------------------------------------------


def diff(old: Mapping[str, Schema], new: Mapping[str, Schema]) -> list[Change]:
    """Every change from `old` to `new` (schemas by Model ID), in a deterministic order:
    model id, then parameter in table order (model-level changes first), then kind."""
    changes: list[Change] = []
    for model_id in sorted(set(old) | set(new)):
        before, after = old.get(model_id), new.get(model_id)
        if after is None:
            changes.append(Change(model_id, None, "model-removed", _title(before), None))
        elif before is None:
            changes.append(Change(model_id, None, "model-added", None, _title(after)))
        else:
            changes += _sorted_model_changes(model_id, before, after)
    return changes


def _title(schema: Schema | None) -> Any:
    return schema.get("title") if schema else None


def _sorted_model_changes(model_id: str, old: Schema, new: Schema) -> list[Change]:
    order = {
        name: rank for rank, name in enumerate(_table_order(_properties(old), _properties(new)))
    }
    found = list(_model_changes(model_id, old, new))
    found.sort(
        key=lambda c: (
            -1 if c.param is None else order[c.param],
            _KIND_RANK[c.kind],
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


_MODEL_KEYWORDS = {
    "$schema",
    "$id",
    "type",
    "additionalProperties",
    "required",
    "properties",
    "x-scenario",
}


def _model_changes(model_id: str, old: Schema, new: Schema) -> Iterator[Change]:
    yield from _annotation_changes(model_id, None, old, new)
    yield from _other_keyword_changes(model_id, None, old, new, _MODEL_KEYWORDS - {"type"})
    yield from _x_scenario_changes(model_id, old.get("x-scenario", {}), new.get("x-scenario", {}))
    was_open, is_open = old.get("additionalProperties", True), new.get("additionalProperties", True)
    if not _same(was_open, is_open):
        if was_open is True and is_open is False:
            yield Change(model_id, None, "additional-properties-restricted", was_open, is_open)
        elif was_open is False and is_open is True:
            yield Change(model_id, None, "additional-properties-allowed", was_open, is_open)
        else:
            yield _constraint(model_id, None, "additionalProperties", old, new)
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


def _x_scenario_changes(model_id: str, old: Any, new: Any) -> Iterator[Change]:
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    for key, kind in (
        ("capabilities", "capabilities-changed"),
        ("provider", "provider-changed"),
        ("kind", "model-kind-changed"),
    ):
        if not _same(old.get(key), new.get(key)):
            yield Change(model_id, None, kind, old.get(key), new.get(key))


_PARAM_KEYWORDS = {
    "type",
    "x-scenario-type",
    "items",
    "enum",
    "default",
    *LOWER_BOUNDS,
    *UPPER_BOUNDS,
}
_ITEMS_KEYWORDS = {"type", "enum", *LOWER_BOUNDS, *UPPER_BOUNDS}


def _param_changes(model_id: str, name: str, old: Schema, new: Schema) -> Iterator[Change]:
    yield from _annotation_changes(model_id, name, old, new)
    old_type, new_type = _type_of(old), _type_of(new)
    if old_type != new_type:
        # Enum, bounds and default of another type do not compare: the type says it all.
        before, after = _type_label(old, new), _type_label(new, old)
        yield Change(model_id, name, "type-changed", before, after)
        return
    yield from _other_keyword_changes(model_id, name, old, new, _PARAM_KEYWORDS)
    yield from _constraint_changes(model_id, name, old, new)
    if "default" in old or "default" in new:
        if "default" not in old:
            yield Change(model_id, name, "default-added", None, new["default"])
        elif "default" not in new:
            yield Change(model_id, name, "default-removed", old["default"], None)
        elif not _same(old["default"], new["default"]):
            yield Change(model_id, name, "default-changed", old["default"], new["default"])
    old_items, new_items = old.get("items"), new.get("items")
    if isinstance(old_items, dict) and isinstance(new_items, dict):
        yield from _annotation_changes(model_id, name, old_items, new_items)
        yield from _other_keyword_changes(model_id, name, old_items, new_items, _ITEMS_KEYWORDS)
        yield from _constraint_changes(model_id, name, old_items, new_items)
    elif not _same(old_items, new_items):
        yield _constraint(model_id, name, "items", old, new)


def _type_of(schema: Schema) -> tuple[str, ...]:
    items = schema.get("items")
    item_type = items.get("type") if isinstance(items, dict) else None
    return (
        canonical(schema.get("type")),
        canonical(item_type),
        canonical(schema.get("x-scenario-type")),
    )


def _type_label(schema: Schema, other: Schema) -> Any:
    """The upstream type when both sides name theirs and they differ, else the shape."""
    upstream, other_upstream = schema.get(_UPSTREAM_TYPE), other.get(_UPSTREAM_TYPE)
    if None not in (upstream, other_upstream) and not _same(upstream, other_upstream):
        return upstream
    shape: dict[str, Any] = {k: schema[k] for k in ("type", _UPSTREAM_TYPE) if k in schema}
    items = schema.get("items")
    if isinstance(items, dict) and "type" in items:
        shape["items"] = {"type": items["type"]}
    return shape


_UPSTREAM_TYPE = "x-scenario-type"


def _constraint_changes(model_id: str, name: str, old: Schema, new: Schema) -> Iterator[Change]:
    yield from _enum_changes(model_id, name, old.get("enum"), new.get("enum"))
    for keyword in LOWER_BOUNDS + UPPER_BOUNDS:
        before, after = old.get(keyword), new.get(keyword)
        if _same(before, after):
            continue
        if before is None:
            yield Change(model_id, name, f"{keyword}-added", None, after)
        elif after is None:
            yield Change(model_id, name, f"{keyword}-removed", before, None)
        elif not _is_number(before) or not _is_number(after):
            yield _constraint(model_id, name, keyword, old, new)
        else:
            raised = after > before
            narrowed = raised if keyword in LOWER_BOUNDS else not raised
            yield Change(
                model_id,
                name,
                f"{keyword}-{'narrowed' if narrowed else 'widened'}",
                before,
                after,
            )


def _enum_changes(model_id: str, name: str, old: Any, new: Any) -> Iterator[Change]:
    if _same(old, new):
        return
    if old is None:
        yield Change(model_id, name, "enum-added", None, new)
    elif new is None:
        yield Change(model_id, name, "enum-removed", old, None)
    elif not isinstance(old, list) or not isinstance(new, list):
        yield Change(model_id, name, "constraint-changed", {"enum": old}, {"enum": new})
    else:
        old_values, new_values = {canonical(v) for v in old}, {canonical(v) for v in new}
        if old_values - new_values:
            yield Change(model_id, name, "allowed-values-removed", old, new)
        if new_values - old_values:
            yield Change(model_id, name, "allowed-values-added", old, new)


def _annotation_changes(
    model_id: str, name: str | None, old: Schema, new: Schema
) -> Iterator[Change]:
    for keyword in ANNOTATIONS:
        before, after = old.get(keyword), new.get(keyword)
        if _same(before, after):
            continue
        if keyword in ("title", "description"):
            yield Change(model_id, name, f"{keyword}-changed", before, after)
        else:
            yield _annotation(model_id, name, keyword, old, new)


def _other_keyword_changes(
    model_id: str, name: str | None, old: Schema, new: Schema, known: set[str]
) -> Iterator[Change]:
    """Keywords this module does not classify (a hand-written `pattern`, `const`): any
    change could refuse a payload that was valid, so it counts as breaking."""
    for keyword in sorted((set(old) | set(new)) - known - set(ANNOTATIONS)):
        if not _same(old.get(keyword, _ABSENT), new.get(keyword, _ABSENT)):
            yield _constraint(model_id, name, keyword, old, new)


_ABSENT = object()


def _constraint(model_id: str, name: str | None, keyword: str, old: Schema, new: Schema) -> Change:
    return Change(model_id, name, "constraint-changed", _only(keyword, old), _only(keyword, new))


def _annotation(model_id: str, name: str | None, keyword: str, old: Schema, new: Schema) -> Change:
    return Change(model_id, name, "annotation-changed", _only(keyword, old), _only(keyword, new))


def _only(keyword: str, schema: Schema) -> dict[str, Any]:
    return {keyword: schema[keyword]} if keyword in schema else {}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def canonical(value: Any) -> str:
    """JSON equality as a string: 12 and 12.0 are one number, `true` is not 1."""
    return json.dumps(_normalise(value), sort_keys=True, ensure_ascii=False)


def _normalise(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    return value


def _same(a: Any, b: Any) -> bool:
    if a is _ABSENT or b is _ABSENT:
        return a is b
    if type(a) is type(b) and isinstance(a, (str, int, bool, type(None))):
        return bool(a == b)  # the common case, without serialising
    return canonical(a) == canonical(b)
