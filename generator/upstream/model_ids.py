"""The Model IDs of the sources list, for `sync`: their definitions, read through the API.

Read in memory (generator/upstream/fetch_definitions.py, scenario-sdk with the user's
credentials), never saved before the whole sync is planned. A model the API answers 404 for is gone (no such
model, or none these credentials can see): like a gone page, it stays until pruned. Any
other failure (401, 403, the network, a definition that cannot make a schema) is one line.
The credentials are asked for only when the list names a Model ID, before any request: a
list of pages alone needs none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.api.definition import SUFFIX
from generator.listing import ListedModel
from generator.problems import InputError, Problem
from generator.upstream.fetch_definitions import (
    Fetched,
    FetchError,
    api_client,
    read_definitions_with,
)

if TYPE_CHECKING:
    from scenario_sdk import Scenario


@dataclass(frozen=True)
class GoneModel:
    model_id: str
    message: str
    """One line: `<Model ID>: no such model, ... (HTTP 404: ...)`."""
    status: int

    @property
    def filename(self) -> str:
        return self.model_id + SUFFIX


@dataclass(frozen=True)
class ModelsRead:
    fetched: list[Fetched] = field(default_factory=list)
    gone: list[GoneModel] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def open_api(listing: Path, models: Sequence[ListedModel], timeout: float) -> Scenario | None:
    """The SDK's client when the list names Model IDs (None when not); an InputError at the
    first Model ID's line when it cannot be had (no SDK, no credentials)."""
    if not models:
        return None
    try:
        return api_client(timeout=timeout)
    except FetchError as exc:
        first = models[0]
        more = f" (and {len(models) - 1} more Model IDs)" if len(models) > 1 else ""
        why = f"{first.model_id}{more}: read from the API, {exc}"
        raise InputError([Problem(str(listing), first.line, why)]) from None


def read_listed(
    client: Scenario, models: Sequence[ListedModel], into: Path, project_id: str | None = None
) -> ModelsRead:
    """Each listed model's definition, checked as `fetch-models` checks it."""
    outcome = read_definitions_with(client, [m.model_id for m in models], into, project_id)
    read = ModelsRead(outcome.fetched)
    for failure in outcome.failures:
        if failure.gone and failure.status is not None:
            read.gone.append(GoneModel(failure.model_id, str(failure), failure.status))
        else:
            read.failures.append(str(failure))
    return read


def differs(into: Path, fetched: Fetched) -> bool:
    """The definition read is not the one saved (or none is)."""
    try:
        return (into / fetched.filename).read_bytes() != fetched.data
    except OSError:
        return True
