"""A scripted HTTP server on 127.0.0.1, in a thread, for the fetch and sync tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/markdown; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    send_length: bool = True
    hang: bool = False
    """Answer nothing until the server stops (a timeout test)."""
    trickle: bool = False
    """Send the body one byte at a time, 20 ms apart (a total-deadline test)."""
    trickle_headers: float = 0.0
    """When set, send the status line and headers one byte at a time, this many seconds
    apart (a server holding a client in its headers)."""
    endless: bool = False
    """Send body bytes without end (and without Content-Length) until the client leaves."""


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class Loopback:
    def __init__(self, server: ThreadingHTTPServer) -> None:
        self.server = server
        self.routes: dict[str, Route] = {}
        self.responder: Callable[[Seen], Route | None] | None = None
        """Asked first: a Route it returns answers the request (routes made on the fly)."""
        self.seen: list[Seen] = []
        self.stopping = threading.Event()

    def url(self, path: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}{path}"


def _handler(loopback: Loopback) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()})
            loopback.seen.append(seen)
            route = loopback.responder(seen) if loopback.responder else None
            route = route or loopback.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            if route.hang:
                loopback.stopping.wait(5)
                return
            if (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                route.last_modified
                and not route.etag
                and self.headers.get("If-Modified-Since") == route.last_modified
            ):
                self.send_response(304)
                self.end_headers()
                return
            if route.trickle_headers:
                self._trickle_headers(route)
                return
            self.send_response(route.status)
            if route.content_type is not None:
                self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.send_length and not route.endless:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            try:
                if route.endless:
                    chunk = (route.body or b"x") * (65536 // max(len(route.body), 1))
                    while not loopback.stopping.is_set():
                        self.wfile.write(chunk)
                elif route.trickle:
                    for index in range(len(route.body)):
                        if loopback.stopping.wait(0.02):
                            return
                        self.wfile.write(route.body[index : index + 1])
                        self.wfile.flush()
                else:
                    self.wfile.write(route.body)
            except OSError:
                pass  # the client gave up: that is what some tests want

        def _trickle_headers(self, route: Route) -> None:
            head = (
                f"HTTP/1.0 {route.status} OK\r\n"
                f"Content-Type: {route.content_type}\r\n"
                f"Content-Length: {len(route.body)}\r\n"
                "X-Padding: " + "." * 200 + "\r\n\r\n"
            ).encode()
            try:
                for index in range(len(head)):
                    if loopback.stopping.wait(route.trickle_headers):
                        return
                    self.wfile.write(head[index : index + 1])
                    self.wfile.flush()
                self.wfile.write(route.body)
            except OSError:
                pass

    return Handler


@contextmanager
def serve(monkeypatch: pytest.MonkeyPatch, host: str = "127.0.0.1") -> Iterator[Loopback]:
    """A server on `host` (a loopback address; an ephemeral port), and no proxy between it
    and urllib."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    server = ThreadingHTTPServer((host, 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    loopback = Loopback(server)
    server.RequestHandlerClass = _handler(loopback)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield loopback
    finally:
        loopback.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
