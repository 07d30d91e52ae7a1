"""Bad pages lose nothing silently.

The invariant: whatever a page holds that the parser would not read into a model (a table
or a field hidden in a blockquote, a list, a code block or HTML; a field after the table
or given twice; a table or field before any model heading; a page too large to read; a
control character) is reported at its line, as an error when a model would come out
different from what the page says, as a warning when only prose is left out. `generate`
then exits 2 with one line per problem and writes nothing.
"""

from __future__ import annotations

import re
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.pages import grammar
from generator.pages.parse import parse_or_raise, parse_pages
from generator.pages.reading import MAX_PAGE_BYTES as DEFAULT_MAX_BYTES
from generator.problems import InputError
from generator.schemas.build import model_schema
from tests.test_parse import GOOD, write

HEADER = "| Parameter | Type | Required | Default | Min | Max | Allowed Values | Description |"
DELIMITER = "| --- | --- | --- | --- | --- | --- | --- | --- |"
BETA_FIELDS = (
    "**Model ID:** `model_beta`\n\n**Capabilities:** `txt2img`\n\n"
    "**LLM Markdown:** <https://app.scenario.com/api/models/model_beta/markdown>\n\n"
)
# GOOD: Alpha's heading at line 14, its table at 24; Beta's heading at 31, Model ID at 33,
# Capabilities at 35, table at 39-42.


def _replace_once(old: str, new: str) -> Callable[[str], str]:
    def mutate(text: str) -> str:
        assert text.count(old) >= 1, old
        return text.replace(old, new, 1)

    return mutate


def _before_beta_table(prefix: str) -> Callable[[str], str]:
    """Every line of Beta's table prefixed (a quote, a list item, an indent)."""

    def mutate(text: str) -> str:
        head, table = text.split(BETA_FIELDS)
        return head + BETA_FIELDS + re.sub(r"(?m)^(?=\|)", prefix, table)

    return mutate


def _table_before_fields(text: str) -> str:
    head, table = text.split(BETA_FIELDS)
    return head + table + "\n" + BETA_FIELDS


HIDDEN = [
    (
        "a quote mark before the table's first row",
        _replace_once(
            HEADER + "\n" + DELIMITER + "\n| `prompt`",
            "> " + HEADER + "\n" + DELIMITER + "\n| `prompt`",
        ),
        [
            "page.md:24: expected the parameter table of 'Alpha' at the top level of its section, "
            "found it inside a blockquote"
        ],
    ),
    (
        "a quoted table",
        _before_beta_table("> "),
        [
            "page.md:39: expected the parameter table of 'Beta' at the top level of its section, "
            "found it inside a blockquote"
        ],
    ),
    (
        "a table in a list",
        _before_beta_table("- "),
        [
            "page.md:39: expected the parameter table of 'Beta' at the top level of its section, "
            "found it inside a list"
        ],
    ),
    (
        "an indented table",
        _before_beta_table("    "),
        [
            "page.md:39: expected the parameter table of 'Beta' at the top level of its section, "
            "found it inside an indented code block"
        ],
    ),
    (
        "a table in HTML",
        _replace_once(BETA_FIELDS, BETA_FIELDS + "<div>\n"),
        [
            "page.md:40: expected the parameter table of 'Beta' at the top level of its section, "
            "found it inside an HTML block"
        ],
    ),
    (
        "a table in a fence before it is due",
        lambda t: t.replace(BETA_FIELDS, BETA_FIELDS + "```\n").replace(
            "| Flag |\n", "| Flag |\n```\n"
        ),
        [
            "page.md:40: expected the parameter table of 'Beta' at the top level of its section, "
            "found it inside a fenced code block"
        ],
    ),
    (
        "a quoted Model ID",
        _replace_once("**Model ID:** `model_beta`", "> **Model ID:** `model_beta`"),
        [
            "page.md:33: expected `**Model ID:**` of 'Beta' at the top level of its section, "
            "found it inside a blockquote"
        ],
    ),
    (
        "Capabilities in a list",
        _replace_once("**Capabilities:** `txt2img`\n", "- **Capabilities:** `txt2img`\n"),
        [
            "page.md:35: expected `**Capabilities:**` of 'Beta' at the top level of its section, "
            "found it inside a list"
        ],
    ),
    (
        "a second Model ID",
        _replace_once("**Capabilities:** `txt2img`\n", "**Model ID:** `model_gamma`\n"),
        ["page.md:35: expected one `**Model ID:**` for 'Beta', found another (also at line 33)"],
    ),
    (
        "a second Capabilities",
        _replace_once(
            "**Capabilities:** `txt2img`\n",
            "**Capabilities:** `txt2img`\n\n**Capabilities:** `x`\n",
        ),
        [
            "page.md:37: expected one `**Capabilities:**` for 'Beta', found another "
            "(also at line 35)"
        ],
    ),
    (
        "the fields after the table",
        _table_before_fields,
        [
            "page.md:38: expected `**Model ID:**` of 'Beta' before its parameter table, found it after",
            "page.md:40: expected `**Capabilities:**` of 'Beta' before its parameter table, "
            "found it after",
            "page.md:42: expected `**LLM Markdown:**` of 'Beta' before its parameter table, "
            "found it after",
        ],
    ),
    (
        "a second table",
        lambda t: t
        + "\n"
        + HEADER
        + "\n"
        + DELIMITER
        + "\n| `x` | string | No | - | - | - | - | - |\n",
        ["page.md:44: expected one parameter table for 'Beta', found another"],
    ),
    (
        "a table split by a blank line",
        _replace_once("| Scales |\n", "| Scales |\n\n"),
        ["page.md:43: expected one parameter table for 'Beta', found another"],
    ),
    (
        "no table",
        lambda t: t.split(HEADER + "\n" + DELIMITER + "\n| `scale`")[0],
        ["page.md:31: expected a parameter table for 'Beta', found none"],
    ),
    (
        "a Model ID before any model heading",
        _replace_once("- [Alpha](#alpha)\n", "- [Alpha](#alpha)\n\n**Model ID:** `model_x`\n"),
        [
            "page.md:11: expected `**Model ID:**` under a `## <model name>` heading, "
            "found it before the first"
        ],
    ),
    (
        "a model heading written h3",
        _replace_once("## Alpha", "### Alpha"),
        [
            "page.md:18: expected `**Model ID:**` under a `## <model name>` heading, "
            "found it before the first",
            "page.md:20: expected `**Capabilities:**` under a `## <model name>` heading, "
            "found it before the first",
            "page.md:22: expected `**LLM Markdown:**` under a `## <model name>` heading, "
            "found it before the first",
            "page.md:24: expected the parameter table under a `## <model name>` heading, "
            "found it before the first",
        ],
    ),
]


def problems_of(text: str, tmp_path: Path) -> list[str]:
    path = write(tmp_path, "page.md", text)
    _, problems = parse_pages([path])
    return sorted(str(p).replace(f"{tmp_path}/", "") for p in problems)


@pytest.mark.parametrize(("case", "mutate", "expected"), HIDDEN, ids=[c[0] for c in HIDDEN])
def test_a_table_or_field_the_parser_cannot_read_is_an_error_at_its_line(
    case: str, mutate: Callable[[str], str], expected: list[str], tmp_path: Path
) -> None:
    text = mutate(GOOD)
    assert text != GOOD, case
    found = problems_of(text, tmp_path)
    assert [p for p in found if ": warning: " not in p] == sorted(expected)
    with pytest.raises(InputError):
        parse_or_raise([tmp_path / "page.md"])


NOT_READ = [
    (
        "a paragraph between the fields and the table",
        _replace_once("**Capabilities:** `txt2img`\n", "**Capabilities:** `txt2img`\n\nMore.\n"),
        "page.md:37: warning: ignored a paragraph between the fields and the parameter table "
        "of 'Beta': a description goes before `**Model ID:**`",
    ),
    (
        "a quote in the description",
        _replace_once("Makes images.\n", "Makes images.\n\n> A note.\n"),
        "page.md:18: warning: ignored a blockquote in the description of 'Alpha': "
        "the format reads paragraphs, fields and one table",
    ),
    (
        "a heading between the fields and the table",
        _replace_once(
            "**Capabilities:** `txt2img`\n", "**Capabilities:** `txt2img`\n\n### Notes\n"
        ),
        "page.md:37: warning: ignored a heading in the fields of 'Beta': "
        "the format reads paragraphs, fields and one table",
    ),
]


@pytest.mark.parametrize(("case", "mutate", "expected"), NOT_READ, ids=[c[0] for c in NOT_READ])
def test_text_the_format_does_not_read_is_a_warning_at_its_line(
    case: str, mutate: Callable[[str], str], expected: str, tmp_path: Path
) -> None:
    assert problems_of(mutate(GOOD), tmp_path) == [expected]


def test_what_follows_the_table_is_not_the_models(tmp_path: Path) -> None:
    """Our docs follow the table with examples: headings, prose, code (a table in code too)."""
    extra = (
        f"\n### Example\n\nSome words.\n\n```\n{HEADER}\n**Model ID:** `x`\n```\n\n    {HEADER}\n"
    )
    assert problems_of(GOOD + extra, tmp_path) == []


# Size -------------------------------------------------------------------------------------


def sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes that takes no room on disk."""
    with path.open("wb") as file:
        file.truncate(size)
    return path


def test_a_page_over_the_limit_is_refused_without_being_read(tmp_path: Path) -> None:
    huge = sparse(tmp_path / "huge.md", 50 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            parse_or_raise([huge])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [str(p) for p in caught.value.problems] == [
        f"{huge}:0: expected a page of at most {DEFAULT_MAX_BYTES} bytes, found 52428800 bytes"
    ]
    assert peak < 1024 * 1024


def test_the_limit_is_a_parameter_and_inclusive(tmp_path: Path) -> None:
    page = write(tmp_path, "page.md", GOOD)
    size = len(GOOD.encode())
    pages, _ = parse_or_raise([page], max_bytes=size)
    assert [m.id for m in pages[0].models] == ["model_alpha", "model_beta"]
    with pytest.raises(InputError) as caught:
        parse_or_raise([page], max_bytes=size - 1)
    assert [str(p) for p in caught.value.problems] == [
        f"{page}:0: expected a page of at most {size - 1} bytes, found {size} bytes"
    ]


def test_generate_refuses_a_huge_page_in_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = sparse(tmp_path / "huge.md", DEFAULT_MAX_BYTES + 1)
    out = tmp_path / "out"
    assert main(["generate", "--upstream", str(huge), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"{huge}:0: expected a page of at most {DEFAULT_MAX_BYTES} bytes (--max-page-bytes), "
        f"found {DEFAULT_MAX_BYTES + 1} bytes"
    ]
    assert not out.exists()


# Control characters -----------------------------------------------------------------------

CONTROLS = ["\x00", "\x1b", "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\u202e", "\u2066"]


@pytest.mark.parametrize("char", CONTROLS, ids=[grammar.control_name(c) for c in CONTROLS])
def test_a_control_character_is_an_error_at_its_line(char: str, tmp_path: Path) -> None:
    text = GOOD.replace("Makes images.", f"Makes{char} images.").replace("| Flag |", f"| F{char} |")
    name = grammar.control_name(char)
    assert problems_of(text, tmp_path) == [
        f"page.md:16: expected text, found control character {name}",
        f"page.md:42: expected text, found control character {name}",
    ]


def test_a_control_character_does_not_hide_the_other_problems(tmp_path: Path) -> None:
    text = GOOD.replace("Makes images.", "Makes\x00 images.").replace("| number |", "| numbr |")
    assert [p.split(": ", 1)[0] for p in problems_of(text, tmp_path)] == [
        "page.md:16",
        "page.md:27",
    ]


def test_generate_refuses_a_raw_nul_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = write(tmp_path, "page.md", GOOD.replace("Makes images.", "Makes\x00 images."))
    out = tmp_path / "out"
    assert main(["generate", "--upstream", str(page), "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"{page}:16: expected text, found control character U+0000"
    ]
    assert not out.exists()


def test_windows_line_ends_and_a_byte_order_mark_read_the_same(tmp_path: Path) -> None:
    def schemas(name: str, text: str) -> list[object]:
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8"))
        pages, problems = parse_or_raise([path])
        assert problems == []
        return [model_schema(m) for p in pages for m in p.models]

    expected = schemas("lf.md", GOOD)
    assert schemas("crlf.md", GOOD.replace("\n", "\r\n")) == expected
    assert schemas("bom.md", "\ufeff" + GOOD) == expected


def test_a_lone_carriage_return_is_a_control_character(tmp_path: Path) -> None:
    text = GOOD.replace("Makes images.", "Makes\r images.")
    assert problems_of(text, tmp_path) == [
        "page.md:16: expected text, found control character U+000D"
    ]
