"""The validators for conditional GETs (ETag, Last-Modified), kept beside the pages.

`<pages>/.fetch-cache.json`, keyed by page file name, with the URL they came from and the
sha256 of the bytes they describe. They are sent only while the page on disk still has those
bytes: a page edited or deleted by hand is downloaded in full again. Deleting the file only
costs full downloads; committing it lets CI get `304 Not Modified` too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from generator.listing import Source
from generator.upstream.storage import atomic_write

CACHE_FILE = ".fetch-cache.json"

Cache = dict[str, dict[str, str]]


@dataclass(frozen=True)
class Validators:
    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def load_cache(into: Path) -> Cache:
    try:
        document = json.loads((into / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    pages = document.get("pages") if isinstance(document, dict) else None
    if not isinstance(pages, dict):
        return {}
    return {
        name: {k: v for k, v in entry.items() if isinstance(v, str)}
        for name, entry in pages.items()
        if isinstance(name, str) and isinstance(entry, dict)
    }


def save_cache(into: Path, cache: Cache) -> None:
    document = {
        "comment": "ETag and Last-Modified of each page, for conditional GETs. "
        "Written by `scenario-codegen fetch` and `sync`; safe to delete.",
        "pages": dict(sorted(cache.items())),
    }
    text = json.dumps(document, indent=2, sort_keys=True) + "\n"
    atomic_write(into / CACHE_FILE, text.encode("utf-8"))


def validators(into: Path, item: Source, cache: Cache) -> Validators:
    """What to send, only while the page on disk is the copy they describe."""
    entry = cache.get(item.filename)
    if not entry or entry.get("url") != item.url:
        return Validators()
    try:
        current = (into / item.filename).read_bytes()
    except OSError:
        return Validators()
    if hashlib.sha256(current).hexdigest() != entry.get("sha256"):
        return Validators()
    return Validators(entry.get("etag"), entry.get("lastModified"))


def remember(cache: Cache, item: Source, body: bytes, found: Validators) -> None:
    entry = {"url": item.url, "sha256": hashlib.sha256(body).hexdigest()}
    if found.etag:
        entry["etag"] = found.etag
    if found.last_modified:
        entry["lastModified"] = found.last_modified
    cache[item.filename] = entry


def forget(cache: Cache, item: Source) -> None:
    cache.pop(item.filename, None)
