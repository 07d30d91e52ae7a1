"""The generated AsyncClient over scenario_sdk.AsyncScenario, against the stand-in: the same
wire body, checks, uploads and job outcomes as the sync client, awaited."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from client_support import generated_package, imported
from scenario_standin import JOB_ID, StandIn, job


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with imported(generated_package(tmp_path_factory)) as module:
        yield module


@pytest.fixture
def api() -> Iterator[StandIn]:
    with StandIn() as standin:
        yield standin


def client_of(models: ModuleType, api: StandIn, **options: Any) -> Any:
    return models.AsyncClient("key", "secret", api.base_url, **options)


def test_an_awaited_call_sends_the_wire_body_and_waits_for_the_assets(
    models: ModuleType, api: StandIn
) -> None:
    api.job_states = [job("in-progress"), job("success", assetIds=["asset_a"])]
    seen: list[str] = []

    async def report(progress: Any) -> None:
        seen.append(progress.status)

    async def run() -> Any:
        async with client_of(models, api, project_id="proj_1") as client:
            started = await client.trellis_2(image="asset_in", texture_size=2048)
            assert (started.id, started.status) == (JOB_ID, "queued")
            return await started.wait(poll_interval=0.001, on_progress=report)

    result = asyncio.run(run())

    generate = api.requests[0]
    assert generate.path == "/v1/generate/custom/model_trellis-2"
    assert generate.body == {"image": "asset_in", "textureSize": 2048}
    expected = "Basic " + base64.b64encode(b"key:secret").decode()
    assert all(r.headers["authorization"] == expected for r in api.requests)
    assert all(r.query == {"projectId": ["proj_1"]} for r in api.requests)
    assert result.asset_ids == ("asset_a",)
    assert seen == ["in-progress", "success"]


def test_invalid_arguments_raise_before_any_request(models: ModuleType, api: StandIn) -> None:
    async def run() -> None:
        async with client_of(models, api) as client:
            await client.trellis_2(image="asset_in", resolution=7)

    with pytest.raises(models.InvalidPayload) as raised:
        asyncio.run(run())
    assert [e.path for e in raised.value.errors] == ["$.resolution"]
    assert api.requests == []


def test_server_errors_are_retried_by_the_async_sdk(models: ModuleType, api: StandIn) -> None:
    api.fail_next(429, 500)

    async def run() -> Any:
        async with client_of(models, api, max_retries=2) as client:
            return await client.trellis_2(image="asset_in")

    assert asyncio.run(run()).id == JOB_ID
    assert len(api.requests_to("/v1/generate/custom/")) == 3


@pytest.mark.parametrize(
    ("state", "outcome"),
    [(job("failure", error="bad mesh"), "JobFailed"), (job("in-progress"), "JobTimeout")],
)
def test_a_failed_or_unfinished_job_raises(
    models: ModuleType, api: StandIn, state: dict[str, Any], outcome: str
) -> None:
    api.job_states = [state]

    async def run() -> None:
        async with client_of(models, api) as client:
            started = await client.trellis_2(image="asset_in")
            await started.wait(timeout=0.05, poll_interval=0.01)

    with pytest.raises(getattr(models, outcome)) as raised:
        asyncio.run(run())
    if outcome == "JobFailed":
        assert raised.value.error == "bad mesh"


def test_local_paths_are_uploaded_before_the_call(
    models: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.png", tmp_path / "b.webp"
    first.write_bytes(b"first")
    second.write_bytes(b"second")

    async def run() -> None:
        async with client_of(models, api) as client:
            await client.trellis(images=[first, second, "asset_kept"])

    asyncio.run(run())

    uploads = api.requests_to("/v1/assets")
    by_name = {r.body["name"]: r.body["image"] for r in uploads}
    assert by_name == {
        "a.png": base64.b64encode(b"first").decode(),
        "b.webp": base64.b64encode(b"second").decode(),
    }
    [generate] = api.requests_to("/v1/generate/custom/")
    assert generate.body == {"images": ["asset_up_a.png", "asset_up_b.webp", "asset_kept"]}
