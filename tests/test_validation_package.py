"""The generated package's validation API: `validate(model_id, payload)`, the registry's
lazy imports, unknown Model IDs, per-model modules and their TypedDicts."""

from __future__ import annotations

import copy
import pickle
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.client_support import generated_package, imported

REQUIRED_LONG = [
    "requiredExtremelyLongParameterNameThatKeepsGoingAndGoingOnAndOnFiles",
    "requiredExtremelyLongParameterNameThatKeepsGoingAndGoingOnAndOnInputs",
    "requiredExtremelyLongParameterNameThatKeepsGoingAndGoingOnAndOnChoice",
]


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_package(tmp_path_factory, hostile=True)


@pytest.fixture
def models(package: Path) -> Iterator[ModuleType]:
    with imported(package) as module:
        yield module


def test_importing_the_package_imports_no_model_module(models: ModuleType) -> None:
    assert not [name for name in sys.modules if name.startswith("scenario_models.models.")]
    assert models.validate("model_trellis-2", {"image": "asset"}) == []
    assert "scenario_models.models.trellis_2" in sys.modules
    assert "scenario_models.models.trellis" not in sys.modules
    assert models.validator("model_trellis-2") is models.validator("model_trellis-2")


def test_model_ids_are_listed_sorted(models: ModuleType) -> None:
    assert list(models.MODEL_IDS) == sorted(models.MODEL_IDS)
    assert {"model_trellis", "model_trellis-2", "model_class", "model_a-b"} <= set(models.MODEL_IDS)


def test_an_unknown_model_id_is_a_key_and_value_error_with_suggestions(
    models: ModuleType,
) -> None:
    with pytest.raises(KeyError) as caught:
        models.validate("model_trelis-2", {})
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, models.UnknownModel)
    assert str(caught.value) == (
        "unknown model ID 'model_trelis-2'; did you mean 'model_trellis-2' or "
        "'model_trellis' or 'model_trellis-2-retexture'?"
    )
    with pytest.raises(models.UnknownModel, match=r"^unknown model ID 'zzz'$"):
        models.validator("zzz")


def test_each_model_module_has_its_payload_type_and_validate(models: ModuleType) -> None:
    from scenario_models.models import class_, trellis_2

    hints = typing.get_type_hints(trellis_2.Trellis2Payload)
    assert hints["image"] is str and hints["seed"] is float
    assert trellis_2.Trellis2Payload.__required_keys__ == frozenset({"image"})
    assert "resolution" in trellis_2.Trellis2Payload.__optional_keys__
    assert typing.get_args(trellis_2.Trellis2Resolution) == (512, 1024, 1536)
    # keys that are not identifiers or are keywords: the functional form, same keys
    keys = class_.ClassPayload.__required_keys__ | class_.ClassPayload.__optional_keys__
    assert {"class", "from", "1st", 'we"ird\\name'} <= keys
    errors = class_.validate({"class": 1, "1st": "x", "extra": 0}, lenient=True)
    assert [(e.path, e.keyword, e.severity) for e in errors] == [
        ("$.class", "type", "error"),
        ("$['1st']", "type", "error"),
        *[(f"$.{name}", "required", "error") for name in REQUIRED_LONG],
        ("$.extra", "additionalProperties", "warning"),
    ]


def test_invalid_payload_is_exported_and_lists_every_error(models: ModuleType) -> None:
    errors = models.validate("model_trellis-2", {"seed": -1, "resolution": 3})
    exc = models.InvalidPayload(errors, "model_trellis-2")
    assert exc.errors == errors and len(errors) == 3
    assert str(exc).startswith(
        "invalid payload for model_trellis-2: 3 errors\n  $.image: required:"
    )
    assert isinstance(errors[0], models.ValidationError)


def test_errors_survive_pickling_for_worker_processes(models: ModuleType) -> None:
    """Pipelines validate in worker processes and send the errors back: unread messages
    travel unwritten and read the same on the other side."""
    payload = {"image": 1, "seed": "x", "resolution": 3, "sed": 1}
    found = models.validate("model_trellis-2", payload)
    assert [e.keyword for e in found] == ["type", "enum", "type", "additionalProperties"]
    for back in (pickle.loads(pickle.dumps(found)), copy.deepcopy(found)):
        assert back == found
        assert [e.message for e in back] == [e.message for e in found]
        assert all(isinstance(e, models.ValidationError) for e in back)
