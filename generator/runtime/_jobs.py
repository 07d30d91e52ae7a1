"""Jobs started by the client: poll the jobs API until a job succeeds, fails or times
out, cancel one, and download what a finished job made.

Only the standard library is imported at run time (asyncio only when an async job
waits); the SDK client a job polls through is handed in by `Client` / `AsyncClient`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from ._transfers import AsyncSession, ProgressCallback, Session

SUCCEEDED = frozenset({"success"})
FAILED = frozenset({"failure", "canceled"})
DEFAULT_TIMEOUT = 600.0
"""Seconds `wait()` polls before giving up with `JobTimeout`; `None` waits forever."""
DEFAULT_POLL_INTERVAL = 2.0


@dataclass(frozen=True)
class _Result:
    job_id: str
    asset_ids: tuple[str, ...]
    """The assets the job made, in the job's order."""
    details: Mapping[str, Any] = field(repr=False)
    """The job object of the API (camelCase keys: `status`, `metadata`, ...)."""


@dataclass(frozen=True)
class JobResult(_Result):
    """A job that succeeded: the assets it made, and the job as the API returned it."""

    _session: Session = field(repr=False, compare=False)

    def download(
        self,
        directory: str | os.PathLike[str],
        *,
        overwrite: bool = False,
        on_progress: ProgressCallback | None = None,
    ) -> list[Path]:
        """Write every output asset into `directory` (made if missing).

        Each file is named from its asset id and its type's extension
        (`asset_x1y2.glb`), streamed into a temporary file in `directory` and renamed
        into place once complete. A file already there is kept (and not downloaded
        again) unless `overwrite`. `on_progress` gets a `Progress` as bytes arrive (one
        report at a time, from the threads that download).

        Returns:
            The path of each asset's file, in `asset_ids` order.

        Raises:
            DownloadFailed: an asset could not be written (after retries); the others
                were still tried, and the files written stay.
        """
        from ._downloads import download

        return download(
            self._session,
            self.asset_ids,
            directory,
            overwrite=overwrite,
            on_progress=on_progress,
        )


@dataclass(frozen=True)
class AsyncJobResult(_Result):
    """A job of `AsyncClient` that succeeded: `await result.download(directory)`."""

    _session: AsyncSession = field(repr=False, compare=False)

    async def download(
        self,
        directory: str | os.PathLike[str],
        *,
        overwrite: bool = False,
        on_progress: ProgressCallback | None = None,
    ) -> list[Path]:
        """`JobResult.download`, awaited (`on_progress` is called on the event loop)."""
        from ._downloads import download_async

        return await download_async(
            self._session,
            self.asset_ids,
            directory,
            overwrite=overwrite,
            on_progress=on_progress,
        )


class JobFailed(Exception):
    """The job ended in `failure` or was `canceled`; `error` is the job's message."""

    def __init__(self, job_id: str, status: str, error: str | None) -> None:
        self.job_id = job_id
        self.status = status
        self.error = error
        reason = error if error else "the API gave no error message"
        super().__init__(f"job {job_id} ended with status {status!r}: {reason}")


class JobTimeout(TimeoutError):
    """`wait()` gave up; the job keeps running and `wait()` may be called again."""

    def __init__(self, job_id: str, status: str, timeout: float) -> None:
        self.job_id = job_id
        self.status = status
        self.timeout = timeout
        super().__init__(
            f"job {job_id} is still {status!r} after waiting {timeout:g} s; "
            "call wait() again to keep waiting"
        )


class _JobState:
    """What the sync and async jobs share: the last job object seen and its outcome."""

    def __init__(self, details: Mapping[str, Any]) -> None:
        self._details: Mapping[str, Any] = details

    @property
    def id(self) -> str:
        return str(self._details.get("jobId", ""))

    @property
    def status(self) -> str:
        """The status last seen: `queued`, `in-progress`, ..., `success`, `failure`."""
        return str(self._details.get("status", ""))

    @property
    def progress(self) -> float | None:
        progress = self._details.get("progress")
        return float(progress) if isinstance(progress, (int, float)) else None

    @property
    def details(self) -> Mapping[str, Any]:
        """The job object as the API last returned it (camelCase keys)."""
        return self._details

    def _update(self, response: Any) -> None:
        # A response without its job keeps the last one seen, and so the job's id.
        self._details = job_details(response) or self._details

    def _outcome(self) -> tuple[str, ...] | None:
        """The assets of a job that succeeded, None while it runs; raises on failure."""
        metadata = self._details.get("metadata")
        metadata = metadata if isinstance(metadata, Mapping) else {}
        if self.status in SUCCEEDED:
            return tuple(str(a) for a in metadata.get("assetIds") or ())
        if self.status in FAILED:
            error = metadata.get("error")
            raise JobFailed(self.id, self.status, str(error) if error else None)
        return None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r}, status={self.status!r})"


def job_details(response: Any) -> Mapping[str, Any]:
    """The `job` object of an SDK response, as the API sent it (camelCase keys)."""
    job = response.to_dict(mode="json").get("job")
    return job if isinstance(job, Mapping) else {}


def _check_wait_arguments(timeout: float | None, poll_interval: float) -> None:
    if timeout is not None and timeout < 0:
        raise ValueError(f"timeout must be >= 0 seconds or None, got {timeout!r}")
    if poll_interval <= 0:
        raise ValueError(f"poll_interval must be > 0 seconds, got {poll_interval!r}")


class Job(_JobState):
    """A generation job started by `Client`; `wait()` polls it until it finishes."""

    def __init__(self, session: Session, details: Mapping[str, Any]) -> None:
        super().__init__(details)
        self._session = session

    def refresh(self) -> str:
        """Fetch the job once from the jobs API; returns its status."""
        session = self._session
        self._update(session.sdk.jobs.retrieve(self.id, project_id=session.project_id))
        return self.status

    def cancel(self) -> str:
        """Ask the API to cancel the job; returns the status it then reports. A job
        that stops is `canceled`: `wait()` raises `JobFailed` for it."""
        session = self._session
        self._update(
            session.sdk.jobs.trigger_action(self.id, action="cancel", project_id=session.project_id)
        )
        return self.status

    def wait(
        self,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        on_progress: Callable[[Job], object] | None = None,
    ) -> JobResult:
        """Poll until the job finishes.

        Args:
            timeout: Seconds to wait before raising `JobTimeout`; None waits forever.
            poll_interval: Seconds between two polls.
            on_progress: Called with this job after every poll.

        Returns:
            The result of a job that succeeded: its `asset_ids`, and `download()`.

        Raises:
            JobFailed: the job ended in `failure` or was `canceled`.
            JobTimeout: the job was still running when the timeout ran out.
        """
        _check_wait_arguments(timeout, poll_interval)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            assets = self._outcome()
            if assets is not None:
                return JobResult(self.id, assets, self._details, self._session)
            if deadline is None:
                time.sleep(poll_interval)
            else:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise JobTimeout(self.id, self.status, float(timeout or 0))
                time.sleep(min(poll_interval, remaining))
            self.refresh()
            if on_progress is not None:
                on_progress(self)


class AsyncJob(_JobState):
    """A generation job started by `AsyncClient`; `await job.wait()` polls it."""

    def __init__(self, session: AsyncSession, details: Mapping[str, Any]) -> None:
        super().__init__(details)
        self._session = session

    async def refresh(self) -> str:
        """Fetch the job once from the jobs API; returns its status."""
        session = self._session
        response = await session.sdk.jobs.retrieve(self.id, project_id=session.project_id)
        self._update(response)
        return self.status

    async def cancel(self) -> str:
        """`Job.cancel`, awaited."""
        session = self._session
        response = await session.sdk.jobs.trigger_action(
            self.id, action="cancel", project_id=session.project_id
        )
        self._update(response)
        return self.status

    async def wait(
        self,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        on_progress: Callable[[AsyncJob], object | Awaitable[object]] | None = None,
    ) -> AsyncJobResult:
        """Poll until the job finishes (see `Job.wait`); `on_progress` may be async."""
        import asyncio
        import inspect

        _check_wait_arguments(timeout, poll_interval)
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while True:
            assets = self._outcome()
            if assets is not None:
                return AsyncJobResult(self.id, assets, self._details, self._session)
            if deadline is None:
                await asyncio.sleep(poll_interval)
            else:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise JobTimeout(self.id, self.status, float(timeout or 0))
                await asyncio.sleep(min(poll_interval, remaining))
            await self.refresh()
            if on_progress is not None:
                reported = on_progress(self)
                if inspect.isawaitable(reported):
                    await reported
