"""A definition -> the model's schema: contract 1's shape, `x-scenario.source: "api"`."""

from __future__ import annotations

from collections.abc import Sequence

from generator.api.definition import Definition
from generator.api.properties import Schema, object_keywords
from generator.schemas.build import DIALECT, ID_PREFIX

PROVIDER = "Custom"
"""The API names no provider; a page's wins when the model has one (and for schemas
dropped into schemas/, the emitters say "Custom" too)."""

_MEDIA = {"img": "image", "3d": "3d", "video": "video", "audio": "audio", "txt": "text"}
"""A capability's output (`txt2img` -> `img`) -> the medium of the pages' kinds."""


def definition_schema(definition: Definition) -> Schema:
    schema: Schema = {
        "$schema": DIALECT,
        "$id": ID_PREFIX + definition.model_id,
        "title": definition.title,
    }
    if definition.description:
        schema["description"] = definition.description
    schema["type"] = "object"
    schema.update(object_keywords(definition.inputs))
    schema["x-scenario"] = {
        "modelId": definition.model_id,
        "capabilities": list(definition.capabilities),
        "provider": PROVIDER,
        "kind": kind_of(definition.capabilities),
        "source": "api",
    }
    return schema


def kind_of(capabilities: Sequence[str]) -> str:
    """`<medium> generation`, as the pages name their kinds, from the first capability
    whose output is a medium (`img23d` -> `3d generation`); `custom` when none is."""
    for capability in capabilities:
        output = capability.split("_")[0].rpartition("2")[2]
        if output in _MEDIA:
            return f"{_MEDIA[output]} generation"
    return "custom"
