"""Discovery: the model reference pages the docs site links from its home page's navigation.

The site has no sitemap and no llms.txt; its home page's navigation links every page as
`/get-started/generation/<kind-slug>/<kind-slug>-<provider-slug>/` (with or without the
trailing slash, among links to guides and other pages). A link's text is the provider's name
when it spells the slug; otherwise the name is made from the slug.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.message import Message
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from generator.listing import Source, read_sources
from generator.problems import InputError, Problem
from generator.upstream.fetch import user_agent
from generator.upstream.http_get import FetchError, Limits, get
from generator.upstream.site import (
    KINDS,
    PageAddress,
    address_of,
    docs_url,
    kind_slug,
    slug,
    via_mirror,
)
from generator.upstream.sources import append_sources

_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Listed:
    """A model reference page the site links, and whether the sources list has it."""

    address: PageAddress
    provider: str
    in_sources: bool = False

    @property
    def kind(self) -> str:
        return self.address.kind

    @property
    def url(self) -> str:
        """The markdown URL on the real site: what sources.txt lists, whatever the mirror."""
        return self.address.markdown_url()


def discover(limits: Limits) -> list[Listed]:
    """Read the home page of the site (or of its mirror) and list the pages it links."""
    home = docs_url() + "/"
    answer = get(
        home,
        {"Accept": "text/html", "User-Agent": user_agent()},
        limits,
        check=_html_refusal,
        rewrite=partial(via_mirror, base=docs_url()),
    )
    if not 200 <= answer.status < 300:
        raise FetchError(home, f"HTTP {answer.status} {answer.reason}")
    charset = answer.headers.get_content_charset() or "utf-8"
    try:
        text = answer.body.decode(charset, errors="replace")
    except LookupError:
        text = answer.body.decode("utf-8", errors="replace")
    pages = navigation(text, answer.url)
    if not pages:
        raise FetchError(home, "found no link to a model reference page in the navigation")
    return pages


def _html_refusal(headers: Message) -> str | None:
    content_type = headers.get_content_type()
    if content_type not in _HTML_TYPES:
        return f"refused Content-Type {content_type} for the home page; expected text/html"
    return None


def navigation(html: str, base: str) -> list[Listed]:
    """Every model reference page linked from `html`, once, sorted by kind then provider."""
    links = _Links()
    links.feed(html)
    links.close()
    names: dict[PageAddress, str] = {}
    for href, text in links.found:
        address = address_of(urljoin(base, href))
        if address is None:
            continue
        if slug(text) == address.provider_slug:
            names[address] = text
        else:
            names.setdefault(address, _name_from_slug(address.provider_slug))
    found = [Listed(address, name) for address, name in names.items()]
    return sorted(found, key=lambda p: (p.kind, p.provider.casefold(), p.address))


def _name_from_slug(provider_slug: str) -> str:
    return " ".join(word.capitalize() for word in provider_slug.split("-"))


class _Links(HTMLParser):
    """(href, text) of every `<a>`; text with runs of whitespace as one space."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._close_link()
            self._href = dict(attrs).get("href")
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._close_link()

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._close_link()

    def _close_link(self) -> None:
        if self._href is not None:
            self.found.append((self._href, " ".join("".join(self._text).split())))
        self._href = None


# Choosing and comparing -------------------------------------------------------------------


def select(
    pages: Iterable[Listed], kind_slug: str | None = None, provider: str | None = None
) -> list[Listed]:
    """The pages of one kind (a slug) and/or one provider (a name or its slug)."""
    wanted = slug(provider) if provider is not None else None
    return [
        page
        for page in pages
        if (kind_slug is None or page.address.kind_slug == kind_slug)
        and (wanted is None or page.address.provider_slug == wanted)
    ]


def mark_listed(pages: Iterable[Listed], sources: Sequence[Source]) -> list[Listed]:
    """Each page, with whether a source points at it (any host, either form of its URL)."""
    have = {address_of(item.url) for item in sources}
    return [Listed(p.address, p.provider, p.address in have) for p in pages]


# The whole discovery -----------------------------------------------------------------------


@dataclass(frozen=True)
class Discovery:
    pages: list[Listed]
    """The pages of the chosen kind and provider, each marked listed or not."""
    added: list[str]
    """The URLs appended to the sources list (with `add`)."""


def discovery(
    listing: Path,
    limits: Limits,
    kind: str | None = None,
    provider: str | None = None,
    add: bool = False,
) -> Discovery:
    """Discover, choose, compare with the sources list, and append what it lacks if asked.
    `kind` as the pages name it or its slug; an unknown kind is an InputError."""
    wanted = None
    if kind is not None:
        wanted = kind_slug(kind)
        if wanted is None:
            known = ", ".join(f"{name!r}" for name in KINDS.values())
            raise InputError(
                [
                    Problem(
                        "command line",
                        0,
                        f"--kind: expected one of {known} or its slug, found {kind!r}",
                    )
                ]
            )
    sources = read_sources(listing) if listing.exists() else []
    pages = mark_listed(select(discover(limits), wanted, provider), sources)
    missing = [page.url for page in pages if not page.in_sources]
    if add and missing:
        append_sources(listing, missing)
    return Discovery(pages, missing if add else [])
