"""Docs: model pages parse back into the schemas they were written from, and their
examples are valid payloads and type-checked client calls."""

from __future__ import annotations

import ast
import difflib
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.emit import docs
from generator.emit.view import ModelView, model_views
from generator.pages import grammar
from generator.pages.model import Model, Param
from generator.pages.parse import parse_page, parse_pages
from generator.pipeline import build
from generator.render import Renderer
from generator.schemas.build import Schema, model_schema
from tests.conftest import ROOT, SEED_PAGE, require_shared, shared_pages
from tests.pages import corpus_id, corpus_pages, site_pages

DATE_WARNING = "expected a `Last updated: YYYY-MM-DD` line"
_FENCE = re.compile(r"^(`{3,})(\w*)\n(.*?)^\1$", re.MULTILINE | re.DOTALL)


def page_files(models: Sequence[ModelView]) -> dict[str, str]:
    return docs.emit(models, Renderer())


def schemas_of(pages: Sequence[Path]) -> list[Schema]:
    parsed, problems = parse_pages(pages)
    assert not [p for p in problems if p.severity == "error"], problems
    return [model_schema(model) for page in parsed for model in page.models]


def reparse(text: str, tmp_path: Path, name: str = "page.md") -> tuple[list[Schema], list[str]]:
    """The schemas `generate` would make from one of our pages, and its warnings."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page, problems = parse_page(path)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert page is not None and not errors, "\n".join(errors) + "\n" + text
    return [model_schema(m) for m in page.models], [p.message for p in problems]


def canonical(schema: Schema) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False)


def fences(text: str, info: str) -> list[str]:
    return [m.group(3) for m in _FENCE.finditer(text) if m.group(2) == info]


# Round trip over the real corpus ----------------------------------------------------


@pytest.mark.parametrize(
    "page", corpus_pages() or [None], ids=lambda p: corpus_id(p) if p else "absent"
)
def test_every_model_of_a_real_page_round_trips_byte_identical(
    page: Path | None, tmp_path: Path
) -> None:
    page = page or require_shared() / "absent.md"
    schemas = schemas_of([page])
    files = page_files(model_views(schemas))
    for schema in schemas:
        model_id = schema["x-scenario"]["modelId"]
        text = files[f"generated/docs/{model_id}.md"]
        again, warnings = reparse(text, tmp_path, f"{model_id}.md")
        assert [canonical(s) for s in again] == [canonical(schema)]
        # Our pages carry no date on purpose (output must not depend on when it was made):
        # the parser knows them and does not warn about it, nor about anything else.
        assert DATE_WARNING not in warnings
        assert "the table of contents" not in " ".join(warnings)


@pytest.mark.parametrize("corpus", ["scenario-docs", "docs-site"])
def test_docs_of_the_docs_are_the_same_docs(corpus: str, tmp_path: Path) -> None:
    """A fixed point: generate on generated/docs writes generated/docs byte for byte."""
    pages = {"scenario-docs": shared_pages, "docs-site": site_pages}[corpus]() or [SEED_PAGE]
    first = page_files(model_views(schemas_of(pages)))
    folder = tmp_path / "docs"
    folder.mkdir()
    for path, text in first.items():
        if not path.endswith("/index.md"):
            (folder / Path(path).name).write_text(text, encoding="utf-8")
    second = page_files(model_views(schemas_of(sorted(folder.glob("*.md")))))
    assert second == first


def test_generate_reads_a_docs_folder_with_its_examples(tmp_path: Path) -> None:
    """The example sections (h3 headings, fenced blocks) are not taken for model parts."""
    out = build([SEED_PAGE], tmp_path).files
    folder = tmp_path / "pages"
    folder.mkdir()
    for path, text in out.items():
        if path.startswith("generated/docs/") and not path.endswith("index.md"):
            assert "```json" in text and "```python" in text
            (folder / Path(path).name).write_text(text, encoding="utf-8")
    again = build([folder], tmp_path / "again").files
    for path, text in out.items():
        if path.startswith("schemas/") and path != "schemas/index.json":
            assert again[path] == text, path


def test_pages_carry_no_date_and_render_the_same_twice() -> None:
    views = model_views(schemas_of([SEED_PAGE]))
    first, second = page_files(views), page_files(views)
    assert first == second
    assert not any("Last updated" in text for text in first.values())


# Hostile text -------------------------------------------------------------------------

HOSTILE = [
    "a | b",
    "back\\slash \\| and \\\\",
    "`code` and `` a`b `` and ` lone",
    "```fence``` ~~~",
    "**Model ID:** `x`",
    "- list? # no ##",
    "1. ordered",
    "<script>alert(1)</script> &amp; &#123; [link](http://x) ![img](y)",
    "| starts with a pipe",
    "-",
    "\u201c",
    "ends with a backslash \\",
    "*emphasis* _under_ ~strike~",
    "#",
]


def hostile_model() -> Model:
    params = [
        Param("prompt", "string", True, HOSTILE[0], 1, minimum=0, maximum=100),
        Param(
            "mode|`x`",
            "string",
            False,
            HOSTILE[1],
            2,
            default="`tick`",
            allowed=("", "`tick`", "a|b", "back\\slash", "``", " lead", "trail "),
        ),
        Param("tags", "string_array", False, HOSTILE[2], 3, default=["a,b", "c|d", "`e`"]),
        Param("one", "string_array", False, HOSTILE[3], 4, default=["solo"]),
        Param("none", "string_array", False, HOSTILE[4], 5, default=[]),
        Param("text", "string", False, HOSTILE[5], 6, default=""),
        Param(
            "scale",
            "number",
            False,
            HOSTILE[6],
            7,
            default=1.0,
            minimum=-2.5,
            maximum=10,
        ),
        Param("count", "number", False, HOSTILE[7], 8, default=3, allowed=(1, 3, 2.5)),
        Param(
            "weights",
            "number_array",
            True,
            HOSTILE[8],
            9,
            default=[1, 2.0, -0.5],
            minimum=-1,
            maximum=1e16,
        ),
        Param("flag", "boolean", True, HOSTILE[9], 10, default=False),
        Param("files", "file_array", True, HOSTILE[10], 11, minimum=2, maximum=4),
        Param(
            "inputs",
            "inputs_array",
            False,
            HOSTILE[11],
            12,
            default=[{"a": "x|`y`", "b": [1, 2.5]}],
        ),
        Param("asset", "file", False, HOSTILE[12], 13),
        Param("\\", "model", False, HOSTILE[13], 14),
        Param("absent", "string", False, None, 15),
    ]
    return Model(
        "model_hostile-1.0",
        "The `|` model [x] #",
        " ".join(HOSTILE),
        ("img2img", "a|`b`"),
        "Acme Labs",
        "image generation",
        tuple(params),
        1,
    )


def test_hostile_text_round_trips(tmp_path: Path) -> None:
    schema = model_schema(hostile_model())
    (view,) = model_views([schema])
    text = page_files([view])[f"generated/docs/{view.model_id}.md"]
    again, _ = reparse(text, tmp_path)
    assert [canonical(s) for s in again] == [canonical(schema)]
    assert "\\<script>" in text and not re.search(r"(?<!\\)<script>", text)


_WORDS = st.text(alphabet="ab1 .,:-#|\\`*_<>[]()&;~!\u201c\u00e9", min_size=1, max_size=12)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


texts = _WORDS.map(_one_line).filter(bool)


def _a_page_can_say(value: str) -> bool:
    """Pages collapse runs of whitespace, so a value keeps a space at an edge only where
    its code span needs no padding space (no backtick at an edge, not space-enclosed)."""
    padded = value[:1] == "`" or value[-1:] == "`" or value[:1] == value[-1:] == " "
    return value.strip(" ") == "" or not (padded and " " in (value[0], value[-1]))


values = _WORDS.map(lambda t: re.sub(r"\s+", " ", t)).filter(bool).filter(_a_page_can_say)
numbers = st.one_of(
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)


@st.composite
def string_params(draw: st.DrawFn, index: int) -> Param:
    allowed = draw(st.lists(values, min_size=1, max_size=4, unique=True))
    if draw(st.booleans()):
        allowed = ["", *allowed]
    default: Any = draw(st.one_of(st.none(), st.just(""), st.sampled_from(allowed)))
    return Param(
        f"p{index}|`{draw(texts)}`",
        "string",
        draw(st.booleans()),
        draw(st.one_of(st.none(), texts)),
        index,
        default=default,
        allowed=tuple(allowed) if draw(st.booleans()) else None,
    )


@st.composite
def array_params(draw: st.DrawFn, index: int) -> Param:
    items = draw(st.lists(values.map(str.strip), max_size=4))
    if len(items) == 1 and "," in items[0]:
        items = [items[0].replace(",", ";")]  # a lone item holding a comma: no cell says it
    return Param(f"a{index}", "string_array", False, draw(texts), index, default=items)


@st.composite
def number_params(draw: st.DrawFn, index: int) -> Param:
    low, high = sorted(draw(st.lists(numbers, min_size=2, max_size=2)))
    upstream_type = draw(st.sampled_from(["number", "number_array"]))
    default = draw(numbers if upstream_type == "number" else st.lists(numbers, max_size=3))
    return Param(
        f"n{index}",
        upstream_type,
        False,
        draw(texts),
        index,
        default=default,
        minimum=low if draw(st.booleans()) else None,
        maximum=high,
    )


@st.composite
def models(draw: st.DrawFn) -> Model:
    params = [draw(string_params(0)), draw(array_params(1)), draw(number_params(2))]
    return Model(
        "model_generated",
        draw(texts),
        draw(st.one_of(st.none(), texts)),
        tuple(draw(st.lists(values, max_size=3, unique=True))),
        "Acme",
        "image generation",
        tuple(params),
        1,
    )


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(model=models())
def test_any_text_the_parser_can_read_round_trips(model: Model, tmp_path: Path) -> None:
    schema = model_schema(model)
    (view,) = model_views([schema])
    text = page_files([view])[f"generated/docs/{view.model_id}.md"]
    again, _ = reparse(text, tmp_path)
    assert [canonical(s) for s in again] == [canonical(schema)]


def test_a_long_cell_rewrites_its_own_row_only() -> None:
    model = hostile_model()
    longer = replace(model.params[3], description="a much longer description " * 10)
    before_view, after_view = (
        model_views([model_schema(replace(model, params=p))])[0]
        for p in (model.params, (*model.params[:3], longer, *model.params[4:]))
    )
    before = page_files([before_view])[f"generated/docs/{model.id}.md"].splitlines()
    after = page_files([after_view])[f"generated/docs/{model.id}.md"].splitlines()
    changed = [
        line for line in difflib.unified_diff(before, after, n=0, lineterm="") if line[:1] in "+-"
    ]
    assert len(changed) == 4  # the ---/+++ header, then one row out, one row in


# Words a user reads ------------------------------------------------------------------


def index_of(models: Sequence[Model]) -> str:
    return page_files(model_views([model_schema(m) for m in models]))["generated/docs/index.md"]


def test_the_index_counts_in_words_that_agree() -> None:
    one = hostile_model()
    assert "1 model from 1 provider," in index_of([one])
    assert "(1 model)" in index_of([one])
    others = [replace(one, id=f"model_{n}", provider="Other") for n in ("a", "b")]
    text = index_of([one, *others])
    assert "3 models from 2 providers," in text
    assert "(1 model)" in text and "(2 models)" in text


def test_a_model_without_parameters_says_so_and_round_trips(tmp_path: Path) -> None:
    schema = model_schema(replace(hostile_model(), params=()))
    (view,) = model_views([schema])
    text = page_files([view])[f"generated/docs/{view.model_id}.md"]
    assert "This model takes no parameters." in text
    assert "one of the **Acme Labs** image generation models and its parameters" in text
    again, warnings = reparse(text, tmp_path)
    assert [canonical(s) for s in again] == [canonical(schema)] and warnings == []


def test_templates_take_every_label_of_the_format_from_the_grammar() -> None:
    """The page format lives in generator/pages/grammar.py: the docs templates repeat none of
    its labels (a change there reaches reader and writer at once)."""
    labels = [grammar.SITE, *grammar.FIELDS, "| Parameter", "Generated by", "| --- | --- | --- |"]
    for template in sorted((ROOT / "templates" / "docs").glob("*.j2")):
        text = template.read_text(encoding="utf-8")
        if template.name == "index.md.j2":
            text = text.replace("| --- | --- | --- |", "")  # its own table, not the format's
        assert [label for label in labels if label in text] == [], template.name


# Control characters ---------------------------------------------------------------------

CONTROLS = "\x00\x1b\x7f\x85\u2028\u202e\u2066"


def test_no_control_character_reaches_a_docs_file_raw() -> None:
    """A hand-written schema does not pass through the parser: its text is written with each
    control character as a visible escape, which JSON and Python read back as the same."""
    text = f"a{CONTROLS}b"
    schema: Schema = {
        "type": "object",
        "title": f"Title{CONTROLS}",
        "description": text,
        "required": ["mode", "tags"],
        "properties": {
            "mode": {"type": "string", "enum": [text], "description": text},
            "tags": {"type": "array", "items": {"type": "string"}, "default": [text]},
        },
        "x-scenario": {
            "modelId": "model_private",
            "provider": f"Acme{CONTROLS}",
            "kind": "image generation",
            "capabilities": [text],
        },
    }
    files = page_files(model_views([schema]))
    for path, written in files.items():
        assert not grammar.CONTROL.search(written), path
    page = files["generated/docs/model_private.md"]
    # The description: escapes to read; the whitespace among them collapsed, as any.
    assert "\na\\u0000\\u001b\\u007f \\u202e\\u2066b\n" in page
    (payload,) = fences(page, "json")
    assert json.loads(payload) == {"mode": text, "tags": [text]}
    (python,) = fences(page, "python")
    call = ast.parse(python).body[2]
    assert isinstance(call, ast.Assign) and isinstance(call.value, ast.Call)
    assert [ast.literal_eval(k.value) for k in call.value.keywords] == [text, [text]]


# Examples --------------------------------------------------------------------------


# A schema dropped into schemas/ by hand: keywords no page writes, local references.
HAND_WRITTEN: Schema = {
    "type": "object",
    "$defs": {"size": {"type": "integer", "minimum": 1.5, "maximum": 8}},
    "required": ["size", "count", "tags", "ratio"],
    "properties": {
        "size": {"$ref": "#/$defs/size"},
        "count": {"type": "integer", "maximum": -2.5},
        "tags": {"type": "array", "items": {"$ref": "#/$defs/tag"}, "minItems": 2},
        "ratio": {"type": "number", "default": 9, "maximum": 1},
    },
    "x-scenario": {"modelId": "model_private"},
}
HAND_WRITTEN["$defs"]["tag"] = {"type": "string", "enum": ["x", "y"]}


def test_every_example_payload_validates() -> None:
    schemas = [
        *schemas_of(site_pages() or shared_pages() or [SEED_PAGE]),
        model_schema(hostile_model()),
        HAND_WRITTEN,
    ]
    files = page_files(model_views(schemas))
    for schema in schemas:
        text = files[f"generated/docs/{schema['x-scenario']['modelId']}.md"]
        (payload_text,) = fences(text, "json")
        payload = json.loads(payload_text)
        jsonschema.Draft202012Validator(schema).validate(payload)
        assert set(payload) == set(schema["required"])


def test_examples_use_defaults_when_valid_and_make_values_otherwise() -> None:
    schema = model_schema(hostile_model())
    (view,) = model_views([schema])
    example = docs.example(view)
    assert example.payload == {
        "prompt": "A lighthouse on a cliff at sunset",
        "weights": [1, 2.0, -0.5],
        "flag": False,
        "files": ["asset_abc123", "asset_abc123"],
    }
    assert example.arguments[0] == ("prompt", '"A lighthouse on a cliff at sunset"')


def test_python_examples_pass_mypy_strict(tmp_path: Path) -> None:
    pages = shared_pages() or [SEED_PAGE]
    files = build(pages, tmp_path / "nowhere").files
    for path, text in files.items():
        if path.startswith("generated/python/"):
            target = tmp_path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    functions = []
    for path, text in sorted(files.items()):
        if path.startswith("generated/docs/") and not path.endswith("index.md"):
            (code,) = fences(text, "python")
            name = "example_" + re.sub(r"\W", "_", Path(path).stem)
            functions.append(f"def {name}() -> None:\n{textwrap.indent(code, '    ')}")
    examples = tmp_path / "examples.py"
    examples.write_text("\n\n".join(functions), encoding="utf-8")
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--follow-imports=silent",
            "--config-file",
            str(config),
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            str(examples),
        ],
        cwd=tmp_path,
        env={"MYPYPATH": str(tmp_path / "generated" / "python"), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
