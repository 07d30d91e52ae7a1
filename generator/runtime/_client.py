"""The client of a catalog of no model, which the runtime is type-checked against.

A build writes the real `_client.py` in its place: the same two classes, whose every
model's method type checkers see inherited from its module (`models/<name>.py`:
`Methods`, `AsyncMethods`), and which find it there on first use at run time.
"""

from typing import TYPE_CHECKING

from ._client_base import AsyncClientBase, ClientBase

if not TYPE_CHECKING:
    from ._on_demand import AsyncMethodsOnDemand as _AsyncMethods
    from ._on_demand import MethodsOnDemand as _Methods
else:

    class _Methods:
        pass  # no model, no method

    class _AsyncMethods:
        pass


class Client(_Methods, ClientBase):
    """Every model of the Scenario Generation API as a typed method (here: none)."""


class AsyncClient(_AsyncMethods, AsyncClientBase):
    """`Client` for asyncio, over `scenario_sdk.AsyncScenario`: `await` every call."""
