"""Hostile names from hand-written schemas: Python keywords and builtins as arguments, wire
names that collapse to one Python name, model ids that collide, SDK-reserved keys, and
hostile text in docstrings. Each still maps to its exact wire name."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import pytest
from client_support import HOSTILE_DESCRIPTION, generated_package, imported
from scenario_standin import StandIn

from generator.emit import client as client_emitter
from generator.emit.client import CLIENT_MEMBERS
from generator.emit.python_text import doc_text
from generator.emit.view import model_views
from generator.problems import InputError
from generator.render import Renderer

LONG_CHOICE = "an_extremely_long_parameter_name_that_keeps_going_and_going_forever_and_ever_more"
REQUIRED_FILES = "required_extremely_long_parameter_name_that_keeps_going_and_going_on_and_on_files"
REQUIRED_INPUTS = (
    "required_extremely_long_parameter_name_that_keeps_going_and_going_on_and_on_inputs"
)
REQUIRED_CHOICE = (
    "required_extremely_long_parameter_name_that_keeps_going_and_going_on_and_on_choice"
)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_package(tmp_path_factory)


@pytest.fixture(scope="module")
def models(package: Path) -> Iterator[ModuleType]:
    with imported(package) as module:
        yield module


@pytest.fixture
def api() -> Iterator[StandIn]:
    with StandIn() as standin:
        yield standin


@pytest.fixture
def client(models: ModuleType, api: StandIn) -> Iterator[Any]:
    with models.Client("key", "secret", api.base_url) as client:
        yield client


def test_keywords_and_colliding_wire_names_become_distinct_arguments(models: ModuleType) -> None:
    parameters = inspect.signature(models.Client.class_).parameters

    assert list(parameters)[1:11] == [
        "class_",
        "class__2",
        "from_",
        "self_",
        "foo_bar",
        "foo_bar_2",
        "p_1st",
        "dry_run",
        "project_id",
        "we_ird_name",
    ]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in list(parameters.values())[1:])
    assert parameters["class_"].default is inspect.Parameter.empty
    assert parameters["class__2"].default is None


def test_each_argument_is_sent_under_its_own_wire_name(client: Any, api: StandIn) -> None:
    client.class_(
        class_="c",
        class__2="c2",
        from_=1,
        self_=True,
        foo_bar="a",
        foo_bar_2="fb2",
        p_1st=2.5,
        dry_run="not a query parameter",
        project_id="not a query parameter either",
        we_ird_name="w",
        inputs=[{"kind": "x"}],
        **{REQUIRED_FILES: ["asset_f"], REQUIRED_INPUTS: [], REQUIRED_CHOICE: "y"},
    )

    [request] = api.requests
    assert request.path == "/v1/generate/custom/model_class"
    assert request.query == {}
    assert request.body == {
        "class": "c",
        "class_": "c2",
        "from": 1,
        "self": True,
        "fooBar": "a",
        "foo_bar": "fb2",
        "1st": 2.5,
        "dry_run": "not a query parameter",
        "project_id": "not a query parameter either",
        'we"ird\\name': "w",
        "inputs": [{"kind": "x"}],
        "requiredExtremelyLongParameterNameThatKeepsGoingAndGoingOnAndOnFiles": ["asset_f"],
        "requiredExtremelyLongParameterNameThatKeepsGoingAndGoingOnAndOnInputs": [],
        "requiredExtremelyLongParameterNameThatKeepsGoingAndGoingOnAndOnChoice": "y",
    }


def test_model_ids_that_map_to_one_method_name_get_numbered_in_model_id_order(
    client: Any, api: StandIn
) -> None:
    client.a_b(x=1)
    client.a_b_2(x=2)
    client.empty()

    assert [(r.path, r.body) for r in api.requests] == [
        ("/v1/generate/custom/model_a-b", {"x": 1}),
        ("/v1/generate/custom/model_a.b", {"x": 2}),
        ("/v1/generate/custom/model_empty", {}),
    ]


def test_models_named_like_client_members_or_builtins_get_numbered(
    models: ModuleType, client: Any, api: StandIn
) -> None:
    client.close_2()
    client.str_2(x="text")
    client.import_(error="a")

    assert [r.path for r in api.requests] == [
        "/v1/generate/custom/model_close",
        "/v1/generate/custom/model_str",
        "/v1/generate/custom/model_import",
    ]
    assert models.Client.close is not models.Client.close_2
    import_module = models.models.import_
    assert "ImportError" not in vars(import_module)
    assert import_module.ImportError_2 == Literal["a", "b"]


def test_hostile_text_reaches_the_docstring_intact_and_the_source_as_ascii_escapes(
    models: ModuleType, package: Path
) -> None:
    doc = " ".join(models.Client.hostile_text.__doc__.split())

    assert " ".join(HOSTILE_DESCRIPTION.split()) in doc
    assert 'Run Hostile """ text (`model_hostile-text`).' in doc
    assert 'Allowed values: \'it\\\'s """\', "\\\\", "\u202e".' in doc
    source = (package / "scenario_models" / "models" / "hostile_text.py").read_text(
        encoding="utf-8"
    )
    assert source.isascii()
    assert "\\u202e" in source
    assert models.models.hostile_text.HostileTextChoice == Literal['it\'s """', "\\", "\u202e"]
    assert models.AsyncClient.hostile_text.__doc__ == models.Client.hostile_text.__doc__


def test_docstring_text_cannot_close_the_docstring_or_hide_characters() -> None:
    escaped = doc_text('a """ b "" c\\ d \u202e\x00 e"')

    assert escaped == 'a \\"\\"" b \\"" c\\\\ d \\u202e\\x00 e\\"'
    assert escaped.isascii()
    assert '"""' not in escaped.replace('\\"', "")


def test_a_model_named_like_a_client_member_is_refused_unless_the_views_reserve_it() -> None:
    schema = {"type": "object", "properties": {}, "x-scenario": {"modelId": "model_close"}}

    with pytest.raises(InputError, match="'close' is a member of Client"):
        client_emitter.emit(model_views([schema]), Renderer())
    [view] = model_views([schema], taken_method_names=CLIENT_MEMBERS)
    assert view.python_name == "close_2"
    assert "close_2.Methods" in next(iter(client_emitter.emit([view], Renderer()).values()))
