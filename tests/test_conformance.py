"""The official JSON Schema Test Suite (draft 2020-12, the keyword subset in
../shared/jsonschema-test-suite, and its applicators: allOf, anyOf, oneOf, not,
if-then-else, dependentRequired, dependentSchemas): every group whose schema the compiler
takes passes, through `validate` and `is_valid` alike; a group using another keyword must
be refused by the compiler, and is counted as skipped (naming the keyword), never as
passed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.validation import SchemaError
from generator.validation.loader import load_validator, load_verdict
from tests.conftest import TEST_SUITE

APPLICATORS = TEST_SUITE.parent / "draft2020-12-applicators"


def suite_files() -> list[Path]:
    return sorted([*TEST_SUITE.glob("*.json"), *APPLICATORS.glob("*.json")])


def groups() -> list[Any]:
    if not TEST_SUITE.is_dir():
        return [pytest.param(None, id="suite-absent")]
    found = []
    for path in suite_files():
        for number, group in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            found.append(pytest.param(group, id=f"{path.stem}-{number}"))
    return found


@pytest.mark.parametrize("group", groups())
def test_group(group: dict[str, Any] | None, test_suite_dir: Path) -> None:
    assert group is not None
    try:
        validate = load_validator(group["schema"])
        is_valid = load_verdict(group["schema"])
    except SchemaError as exc:
        refused = ", ".join(exc.unsupported_keywords)
        assert refused, f"{group['description']}: refused without naming a keyword: {exc}"
        why = [p.message for p in exc.problems if p.keyword == "pattern"]
        pytest.skip(f"{group['description']}: refused, unsupported: {refused} {why or ''}")
    failures = [
        f"{test['description']}: expected {'valid' if test['valid'] else 'invalid'}, "
        f"got {[str(e) for e in errors] or 'valid'}"
        for test in group["tests"]
        for errors in [validate(test["data"])]
        if (not errors) != test["valid"] or is_valid(test["data"]) != test["valid"]
    ]
    assert not failures, f"{group['description']}:\n" + "\n".join(failures)


def test_the_suite_is_mostly_supported(test_suite_dir: Path) -> None:
    """A guard against the compiler refusing more than it must: only groups using
    keywords outside the subset (or a regex Python's re lacks) are refused."""
    refused = []
    total = 0
    for path in suite_files():
        for group in json.loads(path.read_text(encoding="utf-8")):
            total += 1
            try:
                load_validator(group["schema"])
            except SchemaError as exc:
                refused.append(exc.unsupported_keywords)
    outside = {
        "patternProperties",
        "propertyNames",
        "prefixItems",
        "$defs",
        "minProperties",
        "unevaluatedProperties",
    }
    assert all(set(k) <= outside | {"pattern"} for k in refused), refused
    assert len(refused) <= 16 and total >= 160
