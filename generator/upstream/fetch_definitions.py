"""Reading model definitions from the API through scenario-sdk, and saving them.

`models.retrieve` (`GET /v1/models/{modelId}`) with the SDK's own credentials and base
URL (`SCENARIO_SDK_API_KEY` / `SCENARIO_SDK_API_SECRET` or `SCENARIO_SDK_JWT`,
`SCENARIO_BASE_URL`), its retries and timeouts. All or nothing: every model is read and
checked in memory first; a single failure writes nothing.

What is saved is the model object as the API returned it, keys sorted, two-space
indented, UTF-8, with a final newline: the same answer gives the same bytes. Left out are
the fields listed in LEFT_OUT, which say nothing of how the model is called and either
change between two reads of an unchanged model or should not be committed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.api.definition import SUFFIX
from generator.api.read import parse_definition
from generator.pages.parse import SAFE_MODEL_ID
from generator.problems import Problem
from generator.upstream.storage import atomic_write

if TYPE_CHECKING:
    from scenario_sdk import Scenario

LEFT_OUT = {
    "epochs": "training checkpoints, with signed URLs of their sample images",
    "parameters": "the training settings (they can hold a Weights & Biases key)",
    "performanceStats": "latency and cost aggregates, recomputed over time",
    "thumbnail": "a signed URL, new at every read",
    "trainingImagePairs": "the training data",
    "trainingImages": "the training data, with signed URLs",
    "trainingProgress": "the state of a training under way",
}
"""Fields of the model object not saved, and why."""

STATUS_MEANINGS = {
    401: "not authenticated: check SCENARIO_SDK_API_KEY and SCENARIO_SDK_API_SECRET",
    403: "access denied: these credentials cannot read this model",
    404: "no such model, or none these credentials can see",
}
NO_SDK = (
    "scenario-sdk is not installed: pip install 'scenario-codegen[api]' "
    "(or 'scenario-sdk>=2.4,<3')"
)
NO_CREDENTIALS = (
    "no credentials: set SCENARIO_SDK_API_KEY and SCENARIO_SDK_API_SECRET (or SCENARIO_SDK_JWT)"
)


class FetchError(Exception):
    """A failure of the whole command (no SDK, no credentials): one line."""


@dataclass(frozen=True)
class Fetched:
    model_id: str
    filename: str
    data: bytes
    """The file's bytes, as saved."""
    warnings: tuple[Problem, ...] = ()
    """What generate will say of this definition (its file:line once saved)."""


@dataclass(frozen=True)
class Failure:
    """One model that could not be read."""

    model_id: str
    why: str
    """One line."""
    status: int | None = None
    """The API's HTTP status, when it answered one."""

    @property
    def gone(self) -> bool:
        """The API says there is no such model (for these credentials)."""
        return self.status == 404

    def __str__(self) -> str:
        return f"{self.model_id}: {self.why}"


@dataclass
class Outcome:
    fetched: list[Fetched] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        """One line each: `<modelId>: what went wrong`."""
        return [str(failure) for failure in self.failures]


def check_model_ids(model_ids: Sequence[str]) -> list[str]:
    """One line per Model ID that cannot name a file, or is listed twice."""
    problems = []
    for index, model_id in enumerate(model_ids):
        if not SAFE_MODEL_ID.fullmatch(model_id) or ".." in model_id:
            problems.append(
                f"{model_id!r}: expected a Model ID of letters, digits, '.', '_' and '-'"
            )
        elif model_id in model_ids[:index]:
            problems.append(f"{model_id}: listed twice")
    return problems


def fetch_definitions(
    model_ids: Sequence[str], into: Path, project_id: str | None = None, **options: Any
) -> Outcome:
    """Each model's definition, read and checked; `options` go to `scenario_sdk.Scenario`
    (`timeout`, `max_retries`, ...)."""
    with api_client(**options) as client:
        return read_definitions_with(client, model_ids, into, project_id)


def read_definitions_with(
    client: Scenario, model_ids: Sequence[str], into: Path, project_id: str | None = None
) -> Outcome:
    """Each model's definition through `client` (see api_client), read and checked; `into`
    is where they would be saved (for the warnings' file names)."""
    outcome = Outcome()
    for model_id in model_ids:
        try:
            document = _retrieve(client, model_id, project_id)
            outcome.fetched.append(_checked(model_id, document, into))
        except _Failed as exc:
            outcome.failures.append(Failure(model_id, str(exc), exc.status))
    return outcome


def save(into: Path, fetched: Sequence[Fetched]) -> list[tuple[Path, str]]:
    """Write each definition that changed (atomically); each file with `new`, `updated`
    or `unchanged`."""
    statuses = []
    for item in fetched:
        target = into / item.filename
        try:
            current: bytes | None = target.read_bytes()
        except FileNotFoundError:
            current = None
        if current != item.data:
            atomic_write(target, item.data)
        statuses.append(
            (
                target,
                "unchanged" if current == item.data else "new" if current is None else "updated",
            )
        )
    return statuses


class _Failed(Exception):
    """One model could not be read; the text says why, in one line."""

    def __init__(self, why: str, status: int | None = None) -> None:
        super().__init__(why)
        self.status = status


def api_client(**options: Any) -> Scenario:
    """scenario-sdk's client, with its credentials from the environment; a FetchError when
    the SDK is not installed or no credentials are set (before any request). `options` go
    to `scenario_sdk.Scenario`. Close it (it is a context manager)."""
    try:
        from scenario_sdk import Scenario
    except ImportError:
        raise FetchError(NO_SDK) from None
    client = Scenario(**options)
    if not (client.api_key and client.api_secret) and not client.bearer_auth:
        client.close()
        raise FetchError(NO_CREDENTIALS)
    return client


def _retrieve(client: Scenario, model_id: str, project_id: str | None) -> Any:
    from scenario_sdk import APIConnectionError, APIStatusError, APITimeoutError, omit

    try:
        response = client.models.with_raw_response.retrieve(
            model_id, project_id=omit if project_id is None else project_id
        )
        return response.json()
    except APIStatusError as exc:
        meaning = STATUS_MEANINGS.get(exc.status_code, "the API refused the request")
        detail = _api_message(exc.body)
        status = f"HTTP {exc.status_code}" + (f": {detail}" if detail else "")
        raise _Failed(f"{meaning} ({status})", exc.status_code) from None
    except APITimeoutError:
        raise _Failed(f"no answer from {client.base_url} in time") from None
    except APIConnectionError as exc:
        cause = _one_line(str(exc.__cause__ or exc)) or "connection error"
        raise _Failed(f"cannot reach {client.base_url}: {cause}") from None
    except ValueError:
        raise _Failed("the API answered something that is not JSON") from None


def _checked(model_id: str, document: Any, into: Path) -> Fetched:
    model = document.get("model") if isinstance(document, dict) else None
    if not isinstance(model, dict):
        raise _Failed("the API answered JSON without a `model` object")
    if model.get("id") != model_id:
        raise _Failed(f"the API answered for another model, {_one_line(repr(model.get('id')))}")
    kept = {key: value for key, value in model.items() if key not in LEFT_OUT}
    try:
        text = json.dumps(kept, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except ValueError:
        raise _Failed("the API answered a number JSON cannot hold (NaN or infinity)") from None
    data = (text + "\n").encode("utf-8")
    filename = model_id + SUFFIX
    definition, problems = parse_definition(data, str(into / filename), filename)
    if definition is None:
        found = next((p for p in problems if p.severity == "error"), None)
        reason = found.message if found else "unusable"
        more = sum(p.severity == "error" for p in problems) - 1
        raise _Failed(
            f"its definition cannot make a schema: {reason}"
            + (f" (and {more} more)" if more > 0 else "")
        )
    return Fetched(model_id, filename, data, tuple(problems))


def _api_message(body: object) -> str:
    """The API's own explanation, when its error body has one: one short line."""
    if isinstance(body, dict):
        for key in ("message", "error", "reason"):
            if isinstance(body.get(key), str):
                return _one_line(body[key])
    return ""


def _one_line(text: str, limit: int = 200) -> str:
    """Hostile text made safe for a terminal line: printable, collapsed, bounded."""
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
