"""Choosing and changing the listing's entries (`upstream/sources.txt`, read by
`generator/listing.py`) for `fetch`, `fetch --discover --add` and `sync`: the URLs to fetch,
a line appended per page found, the lines of removed pages dropped. Every other line stays
byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from generator.listing import (
    Listing,
    Source,
    check_unique,
    fields_of,
    read_listing,
    read_listing_text,
    source,
)
from generator.problems import InputError, Problem
from generator.upstream.storage import atomic_write

NEW_LISTING = """\
# The upstream pages: `scenario-codegen fetch` (without URLs) and `scenario-codegen sync`
# download each one listed here into this folder. One URL a line, optionally followed by the
# file name to write; `#` starts a comment. `scenario-codegen fetch --discover --add` appends
# the pages the docs site lists. A Model ID alone on its line (`model_...`) is a model
# definition read from the API (`sync`, `fetch-models`), saved as <Model ID>.model.json.
"""


def sources_of(urls: Sequence[str], listing: Path) -> list[Source]:
    """The URLs given, else those of the listing; never none."""
    if urls:
        found = [source(url, None, Problem("command line", 0, "")) for url in urls]
        origin = "command line"
    else:
        everything = read_listing(listing)
        found = everything.pages
        origin = str(listing)
        if not found:
            models = " (its Model IDs are read by `sync` and `fetch-models`)"
            raise InputError(
                [
                    Problem(
                        origin,
                        0,
                        "expected page URLs, found none" + (models if everything.models else ""),
                    )
                ]
            )
    check_unique(found, origin)
    return found


def listing_of(path: Path) -> Listing:
    """The pages and Model IDs of a listing, checked; never none of either."""
    found = read_listing(path)
    if not found.pages and not found.models:
        raise InputError([Problem(str(path), 0, "expected page URLs or Model IDs, found none")])
    check_unique(found.pages, str(path))
    return found


def append_sources(listing: Path, urls: Iterable[str]) -> None:
    """Append one line per URL (the file is created with a short header if absent)."""
    try:
        current = listing.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = NEW_LISTING
    if current and not current.endswith("\n"):
        current += "\n"
    atomic_write(listing, (current + "".join(f"{url}\n" for url in urls)).encode("utf-8"))


def remove_sources(listing: Path, entries: Iterable[str]) -> None:
    """Drop the lines listing these URLs or Model IDs."""
    dropped = set(entries)
    lines = read_listing_text(listing).splitlines(keepends=True)
    kept = [line for line in lines if not (fields_of(line) and fields_of(line)[0] in dropped)]
    if kept != lines:
        atomic_write(listing, "".join(kept).encode("utf-8"))
