"""Moving files between this machine and Scenario's storage: the options, the progress
reports, the retry policy, and the HTTP client the transfers go through.

Transfers go to presigned object-storage URLs, whose query string is the credential: they
go through their own `httpx` client (scenario-sdk's HTTP library), which never sends the
API's `Authorization` header, and no URL is ever shown with its query string. httpx is
imported when a client first moves a file.
"""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx
    from scenario_sdk import AsyncScenario, Omit, Scenario

MiB = 1024 * 1024
MIN_PART_SIZE = 5 * MiB
"""S3's multipart rule: every part but the last holds at least 5 MiB."""
MAX_PART_SIZE = 5 * 1024 * MiB
MAX_PARTS = 10_000
CHUNK_SIZE = MiB
"""Bytes read from disk (and counted for progress) at a time."""
RETRYABLE_STATUSES = frozenset({408, 409, 429})
"""Refusals worth another try besides 5xx: a timeout, a conflict, a rate limit."""
MAX_DELAY = 8.0
"""Longest wait between two attempts, whatever a server asks for."""


@dataclass(frozen=True)
class Transfers:
    """How the client moves files: `Client(transfers=Transfers(concurrency=8))`."""

    concurrency: int = 4
    """Parts (and files, and downloads) in flight at once."""
    part_size: int = 8 * MiB
    """Bytes per part of a multipart upload (5 MiB to 5 GiB); grown for a file that
    would need more than 10,000 parts."""
    retries: int = 3
    """Further attempts at a part or a download after a network error or a 408, 409,
    429 or 5xx answer."""
    small_image_size: int = 2 * MiB
    """Images up to this size go up in one request through the assets API, as base64:
    faster than the three or more requests of an upload up to 2 to 4 MiB with a 30 ms
    round trip (`make bench`); 0 sends every file through the uploads API."""
    poll_interval: float = 0.5
    """Seconds before the first check of an upload's status; each wait is 1.5 times
    the last, up to 5 seconds."""
    upload_timeout: float | None = 600.0
    """Seconds to wait for the API to accept an uploaded file; None waits forever."""

    def __post_init__(self) -> None:
        problems = [
            f"{name} {rule}, got {value!r}"
            for name, value, rule, ok in (
                ("concurrency", self.concurrency, "must be >= 1", self.concurrency >= 1),
                (
                    "part_size",
                    self.part_size,
                    f"must be {MIN_PART_SIZE} to {MAX_PART_SIZE} bytes",
                    MIN_PART_SIZE <= self.part_size <= MAX_PART_SIZE,
                ),
                ("retries", self.retries, "must be >= 0", self.retries >= 0),
                (
                    "small_image_size",
                    self.small_image_size,
                    "must be >= 0",
                    self.small_image_size >= 0,
                ),
                ("poll_interval", self.poll_interval, "must be > 0", self.poll_interval > 0),
                (
                    "upload_timeout",
                    self.upload_timeout,
                    "must be >= 0 or None",
                    self.upload_timeout is None or self.upload_timeout >= 0,
                ),
            )
            if not ok
        ]
        if problems:
            raise ValueError("Transfers: " + "; ".join(problems))


@dataclass(frozen=True)
class Progress:
    """One progress report of a transfer."""

    path: Path
    """The local file read (an upload) or written (a download)."""
    done: int
    """Bytes moved so far."""
    total: int | None
    """Bytes in all, when known."""
    asset_id: str | None = None
    """The asset downloaded (None for an upload)."""


ProgressCallback = Callable[[Progress], object]


class Reporter:
    """Calls a progress callback one report at a time, whichever thread moves bytes."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self._callback = callback
        self._lock = threading.Lock()

    def __call__(self, report: Progress) -> None:
        if self._callback is not None:
            with self._lock:
                self._callback(report)


@dataclass
class Session:
    """What a `Client`'s jobs and uploads share: the SDK, the project, the options and
    the HTTP client for storage URLs (made on first use, closed with the client)."""

    sdk: Scenario
    project_id: str | Omit
    transfers: Transfers
    on_upload_progress: ProgressCallback | None = None
    _http: httpx.Client | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def http(self) -> httpx.Client:
        with self._lock:
            if self._http is None:
                import httpx

                self._http = httpx.Client(timeout=_timeout(self.sdk.timeout), follow_redirects=True)
            return self._http

    def close(self) -> None:
        with self._lock:
            if self._http is not None:
                self._http.close()
                self._http = None


@dataclass
class AsyncSession:
    """`Session` for `AsyncClient`."""

    sdk: AsyncScenario
    project_id: str | Omit
    transfers: Transfers
    on_upload_progress: ProgressCallback | None = None
    _http: httpx.AsyncClient | None = field(default=None, repr=False)

    @property
    def http(self) -> httpx.AsyncClient:
        if self._http is None:
            import httpx

            self._http = httpx.AsyncClient(
                timeout=_timeout(self.sdk.timeout), follow_redirects=True
            )
        return self._http

    async def close(self) -> None:
        if self._http is not None:
            http, self._http = self._http, None
            await http.aclose()


def _timeout(sdk_timeout: Any) -> Any:
    """The SDK's own timeout (a number, an `httpx.Timeout` or None) for each transfer
    request; the SDK's "not given" default is its 60 seconds."""
    import httpx

    if sdk_timeout is None or isinstance(sdk_timeout, (int, float, httpx.Timeout)):
        return sdk_timeout
    return httpx.Timeout(60.0, connect=10.0)


# Retries -----------------------------------------------------------------------------


def retryable(status: int) -> bool:
    return status >= 500 or status in RETRYABLE_STATUSES


def delay(attempt: int, headers: Mapping[str, str] | None = None) -> float:
    """Seconds before attempt `attempt + 1`: what the server asked for (`Retry-After`,
    `retry-after-ms`), else exponential back-off with jitter, at most `MAX_DELAY`."""
    asked = _asked_delay(headers or {})
    if asked is not None:
        return min(asked, MAX_DELAY)
    backoff: float = min(MAX_DELAY, 0.5 * 2.0**attempt)
    return backoff * (1 - 0.25 * random.random())


def _asked_delay(headers: Mapping[str, str]) -> float | None:
    lower = {key.lower(): value for key, value in headers.items()}
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = lower.get(name, "").strip()
        try:
            seconds = float(value) * scale
        except ValueError:
            continue
        if seconds >= 0:
            return seconds
    return None


# Messages ----------------------------------------------------------------------------

_XML_FIELD = re.compile(r"<(Code|Message)>([^<]{0,300})</\1>")
_UNPRINTABLE = re.compile(r"[^\x20-\x7e]+")


def storage_error(status: int, body: bytes) -> str:
    """What object storage said, in one short line: `HTTP 403 SignatureDoesNotMatch: ...`
    from S3's XML error document, else the start of the body."""
    text = body[:2000].decode("utf-8", "replace")
    fields = dict((name, value.strip()) for name, value in _XML_FIELD.findall(text))
    if fields:
        detail = ": ".join(fields[name] for name in ("Code", "Message") if fields.get(name))
    else:
        detail = text.strip()
    detail = _UNPRINTABLE.sub(" ", detail)[:200].strip()
    return f"HTTP {status} {detail}".rstrip()


def transport_error(exc: BaseException) -> str:
    """A network error in one line (httpx's messages never hold the URL's query)."""
    text = _UNPRINTABLE.sub(" ", str(exc)).strip()[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def shown_url(url: str) -> str:
    """A presigned URL as it may be shown: without its query string, the credential."""
    return url.split("?", 1)[0].split("#", 1)[0]
