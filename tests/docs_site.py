"""A loopback mirror of Scenario's docs site: a home page whose navigation links every model
reference page among guides and other links, as the real one does, and the pages of
../shared/docs-site served as markdown at their real paths. The pages are read from ../shared,
never copied into the project."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generator.upstream.site import DEFAULT_DOCS_URL, PageAddress, address_of
from tests.conftest import SHARED
from tests.loopback import Loopback, Route

SITE = SHARED / "docs-site"
PAGE_LIST = SHARED / "docs-site-pages.txt"
_TITLE = re.compile(r"title: (.+?) \| Scenario Docs")

GUIDES = (
    ("/", "Scenario Docs"),
    ("/get-started/", "Get started"),
    ("/get-started/quickstart/", "Quickstart"),
    ("/get-started/generation/", "Generation"),
    ("/get-started/generation/3d-model-generation/", "3D Model Generation"),
    ("/get-started/generation/video-generation", "Video Generation"),
    ("/get-started/generation/video-generation/index.md", "Video Generation (markdown)"),
    ("/get-started/generation/third-party-model-generation/best-practices/", "Best practices"),
    ("/api/postgeneratecustom/", "Generate with a custom model"),
    ("https://app.scenario.com/", "Open the app"),
    ("https://docs.scenario.com/get-started/generation/", "Generation (absolute)"),
    ("#main", "Skip to content"),
)
"""Links that are not model reference pages: guides, the kinds' own pages, the API, anchors."""


@dataclass(frozen=True)
class SitePage:
    url: str
    """The real markdown URL, as docs-site-pages.txt lists it."""
    address: PageAddress
    file: Path
    provider: str
    """As the page's title names it: the navigation's link text."""

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    def body(self) -> bytes:
        return self.file.read_bytes()


def site_pages() -> list[SitePage]:
    """Every page of docs-site-pages.txt, with its file in ../shared/docs-site."""
    pages = []
    for line in PAGE_LIST.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        address = address_of(line.strip())
        assert address is not None, line
        file = SITE / f"{address.kind_slug}-{address.provider_slug}.md"
        title = _TITLE.search(file.read_text(encoding="utf-8")[:300])
        assert title is not None, file
        pages.append(SitePage(line.strip(), address, file, title.group(1)))
    return pages


def home_page(pages: Iterable[SitePage]) -> bytes:
    """A Starlight-like sidebar: a group per kind, provider links alternately with and
    without their trailing slash (one as an absolute URL), guides around them."""
    groups: dict[str, list[str]] = {}
    for index, page in enumerate(pages):
        href = page.path.removesuffix("index.md")
        if index % 2:
            href = href.rstrip("/")
        if index == 3:
            href = DEFAULT_DOCS_URL + href
        link = (
            f'<li><a href="{html.escape(href)}"><span>{html.escape(page.provider)}</span></a></li>'
        )
        groups.setdefault(page.address.kind, []).append(link)
    guides = "\n".join(
        f'<li><a href="{html.escape(h)}">{html.escape(t)}</a></li>' for h, t in GUIDES
    )
    sections = "\n".join(
        f"<li><details open><summary><span>{html.escape(kind.title())}</span></summary>"
        f"<ul>\n{chr(10).join(links)}\n</ul></details></li>"
        for kind, links in groups.items()
    )
    document = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Scenario Docs</title></head>
<body><a href="#main">Skip to content</a>
<nav class="sidebar" aria-label="Main"><ul class="top-level">
{guides}
{sections}
</ul></nav>
<main id="main"><h1>Scenario Docs</h1><p>See <a href="/get-started/">Get started</a>.</p></main>
</body></html>
"""
    return document.encode("utf-8")


HTML = "text/html; charset=utf-8"
MARKDOWN = "text/markdown; charset=utf-8"


def mirror(server: Loopback, pages: Iterable[SitePage]) -> None:
    """Serve these pages and a home page that links them (replacing what was served)."""
    pages = list(pages)
    server.routes.clear()
    server.routes["/"] = Route(home_page(pages), content_type=HTML)
    for page in pages:
        server.routes[page.path] = served(page.body())


def served(body: bytes) -> Route:
    """A page as the site serves it: markdown, with an ETag of its bytes."""
    return Route(body, content_type=MARKDOWN, etag=f'"{hashlib.sha256(body).hexdigest()[:16]}"')
