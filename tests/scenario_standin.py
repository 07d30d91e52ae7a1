"""A loopback stand-in of the Scenario API and its object storage for the client tests:
stdlib http.server in a thread on 127.0.0.1, as strict as the real services.

The API, under `/v1` (every 2xx JSON answer is checked against scenario-sdk's own
response type first: one that does not fit is a 500 and a recorded violation, so the
stand-in cannot drift from what the SDK reads):

- `POST /v1/generate/custom/{modelId}` starts a job; `GET /v1/jobs/{jobId}` returns its
  next scripted state; `POST /v1/jobs/{jobId}/action` `{"action": "cancel"}` cancels it.
- `POST /v1/assets` takes an image as base64 JSON; its asset id is `asset_up_<name>`.
- `GET /v1/assets/{assetId}` gives an asset's signed `url` on the storage and `mimeType`.
- `POST /v1/uploads` (`fileName`, `contentType`, `fileSize`, `kind`, `parts`) answers an
  upload with one presigned part URL per part; `POST /v1/uploads/{id}/action`
  `{"action": "complete"}` checks the parts as S3's CompleteMultipartUpload does (all
  there, every part but the last at least 5 MiB); `GET /v1/uploads/{id}` walks the
  statuses `validating`, `validated`, then `imported` with `entityId` `asset_up_<fileName>`
  (or `failed` with `errorMessage`, when the test says so).

The storage, under `/storage`, refuses what S3 refuses for a presigned URL: an
`Authorization` header beside the query-string credential, a bad or missing signature, a
PUT without `Content-Length` (or chunked), a body shorter than announced. It keeps no part
in memory, only its size and sha256.

Every request is recorded; scripted failures make retries observable.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scenario_sdk import types as sdk_types

JOB_ID = "job_standin_1"
MiB = 1024 * 1024
MIN_PART = 5 * MiB
UPLOAD_KINDS = ("3d", "asset", "audio", "avatar", "image", "model", "text", "video")
_SIGNING_KEY = b"stand-in signing key"
_STAMP = "2026-01-01T00:00:00Z"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    """Header names in lower case."""
    body: Any
    """The JSON body of an API request (None for storage requests)."""
    size: int | None = None
    """Bytes received by a storage PUT."""


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Part:
    size: int
    sha256: str


@dataclass
class Upload:
    id: str
    file_name: str
    content_type: str
    file_size: int
    kind: str
    parts_count: int
    parts: dict[int, Part] = field(default_factory=dict)
    statuses: list[str] = field(default_factory=list)
    """What `complete` and each later retrieve report, in turn; the last one repeats."""
    error_message: str | None = None
    completed: bool = False
    reads: int = 0
    """Statuses read since `complete` (which reads the first)."""


@dataclass
class StoredAsset:
    content: bytes
    mime_type: str
    kind: str = "3d"
    cuts: int = 0
    """Downloads still to cut off halfway (the connection closed mid-body)."""


def job(status: str, **metadata: Any) -> dict[str, Any]:
    """A job object as the API returns it."""
    return {
        "jobId": JOB_ID,
        "jobType": "custom",
        "status": status,
        "progress": 1.0 if status == "success" else 0.5,
        "metadata": metadata,
        "statusHistory": [],
        "createdAt": _STAMP,
        "updatedAt": _STAMP,
    }


def asset_object(asset_id: str, mime_type: str, kind: str, url: str, size: int) -> dict[str, Any]:
    """An asset object as the API returns it, with every field the SDK requires."""
    return {
        "id": asset_id,
        "authorId": "user_standin",
        "collectionIds": [],
        "createdAt": _STAMP,
        "editCapabilities": [],
        "kind": kind,
        "metadata": {"kind": kind, "type": "uploaded"},
        "mimeType": mime_type,
        "ownerId": "proj_standin",
        "privacy": "private",
        "properties": {"size": size},
        "source": "uploaded",
        "status": "success",
        "tags": [],
        "updatedAt": _STAMP,
        "url": url,
    }


# The SDK type each 2xx JSON answer must fit, by (method, route).
RESPONSE_TYPES: list[tuple[str, re.Pattern[str], type[Any]]] = [
    ("POST", re.compile(r"/v1/generate/custom/[^/]+"), sdk_types.GenerateRunModelResponse),
    ("GET", re.compile(r"/v1/jobs/[^/]+"), sdk_types.JobRetrieveResponse),
    ("POST", re.compile(r"/v1/jobs/[^/]+/action"), sdk_types.JobTriggerActionResponse),
    ("POST", re.compile(r"/v1/assets"), sdk_types.AssetUploadResponse),
    ("GET", re.compile(r"/v1/assets/[^/]+"), sdk_types.AssetRetrieveResponse),
    ("POST", re.compile(r"/v1/uploads"), sdk_types.UploadCreateResponse),
    ("GET", re.compile(r"/v1/uploads/[^/]+"), sdk_types.UploadRetrieveResponse),
    ("POST", re.compile(r"/v1/uploads/[^/]+/action"), sdk_types.UploadTriggerActionResponse),
]


S3_ERRORS = {
    403: ("AccessDenied", "Request has expired"),
    500: ("InternalError", "We encountered an internal error. Please try again."),
    503: ("SlowDown", "Please reduce your request rate."),
}
"""What S3 says with the statuses a test scripts for a part."""


def s3_error(status: int, code: str, message: str) -> Reply:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message>"
        "<RequestId>STANDIN</RequestId></Error>"
    )
    return Reply(status, body, {"content-type": "application/xml"})


class StandIn:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.job_states: list[dict[str, Any]] = [job("success", assetIds=["asset_out"])]
        """What `GET /v1/jobs/{id}` returns, in turn; the last one repeats."""
        self.failures: list[Reply] = []
        """Replies given, in turn, before any API route answers normally."""
        self.delay = 0.0
        """Seconds every API reply waits, to make a client's request timeout run out."""
        self.put_delay = 0.0
        """Seconds every part PUT waits before answering (concurrency shows)."""
        self.upload_statuses = ["validating", "validated", "imported"]
        """What a new upload reports from `complete` on."""
        self.uploads: dict[str, Upload] = {}
        self.assets: dict[str, StoredAsset] = {}
        self.violations: list[str] = []
        """Answers that scenario-sdk's types refused: each is a stand-in bug."""
        self.part_failures: dict[tuple[str, int], list[int]] = {}
        """(file name, part number) -> statuses its next PUTs get."""
        self.max_parallel_puts = 0
        self._refusals: dict[str, str] = {}
        self._puts = 0
        self._lock = threading.Lock()
        self._polls = 0
        self._canceled = False
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def root(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def base_url(self) -> str:
        return f"{self.root}/v1"

    # Scripting -----------------------------------------------------------------------

    def fail_next(self, *statuses: int) -> None:
        """The next API requests get these statuses, each asking for a 1 ms retry delay."""
        self.failures += [
            Reply(s, {"error": f"stand-in {s}"}, {"retry-after-ms": "1"}) for s in statuses
        ]

    def fail_part(self, file_name: str, number: int, *statuses: int) -> None:
        """The next PUTs of part `number` of `file_name` get these statuses (S3's 503
        SlowDown and the like)."""
        self.part_failures[(file_name, number)] = list(statuses)

    def refuse_upload(self, file_name: str, message: str) -> None:
        """Uploads of `file_name` end `failed` with this `errorMessage`."""
        self._refusals[file_name] = message

    def add_asset(
        self, asset_id: str, content: bytes, mime_type: str, kind: str = "3d", cuts: int = 0
    ) -> None:
        self.assets[asset_id] = StoredAsset(content, mime_type, kind, cuts)

    def requests_to(self, prefix: str) -> list[Request]:
        return [r for r in self.requests if r.path.startswith(prefix)]

    def presigned(self, path: str) -> str:
        expires = "3600"
        signature = _sign(path, expires)
        return (
            f"{self.root}{path}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=STANDIN"
            f"&X-Amz-Expires={expires}&X-Amz-Signature={signature}"
        )

    # The API ---------------------------------------------------------------------------

    def _api(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.failures:
                return self.failures.pop(0)
            reply = self._route(request)
        return self._checked(request, reply)

    def _route(self, request: Request) -> Reply:
        method, path, body = request.method, request.path, request.body
        parts = path.split("/")
        if method == "POST" and path.startswith("/v1/generate/custom/"):
            return Reply(200, {"job": job("queued"), "creativeUnitsCost": 1})
        if method == "GET" and path == f"/v1/jobs/{JOB_ID}":
            if self._canceled:
                return Reply(200, {"job": job("canceled")})
            state = self.job_states[min(self._polls, len(self.job_states) - 1)]
            self._polls += 1
            return Reply(200, {"job": state})
        if method == "POST" and path == f"/v1/jobs/{JOB_ID}/action":
            if not isinstance(body, dict) or body.get("action") != "cancel":
                return Reply(400, {"error": f"unknown job action in {body!r}"})
            self._canceled = True
            return Reply(200, {"job": job("canceled")})
        if method == "POST" and path == "/v1/assets":
            return self._upload_asset(body)
        if method == "GET" and len(parts) == 4 and path.startswith("/v1/assets/"):
            return self._asset(parts[3])
        if method == "POST" and path == "/v1/uploads":
            return self._create_upload(body)
        if len(parts) >= 4 and path.startswith("/v1/uploads/"):
            upload = self.uploads.get(parts[3])
            if upload is None:
                return Reply(404, {"error": f"no upload {parts[3]}"})
            if method == "GET" and len(parts) == 4:
                return Reply(200, {"upload": self._upload_object(upload)})
            if method == "POST" and parts[4:] == ["action"]:
                return self._complete(upload, body)
        return Reply(404, {"error": f"no route {method} {path}"})

    def _upload_asset(self, body: Any) -> Reply:
        if not isinstance(body, dict) or not isinstance(body.get("name"), str):
            return Reply(400, {"error": "expected a name"})
        try:
            content = base64.b64decode(body.get("image", ""), validate=True)
        except (binascii.Error, TypeError):
            return Reply(400, {"error": "image is not base64"})
        asset_id = f"asset_up_{body['name']}"
        self.assets[asset_id] = StoredAsset(content, "image/png", "image")
        url = self.presigned(f"/storage/assets/{asset_id}")
        return Reply(
            200, {"asset": asset_object(asset_id, "image/png", "image", url, len(content))}
        )

    def _asset(self, asset_id: str) -> Reply:
        stored = self.assets.get(asset_id)
        if stored is None:
            return Reply(404, {"error": f"no asset {asset_id}"})
        url = self.presigned(f"/storage/assets/{asset_id}")
        size = len(stored.content)
        return Reply(
            200, {"asset": asset_object(asset_id, stored.mime_type, stored.kind, url, size)}
        )

    def _create_upload(self, body: Any) -> Reply:
        problems = _upload_request_problems(body)
        if problems:
            return Reply(400, {"error": "; ".join(problems)})
        upload = Upload(
            id=f"upload_{len(self.uploads) + 1}",
            file_name=body["fileName"],
            content_type=body["contentType"],
            file_size=int(body["fileSize"]),
            kind=body["kind"],
            parts_count=int(body["parts"]),
        )
        message = self._refusals.get(upload.file_name)
        upload.statuses = list(self.upload_statuses)
        if message is not None:
            upload.statuses = ["validating", "failed"]
            upload.error_message = message
        self.uploads[upload.id] = upload
        return Reply(200, {"upload": self._upload_object(upload)})

    def _complete(self, upload: Upload, body: Any) -> Reply:
        if not isinstance(body, dict) or body.get("action") != "complete":
            return Reply(400, {"error": f"unknown upload action in {body!r}"})
        if upload.completed:
            return Reply(400, {"error": "the upload is already complete"})
        numbers = sorted(upload.parts)
        if numbers != list(range(1, upload.parts_count + 1)):
            return Reply(400, {"error": f"InvalidPart: parts {numbers} of {upload.parts_count}"})
        sizes = [upload.parts[n].size for n in numbers]
        if any(size < MIN_PART for size in sizes[:-1]):
            return Reply(400, {"error": "EntityTooSmall: a part but the last is under 5 MiB"})
        if sum(sizes) != upload.file_size:
            return Reply(
                400, {"error": f"the parts hold {sum(sizes)} bytes, not {upload.file_size}"}
            )
        upload.completed = True
        return Reply(200, {"upload": self._upload_object(upload)})

    def _upload_object(self, upload: Upload) -> dict[str, Any]:
        status = "pending"
        if upload.completed:
            status = upload.statuses[min(upload.reads, len(upload.statuses) - 1)]
            upload.reads += 1
        found: dict[str, Any] = {
            "id": upload.id,
            "authorId": "user_standin",
            "createdAt": _STAMP,
            "fileName": upload.file_name,
            "kind": upload.kind,
            "ownerId": "proj_standin",
            "source": "multipart",
            "status": status,
            "updatedAt": _STAMP,
            "contentType": upload.content_type,
            "fileSize": upload.file_size,
            "partsCount": upload.parts_count,
        }
        if status == "pending":
            found["parts"] = [
                {
                    "number": number,
                    "url": self.presigned(f"/storage/uploads/{upload.id}/{number}"),
                    "expires": "2026-01-01T01:00:00Z",
                }
                for number in range(1, upload.parts_count + 1)
            ]
        if status in ("imported", "complete"):
            asset_id = f"asset_up_{upload.file_name}"
            found["entityId"] = asset_id
            self.assets.setdefault(
                asset_id, StoredAsset(b"", upload.content_type, _asset_kind(upload.kind))
            )
        if status == "failed":
            found["errorMessage"] = upload.error_message
        return found

    def _checked(self, request: Request, reply: Reply) -> Reply:
        if not 200 <= reply.status < 300:
            return reply
        for method, route, response_type in RESPONSE_TYPES:
            if method == request.method and route.fullmatch(request.path):
                try:
                    response_type.model_validate(reply.body)
                except Exception as exc:  # pydantic's ValidationError, whatever its version
                    problem = f"{request.method} {request.path}: {response_type.__name__}: {exc}"
                    with self._lock:
                        self.violations.append(problem)
                    return Reply(500, {"error": problem})
                return reply
        with self._lock:
            self.violations.append(f"{request.method} {request.path}: no SDK type to check")
        return reply

    # The storage -----------------------------------------------------------------------

    def _refusal(self, request: Request) -> Reply | None:
        """What S3 answers a presigned request it will not serve, None when it serves it."""
        if "authorization" in request.headers:
            return s3_error(
                400,
                "InvalidArgument",
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, "
                "Signature query string parameter or the Authorization header should be "
                "specified",
            )
        expires = request.query.get("X-Amz-Expires", [""])[0]
        signature = request.query.get("X-Amz-Signature", [""])[0]
        if not hmac.compare_digest(signature, _sign(request.path, expires)):
            return s3_error(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you " "provided.",
            )
        return None

    def _put_part(self, handler: BaseHTTPRequestHandler, request: Request) -> Reply:
        length_header = request.headers.get("content-length")
        if "transfer-encoding" in request.headers:
            handler.close_connection = True
            return s3_error(
                501,
                "NotImplemented",
                "A header you provided implies functionality that is not implemented",
            )
        if length_header is None or not length_header.isdigit():
            handler.close_connection = True
            return s3_error(
                411, "MissingContentLength", "You must provide the Content-Length HTTP header."
            )
        length = int(length_header)
        size, digest = _drain(handler, length)
        request = Request(request.method, request.path, request.query, request.headers, None, size)
        with self._lock:
            self.requests.append(request)
        refused = self._refusal(request)
        if refused is not None:
            return refused
        if size < length:
            handler.close_connection = True
            return s3_error(
                400,
                "IncompleteBody",
                "You did not provide the number of bytes specified by the Content-Length HTTP header",
            )
        _, _, _, upload_id, number_text = request.path.split("/")
        with self._lock:
            upload = self.uploads.get(upload_id)
            if upload is None or upload.completed or not number_text.isdigit():
                return s3_error(404, "NoSuchUpload", "The specified upload does not exist.")
            number = int(number_text)
            failures = self.part_failures.get((upload.file_name, number))
            if failures:
                status = failures.pop(0)
                return s3_error(status, *S3_ERRORS.get(status, ("Error", "stand-in error")))
            upload.parts[number] = Part(size, digest)
        return Reply(200, "", {"etag": f'"{digest[:32]}"'})

    def _get_asset(self, handler: BaseHTTPRequestHandler, request: Request) -> None:
        with self._lock:
            self.requests.append(request)
        refused = self._refusal(request)
        asset_id = request.path.rsplit("/", 1)[-1]
        stored = self.assets.get(asset_id)
        if refused is None and stored is None:
            refused = s3_error(404, "NoSuchKey", "The specified key does not exist.")
        if refused is not None or stored is None:
            _send(handler, refused or s3_error(500, "InternalError", "no asset"))
            return
        handler.send_response(200)
        handler.send_header("content-type", stored.mime_type)
        handler.send_header("content-length", str(len(stored.content)))
        handler.end_headers()
        with self._lock:
            cut = stored.cuts > 0
            stored.cuts -= cut
        if cut:
            handler.wfile.write(stored.content[: len(stored.content) // 2])
            handler.wfile.flush()
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
            return
        handler.wfile.write(stored.content)

    # The server ------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 10  # a stuck client never holds a test forever

            def _request(self, body: Any = None) -> Request:
                url = urlsplit(self.path)
                return Request(
                    method=self.command,
                    path=url.path,
                    query=parse_qs(url.query),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )

            def _serve(self) -> None:
                path = urlsplit(self.path).path
                if path.startswith("/storage/uploads/") and self.command == "PUT":
                    standin._track(+1)
                    try:
                        reply = standin._put_part(self, self._request())
                        time.sleep(standin.put_delay)
                    finally:
                        standin._track(-1)
                    _send(self, reply)
                    return
                if path.startswith("/storage/assets/") and self.command == "GET":
                    standin._get_asset(self, self._request())
                    return
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                reply = standin._api(self._request(json.loads(raw) if raw else None))
                time.sleep(standin.delay)
                _send(self, reply)

            do_GET = _serve
            do_POST = _serve
            do_PUT = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def _track(self, change: int) -> None:
        with self._lock:
            self._puts += change
            self.max_parallel_puts = max(self.max_parallel_puts, self._puts)

    def __enter__(self) -> StandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
        if exc[0] is None:
            assert self.violations == [], "answers scenario-sdk refuses:\n" + "\n".join(
                self.violations
            )


def _sign(path: str, expires: str) -> str:
    return hmac.new(_SIGNING_KEY, f"{path}\n{expires}".encode(), hashlib.sha256).hexdigest()


def _drain(handler: BaseHTTPRequestHandler, length: int) -> tuple[int, str]:
    """Read `length` bytes a chunk at a time (none kept): how many came, and their sha256."""
    digest = hashlib.sha256()
    size = 0
    while size < length:
        chunk = handler.rfile.read(min(MiB, length - size))
        if not chunk:
            break
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _send(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
    if isinstance(reply.body, str):
        data = reply.body.encode()
        content_type = reply.headers.get("content-type", "text/plain")
    else:
        data = json.dumps(reply.body).encode()
        content_type = "application/json"
    handler.send_response(reply.status)
    handler.send_header("content-type", content_type)
    handler.send_header("content-length", str(len(data)))
    for name, value in reply.headers.items():
        if name != "content-type":
            handler.send_header(name, value)
    handler.end_headers()
    with contextlib.suppress(OSError):  # the client went away: some tests do that
        handler.wfile.write(data)


def _upload_request_problems(body: Any) -> list[str]:
    """What a multipart `POST /v1/uploads` lacks (every field is required for one)."""
    if not isinstance(body, dict):
        return ["expected a JSON object"]
    problems = [
        f"{name} is required for a multipart upload"
        for name in ("fileName", "contentType", "fileSize", "kind", "parts")
        if name not in body
    ]
    if problems:
        return problems
    if body["kind"] not in UPLOAD_KINDS:
        problems.append(f"kind must be one of {', '.join(UPLOAD_KINDS)}, not {body['kind']!r}")
    parts, size = body["parts"], body["fileSize"]
    if not isinstance(parts, int) or not 1 <= parts <= 10_000:
        problems.append(f"parts must be an integer from 1 to 10000, not {parts!r}")
    if not isinstance(size, int) or size < 0:
        problems.append(f"fileSize must be a whole number of bytes, not {size!r}")
    return problems


def _asset_kind(upload_kind: str) -> str:
    return upload_kind if upload_kind in ("3d", "audio", "image", "text", "video") else "document"


@contextmanager
def standin_api() -> Iterator[StandIn]:
    with StandIn() as standin:
        yield standin
