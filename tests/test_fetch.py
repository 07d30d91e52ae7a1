"""`fetch`: conditional GET, limits, checks and atomic writes, against a loopback server."""

from __future__ import annotations

import argparse
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from generator.listing import check_filename, filename_for, read_listing, read_sources
from generator.pages.model import Model
from generator.problems import InputError
from generator.upstream.cache import CACHE_FILE
from generator.upstream.http_get import _redirect_refusal
from generator.upstream.site import DEFAULT_DOCS_URL, DOCS_URL_VARIABLE, via_mirror
from tests.loopback import Loopback, Route, closed_port, serve
from tests.pages import page

PAGE = page([Model("model_a", "A", None, ("txt2img",), "Acme", "image generation", (), 1)]).encode()
LATER = PAGE.replace(b"Last updated: 2026-01-02", b"Last updated: 2026-02-03")
OLD = b"the old copy\n"
DATE = "Wed, 29 Jul 2026 10:00:00 GMT"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Loopback]:
    with serve(monkeypatch) as loopback:
        yield loopback


def fetch(capsys: pytest.CaptureFixture[str], into: Path, *args: str) -> tuple[int, str]:
    code = main(["fetch", "--into", str(into), *args])
    return code, capsys.readouterr().err


def leftovers(folder: Path) -> list[str]:
    """Temporary files an interrupted write would leave behind."""
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith(".") and p.name != CACHE_FILE
    )


# Conditional GET ------------------------------------------------------------------------


def test_200_then_304_with_etag(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/docs/acme.md"] = Route(PAGE, etag='"v1"')
    url = server.url("/docs/acme.md")
    code, err = fetch(capsys, tmp_path, url)
    assert (code, (tmp_path / "acme.md").read_bytes()) == (0, PAGE)
    assert "acme.md: new" in err
    assert "if-none-match" not in server.seen[0].headers
    cache = json.loads((tmp_path / CACHE_FILE).read_text())["pages"]["acme.md"]
    assert cache["etag"] == '"v1"' and cache["url"] == url

    code, err = fetch(capsys, tmp_path, url)
    assert code == 0
    assert server.seen[1].headers["if-none-match"] == '"v1"'
    assert "acme.md: unchanged" in err
    assert (tmp_path / "acme.md").read_bytes() == PAGE


def test_304_with_last_modified(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/acme.md"] = Route(PAGE, last_modified=DATE)
    assert fetch(capsys, tmp_path, server.url("/acme.md"))[0] == 0
    code, err = fetch(capsys, tmp_path, server.url("/acme.md"))
    assert server.seen[1].headers["if-modified-since"] == DATE
    assert (code, "acme.md: unchanged" in err) == (0, True)


def test_a_changed_page_is_replaced_and_its_new_etag_kept(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/acme.md"] = Route(PAGE, etag='"v1"')
    fetch(capsys, tmp_path, server.url("/acme.md"))
    server.routes["/acme.md"] = Route(LATER, etag='"v2"')
    code, err = fetch(capsys, tmp_path, server.url("/acme.md"))
    assert (code, "acme.md: updated" in err) == (0, True), err
    assert (tmp_path / "acme.md").read_bytes() == LATER
    assert json.loads((tmp_path / CACHE_FILE).read_text())["pages"]["acme.md"]["etag"] == '"v2"'
    assert leftovers(tmp_path) == []


def test_a_page_edited_by_hand_is_downloaded_in_full(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/acme.md"] = Route(PAGE, etag='"v1"')
    fetch(capsys, tmp_path, server.url("/acme.md"))
    (tmp_path / "acme.md").write_bytes(b"edited\n")
    code, err = fetch(capsys, tmp_path, server.url("/acme.md"))
    assert "if-none-match" not in server.seen[1].headers
    assert (code, (tmp_path / "acme.md").read_bytes()) == (0, PAGE)
    assert "acme.md: updated" in err


# Failures leave the old copy ------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (Route(b"boom", status=500), "HTTP 500"),
        (Route(b"<html></html>", content_type="text/html"), "refused Content-Type text/html"),
        (Route(PAGE, content_type=None), "no Content-Type"),
        (Route(PAGE, content_type="text/plain; charset=iso-8859-1"), "refused charset iso-8859-1"),
        (Route(b"caf\xe9\n"), "expected UTF-8 text, found byte 0xe9 on line 1"),
        (Route(b"  \n"), "empty page"),
        (Route(b"x" * 2000), "2000 bytes, over the limit of 1000"),
        (Route(b"x" * 2000, send_length=False), "more than 1000 bytes"),
    ],
    ids=[
        "500",
        "html",
        "no-type",
        "latin-1",
        "not-utf8",
        "empty",
        "too-large",
        "too-large-unannounced",
    ],
)
def test_a_failed_fetch_names_the_url_and_keeps_the_old_copy(
    server: Loopback,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    route: Route | None,
    expected: str,
) -> None:
    if route is not None:
        server.routes["/acme.md"] = route
    (tmp_path / "acme.md").write_bytes(OLD)
    url = server.url("/acme.md")
    code, err = fetch(capsys, tmp_path, url, "--max-bytes", "1000")
    assert code == 2
    [line] = [line for line in err.splitlines() if "failed" in line]
    assert line.startswith(f"scenario-codegen: fetch failed: {url}: ")
    assert expected in line
    assert line.endswith("kept the old copy")
    assert (tmp_path / "acme.md").read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.md"]  # no temp file, no cache


def test_a_silent_server_times_out(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/acme.md"] = Route(PAGE, hang=True)
    (tmp_path / "acme.md").write_bytes(OLD)
    code, err = fetch(capsys, tmp_path, server.url("/acme.md"), "--timeout", "0.2")
    assert code == 2
    assert f"{server.url('/acme.md')}: no answer within 0.2 s" in err
    assert (tmp_path / "acme.md").read_bytes() == OLD


def test_a_trickling_server_hits_the_total_timeout(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each byte comes well within the timeout; the whole page does not."""
    server.routes["/acme.md"] = Route(PAGE, trickle=True)
    (tmp_path / "acme.md").write_bytes(OLD)
    code, err = fetch(capsys, tmp_path, server.url("/acme.md"), "--timeout", "0.25")
    assert code == 2
    assert "not complete within 0.25 s" in err
    assert (tmp_path / "acme.md").read_bytes() == OLD


def test_an_unreachable_host_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{closed_port()}/acme.md"
    (tmp_path / "acme.md").write_bytes(OLD)
    code, err = fetch(capsys, tmp_path, url, "--timeout", "2")
    assert code == 2
    assert f"scenario-codegen: fetch failed: {url}: cannot connect:" in err
    assert (tmp_path / "acme.md").read_bytes() == OLD


def test_one_failure_does_not_stop_the_others(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/a.md"] = Route(PAGE)
    code, err = fetch(capsys, tmp_path, server.url("/missing.md"), server.url("/a.md"))
    assert code == 2
    assert (tmp_path / "a.md").read_bytes() == PAGE
    assert not (tmp_path / "missing.md").exists()
    assert "page gone: " + server.url("/missing.md") + ": HTTP 404 Not Found" in err


def test_redirects_to_http_are_followed_and_others_refused(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def redirect(location: str) -> Route:
        return Route(status=301, headers={"Location": location}, content_type=None)

    server.routes["/moved.md"] = redirect("/acme.md")
    server.routes["/acme.md"] = Route(PAGE)
    server.routes["/ftp.md"] = redirect("ftp://example.com/x.md")
    server.routes["/file.md"] = redirect("file:///etc/passwd")
    assert fetch(capsys, tmp_path, server.url("/moved.md"))[0] == 0
    assert (tmp_path / "moved.md").read_bytes() == PAGE
    code, err = fetch(capsys, tmp_path, server.url("/ftp.md"))
    assert (code, "refused a redirect to 'ftp://example.com/x.md'" in err) == (2, True)
    code, err = fetch(capsys, tmp_path, server.url("/file.md"))
    assert (code, "refused a redirect to 'file:///etc/passwd'" in err) == (2, True)
    assert sorted(p.name for p in tmp_path.glob("*.md")) == ["moved.md"]


def test_a_replaced_page_keeps_its_permissions(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "acme.md"
    page.write_bytes(OLD)
    page.chmod(0o444)
    server.routes["/acme.md"] = Route(PAGE)
    assert fetch(capsys, tmp_path, server.url("/acme.md"))[0] == 0
    assert page.read_bytes() == PAGE
    assert stat.S_IMODE(os.stat(page).st_mode) == 0o444


# Where pages go -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://docs.example.com/models/microsoft-3d.md", "microsoft-3d.md"),
        ("https://docs.example.com/models/microsoft/index.md", "microsoft.md"),
        ("https://docs.example.com/models/microsoft/", "microsoft.md"),
        ("https://docs.example.com/models/google?page=2#x", "google.md"),
        ("https://docs.example.com/a/..", "a.md"),
        ("https://docs.example.com/a/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "etc-passwd.md"),
        ("https://docs.example.com/..%5c..%5cwin.md", "win.md"),
        ("https://docs.example.com/", "docs.example.com.md"),
        ("https://docs.example.com/caf%C3%A9 page.txt", "caf-page.md"),
        ("https://docs.example.com/.hidden.md", "hidden.md"),
        ("https://docs.example.com/a..b.md", "a.b.md"),
    ],
)
def test_the_file_name_comes_safely_from_the_url(url: str, name: str) -> None:
    assert filename_for(url) == name
    assert check_filename(name) is None


def test_sources_file_format(tmp_path: Path) -> None:
    listing = tmp_path / "sources.txt"
    listing.write_text(
        "# a comment\n\n"
        "https://docs.example.com/a.md\n"
        "  https://docs.example.com/b/index.md   bee.md   # named\n"
        "https://docs.example.com/c.md#fragment\n",
        encoding="utf-8",
    )
    assert [(s.url, s.filename) for s in read_sources(listing)] == [
        ("https://docs.example.com/a.md", "a.md"),
        ("https://docs.example.com/b/index.md", "bee.md"),
        ("https://docs.example.com/c.md#fragment", "c.md"),
    ]


def test_sources_list_model_ids_that_no_url_can_be_taken_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "sources.txt"
    listing.write_text(
        "https://docs.example.com/a.md\n"
        "model_abc123   # our LoRA\n"
        "  model_trellis-2\n"
        "model_abc123\n"  # twice is once
        "https://docs.example.com/model_x/index.md\n",
        encoding="utf-8",
    )
    found = read_listing(listing)
    assert [(s.url, s.filename) for s in found.pages] == [
        ("https://docs.example.com/a.md", "a.md"),
        ("https://docs.example.com/model_x/index.md", "model_x.md"),
    ]
    assert [(m.model_id, m.line) for m in found.models] == [
        ("model_abc123", 2),
        ("model_trellis-2", 3),
    ]
    assert read_sources(listing) == found.pages  # fetch, discovery and the index: pages only

    listing.write_text("model_abc123\n", encoding="utf-8")
    code, err = fetch(capsys, tmp_path)
    assert code == 2
    assert err.strip() == (
        f"{listing}:0: expected page URLs, found none "
        "(its Model IDs are read by `sync` and `fetch-models`)"
    )


def test_a_line_neither_url_nor_model_id_is_refused_by_line(tmp_path: Path) -> None:
    listing = tmp_path / "sources.txt"
    listing.write_text(
        "docs.scenario.com/get-started/index.md\n"
        "model_abc123 abc.model.json\n"
        "model:model_abc123\n"
        "model_../../etc\n"
        "Model_abc123\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as raised:
        read_listing(listing)
    assert [(p.line, p.message) for p in raised.value.problems] == [
        (
            1,
            "expected a page URL (http:// or https://) or a Model ID (model_..., letters, "
            "digits, `._-`), found 'docs.scenario.com/get-started/index.md'",
        ),
        (
            2,
            "expected a Model ID alone on its line (its definition is saved as "
            "model_abc123.model.json), found 'abc.model.json' after it",
        ),
        (
            3,
            "expected a page URL (http:// or https://) or a Model ID (model_..., letters, "
            "digits, `._-`), found 'model:model_abc123'",
        ),
        (
            4,
            "expected a page URL (http:// or https://) or a Model ID (model_..., letters, "
            "digits, `._-`), found 'model_../../etc'",
        ),
        (
            5,
            "expected a page URL (http:// or https://) or a Model ID (model_..., letters, "
            "digits, `._-`), found 'Model_abc123'",
        ),
    ]


def test_bad_sources_are_exit_2_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "sources.txt"
    listing.write_text(
        "https://ok.example.com/a.md\n"
        "ftp://example.com/b.md\n"
        "https://ok.example.com/c.md ../c.md\n"
        "https://ok.example.com/d.md sub/d.md\n"
        "https://ok.example.com/e.md e.md extra\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as raised:
        read_sources(listing)
    assert [(p.line, p.message.split(",")[0]) for p in raised.value.problems] == [
        (2, "expected an http:// or https:// URL"),
        (3, "expected a plain page file name (letters"),
        (4, "expected a plain page file name (letters"),
        (5, "expected `URL` or `URL filename.md`"),
    ]
    code, err = fetch(capsys, tmp_path)
    assert code == 2
    assert f"{listing}:2: expected an http:// or https:// URL" in err


def test_urls_default_to_the_sources_file_of_the_folder(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/x/index.md"] = Route(PAGE)
    (tmp_path / "sources.txt").write_text(
        f"{server.url('/x/index.md')}  named.md\n", encoding="utf-8"
    )
    assert fetch(capsys, tmp_path)[0] == 0
    assert (tmp_path / "named.md").read_bytes() == PAGE


def test_no_urls_at_all_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sources.txt").write_text("# nothing yet\n", encoding="utf-8")
    code, err = fetch(capsys, tmp_path)
    assert (code, f"{tmp_path / 'sources.txt'}:0: expected page URLs, found none" in err) == (
        2,
        True,
    )
    code, err = fetch(capsys, tmp_path / "elsewhere")
    assert (
        code,
        "sources.txt:0: expected a list of page URLs and Model IDs, found no such file" in err,
    ) == (
        2,
        True,
    )


def test_two_urls_for_one_file_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = fetch(capsys, tmp_path, "https://a.example.com/x.md", "https://b.example.com/x.md")
    assert code == 2
    assert "would both write x.md" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "https://h:99999/a.md", "http:///a.md"])
def test_a_bad_url_argument_is_exit_2(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = fetch(capsys, tmp_path, url)
    assert code == 2
    assert f"command line:0: expected an http:// or https:// URL, found {url!r}" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "option",
    [
        "--timeout=0",
        "--timeout=-1",
        "--timeout=x",
        "--timeout=nan",
        "--timeout=inf",
        "--timeout=-inf",
        "--timeout=1e999",
        "--max-bytes=-1",
        "--max-bytes=0",
        "--max-bytes=1.5",
    ],
)
@pytest.mark.parametrize("command", ["fetch", "sync"])
def test_limits_that_make_no_sense_are_usage_errors(
    command: str, option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        main([command, option])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    [message] = [line for line in err.splitlines() if "error:" in line]
    assert f"argument {option.split('=')[0]}: expected " in message
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# The hardened exchange ------------------------------------------------------------------


def _redirect(location: str, status: int = 302) -> Route:
    return Route(status=status, headers={"Location": location}, content_type=None)


def test_a_few_same_host_redirects_at_most(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for hop in range(7):
        server.routes[f"/r{hop}"] = _redirect(f"/r{hop + 1}", (301, 302, 303, 307, 308)[hop % 5])
    server.routes["/r5"] = Route(PAGE)
    server.routes["/r7"] = Route(PAGE)
    assert fetch(capsys, tmp_path, server.url("/r0"))[0] == 0  # five redirects
    code, err = fetch(capsys, tmp_path, server.url("/r1"), server.url("/r0"))
    assert code == 0
    server.routes["/r5"] = _redirect("/r6")
    code, err = fetch(capsys, tmp_path, server.url("/r0"))
    assert code == 2
    assert f"{server.url('/r0')}: more than 5 redirects" in err


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (Route(status=302, content_type=None), "HTTP 302 without a Location"),
        (
            Route(PAGE, headers={"Content-Encoding": "gzip"}),
            "refused Content-Encoding gzip (none was asked for)",
        ),
        (
            Route(PAGE, send_length=False, headers={"Content-Length": "100000"}),
            f"connection closed after {len(PAGE)} of 100000 bytes",
        ),
        (
            Route(PAGE, status=200, content_type="text/markdown; charset=utf-16"),
            "refused charset utf-16; expected UTF-8",
        ),
    ],
    ids=["no-location", "gzip", "short-body", "utf-16"],
)
def test_odd_answers_are_one_line_each(
    route: Route,
    expected: str,
    server: Loopback,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server.routes["/acme.md"] = route
    (tmp_path / "acme.md").write_bytes(OLD)
    code, err = fetch(capsys, tmp_path, server.url("/acme.md"))
    assert code == 2
    assert err.splitlines() == [
        f"scenario-codegen: fetch failed: {server.url('/acme.md')}: {expected}; kept the old copy"
    ]
    assert (tmp_path / "acme.md").read_bytes() == OLD


def test_a_server_chosen_reason_is_one_printable_line(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/acme.md"] = Route(b"x", status=500, headers={"X-Note": "a\x1b[31mred"})
    code, err = fetch(capsys, tmp_path, server.url("/acme.md"))
    assert code == 2
    assert len(err.splitlines()) == 1
    assert "\x1b" not in err


def test_a_page_that_does_not_parse_keeps_the_good_copy(
    server: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/acme.md"] = Route(PAGE.replace(b"**Model ID:**", b"**Model:**"))
    (tmp_path / "acme.md").write_bytes(PAGE)
    code, err = fetch(capsys, tmp_path, server.url("/acme.md"))
    assert code == 2
    [line] = err.splitlines()
    assert line.startswith(
        f"scenario-codegen: fetch failed: {server.url('/acme.md')}: not a model reference page: line "
    )
    assert (tmp_path / "acme.md").read_bytes() == PAGE


@pytest.mark.parametrize(
    ("source", "target", "refusal"),
    [
        ("http://a.example/x", "http://a.example/y", None),
        ("http://a.example/x", "https://a.example/y", None),
        ("http://a.example:8080/x", "https://a.example/y", None),
        ("https://a.example/x", "https://a.example:443/y", None),
        ("https://a.example/x", "http://a.example/y", "another port or a downgrade to http"),
        (
            "http://a.example:8080/x",
            "http://a.example:8081/y",
            "another port or a downgrade to http",
        ),
        ("http://a.example/x", "http://b.example/x", "another host"),
        ("http://a.example/x", "http://a.example.evil/x", "another host"),
        ("http://a.example/x", "ftp://a.example/x", "not an http(s) URL"),
        ("http://a.example/x", "http://a.example:99999/x", "not a URL"),
    ],
)
def test_which_redirects_are_followed(source: str, target: str, refusal: str | None) -> None:
    assert _redirect_refusal(source, target) == refusal


def test_the_mirror_serves_the_default_host_only(
    server: Loopback,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(DOCS_URL_VARIABLE, server.url("/mirror/"))
    server.routes["/mirror/docs/a/index.md"] = _redirect("https://docs.scenario.com/docs/b.md")
    server.routes["/mirror/docs/b.md"] = Route(PAGE)
    server.routes["/direct.md"] = Route(LATER)
    code, err = fetch(
        capsys, tmp_path, "https://docs.scenario.com/docs/a/index.md", server.url("/direct.md")
    )
    assert code == 0, err
    assert (tmp_path / "a.md").read_bytes() == PAGE  # the redirect stayed on the mirror
    assert (tmp_path / "direct.md").read_bytes() == LATER
    assert [s.path for s in server.seen] == [
        "/mirror/docs/a/index.md",
        "/mirror/docs/b.md",
        "/direct.md",
    ]
    cache = json.loads((tmp_path / CACHE_FILE).read_text())["pages"]
    assert cache["a.md"]["url"] == "https://docs.scenario.com/docs/a/index.md"


@pytest.mark.parametrize(
    ("url", "mirrored"),
    [
        ("https://docs.scenario.com/a/index.md", "http://127.0.0.1:9/m/a/index.md"),
        ("http://docs.scenario.com/a?x=1", "http://127.0.0.1:9/m/a?x=1"),
        ("https://docs.scenario.com:8443/a", "https://docs.scenario.com:8443/a"),
        ("https://docs.scenario.com.evil/a", "https://docs.scenario.com.evil/a"),
        ("https://other.example/a", "https://other.example/a"),
    ],
)
def test_via_mirror(url: str, mirrored: str) -> None:
    assert via_mirror(url, "http://127.0.0.1:9/m") == mirrored
    assert via_mirror(url, DEFAULT_DOCS_URL) == url


@pytest.mark.parametrize("command", ["fetch", "sync", "diff"])
def test_help_says_every_default_and_describes_every_argument(command: str) -> None:
    from generator.cli import parser

    root = parser(command)
    [subparsers] = [a for a in root._actions if isinstance(a, argparse._SubParsersAction)]
    sub = subparsers.choices[command]
    for action in sub._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        assert action.help, f"{command} {action.dest} has no help"
        takes_value = action.nargs != 0 and action.option_strings
        if takes_value:
            assert "(default: " in action.help, f"{command} {action.dest}: {action.help}"
    text = sub.format_help()
    assert "contract" not in text.lower()
