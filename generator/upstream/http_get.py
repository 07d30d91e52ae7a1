"""One HTTP GET that a hostile server cannot stretch: one deadline for the whole exchange.

urllib's timeout bounds each socket operation, not the exchange: a server sending one header
byte a second holds it for as long as it likes, and it follows redirects anywhere. Here
http.client talks over a socket whose every operation waits only until one deadline, set
when the GET starts: name resolution, connect, TLS handshake, request, status line, headers,
body, and the redirects on the way. Redirects stay on the same host (http may become https,
never the reverse), a few at most, never in a loop. The body is refused past `max_bytes`.
Every failure is a FetchError: the URL and one line saying why.
"""

from __future__ import annotations

import http.client
import io
import math
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlsplit

from generator.pages.reading import MAX_PAGE_BYTES

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = MAX_PAGE_BYTES
MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_MAX_MESSAGE = 300
_CONTROL_OR_SPACE = re.compile(r"[\s\x00-\x1f\x7f]+")


class FetchError(Exception):
    """One URL could not be had: `<url>: <why>`, always on one line."""

    def __init__(self, url: str, why: str) -> None:
        self.url = url
        self.why = one_line(why)
        super().__init__(f"{url}: {self.why}")


class Gone(FetchError):
    """The server says the page is no more (404 Not Found, 410 Gone)."""


def one_line(text: str) -> str:
    """Server-chosen text made safe to print: one line, no control characters, bounded."""
    text = _CONTROL_OR_SPACE.sub(" ", text).strip()
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."


@dataclass(frozen=True)
class Limits:
    timeout: float = DEFAULT_TIMEOUT
    """Seconds for the whole exchange, redirects included."""
    max_bytes: int = DEFAULT_MAX_BYTES

    def __post_init__(self) -> None:
        if not (math.isfinite(self.timeout) and self.timeout > 0) or self.max_bytes <= 0:
            raise ValueError(f"limits must be finite and positive, found {self}")


@dataclass(frozen=True)
class Response:
    url: str
    """Where the answer came from, after redirects."""
    status: int
    reason: str
    headers: Message
    body: bytes
    """Read only for a 2xx answer; empty otherwise."""


HeaderCheck = Callable[[Message], str | None]
"""Why a 2xx answer's headers are refused (its body is then never read), or None."""


def get(
    url: str,
    headers: Mapping[str, str],
    limits: Limits,
    check: HeaderCheck = lambda headers: None,
    rewrite: Callable[[str], str] = lambda url: url,
) -> Response:
    """GET `url` (following same-host redirects; `rewrite` maps each redirect target, for
    a mirror), all within `limits.timeout`. Any status but a redirect is returned."""
    deadline = _Deadline(limits.timeout)
    visited = [url]
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        outcome = _exchange(url, current, headers, deadline, limits, check)
        if isinstance(outcome, Response):
            return outcome
        target = rewrite(urljoin(current, outcome))
        refusal = _redirect_refusal(current, target)
        if refusal:
            raise FetchError(url, f"refused a redirect to {target!r}: {refusal}")
        if target in visited:
            raise FetchError(url, f"redirect loop: {' -> '.join([*visited, target])}")
        visited.append(target)
        current = target
    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")


def _redirect_refusal(source: str, target: str) -> str | None:
    try:
        old, new = urlsplit(source), urlsplit(target)
        new_port = new.port or (443 if new.scheme == "https" else 80)
        old_port = old.port or (443 if old.scheme == "https" else 80)
    except ValueError:
        return "not a URL"
    if new.scheme not in ("http", "https") or not new.hostname:
        return "not an http(s) URL"
    if new.hostname != old.hostname:
        return "another host"
    if (new.scheme, new_port) == (old.scheme, old_port) or (old.scheme, new.scheme) == (
        "http",
        "https",
    ):
        return None
    return "another port or a downgrade to http"


# One request and its answer ------------------------------------------------------------


def _exchange(
    url: str,
    current: str,
    headers: Mapping[str, str],
    deadline: _Deadline,
    limits: Limits,
    check: HeaderCheck,
) -> Response | str:
    """The answer, or the Location of a redirect."""
    parts = urlsplit(current)
    connection = _connection(parts.scheme, parts.hostname or "", parts.port, deadline)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("GET", target, headers=dict(headers))
        answer = connection.getresponse()
        if answer.status in _REDIRECTS:
            location = answer.getheader("Location")
            if not location:
                raise FetchError(url, f"HTTP {answer.status} without a Location")
            return location.strip()
        body = b""
        if 200 <= answer.status < 300:
            refusal = _size_refusal(answer.headers, limits.max_bytes) or check(answer.headers)
            if refusal:
                raise FetchError(url, refusal)
            body = _read_body(url, answer, limits.max_bytes)
        return Response(current, answer.status, answer.reason, answer.headers, body)
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(url, _failure(exc, connection, limits, parts.hostname)) from None
    finally:
        connection.shut()


def _failure(
    exc: OSError | http.client.HTTPException,
    connection: _Connection,
    limits: Limits,
    host: str | None,
) -> str:
    """Why the exchange failed, in words."""
    if isinstance(exc, TimeoutError):
        what = "not complete" if connection.received_any() else "no answer"
        return f"{what} within {limits.timeout:g} s"
    if isinstance(exc, socket.gaierror):
        return f"cannot connect: cannot resolve {host}: {exc}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed: {exc}"
    if isinstance(exc, http.client.HTTPException):
        return f"bad HTTP answer: {type(exc).__name__} {exc}"
    stage = "connection lost" if connection.connected() else "cannot connect"
    return f"{stage}: {exc.strerror or exc}"


def _size_refusal(headers: Message, max_bytes: int) -> str | None:
    encoding = headers.get("Content-Encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        return f"refused Content-Encoding {encoding} (none was asked for)"
    length = headers.get("Content-Length", "").strip()
    if length.isdigit() and int(length) > max_bytes:
        return f"{int(length)} bytes, over the limit of {max_bytes}"
    return None


def _read_body(url: str, answer: http.client.HTTPResponse, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    try:
        while chunk := answer.read(min(_CHUNK, max_bytes + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise FetchError(url, f"more than {max_bytes} bytes, over the limit")
    except http.client.IncompleteRead as exc:  # a chunked body cut short
        raise FetchError(url, f"connection closed after {total + len(exc.partial)} bytes") from None
    length = answer.getheader("Content-Length", "").strip()
    if length.isdigit() and total != int(length):
        raise FetchError(url, f"connection closed after {total} of {length} bytes")
    return b"".join(chunks)


# Sockets that keep the deadline ---------------------------------------------------------


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise TimeoutError("deadline passed")
        return left


class _DeadlineSocket:
    """A connected socket whose every send and receive waits at most until the deadline:
    the only socket methods http.client uses once connected."""

    def __init__(self, sock: socket.socket, deadline: _Deadline) -> None:
        self._sock = sock
        self._deadline = deadline
        self.received = 0

    def sendall(self, data: bytes) -> None:
        self._sock.settimeout(self._deadline.remaining())
        self._sock.sendall(data)

    def recv_into(self, buffer: Any, nbytes: int = 0) -> int:
        self._sock.settimeout(self._deadline.remaining())
        count = self._sock.recv_into(buffer, nbytes)
        self.received += count
        return count

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        return io.BufferedReader(_Reader(self))

    def close(self) -> None:
        """http.client closes the socket while its response may still read the body (a
        real socket defers that until its files close): the owner shuts it instead."""

    def shut(self) -> None:
        self._sock.close()


class _Reader(io.RawIOBase):
    def __init__(self, sock: _DeadlineSocket) -> None:
        self._sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self._sock.recv_into(buffer)


class _Connection(http.client.HTTPConnection):
    """http.client over a _DeadlineSocket; TLS when given a context."""

    def __init__(
        self, host: str, port: int | None, deadline: _Deadline, tls: ssl.SSLContext | None
    ) -> None:
        default_port = 443 if tls else 80
        super().__init__(host, port or default_port)
        self.default_port = default_port  # http.client leaves it out of Host when equal
        self._deadline = deadline
        self._tls = tls
        self._wrapped: _DeadlineSocket | None = None

    def connect(self) -> None:
        sock = _connect(self.host, self.port, self._deadline)
        if self._tls is not None:
            try:
                sock.settimeout(self._deadline.remaining())
                sock = self._tls.wrap_socket(sock, server_hostname=self.host)
            except BaseException:
                sock.close()
                raise
        self._wrapped = _DeadlineSocket(sock, self._deadline)
        self.sock = self._wrapped

    def shut(self) -> None:
        """Close the connection and its socket, for good (see _DeadlineSocket.close)."""
        self.close()
        if self._wrapped is not None:
            self._wrapped.shut()

    def connected(self) -> bool:
        return self._wrapped is not None

    def received_any(self) -> bool:
        return self._wrapped is not None and self._wrapped.received > 0


def _connection(scheme: str, host: str, port: int | None, deadline: _Deadline) -> _Connection:
    tls = ssl.create_default_context() if scheme == "https" else None
    return _Connection(host, port, deadline, tls)


def _connect(host: str, port: int, deadline: _Deadline) -> socket.socket:
    error: OSError = OSError(f"no address for {host}")
    for family, kind, proto, _, address in _resolve(host, port, deadline):
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(deadline.remaining())
            sock.connect(address)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock
        except TimeoutError:
            sock.close()
            raise
        except OSError as exc:
            sock.close()
            error = exc
    raise error


def _resolve(host: str, port: int, deadline: _Deadline) -> list[Any]:
    """getaddrinfo has no timeout of its own: it runs in a thread, waited for until the
    deadline (the thread, a daemon, ends on its own later)."""
    found: list[Any] = []
    done = threading.Event()

    def resolve() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as exc:
            found.append(exc)
        finally:
            done.set()

    threading.Thread(target=resolve, name="scenario-codegen-resolve", daemon=True).start()
    if not done.wait(deadline.remaining()):
        raise TimeoutError("name resolution")
    if isinstance(found[0], OSError):
        raise found[0]
    addresses: list[Any] = found[0]
    return addresses
