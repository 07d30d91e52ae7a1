"""Shared by the validator tests: jsonschema's errors, mapped to how ours report them."""

from __future__ import annotations

import ast
import re
from typing import Any

import jsonschema

from generator.runtime._validation import member

FALSE_SCHEMA_PATH = "(any)"
"""jsonschema loses the path of an error from a `false` subschema (`descend` returns it
before adding the path): such errors are compared by keyword only."""


def json_path(parts: Any) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else member(p) for p in parts)


def expected_errors(schema: Any, payload: Any) -> list[tuple[str, str]]:
    """jsonschema's errors as sorted (path, keyword) pairs, where ours put them: a missing
    required (or dependent required) property and an unknown property at their own path,
    not their object's."""
    found = []
    for error in jsonschema.Draft202012Validator(schema).iter_errors(payload):
        path = json_path(error.absolute_path)
        keyword = error.validator
        if keyword == "required":
            name = re.match(r"(.*) is a required property$", error.message, re.S)
            assert name is not None
            found.append((path + member(ast.literal_eval(name.group(1))), "required"))
        elif keyword == "dependentRequired":
            name = re.match(r"(.*) is a dependency of ", error.message, re.S)
            assert name is not None
            found.append((path + member(ast.literal_eval(name.group(1))), keyword))
        elif keyword == "additionalProperties" and error.validator_value is False:
            declared = error.schema.get("properties", {})
            found += [(path + member(k), keyword) for k in error.instance if k not in declared]
        elif keyword is None:
            found.append((FALSE_SCHEMA_PATH, "false"))
        else:
            found.append((path, str(keyword)))
    return sorted(found)


def comparable(errors: Any) -> list[tuple[str, str]]:
    """Our errors as sorted (path, keyword) pairs, `false` ones without their path."""
    return sorted(
        (FALSE_SCHEMA_PATH if e.keyword == "false" else e.path, e.keyword) for e in errors
    )
