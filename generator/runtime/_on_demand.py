"""Each model's client method, imported the first time it is asked for.

`Client` and `AsyncClient` have one method per model, and each lives in its model's
module. Inheriting them all would import every model's module (its payload types and
validator too) whenever a client is made: for the whole catalog, a tenth of a second.
At run time the clients inherit these classes instead, which find a method in its
module on first use and keep it on the class; type checkers see the full inheritance
(`_client.py`), so the typed surface is the same.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._methods import AsyncModelMethods, ModelMethods
from .models import METHODS


class _FindsMethods(type):
    """The metaclass: a model's method missing from the class is loaded from its module."""

    _holder: str
    """The class of a model's module that holds the method: `Methods`, `AsyncMethods`."""

    def __getattr__(cls, name: str) -> Any:
        module = METHODS.get(name)
        if module is None:
            raise AttributeError(f"type object {cls.__name__!r} has no attribute {name!r}")
        found = importlib.import_module(f"{__package__}.models.{module}")
        method = vars(getattr(found, cls._holder))[name]
        setattr(cls, name, method)  # found once: later lookups are plain ones
        return method

    def __dir__(cls) -> list[str]:
        return sorted({*super().__dir__(), *METHODS})


class _OnDemand:
    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *METHODS})

    if not TYPE_CHECKING:  # type checkers see each method where it is defined

        def __getattr__(self, name: str) -> Any:
            try:
                method = getattr(type(self), name)
            except AttributeError:
                message = f"{type(self).__name__!r} object has no attribute {name!r}"
                raise AttributeError(message) from None
            return method.__get__(self, type(self))


class MethodsOnDemand(_OnDemand, ModelMethods, metaclass=_FindsMethods):
    """The base of `Client` at run time: every model's method, each loaded on first use."""

    _holder = "Methods"


class AsyncMethodsOnDemand(_OnDemand, AsyncModelMethods, metaclass=_FindsMethods):
    """The base of `AsyncClient` at run time: every model's async method, on first use."""

    _holder = "AsyncMethods"
