"""fetch-models -> generate -> the generated package, end to end, against the stand-in.

A model read from the API gets what a page's model gets: a schema (`source: "api"`), an
index entry naming its definition, a validator, a client method, docs and OpenAPI; `check`
and the incremental fingerprint see its definition as an input.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.validation import SchemaError, compile_schema
from tests.api_models import LORA, LORA_ID, MESSAGES, PLAIN, PLAIN_ID, TRELLIS_2_ID, trellis_2
from tests.client_support import imported
from tests.conftest import SEED_PAGE, output_tree
from tests.models_standin import ModelsStandIn, serve_models

RULE_KEYWORDS = {
    "allOf": [{"x-scenario-message": "m", "required": ["a"]}],
    "anyOf": [{"required": ["a"]}],
    "if": {"required": ["a"]},
    "then": {"required": ["b"]},
    "not": {"required": ["c"]},
    "dependentRequired": {"a": ["b"]},
}
"""Every keyword the API's rules become (generator/api/rules.py), each where the compiler
looks first: at the top."""


def _missing_keywords() -> tuple[str, ...]:
    try:
        compile_schema({"type": "object", **RULE_KEYWORDS})
    except SchemaError as exc:
        return exc.unsupported_keywords
    return ()


MISSING = _missing_keywords()
needs_rule_keywords = pytest.mark.skipif(
    bool(MISSING),
    reason=f"the validator compiler refuses {', '.join(MISSING)} (the 'validator' helper adds "
    "them, with x-scenario-message); runs as soon as the compiler takes them",
)


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModelsStandIn]:
    with serve_models(monkeypatch) as standin:
        standin.add(LORA, PLAIN, trellis_2())
        yield standin


@pytest.fixture
def upstream(tmp_path: Path) -> Path:
    folder = tmp_path / "upstream"
    folder.mkdir()
    shutil.copy(SEED_PAGE, folder / SEED_PAGE.name)
    return folder


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


def fetch_and_generate(
    capsys: pytest.CaptureFixture[str], upstream: Path, out: Path, *model_ids: str
) -> str:
    code, err = cli(
        capsys, "fetch-models", "--into", str(upstream), "--max-retries", "0", *model_ids
    )
    assert code == 0, err
    code, err = cli(capsys, "generate", "--upstream", str(upstream), "--out", str(out))
    assert code == 0, err
    return err


def test_a_private_model_gets_schema_index_validator_client_docs_and_openapi(
    api: ModelsStandIn, upstream: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    fetch_and_generate(capsys, upstream, out, PLAIN_ID)
    schema = json.loads((out / "schemas" / f"{PLAIN_ID}.schema.json").read_text())
    assert schema["x-scenario"]["source"] == "api"
    assert yaml.safe_load((out / "schemas" / f"{PLAIN_ID}.schema.yaml").read_text()) == schema
    entry = next(
        m
        for m in json.loads((out / "schemas/index.json").read_text())["models"]
        if m["modelId"] == PLAIN_ID
    )
    definition = upstream / f"{PLAIN_ID}.model.json"
    assert entry == {
        "modelId": PLAIN_ID,
        "title": "Plain Custom Model",
        "provider": "Custom",
        "kind": "image generation",
        "schema": f"{PLAIN_ID}.schema.json",
        "source": {
            "definition": {
                "file": definition.name,
                "updatedAt": PLAIN["updatedAt"],
                "sha256": hashlib.sha256(definition.read_bytes()).hexdigest(),
            }
        },
    }
    assert (out / "generated" / "docs" / f"{PLAIN_ID}.md").is_file()
    assert f"/generate/custom/{PLAIN_ID}" in (out / "generated" / "openapi.yaml").read_text()
    package = out / "generated" / "python" / "scenario_models"
    assert "def standin_plain(" in (package / "models" / "standin_plain.py").read_text()
    assert "standin_plain.Methods" in (package / "_client.py").read_text()
    with imported(out / "generated" / "python") as models:
        ok = {"prompt": "a cat", "tags": ["icon"], "regions": [{"prompt": "sky", "weight": 0.5}]}
        assert models.validate(PLAIN_ID, ok) == []
        broken = {
            "prompt": "x" * 2001,
            "tags": ["icon", "portrait", "landscape"],
            "loraScales": [1, 1, 1],
            "baseModel": "m" * 65,
            "regions": [{"weight": 2}],
        }
        found = {(e.path, e.keyword) for e in models.validate(PLAIN_ID, broken)}
        assert found == {
            ("$.prompt", "maxLength"),
            ("$.tags", "maxItems"),
            ("$.loraScales", "maxItems"),
            ("$.baseModel", "maxLength"),
            ("$.regions[0].prompt", "required"),
            ("$.regions[0].weight", "maximum"),
        }


def test_check_and_the_fingerprint_see_a_definition_as_an_input(
    api: ModelsStandIn, upstream: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    fetch_and_generate(capsys, upstream, out, PLAIN_ID)
    assert cli(capsys, "check", "--upstream", str(upstream), "--out", str(out))[0] == 0
    assert "0 written" in cli(capsys, "generate", "--upstream", str(upstream), "--out", str(out))[1]
    definition = upstream / f"{PLAIN_ID}.model.json"
    document = json.loads(definition.read_text())
    document["inputs"][0]["maxLength"] = 100
    definition.write_text(json.dumps(document, indent=2))
    code = main(["check", "--upstream", str(upstream), "--out", str(out), "--quiet"])
    assert code == 1
    assert f"changed: schemas/{PLAIN_ID}.schema.json" in capsys.readouterr().out.splitlines()
    code, err = cli(capsys, "generate", "--upstream", str(upstream), "--out", str(out))
    assert code == 0 and "0 written" not in err
    schema = json.loads((out / "schemas" / f"{PLAIN_ID}.schema.json").read_text())
    assert schema["properties"]["prompt"]["maxLength"] == 100
    definition.unlink()
    assert cli(capsys, "generate", "--upstream", str(upstream), "--out", str(out))[0] == 0
    assert not (out / "schemas" / f"{PLAIN_ID}.schema.json").exists()


def test_a_definition_file_can_be_named_alone_and_output_does_not_depend_on_where(
    api: ModelsStandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for place in ("a", "b/c"):
        folder = tmp_path / place
        assert (
            cli(capsys, "fetch-models", "--into", str(folder), "--max-retries", "0", PLAIN_ID)[0]
            == 0
        )
        out = tmp_path / f"out-{place.replace('/', '-')}"
        args = ["--upstream", str(SEED_PAGE), "--upstream", str(folder / f"{PLAIN_ID}.model.json")]
        assert cli(capsys, "generate", *args, "--out", str(out))[0] == 0
        outputs.append(output_tree(out))
    assert outputs[0] == outputs[1]
    assert f"schemas/{PLAIN_ID}.schema.json" in outputs[0]
    assert not any(str(tmp_path).encode() in data for data in outputs[0].values())


def test_bad_definitions_and_bad_pages_are_reported_together_and_nothing_is_written(
    upstream: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (upstream / "bad.md").write_text("no front matter\n", encoding="utf-8")
    (upstream / "model_bad.model.json").write_text('{"id": "model_bad",\n "inputs": 3}\n')
    out = tmp_path / "out"
    code, err = cli(capsys, "generate", "--upstream", str(upstream), "--out", str(out))
    assert code == 2
    lines = err.splitlines()
    assert f"{upstream / 'bad.md'}:1: expected at least one `## <model name>` section" in lines
    assert lines[-1:] == [
        f"{upstream / 'model_bad.model.json'}:2: expected `inputs`, the model's parameters (a model "
        "called through POST /generate/custom/{modelId} has them), found 3",
    ]
    assert not out.exists()


# With the API's rules: needs the compiler's allOf / if / then / dependentRequired --------


@needs_rule_keywords
def test_generated_validators_refuse_each_broken_rule_with_the_apis_message(
    api: ModelsStandIn, upstream: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    err = fetch_and_generate(capsys, upstream, out, LORA_ID, TRELLIS_2_ID)
    assert "`seed`: the page says maximum 2147483647" in err
    cases: list[tuple[str, dict[str, Any], str, str]] = [
        (LORA_ID, {"prompt": "p", "image": "i"}, "$.mask", MESSAGES["mask"]),
        (LORA_ID, {"prompt": "p"}, "$.mesh", MESSAGES["mesh"]),
        (
            LORA_ID,
            {"prompt": "p", "mesh": "m", "mode": "multiview", "style": "flat", "backImage": "b"},
            "$.leftImage",
            '"leftImage" is required when "mode" is "multiview" and "style" is one of "flat", "toon"',
        ),
        (
            LORA_ID,
            {"prompt": "p", "mesh": "m", "style": "real"},
            "$.backImage",
            '"backImage" is required when "mode" is "multiview" or "style" is "real"',
        ),
        (
            LORA_ID,
            {"prompt": "p", "mesh": "m", "regions": [{"prompt": "r", "area": "a"}]},
            "$.regions[0].areaMask",
            MESSAGES["areaMask"],
        ),
        (
            TRELLIS_2_ID,
            {"image": "i", "texSlatGuidanceStrength": 2},
            "$.texSlatRescaleT",
            MESSAGES["texSlatRescaleT"],
        ),
        (
            TRELLIS_2_ID,
            {"image": "i", "remesh": True},
            "$.remeshBand",
            '"remeshBand" is required when "remesh" is true',
        ),
    ]
    with imported(out / "generated" / "python") as models:
        for model_id, payload, path, message in cases:
            (error,) = models.validate(model_id, payload)
            assert error.message == message, (model_id, payload)
            # ifDefined is dependentRequired; the rest, `then`'s required. Where the error
            # sits (the object, or the missing input's own path) is the validator's call.
            assert error.keyword in ("required", "dependentRequired")
            assert error.path in (path, path.rsplit(".", 1)[0]), error.path
        assert models.validate(LORA_ID, {"prompt": "p", "image": "i", "mask": "m"}) == []
        assert models.validate(TRELLIS_2_ID, {"image": "i", "seed": 4294967295}) == []
        assert (
            models.validate(LORA_ID, {"prompt": "x" * 2001, "mesh": "m"})[0].keyword == "maxLength"
        )
