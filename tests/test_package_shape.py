"""The generated package's shape: each model's module holds everything about the model
(its aliases, payload type, validator and client methods), `_client.py` only composes
them, so no file grows with the catalog; the module's small surface (`MODEL_ID`,
`METHOD_NAME`, `FILES`, `validate`, `Methods`, `AsyncMethods`); one mapping from schema to
annotation, hand-written schemas included; truthful docstrings for file arguments."""

from __future__ import annotations

import ast
import copy
import inspect
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.emit.python_types import LiteralAlias, model_types, python_type
from generator.output.write import write
from generator.pipeline import build
from tests.client_support import SEED_PAGE, imported

# A model of every upstream type, with file kinds and size limits, as a hand-written schema.
KINDS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Kinds",
    "type": "object",
    "additionalProperties": False,
    "required": ["mesh"],
    "properties": {
        "mesh": {
            "type": "string",
            "x-scenario-type": "file",
            "x-scenario-kind": "3d",
            "x-scenario-max-size": 104857600,
            "description": "The mesh",
        },
        "references": {
            "type": "array",
            "x-scenario-type": "file_array",
            "items": {"type": "string", "x-scenario-kind": "image"},
            "maxItems": 4,
        },
        "track": {"type": "string", "x-scenario-type": "file"},
        "lora": {"type": "string", "x-scenario-type": "model"},
        "mode": {"type": "string", "enum": ["fast", "best"], "x-scenario-type": "string"},
        "validate": {"type": "boolean"},
    },
    "x-scenario": {"modelId": "model_kinds"},
}


def _copies(count: int) -> list[dict[str, Any]]:
    """`count` distinct models of KINDS_SCHEMA's shape, with long names."""
    schemas = []
    for number in range(count):
        schema = copy.deepcopy(KINDS_SCHEMA)
        schema["x-scenario"] = {"modelId": f"model_bytedance-seedream-5-0-lite-sequential-{number}"}
        schemas.append(schema)
    return schemas


def _build(folder: Path, schemas: list[dict[str, Any]]) -> dict[str, str]:
    (folder / "schemas").mkdir(parents=True)
    for schema in schemas:
        name = schema["x-scenario"]["modelId"]
        (folder / "schemas" / f"{name}.schema.json").write_text(json.dumps(schema))
    files = build([SEED_PAGE], folder).files
    write(folder, build([SEED_PAGE], folder))
    prefix = "generated/python/scenario_models/"
    return {k.removeprefix(prefix): v for k, v in files.items() if k.endswith(".py")}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _build(tmp_path_factory.mktemp("small"), _copies(2))


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _build(tmp_path_factory.mktemp("large"), _copies(120))


def test_no_generated_python_file_grows_with_the_catalog(
    small: dict[str, str], large: dict[str, str]
) -> None:
    """A model's module is the same in any catalog; the two indexes (`_client.py`, which
    composes the methods for type checkers in groups, and `models/__init__.py`) grow by at
    most four short lines per model (three, and the groups' classes)."""
    modules = [p for p in large if p.startswith("models/") and p != "models/__init__.py"]
    added = [p for p in modules if p not in small]
    assert len(added) == 118
    for path in small:
        if path.startswith("models/") and path != "models/__init__.py":
            assert small[path] == large[path], path
    for index in ("_client.py", "models/__init__.py"):
        grown = large[index].count("\n") - small[index].count("\n")
        assert grown <= 4 * len(added), index
        assert max(len(line) for line in large[index].splitlines()) <= 120, index
    largest = max(large, key=lambda path: len(large[path]))
    assert largest not in ("_client.py", "models/__init__.py"), largest


def _bases(client: str) -> dict[str, list[str]]:
    return {
        node.name: [ast.unparse(base) for base in node.bases]
        for node in ast.walk(ast.parse(client))
        if isinstance(node, ast.ClassDef)
    }


def test_client_composes_every_model_once_through_its_groups(
    small: dict[str, str], large: dict[str, str]
) -> None:
    """Type checkers see each model's methods on `Client` (and async ones on `AsyncClient`)
    through exactly one group class; a large catalog is split in groups, a small one not."""
    few = sorted(p[len("models/") : -3] for p in small if p.startswith("models/"))
    few.remove("__init__")
    assert _bases(small["_client.py"])["_Methods"] == [f"{m}.Methods" for m in few]
    modules = sorted(p[len("models/") : -3] for p in large if p.startswith("models/"))
    modules.remove("__init__")
    classes = _bases(large["_client.py"])
    for kind in ("Methods", "AsyncMethods"):
        groups = classes[f"_{kind}"]
        # groups of 16 here: at least 16, else about the square root of the models' number
        assert len(modules) == 123 and groups == [f"_{kind}{n}" for n in range(1, 9)]
        composed = [base for group in groups for base in classes[group]]
        assert sorted(composed) == [f"{module}.{kind}" for module in modules]
        assert [len(classes[group]) for group in groups] == [16] * 7 + [11]


def test_names_are_whole_and_each_alias_is_defined_once(large: dict[str, str]) -> None:
    module = large["models/bytedance_seedream_5_0_lite_sequential_7.py"]
    alias = "BytedanceSeedream50LiteSequential7Mode"
    assert f'{alias} = Literal["fast", "best"]' in module
    assert f"mode: {alias} | None = None" in module
    assert sum(text.count(f"{alias} = ") for text in large.values()) == 1


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    folder = tmp_path_factory.mktemp("kinds")
    _build(folder, [KINDS_SCHEMA])
    with imported(folder / "generated" / "python") as module:
        yield module


def test_importing_the_package_imports_neither_the_client_nor_a_model(
    package: ModuleType,
) -> None:
    loaded = [name for name in sys.modules if name.startswith("scenario_models.")]
    assert "scenario_models._client" not in loaded
    assert not [name for name in loaded if name.startswith("scenario_models.models.")]


def test_each_model_module_has_the_surface_the_command_line_uses(package: ModuleType) -> None:
    from scenario_models._calls import FileParameter
    from scenario_models.models import kinds

    assert kinds.MODEL_ID == "model_kinds"
    assert kinds.METHOD_NAME == "kinds"
    files = kinds.FILES
    assert files == {
        "mesh": FileParameter(kind="3d", max_size=104857600),
        "references": FileParameter(kind="image"),
        "track": FileParameter(),
    }
    assert kinds.validate({"mesh": "asset_1", "mode": "slow"})[0].path == "$.mode"
    assert kinds.Payload is kinds.KindsPayload
    assert kinds.Payload.__required_keys__ == frozenset({"mesh"})
    assert package.Client.kinds is kinds.Methods.kinds
    assert inspect.iscoroutinefunction(package.AsyncClient.kinds)
    assert "validate_" in inspect.signature(package.Client.kinds).parameters
    with pytest.raises(package.InvalidPayload, match="validate"):
        package.Client("key", "secret", "http://127.0.0.1:9").kinds(mesh="a", validate_=1)


def test_file_arguments_say_what_they_take(package: ModuleType) -> None:
    doc = " ".join(package.Client.kinds.__doc__.split())
    assert "mesh: The mesh. An asset id, or the path of a local 3D file to upload first." in doc
    assert "references: Asset ids, or paths of local images to upload first. Items:" in doc
    assert "track: An asset id, or the path of a local file to upload first." in doc
    assert "lora: A model id." in doc
    assert package.AsyncClient.kinds.__doc__ == package.Client.kinds.__doc__


@pytest.mark.parametrize(
    ("schema", "wire", "argument"),
    [
        ({"type": "string", "pattern": "^a+$"}, "str", "str"),
        ({"type": ["string", "null"]}, "str | None", "str | None"),
        ({"type": ["integer", "string"], "minimum": 1}, "int | str", "int | str"),
        ({"type": "object", "properties": {"a": {}}}, "dict[str, Any]", "Mapping[str, Any]"),
        (
            {"type": "array", "items": {"type": "array", "items": {"type": "number"}}},
            "list[list[float]]",
            "Sequence[Sequence[float]]",
        ),
        ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, "str | int", "str | int"),
        ({"oneOf": [{"type": "string"}, {}]}, "Any", "Any"),
        ({"type": "array"}, "list[Any]", "Sequence[Any]"),
        ({"type": "string", "x-scenario-type": "file"}, "str", "FileInput"),
        (
            {
                "type": ["array", "null"],
                "items": {"type": "string"},
                "x-scenario-type": "file_array",
            },
            "list[str] | None",
            "Sequence[FileInput] | None",
        ),
        ({"$ref": "#/$defs/x"}, "Any", "Any"),
        (True, "Any", "Any"),
    ],
)
def test_annotations_of_hand_written_schemas(schema: Any, wire: str, argument: str) -> None:
    found = python_type(schema)
    assert (found.wire, found.argument) == (wire, argument)


def test_literal_aliases_for_enums_consts_and_items_and_none_is_not_doubled() -> None:
    properties = [
        ("mode", {"type": "string", "enum": ["a", "b"]}),
        ("tags", {"type": "array", "items": {"enum": ["x", 1, True, None]}}),
        ("fixed", {"const": "only"}),
        ("ratio", {"type": "number", "enum": [0.5, 1]}),
        ("payload", {"enum": ["clash"]}),
    ]
    taken = {"ThingPayload"}
    mode, tags, fixed, ratio, clash = model_types("Thing", properties, taken)
    assert mode.alias == LiteralAlias("ThingMode", ('"a"', '"b"'))
    assert (tags.wire, tags.argument) == ("list[ThingTags]", "Sequence[ThingTags]")
    assert tags.alias == LiteralAlias("ThingTags", ('"x"', "1", "True", "None"))
    assert fixed.alias == LiteralAlias("ThingFixed", ('"only"',))
    assert fixed.optional_argument == "ThingFixed | None"
    assert ratio.alias is None and ratio.wire == "float"
    assert clash.alias is not None and clash.alias.name == "ThingPayload_2"
    nullable = python_type({"enum": ["a", None]}, LiteralAlias("A", ('"a"', "None")))
    assert nullable.optional_argument == "A"


def test_a_client_imports_a_models_module_on_its_first_call_only(tmp_path: Path) -> None:
    """Making a client imports no model's module; its first use of a model's method imports
    that model's module alone. dir() and help() still show every method."""
    folder = tmp_path / "out"
    _build(folder, [KINDS_SCHEMA])
    probe = """
import sys
import scenario_models

def loaded():
    return sorted(n for n in sys.modules if n.startswith("scenario_models.models."))

client = scenario_models.Client("key", "secret", "http://127.0.0.1:9")
print(loaded())
method = client.trellis_2
print(loaded())
print(method.__self__ is client, "kinds" in dir(client), "kinds" in dir(scenario_models.AsyncClient))
print(scenario_models.AsyncClient.trellis_2.__doc__ == scenario_models.Client.trellis_2.__doc__)
try:
    client.no_such_model
except AttributeError as exc:
    print(exc)
"""
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=folder / "generated" / "python",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "[]",
        "['scenario_models.models.trellis_2']",
        "True True True",
        "True",
        "'Client' object has no attribute 'no_such_model'",
    ]
