"""Local files to assets, before a job starts: every file checked first, then uploaded.

A small image goes up in one request through the assets API. Any other file goes through
the uploads API: `uploads.create` answers one presigned URL per part; each part is
streamed from disk to its URL (S3's rules: no `Authorization` header, a `Content-Length`,
every part but the last at least 5 MiB) and retried on its own;
`uploads.trigger_action(action="complete")` ends it, and `uploads.retrieve` is polled until
the API has made the asset (`imported` or `complete`: its `entityId`) or refused the file
(`failed`). Parts and files go up concurrently, at most `Transfers.concurrency` at once.

A failure stops every other transfer of the call and raises `UploadFailed` naming the
file (and the part); the job is then never started.
"""

from __future__ import annotations

import base64
import errno
import math
import os
import stat
import threading
import time
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ._files import LocalFile, file_type, upload_kind
from ._transfers import (
    CHUNK_SIZE,
    MAX_PARTS,
    MiB,
    Progress,
    Reporter,
    delay,
    retryable,
    storage_error,
    transport_error,
)
from ._validation import InvalidPayload, ValidationError, member

if TYPE_CHECKING:
    import asyncio

    from ._calls import Call
    from ._methods import FileParameter
    from ._transfers import AsyncSession, Session, Transfers

IMPORTED = frozenset({"imported", "complete"})
REFUSED = "failed"
MAX_POLL_INTERVAL = 5.0


class UploadFailed(Exception):
    """A local file could not be uploaded; no job was started.

    `path` is the file, `part` the part that failed (None when the whole upload did),
    `upload_id` the API's upload when there was one, and `refused` is true when the API
    examined the file and refused it (the upload's status `failed`, its `errorMessage`
    in `reason`), false for a transfer that did not get through.
    """

    def __init__(
        self,
        path: str,
        reason: str,
        *,
        part: int | None = None,
        parts: int | None = None,
        upload_id: str | None = None,
        refused: bool = False,
    ) -> None:
        self.path = path
        self.reason = reason
        self.part = part
        self.upload_id = upload_id
        self.refused = refused
        where = f" (part {part} of {parts})" if part is not None else ""
        super().__init__(f"upload of {path} failed{where}: {reason}")


class _Stopped(Exception):
    """Another transfer of the same call failed: this one stops where it is."""


@dataclass(frozen=True)
class PlannedFile:
    """A local file checked and ready to go up."""

    key: str
    """`os.fspath()` of what the caller gave: where its asset id goes in the payload."""
    name: str
    size: int
    content_type: str
    kind: str
    """The `kind` of `uploads.create`."""
    part_size: int
    via_assets: bool
    """A small image, sent in one request through the assets API."""

    @property
    def parts(self) -> int:
        return max(1, math.ceil(self.size / self.part_size))

    def part(self, number: int) -> tuple[int, int]:
        """Offset and length of part `number` (from 1)."""
        offset = (number - 1) * self.part_size
        return offset, min(self.part_size, self.size - offset)


# Before any request ------------------------------------------------------------------


def plan_uploads(
    call: Call, files: Mapping[str, FileParameter] | None, transfers: Transfers
) -> list[PlannedFile]:
    """Every local file of the call, in argument order, each once.

    Raises:
        FileNotFoundError, IsADirectoryError: a path names no regular file.
        InvalidPayload: files over their argument's size limit, every one of them.
    """
    planned: dict[str, PlannedFile] = {}
    too_large: list[ValidationError] = []
    for key, parameter in (files or {}).items():
        for where, path in _local_files(key, call.payload.get(key)):
            size = _size(path, where)
            limit = parameter.max_size
            if limit is not None and size > limit:
                found = f"{os.fspath(path)}, {_bytes(size)}"
                message = f"expected a file of at most {_bytes(limit)}, found {found}"
                too_large.append(ValidationError(where, "x-scenario-max-size", message))
            if os.fspath(path) not in planned:
                planned[os.fspath(path)] = _planned(path, size, parameter.kind, transfers)
    if too_large:
        raise InvalidPayload(too_large, call.model_id)
    return list(planned.values())


def _local_files(key: str, value: Any) -> Iterator[tuple[str, os.PathLike[str]]]:
    """(JSONPath, path) of each local file an argument names."""
    where = "$" + member(key)
    if isinstance(value, os.PathLike):
        yield where, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, os.PathLike):
                yield f"{where}[{index}]", item


def _size(path: os.PathLike[str], where: str) -> int:
    name = os.fspath(path)
    try:
        found = os.stat(name)
    except FileNotFoundError:
        raise FileNotFoundError(errno.ENOENT, f"no file to upload for {where}", name) from None
    if not stat.S_ISREG(found.st_mode):
        raise IsADirectoryError(errno.EISDIR, f"not a regular file, for {where}", name)
    return found.st_size


def _bytes(size: int) -> str:
    if size < MiB:
        return f"{size:,} bytes"
    return f"{size / MiB:,.1f} MiB ({size:,} bytes)"


def _planned(
    path: os.PathLike[str], size: int, argument_kind: str | None, transfers: Transfers
) -> PlannedFile:
    guessed = file_type(path)
    given = path.kind if isinstance(path, LocalFile) else None
    kind = given or argument_kind or guessed.kind
    # Grown so that the parts stay within S3's 10,000, in whole MiB.
    least = math.ceil(size / MAX_PARTS / MiB) * MiB
    small_image = (
        kind == "image"
        and guessed.content_type.startswith("image/")
        and guessed.content_type != "image/svg+xml"
        and 0 < size <= transfers.small_image_size
    )
    return PlannedFile(
        key=os.fspath(path),
        name=os.path.basename(os.fspath(path)),
        size=size,
        content_type=guessed.content_type,
        kind=upload_kind(kind),
        part_size=max(transfers.part_size, least),
        via_assets=small_image,
    )


# What the API answers ------------------------------------------------------------------


def part_urls(file: PlannedFile, upload: Any) -> list[str]:
    """The presigned URL of each part, in part order, as `uploads.create` gave them."""
    by_number = {int(part.number): part.url for part in upload.parts or ()}
    expected = list(range(1, file.parts + 1))
    if sorted(by_number) != expected:
        raise UploadFailed(
            file.key,
            f"the API gave URLs for parts {sorted(by_number)}, expected 1 to {file.parts}",
            upload_id=upload.id,
        )
    return [by_number[number] for number in expected]


def imported_asset(file: PlannedFile, upload: Any) -> str | None:
    """The new asset's id once the API made it, None while it works on the file."""
    if upload.status in IMPORTED:
        if not upload.entity_id:
            reason = f"the upload is {upload.status!r} but has no entityId"
            raise UploadFailed(file.key, reason, upload_id=upload.id)
        return str(upload.entity_id)
    if upload.status == REFUSED:
        reason = upload.error_message or "the API refused the file and gave no reason"
        raise UploadFailed(file.key, reason, upload_id=upload.id, refused=True)
    return None


def _api_failure(file: PlannedFile, exc: Exception, upload_id: str | None = None) -> UploadFailed:
    return UploadFailed(file.key, transport_error(exc), upload_id=upload_id)


def _image_base64(file: PlannedFile) -> str:
    with open(file.key, "rb") as opened:
        return base64.b64encode(opened.read()).decode("ascii")


class _Counter:
    """Bytes sent of one file, part by part (a retried part starts again from 0)."""

    def __init__(self, file: PlannedFile, report: Reporter) -> None:
        self._file = file
        self._report = report
        self._sent = [0] * file.parts
        self._lock = threading.Lock()

    def set(self, number: int, sent: int) -> None:
        with self._lock:
            self._sent[number - 1] = sent
            done = sum(self._sent)
        self._report(Progress(Path(self._file.key), done, self._file.size))


def _chunks(
    file: PlannedFile, number: int, counter: _Counter, stop: threading.Event
) -> Iterator[bytes]:
    """Part `number`, read from disk a chunk at a time while it is sent."""
    offset, length = file.part(number)
    sent = 0
    counter.set(number, 0)
    with open(file.key, "rb") as opened:
        opened.seek(offset)
        while sent < length:
            if stop.is_set():
                raise _Stopped
            chunk = opened.read(min(CHUNK_SIZE, length - sent))
            if not chunk:
                raise OSError(f"{file.key} is shorter than when the upload began")
            sent += len(chunk)
            counter.set(number, sent)
            yield chunk


class _Tries:
    """The attempts at one part: what each outcome means, and the error once they ran out."""

    def __init__(self, file: PlannedFile, number: int, retries: int) -> None:
        self.file = file
        self.number = number
        self.length = file.part(number)[1]
        self.retries = retries
        self.reason = ""
        self.headers: Mapping[str, str] = {}

    def __iter__(self) -> Iterator[int]:
        return iter(range(self.retries + 1))

    def _failure(self, reason: str) -> UploadFailed:
        return UploadFailed(self.file.key, reason, part=self.number, parts=self.file.parts)

    def stored(self, response: Any) -> bool:
        """True when storage kept the part; raises when another try would not help."""
        if response.is_success:
            return True
        self.reason = storage_error(response.status_code, response.content)
        if not retryable(response.status_code):
            raise self._failure(self.reason)
        self.headers = response.headers
        return False

    def failed(self, exc: Exception) -> None:
        """A network error is worth another try; a file that cannot be read is not."""
        if isinstance(exc, OSError):
            raise self._failure(str(exc)) from exc
        self.reason, self.headers = transport_error(exc), {}

    def pause(self, attempt: int) -> float | None:
        """Seconds before the next attempt, None after the last."""
        return delay(attempt, self.headers) if attempt < self.retries else None

    def exhausted(self) -> UploadFailed:
        return self._failure(f"{self.reason} ({self.retries + 1} attempts)")


# Sync ------------------------------------------------------------------------------


def upload(session: Session, planned: list[PlannedFile]) -> dict[str, str]:
    """Upload every file; `key` -> asset id. Raises `UploadFailed` (the first failure,
    in argument order) once every transfer has stopped."""
    if not planned:
        return {}
    uploader = _Uploader(session)
    workers = session.transfers.concurrency
    with (
        ThreadPoolExecutor(workers, thread_name_prefix="scenario-part") as parts,
        ThreadPoolExecutor(min(workers, len(planned)), "scenario-upload") as files,
    ):
        futures = [files.submit(uploader.file, file, parts) for file in planned]
        try:
            wait(futures, return_when=FIRST_EXCEPTION)
        finally:  # a failure, or an interruption: the other transfers stop early
            if not all(f.done() and f.exception() is None for f in futures):
                uploader.stop.set()
    failures = [future.exception() for future in futures]
    first = next((e for e in failures if e and not isinstance(e, _Stopped)), None)
    if first is not None:
        raise first
    return {file.key: future.result() for file, future in zip(planned, futures, strict=True)}


class _Uploader:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.stop = threading.Event()
        self.report = Reporter(session.on_upload_progress)

    def file(self, file: PlannedFile, parts: ThreadPoolExecutor) -> str:
        if self.stop.is_set():
            raise _Stopped
        sdk, project_id = self.session.sdk, self.session.project_id
        from scenario_sdk import APIError

        if file.via_assets:
            try:
                response = sdk.assets.upload(
                    name=file.name, image=_image_base64(file), project_id=project_id
                )
            except APIError as exc:
                raise _api_failure(file, exc) from exc
            self.report(Progress(Path(file.key), file.size, file.size))
            return response.asset.id
        try:
            created = sdk.uploads.create(
                file_name=file.name,
                content_type=file.content_type,
                file_size=file.size,
                kind=cast(Any, file.kind),
                parts=file.parts,
                project_id=project_id,
            ).upload
        except APIError as exc:
            raise _api_failure(file, exc) from exc
        urls = part_urls(file, created)
        counter = _Counter(file, self.report)
        futures = [
            parts.submit(self._part, file, number, url, counter)
            for number, url in enumerate(urls, 1)
        ]
        pending = wait(futures, return_when=FIRST_EXCEPTION).not_done
        failed = next((f.exception() for f in futures if f.done() and f.exception()), None)
        if failed is not None:
            self.stop.set()
            for future in pending:
                future.cancel()
            raise failed
        return self._finish(file, created.id)

    def _part(self, file: PlannedFile, number: int, url: str, counter: _Counter) -> None:
        import httpx

        tries = _Tries(file, number, self.session.transfers.retries)
        for attempt in tries:
            if self.stop.is_set():
                raise _Stopped
            try:
                response = self.session.http.put(
                    url,
                    content=_chunks(file, number, counter, self.stop),
                    headers={"Content-Length": str(tries.length)},
                )
            except (httpx.TransportError, OSError) as exc:
                tries.failed(exc)
            else:
                if tries.stored(response):
                    return
            pause = tries.pause(attempt)
            if pause is not None and self.stop.wait(pause):
                raise _Stopped
        raise tries.exhausted()

    def _finish(self, file: PlannedFile, upload_id: str) -> str:
        sdk, project_id = self.session.sdk, self.session.project_id
        transfers = self.session.transfers
        from scenario_sdk import APIError

        try:
            current: Any = sdk.uploads.trigger_action(
                upload_id, action="complete", project_id=project_id
            ).upload
            deadline = _deadline(time.monotonic(), transfers)
            interval = transfers.poll_interval
            while (asset_id := imported_asset(file, current)) is None:
                wait_for = _next_wait(interval, deadline, time.monotonic(), file, current)
                if self.stop.wait(wait_for):
                    raise _Stopped
                interval = min(interval * 1.5, MAX_POLL_INTERVAL)
                current = sdk.uploads.retrieve(upload_id, project_id=project_id).upload
        except APIError as exc:
            raise _api_failure(file, exc, upload_id) from exc
        return asset_id


def _deadline(now: float, transfers: Transfers) -> float | None:
    return None if transfers.upload_timeout is None else now + transfers.upload_timeout


def _next_wait(
    interval: float, deadline: float | None, now: float, file: PlannedFile, upload: Any
) -> float:
    if deadline is None:
        return interval
    if now >= deadline:
        reason = f"the API still has it {upload.status!r} after the upload timeout"
        raise UploadFailed(file.key, reason, upload_id=upload.id)
    return min(interval, deadline - now)


# Async -----------------------------------------------------------------------------


async def upload_async(session: AsyncSession, planned: list[PlannedFile]) -> dict[str, str]:
    """`upload` for `AsyncClient`."""
    import asyncio

    if not planned:
        return {}
    uploader = _AsyncUploader(session, asyncio.Semaphore(session.transfers.concurrency))
    files = asyncio.Semaphore(session.transfers.concurrency)

    async def one(file: PlannedFile) -> str:
        async with files:
            return await uploader.file(file)

    tasks = [asyncio.ensure_future(one(file)) for file in planned]
    await _first_failure(tasks)
    return {file.key: task.result() for file, task in zip(planned, tasks, strict=True)}


async def _first_failure(tasks: Sequence[asyncio.Future[Any]]) -> None:
    """Wait for every task; at the first failure cancel the others, then raise the
    first failure in task order. Cancelled itself, it cancels them all."""
    import asyncio

    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    for task in tasks:
        if not task.cancelled() and task.exception() is not None:
            raise cast(BaseException, task.exception())


class _AsyncUploader:
    def __init__(self, session: AsyncSession, parts: asyncio.Semaphore) -> None:
        self.session = session
        self.parts = parts
        self.report = Reporter(session.on_upload_progress)

    async def file(self, file: PlannedFile) -> str:
        import asyncio

        from scenario_sdk import APIError

        sdk, project_id = self.session.sdk, self.session.project_id
        if file.via_assets:
            image = await asyncio.to_thread(_image_base64, file)
            try:
                response = await sdk.assets.upload(
                    name=file.name, image=image, project_id=project_id
                )
            except APIError as exc:
                raise _api_failure(file, exc) from exc
            self.report(Progress(Path(file.key), file.size, file.size))
            return response.asset.id
        try:
            created = (
                await sdk.uploads.create(
                    file_name=file.name,
                    content_type=file.content_type,
                    file_size=file.size,
                    kind=cast(Any, file.kind),
                    parts=file.parts,
                    project_id=project_id,
                )
            ).upload
        except APIError as exc:
            raise _api_failure(file, exc) from exc
        counter = _Counter(file, self.report)
        tasks = [
            asyncio.ensure_future(self._part(file, number, url, counter))
            for number, url in enumerate(part_urls(file, created), 1)
        ]
        await _first_failure(tasks)
        return await self._finish(file, created.id)

    async def _part(self, file: PlannedFile, number: int, url: str, counter: _Counter) -> None:
        import asyncio

        import httpx

        tries = _Tries(file, number, self.session.transfers.retries)
        for attempt in tries:
            try:
                async with self.parts:
                    response = await self.session.http.put(
                        url,
                        content=_async_chunks(file, number, counter),
                        headers={"Content-Length": str(tries.length)},
                    )
            except (httpx.TransportError, OSError) as exc:
                tries.failed(exc)
            else:
                if tries.stored(response):
                    return
            pause = tries.pause(attempt)
            if pause is not None:
                await asyncio.sleep(pause)
        raise tries.exhausted()

    async def _finish(self, file: PlannedFile, upload_id: str) -> str:
        import asyncio

        from scenario_sdk import APIError

        sdk, project_id = self.session.sdk, self.session.project_id
        transfers = self.session.transfers
        loop = asyncio.get_running_loop()
        try:
            response = await sdk.uploads.trigger_action(
                upload_id, action="complete", project_id=project_id
            )
            current: Any = response.upload
            deadline = _deadline(loop.time(), transfers)
            interval = transfers.poll_interval
            while (asset_id := imported_asset(file, current)) is None:
                await asyncio.sleep(_next_wait(interval, deadline, loop.time(), file, current))
                interval = min(interval * 1.5, MAX_POLL_INTERVAL)
                current = (await sdk.uploads.retrieve(upload_id, project_id=project_id)).upload
        except APIError as exc:
            raise _api_failure(file, exc, upload_id) from exc
        return asset_id


async def _async_chunks(file: PlannedFile, number: int, counter: _Counter) -> AsyncIterator[bytes]:
    """`_chunks` for the event loop: each read runs in a thread."""
    import asyncio

    offset, length = file.part(number)
    sent = 0
    counter.set(number, 0)
    opened = await asyncio.to_thread(open, file.key, "rb")
    try:
        await asyncio.to_thread(opened.seek, offset)
        while sent < length:
            chunk = await asyncio.to_thread(opened.read, min(CHUNK_SIZE, length - sent))
            if not chunk:
                raise OSError(f"{file.key} is shorter than when the upload began")
            sent += len(chunk)
            counter.set(number, sent)
            yield chunk
    finally:
        opened.close()
