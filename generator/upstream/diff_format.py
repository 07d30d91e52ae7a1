"""A list of schema changes as text (one line each), JSON, or a Markdown changelog entry.

Names and values come from upstream pages or hand-written schemas: hostile text. They reach
the output as JSON with non-ASCII escaped (text, JSON) or inside code spans (Markdown), and
descriptions are never quoted at all, only said to have changed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from generator.upstream.changes import (
    LOWER_BOUNDS,
    SET_KEYWORDS,
    UPPER_BOUNDS,
    Change,
    canonical,
    semver,
)

_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.-]+")
_ADDED_KINDS = (
    "model-added",
    "optional-param-added",
    "allowed-values-added",
    "file-kinds-added",
    "model-types-added",
)
_SECTIONS = ("Breaking", "Added", "Changed", "Docs")
_MAX_VALUE = 120


def as_json(changes: Sequence[Change]) -> str:
    document = {"semver": semver(changes), "changes": [c.to_json() for c in changes]}
    return json.dumps(document, indent=2) + "\n"


def as_text(changes: Sequence[Change]) -> str:
    lines = [f"{_marker(c):<8}  {_subject(c, _plain)}: {describe(c, _value)}" for c in changes]
    counts = {
        level: sum(1 for c in changes if c.level == level) for level in ("major", "minor", "patch")
    }
    if changes:
        lines.append(
            f"semver: {semver(changes)} ({_count(len(changes), 'change')}: "
            f"{counts['major']} breaking, "
            f"{counts['minor']} minor, {counts['patch']} patch)"
        )
    else:
        lines.append("no changes (semver: none)")
    return "\n".join(lines) + "\n"


def docs_title(date: str | None) -> str:
    """What changed, for a changelog heading: the docs as of their newest page's date."""
    return f"Scenario docs of {date}" if date else "Scenario docs update"


def as_markdown(
    changes: Sequence[Change], title: str = docs_title(None), notes: Sequence[str] = ()
) -> str:
    """A changelog entry: a heading naming what changed with the semver suggestion, the
    notes (Markdown, one line each), a section per level."""
    parts = [f"## {title} (semver: {semver(changes)})\n"]
    if notes:
        parts.append("".join(f"{note}\n" for note in notes))
    if not changes:
        parts.append("No change to the models.\n")
    for section in _SECTIONS:
        lines = [
            f"- {_subject(c, code_span)}: {describe(c, lambda v: code_span(_value(v)))}"
            for c in changes
            if _section(c) == section
        ]
        if lines:
            parts.append(f"### {section}\n\n" + "\n".join(lines) + "\n")
    return "\n".join(parts)


def _marker(change: Change) -> str:
    return "BREAKING" if change.breaking else change.level


def _section(change: Change) -> str:
    if change.breaking:
        return "Breaking"
    if change.level == "patch":
        return "Docs"
    return "Added" if change.kind in _ADDED_KINDS else "Changed"


def _subject(change: Change, name: Callable[[str], str]) -> str:
    if change.param is None:
        return name(change.model)
    return f"{name(change.model)} {name(change.param)}"


def _plain(name: str) -> str:
    return name if _PLAIN_NAME.fullmatch(name) else json.dumps(name)


def _value(value: Any) -> str:
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 3] + "..."


def code_span(text: str) -> str:
    """`text` as one Markdown code span, whatever backticks or line breaks it holds."""
    text = " ".join(text.splitlines())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_FIXED = {
    "model-removed": "model removed",
    "model-added": "model added",
    "additional-properties-restricted": "unknown parameters now refused",
    "additional-properties-allowed": "unknown parameters now accepted",
    "param-removed": "parameter removed",
    "required-param-added": "required parameter added",
    "optional-param-added": "optional parameter added",
    "made-required": "now required",
    "made-optional": "now optional",
    "description-changed": "description changed",
}
_SET_WORDS = {
    "enum": "allowed values",
    "x-scenario-kind": "file kinds",
    "x-scenario-model-types": "model types",
}
_BOUND_WORDS = {
    "x-scenario-max-size": "max size (bytes)",
    "x-scenario-min-duration": "min duration (s)",
    "x-scenario-max-duration": "max duration (s)",
}
_RULE_MESSAGE = "x-scenario-message"


def describe(change: Change, value: Callable[[Any], str]) -> str:
    """What changed, in words; `value` renders a value for the output format."""
    kind = change.kind
    if kind in _FIXED:
        return _FIXED[kind]
    for words in (_set_words, _bound_words, _rule_words, _keyword_words):
        said = words(change, value)
        if said is not None:
            return said
    subject = kind.removesuffix("-changed").replace("model-", "").replace("-", " ")
    return f"{subject} changed: {value(change.before)} -> {value(change.after)}"


def _set_words(change: Change, value: Callable[[Any], str]) -> str | None:
    for keyword, (limited, removed, added, unlimited) in SET_KEYWORDS.items():
        subject = _SET_WORDS[keyword]
        if change.kind == limited:
            return f"{subject} now limited to {value(change.after)}"
        if change.kind == unlimited:
            return f"{subject} no longer limited (were {value(change.before)})"
        if change.kind in (removed, added):
            gone = change.kind == removed
            values = (
                _minus(change.before, change.after) if gone else _minus(change.after, change.before)
            )
            verb = "removed" if gone else "added"
            return f"{subject} {verb}: " + ", ".join(value(v) for v in values)
    return None


def _bound_words(change: Change, value: Callable[[Any], str]) -> str | None:
    keyword, _, verb = change.kind.rpartition("-")
    if keyword not in LOWER_BOUNDS + UPPER_BOUNDS and keyword != "default":
        return None
    subject = _BOUND_WORDS.get(keyword, keyword)
    if verb == "added":
        return f"{subject} set to {value(change.after)}"
    if verb == "removed":
        return f"{subject} removed (was {value(change.before)})"
    return f"{subject} {verb}: {value(change.before)} -> {value(change.after)}"


def _rule_words(change: Change, value: Callable[[Any], str]) -> str | None:
    """A conditional requirement is said by its own message when it has one."""
    if not change.kind.startswith("rule-"):
        return None
    before, after = _rule_text(change.before), _rule_text(change.after)
    if change.kind == "rule-added":
        return f"new requirement: {value(after)}"
    if change.kind == "rule-removed":
        return f"requirement dropped: {value(before)}"
    return f"requirement message changed: {value(before)} -> {value(after)}"


def _rule_text(rule: Any) -> Any:
    if isinstance(rule, dict) and isinstance(rule.get(_RULE_MESSAGE), str):
        return rule[_RULE_MESSAGE]
    return rule


def _keyword_words(change: Change, value: Callable[[Any], str]) -> str | None:
    if change.kind not in ("constraint-changed", "annotation-changed"):
        return None
    before, after = change.before, change.after
    keywords = (
        sorted(set(before) | set(after))
        if isinstance(before, dict) and isinstance(after, dict)
        else []
    )
    names = ", ".join(value(k) for k in keywords) or "keyword"
    return f"{names} changed: {value(before)} -> {value(after)}"


def _minus(values: Any, others: Any) -> list[Any]:
    seen = {canonical(v) for v in others} if isinstance(others, list) else set()
    return [v for v in values if canonical(v) not in seen] if isinstance(values, list) else []


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
