"""The validator compiler: JSON Schema (a keyword subset) -> straight-line Python.

`compile_schema` reads a schema into a `Plan` (or raises `SchemaError` naming every
unsupported keyword and malformed value); the templates under
`templates/python/validation/` render a plan; `load_validator` compiles a schema and
returns its `validate` function, running only generated code whose schema values are all
escaped literals.
"""

from generator.validation.compiler import compile_schema
from generator.validation.keywords import ANNOTATIONS, ASSERTIONS, SchemaError, SchemaProblem

__all__ = ["ANNOTATIONS", "ASSERTIONS", "SchemaError", "SchemaProblem", "compile_schema"]
