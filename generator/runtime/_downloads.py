"""A finished job's assets to local files.

`assets.retrieve` gives each asset's signed `url` and `mimeType`; the file is named from
the asset id and the extension of its type. Its bytes are streamed into a temporary file
beside the final one, which is renamed into place only once the whole body arrived: an
interrupted transfer never leaves a file at the final name. A network error, a 408, 409,
429 or 5xx answer or a body cut short is retried, from the start.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ._files import extension
from ._transfers import (
    CHUNK_SIZE,
    Progress,
    ProgressCallback,
    Reporter,
    delay,
    retryable,
    shown_url,
    storage_error,
    transport_error,
)

if TYPE_CHECKING:
    import httpx

    from ._transfers import AsyncSession, Session

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")
_LONGEST_NAME = 200


class DownloadFailed(Exception):
    """An output asset could not be written; `path` (its final name) holds no file
    from this attempt."""

    def __init__(self, asset_id: str, reason: str, path: Path | None = None) -> None:
        self.asset_id = asset_id
        self.reason = reason
        self.path = path
        into = f" to {path}" if path is not None else ""
        super().__init__(f"download of asset {asset_id}{into} failed: {reason}")


class _Retry(Exception):
    """An attempt that may succeed if made again."""

    def __init__(self, reason: str, headers: Any = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.headers = headers or {}


@dataclass(frozen=True)
class Source:
    asset_id: str
    url: str
    path: Path


def file_name(asset_id: str, mime_type: str, url: str) -> str:
    """`<asset id><extension>`, made a safe file name whatever the API sent."""
    stem = _UNSAFE_NAME.sub("_", asset_id).lstrip(".")[:_LONGEST_NAME] or "asset"
    return stem + extension(mime_type, urlsplit(url).path)


def _source(asset_id: str, asset: Any, directory: Path) -> Source:
    url = str(asset.url or "")
    if not url:
        raise DownloadFailed(asset_id, "the API gave the asset no url")
    return Source(asset_id, url, directory / file_name(asset_id, asset.mime_type or "", url))


def _kept(source: Source, overwrite: bool, report: Reporter) -> bool:
    """An existing file stays, and is not fetched again, unless `overwrite`."""
    if overwrite or not source.path.exists():
        return False
    size = source.path.stat().st_size
    report(Progress(source.path, size, size, source.asset_id))
    return True


def _failure(source: Source, reason: str, attempts: int | None = None) -> DownloadFailed:
    tries = f" ({attempts} attempts)" if attempts else ""
    return DownloadFailed(
        source.asset_id, f"{reason} from {shown_url(source.url)}{tries}", source.path
    )


def _open_temporary(final: Path) -> tuple[IO[bytes], Path]:
    """A new hidden file beside `final`, so that the rename stays on one file system."""
    fd, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".part")
    return os.fdopen(fd, "wb"), Path(name)


def _place(temporary: Path, final: Path, overwrite: bool) -> None:
    """Rename a complete file into place; an existing file stays unless `overwrite`
    (even one that appeared during the transfer)."""
    if overwrite:
        os.replace(temporary, final)
        return
    try:
        os.link(temporary, final)  # fails if `final` exists, unlike a rename
    except FileExistsError:
        pass
    except OSError:  # no hard links here: check, then rename
        if not final.exists():
            os.replace(temporary, final)
            return
    temporary.unlink()


def _expected_length(response: httpx.Response) -> int | None:
    """The body's size when the headers tell it (a compressed body's is not the file's)."""
    length = response.headers.get("content-length", "")
    if response.headers.get("content-encoding") or not length.isdigit():
        return None
    return int(length)


def _check_status(response: httpx.Response, body: bytes) -> None:
    reason = storage_error(response.status_code, body)
    if retryable(response.status_code):
        raise _Retry(reason, response.headers)
    raise _Refused(reason)


class _Refused(Exception):
    """An answer that another attempt would not change."""


class _Writer:
    """One attempt's temporary file, counted for progress and checked for length."""

    def __init__(self, source: Source, report: Reporter) -> None:
        self.source = source
        self.report = report
        self.file, self.temporary = _open_temporary(source.path)
        self.done = 0
        self.total: int | None = None

    def write(self, chunk: bytes) -> None:
        self.file.write(chunk)
        self.count(len(chunk))

    def count(self, size: int) -> None:
        self.done += size
        self.report(Progress(self.source.path, self.done, self.total, self.source.asset_id))

    def finish(self, overwrite: bool) -> None:
        if self.total is not None and self.done != self.total:
            raise _Retry(f"the body ended after {self.done} of {self.total} bytes")
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        _place(self.temporary, self.source.path, overwrite)

    def discard(self) -> None:
        self.file.close()
        with contextlib.suppress(FileNotFoundError):
            self.temporary.unlink()


# Sync ------------------------------------------------------------------------------


def download(
    session: Session,
    asset_ids: Sequence[str],
    directory: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    on_progress: ProgressCallback | None = None,
) -> list[Path]:
    """Write every asset into `directory` (made if missing); their paths, in order.

    Every download is tried; the first failure, in asset order, is raised once all have
    ended, and the files written stay.
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    report = Reporter(on_progress)
    if not asset_ids:
        return []
    workers = min(session.transfers.concurrency, len(asset_ids))
    with ThreadPoolExecutor(workers, thread_name_prefix="scenario-download") as pool:
        futures = [
            pool.submit(_download_one, session, asset_id, folder, overwrite, report)
            for asset_id in asset_ids
        ]
    return [future.result() for future in futures]


def _download_one(
    session: Session, asset_id: str, folder: Path, overwrite: bool, report: Reporter
) -> Path:
    from scenario_sdk import APIError

    try:
        asset = session.sdk.assets.retrieve(asset_id, project_id=session.project_id).asset
    except APIError as exc:
        raise DownloadFailed(asset_id, transport_error(exc)) from exc
    source = _source(asset_id, asset, folder)
    if _kept(source, overwrite, report):
        return source.path
    retries = session.transfers.retries
    for attempt in range(retries + 1):
        try:
            _fetch(session.http, source, overwrite, report)
            return source.path
        except _Refused as exc:
            raise _failure(source, str(exc)) from None
        except _Retry as exc:
            last = exc
        if attempt < retries:
            time.sleep(delay(attempt, last.headers))
    raise _failure(source, last.reason, retries + 1)


def _fetch(http: httpx.Client, source: Source, overwrite: bool, report: Reporter) -> None:
    import httpx

    writer = _Writer(source, report)
    try:
        with http.stream("GET", source.url) as response:
            if not response.is_success:
                _check_status(response, response.read()[:2000])
            writer.total = _expected_length(response)
            for chunk in response.iter_bytes(CHUNK_SIZE):
                writer.write(chunk)
        writer.finish(overwrite)
    except httpx.TransportError as exc:
        raise _Retry(transport_error(exc)) from exc
    finally:
        writer.discard()


# Async -----------------------------------------------------------------------------


async def download_async(
    session: AsyncSession,
    asset_ids: Sequence[str],
    directory: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    on_progress: ProgressCallback | None = None,
) -> list[Path]:
    """`download` for `AsyncClient`."""
    import asyncio

    folder = Path(directory)
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    report = Reporter(on_progress)
    slots = asyncio.Semaphore(session.transfers.concurrency)

    async def one(asset_id: str) -> Path:
        async with slots:
            return await _download_one_async(session, asset_id, folder, overwrite, report)

    results = await asyncio.gather(
        *(one(asset_id) for asset_id in asset_ids), return_exceptions=True
    )
    paths: list[Path] = []
    for result in results:
        if isinstance(result, BaseException):
            raise result
        paths.append(result)
    return paths


async def _download_one_async(
    session: AsyncSession, asset_id: str, folder: Path, overwrite: bool, report: Reporter
) -> Path:
    import asyncio

    from scenario_sdk import APIError

    try:
        response = await session.sdk.assets.retrieve(asset_id, project_id=session.project_id)
    except APIError as exc:
        raise DownloadFailed(asset_id, transport_error(exc)) from exc
    source = _source(asset_id, response.asset, folder)
    if _kept(source, overwrite, report):
        return source.path
    retries = session.transfers.retries
    for attempt in range(retries + 1):
        try:
            await _fetch_async(session.http, source, overwrite, report)
            return source.path
        except _Refused as exc:
            raise _failure(source, str(exc)) from None
        except _Retry as exc:
            last = exc
        if attempt < retries:
            await asyncio.sleep(delay(attempt, last.headers))
    raise _failure(source, last.reason, retries + 1)


async def _fetch_async(
    http: httpx.AsyncClient, source: Source, overwrite: bool, report: Reporter
) -> None:
    import asyncio

    import httpx

    writer = await asyncio.to_thread(_Writer, source, report)
    try:
        async with http.stream("GET", source.url) as response:
            if not response.is_success:
                _check_status(response, (await response.aread())[:2000])
            writer.total = _expected_length(response)
            async for chunk in response.aiter_bytes(CHUNK_SIZE):
                await asyncio.to_thread(writer.file.write, chunk)
                writer.count(len(chunk))
        await asyncio.to_thread(writer.finish, overwrite)
    except httpx.TransportError as exc:
        raise _Retry(transport_error(exc)) from exc
    finally:
        writer.discard()
