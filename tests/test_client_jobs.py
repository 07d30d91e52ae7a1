"""Job.wait polling the jobs API of the stand-in through the real SDK: success with asset
ids, failure and cancellation carrying the job's error, and the timeout."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from client_support import generated_package, imported
from scenario_standin import JOB_ID, StandIn, job

FAST = {"poll_interval": 0.001}


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with imported(generated_package(tmp_path_factory)) as module:
        yield module


@pytest.fixture
def api() -> Iterator[StandIn]:
    with StandIn() as standin:
        yield standin


@pytest.fixture
def started(models: ModuleType, api: StandIn) -> Iterator[Any]:
    """A job just started (status `queued`), its client open."""
    with models.Client("key", "secret", api.base_url) as client:
        yield client.trellis_2(image="asset_in")


def polls(api: StandIn) -> list[Any]:
    return api.requests_to("/v1/jobs/")


def test_wait_polls_until_success_and_returns_the_asset_ids(started: Any, api: StandIn) -> None:
    api.job_states = [
        job("queued"),
        job("in-progress"),
        job("success", assetIds=["asset_a", "asset_b"]),
    ]
    seen: list[str] = []

    result = started.wait(on_progress=lambda j: seen.append(j.status), **FAST)

    assert result.asset_ids == ("asset_a", "asset_b")
    assert result.job_id == JOB_ID
    assert result.details["status"] == "success"
    assert seen == ["queued", "in-progress", "success"]
    assert [r.path for r in polls(api)] == [f"/v1/jobs/{JOB_ID}"] * 3
    assert all(r.headers["authorization"].startswith("Basic ") for r in polls(api))
    assert started.status == "success"


def test_a_failed_job_raises_job_failed_with_the_jobs_error(
    models: ModuleType, started: Any, api: StandIn
) -> None:
    api.job_states = [job("in-progress"), job("failure", error="GPU out of memory")]

    with pytest.raises(models.JobFailed) as raised:
        started.wait(**FAST)

    assert (raised.value.job_id, raised.value.status) == (JOB_ID, "failure")
    assert raised.value.error == "GPU out of memory"
    assert "GPU out of memory" in str(raised.value)


def test_a_canceled_job_raises_job_failed_without_an_error(
    models: ModuleType, started: Any, api: StandIn
) -> None:
    api.job_states = [job("canceled")]

    with pytest.raises(models.JobFailed, match="canceled") as raised:
        started.wait(**FAST)

    assert raised.value.error is None
    assert "no error message" in str(raised.value)


def test_wait_gives_up_with_job_timeout_while_the_job_still_runs(
    models: ModuleType, started: Any, api: StandIn
) -> None:
    api.job_states = [job("in-progress")]

    with pytest.raises(models.JobTimeout) as raised:
        started.wait(timeout=0.05, poll_interval=0.01)

    assert isinstance(raised.value, TimeoutError)
    assert (raised.value.job_id, raised.value.status) == (JOB_ID, "in-progress")
    assert str(raised.value) == (
        f"job {JOB_ID} is still 'in-progress' after waiting 0.05 s; "
        "call wait() again to keep waiting"
    )
    assert polls(api)


def test_a_zero_timeout_checks_the_known_status_without_polling(
    models: ModuleType, started: Any, api: StandIn
) -> None:
    with pytest.raises(models.JobTimeout):
        started.wait(timeout=0)
    assert polls(api) == []


def test_a_poll_answered_with_a_server_error_is_retried_by_the_sdk(
    started: Any, api: StandIn
) -> None:
    api.job_states = [job("success", assetIds=["asset_a"])]
    api.fail_next(503)

    assert started.wait(**FAST).asset_ids == ("asset_a",)
    assert len(polls(api)) == 2


@pytest.mark.parametrize(
    ("options", "message"),
    [({"timeout": -1}, "timeout"), ({"poll_interval": 0}, "poll_interval")],
)
def test_wait_refuses_a_negative_timeout_or_a_zero_interval(
    started: Any, options: dict[str, float], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        started.wait(**options)
