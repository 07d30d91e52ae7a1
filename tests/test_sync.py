"""`sync` end to end: a loopback server serves changed pages into a temporary project."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.pages.model import Model, Param
from tests.api_models import LORA, LORA_ID
from tests.conftest import SEED_PAGE, output_tree
from tests.loopback import Loopback, Route, serve
from tests.models_standin import save_definition
from tests.pages import page

PAGE_PATH = "/docs/acme.md"


def param(name: str, type_: str = "number", **fields: Any) -> Param:
    return Param(name, type_, fields.pop("required", False), "A parameter.", 1, **fields)


def model(model_id: str, name: str, *params: Param) -> Model:
    return Model(model_id, name, "A model.", ("txt2img",), "Acme", "image generation", params, 1)


V1 = page(
    [
        model("model_alpha", "Alpha", param("seed", maximum=100)),
        model("model_beta", "Beta", param("steps", minimum=1, maximum=50)),
    ],
    date="2026-01-02",
).encode()
V2 = page(
    [
        model("model_beta", "Beta", param("steps", minimum=1, maximum=20)),
        model("model_gamma", "Gamma", param("prompt", "string", required=True)),
    ],
    date="2026-02-03",
).encode()
V1_NEW_DATE = V1.replace(b"Last updated: 2026-01-02", b"Last updated: 2026-03-04")
V1_WIDER = V1.replace(b"| 50 |", b"| 60 |")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Loopback]:
    with serve(monkeypatch) as loopback:
        yield loopback


def project(root: Path, server: Loopback, first: bytes = V1, name: str = "acme.md") -> Path:
    """A project with one page and its sources.txt, generated once."""
    (root / "upstream").mkdir(parents=True)
    (root / "upstream" / name).write_bytes(first)
    (root / "upstream" / "sources.txt").write_text(
        f"# test\n{server.url(PAGE_PATH)}  {name}\n", encoding="utf-8"
    )
    assert main(["generate", "--upstream", str(root / "upstream"), "--out", str(root)]) == 0
    return root


def sync(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["sync", "--upstream", str(root / "upstream"), "--out", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def check(capsys: pytest.CaptureFixture[str], root: Path) -> int:
    code = main(["check", "--upstream", str(root / "upstream"), "--out", str(root)])
    capsys.readouterr()
    return code


def tree(root: Path) -> dict[str, bytes]:
    return output_tree(root)


def test_sync_fetches_diffs_generates_and_appends_the_entry(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path, server)
    server.routes[PAGE_PATH] = Route(V2, etag='"v2"')
    code, out, err = sync(capsys, root)
    assert code == 0, err
    assert (root / "upstream" / "acme.md").read_bytes() == V2
    assert not (root / "schemas" / "model_alpha.schema.json").exists()
    assert (root / "schemas" / "model_gamma.schema.json").exists()
    assert check(capsys, root) == 0
    assert out.splitlines() == [
        "BREAKING  model_alpha: model removed",
        "BREAKING  model_beta steps: maximum narrowed: 50 -> 20",
        "minor     model_gamma: model added",
        "semver: major (3 changes: 2 breaking, 1 minor, 0 patch)",
    ]
    assert (root / "CHANGELOG.md").read_text(encoding="utf-8") == (
        "# Changelog\n\n"
        "## Scenario docs of 2026-02-03 (semver: major)\n\n"
        "### Breaking\n\n"
        "- `model_alpha`: model removed\n"
        "- `model_beta` `steps`: maximum narrowed: `50` -> `20`\n\n"
        "### Added\n\n"
        "- `model_gamma`: model added\n"
    )

    before = tree(root)
    code, out, _ = sync(capsys, root)
    assert server.seen[-1].headers["if-none-match"] == '"v2"'
    assert (code, out) == (0, "no changes (semver: none)\n")
    assert tree(root) == before  # no second entry, nothing rewritten


def test_an_existing_changelog_is_appended_to(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path, server)
    (root / "CHANGELOG.md").write_text("# Changelog\n\n## Earlier\n\nText.\n", encoding="utf-8")
    server.routes[PAGE_PATH] = Route(V1_WIDER)
    changelog = tmp_path / "elsewhere.md"
    changelog.write_text("# Mine\n", encoding="utf-8")
    code, _, _ = sync(capsys, root, "--changelog", str(changelog))
    assert code == 0
    assert changelog.read_text(encoding="utf-8") == (
        "# Mine\n\n"
        "## Scenario docs of 2026-01-02 (semver: minor)\n\n"
        "### Changed\n\n"
        "- `model_beta` `steps`: maximum widened: `50` -> `60`\n"
    )
    assert (root / "CHANGELOG.md").read_text(encoding="utf-8").endswith("Text.\n")


@pytest.mark.parametrize(("served", "expected"), [(V2, 1), (V1_WIDER, 0)])
def test_fail_on_breaking_applies_the_update_then_answers(
    server: Loopback,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    served: bytes,
    expected: int,
) -> None:
    root = project(tmp_path, server)
    server.routes[PAGE_PATH] = Route(served)
    assert sync(capsys, root, "--fail-on-breaking")[0] == expected
    assert (root / "upstream" / "acme.md").read_bytes() == served
    assert check(capsys, root) == 0


def test_a_date_only_change_updates_the_index_without_an_entry(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path, server)
    server.routes[PAGE_PATH] = Route(V1_NEW_DATE)
    code, out, _ = sync(capsys, root, "--fail-on-breaking")
    assert (code, out) == (0, "no changes (semver: none)\n")
    assert not (root / "CHANGELOG.md").exists()
    index = json.loads((root / "schemas" / "index.json").read_text(encoding="utf-8"))
    assert {m["source"]["lastUpdated"] for m in index["models"]} == {"2026-03-04"}
    assert check(capsys, root) == 0


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (Route(b"boom", status=503), "HTTP 503"),
        (Route(b"<html></html>", content_type="text/html"), "refused Content-Type text/html"),
    ],
    ids=["503", "html"],
)
def test_a_failed_fetch_changes_nothing(
    server: Loopback,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    route: Route,
    expected: str,
) -> None:
    root = project(tmp_path, server)
    server.routes[PAGE_PATH] = route
    before = tree(root)
    code, _, err = sync(capsys, root)
    assert code == 2
    assert f"fetch failed: {server.url(PAGE_PATH)}: {expected}" in err
    assert tree(root) == before


def test_a_page_that_does_not_parse_changes_nothing_and_names_its_url(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path, server)
    server.routes[PAGE_PATH] = Route(V2.replace(b"| number |", b"| numbr |"))
    before = tree(root)
    code, _, err = sync(capsys, root)
    assert code == 2
    [problem] = [line for line in err.splitlines() if "failed" in line]
    assert problem.startswith(
        f"scenario-codegen: fetch failed: {server.url(PAGE_PATH)}: "
        "not a model reference page: line 26: "
    )
    assert "found 'numbr'" in problem
    assert tree(root) == before


def test_a_hand_written_schema_is_not_reported_removed(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path, server)
    mine = {
        "title": "Mine",
        "type": "object",
        "properties": {"x": {"type": "string"}},
        "x-scenario": {"modelId": "model_mine"},
    }
    (root / "schemas" / "model_mine.schema.json").write_text(json.dumps(mine), encoding="utf-8")
    main(["generate", "--upstream", str(root / "upstream"), "--out", str(root)])
    server.routes[PAGE_PATH] = Route(V1_WIDER)
    code, out, _ = sync(capsys, root)
    assert code == 0
    assert "model_mine" not in out
    assert (root / "schemas" / "model_mine.schema.json").exists()


def test_the_seed_page_against_its_later_version(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str], scenario_docs: Path
) -> None:
    later = (scenario_docs / "microsoft__3d-generation__2026-07-29.md").read_bytes()
    root = tmp_path
    (root / "upstream").mkdir()
    shutil.copyfile(SEED_PAGE, root / "upstream" / "microsoft-3d.md")
    (root / "upstream" / "sources.txt").write_text(
        f"{server.url(PAGE_PATH)}  microsoft-3d.md\n", encoding="utf-8"
    )
    assert main(["generate", "--upstream", str(root / "upstream"), "--out", str(root)]) == 0
    server.routes[PAGE_PATH] = Route(later)
    code, _, _ = sync(capsys, root, "--fail-on-breaking")
    assert code == 1
    entry = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## Scenario docs of 2026-07-29 (semver: major)" in entry
    assert "- `model_trellis`: model removed" in entry
    assert check(capsys, root) == 0


def test_the_index_records_each_page_url_from_sources_txt(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path, server)
    (root / "upstream" / "other.md").write_bytes(V2)  # a page no listing names

    def urls() -> dict[str, str | None]:
        assert main(["generate", "--upstream", str(root / "upstream"), "--out", str(root)]) == 0
        index = json.loads((root / "schemas" / "index.json").read_text(encoding="utf-8"))
        return {m["modelId"]: m["source"].get("url") for m in index["models"]}

    assert urls() == {
        "model_alpha": server.url(PAGE_PATH),
        "model_beta": None,  # on both pages: the later one, other.md, wins
        "model_gamma": None,
    }
    listing = root / "upstream" / "sources.txt"
    listing.write_text("https://docs.example.com/acme/index.md  acme.md\n", encoding="utf-8")
    assert urls()["model_alpha"] == "https://docs.example.com/acme/index.md"  # not a stale no-op
    assert check(capsys, root) == 0
    listing.write_text("https://docs.example.com/x.md  ../acme.md\n", encoding="utf-8")
    code = main(["generate", "--upstream", str(root / "upstream"), "--out", str(root)])
    assert code == 2
    assert f"{listing}:1: expected a plain page file name" in capsys.readouterr().err


def test_a_sync_keeps_the_models_of_the_definitions_beside_the_pages(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The staged build reads the folder's `*.model.json` too, listed in sources.txt or not
    (saved by fetch-models), so a page's change never drops the API models' schemas; and
    what is not a page there (a README) is no more read by sync than by generate."""
    root = project(tmp_path, server)
    upstream = root / "upstream"
    save_definition(upstream, LORA)
    (upstream / "README.md").write_text("# Our upstream inputs\n", encoding="utf-8")
    assert main(["generate", "--upstream", str(upstream), "--out", str(root)]) == 0
    lora = (root / "schemas" / f"{LORA_ID}.schema.json").read_bytes()
    server.routes[PAGE_PATH] = Route(V1_WIDER)
    code, out, err = sync(capsys, root)
    assert code == 0, err
    assert out.splitlines() == [
        "minor     model_beta steps: maximum widened: 50 -> 60",
        "semver: minor (1 change: 0 breaking, 1 minor, 0 patch)",
    ]
    assert (root / "schemas" / f"{LORA_ID}.schema.json").read_bytes() == lora
    assert check(capsys, root) == 0


def test_after_a_sync_check_and_generate_stop_after_hashing(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """sync records the build as generate does: the next check need not build again."""
    from generator.inputs import builtin_templates, input_paths
    from generator.output import incremental

    root = project(tmp_path, server)
    server.routes[PAGE_PATH] = Route(V2, etag='"v2"')
    assert sync(capsys, root)[0] == 0
    inputs = incremental.fingerprint(
        input_paths([root / "upstream"]), root, None, builtin_templates()
    )
    assert incremental.up_to_date(root, inputs)
    assert check(capsys, root) == 0
