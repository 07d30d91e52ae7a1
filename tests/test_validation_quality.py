"""The validators' generated code is what a careful person would commit: black-formatted
as written (rendered plainly, formatted by the pinned ruff), `mypy --strict` and `ruff`
clean, one module per model, each with the header naming the command that regenerates it.

The package is generated from the seed page plus the hostile hand-written schemas of the
client tests (keywords, long names, quotes, backslashes) and this file's own long-name
schema; a hypothesis test holds what `generate` writes (rendered plainly, then formatted by
the pinned ruff) to black's on random long Model IDs, titles, names and rule messages.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import black
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import naming
from generator.emit.formatter import format_python
from generator.emit.package import PACKAGE, emit
from generator.emit.view import model_views
from generator.render import Renderer
from generator.validation.compiler import compile_schema
from generator.validation.source import HEADER
from tests.client_support import HOSTILE_SCHEMAS, generate_package

LONG = "anExtraordinarilyLongPropertyNameThatWillNotFitOnOneLineWithItsCheck"
LAYOUT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Layout " + "very long title " * 6,
    "type": "object",
    "additionalProperties": False,
    "required": [LONG, "x" * 90],
    "properties": {
        LONG: {
            "type": "array",
            "minItems": 1,
            "maxItems": 123456789,
            "uniqueItems": True,
            "items": {
                "type": "object",
                "additionalProperties": {"type": "number", "exclusiveMinimum": -1.5e-7},
                "required": ["y" * 70],
                "properties": {
                    LONG + "Inner": {"type": "integer", "multipleOf": 3, "maximum": 10**40}
                },
            },
        },
        "x" * 90: {"type": "string", "enum": ["v" * 100, "w"], "pattern": "^" + "z" * 95},
        "tags": {
            "type": "array",
            "items": {"type": "string", "enum": [f"value-{n}" for n in range(40)]},
        },
        "mixed": {"type": ["string", "null"], "maxLength": 3},
        "constant": {"const": {"nested": [1, "two", {"three": None}] * 8}},
    },
    "x-scenario": {"modelId": "model_layout"},
}
MODE = black.Mode(line_length=88, target_versions={black.TargetVersion.PY310})


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("validators-quality")
    return generate_package(out, [*HOSTILE_SCHEMAS, LAYOUT_SCHEMA])


def validator_files(package: Path) -> list[Path]:
    root = package / "scenario_models"
    models = (root / "models").glob("*.py")
    return sorted([root / "__init__.py", root / "_validation.py", root / "_registry.py", *models])


def test_one_module_per_model_each_with_the_regenerate_header(package: Path) -> None:
    models = package / "scenario_models" / "models"
    assert {p.stem for p in models.glob("*.py")} >= {"trellis", "trellis_2", "class_", "layout"}
    for path in validator_files(package):
        assert path.read_text(encoding="utf-8").splitlines()[0] == HEADER, path
    assert (package / "scenario_models" / "py.typed").exists()
    assert PACKAGE.endswith("scenario_models")


def test_the_package_metadata(package: Path) -> None:
    text = (package / "pyproject.toml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == HEADER
    lines = text.splitlines()
    for line in ('name = "scenario-models"', 'requires-python = ">=3.10"'):
        assert line in lines
    assert 'dependencies = ["scenario-sdk>=2.4,<3"]' in lines
    readme = (package / "README.md").read_text(encoding="utf-8")
    assert "NaN" in readme and "lenient" in readme.lower() and "`model_layout`" in readme


def test_no_comment_in_the_shipped_runtime_makes_the_formatter_wrap_its_code(
    package: Path,
) -> None:
    """The runtime is written at 100 columns and shipped at the package's 88: a trailing
    comment that no longer fits makes the formatter wrap a plain name in parentheses
    (`x = (\\n    name\\n)  # ...`), which nobody would write. Such a comment goes above
    its line."""
    for path in sorted((package / "scenario_models").glob("_*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not re.match(r"\s*\):?  # ", line), f"{path.name}:{number}: {line.strip()}"


def test_black_leaves_the_generated_validators_unchanged(package: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "black",
            "--check",
            "--diff",
            "-q",
            *map(str, validator_files(package)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_with_the_packages_own_configuration(package: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--output-format", "concise", "."],
        cwd=package,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_strict_on_the_validators(
    package: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The stdlib-only half of the package (the client has its own typing test)."""
    cache = getattr(request.config, "cache", None)
    cache_dir = cache.mkdir("validators-mypy") if cache is not None else tmp_path / "mypy-cache"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.10",
            "--cache-dir",
            str(cache_dir),
            "--follow-imports",
            "silent",
            *(str(p.relative_to(package)) for p in validator_files(package)),
        ],
        cwd=package,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_validators_import_nothing_outside_the_standard_library(package: Path) -> None:
    script = (
        "import sys, scenario_models\n"
        "from scenario_models.models import layout, class_\n"
        "assert scenario_models.validate('model_trellis-2', {'image': 'a'}) == []\n"
        "third = sorted(m for m in sys.modules if m.split('.')[0] not in sys.stdlib_module_names"
        " and m != '__main__' and not m.startswith('scenario_models'))\n"
        "assert third == [], third\n"
        "assert 'scenario_models._client' not in sys.modules\n"
    )
    run = subprocess.run(
        # -S: no site-packages at all, so only the standard library can be imported
        [
            sys.executable,
            "-I",
            "-S",
            "-c",
            f"import sys; sys.path.insert(0, {str(package)!r})\n" + script,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr


LONG_NAMES = st.text(
    st.sampled_from("abcXYZ_-1 '\"\\{}%\u00e9\u4e2d\U0001f600"), min_size=1, max_size=95
)


@st.composite
def long_name_schema(draw: Any) -> dict[str, Any]:
    names = draw(st.lists(LONG_NAMES, min_size=1, max_size=4, unique=True))
    leaf = st.sampled_from(
        [
            {"type": "number", "minimum": -(10**30), "maximum": 1.7976931348623157e308},
            {"type": "string", "enum": ["a" * 60, "b"], "minLength": 1},
            {"type": "array", "items": {"type": "number", "exclusiveMaximum": 3}, "maxItems": 9},
            {"type": "integer", "multipleOf": 0.25},
            {
                "type": "object",
                "properties": {"k" * 80: {"type": "boolean"}},
                "required": ["q" * 85],
            },
        ]
    )
    properties = {name: draw(leaf) for name in names}
    nested = {"type": "array", "items": {"type": "object", "properties": properties}}
    return {
        "type": "object",
        "additionalProperties": draw(st.sampled_from([False, {"type": "string"}])),
        "required": names[:1],
        "properties": {**properties, draw(LONG_NAMES): nested},
    }


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)


MODEL_IDS = st.text(st.sampled_from("abcxyz0123456789-_."), min_size=1, max_size=90).map(
    lambda tail: "model_" + tail
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    long_name_schema(),
    MODEL_IDS,
    TEXT,
    TEXT,
    st.lists(TEXT, min_size=1, max_size=3),
    st.lists(TEXT, min_size=1, max_size=3),
)
def test_model_modules_as_formatted_match_black_for_random_ids_names_titles_and_rules(
    schema: dict[str, Any],
    model_id: str,
    title: str,
    description: str,
    enum: list[str],
    messages: list[str],
) -> None:
    """What `generate` writes: rendered plainly, formatted by the pinned ruff; black agrees,
    whatever the Model ID, title, names, values and API rule messages."""
    schema = {**schema, "title": title, "description": description}
    for number, sub in enumerate(schema["properties"].values()):
        sub["description"] = description[number:]
    first = next(iter(schema["properties"]))
    schema["properties"][first] = {"type": "string", "enum": list(dict.fromkeys(enum))}
    schema["allOf"] = [
        {"if": {"required": [first]}, "then": {"required": [name]}, "x-scenario-message": text}
        for name, text in zip(schema["properties"], messages, strict=False)
    ]
    schema["x-scenario"] = {"modelId": model_id}
    (view,) = model_views([schema])
    files = format_python(emit([view], Renderer()))
    source = files[f"{PACKAGE}/models/{view.python_name}.py"]
    assert black.format_str(source, mode=MODE) == source


def test_constant_names_are_whole_however_long() -> None:
    long = "anExtraordinarilyLongPropertyNameThatWillNotFitOnOneLine" * 2
    schema = {
        "type": "object",
        "properties": {
            "shapeSlatGuidanceStrength": {"type": "number", "minimum": 0, "maximum": 10},
            long: {"type": "string", "enum": ["a", "b"]},
        },
    }
    names = [c.name for c in compile_schema(schema).constants]
    assert "_SHAPE_SLAT_GUIDANCE_STRENGTH_KEYWORDS" in names
    assert f"_{naming.argument_name(long).upper()}_ENUM" in names
