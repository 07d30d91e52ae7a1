"""The client of a catalog of no model, which the runtime is type-checked against.

A build writes the real `_client.py` in its place: the same two classes, each also
inheriting every model's methods (`models/<name>.py`: `Methods`, `AsyncMethods`).
"""

from ._client_base import AsyncClientBase, ClientBase


class Client(ClientBase):
    """Every model of the Scenario Generation API as a typed method (here: none)."""


class AsyncClient(AsyncClientBase):
    """`Client` for asyncio, over `scenario_sdk.AsyncScenario`: `await` every call."""
