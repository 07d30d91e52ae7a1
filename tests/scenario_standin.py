"""A loopback stand-in of the Scenario API for the client tests: stdlib http.server in a
thread on 127.0.0.1, serving the three routes the generated client uses through the SDK:

- `POST /v1/generate/custom/{modelId}` starts a job,
- `GET /v1/jobs/{jobId}` returns the job's next scripted state,
- `POST /v1/assets` uploads an image (base64 JSON); its asset id is `asset_up_<name>`.

Every request is recorded; scripted failures make the SDK's retries observable.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

JOB_ID = "job_standin_1"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    """Header names in lower case."""
    body: Any


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


def job(status: str, **metadata: Any) -> dict[str, Any]:
    """A job object as the API returns it."""
    return {
        "jobId": JOB_ID,
        "jobType": "custom",
        "status": status,
        "progress": 1.0 if status == "success" else 0.5,
        "metadata": metadata,
        "statusHistory": [],
        "createdAt": "2026-01-01T00:00:00Z",
        "updatedAt": "2026-01-01T00:00:00Z",
    }


class StandIn:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.job_states: list[dict[str, Any]] = [job("success", assetIds=["asset_out"])]
        """What `GET /v1/jobs/{id}` returns, in turn; the last one repeats."""
        self.failures: list[Reply] = []
        """Replies given, in turn, before any route answers normally."""
        self.delay = 0.0
        """Seconds every reply waits, to make a client's request timeout run out."""
        self._lock = threading.Lock()
        self._polls = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def fail_next(self, *statuses: int) -> None:
        """The next requests get these statuses, each asking for a 1 ms retry delay."""
        self.failures += [
            Reply(s, {"error": f"stand-in {s}"}, {"retry-after-ms": "1"}) for s in statuses
        ]

    def requests_to(self, prefix: str) -> list[Request]:
        return [r for r in self.requests if r.path.startswith(prefix)]

    def _reply(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.failures:
                return self.failures.pop(0)
            if request.method == "POST" and request.path.startswith("/v1/generate/custom/"):
                return Reply(200, {"job": job("queued"), "creativeUnitsCost": 1})
            if request.method == "GET" and request.path == f"/v1/jobs/{JOB_ID}":
                state = self.job_states[min(self._polls, len(self.job_states) - 1)]
                self._polls += 1
                return Reply(200, {"job": state})
            if request.method == "POST" and request.path == "/v1/assets":
                asset = {"id": f"asset_up_{request.body['name']}", "kind": "image"}
                return Reply(200, {"asset": asset})
            return Reply(404, {"error": f"no route {request.method} {request.path}"})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 10  # a stuck client never holds a test forever

            def _serve(self) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                request = Request(
                    method=self.command,
                    path=url.path,
                    query=parse_qs(url.query),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=json.loads(raw) if raw else None,
                )
                reply = standin._reply(request)
                time.sleep(standin.delay)
                data = json.dumps(reply.body).encode()
                self.send_response(reply.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = _serve
            do_POST = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def __enter__(self) -> StandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


@contextmanager
def standin_api() -> Iterator[StandIn]:
    with StandIn() as standin:
        yield standin
