"""The generated Client driving the real scenario_sdk against a loopback stand-in of the API:
what goes on the wire, what never leaves, and what the SDK retries."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import scenario_sdk
from client_support import generated_package, imported
from scenario_standin import JOB_ID, StandIn

PNG = b"\x89PNG\r\n\x1a\n stand-in image bytes"


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with imported(generated_package(tmp_path_factory)) as module:
        yield module


@pytest.fixture
def api() -> Iterator[StandIn]:
    with StandIn() as standin:
        yield standin


@pytest.fixture
def client(models: ModuleType, api: StandIn) -> Iterator[Any]:
    with models.Client(api_key="key", api_secret="secret", base_url=api.base_url) as client:
        yield client


def basic(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


def test_a_call_sends_the_exact_wire_body_with_basic_auth(client: Any, api: StandIn) -> None:
    job = client.trellis_2(image="asset_in", resolution=1024, ss_guidance_strength=5, seed=7)

    [request] = api.requests
    assert (request.method, request.path) == ("POST", "/v1/generate/custom/model_trellis-2")
    assert request.body == {
        "image": "asset_in",
        "resolution": 1024,
        "ssGuidanceStrength": 5,
        "seed": 7,
    }
    assert [type(v) for v in request.body.values()] == [str, int, int, int]
    assert request.headers["authorization"] == basic("key", "secret")
    assert request.query == {}
    assert (job.id, job.status) == (JOB_ID, "queued")


def test_arguments_left_out_or_none_are_not_sent(client: Any, api: StandIn) -> None:
    client.trellis_2(image="asset_in")
    client.trellis_2(image="asset_in", seed=None, ss_guidance_strength=0.5)

    assert [r.body for r in api.requests] == [
        {"image": "asset_in"},
        {"image": "asset_in", "ssGuidanceStrength": 0.5},
    ]


def test_credentials_and_base_url_come_from_the_sdk_environment(
    models: ModuleType, api: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCENARIO_SDK_API_KEY", "env-key")
    monkeypatch.setenv("SCENARIO_SDK_API_SECRET", "env-secret")
    monkeypatch.setenv("SCENARIO_BASE_URL", api.base_url)

    with models.Client() as client:
        client.trellis_2(image="asset_in")

    assert api.requests[0].headers["authorization"] == basic("env-key", "env-secret")


def test_options_pass_through_to_the_sdk_and_project_id_to_every_request(
    models: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    image = tmp_path / "in.png"
    image.write_bytes(PNG)
    with models.Client(
        api_key="key",
        api_secret="secret",
        base_url=api.base_url,
        max_retries=0,
        timeout=3.0,
        project_id="proj_1",
    ) as client:
        assert (client.sdk.max_retries, client.sdk.timeout) == (0, 3.0)
        client.trellis_2(image=image).wait(poll_interval=0.001)

    assert [(r.method, r.path) for r in api.requests] == [
        ("POST", "/v1/assets"),
        ("POST", "/v1/generate/custom/model_trellis-2"),
        ("GET", f"/v1/jobs/{JOB_ID}"),
    ]
    assert all(r.query == {"projectId": ["proj_1"]} for r in api.requests)


def test_invalid_arguments_raise_with_every_error_and_send_nothing(
    models: ModuleType, client: Any, api: StandIn
) -> None:
    with pytest.raises(models.InvalidPayload) as raised:
        client.trellis_2(image=3, resolution=7, ss_guidance_strength=11)

    paths = [error.path for error in raised.value.errors]
    assert sorted(paths) == ["$.image", "$.resolution", "$.ssGuidanceStrength"]
    assert all(path in str(raised.value) for path in paths)
    assert "model_trellis-2" in str(raised.value)
    assert api.requests == []


def test_a_missing_required_or_unknown_argument_is_a_type_error(client: Any, api: StandIn) -> None:
    with pytest.raises(TypeError, match="image"):
        client.trellis_2()
    with pytest.raises(TypeError, match="resolutoin"):
        client.trellis_2(image="asset_in", resolutoin=1024)
    assert api.requests == []


def test_rate_limits_and_server_errors_are_retried_by_the_sdk(
    models: ModuleType, api: StandIn
) -> None:
    api.fail_next(429, 503)
    with models.Client("key", "secret", api.base_url, max_retries=2) as client:
        job = client.trellis_2(image="asset_in")

    assert job.id == JOB_ID
    generate = api.requests_to("/v1/generate/custom/")
    assert len(generate) == 3
    assert all(r.body == {"image": "asset_in"} for r in generate)


def test_the_sdk_error_surfaces_once_retries_run_out(models: ModuleType, api: StandIn) -> None:
    api.fail_next(500, 500)
    with (
        models.Client("key", "secret", api.base_url, max_retries=1) as client,
        pytest.raises(scenario_sdk.InternalServerError),
    ):
        client.trellis_2(image="asset_in")

    assert len(api.requests) == 2


def test_the_timeout_option_bounds_each_request(models: ModuleType, api: StandIn) -> None:
    api.delay = 0.5
    with (
        models.Client("key", "secret", api.base_url, timeout=0.05, max_retries=0) as client,
        pytest.raises(scenario_sdk.APITimeoutError),
    ):
        client.trellis_2(image="asset_in")


def test_a_small_local_image_is_uploaded_through_the_assets_api_first(
    client: Any, api: StandIn, tmp_path: Path
) -> None:
    image = tmp_path / "in.png"
    image.write_bytes(PNG)

    client.trellis(images=[image, "asset_kept", image])

    upload, generate = api.requests
    assert (upload.method, upload.path) == ("POST", "/v1/assets")
    assert upload.body == {"name": "in.png", "image": base64.b64encode(PNG).decode()}
    assert upload.headers["authorization"] == basic("key", "secret")
    assert generate.body == {"images": ["asset_up_in.png", "asset_kept", "asset_up_in.png"]}


def test_a_missing_local_file_stops_the_call_before_any_request(
    client: Any, api: StandIn, tmp_path: Path
) -> None:
    present = tmp_path / "present.png"
    present.write_bytes(PNG)

    with pytest.raises(FileNotFoundError):
        client.trellis(images=[present, tmp_path / "missing.png"])
    assert api.requests == []


def test_a_path_for_an_argument_that_takes_no_file_is_invalid(
    models: ModuleType, client: Any, api: StandIn, tmp_path: Path
) -> None:
    with pytest.raises(models.InvalidPayload) as raised:
        client.a_b(x=tmp_path / "in.png")

    assert [(e.path, e.keyword) for e in raised.value.errors] == [("$.x", "type")]
    assert api.requests == []


def test_arguments_are_checked_before_a_local_file_is_uploaded(
    models: ModuleType, client: Any, api: StandIn, tmp_path: Path
) -> None:
    image = tmp_path / "in.png"
    image.write_bytes(PNG)

    with pytest.raises(models.InvalidPayload):
        client.trellis_2(image=image, resolution=7)
    assert api.requests == []


CREDENTIAL_VARIABLES = ("SCENARIO_SDK_API_KEY", "SCENARIO_SDK_API_SECRET", "SCENARIO_SDK_JWT")


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*CREDENTIAL_VARIABLES, "SCENARIO_CUSTOM_HEADERS"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("name", ["Client", "AsyncClient"])
def test_a_client_without_credentials_is_refused_at_construction(
    models: ModuleType, no_credentials: None, name: str
) -> None:
    with pytest.raises(models.MissingCredentials) as raised:
        getattr(models, name)()

    assert isinstance(raised.value, ValueError)
    assert str(raised.value) == (
        f"{name} has no Scenario API credentials: pass api_key= and api_secret=, or set the "
        "environment variables SCENARIO_SDK_API_KEY and SCENARIO_SDK_API_SECRET "
        "(SCENARIO_SDK_API_KEY and SCENARIO_SDK_API_SECRET are not set)"
    )


def test_half_the_credentials_name_the_missing_half(
    models: ModuleType, no_credentials: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCENARIO_SDK_API_KEY", "env-key")
    with pytest.raises(models.MissingCredentials, match=r"\(SCENARIO_SDK_API_SECRET is not set\)"):
        models.Client()
    monkeypatch.delenv("SCENARIO_SDK_API_KEY")
    with pytest.raises(models.MissingCredentials, match=r"\(SCENARIO_SDK_API_KEY is not set\)"):
        models.Client(api_secret="secret")


@pytest.mark.parametrize(
    ("arguments", "variables"),
    [
        ({"api_key": "key", "api_secret": "secret"}, {}),
        ({}, {"SCENARIO_SDK_JWT": "token"}),
        ({"default_headers": {"Authorization": "Bearer token"}}, {}),
        ({}, {"SCENARIO_CUSTOM_HEADERS": "Authorization: Bearer token"}),
    ],
)
def test_any_credential_the_sdk_sends_is_enough(
    models: ModuleType,
    api: StandIn,
    no_credentials: None,
    monkeypatch: pytest.MonkeyPatch,
    arguments: dict[str, Any],
    variables: dict[str, str],
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with models.Client(base_url=api.base_url, **arguments) as client:
        client.trellis_2(image="asset_in")
    assert api.requests[0].headers["authorization"]
