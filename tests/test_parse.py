"""The parser: the seed's schemas, every real page (the whole catalog) in both forms,
malformed pages. The seed's whole output is held by the committed schemas/ (`check`),
every feature's by the golden record (test_golden.py). Pages that would lose something silently: test_parse_faults.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator.pages.parse import parse_or_raise, parse_pages
from generator.problems import InputError
from generator.schemas.build import model_schema, schema_files
from tests.conftest import SEED_PAGE, shared_pages
from tests.pages import corpus_id, corpus_pages, drop_autolinks, one_line


def schemas_of(*paths: Path) -> dict[str, str]:
    pages, _ = parse_or_raise(paths)
    return schema_files(pages, [model_schema(m) for p in pages for m in p.models])


def test_seed_schema_details() -> None:
    files = schemas_of(SEED_PAGE)
    trellis = json.loads(files["schemas/model_trellis.schema.json"])
    assert trellis["required"] == ["images"]
    assert trellis["properties"]["images"] == {
        "type": "array",
        "description": "Input image(s) to generate 3D asset from",
        "items": {"type": "string"},
        "x-scenario-type": "file_array",
    }
    assert trellis["properties"]["meshSimplify"]["default"] == 0.9
    assert trellis["properties"]["textureSize"]["default"] == 2048
    assert isinstance(trellis["properties"]["textureSize"]["default"], int)
    assert "description" not in trellis
    assert trellis["x-scenario"] == {
        "modelId": "model_trellis",
        "capabilities": ["img23d"],
        "provider": "Microsoft",
        "kind": "3d generation",
    }
    two = json.loads(files["schemas/model_trellis-2.schema.json"])
    assert two["properties"]["resolution"]["enum"] == [512, 1024, 1536]
    assert two["properties"]["remesh"] == {
        "type": "boolean",
        "description": "Enable remeshing",
        "default": True,
        "x-scenario-type": "boolean",
    }
    assert list(two["properties"])[:3] == ["image", "resolution", "ssGuidanceStrength"]


@pytest.mark.parametrize("page", corpus_pages(), ids=corpus_id)
def test_every_real_page_parses_into_valid_schemas(page: Path) -> None:
    pages, problems = parse_pages([page])
    assert [p for p in problems if p.severity == "error"] == []
    assert pages and pages[0].models
    headings = page.read_text(encoding="utf-8").count("\n## ")
    assert len(pages[0].models) == headings
    for model in pages[0].models:
        Draft202012Validator.check_schema(model_schema(model))


@pytest.mark.parametrize("page", corpus_pages(), ids=corpus_id)
def test_one_line_form_gives_byte_identical_schemas(page: Path, tmp_path: Path) -> None:
    text = page.read_text(encoding="utf-8")
    without_autolinks = tmp_path / page.name
    without_autolinks.write_text(drop_autolinks(text), encoding="utf-8")
    collapsed = tmp_path / "collapsed" / page.name
    collapsed.parent.mkdir()
    collapsed.write_text(one_line(text), encoding="utf-8")
    normal, folded = schemas_of(without_autolinks), schemas_of(collapsed)
    # index.json differs only in the page's sha256: the bytes of the two forms differ.
    normal.pop("schemas/index.json")
    folded.pop("schemas/index.json")
    assert folded == normal
    # With the autolinks kept, only cells that held one may differ.
    original = schemas_of(page)
    original.pop("schemas/index.json")
    for name, text_schema in original.items():
        if text_schema != normal[name]:
            assert "<https://" in text_schema, name


def test_one_line_seed_matches_its_later_normal_form(scenario_docs: Path) -> None:
    """The seed (one-line, 2026-04-09) and the 2026-07-29 page agree on the models they share."""
    seed = schemas_of(SEED_PAGE)
    later = schemas_of(scenario_docs / "microsoft__3d-generation__2026-07-29.md")
    shared = sorted((set(seed) & set(later)) - {"schemas/index.json"})
    assert shared and all(seed[name] == later[name] for name in shared)


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


GOOD = """---
title: Acme | Scenario Docs
---

> This page is auto-generated from model configurations. Last updated: 2026-01-02.

This reference lists all available **Acme** image generation models and their parameters.

- [Alpha](#alpha)
- [Beta](#beta)

---

## Alpha

Makes images.

**Model ID:** `model_alpha`

**Capabilities:** `txt2img`, `img2img`

**LLM Markdown:** <https://app.scenario.com/api/models/model_alpha/markdown>

| Parameter | Type | Required | Default | Min | Max | Allowed Values | Description |
| --- | --- | --- | --- | --- | --- | --- | --- |
| `prompt` | string | Yes | - | - | 2000 | - | The \\<prompt> to \\[render] |
| `seed` | number | No | - | 0 | 2147483647 | - | - |
| `style` | string | No | “ | - | - | “, `a`, `b` | Style, see `styles` |
| `tags` | string\\_array | No | `x,y` | 1 | 3 | `x`, `y`, `z` | Tags |

## Beta

**Model ID:** `model_beta`

**Capabilities:** `txt2img`

**LLM Markdown:** <https://app.scenario.com/api/models/model_beta/markdown>

| Parameter | Type | Required | Default | Min | Max | Allowed Values | Description |
| --- | --- | --- | --- | --- | --- | --- | --- |
| `scale` | number\\_array | No | “ | 0 | 1.5 | - | Scales |
| `flag` | boolean | No | `false` | - | - | - | Flag |
"""


def test_good_page_cells() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "acme.md", GOOD)
        pages, problems = parse_or_raise([path])
    assert problems == []
    alpha, beta = (model_schema(m) for m in pages[0].models)
    assert alpha["description"] == "Makes images."
    assert alpha["properties"]["prompt"] == {
        "type": "string",
        "description": "The <prompt> to [render]",
        "maxLength": 2000,
        "x-scenario-type": "string",
    }
    assert "description" not in alpha["properties"]["seed"]
    assert alpha["properties"]["style"]["default"] == ""
    assert alpha["properties"]["style"]["enum"] == ["", "a", "b"]
    assert alpha["properties"]["style"]["description"] == "Style, see `styles`"
    assert alpha["properties"]["tags"] == {
        "type": "array",
        "description": "Tags",
        "default": ["x", "y"],
        "items": {"type": "string", "enum": ["x", "y", "z"]},
        "minItems": 1,
        "maxItems": 3,
        "x-scenario-type": "string_array",
    }
    assert beta["properties"]["scale"] == {
        "type": "array",
        "description": "Scales",
        "default": [],
        "items": {"type": "number", "minimum": 0, "maximum": 1.5},
        "x-scenario-type": "number_array",
    }
    assert beta["properties"]["flag"]["default"] is False
    assert alpha["x-scenario"]["capabilities"] == ["txt2img", "img2img"]


ROW = "| `seed` | number | No | - | 0 | 2147483647 | - | - |"

MALFORMED = [
    (
        "short row",
        lambda t: t.replace(ROW, "| `seed` | number | No | - | 0 | 2147483647 | - |"),
        ["page.md:27: model_alpha: expected 8 cells, found 7"],
    ),
    (
        "long row",
        lambda t: t.replace(ROW, ROW + " x |"),
        ["page.md:27: model_alpha: expected 8 cells, found 9"],
    ),
    (
        "wrong headers",
        lambda t: t.replace(
            "| Allowed Values | Description |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n| `prompt`",
            "| Allowed | Description |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n| `prompt`",
        ),
        [
            "page.md:24: model_alpha: expected the headers Parameter | Type | Required | Default | Min | Max | "
            "Allowed Values | Description, found Parameter | Type | Required | Default | Min | Max | Allowed | Description"
        ],
    ),
    (
        "unknown type",
        lambda t: t.replace("| `seed` | number |", "| `seed` | integer |"),
        [
            "page.md:27: model_alpha.seed: expected a type among string, number, boolean, file, model, "
            "file_array, string_array, number_array, model_array, inputs_array, found 'integer'"
        ],
    ),
    (
        "duplicate parameter",
        lambda t: t.replace(ROW, ROW + "\n" + ROW),
        ["page.md:28: model_alpha: parameter 'seed' appears twice (also at line 27)"],
    ),
    (
        "value that does not fit its type",
        lambda t: t.replace(
            "| `flag` | boolean | No | `false` |", "| `flag` | boolean | No | `maybe` |"
        ),
        ["page.md:42: model_beta.flag: Default: expected `true` or `false`, found 'maybe'"],
    ),
    (
        "min above max",
        lambda t: t.replace("| 0 | 2147483647 |", "| 10 | 5 |"),
        ["page.md:27: model_alpha.seed: expected Min <= Max, found Min 10 above Max 5"],
    ),
    (
        "missing Model ID",
        lambda t: t.replace("**Model ID:** `model_beta`\n", ""),
        ["page.md:31: expected a `**Model ID:**` line for 'Beta'"],
    ),
    (
        "unsafe Model ID",
        lambda t: t.replace("`model_beta`", "`../../etc/passwd`"),
        [
            "page.md:33: expected a Model ID of letters, digits, '.', '_' and '-' (a safe file name), "
            "found '../../etc/passwd'"
        ],
    ),
    (
        "the same Model ID twice on one page",
        lambda t: t.replace("`model_beta`", "`model_alpha`"),
        ["page.md:33: Model ID 'model_alpha' appears twice on this page (also at line 18)"],
    ),
    (
        "several problems at once",
        lambda t: t.replace("| `seed` | number |", "| `seed` | numbr |").replace(
            "| `flag` | boolean | No | `false` |", "| `flag` | boolean | Maybe | `false` |"
        ),
        [
            "page.md:27: model_alpha.seed: expected a type among string, number, boolean, file, model, "
            "file_array, string_array, number_array, model_array, inputs_array, found 'numbr'",
            "page.md:42: model_beta.flag: expected Required `Yes` or `No`, found 'Maybe'",
        ],
    ),
]


@pytest.mark.parametrize(("case", "mutate", "expected"), MALFORMED, ids=[c[0] for c in MALFORMED])
def test_malformed_pages_report_exact_lines(
    case: str, mutate: object, expected: list[str], tmp_path: Path
) -> None:
    text = mutate(GOOD)  # type: ignore[operator]
    assert text != GOOD, case
    path = write(tmp_path, "page.md", text)
    with pytest.raises(InputError) as caught:
        parse_or_raise([path])
    lines = [
        str(p).replace(str(tmp_path) + "/", "")
        for p in caught.value.problems
        if p.severity == "error"
    ]
    assert lines == expected


def test_empty_and_non_utf8_files(tmp_path: Path) -> None:
    empty = write(tmp_path, "empty.md", "  \n")
    latin = write(tmp_path, "latin.md", GOOD.encode() + b"\n\xe9t\xe9\n")
    with pytest.raises(InputError) as caught:
        parse_or_raise([empty, latin])
    assert [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems] == [
        "empty.md:1: expected a model reference page, found an empty file",
        "latin.md:44: expected UTF-8 text, found byte 0xe9",
    ]


def test_same_model_on_two_pages_later_date_wins(tmp_path: Path) -> None:
    old = write(tmp_path, "pixa.md", GOOD)
    new = write(
        tmp_path,
        "pixelcut.md",
        GOOD.replace("Acme", "Pixelcut")
        .replace("2026-01-02", "2026-03-04")
        .replace("Makes images.", "Makes better images."),
    )
    pages, problems = parse_or_raise([old, new])
    owners = {m.id: (p.name, m.description) for p in pages for m in p.models}
    assert owners["model_alpha"] == ("pixelcut.md", "Makes better images.")
    warning = [str(p) for p in problems if "model_alpha" in p.message]
    assert len(warning) == 1 and f"{old}:18" in warning[0] and "2026-03-04" in warning[0]


def test_same_model_on_two_pages_same_date_is_an_error(tmp_path: Path) -> None:
    first = write(tmp_path, "a.md", GOOD)
    second = write(tmp_path, "b.md", GOOD.replace("Acme", "Other"))
    with pytest.raises(InputError) as caught:
        parse_or_raise([first, second])
    messages = [str(p) for p in caught.value.problems]
    assert any(f"{second}:18" in m and f"{first}:18" in m and "same date" in m for m in messages)


def test_upstream_inconsistencies_are_warnings(tmp_path: Path) -> None:
    text = GOOD.replace("| `seed` | number | No | - | 0 |", "| `seed` | number | Yes | `-5` | 0 |")
    text = text.replace(
        "| `flag` | boolean | No | `false` | - | - | - |",
        "| `flag` | boolean | No | `false` | - | - | `true` |",
    )
    _, problems = parse_or_raise([write(tmp_path, "page.md", text)])
    assert [p.message for p in problems] == [
        "model_alpha.seed: a required parameter has a default (-5)",
        "model_alpha.seed: default -5 is outside [0, 2147483647]",
        "model_beta.flag: default False is not among the allowed values",
    ]
    assert all(p.severity == "warning" for p in problems)


def test_an_allowed_value_listed_twice_is_kept_once_with_a_warning(tmp_path: Path) -> None:
    many = ", ".join(f"`{n}`" for n in range(3000))  # a long list is read in linear time
    text = GOOD.replace(
        "| `seed` | number | No | - | 0 | 2147483647 | - | - |",
        f"| `seed` | number | No | - | 0 | 2147483647 | {many}, `1.0`, `2`, `2999` | - |",
    ).replace(
        "| `flag` | boolean | No | `false` | - | - | - |",
        "| `flag` | boolean | No | `false` | - | - | `true`, `false`, `true` |",
    )
    pages, problems = parse_or_raise([write(tmp_path, "page.md", text)])
    assert [p.message for p in problems] == [
        "model_alpha.seed: allowed value 1.0 is listed twice",
        "model_alpha.seed: allowed value 2 is listed twice",
        "model_alpha.seed: allowed value 2999 is listed twice",
        "model_beta.flag: allowed value True is listed twice",
    ]
    alpha, beta = (model_schema(m) for m in pages[0].models)
    assert alpha["properties"]["seed"]["enum"] == list(range(3000))
    assert beta["properties"]["flag"]["enum"] == [True, False]


def test_one_line_form_of_a_malformed_page_reports_line_one(tmp_path: Path) -> None:
    text = one_line(GOOD.replace("| `seed` | number |", "| `seed` | numbr |"))
    with pytest.raises(InputError) as caught:
        parse_or_raise([write(tmp_path, "page.md", text)])
    assert [str(p).split(": ", 1)[0] for p in caught.value.problems] == [f"{tmp_path}/page.md:1"]


def test_libyaml_and_pure_yaml_write_the_same_bytes() -> None:
    """Schemas are deterministic whether or not PyYAML was built with libyaml."""
    import yaml

    from generator.schemas import yaml_text

    if not hasattr(yaml, "CSafeDumper"):
        pytest.skip("PyYAML without libyaml here: only the pure emitter is in use")
    pages, _ = parse_or_raise(shared_pages() or [SEED_PAGE])
    for schema in (model_schema(m) for p in pages for m in p.models):
        text = yaml_text.dump(schema)
        assert text == yaml_text.dump(schema, yaml_text.pure_dumper())
        assert yaml.safe_load(text) == schema


@pytest.mark.parametrize(
    "text", ["1e3", "0o17", "0x1F", ".inf", "-.Inf", ".NaN", "null", "~", "True", "12", "1.5"]
)
def test_yaml_quotes_strings_a_yaml_1_2_reader_would_not_read_as_strings(text: str) -> None:
    import yaml

    from generator.schemas import yaml_text

    written = yaml_text.dump({"value": text})
    assert written.startswith("value: '"), written
    assert yaml.safe_load(written) == {"value": text}


def test_provider_and_kind_are_unescaped(tmp_path: Path) -> None:
    text = GOOD.replace("**Acme** image generation", "**Acme\\_Labs** image\\-generation")
    pages, _ = parse_or_raise([write(tmp_path, "page.md", text)])
    assert (pages[0].provider, pages[0].kind) == ("Acme_Labs", "image-generation")
