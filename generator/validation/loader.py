"""Compile a schema and run its generated validator in this process.

This is what `scenario-codegen validate` and the tests use: the same plan and templates as
the generated package, over the same runtime module (`generator.runtime._validation`,
which the package carries as `_validation`). The executed source holds schema values only
as escaped literals.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable
from typing import Any

from generator.render import Renderer
from generator.runtime import _validation
from generator.validation.compiler import compile_schema
from generator.validation.source import standalone_source

RUNTIME_MODULE = _validation.__name__
"""The runtime module the validators run on here (in the package: `_validation`)."""

Validator = Callable[..., list[Any]]
"""`validate(payload, *, lenient=False) -> list[ValidationError]`."""
Verdict = Callable[[Any], bool]
"""`is_valid(payload) -> bool`."""


@functools.cache
def default_renderer() -> Renderer:
    """The built-in templates, compiled once per process."""
    return Renderer()


def runtime() -> types.ModuleType:
    """The validation runtime."""
    return _validation


def validator_source(schema: Any, renderer: Renderer | None = None) -> str:
    """The generated module for `schema` (raises SchemaError for unsupported keywords)."""
    return standalone_source(compile_schema(schema), renderer or default_renderer(), RUNTIME_MODULE)


def load_validator(schema: Any, renderer: Renderer | None = None) -> Validator:
    """The `validate` function compiled from `schema`."""
    found: Validator = _load(schema, renderer)["validate"]
    return found


def load_verdict(schema: Any, renderer: Renderer | None = None) -> Verdict:
    """The `is_valid` function compiled from `schema`."""
    found: Verdict = _load(schema, renderer)["is_valid"]
    return found


def _load(schema: Any, renderer: Renderer | None) -> dict[str, Any]:
    source = validator_source(schema, renderer)
    namespace: dict[str, Any] = {"__name__": "_scenario_codegen_validator"}
    exec(compile(source, "<validator>", "exec"), namespace)
    return namespace
