"""Compile a schema and run its generated validator in this process.

This is what `scenario-codegen validate` and the tests use: the same plan and templates as
the generated package, with the runtime rendered from the same template and imported under
a private module name. The executed source holds schema values only as escaped literals.
"""

from __future__ import annotations

import functools
import sys
import types
from collections.abc import Callable
from typing import Any

from generator.emit.render import Renderer
from generator.validation.compiler import compile_schema
from generator.validation.source import runtime_source, standalone_source

RUNTIME_MODULE = "_scenario_codegen_validation"
"""The module name the runtime is imported under here (in the package: `_validation`)."""

Validator = Callable[..., list[Any]]
"""`validate(payload, *, lenient=False) -> list[ValidationError]`."""


@functools.cache
def default_renderer() -> Renderer:
    """The built-in templates, compiled once per process."""
    return Renderer()


def runtime(renderer: Renderer | None = None) -> types.ModuleType:
    """The validation runtime, rendered and imported once per process."""
    module = sys.modules.get(RUNTIME_MODULE)
    if module is None:
        module = types.ModuleType(RUNTIME_MODULE)
        source = runtime_source(renderer or default_renderer())
        # dataclasses look the module up while the class body runs: register it first
        sys.modules[RUNTIME_MODULE] = module
        try:
            exec(compile(source, f"<{RUNTIME_MODULE}>", "exec"), module.__dict__)
        except BaseException:
            del sys.modules[RUNTIME_MODULE]
            raise
    return module


def validator_source(schema: Any, renderer: Renderer | None = None) -> str:
    """The generated module for `schema` (raises SchemaError for unsupported keywords)."""
    return standalone_source(compile_schema(schema), renderer or default_renderer(), RUNTIME_MODULE)


def load_validator(schema: Any, renderer: Renderer | None = None) -> Validator:
    """The `validate` function compiled from `schema`."""
    source = validator_source(schema, renderer)
    runtime(renderer)
    namespace: dict[str, Any] = {"__name__": "_scenario_codegen_validator"}
    exec(compile(source, "<validator>", "exec"), namespace)
    found: Validator = namespace["validate"]
    return found
