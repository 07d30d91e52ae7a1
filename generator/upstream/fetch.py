"""Fetching upstream pages: conditional, checked, and never a bad page over a good one.

A page replaces the copy on disk only when it came whole (HTTP 2xx within the deadline, at
most `max_bytes`), is Markdown or plain text in UTF-8, and parses as a model reference page.
Anything else is a FetchError naming the URL, and the old copy stays as it was. A 404 or 410
is `Gone`: the page is no more upstream (what to do about it is `sync --prune`'s call).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import Message
from functools import partial
from pathlib import Path

from generator import __version__
from generator.listing import Source
from generator.pages.parse import parse_page
from generator.problems import errors
from generator.upstream.cache import (
    Cache,
    Validators,
    forget,
    load_cache,
    remember,
    save_cache,
    validators,
)
from generator.upstream.http_get import FetchError, Gone, Limits, get
from generator.upstream.site import docs_url, via_mirror
from generator.upstream.storage import replace_if_changed

ACCEPTED_TYPES = ("text/markdown", "text/plain", "text/x-markdown")
ACCEPTED_CHARSETS = ("utf-8", "utf8", "us-ascii")
_GONE = (404, 410)


@dataclass(frozen=True)
class Fetched:
    source: Source
    body: bytes | None
    """None when the server said 304: the copy on disk is current."""
    validators: Validators


def user_agent() -> str:
    return f"scenario-codegen/{__version__}"


def download(item: Source, into: Path, cache: Cache, limits: Limits) -> Fetched:
    """The page at `item.url` (from the mirror when one is set), checked as text, in memory."""
    sent = validators(into, item, cache)
    headers = {
        "Accept": "text/markdown, text/x-markdown;q=0.9, text/plain;q=0.8",
        "User-Agent": user_agent(),
        **sent.headers(),
    }
    base = docs_url()
    try:
        answer = get(
            via_mirror(item.url, base),
            headers,
            limits,
            check=_markdown_refusal,
            rewrite=partial(via_mirror, base=base),
        )
    except FetchError as exc:
        raise FetchError(item.url, exc.why) from None  # named as listed, not as mirrored
    if answer.status == 304 and sent.headers():
        return Fetched(item, None, _validators(answer.headers, sent))
    if answer.status in _GONE:
        raise Gone(item.url, f"HTTP {answer.status} {answer.reason}")
    if not 200 <= answer.status < 300:
        raise FetchError(item.url, f"HTTP {answer.status} {answer.reason}")
    _check_text(item.url, answer.body)
    return Fetched(item, answer.body, _validators(answer.headers, Validators()))


def _validators(headers: Message, fallback: Validators) -> Validators:
    return Validators(
        headers.get("ETag") or fallback.etag,
        headers.get("Last-Modified") or fallback.last_modified,
    )


def _markdown_refusal(headers: Message) -> str | None:
    if headers.get("Content-Type") is None:
        return f"no Content-Type; expected {', '.join(ACCEPTED_TYPES)}"
    content_type = headers.get_content_type()
    if content_type not in ACCEPTED_TYPES:
        return f"refused Content-Type {content_type}; expected {', '.join(ACCEPTED_TYPES)}"
    charset = headers.get_content_charset()
    if charset is not None and charset not in ACCEPTED_CHARSETS:
        return f"refused charset {charset}; expected UTF-8"
    return None


def _check_text(url: str, body: bytes) -> None:
    if not body.strip():
        raise FetchError(url, "empty page")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        raise FetchError(
            url, f"expected UTF-8 text, found byte 0x{body[exc.start]:02x} on line {line}"
        ) from None


def check_parses(fetched: Fetched) -> None:
    """A FetchError naming the URL and the page's first problem when it does not parse as
    a model reference page (a login page served as text/plain, a moved page's stub)."""
    if fetched.body is None:
        return
    with tempfile.TemporaryDirectory(prefix="scenario-codegen-fetch-") as staging:
        path = Path(staging) / fetched.source.filename
        path.write_bytes(fetched.body)
        _page, problems = parse_page(path)
    found = sorted(errors(problems))
    if found:
        first = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise FetchError(
            fetched.source.url,
            f"not a model reference page: line {first.line}: {first.message}{more}",
        )


def store(into: Path, fetched: Fetched, cache: Cache) -> str:
    """Write the page if it changed: `new`, `updated` or `unchanged`. Updates `cache` in
    memory (save it with save_cache)."""
    target = into / fetched.source.filename
    if fetched.body is None:
        remember(cache, fetched.source, target.read_bytes(), fetched.validators)
        return "unchanged"
    status = replace_if_changed(target, fetched.body)
    remember(cache, fetched.source, fetched.body, fetched.validators)
    return status


# The whole fetch -------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    source: Source
    status: str
    """`new`, `updated`, `unchanged`, `gone` or `failed`."""
    error: str | None = None


def fetch_all(sources: Sequence[Source], into: Path, limits: Limits) -> list[Outcome]:
    """Each page on its own: one failing leaves the others fetched and its old copy."""
    into.mkdir(parents=True, exist_ok=True)
    cache = load_cache(into)
    outcomes = []
    for item in sources:
        try:
            fetched = download(item, into, cache, limits)
            check_parses(fetched)
        except Gone as exc:
            forget(cache, item)
            outcomes.append(Outcome(item, "gone", str(exc)))
            continue
        except FetchError as exc:
            outcomes.append(Outcome(item, "failed", str(exc)))
            continue
        outcomes.append(Outcome(item, store(into, fetched, cache)))
    if any(outcome.error is None for outcome in outcomes):
        save_cache(into, cache)
    return outcomes
