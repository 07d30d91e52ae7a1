"""Test helpers: the real pages, pages written in the upstream format, their one-line form."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from generator.pages.model import Model, Param
from tests.conftest import SHARED, shared_pages

DOCS_SITE = SHARED / "docs-site"
"""The whole catalog as the docs site served it: 100 pages, 473 models."""


def site_pages() -> list[Path]:
    """The whole catalog's pages, or [] when ../shared is absent (tests using them skip)."""
    return sorted(DOCS_SITE.glob("*.md")) if DOCS_SITE.is_dir() else []


def corpus_pages() -> list[Path]:
    """Every real page: ../shared/scenario-docs, then the whole ../shared/docs-site."""
    return shared_pages() + site_pages()


def corpus_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


_AUTOLINK = re.compile(r"<https?://[^>\s]*>")


def one_line(text: str) -> str:
    """The one-line form: autolinks dropped, every run of whitespace collapsed to one space."""
    return re.sub(r"\s+", " ", _AUTOLINK.sub("", text)).strip()


def drop_autolinks(text: str) -> str:
    return _AUTOLINK.sub("", text)


def code(value: str) -> str:
    fence = "`"
    while fence in value:
        fence += "`"
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def cell_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def param_row(param: Param) -> str:
    default = "-"
    if isinstance(param.default, list):
        default = (
            "\u201c" if not param.default else code(",".join(scalar_text(v) for v in param.default))
        )
    elif param.default == "":
        default = "\u201c"
    elif param.default is not None:
        default = code(scalar_text(param.default))
    default = cell_escape(default) if default not in ("-", "\u201c") else default
    allowed = "-"
    if param.allowed is not None:
        allowed = ", ".join("\u201c" if v == "" else code(scalar_text(v)) for v in param.allowed)
    cells = [
        cell_escape(code(param.name)),
        param.type.replace("_", "\\_"),
        "Yes" if param.required else "No",
        default,
        "-" if param.minimum is None else str(param.minimum),
        "-" if param.maximum is None else str(param.maximum),
        cell_escape(allowed),
        "-" if param.description is None else cell_escape(param.description),
    ]
    return "| " + " | ".join(cells) + " |"


def page(
    models: Sequence[Model],
    provider: str = "Acme",
    kind: str = "image generation",
    date: str = "2026-01-02",
) -> str:
    lines = [
        "---",
        f"title: {provider} | Scenario Docs",
        "---",
        "",
        f"> This page is auto-generated from model configurations. Last updated: {date}.",
        "",
        f"This reference lists all available **{provider}** {kind} models and their parameters. "
        "Use these parameter names when calling the [Generation API](/api/postgeneratecustom/index.md).",
        "",
    ]
    lines += [f"- [{m.name}](#{m.id})" for m in models]
    lines += ["", "---", ""]
    for model in models:
        lines += [f"## {model.name}", ""]
        if model.description:
            lines += [model.description.replace("\\", "\\\\"), ""]
        lines += [f"**Model ID:** {code(model.id)}", ""]
        lines += ["**Capabilities:** " + ", ".join(code(c) for c in model.capabilities), ""]
        lines += [
            f"**LLM Markdown:** <https://app.scenario.com/api/models/{model.id}/markdown>",
            "",
        ]
        lines += [
            "| Parameter | Type | Required | Default | Min | Max | Allowed Values | Description |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        lines += [param_row(p) for p in model.params]
        lines.append("")
    return "\n".join(lines)
