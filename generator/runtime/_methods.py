"""What a model's module needs of the client at import time, and nothing more.

Each model's module defines its client methods on `ModelMethods` / `AsyncModelMethods`
and names its file arguments with `FileParameter`. Validating a payload imports that
module, so these stay light: the client's machinery (jobs, uploads, the SDK) is imported
by `ClientBase`, which implements `_start`, only when a client is made.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

if TYPE_CHECKING:
    from ._jobs import AsyncJob, Job
    from ._registry import Validator

FileInput: TypeAlias = str | os.PathLike[str]
"""A file argument: an asset id (a `str`), or the path of a local file to upload first
(a `pathlib.Path`, or a `LocalFile` naming its kind)."""


class FileParameter(NamedTuple):
    """What a model's schema says of a file argument (`x-scenario-type` file or
    file_array), each when known: the kind of file it takes (`x-scenario-kind`: `3d`,
    `audio`, `image`, ...), which is the kind its uploads get, and its size limit in
    bytes (`x-scenario-max-size`), checked before any upload."""

    kind: str | None = None
    max_size: int | None = None


class ModelMethods:
    """The base of a model's methods: they check their arguments and start a job."""

    def _start(
        self,
        model_id: str,
        validate: Validator,
        arguments: dict[str, Any],
        files: Mapping[str, FileParameter] | None = None,
    ) -> Job:
        raise NotImplementedError  # ClientBase implements it


class AsyncModelMethods:
    """The base of a model's async methods."""

    async def _start(
        self,
        model_id: str,
        validate: Validator,
        arguments: dict[str, Any],
        files: Mapping[str, FileParameter] | None = None,
    ) -> AsyncJob:
        raise NotImplementedError  # AsyncClientBase implements it
