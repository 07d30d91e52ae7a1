"""Typed payloads, offline validators and a typed client for Scenario's models.

`validate(model_id, payload)` returns every `ValidationError` in a payload (path,
keyword, message), [] when it is valid, using only the standard library;
`is_valid(model_id, payload)` gives the verdict alone, faster. Each model's module under
`scenario_models.models` also has its wire `TypedDict`, its own `validate` and
`is_valid`, and its client methods. Semantics are JSON Schema draft 2020-12's as the `jsonschema`
package gives them, with one deviation: NaN and the infinities are not JSON and are
rejected wherever a number is expected.

Importing this package imports no model module and not the client: `Client`,
`AsyncClient` and the job types are imported on first use.
"""

from typing import TYPE_CHECKING

# Offline validation: standard library only.
from ._registry import MODEL_IDS, UnknownModel, is_valid, validate, validator
from ._validation import InvalidPayload, ValidationError

if TYPE_CHECKING:
    from ._client import AsyncClient, Client
    from ._client_base import MissingCredentials
    from ._downloads import DownloadFailed
    from ._files import LocalFile
    from ._jobs import AsyncJob, AsyncJobResult, Job, JobFailed, JobResult, JobTimeout
    from ._methods import FileInput
    from ._transfers import Progress, Transfers
    from ._uploads import UploadFailed

__all__ = [
    "MODEL_IDS",
    "AsyncClient",
    "AsyncJob",
    "AsyncJobResult",
    "Client",
    "DownloadFailed",
    "FileInput",
    "InvalidPayload",
    "Job",
    "JobFailed",
    "JobResult",
    "JobTimeout",
    "LocalFile",
    "MissingCredentials",
    "Progress",
    "Transfers",
    "UnknownModel",
    "UploadFailed",
    "ValidationError",
    "is_valid",
    "validate",
    "validator",
]

# The typed client over scenario-sdk, imported on first use: validating needs none of it.
_CLIENT_MODULES = {
    "AsyncClient": "_client",
    "Client": "_client",
    "FileInput": "_methods",
    "MissingCredentials": "_client_base",
    "DownloadFailed": "_downloads",
    "LocalFile": "_files",
    "AsyncJob": "_jobs",
    "AsyncJobResult": "_jobs",
    "Job": "_jobs",
    "JobFailed": "_jobs",
    "JobResult": "_jobs",
    "JobTimeout": "_jobs",
    "Progress": "_transfers",
    "Transfers": "_transfers",
    "UploadFailed": "_uploads",
}


def __getattr__(name: str) -> object:
    module = _CLIENT_MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
