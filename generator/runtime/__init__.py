"""Typed payloads, offline validators and a typed client for Scenario's models.

`validate(model_id, payload)` returns every `ValidationError` in a payload (path,
keyword, message), [] when it is valid, using only the standard library; each model's
module under `scenario_models.models` also has its wire `TypedDict`, its own `validate`
and its client methods. Semantics are JSON Schema draft 2020-12's as the `jsonschema`
package gives them, with one deviation: NaN and the infinities are not JSON and are
rejected wherever a number is expected.

Importing this package imports no model module and not the client: `Client`,
`AsyncClient` and the job types are imported on first use.
"""

from typing import TYPE_CHECKING

# Offline validation: standard library only.
from ._registry import MODEL_IDS, UnknownModel, validate, validator
from ._validation import InvalidPayload, ValidationError

if TYPE_CHECKING:
    from ._calls import FileInput
    from ._client import AsyncClient, Client
    from ._jobs import AsyncJob, Job, JobFailed, JobResult, JobTimeout

__all__ = [
    "MODEL_IDS",
    "AsyncClient",
    "AsyncJob",
    "Client",
    "FileInput",
    "InvalidPayload",
    "Job",
    "JobFailed",
    "JobResult",
    "JobTimeout",
    "UnknownModel",
    "ValidationError",
    "validate",
    "validator",
]

# The typed client over scenario-sdk, imported on first use: validating needs none of it.
_CLIENT_MODULES = {
    "AsyncClient": "_client",
    "Client": "_client",
    "FileInput": "_calls",
    "AsyncJob": "_jobs",
    "Job": "_jobs",
    "JobFailed": "_jobs",
    "JobResult": "_jobs",
    "JobTimeout": "_jobs",
}


def __getattr__(name: str) -> object:
    module = _CLIENT_MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
