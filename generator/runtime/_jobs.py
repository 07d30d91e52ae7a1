"""Jobs started by the client: poll the jobs API until a job succeeds, fails or times
out.

Only the standard library is imported at run time (asyncio only when an async job
waits); the SDK client a job polls through is handed in by `Client` / `AsyncClient`.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scenario_sdk import AsyncScenario, Omit, Scenario

SUCCEEDED = frozenset({"success"})
FAILED = frozenset({"failure", "canceled"})
DEFAULT_TIMEOUT = 600.0
"""Seconds `wait()` polls before giving up with `JobTimeout`; `None` waits forever."""
DEFAULT_POLL_INTERVAL = 2.0


@dataclass(frozen=True)
class JobResult:
    """A job that succeeded: the assets it made, and the job as the API returned it."""

    job_id: str
    asset_ids: tuple[str, ...]
    details: Mapping[str, Any] = field(repr=False)
    """The job object of the API (camelCase keys: `status`, `metadata`, ...)."""


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

    def __init__(self, details: Mapping[str, Any], project_id: str | Omit) -> None:
        self._details: Mapping[str, Any] = details
        self._project_id = project_id

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

    def _outcome(self) -> JobResult | None:
        """The result of a job that succeeded, None while it runs; raises on failure."""
        metadata = self._details.get("metadata")
        metadata = metadata if isinstance(metadata, Mapping) else {}
        if self.status in SUCCEEDED:
            asset_ids = metadata.get("assetIds")
            return JobResult(
                job_id=self.id,
                asset_ids=tuple(str(a) for a in asset_ids or ()),
                details=self._details,
            )
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

    def __init__(
        self,
        sdk: Scenario,
        details: Mapping[str, Any],
        project_id: str | Omit,
    ) -> None:
        super().__init__(details, project_id)
        self._sdk = sdk

    def refresh(self) -> str:
        """Fetch the job once from the jobs API; returns its status."""
        self._update(self._sdk.jobs.retrieve(self.id, project_id=self._project_id))
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
            The result of a job that succeeded, with its `asset_ids`.

        Raises:
            JobFailed: the job ended in `failure` or was `canceled`.
            JobTimeout: the job was still running when the timeout ran out.
        """
        _check_wait_arguments(timeout, poll_interval)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            result = self._outcome()
            if result is not None:
                return result
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

    def __init__(
        self,
        sdk: AsyncScenario,
        details: Mapping[str, Any],
        project_id: str | Omit,
    ) -> None:
        super().__init__(details, project_id)
        self._sdk = sdk

    async def refresh(self) -> str:
        """Fetch the job once from the jobs API; returns its status."""
        response = await self._sdk.jobs.retrieve(self.id, project_id=self._project_id)
        self._update(response)
        return self.status

    async def wait(
        self,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        on_progress: Callable[[AsyncJob], object | Awaitable[object]] | None = None,
    ) -> JobResult:
        """Poll until the job finishes (see `Job.wait`); `on_progress` may be async."""
        import asyncio
        import inspect

        _check_wait_arguments(timeout, poll_interval)
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while True:
            result = self._outcome()
            if result is not None:
                return result
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
