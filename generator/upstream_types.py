"""The upstream parameter types, one description each, shared by every stage.

A page's Type column names one of these; the schema records it as `x-scenario-type`. Each
description says how the type is written in JSON Schema (contract 1), what its Min and Max
columns bound, and what its values are (an asset id, a model id...), so the parser, the
schema builder and every emitter read one table instead of each keeping its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Holds = Literal["text", "number", "boolean", "asset", "model", "object"]
"""What one value (an item, for the array types) is: free text, a number, a boolean, an
asset id (a file), a model id, or an object of inputs."""


@dataclass(frozen=True)
class UpstreamType:
    name: str
    """As the pages write it: `file_array`."""
    json_type: str
    """The property's JSON type: `string`, `number`, `boolean` or `array`."""
    item_type: str | None
    """The items' JSON type for the array types, else None."""
    holds: Holds
    bounds: tuple[str, str] | None
    """The keywords the Min and Max columns become (None: the type takes no bounds)."""
    bounds_on_items: bool = False
    """The bounds go on `items` (`number_array`: each number is bounded)."""
    doc: str | None = None
    """What a value is, as a docstring says it, when its JSON type does not tell: `{file}`
    and `{files}` stand for the file kind's noun (`FILE_KINDS`)."""

    @property
    def is_array(self) -> bool:
        return self.item_type is not None

    @property
    def is_file(self) -> bool:
        return self.holds == "asset"

    @property
    def value_type(self) -> str:
        """The JSON type of one value: the items' for an array, else the property's."""
        return self.item_type or self.json_type

    @property
    def counts(self) -> bool:
        """Min and Max count (characters or items): whole numbers, never negative."""
        return self.bounds is not None and self.bounds[0] != "minimum"


_TYPES = (
    UpstreamType("string", "string", None, "text", ("minLength", "maxLength")),
    UpstreamType("number", "number", None, "number", ("minimum", "maximum")),
    UpstreamType("boolean", "boolean", None, "boolean", None),
    UpstreamType(
        "file",
        "string",
        None,
        "asset",
        None,
        doc="An asset id, or the path of a local {file} to upload first.",
    ),
    UpstreamType("model", "string", None, "model", None, doc="A model id."),
    UpstreamType(
        "file_array",
        "array",
        "string",
        "asset",
        ("minItems", "maxItems"),
        doc="Asset ids, or paths of local {files} to upload first.",
    ),
    UpstreamType("string_array", "array", "string", "text", ("minItems", "maxItems")),
    UpstreamType(
        "number_array", "array", "number", "number", ("minimum", "maximum"), bounds_on_items=True
    ),
    UpstreamType(
        "model_array", "array", "string", "model", ("minItems", "maxItems"), doc="Model ids."
    ),
    UpstreamType("inputs_array", "array", "object", "object", ("minItems", "maxItems")),
)

UPSTREAM_TYPES: dict[str, UpstreamType] = {t.name: t for t in _TYPES}
"""Every upstream type by name, in the order the design lists them."""

FILE_KINDS: dict[str, tuple[str, str]] = {
    "3d": ("3D file", "3D files"),
    "audio": ("audio file", "audio files"),
    "document": ("document", "documents"),
    "image": ("image", "images"),
    "image-hdr": ("HDR image", "HDR images"),
    "json": ("JSON file", "JSON files"),
    "text": ("text file", "text files"),
    "video": ("video", "videos"),
}
"""A file input's `x-scenario-kind` -> what one file is, singular and plural."""
ANY_FILE = ("file", "files")
"""What a file is when its kind is not known."""

BOUND_WORDS: dict[str, tuple[str, str]] = {
    "minimum": ("Range", ""),
    "minLength": ("Length", " characters"),
    "minItems": ("Items", ""),
}
"""What a pair of bounds limits, by its lower keyword, as a docstring names it, and its
unit; a number_array's bounds on `items` limit "Each item"."""


def value_doc(upstream: UpstreamType, kind: object = None) -> str | None:
    """The docstring phrase of `upstream.doc` for a file input of `kind`
    (`x-scenario-kind`, any text), or None."""
    if upstream.doc is None:
        return None
    if isinstance(kind, str) and kind:
        file, files = FILE_KINDS.get(kind, (f"{kind} file", f"{kind} files"))
    else:
        file, files = ANY_FILE
    return upstream.doc.format(file=file, files=files)


def upstream_type_of(schema: dict[str, Any]) -> UpstreamType:
    """The upstream type of a property schema: its `x-scenario-type`, else the closest
    one its JSON types suggest (a hand-written schema need not say)."""
    named = schema.get("x-scenario-type")
    if isinstance(named, str) and named in UPSTREAM_TYPES:
        return UPSTREAM_TYPES[named]
    json_type = schema.get("type")
    if json_type == "array":
        items = schema.get("items")
        item_type = items.get("type") if isinstance(items, dict) else None
        by_item = {"number": "number_array", "integer": "number_array", "object": "inputs_array"}
        return UPSTREAM_TYPES[by_item.get(str(item_type), "string_array")]
    if json_type == "integer":
        return UPSTREAM_TYPES["number"]
    if json_type in ("number", "boolean"):
        return UPSTREAM_TYPES[str(json_type)]
    return UPSTREAM_TYPES["string"]
