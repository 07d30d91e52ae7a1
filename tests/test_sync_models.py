"""`sync` keeping the Model IDs of sources.txt current, end to end: the shipped seed page from
a loopback mirror of the docs site (tests/docs_site.py), the models' definitions from the
loopback stand-in of `GET /v1/models/{modelId}` (tests/models_standin.py), read through the
real scenario-sdk."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from generator.upstream.site import DOCS_URL_VARIABLE
from tests.api_models import LORA, LORA_ID, TRELLIS_2_ID, trellis_2
from tests.conftest import ROOT, SEED_PAGE, output_tree
from tests.docs_site import served
from tests.loopback import Loopback, closed_port, serve
from tests.models_standin import ModelsStandIn, changed, save_definition, serve_models

SEED_URL = (
    "https://docs.scenario.com/get-started/generation/3d-model-generation/"
    "3d-model-generation-microsoft/index.md"
)
SEED_PATH = "/get-started/generation/3d-model-generation/3d-model-generation-microsoft/index.md"
NEW_RULE = "A style needs a negative prompt"
CACHE = "upstream/.fetch-cache.json"
SDK_VARIABLES = ("SCENARIO_SDK_API_KEY", "SCENARIO_SDK_API_SECRET", "SCENARIO_SDK_JWT")


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Loopback]:
    """The docs site as far as the shipped sources.txt reaches: the seed page."""
    with serve(monkeypatch) as server:
        server.routes[SEED_PATH] = served(SEED_PAGE.read_bytes())
        monkeypatch.setenv(DOCS_URL_VARIABLE, server.url(""))
        yield server


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModelsStandIn]:
    with serve_models(monkeypatch) as standin:
        standin.add(LORA, trellis_2())
        yield standin


def project(root: Path, *model_ids: str) -> Path:
    """The repository's upstream/ (sources.txt, the seed page), these Model IDs listed after
    a comment, generated once."""
    shutil.copytree(ROOT / "upstream", root / "upstream")
    with (root / "upstream" / "sources.txt").open("a", encoding="utf-8") as listing:
        listing.write("\n# Our models, read from the API\n")
        listing.write("".join(f"{model_id}\n" for model_id in model_ids))
    assert main(["generate", "--upstream", str(root / "upstream"), "--out", str(root)]) == 0
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def sync(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    return run(capsys, "sync", "--upstream", str(root / "upstream"), "--out", str(root), *args)


def check(capsys: pytest.CaptureFixture[str], root: Path) -> int:
    return run(capsys, "check", "--upstream", str(root / "upstream"), "--out", str(root))[0]


def without_cache(tree: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in tree.items() if path != CACHE}


def schema(root: Path, model_id: str) -> dict[str, object]:
    document = json.loads((root / "schemas" / f"{model_id}.schema.json").read_text("utf-8"))
    assert isinstance(document, dict)
    return document


def last_entry(root: Path) -> str:
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    return changelog[changelog.rindex("\n## ") :]


def test_sync_reads_the_listed_models_then_keeps_them_current(
    site: Loopback, api: ModelsStandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path, LORA_ID, TRELLIS_2_ID)
    upstream = root / "upstream"

    # Before the first sync, --check says what it would bring, and writes nothing.
    before = output_tree(root)
    code, out, err = sync(capsys, root, "--check")
    assert code == 1, err
    assert f"upstream changed: {LORA_ID}.model.json, {TRELLIS_2_ID}.model.json" in err
    assert f"- `{LORA_ID}`: model added" in out
    assert output_tree(root) == before

    # The first sync saves both definitions as fetch-models would, and builds from them.
    code, out, err = sync(capsys, root)
    assert code == 0, err
    expected = tmp_path / "expected"
    for item in (LORA, trellis_2()):
        saved = save_definition(expected, item).read_bytes()
        assert (upstream / f"{item['id']}.model.json").read_bytes() == saved
    assert schema(root, LORA_ID)["x-scenario"] == {
        **schema(root, LORA_ID)["x-scenario"],  # type: ignore[dict-item]
        "source": "api",
    }
    assert schema(root, TRELLIS_2_ID)["x-scenario"]["source"] == "page+api"  # type: ignore[index]
    lines = out.splitlines()
    assert f"minor     {LORA_ID}: model added" in lines
    assert (
        f'BREAKING  {TRELLIS_2_ID}: new requirement: "Texture rescale needs a texture guidance"'
        in lines
    )
    assert "0 of 1 pages changed, 2 of 2 model definitions changed" in err
    # The page and the API disagree on a bound: the warning names the downloaded page by its
    # URL and the definition read by the file it now is.
    definition = upstream / f"{TRELLIS_2_ID}.model.json"
    [warning] = [line for line in err.splitlines() if "`seed`" in line]
    assert warning.startswith(f"{SEED_URL}:1: warning: {TRELLIS_2_ID}: ")
    assert f"the API ({definition}:" in warning
    assert "scenario-codegen-sync-" not in err  # never the staging folder
    assert f"- `{LORA_ID}`: model added" in last_entry(root)
    assert check(capsys, root) == 0

    # Nothing changed upstream (though each answer has a new signed thumbnail URL).
    before = output_tree(root)
    code, out, err = sync(capsys, root)
    assert (code, out) == (0, "no changes (semver: none)\n"), err
    assert without_cache(output_tree(root)) == without_cache(before)
    assert sync(capsys, root, "--check")[0] == 0

    # A definition gains a rule: breaking, in the changelog, and in the validators.
    api.add(changed(LORA, "negativePrompt", required={"ifDefined": {"style": NEW_RULE}}))
    before = output_tree(root)
    code, out, err = sync(capsys, root, "--check")
    assert code == 1, err
    assert f"upstream changed: {LORA_ID}.model.json" in err
    assert f'### Breaking\n\n- `{LORA_ID}`: new requirement: `"{NEW_RULE}"`\n' in out
    assert output_tree(root) == before
    code, out, err = sync(capsys, root, "--fail-on-breaking")
    assert code == 1, err
    assert out.splitlines()[0] == f'BREAKING  {LORA_ID}: new requirement: "{NEW_RULE}"'
    assert "0 of 1 pages changed, 1 of 2 model definitions changed" in err
    entry = last_entry(root)
    assert f'- `{LORA_ID}`: new requirement: `"{NEW_RULE}"`' in entry
    # no page changed: the heading does not date the change by the pages
    assert entry.startswith("\n## Scenario API model definitions (semver: major)\n"), entry
    saved = json.loads((upstream / f"{LORA_ID}.model.json").read_text(encoding="utf-8"))
    [negative] = [i for i in saved["inputs"] if i["name"] == "negativePrompt"]
    assert negative["required"] == {"ifDefined": {"style": NEW_RULE}}
    payload = tmp_path / "payload.json"
    payload.write_text(json.dumps({"prompt": "a cat", "mesh": "asset_1", "style": "flat"}))
    code, out, _ = run(
        capsys, "validate", LORA_ID, str(payload), "--schemas", str(root / "schemas")
    )
    assert code == 1 and NEW_RULE in out
    assert check(capsys, root) == 0

    # The model goes: kept, with a warning naming it, until --prune.
    del api.models[LORA_ID]
    listing = (upstream / "sources.txt").read_text(encoding="utf-8")
    before = output_tree(root)
    code, out, err = sync(capsys, root)
    assert (code, out) == (0, "no changes (semver: none)\n"), err
    assert (
        f"scenario-codegen: model gone: {LORA_ID}: no such model, or none these credentials "
        f"can see (HTTP 404: Model {LORA_ID} not found); kept {LORA_ID}.model.json and its "
        "model (--prune removes them)\n"
    ) in err
    assert without_cache(output_tree(root)) == without_cache(before)
    code, out, err = sync(capsys, root, "--check")
    assert code == 1 and f"upstream changed: {LORA_ID}.model.json" in err
    code, out, err = sync(capsys, root, "--check", "--prune")
    assert code == 1
    assert f"Model gone from the API, its definition removed: `{LORA_ID}` (HTTP 404)" in out
    assert f"### Breaking\n\n- `{LORA_ID}`: model removed\n" in out
    assert output_tree(root) == before

    code, out, err = sync(capsys, root, "--prune")
    assert code == 0, err
    assert f"BREAKING  {LORA_ID}: model removed" in out
    assert f"removing {LORA_ID}.model.json" in err
    assert not (upstream / f"{LORA_ID}.model.json").exists()
    assert not (root / "schemas" / f"{LORA_ID}.schema.json").exists()
    assert (upstream / "sources.txt").read_text(encoding="utf-8") == listing.replace(
        f"{LORA_ID}\n", ""
    )
    entry = last_entry(root)
    assert f"Model gone from the API, its definition removed: `{LORA_ID}` (HTTP 404)" in entry
    assert f"- `{LORA_ID}`: model removed" in entry
    assert schema(root, TRELLIS_2_ID)["x-scenario"]["source"] == "page+api"  # type: ignore[index]
    assert check(capsys, root) == 0
    code, _, err = sync(capsys, root, "--check")
    assert code == 0 and "upstream unchanged" in err


def test_a_model_never_saved_that_is_gone_only_loses_its_line_when_pruned(
    site: Loopback, api: ModelsStandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path, "model_never-was")
    listing = root / "upstream" / "sources.txt"
    text = listing.read_text(encoding="utf-8")
    code, out, err = sync(capsys, root)
    assert (code, out) == (0, "no changes (semver: none)\n"), err
    assert "model gone: model_never-was: no such model" in err
    assert "no definition saved (--prune removes its line from sources.txt)" in err
    code, _, err = sync(capsys, root, "--prune")
    assert code == 0, err
    assert listing.read_text(encoding="utf-8") == text.replace("model_never-was\n", "")
    assert not (root / "CHANGELOG.md").exists()  # no model changed
    assert check(capsys, root) == 0


@pytest.mark.parametrize("failure", ["403", "401", "network", "unusable definition"])
def test_a_model_that_cannot_be_had_changes_nothing(
    failure: str,
    site: Loopback,
    api: ModelsStandIn,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = project(tmp_path, LORA_ID, TRELLIS_2_ID)
    assert sync(capsys, root)[0] == 0
    # Upstream changed elsewhere too: the page and the other model, neither applied.
    site.routes[SEED_PATH] = served(SEED_PAGE.read_bytes().replace(b"Trellis 2", b"Trellis II"))
    api.add(changed(LORA, "prompt", maxLength=10))
    if failure == "403":
        api.forbidden.add(TRELLIS_2_ID)
        expected = [
            f"{TRELLIS_2_ID}: access denied: these credentials cannot read this model "
            "(HTTP 403: You do not have access to this model)"
        ]
    elif failure == "401":
        monkeypatch.setenv("SCENARIO_SDK_API_SECRET", "wrong")
        why = "not authenticated: check SCENARIO_SDK_API_KEY and SCENARIO_SDK_API_SECRET"
        expected = [f"{m}: {why} (HTTP 401: Unauthorized)" for m in (LORA_ID, TRELLIS_2_ID)]
    elif failure == "network":
        base = f"http://127.0.0.1:{closed_port()}/v1"
        monkeypatch.setenv("SCENARIO_BASE_URL", base)
        expected = [f"{m}: cannot reach {base}" for m in (LORA_ID, TRELLIS_2_ID)]
    else:
        broken = changed(trellis_2(), "seed", min=10, max=1)
        api.models[TRELLIS_2_ID] = broken  # as served: the SDK's types take it
        expected = [f"{TRELLIS_2_ID}: its definition cannot make a schema: "]
    before = output_tree(root)
    code, out, err = sync(capsys, root)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert lines[-1] == "scenario-codegen: sync changed nothing"
    failures = [line.removeprefix("scenario-codegen: fetch failed: ") for line in lines[:-1]]
    assert len(failures) == len(expected)
    assert all(line.startswith(words) for line, words in zip(failures, expected, strict=True))
    assert output_tree(root) == before
    if failure != "network":  # the SDK's retries take their time
        assert sync(capsys, root, "--check")[0] == 2


NO_CREDENTIALS = (
    "no credentials: set SCENARIO_SDK_API_KEY and SCENARIO_SDK_API_SECRET (or SCENARIO_SDK_JWT)"
)
NO_SDK = "scenario-sdk is not installed: pip install 'scenario-codegen[api]'"


@pytest.mark.parametrize("missing", ["credentials", "scenario-sdk"])
def test_without_credentials_a_listed_model_is_one_line_and_no_request(
    missing: str,
    site: Loopback,
    api: ModelsStandIn,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = project(tmp_path, LORA_ID, TRELLIS_2_ID)
    if missing == "credentials":
        for name in SDK_VARIABLES:
            monkeypatch.delenv(name, raising=False)
    else:
        monkeypatch.setitem(sys.modules, "scenario_sdk", None)  # import fails
    listing = root / "upstream" / "sources.txt"
    line = listing.read_text(encoding="utf-8").splitlines().index(LORA_ID) + 1
    before = output_tree(root)
    capsys.readouterr()
    for args in ((), ("--check",)):
        code, out, err = sync(capsys, root, *args)
        assert (code, out) == (2, "")
        why = NO_CREDENTIALS if missing == "credentials" else NO_SDK
        assert err.startswith(
            f"{listing}:{line}: {LORA_ID} (and 1 more Model IDs): read from the API, {why}"
        )
        assert err.count("\n") == 1
    assert site.seen == [] and api.requests == []
    assert output_tree(root) == before


def test_sync_sends_the_project_id_with_each_listed_model(
    site: Loopback, api: ModelsStandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path, LORA_ID, TRELLIS_2_ID)
    code, _out, err = sync(capsys, root, "--check", "--project-id", "proj_1")
    assert code == 1, err
    assert sorted(r.path for r in api.requests) == [
        f"/v1/models/{LORA_ID}?projectId=proj_1",
        f"/v1/models/{TRELLIS_2_ID}?projectId=proj_1",
    ]


def test_an_entry_for_pages_and_definitions_names_both(
    site: Loopback, api: ModelsStandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path, LORA_ID)
    assert sync(capsys, root)[0] == 0
    page = SEED_PAGE.read_bytes().replace(b"2026-04-09", b"2026-05-01")
    site.routes[SEED_PATH] = served(page.replace(b"Trellis 2", b"Trellis II"))
    api.add(changed(LORA, "prompt", maxLength=10))
    code, _out, err = sync(capsys, root)
    assert code == 0, err
    entry = last_entry(root)
    heading = "## Scenario docs of 2026-05-01 and API model definitions (semver: major)"
    assert entry.startswith(f"\n{heading}\n"), entry


def test_a_list_of_pages_alone_needs_no_credentials(
    site: Loopback,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in SDK_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    root = project(tmp_path)
    code, out, err = sync(capsys, root)
    assert (code, out) == (0, "no changes (semver: none)\n"), err
    assert err.endswith("scenario-codegen: 0 of 1 pages changed; nothing to build\n")


def test_fetch_models_without_ids_reads_those_of_the_list(
    api: ModelsStandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    (upstream / "sources.txt").write_text(
        f"https://docs.example.com/a/index.md\n{LORA_ID}  # ours\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "fetch-models", "--into", str(upstream))
    assert code == 0, err
    assert err == f"scenario-codegen: {upstream / (LORA_ID + '.model.json')}: new\n"
    (upstream / "sources.txt").write_text("https://docs.example.com/a/index.md\n")
    code, _, err = run(capsys, "fetch-models", "--into", str(upstream))
    assert code == 2
    assert err == (
        f"{upstream / 'sources.txt'}:0: expected Model IDs (given, or listed here), found none\n"
    )
