"""`fetch-models`: the real scenario-sdk against the loopback stand-in of GET /v1/models/{id}."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from scenario_sdk.types.model_retrieve_response import ModelRetrieveResponse

from generator.cli import main
from generator.upstream.fetch_definitions import LEFT_OUT
from tests.api_models import LORA, LORA_ID, PLAIN, PLAIN_ID, TRELLIS_2_ID, trellis_2
from tests.loopback import closed_port
from tests.models_standin import ModelsStandIn, model, serve_models


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModelsStandIn]:
    with serve_models(monkeypatch) as standin:
        standin.add(LORA, PLAIN, trellis_2())
        yield standin


def fetch_models(
    capsys: pytest.CaptureFixture[str], into: Path, *args: str
) -> tuple[int, list[str]]:
    code = main(["fetch-models", "--into", str(into), "--max-retries", "0", *args])
    return code, capsys.readouterr().err.splitlines()


def test_saves_each_model_as_the_api_returned_it_sorted_and_without_volatile_fields(
    api: ModelsStandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = fetch_models(capsys, tmp_path, LORA_ID, TRELLIS_2_ID)
    assert code == 0, err
    assert err == [
        f"scenario-codegen: {tmp_path / (LORA_ID + '.model.json')}: new",
        f"scenario-codegen: {tmp_path / (TRELLIS_2_ID + '.model.json')}: new",
    ]
    text = (tmp_path / f"{LORA_ID}.model.json").read_text(encoding="utf-8")
    saved = json.loads(text)
    expected = {k: v for k, v in LORA.items() if k not in LEFT_OUT}
    assert saved == expected
    assert text == json.dumps(expected, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert "wandb-secret-key" not in text and "Signature" not in text
    ModelRetrieveResponse.model_validate({"model": saved})  # still a model the SDK accepts
    assert [r.path for r in api.requests] == [f"/v1/models/{LORA_ID}", f"/v1/models/{TRELLIS_2_ID}"]


def test_bytes_are_stable_across_runs_though_the_api_answers_differently(
    api: ModelsStandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert fetch_models(capsys, tmp_path, PLAIN_ID)[0] == 0
    first = (tmp_path / f"{PLAIN_ID}.model.json").read_bytes()
    code, err = fetch_models(capsys, tmp_path, PLAIN_ID)
    assert code == 0 and err[0].endswith(": unchanged")
    assert (tmp_path / f"{PLAIN_ID}.model.json").read_bytes() == first
    assert api.reads == 2  # the second answer had another signed thumbnail URL


def test_a_changed_model_is_updated(
    api: ModelsStandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert fetch_models(capsys, tmp_path, PLAIN_ID)[0] == 0
    api.add(model(PLAIN_ID, [{"name": "prompt", "type": "string", "maxLength": 10}]))
    code, err = fetch_models(capsys, tmp_path, PLAIN_ID)
    assert code == 0 and err[0].endswith(": updated")
    saved = json.loads((tmp_path / f"{PLAIN_ID}.model.json").read_text(encoding="utf-8"))
    assert saved["inputs"] == [{"name": "prompt", "type": "string", "maxLength": 10}]


def test_unknown_model_and_no_access_one_line_each_exit_2_nothing_written(
    api: ModelsStandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    api.forbidden.add("model_someone-elses")
    code, err = fetch_models(capsys, tmp_path, LORA_ID, "model_nope", "model_someone-elses")
    assert code == 2
    assert err == [
        "scenario-codegen: fetch-models: model_nope: no such model, or none these credentials "
        "can see (HTTP 404: Model model_nope not found)",
        "scenario-codegen: fetch-models: model_someone-elses: access denied: these credentials "
        "cannot read this model (HTTP 403: You do not have access to this model)",
        "scenario-codegen: fetch-models: nothing written",
    ]
    assert list(tmp_path.iterdir()) == []  # the LoRA was read, but all or nothing


def test_an_existing_definition_is_left_as_it_was_when_another_fails(
    api: ModelsStandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / f"{LORA_ID}.model.json"
    old.write_text('{"old": true}\n', encoding="utf-8")
    assert fetch_models(capsys, tmp_path, LORA_ID, "model_nope")[0] == 2
    assert old.read_text(encoding="utf-8") == '{"old": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == [old.name]


def test_wrong_credentials_are_a_401_line(
    api: ModelsStandIn,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SCENARIO_SDK_API_SECRET", "wrong")
    code, err = fetch_models(capsys, tmp_path, LORA_ID)
    assert code == 2
    assert err[0] == (
        f"scenario-codegen: fetch-models: {LORA_ID}: not authenticated: check "
        "SCENARIO_SDK_API_KEY and SCENARIO_SDK_API_SECRET (HTTP 401: Unauthorized)"
    )


def test_no_credentials_is_one_line_before_any_request(
    api: ModelsStandIn,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SCENARIO_SDK_API_SECRET")
    code, err = fetch_models(capsys, tmp_path, LORA_ID)
    assert code == 2
    assert err[0] == (
        "scenario-codegen: fetch-models: no credentials: set SCENARIO_SDK_API_KEY and "
        "SCENARIO_SDK_API_SECRET (or SCENARIO_SDK_JWT)"
    )
    assert api.requests == []


def test_without_scenario_sdk_it_says_how_to_get_it(
    api: ModelsStandIn,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "scenario_sdk", None)  # import fails
    code, err = fetch_models(capsys, tmp_path, LORA_ID)
    assert code == 2
    assert err[0] == (
        "scenario-codegen: fetch-models: scenario-sdk is not installed: pip install "
        "'scenario-codegen[api]' (or 'scenario-sdk>=2.4,<3')"
    )


def test_network_failure_names_the_base_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base_url = f"http://127.0.0.1:{closed_port()}/v1"
    monkeypatch.setenv("SCENARIO_BASE_URL", base_url)
    monkeypatch.setenv("SCENARIO_SDK_API_KEY", "k")
    monkeypatch.setenv("SCENARIO_SDK_API_SECRET", "s")
    code, err = fetch_models(capsys, tmp_path, LORA_ID)
    assert code == 2
    assert err[0].startswith(f"scenario-codegen: fetch-models: {LORA_ID}: cannot reach {base_url}/")
    assert len(err) == 2 and "Traceback" not in "\n".join(err)


def test_project_id_is_sent(
    api: ModelsStandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert fetch_models(capsys, tmp_path, PLAIN_ID, "--project-id", "proj_1")[0] == 0
    assert api.requests[0].path == f"/v1/models/{PLAIN_ID}?projectId=proj_1"


@pytest.mark.parametrize(
    ("model_ids", "message"),
    [
        (["../escape"], "'../escape': expected a Model ID of letters, digits, '.', '_' and '-'"),
        (["model_a/b"], "'model_a/b': expected a Model ID of letters, digits, '.', '_' and '-'"),
        ([LORA_ID, LORA_ID], f"{LORA_ID}: listed twice"),
    ],
)
def test_unusable_model_ids_are_refused_before_any_request(
    api: ModelsStandIn,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    model_ids: list[str],
    message: str,
) -> None:
    code, err = fetch_models(capsys, tmp_path, *model_ids)
    assert (code, err[0]) == (2, f"scenario-codegen: fetch-models: {message}")
    assert api.requests == [] and list(tmp_path.iterdir()) == []


def test_a_definition_generate_could_not_use_is_refused(
    api: ModelsStandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lora = model("model_no-inputs", [])
    del lora["inputs"]
    api.add(lora)
    code, err = fetch_models(capsys, tmp_path, "model_no-inputs")
    assert code == 2
    assert err[0] == (
        "scenario-codegen: fetch-models: model_no-inputs: its definition cannot make a schema: "
        "expected `inputs`, the model's parameters (a model called through "
        "POST /generate/custom/{modelId} has them), found none"
    )
    assert list(tmp_path.iterdir()) == []


def test_warnings_about_a_definition_are_shown_with_the_saved_file_and_line(
    api: ModelsStandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = [{"name": "flag", "type": "boolean", "max": 3}]
    api.add(model("model_odd", odd))
    code, err = fetch_models(capsys, tmp_path, "model_odd")
    saved = tmp_path / "model_odd.model.json"
    assert code == 0
    line = saved.read_text(encoding="utf-8").splitlines().index('      "max": 3,') + 1
    assert err[1] == (
        f"{saved}:{line}: warning: `flag`: `max` applies to string, number, file_array, "
        "string_array, number_array, model_array, inputs_array inputs, not boolean; left out"
    )
