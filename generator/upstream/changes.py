"""What a diff reports: one Change per difference, each kind of change with its level.

The levels are oasdiff's for a change to a REQUEST body (could a payload valid before be
refused, or mean something else, now?): major (breaking), minor, patch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

Level = Literal["major", "minor", "patch"]
Semver = Literal["major", "minor", "patch", "none"]

LOWER_BOUNDS = (
    "minimum",
    "exclusiveMinimum",
    "minLength",
    "minItems",
    "minProperties",
    "x-scenario-min-duration",
)
UPPER_BOUNDS = (
    "maximum",
    "exclusiveMaximum",
    "maxLength",
    "maxItems",
    "maxProperties",
    "x-scenario-max-size",
    "x-scenario-max-duration",
)
"""Bounds, JSON Schema's and those read from the API: a file's size in bytes (the client
refuses a larger upload) and a clip's duration in seconds (the API refuses it)."""

SET_KEYWORDS: dict[str, tuple[str, str, str, str]] = {
    "enum": ("enum-added", "allowed-values-removed", "allowed-values-added", "enum-removed"),
    "x-scenario-kind": (
        "file-kind-limited",
        "file-kinds-removed",
        "file-kinds-added",
        "file-kind-unlimited",
    ),
    "x-scenario-model-types": (
        "model-types-limited",
        "model-types-removed",
        "model-types-added",
        "model-types-unlimited",
    ),
}
"""Keywords that limit a value to a set: keyword -> the kinds of change when the set is newly
set, loses values, gains values, or goes (the first two break callers)."""


def _kinds() -> dict[str, Level]:
    kinds: dict[str, Level] = {
        "model-removed": "major",
        "model-added": "minor",
        "additional-properties-restricted": "major",
        "additional-properties-allowed": "minor",
        "rule-added": "major",
        "rule-removed": "minor",
        "param-removed": "major",
        "required-param-added": "major",
        "optional-param-added": "minor",
        "made-required": "major",
        "made-optional": "minor",
        "type-changed": "major",
    }
    for limited, removed, added, unlimited in SET_KEYWORDS.values():
        kinds.update({limited: "major", removed: "major", added: "minor", unlimited: "minor"})
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
            "rule-message-changed": "patch",
            "capabilities-changed": "patch",
            "provider-changed": "patch",
            "model-kind-changed": "patch",
            "model-source-changed": "patch",
            "page-changed": "patch",
        }
    )
    return kinds


KINDS: dict[str, Level] = _kinds()
"""Every kind of change and its level, in report order."""
KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
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


def semver(changes: Iterable[Change]) -> Semver:
    found: Semver = "none"
    for change in changes:
        if _SEMVER_RANK[change.level] > _SEMVER_RANK[found]:
            found = change.level
    return found


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


ABSENT: Any = object()
"""A keyword's value when the schema does not have it."""


def same(a: Any, b: Any) -> bool:
    if a is ABSENT or b is ABSENT:
        return a is b
    if type(a) is type(b) and isinstance(a, (str, int, bool, type(None))):
        return bool(a == b)  # the common case, without serialising
    return canonical(a) == canonical(b)
