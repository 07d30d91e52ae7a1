"""A loopback stand-in of `GET /v1/models/{modelId}`, on tests/loopback.py.

As strict as the API where the tests can tell: HTTP Basic credentials or a 401, a 403 for
a model these credentials may not read, a 404 for an unknown one, and every model it
serves is first accepted by scenario-sdk's own `ModelRetrieveResponse` (each nested
`inputs` entry by its `ModelInput`), so no test feeds fetch-models a definition the SDK's
types refuse. Like the real API, it answers fields that change at every read (a signed
thumbnail URL) and fields that must not be committed (training parameters).
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from scenario_sdk.types.model_retrieve_response import ModelInput, ModelRetrieveResponse

from tests.loopback import Loopback, Route, Seen, serve

API_KEY = "standin-key"
API_SECRET = "standin-secret"
PREFIX = "/v1/models/"


def model(model_id: str, inputs: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """A model object as the API returns it (its required fields, volatile ones included)."""
    return {
        "id": model_id,
        "name": fields.pop("name", model_id),
        "capabilities": ["txt2img", "img2img"],
        "collectionIds": [],
        "createdAt": "2026-01-05T10:00:00.000Z",
        "custom": True,
        "exampleAssetIds": ["asset_example"],
        "privacy": "private",
        "source": "scenario",
        "status": "trained",
        "tags": ["standin"],
        "trainingImagesNumber": 12,
        "type": "flux.1-lora",
        "updatedAt": "2026-02-01T09:30:00.000Z",
        "ownerId": "team_standin",
        "parameters": {"learningRate": 0.0001, "wandbKey": "wandb-secret-key"},
        "inputs": inputs,
        **fields,
    }


class ModelsStandIn:
    def __init__(self, loopback: Loopback) -> None:
        self.loopback = loopback
        self.models: dict[str, dict[str, Any]] = {}
        self.forbidden: set[str] = set()
        self.reads = 0

    @property
    def base_url(self) -> str:
        return self.loopback.url("/v1")

    @property
    def requests(self) -> list[Seen]:
        return [s for s in self.loopback.seen if s.path.startswith(PREFIX)]

    def add(self, *models: dict[str, Any]) -> None:
        for item in models:
            ModelRetrieveResponse.model_validate({"model": item})
            for entry in item.get("inputs") or []:
                _validate_nested(entry)
            self.models[item["id"]] = copy.deepcopy(item)

    def respond(self, seen: Seen) -> Route | None:
        url = urlsplit(seen.path)
        if not url.path.startswith(PREFIX):
            return None
        expected = base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode()
        if seen.headers.get("authorization") != f"Basic {expected}":
            return _error(401, "Unauthorized")
        model_id = unquote(url.path[len(PREFIX) :])
        if model_id in self.forbidden:
            return _error(403, "You do not have access to this model")
        if model_id not in self.models:
            return _error(404, f"Model {model_id} not found")
        self.reads += 1
        answer = copy.deepcopy(self.models[model_id])
        answer["thumbnail"] = {
            "assetId": "asset_thumb",
            "url": f"https://cdn.example/thumb.png?Signature=read{self.reads}",
        }
        return _json(200, {"model": answer})


def _validate_nested(entry: dict[str, Any]) -> None:
    ModelInput.model_validate(entry)
    for nested in entry.get("inputs") or []:
        _validate_nested(nested)


def _json(status: int, body: Any) -> Route:
    return Route(json.dumps(body).encode(), status, "application/json")


def _error(status: int, message: str) -> Route:
    return _json(status, {"error": message})


@contextmanager
def serve_models(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModelsStandIn]:
    """The stand-in, with scenario-sdk's environment pointing at it (base URL, credentials)."""
    with serve(monkeypatch) as loopback:
        standin = ModelsStandIn(loopback)
        loopback.responder = standin.respond
        monkeypatch.setenv("SCENARIO_BASE_URL", standin.base_url)
        monkeypatch.setenv("SCENARIO_SDK_API_KEY", API_KEY)
        monkeypatch.setenv("SCENARIO_SDK_API_SECRET", API_SECRET)
        monkeypatch.delenv("SCENARIO_SDK_JWT", raising=False)
        monkeypatch.delenv("SCENARIO_CUSTOM_HEADERS", raising=False)
        yield standin


def save_definition(folder: Path, item: dict[str, Any]) -> Path:
    """`item` saved as `fetch-models` saves it: `<id>.model.json`, without the fields it
    leaves out, keys sorted, two-space indented."""
    from generator.upstream.fetch_definitions import LEFT_OUT

    kept = {key: value for key, value in item.items() if key not in LEFT_OUT}
    path = folder / f"{item['id']}.model.json"
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(kept, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def changed(item: dict[str, Any], name: str, **fields: Any) -> dict[str, Any]:
    """A copy of a model object whose input `name` has `fields` (None: the field dropped)."""
    result = copy.deepcopy(item)
    [entry] = [i for i in result["inputs"] if i["name"] == name]
    for key, value in fields.items():
        if value is None:
            entry.pop(key, None)
        else:
            entry[key] = value
    return result
