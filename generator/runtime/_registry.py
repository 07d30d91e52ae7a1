"""Model ID -> validator, importing each model's module on first use.

`validate("model_trellis-2", payload)` costs one import the first time and a dictionary
lookup after that; importing `scenario_models` imports no model module.
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


_validators: dict[str, Validator] = {}


def validator(model_id: str) -> Validator:
    """The `validate` function of a model, by Model ID; raises UnknownModel."""
    found = _validators.get(model_id)
    if found is None:
        name = MODULES.get(model_id)
        if name is None:
            raise UnknownModel(model_id)
        module = importlib.import_module(f"{__package__}.models.{name}")
        found = _validators[model_id] = module.validate
    return found


def validate(model_id: str, payload: object, *, lenient: bool = False) -> list[ValidationError]:
    """Every error in `payload` for the model `model_id`; [] when it is valid.

    With `lenient=True`, unknown properties and values outside an enum come back as
    warnings (severity "warning") rather than errors. Raises UnknownModel for a Model
    ID this package does not know.
    """
    found = _validators.get(model_id) or validator(model_id)
    return found(payload, lenient=lenient)
