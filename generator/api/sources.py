"""The build's hook: the pages' schemas, plus those of the `*.model.json` definitions.

A definition of a model no page has adds its schema (`source: "api"`); one of a model a
page has is merged into that page's schema (`source: "page+api"`). Either way the index
names the definition (file, `updatedAt`, sha256) as a page's entry names its page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.api.definition import Definition
from generator.api.merge import merge
from generator.api.properties import Schema
from generator.api.schema import definition_schema
from generator.pages.model import Page
from generator.problems import Problem


@dataclass(frozen=True)
class WithDefinitions:
    schemas: list[Schema]
    """The pages' schemas in their order (merged ones in place), then the API-only ones."""
    sources: dict[str, Schema]
    """Model ID -> its definition's provenance, for the index."""
    warnings: list[Problem]


def with_definitions(
    pages: Sequence[Page], schemas: Sequence[Schema], definitions: Sequence[Definition]
) -> WithDefinitions:
    """The schemas of `pages` (built from them) with those of `definitions` added or merged."""
    on_pages = {model.id: (page, model) for page in pages for model in page.models}
    result = {schema["x-scenario"]["modelId"]: schema for schema in schemas}
    sources: dict[str, Schema] = {}
    warnings: list[Problem] = []
    for definition in sorted(definitions, key=lambda d: d.model_id):
        schema = definition_schema(definition)
        if definition.model_id in on_pages:
            page, model = on_pages[definition.model_id]
            page_schema = result[definition.model_id]
            schema, found = merge(page_schema, schema, page.source, model, definition)
            warnings += found
        result[definition.model_id] = schema
        source: Schema = {"file": definition.name}
        if definition.updated_at is not None:
            source["updatedAt"] = definition.updated_at
        source["sha256"] = definition.sha256
        sources[definition.model_id] = source
    return WithDefinitions(list(result.values()), sources, sorted(warnings))
