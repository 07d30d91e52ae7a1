"""Fetching upstream pages over HTTP(S): conditional, bounded, atomic; stdlib only.

A page is only ever replaced by a complete, checked download: HTTP 2xx, a Markdown or
plain-text Content-Type, at most `max_bytes`, valid UTF-8, within the timeout. Anything
else is a `FetchError` naming the URL, and the old copy stays as it was.

The validators for conditional GETs (ETag, Last-Modified) live in one file beside the
pages, `<into>/.fetch-cache.json`, keyed by page file name, with the URL they came from
and the sha256 of the bytes they describe. They are sent only while the page on disk
still has those bytes: a page edited or deleted by hand is downloaded in full again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPException, HTTPMessage
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from generator import __version__
from generator.problems import InputError, Problem

CACHE_FILE = ".fetch-cache.json"
SOURCES_FILE = "sources.txt"
ACCEPTED_TYPES = ("text/markdown", "text/plain", "text/x-markdown")
ACCEPTED_CHARSETS = ("utf-8", "utf8", "us-ascii")
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
SAFE_FILENAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,123}\.md")
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9._-]+")
_PAGE_SUFFIXES = (".md", ".markdown", ".mdx", ".txt")
_CHUNK = 64 * 1024

Cache = dict[str, dict[str, str]]


class FetchError(Exception):
    """One URL could not be fetched; the message names it and says why, on one line."""


@dataclass(frozen=True)
class Source:
    url: str
    filename: str
    """The page's file name inside the folder it is fetched into."""


@dataclass(frozen=True)
class Fetched:
    source: Source
    body: bytes | None
    """None when the server said 304: the copy on disk is current."""
    etag: str | None
    last_modified: str | None


# Sources ---------------------------------------------------------------------------


def filename_for(url: str) -> str:
    """A safe page file name from a URL's path: `.../docs/microsoft-3d.md` ->
    `microsoft-3d.md`, `.../microsoft/index.md` -> `microsoft.md`. Never a path."""
    parts = urlsplit(url)
    segments = [unquote(s) for s in parts.path.split("/") if s not in ("", ".", "..")]
    stems = [_strip_suffix(s) for s in segments]
    while len(stems) > 1 and stems[-1].lower() in ("index", "readme"):
        stems.pop()
    stem = _safe(stems[-1] if stems else "")
    if not stem:
        stem = _safe(parts.hostname or "") or "page"
    return stem[:120] + ".md"


def _safe(text: str) -> str:
    """Letters, digits and `._-` only, no `..`, no leading or trailing punctuation."""
    return re.sub(r"\.{2,}", ".", _UNSAFE_RUN.sub("-", text)).strip(".-_")


def _strip_suffix(segment: str) -> str:
    for suffix in _PAGE_SUFFIXES:
        if segment.lower().endswith(suffix):
            return segment[: -len(suffix)]
    return segment


def check_url(url: str) -> str | None:
    """Why a URL cannot be fetched, or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a port out of range)
    except ValueError as exc:
        return f"expected an http:// or https:// URL, found {url!r} ({exc})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"expected an http:// or https:// URL, found {url!r}"
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        return f"expected a URL without spaces or control characters, found {url!r}"
    return None


def check_filename(name: str) -> str | None:
    if not SAFE_FILENAME.fullmatch(name) or ".." in name:
        return (
            f"expected a plain page file name (letters, digits, `._-`, ending in .md), "
            f"found {name!r}"
        )
    return None


def source(url: str, filename: str | None, where: Problem) -> Source:
    """A checked Source; `where` is the file and line to blame, its message unused."""
    why = check_url(url) or (check_filename(filename) if filename is not None else None)
    if why:
        raise InputError([Problem(where.file, where.line, why)])
    return Source(url, filename if filename is not None else filename_for(url))


def read_sources(path: Path) -> list[Source]:
    """`URL [filename]` per line; `#` starts a comment (at a line's start or after a
    space, since a URL may hold `#`); blank lines are ignored."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            [Problem(str(path), 0, "expected a list of page URLs, found no such file")]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(str(path), 0, f"cannot read it: {exc}")]) from None
    sources: list[Source] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = re.sub(r"(^|\s)#.*$", "", line).split()
        if not fields:
            continue
        if len(fields) > 2:
            problems.append(Problem(str(path), number, "expected `URL` or `URL filename.md`"))
            continue
        try:
            sources.append(
                source(
                    fields[0],
                    fields[1] if len(fields) == 2 else None,
                    Problem(str(path), number, ""),
                )
            )
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return sources


def check_unique(sources: Sequence[Source], origin: str) -> None:
    """Two URLs must not write one file."""
    seen: dict[str, str] = {}
    problems = []
    for item in sources:
        if item.filename in seen and seen[item.filename] != item.url:
            problems.append(
                Problem(
                    origin,
                    0,
                    f"{item.url} and {seen[item.filename]} would both write "
                    f"{item.filename}; name the files in {SOURCES_FILE}",
                )
            )
        seen.setdefault(item.filename, item.url)
    if problems:
        raise InputError(problems)


# The cache of validators ----------------------------------------------------------


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
        "Written by `scenario-codegen fetch`; safe to delete.",
        "pages": dict(sorted(cache.items())),
    }
    text = json.dumps(document, indent=2, sort_keys=True) + "\n"
    atomic_write(into / CACHE_FILE, text.encode("utf-8"))


def _validators(into: Path, item: Source, cache: Cache) -> dict[str, str]:
    """Conditional headers, only while the page on disk is the copy they describe."""
    entry = cache.get(item.filename)
    if not entry or entry.get("url") != item.url:
        return {}
    try:
        current = (into / item.filename).read_bytes()
    except OSError:
        return {}
    if hashlib.sha256(current).hexdigest() != entry.get("sha256"):
        return {}
    headers = {}
    if entry.get("etag"):
        headers["If-None-Match"] = entry["etag"]
    if entry.get("lastModified"):
        headers["If-Modified-Since"] = entry["lastModified"]
    return headers


# Downloading -----------------------------------------------------------------------


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only: never to ftp:// or file://."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if check_url(newurl):
            raise FetchError(f"{req.full_url}: refused a redirect to {newurl!r}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def download(
    item: Source,
    into: Path,
    cache: Cache,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Fetched:
    """The page at `item.url`, checked, in memory; FetchError names the URL and why."""
    conditional = _validators(into, item, cache)
    headers = {
        "Accept": "text/markdown, text/x-markdown;q=0.9, text/plain;q=0.8",
        "User-Agent": f"scenario-codegen/{__version__}",
        **conditional,
    }
    request = urllib.request.Request(item.url, headers=headers)
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            _check_headers(item.url, response.headers, max_bytes)
            body = _read_bounded(item.url, response, max_bytes, deadline, timeout)
            etag = response.headers.get("ETag")
            last_modified = response.headers.get("Last-Modified")
    except urllib.error.HTTPError as exc:
        with contextlib.closing(exc):
            if exc.code == 304 and conditional:
                entry = cache.get(item.filename, {})
                return Fetched(
                    item,
                    None,
                    exc.headers.get("ETag") or entry.get("etag"),
                    exc.headers.get("Last-Modified") or entry.get("lastModified"),
                )
            raise FetchError(f"{item.url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise FetchError(f"{item.url}: no answer within {timeout:g} s") from None
        raise FetchError(f"{item.url}: cannot connect: {exc.reason}") from None
    except TimeoutError:
        raise FetchError(f"{item.url}: no answer within {timeout:g} s") from None
    except (HTTPException, OSError) as exc:
        raise FetchError(f"{item.url}: {type(exc).__name__}: {exc}") from None
    _check_text(item.url, body)
    return Fetched(item, body, etag, last_modified)


def _check_headers(url: str, headers: Message, max_bytes: int) -> None:
    if headers.get("Content-Type") is None:
        raise FetchError(f"{url}: no Content-Type; expected {', '.join(ACCEPTED_TYPES)}")
    content_type = headers.get_content_type()
    if content_type not in ACCEPTED_TYPES:
        raise FetchError(
            f"{url}: refused Content-Type {content_type}; " f"expected {', '.join(ACCEPTED_TYPES)}"
        )
    charset = headers.get_content_charset()
    if charset is not None and charset not in ACCEPTED_CHARSETS:
        raise FetchError(f"{url}: refused charset {charset}; expected UTF-8")
    length = headers.get("Content-Length", "")
    if length.strip().isdigit() and int(length) > max_bytes:
        raise FetchError(f"{url}: {int(length)} bytes, over the limit of {max_bytes}")


def _read_bounded(
    url: str, response: Any, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    """The body, refusing more than max_bytes or more time than the timeout in total
    (a server trickling bytes would otherwise beat a per-read timeout)."""
    read = getattr(response, "read1", response.read)
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: not complete within {timeout:g} s")
        chunk = read(min(_CHUNK, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(f"{url}: more than {max_bytes} bytes, over the limit")
    length = response.headers.get("Content-Length", "")
    if length.strip().isdigit() and total != int(length):
        raise FetchError(f"{url}: connection closed after {total} of {length} bytes")
    return b"".join(chunks)


def _check_text(url: str, body: bytes) -> None:
    if not body.strip():
        raise FetchError(f"{url}: empty page")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        raise FetchError(
            f"{url}: expected UTF-8 text, found byte 0x{body[exc.start]:02x} " f"on line {line}"
        ) from None


# Storing ---------------------------------------------------------------------------


def store(into: Path, fetched: Fetched, cache: Cache) -> str:
    """Write the page if it changed; `new`, `updated` or `unchanged`. Updates `cache`
    in memory (save it with save_cache)."""
    target = into / fetched.source.filename
    status = "unchanged"
    body = fetched.body
    if body is None:
        body = target.read_bytes()
    else:
        try:
            current: bytes | None = target.read_bytes()
        except FileNotFoundError:
            current = None
        if current != body:
            atomic_write(target, body)
            status = "new" if current is None else "updated"
    entry = {"url": fetched.source.url, "sha256": hashlib.sha256(body).hexdigest()}
    if fetched.etag:
        entry["etag"] = fetched.etag
    if fetched.last_modified:
        entry["lastModified"] = fetched.last_modified
    cache[fetched.source.filename] = entry
    return status


def atomic_write(target: Path, data: bytes) -> None:
    """A temporary file in the same folder, then os.replace: readers see the old bytes
    or the new ones, never a part. An existing file keeps its permissions."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


# The whole fetch -------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    source: Source
    status: str
    """`new`, `updated`, `unchanged` or `failed`."""
    error: str | None = None


def fetch_all(
    sources: Sequence[Source],
    into: Path,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Outcome]:
    """Each page on its own: one failing leaves the others fetched and its old copy."""
    into.mkdir(parents=True, exist_ok=True)
    cache = load_cache(into)
    outcomes = []
    for item in sources:
        try:
            fetched = download(item, into, cache, timeout, max_bytes)
        except FetchError as exc:
            outcomes.append(Outcome(item, "failed", str(exc)))
            continue
        outcomes.append(Outcome(item, store(into, fetched, cache)))
    if any(outcome.error is None for outcome in outcomes):
        save_cache(into, cache)
    return outcomes
