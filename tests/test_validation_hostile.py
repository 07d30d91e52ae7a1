"""Hostile upstream text: names and descriptions with quotes, triple quotes, backslashes,
Jinja syntax, non-identifiers, Python keywords and builtins. From a page and from a
hand-written schema, `generate` writes only under schemas/ and generated/; the generated
validators compile, import, validate; no upstream text runs (a canary would leave a file).
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
import subprocess
import sys
import textwrap
import tokenize
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages.grammar import CONTROL
from generator.pages.model import Model, Param
from generator.render import py_str
from tests.conftest import ROOT, SEED_PAGE
from tests.pages import page
from tests.validation_support import expected_errors

CANARY = "PWNED"
RUN_CANARY = f"__import__('pathlib').Path('{CANARY}').touch()"
HOSTILE_TEXTS = [
    "quote \" and ' and \"\"\"triple\"\"\" and '''single triple'''",
    "back\\slash \\n \\x00 \\u1234 and a trailing backslash \\",
    "{{ 7 * 7 }} {% for x in range(3) %}{{ x }}{% endfor %} {# comment #} ${x} %(x)s",
    f'"); {RUN_CANARY}; ("',
    f'"""\n{RUN_CANARY}\n"""',
    'ends with a quote"',
    "\u202e\u2066bidi\u2069 \u200bzero width \ufeff bom \U0001f600 emoji caf\u00e9 \u4e2d\u6587",
]
HOSTILE_NAMES = [
    "a-b", "1st", "class", "from", "None", "True", "self", "print", "errors", "payload",
    "value", "lenient", "_v", "re", "validate", "__init__", "__class__", "it's", 'say "hi"',
    "back\\slash", "{{ x }}", "{% y %}", "x y", "caf\u00e9", "\u4e2d\u6587", "",
]  # fmt: skip


def hostile_schema() -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for number, name in enumerate(HOSTILE_NAMES):
        text = HOSTILE_TEXTS[number % len(HOSTILE_TEXTS)]
        kind = ("string", "number", "boolean")[number % 3]
        schema: dict[str, Any] = {"type": kind, "description": text, "x-scenario-type": kind}
        if kind == "string" and number % 2:
            schema["enum"] = [text, name, "plain"]
        if kind == "number":
            schema.update(minimum=-1, maximum=1)
        properties[name] = schema
    properties["list-of-things"] = {
        "type": "array",
        "items": {"type": "string", "enum": HOSTILE_TEXTS},
        "description": HOSTILE_TEXTS[4],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:test:model_hostile",
        "title": HOSTILE_TEXTS[4] + " " + HOSTILE_TEXTS[2],
        "description": HOSTILE_TEXTS[3],
        "type": "object",
        "additionalProperties": False,
        "required": ["class", "a-b", ""],
        "properties": properties,
        "x-scenario": {"modelId": "model_hostile", "provider": HOSTILE_TEXTS[1], "kind": "x"},
    }


def hostile_page() -> str:
    # A page holding a control character (a bidi override) is refused at its line
    # (tests/test_parse_faults.py); the hand-written schema above keeps them.
    params = tuple(
        Param(
            name=name,
            type=("string", "number", "boolean", "string_array")[number % 4],
            required=number % 5 == 0,
            description=CONTROL.sub("", HOSTILE_TEXTS[number % len(HOSTILE_TEXTS)]).replace(
                "\n", " "
            ),
            line=0,
        )
        for number, name in enumerate(
            ["a-b", "1st", "class", "from", "None", "self", "print", "x_y"]
        )
    )
    model = Model(
        id="model_hostile-page",
        name='Hostile {{ page }} """ model',
        description=HOSTILE_TEXTS[2],
        capabilities=("txt2img",),
        provider="Acme",
        kind="image generation",
        params=params,
        line=0,
    )
    return page([model])


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`generate` run in an empty working folder, out of tree, on the seed page, a hostile
    page and a hostile hand-written schema."""
    base = tmp_path_factory.mktemp("hostile")
    upstream, out, cwd = base / "upstream", base / "out", base / "cwd"
    for folder in (upstream, out / "schemas", cwd):
        folder.mkdir(parents=True)
    (upstream / "seed.md").write_text(SEED_PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    (upstream / "hostile.md").write_text(hostile_page(), encoding="utf-8")
    (out / "schemas" / "model_hostile.schema.json").write_text(
        json.dumps(hostile_schema(), indent=2, ensure_ascii=False), encoding="utf-8"
    )
    before = {p for p in base.rglob("*")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--upstream",
            str(upstream),
            "--out",
            str(out),
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    written = {p for p in base.rglob("*")} - before
    return {"base": base, "out": out, "cwd": cwd, **{str(p): p for p in written}}


def test_generate_writes_only_under_schemas_and_generated(generated: dict[str, Path]) -> None:
    out = generated["out"]
    written = [p for key, p in generated.items() if key.startswith("/")]
    assert written
    for path in written:
        relative = path.relative_to(out)  # raises when outside the output folder
        assert relative.parts[0] in ("schemas", "generated"), relative
    assert list(generated["cwd"].iterdir()) == []
    assert not list(generated["base"].rglob(CANARY))


def test_generated_modules_compile_with_upstream_text_only_in_literals_comments_docs(
    generated: dict[str, Path],
) -> None:
    models = generated["out"] / "generated/python/scenario_models/models"
    for name in ("hostile.py", "hostile_page.py"):
        source = (models / name).read_text(encoding="utf-8")
        compile(source, name, "exec")
        tokens = tokenize.generate_tokens(io.StringIO(source).readline)
        for token in tokens:
            if token.type == tokenize.COMMENT or token.string.startswith('"""'):
                continue  # comments and docstrings: text, escaped, never code
            assert token.string.isascii(), f"{name}:{token.start[0]}: {token.string!r}"
        assert "{{ 7 * 7 }}" in source and "49" not in source  # Jinja syntax stays text


VALIDATE = textwrap.dedent("""
    import json, sys
    import scenario_models
    from scenario_models.models import hostile, hostile_page

    payload, lenient = json.loads(sys.stdin.read())
    found = scenario_models.validate("model_hostile", payload, lenient=lenient)
    print(json.dumps([[e.path, e.keyword, e.severity, e.message] for e in found]))
    print(json.dumps(sorted(hostile.HostilePayload.__required_keys__)))
    print(json.dumps([e.keyword for e in hostile_page.validate({"class": 1})]))
    """)


def run_validator(generated: dict[str, Path], payload: Any, lenient: bool = False) -> list[Any]:
    result = subprocess.run(
        [sys.executable, "-c", VALIDATE],
        input=json.dumps([payload, lenient]),
        cwd=generated["cwd"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(generated["out"] / "generated" / "python")},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def valid_payload(schema: dict[str, Any]) -> dict[str, Any]:
    values = {"string": "plain", "number": 0.5, "boolean": True}
    payload: dict[str, Any] = {
        name: values[schema["properties"][name]["type"]] for name in schema["required"]
    }
    payload["list-of-things"] = HOSTILE_TEXTS
    return payload


def test_the_generated_validators_import_and_validate_hostile_keys(
    generated: dict[str, Path],
) -> None:
    schema = hostile_schema()
    found, required, page_keywords = run_validator(generated, valid_payload(schema))
    assert found == []
    assert required == sorted(schema["required"])
    # the page's `a-b` and `self` are required, its `class` is a boolean
    assert page_keywords == ["required", "type", "required"]

    broken = {name: [] for name in HOSTILE_NAMES[:12]}  # every type broken
    broken.update({"{% y %}": "not in enum", "payloads": 1, "list-of-things": ["nope"]})
    found, _, _ = run_validator(generated, broken)
    assert sorted((path, keyword) for path, keyword, _, _ in found) == expected_errors(
        schema, broken
    )
    assert ("$['{% y %}']", "enum") in [(p, k) for p, k, _, _ in found]
    messages = {path: message for path, _, _, message in found}
    assert 'did you mean "payload"?' in messages["$.payloads"]
    assert not list(generated["base"].rglob(CANARY))


def test_lenient_mode_through_the_registry(generated: dict[str, Path]) -> None:
    payload = valid_payload(hostile_schema())
    payload.update({"newKey": 1, "{% y %}": "new value"})
    found, _, _ = run_validator(generated, payload, lenient=True)
    assert [(path, keyword, severity) for path, keyword, severity, _ in found] == [
        ("$['{% y %}']", "enum", "warning"),
        ("$.newKey", "additionalProperties", "warning"),
    ]


_ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF)) | st.lists(
    st.sampled_from(list("\\\"'\n\r\t\x00\x1f\x7f\x80\x9f\xa0\u2028\u2029\ud800\udfff{}é"))
).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_ANY_TEXT)
def test_a_string_literal_holds_any_text_as_data(text: str) -> None:
    literal = py_str(text)
    assert ast.literal_eval(literal) == text
    assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]", literal)
    body = literal[1:-1]
    quote = literal[0]
    assert quote == ("'" if text.count('"') > text.count("'") else '"')
    assert re.fullmatch(rf"(?:[^\\{quote}]|\\.)*", body, re.DOTALL)  # no quote ends it early
