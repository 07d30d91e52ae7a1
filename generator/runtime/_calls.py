"""What every client method does before a request: drop the arguments left out, check
the payload against the model's validator, and find the local files to upload.

Nothing here talks to the API, so a call that fails here has sent nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ._methods import FileParameter
from ._registry import Validator
from ._validation import InvalidPayload


@dataclass(frozen=True)
class Call:
    model_id: str
    payload: dict[str, Any]
    """The wire payload; path arguments still hold their paths until the upload."""
    paths: tuple[str, ...]
    """Distinct local files named by the file arguments, in argument order."""

    def with_asset_ids(self, asset_ids: Mapping[str, str]) -> dict[str, Any]:
        """The payload to send: every path replaced by the id of its uploaded asset."""

        def resolve(value: Any) -> Any:
            if isinstance(value, os.PathLike):
                return asset_ids[os.fspath(value)]
            if isinstance(value, list):
                return [resolve(item) for item in value]
            return value

        return {key: resolve(value) for key, value in self.payload.items()}


def prepare(
    model_id: str,
    validate: Validator,
    arguments: Mapping[str, Any],
    files: Mapping[str, FileParameter] | None = None,
) -> Call:
    """The payload of the arguments given (None means left out), checked by the model's
    `validate` before sending.

    Raises:
        InvalidPayload: with every error the model's validator found.
    """
    payload = {key: _wire(value) for key, value in arguments.items() if value is not None}
    paths: dict[str, None] = {}
    file_keys = files or {}
    for key in file_keys:
        for path in _paths_in(payload.get(key)):
            paths.setdefault(os.fspath(path), None)
    # A file argument's path is checked as the string it is (its asset id is not known
    # yet); a path anywhere else stays a path, which the validator refuses.
    checked = {
        key: _path_as_text(value) if key in file_keys else value for key, value in payload.items()
    }
    errors = validate(checked)
    if errors:
        raise InvalidPayload(errors, model_id)
    return Call(model_id, payload, tuple(paths))


def _wire(value: Any) -> Any:
    """Sequences and mappings as the JSON lists and objects the validator expects."""
    if isinstance(value, (str, bytes, os.PathLike)):
        return value
    if isinstance(value, Mapping):
        return {key: _wire(item) for key, item in value.items()}
    if isinstance(value, Sequence):
        return [_wire(item) for item in value]
    return value


def _paths_in(value: Any) -> list[os.PathLike[str]]:
    if isinstance(value, os.PathLike):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, os.PathLike)]
    return []


def _path_as_text(value: Any) -> Any:
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, list):
        return [_path_as_text(item) for item in value]
    return value
