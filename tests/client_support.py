"""Shared by the client tests: a generated package (the seed page plus hand-written hostile
schemas) and a way to import it without disturbing any other `scenario_models` import."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.output.write import write
from generator.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = ROOT / "upstream" / "microsoft-3d.md"

HOSTILE_DESCRIPTION = 'Ends """; import os; os.system("x") # \\ \u202e\x00 tab\there "'


def _property(upstream: str, json_type: str, **more: Any) -> dict[str, Any]:
    return {"type": json_type, "x-scenario-type": upstream, **more}


def _schema(
    model_id: str, properties: dict[str, Any], required: list[str], **more: Any
) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:scenario-codegen:model:{model_id}",
        "title": more.pop("title", model_id),
        **more,
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
        "x-scenario": {"modelId": model_id, "capabilities": [], "provider": "Test", "kind": "test"},
    }


# Hand-written schemas, as a user would drop them into schemas/: Python keywords and
# builtins as wire names, wire names that collapse to one Python name, SDK-reserved keys,
# long names and values that push black's layout, and hostile text everywhere.
HOSTILE_SCHEMAS: list[dict[str, Any]] = [
    _schema(
        "model_class",
        {
            "class": _property("string", "string", description="a keyword"),
            "class_": _property("string", "string", description="collides with class"),
            "from": _property("number", "number", minimum=0, maximum=10),
            "self": _property("boolean", "boolean"),
            "fooBar": _property("string", "string", enum=["a", "b"]),
            "foo_bar": _property("string", "string"),
            "1st": _property("number", "number"),
            "dry_run": _property("string", "string", description="the SDK's own query key"),
            "project_id": _property("string", "string"),
            'we"ird\\name': _property("string", "string"),
            "anExtremelyLongParameterNameThatKeepsGoingAndGoingForeverAndEverMore": _property(
                "string",
                "string",
                enum=["first-rather-long-value", "second-rather-long-value", 'it\'s "quoted"'],
            ),
            "anotherExtremelyLongParameterNameThatKeepsGoingAndGoingForeverAndEver": _property(
                "file_array", "array", items={"type": "string"}
            ),
            "inputs": _property("inputs_array", "array", items={"type": "object"}),
            "requiredExtremelyLongParameterNameThatKeepsGoingAndGoingOnAndOnFiles": _property(
                "file_array", "array", items={"type": "string"}
            ),
            "requiredExtremelyLongParameterNameThatKeepsGoingAndGoingOnAndOnInputs": _property(
                "inputs_array", "array", items={"type": "object"}
            ),
            "requiredExtremelyLongParameterNameThatKeepsGoingAndGoingOnAndOnChoice": _property(
                "string", "string", enum=["x", "y"]
            ),
        },
        [
            "class",
            "requiredExtremelyLongParameterNameThatKeepsGoingAndGoingOnAndOnFiles",
            "requiredExtremelyLongParameterNameThatKeepsGoingAndGoingOnAndOnInputs",
            "requiredExtremelyLongParameterNameThatKeepsGoingAndGoingOnAndOnChoice",
        ],
    ),
    # Hostile text in the title, descriptions and values. Only its docstring and source
    # are looked at: the other emitters' modules for it are not imported.
    _schema(
        "model_hostile-text",
        {
            "choice": _property(
                "string",
                "string",
                enum=['it\'s """', "\\", "\u202e"],
                description=HOSTILE_DESCRIPTION,
            )
        },
        [],
        title='Hostile """ text',
        description=HOSTILE_DESCRIPTION,
    ),
    _schema("model_a-b", {"x": _property("number", "number")}, []),
    _schema("model_a.b", {"x": _property("number", "number")}, []),
    _schema("model_empty", {}, []),
    # Named like a client member, a builtin the annotations use, and (model `import` +
    # parameter `error`) the `ImportError` the client catches.
    _schema("model_close", {}, []),
    _schema("model_str", {"x": _property("string", "string")}, []),
    _schema("model_import", {"error": _property("string", "string", enum=["a", "b"])}, []),
]


def generate_package(out: Path, schemas: Sequence[dict[str, Any]] = HOSTILE_SCHEMAS) -> Path:
    """Generate into `out` from the seed page and `schemas`; the package's folder."""
    (out / "schemas").mkdir(parents=True, exist_ok=True)
    for schema in schemas:
        model_id = schema["x-scenario"]["modelId"]
        (out / "schemas" / f"{model_id}.schema.json").write_text(json.dumps(schema, indent=2))
    write(out, build([SEED_PAGE], out))
    return out / "generated" / "python"


_generated: dict[str, Path] = {}


def generated_package(factory: pytest.TempPathFactory, *, hostile: bool = True) -> Path:
    """The generated package folder (with the hostile schemas, or from the seed page
    alone), made once per test process."""
    key = "hostile" if hostile else "seed"
    if key not in _generated:
        out = factory.mktemp(f"client-package-{key}")
        _generated[key] = generate_package(out, HOSTILE_SCHEMAS if hostile else ())
    return _generated[key]


def _package_modules() -> dict[str, ModuleType]:
    return {
        name: module
        for name, module in sys.modules.items()
        if name == "scenario_models" or name.startswith("scenario_models.")
    }


@contextmanager
def imported(package_dir: Path) -> Iterator[ModuleType]:
    """`scenario_models` imported from `package_dir`; whatever was imported before under
    that name is put back afterwards, so other tests keep their own copy."""
    saved = _package_modules()
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, str(package_dir))
    try:
        yield importlib.import_module("scenario_models")
    finally:
        sys.path.remove(str(package_dir))
        for name in _package_modules():
            del sys.modules[name]
        sys.modules.update(saved)
