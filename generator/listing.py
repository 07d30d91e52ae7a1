"""The list of upstream inputs (`upstream/sources.txt`): reading and checking it, and the
URL of each page for `schemas/index.json`. Every stage that reads it reads it here: the
build (each page's URL), `fetch` and `sync` (what to download); `upstream/sources.py`
changes it.

One input a line. A page: `URL [file name]`; without a file name, the name comes from the
URL's path, made safe; it never leaves the pages folder. A model definition read from the
API: its Model ID alone, `model_...` as the app and the API spell it, saved as
`<Model ID>.model.json`. A Model ID has no `:` and no `/`, a URL has `://`: neither can be
taken for the other. `#` starts a comment at a line's start or after a space (a URL may
hold `#`); blank lines are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.pages.grammar import SAFE_MODEL_ID
from generator.problems import InputError, Problem

SOURCES_FILE = "sources.txt"
SAFE_FILENAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,123}\.md")
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9._-]+")
_PAGE_SUFFIXES = (".md", ".markdown", ".mdx", ".txt")
_COMMENT = re.compile(r"(^|\s)#.*$")
MODEL_ID_PREFIX = "model_"


@dataclass(frozen=True)
class Source:
    url: str
    filename: str
    """The page's file name inside the folder it is fetched into."""


@dataclass(frozen=True)
class ListedModel:
    """A Model ID of the listing: a definition read from the API."""

    model_id: str
    line: int


@dataclass(frozen=True)
class Listing:
    pages: list[Source]
    models: list[ListedModel]
    """In listing order, each Model ID once."""


def filename_for(url: str) -> str:
    """A safe page file name from a URL's path: `.../docs/microsoft-3d.md` ->
    `microsoft-3d.md`, `.../microsoft/index.md` -> `microsoft.md`. Never a path."""
    parts = urlsplit(url)
    segments = [unquote(s) for s in parts.path.split("/") if s not in ("", ".", "..")]
    stems = [_strip_suffix(s) for s in segments]
    while len(stems) > 1 and stems[-1].lower() in ("index", "readme"):
        stems.pop()
    stem = _safe(stems[-1] if stems else "")
    if not stem:
        stem = _safe(parts.hostname or "") or "page"
    return stem[:120] + ".md"


def _safe(text: str) -> str:
    """Letters, digits and `._-` only, no `..`, no leading or trailing punctuation."""
    return re.sub(r"\.{2,}", ".", _UNSAFE_RUN.sub("-", text)).strip(".-_")


def _strip_suffix(segment: str) -> str:
    for suffix in _PAGE_SUFFIXES:
        if segment.lower().endswith(suffix):
            return segment[: -len(suffix)]
    return segment


def check_url(url: str) -> str | None:
    """Why a URL cannot be fetched, or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a port out of range)
    except ValueError as exc:
        return f"expected an http:// or https:// URL, found {url!r} ({exc})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"expected an http:// or https:// URL, found {url!r}"
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        return f"expected a URL without spaces or control characters, found {url!r}"
    return None


def check_filename(name: str) -> str | None:
    if not SAFE_FILENAME.fullmatch(name) or ".." in name:
        return (
            f"expected a plain page file name (letters, digits, `._-`, ending in .md), "
            f"found {name!r}"
        )
    return None


def source(url: str, filename: str | None, where: Problem) -> Source:
    """A checked Source; `where` is the file and line to blame, its message unused."""
    why = check_url(url) or (check_filename(filename) if filename is not None else None)
    if why:
        raise InputError([Problem(where.file, where.line, why)])
    return Source(url, filename if filename is not None else filename_for(url))


def fields_of(line: str) -> list[str]:
    """A line's fields, its comment dropped."""
    return _COMMENT.sub("", line).split()


def is_model_id(field: str) -> bool:
    """A listing's field that names a model (never a URL: no `:`, no `/`)."""
    return (
        field.startswith(MODEL_ID_PREFIX)
        and SAFE_MODEL_ID.fullmatch(field) is not None
        and ".." not in field
    )


def read_listing(path: Path) -> Listing:
    """Every page and Model ID of a listing; every problem at once, by line."""
    text = read_listing_text(path)
    pages: list[Source] = []
    models: dict[str, ListedModel] = {}
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = fields_of(line)
        if not fields:
            continue
        where = Problem(str(path), number, "")
        if is_model_id(fields[0]):
            if len(fields) > 1:
                problems.append(Problem(where.file, number, _model_line(fields)))
            else:
                models.setdefault(fields[0], ListedModel(fields[0], number))
            continue
        if "://" not in fields[0]:
            problems.append(Problem(where.file, number, _neither(fields[0])))
            continue
        if len(fields) > 2:
            problems.append(Problem(where.file, number, "expected `URL` or `URL filename.md`"))
            continue
        try:
            pages.append(source(fields[0], fields[1] if len(fields) == 2 else None, where))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return Listing(pages, list(models.values()))


def _model_line(fields: Sequence[str]) -> str:
    return (
        f"expected a Model ID alone on its line (its definition is saved as "
        f"{fields[0]}.model.json), found {' '.join(fields[1:])!r} after it"
    )


def _neither(field: str) -> str:
    return (
        f"expected a page URL (http:// or https://) or a Model ID ({MODEL_ID_PREFIX}..., "
        f"letters, digits, `._-`), found {field!r}"
    )


def read_sources(path: Path) -> list[Source]:
    """The pages of a listing (its Model IDs are `read_listing`'s)."""
    return read_listing(path).pages


def read_listing_text(path: Path) -> str:
    """The listing's text; an InputError naming the file if it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            [
                Problem(
                    str(path), 0, "expected a list of page URLs and Model IDs, found no such file"
                )
            ]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(str(path), 0, f"cannot read it: {exc}")]) from None


def check_unique(sources: Sequence[Source], origin: str) -> None:
    """Two URLs must not write one file."""
    seen: dict[str, str] = {}
    problems = []
    for item in sources:
        if item.filename in seen and seen[item.filename] != item.url:
            problems.append(
                Problem(
                    origin,
                    0,
                    f"{item.url} and {seen[item.filename]} would both write "
                    f"{item.filename}; name the files in {SOURCES_FILE}",
                )
            )
        seen.setdefault(item.filename, item.url)
    if problems:
        raise InputError(problems)


def page_urls(pages: Sequence[Path]) -> Mapping[str, str]:
    """Page path (as given) -> the URL that `<its folder>/sources.txt` lists for its file
    name; pages that no listing names have none."""
    by_folder: dict[Path, dict[str, str]] = {}
    urls: dict[str, str] = {}
    for page in pages:
        folder = page.parent
        if folder not in by_folder:
            listing = folder / SOURCES_FILE
            found = read_sources(listing) if listing.is_file() else []
            by_folder[folder] = {item.filename: item.url for item in found}
        url = by_folder[folder].get(page.name)
        if url is not None:
            urls[str(page)] = url
    return urls
