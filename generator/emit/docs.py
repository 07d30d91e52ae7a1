"""Docs: `generated/docs/<modelId>.md` per model, in the upstream page format, and an
index.

A model page parses back, with `generate --upstream`, into the schema it was written
from: the templates take the format's labels from generator/pages/grammar.py (as
`grammar`), and the escaping lives in generator/emit/markdown.py, registered as `md_*`
filters. No control character reaches a docs file raw: a hand-written schema does not
pass through the parser, which refuses them, so each is written as a visible escape.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from generator.emit import examples, markdown
from generator.emit.view import ModelView
from generator.pages import grammar
from generator.render import Renderer, py_value

DOCS = "generated/docs"
PAGE_TEMPLATE = "docs/model.md.j2"
INDEX_TEMPLATE = "docs/index.md.j2"
INDEX_TITLE = "Scenario models"

FILTERS = {
    "md_text": markdown.md_text,
    "md_code": markdown.md_code,
    "md_number": markdown.md_number,
    "md_literals": markdown.md_literals,
    "md_default": markdown.md_default,
    "md_allowed": markdown.md_allowed,
    "md_description": markdown.md_description,
    "md_row": markdown.md_row,
    "md_fence": markdown.md_fence,
    "md_anchor": markdown.anchor,
    "counted": markdown.counted,
}


@dataclass(frozen=True)
class Example:
    """A model's usage example: the required parameters with valid values."""

    payload: dict[str, Any]
    """The wire payload, camelCase keys."""
    arguments: list[tuple[str, str]]
    """(Python argument name, value as a Python literal) for the client method."""

    @property
    def payload_json(self) -> str:
        return json.dumps(self.payload, indent=2, ensure_ascii=False)


@dataclass(frozen=True)
class KindGroup:
    kind: str
    anchor: str
    models: list[ModelView]


@dataclass(frozen=True)
class ProviderGroup:
    provider: str
    anchor: str
    """The heading's anchor, made unique over the index page as GitHub does."""
    kinds: list[KindGroup]

    @property
    def model_count(self) -> int:
        return sum(len(group.models) for group in self.kinds)


def install_filters(renderer: Renderer) -> None:
    renderer.env.filters.update(FILTERS)


def example(model: ModelView) -> Example:
    return Example(
        payload=examples.example_payload(model),
        arguments=[(name, py_value(value)) for name, value in examples.example_arguments(model)],
    )


def _sort_key(text: str) -> tuple[str, str]:
    return (text.casefold(), text)


class _Anchors:
    """Heading anchors in page order; a repeat gets `-1`, `-2`, ... as on GitHub."""

    def __init__(self, *taken: str) -> None:
        self.seen: dict[str, int] = {}
        for title in taken:
            self(title)

    def __call__(self, title: str) -> str:
        slug = markdown.anchor(title)
        count = self.seen.get(slug, 0)
        self.seen[slug] = count + 1
        return f"{slug}-{count}" if count else slug


def grouped(models: Sequence[ModelView]) -> list[ProviderGroup]:
    """Providers, then kinds, then models, sorted case-insensitively (ties: as is)."""
    ordered = sorted(
        models,
        key=lambda m: (
            _sort_key(m.provider),
            _sort_key(m.kind),
            _sort_key(m.title),
            m.model_id,
        ),
    )
    anchors = _Anchors(INDEX_TITLE)
    groups = []
    for provider, of_provider in groupby(ordered, key=lambda m: m.provider):
        provider_anchor = anchors(provider)
        kinds = [
            KindGroup(kind, anchors(kind), list(of_kind))
            for kind, of_kind in groupby(of_provider, key=lambda m: m.kind)
        ]
        groups.append(ProviderGroup(provider, provider_anchor, kinds))
    return groups


def emit(models: Sequence[ModelView], renderer: Renderer) -> dict[str, str]:
    install_filters(renderer)
    files = {
        f"{DOCS}/{model.model_id}.md": renderer.render(
            PAGE_TEMPLATE, model=model, example=example(model), grammar=grammar
        )
        for model in models
    }
    files[f"{DOCS}/index.md"] = renderer.render(
        INDEX_TEMPLATE,
        title=INDEX_TITLE,
        groups=grouped(models),
        model_count=len(models),
        grammar=grammar,
    )
    return {path: grammar.visible(text) for path, text in files.items()}
