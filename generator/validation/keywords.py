"""The JSON Schema vocabulary the validator compiler understands, and how it refuses the rest.

Every keyword of a schema is either an assertion the compiler turns into checks, an
annotation that asserts nothing, or an `x-` extension. Anything else is refused by name:
a keyword silently ignored would make a validator accept what the schema forbids.
"""

from __future__ import annotations

from dataclasses import dataclass

ASSERTIONS = (
    "type",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "items",
    "properties",
    "required",
    "additionalProperties",
)
"""The supported assertions; also the order in which one value's errors are reported."""

ANNOTATIONS = ("default", "title", "description", "$schema", "$id", "$comment", "examples")
"""Keywords that carry no assertion: accepted and ignored."""

EXTENSION_PREFIX = "x-"

DIALECTS = (
    "https://json-schema.org/draft/2020-12/schema",
    "https://json-schema.org/draft/2020-12/schema#",
)
"""`$schema` values the compiler accepts: its semantics are draft 2020-12's."""

JSON_TYPES = ("string", "number", "integer", "boolean", "null", "array", "object")


def is_known(keyword: str) -> bool:
    return keyword in ASSERTIONS or keyword in ANNOTATIONS or keyword.startswith(EXTENSION_PREFIX)


@dataclass(frozen=True)
class SchemaProblem:
    pointer: str
    """JSON Pointer of the subschema, as a URI fragment: `#/properties/seed`."""
    message: str
    keyword: str | None = None
    """The keyword at fault, when there is one."""
    unsupported: bool = False
    """The keyword is outside the supported vocabulary (rather than malformed)."""

    def __str__(self) -> str:
        return self.message if self.pointer == "#" else f"{self.pointer}: {self.message}"


class SchemaError(ValueError):
    """A schema the compiler cannot turn into a validator; carries every problem found."""

    def __init__(self, problems: list[SchemaProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    @property
    def unsupported_keywords(self) -> tuple[str, ...]:
        """The keywords outside the vocabulary, in order of appearance, once each."""
        found = (p.keyword for p in self.problems if p.unsupported and p.keyword)
        return tuple(dict.fromkeys(found))
