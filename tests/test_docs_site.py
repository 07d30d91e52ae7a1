"""Keeping current against a loopback mirror of the docs site (tests/docs_site.py):
discovery, a first sync from the shipped sources.txt, a page changing, going away, a new
provider, a renamed one, and hostile servers that must leave the project as it was."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from generator.upstream.site import DOCS_URL_VARIABLE
from tests.conftest import ROOT, SCENARIO_DOCS, SEED_PAGE, output_tree, require_shared
from tests.docs_site import PAGE_LIST, SITE, SitePage, mirror, served, site_pages
from tests.loopback import Loopback, Route, serve

SEED_URL = (
    "https://docs.scenario.com/get-started/generation/3d-model-generation/"
    "3d-model-generation-microsoft/index.md"
)
SEED_PATH = "/get-started/generation/3d-model-generation/3d-model-generation-microsoft/index.md"


@pytest.fixture(scope="module")
def pages() -> list[SitePage]:
    require_shared(SITE)
    require_shared(PAGE_LIST)
    return site_pages()


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch, pages: list[SitePage]) -> Iterator[Loopback]:
    with serve(monkeypatch) as server:
        mirror(server, pages)
        monkeypatch.setenv(DOCS_URL_VARIABLE, server.url(""))
        yield server


def page_named(pages: list[SitePage], kind_slug: str, provider_slug: str) -> SitePage:
    [found] = [
        p
        for p in pages
        if (p.address.kind_slug, p.address.provider_slug) == (kind_slug, provider_slug)
    ]
    return found


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def shipped_project(root: Path, *extra_urls: str) -> Path:
    """The repository's own upstream/ (sources.txt and the seed page), plus sources."""
    shutil.copytree(ROOT / "upstream", root / "upstream")
    if extra_urls:
        with (root / "upstream" / "sources.txt").open("a", encoding="utf-8") as listing:
            listing.write("".join(f"{url}\n" for url in extra_urls))
    assert main(["generate", "--upstream", str(root / "upstream"), "--out", str(root)]) == 0
    return root


def sync(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    return run(capsys, "sync", "--upstream", str(root / "upstream"), "--out", str(root), *args)


def discover(
    capsys: pytest.CaptureFixture[str], into: Path, *args: str
) -> tuple[int, list[list[str]], str]:
    code, out, err = run(capsys, "fetch", "--discover", "--into", str(into), *args)
    rows = [line.split("  ") for line in out.splitlines()]
    table = [[cell.strip() for cell in row if cell.strip()] for row in rows]
    return code, table[1:], err


def check(capsys: pytest.CaptureFixture[str], root: Path) -> int:
    return run(capsys, "check", "--upstream", str(root / "upstream"), "--out", str(root))[0]


# Discovery ------------------------------------------------------------------------------


def test_discovery_lists_every_model_reference_page_and_nothing_else(
    site: Loopback, pages: list[SitePage], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, rows, err = discover(capsys, tmp_path)
    assert code == 0, err
    assert len(rows) == len(pages) == 100
    assert sorted(row[3] for row in rows) == sorted(p.url for p in pages)
    by_url = {p.url: p for p in pages}
    assert all(row[0] == by_url[row[3]].provider for row in rows)  # names as the site spells them
    assert all(row[1] == by_url[row[3]].address.kind for row in rows)
    assert {row[2] for row in rows} == {"no"}  # no sources.txt yet
    assert [row[1] for row in rows] == sorted(row[1] for row in rows)
    assert [s.path for s in site.seen] == ["/"]  # the navigation alone, no page fetched
    assert f"100 pages, 100 not in {tmp_path / 'sources.txt'}" in err


@pytest.mark.parametrize("kind", ["3d generation", "3d-model-generation", "3D  Generation"])
def test_discovery_by_kind(
    kind: str, site: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, rows, _ = discover(capsys, tmp_path, "--kind", kind)
    assert code == 0
    assert len(rows) == 14
    assert {row[1] for row in rows} == {"3d generation"}


@pytest.mark.parametrize("provider", ["Kuaishou Technology", "kuaishou-technology"])
def test_discovery_by_provider(
    provider: str, site: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, rows, _ = discover(capsys, tmp_path, "--provider", provider)
    assert (code, [row[:2] for row in rows]) == (0, [["Kuaishou Technology", "video generation"]])
    code, rows, _ = discover(capsys, tmp_path, "--provider", "Meta", "--kind", "audio-generation")
    assert (code, [row[:2] for row in rows]) == (0, [["Meta", "audio generation"]])
    code, rows, _ = discover(capsys, tmp_path, "--provider", "Meta")
    assert sorted(row[1] for row in rows) == [
        "3d generation",
        "audio generation",
        "image generation",
        "video generation",
    ]


def test_discovery_with_no_match_or_a_bad_kind(
    site: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, rows, err = discover(capsys, tmp_path, "--provider", "Nobody")
    assert (code, rows, err) == (1, [], "scenario-codegen: no model reference page matches\n")
    code, _, err = discover(capsys, tmp_path, "--kind", "4d generation")
    assert code == 2
    assert "--kind: expected one of 'image generation'" in err
    assert "found '4d generation'" in err


def test_discover_add_appends_what_sources_lacks_and_keeps_the_rest(
    site: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "upstream", tmp_path / "upstream")
    listing = tmp_path / "upstream" / "sources.txt"
    shipped = listing.read_bytes()
    code, rows, _ = discover(capsys, tmp_path / "upstream", "--kind", "3d generation")
    assert [row[0] for row in rows if row[2] == "yes"] == [
        "Microsoft"
    ]  # the seed, as microsoft-3d.md
    code, rows, err = discover(capsys, tmp_path / "upstream", "--kind", "3d generation", "--add")
    assert code == 0
    assert "14 pages, 13 added to" in err
    text = listing.read_bytes()
    assert text.startswith(shipped)
    added = text[len(shipped) :].decode().splitlines()
    assert added == sorted(row[3] for row in rows if row[2] == "no") or len(added) == 13
    assert SEED_URL not in added
    code, rows, err = discover(capsys, tmp_path / "upstream", "--kind", "3d generation", "--add")
    assert {row[2] for row in rows} == {"yes"}
    assert listing.read_bytes() == text  # nothing twice


def test_discover_add_creates_the_sources_file(
    site: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = discover(capsys, tmp_path, "--provider", "Pixelcut", "--add")
    listing = (tmp_path / "sources.txt").read_text(encoding="utf-8")
    assert code == 0
    assert listing.startswith("# The upstream pages")
    assert [line for line in listing.splitlines() if not line.startswith("#")] == [
        "https://docs.scenario.com/get-started/generation/background-removal-models/"
        "background-removal-models-pixelcut/index.md",
        "https://docs.scenario.com/get-started/generation/video-generation/"
        "video-generation-pixelcut/index.md",
    ]


def test_every_discovered_page_fetches_parses_and_matches_the_site(
    site: Loopback, pages: list[SitePage], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole catalog: discover, add, fetch; each page under its slug, byte for byte."""
    assert discover(capsys, tmp_path, "--add")[0] == 0
    code, _, err = run(capsys, "fetch", "--into", str(tmp_path))
    assert code == 0, err
    for page in pages:
        assert (tmp_path / page.file.name).read_bytes() == page.body()
    assert sorted(p.name for p in tmp_path.glob("*.md")) == sorted(p.file.name for p in pages)


def test_a_mirror_url_must_be_a_url(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(DOCS_URL_VARIABLE, "ftp://mirror")
    code, _, err = run(capsys, "fetch", "--discover", "--into", str(tmp_path))
    assert code == 2
    assert err == (
        f"{DOCS_URL_VARIABLE}:0: expected the base URL of a mirror of the docs site "
        "(http:// or https://), found 'ftp://mirror'\n"
    )


# Sync -----------------------------------------------------------------------------------


def test_a_first_sync_from_the_shipped_sources_then_the_seed_page_changes(
    site: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require_shared(SCENARIO_DOCS)
    root = shipped_project(tmp_path)
    site.routes[SEED_PATH] = served(SEED_PAGE.read_bytes())  # the site as on 2026-04-09
    before = output_tree(root)
    code, out, err = sync(capsys, root)
    assert (code, out) == (0, "no changes (semver: none)\n"), err
    assert site.seen[-1].path == SEED_PATH
    assert {
        p: b for p, b in output_tree(root).items() if p != "upstream/.fetch-cache.json"
    } == before
    index = json.loads((root / "schemas" / "index.json").read_text(encoding="utf-8"))
    assert {m["source"]["url"] for m in index["models"]} == {SEED_URL}

    later = (SCENARIO_DOCS / "microsoft__3d-generation__2026-07-29.md").read_bytes()
    site.routes[SEED_PATH] = served(later)
    before = output_tree(root)
    code, out, err = sync(capsys, root, "--check")
    assert code == 1, err
    assert out.startswith("## Scenario docs of 2026-07-29 (semver: major)\n")
    assert "- `model_trellis`: model removed\n" in out
    assert "upstream changed: microsoft-3d.md" in err
    assert output_tree(root) == before  # --check writes nothing

    code, out, err = sync(capsys, root, "--fail-on-breaking")
    assert code == 1, err
    assert "BREAKING  model_trellis: model removed" in out
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "### Breaking\n\n- `model_trellis`: model removed\n" in changelog
    assert (root / "upstream" / "microsoft-3d.md").read_bytes() == later
    assert not (root / "schemas" / "model_trellis.schema.json").exists()
    assert check(capsys, root) == 0

    code, out, err = sync(capsys, root, "--check")
    assert (code, out) == (0, ""), err
    assert "upstream unchanged" in err


def test_a_page_going_away_is_kept_until_pruned(
    site: Loopback, pages: list[SitePage], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    voxels = page_named(pages, "3d-model-generation", "scenario")
    root = shipped_project(tmp_path, voxels.url)
    site.routes[SEED_PATH] = served(SEED_PAGE.read_bytes())
    assert sync(capsys, root)[0] == 0
    assert (root / "schemas" / "model_scenario-voxels.schema.json").exists()
    listing = (root / "upstream" / "sources.txt").read_text(encoding="utf-8")

    site.routes[voxels.path] = Route(b"gone", status=410, content_type="text/plain")
    before = output_tree(root)
    code, out, err = sync(capsys, root)
    assert code == 0, err
    message = f"page gone: {voxels.url}: HTTP 410 Gone; kept it and its models"
    assert message in err, err
    assert "no changes" in out
    assert {p: b for p, b in output_tree(root).items() if p != "upstream/.fetch-cache.json"} == {
        p: b for p, b in before.items() if p != "upstream/.fetch-cache.json"
    }

    del site.routes[voxels.path]  # now a 404
    code, out, err = sync(capsys, root, "--check", "--prune")
    assert code == 1
    assert "- `model_scenario-voxels`: model removed" in out
    assert output_tree(root) == before

    code, out, err = sync(capsys, root, "--prune")
    assert code == 0, err
    assert "BREAKING  model_scenario-voxels: model removed" in out
    assert not (root / "upstream" / voxels.file.name).exists()
    assert not (root / "schemas" / "model_scenario-voxels.schema.json").exists()
    assert (root / "upstream" / "sources.txt").read_text(encoding="utf-8") == listing.replace(
        f"{voxels.url}\n", ""
    )
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    entry = changelog[changelog.rindex("\n## ") :]
    assert f"Page gone upstream, its models removed: `{voxels.url}` (HTTP 404 Not Found)" in entry
    assert "### Breaking\n\n- `model_scenario-voxels`: model removed\n" in entry
    assert check(capsys, root) == 0
    assert sync(capsys, root, "--check")[0] == 0


def test_a_new_provider_in_the_navigation(
    site: Loopback, pages: list[SitePage], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newcomer = page_named(pages, "3d-model-generation", "yvo3d")
    mirror(site, [p for p in pages if p != newcomer])
    root = shipped_project(tmp_path)
    site.routes[SEED_PATH] = served(SEED_PAGE.read_bytes())
    assert discover(capsys, root / "upstream", "--provider", "YVO3D")[0] == 1

    mirror(site, pages)  # YVO3D appears
    site.routes[SEED_PATH] = served(SEED_PAGE.read_bytes())
    code, rows, _ = discover(capsys, root / "upstream", "--kind", "3d generation")
    assert ["YVO3D", "3d generation", "no", newcomer.url] in rows
    assert discover(capsys, root / "upstream", "--provider", "yvo3d", "--add")[0] == 0
    code, out, err = sync(capsys, root)
    assert code == 0, err
    assert out.splitlines()[-1].startswith("semver: minor")
    assert all(line.startswith(("minor", "semver")) for line in out.splitlines())
    assert (root / "upstream" / newcomer.file.name).read_bytes() == newcomer.body()
    assert check(capsys, root) == 0


def test_a_renamed_provider_goes_through_the_duplicate_rule(
    site: Loopback, pages: list[SitePage], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pixa became Pixelcut: the same Model ID on a new page with a later date."""
    pixa = page_named(pages, "background-removal-models", "pixa")
    pixelcut = page_named(pages, "background-removal-models", "pixelcut")
    root = shipped_project(tmp_path, pixa.url)
    site.routes[SEED_PATH] = served(SEED_PAGE.read_bytes())
    assert sync(capsys, root)[0] == 0
    assert (
        discover(
            capsys,
            root / "upstream",
            "--kind",
            "background removal",
            "--provider",
            "pixelcut",
            "--add",
        )[0]
        == 0
    )

    code, out, err = sync(capsys, root)
    assert code == 0, err
    assert "'model_pixa-background-removal' is also on" in err  # the parser's rule, as a warning
    assert (root / "upstream" / pixelcut.file.name).read_bytes() == pixelcut.body()
    assert 'model_pixa-background-removal: provider changed: "Pixa" -> "Pixelcut"' in out
    assert (
        'model_pixa-background-removal: page changed: "background-removal-models-pixa.md" -> '
        '"background-removal-models-pixelcut.md"'
    ) in out
    entry = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "### Docs" in entry and "provider changed" in entry

    del site.routes[pixa.path]
    code, out, err = sync(capsys, root, "--prune")
    assert code == 0, err
    assert "model removed" not in out  # its one model lives on, on Pixelcut's page
    assert not (root / "upstream" / pixa.file.name).exists()
    assert (root / "schemas" / "model_pixa-background-removal.schema.json").exists()
    assert check(capsys, root) == 0


# Hostile servers ------------------------------------------------------------------------


def _hostile(site: Loopback, other: Loopback, behaviour: str) -> str:
    """Make the seed page's URL misbehave; the expected words of the one-line failure."""
    routes = site.routes
    if behaviour == "trickled headers":
        routes[SEED_PATH] = Route(SEED_PAGE.read_bytes(), trickle_headers=0.05)
        return "not complete within 0.5 s"
    if behaviour == "redirect to another host":
        other.routes[SEED_PATH] = served(SEED_PAGE.read_bytes().replace(b"Trellis 2", b"Evil 2"))
        routes[SEED_PATH] = Route(status=302, headers={"Location": other.url(SEED_PATH)})
        return f"refused a redirect to '{other.url(SEED_PATH)}': another host"
    if behaviour == "login page":
        login = b"<html><body><form action='/login'>Sign in to continue</form></body></html>\n"
        routes[SEED_PATH] = Route(login, content_type="text/plain; charset=utf-8")
        return "not a model reference page: line 1: expected YAML front matter"
    if behaviour == "huge body":
        routes[SEED_PATH] = Route(b"x" * 1024, content_type="text/markdown", endless=True)
        return "more than 5242880 bytes, over the limit"
    assert behaviour == "redirect loop"
    routes[SEED_PATH] = Route(status=301, headers={"Location": "/loop/a"})
    routes["/loop/a"] = Route(status=302, headers={"Location": "/loop/b"})
    routes["/loop/b"] = Route(status=307, headers={"Location": SEED_PATH})
    return f"redirect loop: {site.url(SEED_PATH)} -> {site.url('/loop/a')}"


HOSTILE = [
    "trickled headers",
    "redirect to another host",
    "login page",
    "huge body",
    "redirect loop",
]


@pytest.fixture
def other_host(monkeypatch: pytest.MonkeyPatch) -> Iterator[Loopback]:
    with serve(monkeypatch, host="127.0.0.2") as server:
        yield server


@pytest.mark.parametrize("behaviour", HOSTILE)
@pytest.mark.parametrize("command", ["sync", "fetch"])
def test_a_hostile_server_changes_nothing(
    command: str,
    behaviour: str,
    site: Loopback,
    other_host: Loopback,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = shipped_project(tmp_path)
    expected = _hostile(site, other_host, behaviour)
    before = output_tree(root)
    started = time.monotonic()
    if command == "sync":
        code, _, err = sync(capsys, root, "--timeout", "0.5")
    else:
        code, _, err = run(capsys, "fetch", "--into", str(root / "upstream"), "--timeout", "0.5")
    elapsed = time.monotonic() - started
    assert code == 2
    [failure] = [line for line in err.splitlines() if "failed" in line]
    assert failure.startswith(f"scenario-codegen: fetch failed: {SEED_URL}: ")
    assert expected in failure
    assert output_tree(root) == before
    assert other_host.seen == []
    # The trickled headers would take 13 s; the deadline ends the exchange (margin for CI).
    assert elapsed < 5
