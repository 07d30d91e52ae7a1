"""Local files of any kind, uploaded by the generated Client through the real scenario_sdk
against the stand-in: small images through the assets API, everything else through the
uploads API's presigned part URLs (streamed, concurrent, each part retried), the upload
kind from the file's type or the argument's schema, and every failure stopping the call
before the job is started."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from client_support import generated_package, imported
from scenario_standin import MiB, StandIn

PNG = b"\x89PNG\r\n\x1a\n stand-in image bytes"
FAST = {"poll_interval": 0.001, "part_size": 5 * MiB}


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with imported(generated_package(tmp_path_factory)) as module:
        yield module


@pytest.fixture
def api() -> Iterator[StandIn]:
    with StandIn() as standin:
        yield standin


def client_of(models: ModuleType, api: StandIn, progress: Any = None, **transfers: Any) -> Any:
    options = {**FAST, **transfers}
    return models.Client(
        "key",
        "secret",
        api.base_url,
        transfers=models.Transfers(**options),
        on_upload_progress=progress,
    )


@pytest.fixture
def client(models: ModuleType, api: StandIn) -> Iterator[Any]:
    with client_of(models, api) as client:
        yield client


def write(path: Path, size: int) -> Path:
    """A file of `size` random bytes."""
    with path.open("wb") as file:
        for start in range(0, size, MiB):
            file.write(os.urandom(min(MiB, size - start)))
    return path


def part_digests(path: Path, part_size: int) -> list[tuple[int, str]]:
    data = path.read_bytes()
    parts = [data[i : i + part_size] for i in range(0, len(data), part_size)] or [b""]
    return [(len(part), hashlib.sha256(part).hexdigest()) for part in parts]


def received(api: StandIn, file_name: str) -> list[tuple[int, str]]:
    [upload] = [u for u in api.uploads.values() if u.file_name == file_name]
    return [(upload.parts[n].size, upload.parts[n].sha256) for n in sorted(upload.parts)]


def routes(api: StandIn) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in api.requests]


def test_a_mesh_and_an_image_for_retexture_go_up_before_the_job(
    client: Any, api: StandIn, tmp_path: Path
) -> None:
    mesh = write(tmp_path / "chair.glb", 300_000)
    image = tmp_path / "style.png"
    image.write_bytes(PNG)

    client.trellis_2_retexture(model=mesh, image=image)

    assert sorted(routes(api)[:2]) == [("POST", "/v1/assets"), ("POST", "/v1/uploads")]
    assert routes(api)[2:] == [
        ("PUT", "/storage/uploads/upload_1/1"),
        ("POST", "/v1/uploads/upload_1/action"),
        ("GET", "/v1/uploads/upload_1"),
        ("GET", "/v1/uploads/upload_1"),
        ("POST", "/v1/generate/custom/model_trellis-2-retexture"),
    ]
    [create] = api.requests_to("/v1/uploads")[:1]
    assert create.body == {
        "fileName": "chair.glb",
        "contentType": "model/gltf-binary",
        "fileSize": 300_000,
        "kind": "3d",
        "parts": 1,
    }
    [put] = api.requests_to("/storage/")
    assert "authorization" not in put.headers
    assert put.headers["content-length"] == "300000"
    assert received(api, "chair.glb") == part_digests(mesh, 5 * MiB)
    api_requests = [r for r in api.requests if r.path.startswith("/v1/")]
    assert all(r.headers["authorization"].startswith("Basic ") for r in api_requests)
    [generate] = api.requests_to("/v1/generate/")
    assert generate.body == {"model": "asset_up_chair.glb", "image": "asset_up_style.png"}


def test_a_multipart_upload_streams_every_part_and_retries_the_one_that_failed(
    models: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    mesh = write(tmp_path / "scan.fbx", 11 * MiB)
    api.fail_part("scan.fbx", 2, 503)
    reports: list[Any] = []

    with client_of(models, api, reports.append) as client:
        client.trellis_2_retexture(model=mesh, image="asset_style")

    [create] = api.requests_to("/v1/uploads")[:1]
    assert (create.body["parts"], create.body["kind"]) == (3, "3d")
    assert create.body["contentType"] == "application/octet-stream"
    puts = api.requests_to("/storage/uploads/")
    assert sorted(r.path for r in puts) == [
        "/storage/uploads/upload_1/1",
        "/storage/uploads/upload_1/2",
        "/storage/uploads/upload_1/2",
        "/storage/uploads/upload_1/3",
    ]
    assert sorted(int(r.headers["content-length"]) for r in puts) == [MiB, *[5 * MiB] * 3]
    assert received(api, "scan.fbx") == part_digests(mesh, 5 * MiB)
    assert reports[-1] == models.Progress(mesh, 11 * MiB, 11 * MiB)
    [generate] = api.requests_to("/v1/generate/")
    assert generate.body == {"model": "asset_up_scan.fbx", "image": "asset_style"}


def test_a_part_that_keeps_failing_names_the_file_and_the_part_and_starts_no_job(
    models: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    mesh = write(tmp_path / "big.obj", 11 * MiB)
    api.fail_part("big.obj", 2, 503, 503)

    with client_of(models, api, retries=1) as client, pytest.raises(models.UploadFailed) as raised:
        client.trellis_2_retexture(model=mesh, image="asset_style")

    failure = raised.value
    assert (failure.path, failure.part, failure.refused) == (str(mesh), 2, False)
    assert str(failure).startswith(f"upload of {mesh} failed (part 2 of 3): HTTP 503 SlowDown")
    assert "(2 attempts)" in str(failure)
    assert api.requests_to("/v1/generate/") == []
    assert api.requests_to("/v1/uploads/upload_1/action") == []


def test_a_part_refused_for_good_is_not_retried(
    models: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    mesh = write(tmp_path / "mesh.stl", 1000)
    api.fail_part("mesh.stl", 1, 403)

    with client_of(models, api) as client, pytest.raises(models.UploadFailed) as raised:
        client.trellis_2_retexture(model=mesh, image="asset_style")

    assert "HTTP 403 AccessDenied: Request has expired" in str(raised.value)
    assert "X-Amz-Signature" not in str(raised.value)
    assert len(api.requests_to("/storage/")) == 1
    assert api.requests_to("/v1/generate/") == []


def test_an_upload_the_api_refuses_raises_with_its_message(
    models: ModuleType, client: Any, api: StandIn, tmp_path: Path
) -> None:
    mesh = write(tmp_path / "broken.gltf", 2000)
    api.refuse_upload("broken.gltf", "the glTF file has no scene")

    with pytest.raises(models.UploadFailed) as raised:
        client.trellis_2_retexture(model=mesh, image="asset_style")

    failure = raised.value
    assert (failure.refused, failure.upload_id, failure.part) == (True, "upload_1", None)
    assert str(failure) == f"upload of {mesh} failed: the glTF file has no scene"
    assert api.requests_to("/v1/generate/") == []


def test_the_paths_of_a_file_array_go_up_concurrently_and_keep_their_order(
    models: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    paths = [write(tmp_path / f"view{n}.png", 1000 + n) for n in range(4)]
    api.put_delay = 0.2

    with client_of(models, api, small_image_size=0) as client:
        client.trellis(images=[paths[2], "asset_kept", paths[0], paths[3], paths[1], paths[2]])

    assert api.max_parallel_puts >= 2
    assert len(api.requests_to("/storage/uploads/")) == 4  # one upload per distinct file
    assert all(u.kind == "image" for u in api.uploads.values())
    [generate] = api.requests_to("/v1/generate/")
    assert generate.body == {
        "images": [
            "asset_up_view2.png",
            "asset_kept",
            "asset_up_view0.png",
            "asset_up_view3.png",
            "asset_up_view1.png",
            "asset_up_view2.png",
        ]
    }


def test_one_refused_file_among_several_starts_no_job(
    models: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    good = [write(tmp_path / f"good{n}.png", 500) for n in range(3)]
    bad = write(tmp_path / "bad.png", 500)
    api.refuse_upload("bad.png", "not an image")

    with (
        client_of(models, api, small_image_size=0) as client,
        pytest.raises(models.UploadFailed) as raised,
    ):
        client.trellis(images=[*good, bad])

    assert raised.value.path == str(bad)
    assert api.requests_to("/v1/generate/") == []


def test_small_images_take_the_assets_api_and_larger_ones_the_uploads_api(
    models: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    small = write(tmp_path / "small.jpg", 2000)
    large = write(tmp_path / "large.jpg", 6000)

    with client_of(models, api, small_image_size=4000) as client:
        client.trellis(images=[small, large])

    [asset] = api.requests_to("/v1/assets")
    assert asset.body["name"] == "small.jpg"
    [create] = [r for r in api.requests_to("/v1/uploads") if r.path == "/v1/uploads"]
    assert (create.body["fileName"], create.body["kind"]) == ("large.jpg", "image")
    assert create.body["contentType"] == "image/jpeg"


def test_every_file_is_checked_before_any_request(
    models: ModuleType, client: Any, api: StandIn, tmp_path: Path
) -> None:
    present = write(tmp_path / "present.png", 10)

    with pytest.raises(FileNotFoundError, match=r"\$\.images\[1\]") as missing:
        client.trellis(images=[present, tmp_path / "missing.png"])
    assert missing.value.filename == str(tmp_path / "missing.png")
    with pytest.raises(IsADirectoryError, match=r"\$\.model"):
        client.trellis_2_retexture(model=tmp_path, image="asset_style")
    with pytest.raises(models.InvalidPayload):
        client.trellis_2(image=present, resolution=7)
    assert api.requests == []


def test_a_file_over_its_size_limit_is_an_invalid_payload_naming_argument_and_file(
    models: ModuleType, client: Any, api: StandIn, tmp_path: Path
) -> None:
    files = {
        "model": models._calls.FileParameter(kind="3d", max_size=1000),
        "images": models._calls.FileParameter(kind="image", max_size=100),
    }
    mesh = write(tmp_path / "mesh.glb", 1001)
    small, large = write(tmp_path / "a.png", 100), write(tmp_path / "b.png", 101)

    with pytest.raises(models.InvalidPayload) as raised:
        client._start(
            "model_trellis-2-retexture",
            lambda payload, lenient=False: [],
            {"model": mesh, "images": [small, large]},
            files,
        )

    errors = [(e.path, e.keyword, e.message) for e in raised.value.errors]
    assert errors == [
        (
            "$.model",
            "x-scenario-max-size",
            f"expected a file of at most 1,000 bytes, found {mesh}, 1,001 bytes",
        ),
        (
            "$.images[1]",
            "x-scenario-max-size",
            f"expected a file of at most 100 bytes, found {large}, 101 bytes",
        ),
    ]
    assert api.requests == []


@pytest.mark.parametrize(
    ("name", "given", "argument_kind", "content_type", "upload_kind"),
    [
        ("scan.bin", None, "3d", "application/octet-stream", "3d"),
        ("sky.hdr", None, "image-hdr", "image/vnd.radiance", "asset"),
        ("notes.pdf", None, None, "application/pdf", "asset"),
        ("voice.bin", {"kind": "audio"}, "3d", "application/octet-stream", "audio"),
        ("voice.dat", {"content_type": "audio/wav"}, None, "audio/wav", "audio"),
        ("mystery.xyz", None, None, "application/octet-stream", "asset"),
        ("mesh.usdz", None, None, "model/vnd.usdz+zip", "3d"),
        ("clip.mov", None, None, "video/quicktime", "video"),
    ],
)
def test_the_upload_kind_comes_from_the_argument_then_the_files_type(
    models: ModuleType,
    client: Any,
    api: StandIn,
    tmp_path: Path,
    name: str,
    given: dict[str, str] | None,
    argument_kind: str | None,
    content_type: str,
    upload_kind: str,
) -> None:
    path: Any = write(tmp_path / name, 100)
    if given is not None:
        path = models.LocalFile(path, **given)
    files = {"model": models._calls.FileParameter(kind=argument_kind)}

    client._start("model_x", lambda payload, lenient=False: [], {"model": path}, files)

    [create] = [r for r in api.requests if r.path == "/v1/uploads"]
    assert (create.body["contentType"], create.body["kind"]) == (content_type, upload_kind)
    [generate] = api.requests_to("/v1/generate/")
    assert generate.body == {"model": f"asset_up_{name}"}


def test_a_local_file_refuses_a_kind_the_api_does_not_know(models: ModuleType) -> None:
    with pytest.raises(ValueError, match="kind 'mesh' is none of"):
        models.LocalFile("a.glb", kind="mesh")


def test_an_empty_file_goes_up_as_one_empty_part(client: Any, api: StandIn, tmp_path: Path) -> None:
    empty = tmp_path / "empty.glb"
    empty.write_bytes(b"")

    client.trellis_2_retexture(model=empty, image="asset_style")

    assert received(api, "empty.glb") == [(0, hashlib.sha256(b"").hexdigest())]


def test_the_async_client_uploads_the_same_way(
    models: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    import asyncio

    mesh = write(tmp_path / "scan.glb", 11 * MiB)
    image = tmp_path / "style.png"
    image.write_bytes(PNG)
    api.fail_part("scan.glb", 3, 500)
    api.put_delay = 0.1
    reports: list[Any] = []

    async def run() -> None:
        transfers = models.Transfers(**FAST)
        async with models.AsyncClient(
            "key", "secret", api.base_url, transfers=transfers, on_upload_progress=reports.append
        ) as client:
            await client.trellis_2_retexture(model=mesh, image=image)

    asyncio.run(run())

    assert received(api, "scan.glb") == part_digests(mesh, 5 * MiB)
    assert len(api.requests_to("/storage/uploads/upload_1/3")) == 2
    assert api.max_parallel_puts >= 2
    assert all("authorization" not in r.headers for r in api.requests_to("/storage/"))
    assert models.Progress(mesh, 11 * MiB, 11 * MiB) in reports
    [generate] = api.requests_to("/v1/generate/")
    assert generate.body == {"model": "asset_up_scan.glb", "image": "asset_up_style.png"}


def test_the_async_client_stops_at_a_refused_file_and_starts_no_job(
    models: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    import asyncio

    good, bad = write(tmp_path / "good.glb", 100), write(tmp_path / "bad.glb", 100)
    api.refuse_upload("bad.glb", "no mesh in the file")

    async def run() -> None:
        async with models.AsyncClient(
            "key", "secret", api.base_url, transfers=models.Transfers(**FAST)
        ) as client:
            await client.trellis(images=[good, bad])

    with pytest.raises(models.UploadFailed, match="no mesh in the file") as raised:
        asyncio.run(run())
    assert raised.value.path == str(bad)
    assert api.requests_to("/v1/generate/") == []


# The stand-in's storage is as strict as S3: the client passes because it is right.


@pytest.fixture
def part_url(api: StandIn) -> str:
    with httpx.Client() as http:
        created = http.post(
            f"{api.base_url}/uploads",
            json={
                "fileName": "a.glb",
                "contentType": "model/gltf-binary",
                "fileSize": 6 * MiB,
                "kind": "3d",
                "parts": 2,
            },
            headers={"authorization": "Basic eDp5"},
        )
    url: str = created.json()["upload"]["parts"][0]["url"]
    return url


def test_the_storage_refuses_an_authorization_header_beside_the_signed_url(
    part_url: str,
) -> None:
    answer = httpx.put(part_url, content=b"x", headers={"authorization": "Basic eDp5"})
    assert answer.status_code == 400
    assert "<Code>InvalidArgument</Code>" in answer.text


def test_the_storage_refuses_a_bad_signature_and_a_missing_length(part_url: str) -> None:
    forged = part_url.replace("X-Amz-Signature=", "X-Amz-Signature=0")
    assert httpx.put(forged, content=b"x").status_code == 403
    chunked = httpx.put(part_url, content=iter([b"x"]))  # Transfer-Encoding: chunked
    assert chunked.status_code == 501


def test_completing_with_a_short_part_before_the_last_is_refused(
    api: StandIn, part_url: str
) -> None:
    second = api.presigned("/storage/uploads/upload_1/2")
    assert httpx.put(part_url, content=b"x" * MiB).status_code == 200
    assert httpx.put(second, content=b"x" * 5 * MiB).status_code == 200
    answer = httpx.post(
        f"{api.base_url}/uploads/upload_1/action",
        json={"action": "complete"},
        headers={"authorization": "Basic eDp5"},
    )
    assert answer.status_code == 400
    assert "EntityTooSmall" in answer.text
