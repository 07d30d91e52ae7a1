"""Emitters: schema views -> files under `generated/`. Each returns {relative path: text}."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from generator.emit.view import ModelView
from generator.render import Renderer

Emitter = Callable[[Sequence[ModelView], Renderer], dict[str, str]]


def emitters() -> list[Emitter]:
    """Every emitter, in a fixed order. Imported here so each stays a module of its own."""
    found: list[Emitter] = []
    from generator.emit import docs

    found.append(docs.emit)
    from generator.emit import openapi

    found.append(openapi.emit)
    from generator.emit import client

    found.append(client.emit)
    from generator.emit import package

    found.append(package.emit)
    return found
