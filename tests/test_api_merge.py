"""A model with a page and an API definition: one schema, the API winning where they
disagree, with a warning at the page's line naming the definition's file and line."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.api.read import parse_definition
from generator.api.rules import MESSAGE
from generator.api.schema import definition_schema
from generator.api.sources import WithDefinitions, with_definitions
from generator.pages.parse import parse_pages
from generator.schemas.build import model_schema
from tests.api_models import MESSAGES, TRELLIS_2_ID, inputs_of, trellis_2
from tests.conftest import ROOT, SEED_PAGE, SHARED, require_shared
from tests.models_standin import model

DOC_PAGE = ROOT / "generated" / "docs" / "model_trellis-2.md"
"""The seed's Trellis 2 as a page in the normal form (our docs), for real line numbers."""
DEFINITION = "upstream/model_trellis-2.model.json"


@pytest.fixture
def docs_site() -> Path:
    return require_shared(SHARED / "docs-site")


def merged(page: Path, definition: dict[str, Any]) -> WithDefinitions:
    pages, problems = parse_pages([page])
    assert not [p for p in problems if p.severity == "error"]
    text = json.dumps(definition, indent=2, sort_keys=True)
    read, problems = parse_definition(text.encode(), DEFINITION, Path(DEFINITION).name)
    assert read is not None and problems == [], problems
    schemas = [model_schema(m) for p in pages for m in p.models]
    return with_definitions(pages, schemas, [read])


def definition_line(definition: dict[str, Any], name: str) -> int:
    """The line of an input's object in the saved definition."""
    lines = json.dumps(definition, indent=2, sort_keys=True).splitlines()
    at = lines.index(f'      "name": "{name}",')
    while lines[at] != "    {":
        at -= 1
    return at + 1


def _input(definition: dict[str, Any], name: str) -> dict[str, Any]:
    return next(i for i in definition["inputs"] if i["name"] == name)


def page_line(name: str) -> int:
    lines = DOC_PAGE.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if text.startswith(f"| `{name}` |"))


def schema_of(result: WithDefinitions, model_id: str = TRELLIS_2_ID) -> dict[str, Any]:
    return next(s for s in result.schemas if s["x-scenario"]["modelId"] == model_id)


def test_the_page_keeps_its_table_and_gains_the_apis_rules() -> None:
    result = merged(SEED_PAGE, trellis_2())
    page = model_schema(
        next(m for p in parse_pages([SEED_PAGE])[0] for m in p.models if m.id == TRELLIS_2_ID)
    )
    schema = schema_of(result)
    assert [s["x-scenario"]["modelId"] for s in result.schemas] == [
        "model_trellis",
        "model_trellis-2",
        "model_trellis-2-retexture",
    ]
    assert schema["x-scenario"] == {**page["x-scenario"], "source": "page+api"}
    assert (schema["title"], schema["description"]) == (page["title"], page["description"])
    assert list(schema["properties"]) == list(page["properties"])
    assert schema["required"] == page["required"] == ["image"]
    assert schema["properties"]["image"] == {
        **page["properties"]["image"],
        "x-scenario-kind": "image",
        "x-scenario-max-size": 10485760,
        "x-scenario-type": "file",
    }
    assert schema["properties"]["seed"]["maximum"] == 4294967295
    for name in set(page["properties"]) - {"image", "seed"}:
        assert schema["properties"][name] == page["properties"][name], name
    assert schema["allOf"] == [
        {
            "dependentRequired": {"texSlatGuidanceStrength": ["texSlatRescaleT"]},
            MESSAGE: MESSAGES["texSlatRescaleT"],
        },
        {
            "if": {"required": ["remesh"], "properties": {"remesh": {"enum": [True]}}},
            "then": {"required": ["remeshBand"]},
            MESSAGE: '"remeshBand" is required when "remesh" is true',
        },
    ]
    jsonschema.Draft202012Validator.check_schema(schema)
    other = schema_of(result, "model_trellis")
    assert "source" not in other["x-scenario"] and other == model_schema(
        next(m for p in parse_pages([SEED_PAGE])[0] for m in p.models if m.id == "model_trellis")
    )
    assert result.sources == {
        TRELLIS_2_ID: {
            "file": "model_trellis-2.model.json",
            "updatedAt": "2026-02-01T09:30:00.000Z",
            "sha256": result.sources[TRELLIS_2_ID]["sha256"],
        }
    }


def test_a_disagreement_on_a_bound_warns_at_the_pages_line_naming_the_definitions() -> None:
    definition = trellis_2()
    result = merged(DOC_PAGE, definition)
    assert [str(w) for w in result.warnings] == [
        f"{DOC_PAGE}:{page_line('seed')}: warning: model_trellis-2: `seed`: the page says "
        f"maximum 2147483647, the API ({DEFINITION}:{definition_line(definition, 'seed')}) "
        "says 4294967295; using the API's"
    ]


def with_changes(**changes: dict[str, Any]) -> dict[str, Any]:
    definition = trellis_2()
    for name, change in changes.items():
        item = _input(definition, name)
        for key, value in change.items():
            if value is None:
                item.pop(key, None)
            else:
                item[key] = value
    return definition


@pytest.mark.parametrize(
    ("changes", "property_name", "expected", "message"),
    [
        (
            {"resolution": {"allowedValues": [512, 1024]}},
            "resolution",
            {"enum": [512, 1024]},
            "the page says allowed values [512, 1024, 1536], the API (...) says [512, 1024]",
        ),
        (
            {"ssSamplingSteps": {"default": 25}},
            "ssSamplingSteps",
            {"default": 25},
            "the page says default 20, the API (...) says 25",
        ),
        (
            {"remeshBand": {"max": None}},
            "remeshBand",
            {"maximum": None},
            "the page says maximum 4, the API (...) sets none; left out",
        ),
        (
            {"remesh": {"type": "string", "default": "yes", "description": None}},
            "remesh",
            {"type": "string", "default": "yes", "x-scenario-type": "string"},
            "the page says type boolean, the API (...) says string",
        ),
    ],
)
def test_the_api_wins_each_kind_of_disagreement(
    changes: dict[str, Any], property_name: str, expected: dict[str, Any], message: str
) -> None:
    definition = with_changes(**changes)
    result = merged(DOC_PAGE, definition)
    schema = schema_of(result)["properties"][property_name]
    for key, value in expected.items():
        assert schema.get(key) == value, key
    assert schema["description"]  # the page's description stays
    where = f"{DEFINITION}:{definition_line(definition, property_name)}"
    wanted = message.replace("...", where)
    assert any(
        str(w).startswith(f"{DOC_PAGE}:{page_line(property_name)}: warning: ") and wanted in str(w)
        for w in result.warnings
    ), [str(w) for w in result.warnings]


def test_inputs_and_requirements_follow_the_api() -> None:
    definition = with_changes(image={"required": None}, seed={"required": {"always": True}})
    definition["inputs"] = [i for i in definition["inputs"] if i["name"] != "textureSize"]
    definition["inputs"].append(
        {"name": "outputFormat", "type": "string", "allowedValues": ["glb"]}
    )
    result = merged(DOC_PAGE, definition)
    schema = schema_of(result)
    assert "textureSize" not in schema["properties"]
    assert list(schema["properties"])[-1] == "outputFormat"
    assert schema["required"] == ["seed"]
    messages = [str(w).split(": warning: model_trellis-2: ")[1] for w in result.warnings]
    api = f"the API ({DEFINITION}"
    assert (
        f"`image`: the page says required, {api}:{definition_line(definition, 'image')}) says optional; using the API's"
        in messages
    )
    assert (
        f"`seed`: the page says optional, {api}:{definition_line(definition, 'seed')}) says required; using the API's"
        in messages
    )
    assert f"`textureSize`: {api}:{_id_line(definition)}) has no such input; left out" in messages
    assert (
        f"the page does not list `outputFormat`; added from {api}:{definition_line(definition, 'outputFormat')})"
        in messages
    )


def _id_line(definition: dict[str, Any]) -> int:
    lines = json.dumps(definition, indent=2, sort_keys=True).splitlines()
    return lines.index(f'  "id": "{TRELLIS_2_ID}",') + 1


def test_a_page_input_required_only_by_the_apis_rules_says_so() -> None:
    definition = with_changes(
        image={"required": {"ifNotDefined": {"seed": "Give an image or a seed"}}}
    )
    result = merged(DOC_PAGE, definition)
    assert schema_of(result)["required"] == []
    assert any("says required only as its rules say" in str(w) for w in result.warnings)


def test_equal_values_written_differently_are_no_disagreement() -> None:
    definition = with_changes(ssGuidanceStrength={"max": 10.0}, remesh={"default": True})
    result = merged(DOC_PAGE, definition)
    assert not any("ssGuidanceStrength" in str(w) for w in result.warnings)
    assert schema_of(result)["properties"]["ssGuidanceStrength"]["maximum"] == 10
    assert copy.deepcopy(result.schemas) == result.schemas


def test_across_the_catalog_an_api_definition_saying_what_the_page_says_changes_nothing(
    docs_site: Path,
) -> None:
    pages, _ = parse_pages(sorted(docs_site.glob("*.md")))
    definitions = []
    for page in pages:
        for found in page.models:
            text = json.dumps(model(found.id, inputs_of(found), name=found.name)).encode()
            read, problems = parse_definition(text, f"{found.id}.model.json", "x")
            assert read is not None and problems == [], (found.id, problems)
            definitions.append(read)
    schemas = [model_schema(m) for p in pages for m in p.models]
    assert len(schemas) > 400
    result = with_definitions(pages, copy.deepcopy(schemas), definitions)
    assert result.warnings == []
    for page_schema, merged_schema in zip(schemas, result.schemas, strict=True):
        source = merged_schema["x-scenario"].pop("source")
        assert (source, merged_schema) == ("page+api", page_schema)
    for definition, page_schema in zip(definitions, schemas, strict=True):
        api = definition_schema(definition)
        assert (api["required"], api["properties"]) == (
            page_schema["required"],
            page_schema["properties"],
        ), definition.model_id
