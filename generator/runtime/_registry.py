"""Model ID -> validator, importing each model's module on first use.

`validate("model_trellis-2", payload)` and `is_valid(...)` cost one import the first time
and a dictionary lookup after that; importing `scenario_models` imports no model module.
"""

from __future__ import annotations

import difflib
import importlib
from typing import Protocol

from ._validation import ValidationError
from .models import MODULES

MODEL_IDS: tuple[str, ...] = tuple(MODULES)
"""Every model this package validates, sorted."""


class Validator(Protocol):
    def __call__(self, payload: object, *, lenient: bool = False) -> list[ValidationError]: ...


class UnknownModel(KeyError, ValueError):
    """A model ID this package does not know; the message suggests the closest ones."""

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id
        close = difflib.get_close_matches(model_id, MODEL_IDS, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
        self.message = f"unknown model ID {model_id!r}{hint}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class Verdict(Protocol):
    def __call__(self, payload: object) -> bool: ...


_validators: dict[str, Validator] = {}
_verdicts: dict[str, Verdict] = {}


def _load(model_id: str) -> tuple[Validator, Verdict]:
    """Import a model's module (once) and keep its two functions."""
    name = MODULES.get(model_id)
    if name is None:
        raise UnknownModel(model_id)
    module = importlib.import_module(f"{__package__}.models.{name}")
    _validators[model_id] = module.validate
    _verdicts[model_id] = module.is_valid
    return module.validate, module.is_valid


def validator(model_id: str) -> Validator:
    """The `validate` function of a model, by Model ID; raises UnknownModel."""
    found = _validators.get(model_id)
    return found if found is not None else _load(model_id)[0]


def validate(model_id: str, payload: object, *, lenient: bool = False) -> list[ValidationError]:
    """Every error in `payload` for the model `model_id`; [] when it is valid.

    With `lenient=True`, unknown properties and values outside an enum come back as
    warnings (severity "warning") rather than errors. Raises UnknownModel for a Model
    ID this package does not know.
    """
    try:  # a subscript, not `.get`: this runs for every payload
        found = _validators[model_id]
    except KeyError:
        found = _load(model_id)[0]
    return found(payload, lenient=lenient)


def is_valid(model_id: str, payload: object) -> bool:
    """Whether `payload` is valid for the model `model_id`: what `validate` would say,
    without making an error object or a message. Raises UnknownModel."""
    try:
        found = _verdicts[model_id]
    except KeyError:
        found = _load(model_id)[1]
    return found(payload)
