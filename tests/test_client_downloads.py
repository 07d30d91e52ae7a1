"""A finished job's outputs written to disk by `JobResult.download` (and its async twin),
and `Job.cancel`, through the real scenario_sdk against the stand-in: files named from the
asset id and type, existing files kept, a transfer cut off midway retried and never left
at the final name."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from client_support import generated_package, imported
from scenario_standin import JOB_ID, StandIn, job

GLB = b"glTF" + os.urandom(200_000)
PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(5_000)
FAST = {"poll_interval": 0.001}


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with imported(generated_package(tmp_path_factory)) as module:
        yield module


@pytest.fixture
def api() -> Iterator[StandIn]:
    with StandIn() as standin:
        standin.add_asset("asset_mesh", GLB, "model/gltf-binary")
        standin.add_asset("asset_view", PNG, "image/png", kind="image")
        standin.job_states = [job("success", assetIds=["asset_mesh", "asset_view"])]
        yield standin


def finished(models: ModuleType, api: StandIn, **transfers: Any) -> Any:
    """The result of a job that made `asset_mesh` and `asset_view`, its client open."""
    client = models.Client("key", "secret", api.base_url, transfers=models.Transfers(**transfers))
    return client, client.trellis_2(image="asset_in").wait(**FAST)


def test_every_output_is_written_named_from_its_id_and_type(
    models: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    reports: list[Any] = []
    client, result = finished(models, api)
    with client:
        paths = result.download(tmp_path / "out", on_progress=reports.append)

    assert paths == [tmp_path / "out" / "asset_mesh.glb", tmp_path / "out" / "asset_view.png"]
    assert [p.read_bytes() for p in paths] == [GLB, PNG]
    assert sorted(os.listdir(tmp_path / "out")) == ["asset_mesh.glb", "asset_view.png"]
    gets = api.requests_to("/storage/assets/")
    assert sorted(r.path for r in gets) == [
        "/storage/assets/asset_mesh",
        "/storage/assets/asset_view",
    ]
    assert all("authorization" not in r.headers for r in gets)
    assert models.Progress(paths[0], len(GLB), len(GLB), "asset_mesh") in reports
    assert models.Progress(paths[1], len(PNG), len(PNG), "asset_view") in reports


def test_existing_files_are_kept_unless_overwrite(
    models: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    (tmp_path / "asset_mesh.glb").write_bytes(b"mine")
    client, result = finished(models, api)
    with client:
        kept = result.download(tmp_path)
        assert (tmp_path / "asset_mesh.glb").read_bytes() == b"mine"
        assert [r.path for r in api.requests_to("/storage/")] == ["/storage/assets/asset_view"]

        replaced = result.download(tmp_path, overwrite=True)

    assert kept == replaced
    assert (tmp_path / "asset_mesh.glb").read_bytes() == GLB


def test_a_download_cut_off_once_is_retried(
    models: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    api.assets["asset_mesh"].cuts = 1
    client, result = finished(models, api)
    with client:
        [mesh, _] = result.download(tmp_path)

    assert mesh.read_bytes() == GLB
    assert len(api.requests_to("/storage/assets/asset_mesh")) == 2
    assert sorted(os.listdir(tmp_path)) == ["asset_mesh.glb", "asset_view.png"]


def test_a_download_cut_off_every_time_leaves_no_file_at_its_name(
    models: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    api.assets["asset_mesh"].cuts = 99
    client, result = finished(models, api, retries=1)
    with client, pytest.raises(models.DownloadFailed) as raised:
        result.download(tmp_path)

    failure = raised.value
    assert (failure.asset_id, failure.path) == ("asset_mesh", tmp_path / "asset_mesh.glb")
    assert "(2 attempts)" in str(failure)
    assert "X-Amz-Signature" not in str(failure)
    assert len(api.requests_to("/storage/assets/asset_mesh")) == 2
    # The other output was still written; nothing else is left, not even a temporary file.
    assert os.listdir(tmp_path) == ["asset_view.png"]


def test_an_unknown_asset_fails_naming_it(models: ModuleType, api: StandIn, tmp_path: Path) -> None:
    api.job_states = [job("success", assetIds=["asset_gone"])]
    client, result = finished(models, api, retries=0)
    with client, pytest.raises(models.DownloadFailed, match="asset_gone"):
        result.download(tmp_path)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    ("asset_id", "mime_type", "url", "name"),
    [
        ("asset_a", "model/gltf-binary", "https://s/x", "asset_a.glb"),
        ("asset_a", "image/jpeg", "https://s/x", "asset_a.jpg"),
        ("asset_a", "audio/mpeg", "https://s/x", "asset_a.mp3"),
        ("asset_a", "video/mp4", "https://s/x", "asset_a.mp4"),
        ("asset_a", "application/octet-stream", "https://s/a/b.fbx?sig=1", "asset_a.fbx"),
        ("asset_a", "", "https://s/a/b", "asset_a.bin"),
        ("../../etc/passwd", "text/plain", "https://s/x", "_.._etc_passwd.txt"),
        ("..", "image/png", "https://s/x", "asset.png"),
        ("a\x00b/c\\d", "image/png", "https://s/x", "a_b_c_d.png"),
    ],
)
def test_file_names_come_from_the_id_and_type_and_stay_in_the_directory(
    models: ModuleType, asset_id: str, mime_type: str, url: str, name: str
) -> None:
    from importlib import import_module

    downloads = import_module(f"{models.__name__}._downloads")
    assert downloads.file_name(asset_id, mime_type, url) == name


def test_cancel_asks_the_api_and_wait_then_reports_the_canceled_job(
    models: ModuleType, api: StandIn
) -> None:
    api.job_states = [job("in-progress")]
    with models.Client("key", "secret", api.base_url) as client:
        started = client.trellis_2(image="asset_in")
        assert started.cancel() == "canceled"
        with pytest.raises(models.JobFailed, match="canceled"):
            started.wait(**FAST)

    [cancel] = api.requests_to(f"/v1/jobs/{JOB_ID}/action")
    assert cancel.body == {"action": "cancel"}
    assert cancel.headers["authorization"].startswith("Basic ")


def test_the_async_result_downloads_and_the_async_job_cancels(
    models: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    api.assets["asset_mesh"].cuts = 1

    async def run() -> list[Path]:
        async with models.AsyncClient("key", "secret", api.base_url) as client:
            result = await (await client.trellis_2(image="asset_in")).wait(**FAST)
            paths: list[Path] = await result.download(tmp_path)
            second = await client.trellis_2(image="asset_in")
            assert await second.cancel() == "canceled"
            return paths

    paths = asyncio.run(run())

    assert [p.read_bytes() for p in paths] == [GLB, PNG]
    assert sorted(os.listdir(tmp_path)) == ["asset_mesh.glb", "asset_view.png"]
    assert len(api.requests_to(f"/v1/jobs/{JOB_ID}/action")) == 1


def test_an_async_download_cut_off_every_time_leaves_no_file(
    models: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    api.assets["asset_view"].cuts = 99

    async def run() -> None:
        transfers = models.Transfers(retries=1)
        async with models.AsyncClient("key", "secret", api.base_url, transfers=transfers) as client:
            result = await (await client.trellis_2(image="asset_in")).wait(**FAST)
            await result.download(tmp_path)

    with pytest.raises(models.DownloadFailed, match="asset_view"):
        asyncio.run(run())
    assert os.listdir(tmp_path) == ["asset_mesh.glb"]
