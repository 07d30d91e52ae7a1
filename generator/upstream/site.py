"""What is known of Scenario's docs site: where the model reference pages live, how kinds
and providers are spelled in their paths, and the mirror that may stand in for the site.

A page is served as markdown at
`https://docs.scenario.com/get-started/generation/<kind-slug>/<kind-slug>-<provider-slug>/index.md`
(and as HTML without `/index.md`). `SCENARIO_DOCS_URL` names a mirror of the whole site (a
proxy, an internal copy, the tests' loopback server): discovery reads its home page, and every
source URL on the default host is fetched from it instead. URLs are written down with the
default host (in `sources.txt`, in `index.json`), so they do not depend on the mirror.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from generator.problems import InputError, Problem

DEFAULT_DOCS_URL = "https://docs.scenario.com"
DOCS_URL_VARIABLE = "SCENARIO_DOCS_URL"

KINDS: dict[str, str] = {
    "third-party-model-generation": "image generation",
    "video-generation": "video generation",
    "3d-model-generation": "3d generation",
    "audio-generation": "audio generation",
    "image-upscale-models": "image upscale",
    "video-upscale-models": "video upscale",
    "vectorization-models": "vectorization",
    "background-removal-models": "background removal",
}
"""Kind slug (in page paths) -> the kind as the pages name it (`... **Microsoft** 3d
generation models ...`)."""

_PAGE_PATH = re.compile(
    r"/get-started/generation/(?P<kind>[a-z0-9]+(?:-[a-z0-9]+)*)/"
    r"(?P=kind)-(?P<provider>[a-z0-9]+(?:-[a-z0-9]+)*)(?:/index\.md|/)?$"
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, order=True)
class PageAddress:
    """A model reference page by its slugs: the same page whatever host or form serves it."""

    kind_slug: str
    provider_slug: str

    @property
    def kind(self) -> str:
        """The kind as the pages name it; an unknown slug stands for itself."""
        return KINDS.get(self.kind_slug, self.kind_slug.replace("-", " "))

    def markdown_url(self, base: str = DEFAULT_DOCS_URL) -> str:
        kind, provider = self.kind_slug, self.provider_slug
        return f"{base.rstrip('/')}/get-started/generation/{kind}/{kind}-{provider}/index.md"


def slug(name: str) -> str:
    """A provider's (or kind's) slug: lower case, spaces as `-` ("Kuaishou Technology" ->
    `kuaishou-technology`); any other run of punctuation counts as a space."""
    return _NOT_SLUG.sub("-", name.lower()).strip("-")


def kind_slug(text: str) -> str | None:
    """The slug of a kind given as the pages name it (`3d generation`) or as its slug."""
    wanted = slug(text)
    for known, name in KINDS.items():
        if wanted in (known, slug(name)):
            return known
    return None


def address_of(url: str) -> PageAddress | None:
    """The page a URL points at (markdown or HTML form, any host), or None."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    found = _PAGE_PATH.search(path)
    if found is None:
        return None
    return PageAddress(found["kind"], found["provider"])


def docs_url() -> str:
    """The site's base URL: the mirror named by SCENARIO_DOCS_URL, else the real site."""
    base = os.environ.get(DOCS_URL_VARIABLE, "").strip()
    if not base:
        return DEFAULT_DOCS_URL
    try:
        parts = urlsplit(base)
        parts.port  # noqa: B018 (raises ValueError on a port out of range)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            [
                Problem(
                    DOCS_URL_VARIABLE,
                    0,
                    f"expected the base URL of a mirror of the docs site "
                    f"(http:// or https://), found {base!r}",
                )
            ]
        )
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def via_mirror(url: str, base: str) -> str:
    """Where to fetch `url` from: on the default host, the same path on the mirror."""
    if base == DEFAULT_DOCS_URL:
        return url
    parts = urlsplit(url)
    default = urlsplit(DEFAULT_DOCS_URL)
    if parts.hostname != default.hostname or parts.port not in (None, 80, 443):
        return url
    mirror = urlsplit(base)
    return urlunsplit(
        (mirror.scheme, mirror.netloc, mirror.path + parts.path, parts.query, parts.fragment)
    )
