"""`generated/openapi.yaml`: OpenAPI 3.1 for the custom-model endpoint, built as data.

One `POST /generate/custom/<modelId>` per model, its request body the model's schema (a
component), its response the job the API starts; plus `GET /jobs/{jobId}` to follow the
job. The document is plain data dumped by the template's `to_yaml` filter, so no upstream
text is ever spliced into YAML by hand. The job shapes mirror what scenario-sdk 2.4
parses (`GenerateRunModelResponse`, `JobRetrieveResponse`), trimmed to the stable fields
and left open (`additionalProperties` allowed) for the rest.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from generator import naming
from generator.emit import examples
from generator.emit.view import ModelView
from generator.render import Renderer

PATH = "generated/openapi.yaml"
TEMPLATE = "openapi.yaml.j2"
OPENAPI_VERSION = "3.1.0"
SERVER = "https://api.cloud.scenario.com/v1"
"""scenario_sdk's default base URL (`Scenario(base_url=None)`)."""
SECURITY_SCHEME = "basicAuth"
JOBS_TAG = "Jobs"

Schema = dict[str, Any]

# Components that are not models: a model's component name must not take one of these.
_FIXED_COMPONENTS = ("Job", "JobStatus", "RunModelResponse", "JobResponse", "Error")
_JOB_STATUSES = [
    "canceled",
    "failure",
    "finalizing",
    "in-progress",
    "pending",
    "queued",
    "success",
    "warming-up",
]
_ERRORS = {
    "400": ("BadRequest", "The payload does not match the model's parameters."),
    "401": ("Unauthorized", "Missing or wrong API key and secret."),
    "404": ("NotFound", "No such model (or job) for this account."),
    "429": ("TooManyRequests", "Rate limited: retry later."),
    "5XX": ("ServerError", "The API failed; the request may be retried."),
}


def _ref(kind: str, name: str) -> Schema:
    return {"$ref": f"#/components/{kind}/{name}"}


def component_names(models: Sequence[ModelView]) -> dict[str, str]:
    """Model ID -> `<ClassName>Payload`, unique and clear of the fixed components."""
    names = naming.unique((f"{m.class_name}Payload" for m in models), _FIXED_COMPONENTS)
    return {m.model_id: name for m, name in zip(models, names, strict=True)}


def request_schema(model: ModelView, component: str) -> Schema:
    """The model's schema as a component. `$schema` and `$id` go: the document's dialect
    applies, and OpenAPI tools resolve `#...` references against the document, not an
    `$id`, so a hand-written schema's local references are rewritten to point into its
    component (`#/$defs/x` -> `#/components/schemas/<component>/$defs/x`)."""
    body = {k: v for k, v in model.schema.items() if k not in ("$schema", "$id")}
    body = copy.deepcopy(body)
    _rebase_refs(body, f"#/components/schemas/{component}")
    return body


def _rebase_refs(node: Any, base: str) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#"):
                fragment = value[1:]
                if fragment.startswith("/") or not fragment:
                    node[key] = base + fragment
            else:
                _rebase_refs(value, base)
    elif isinstance(node, list):
        for item in node:
            _rebase_refs(item, base)


def operation(model: ModelView, component: str) -> Schema:
    op: Schema = {
        "operationId": model.python_name,
        "tags": [model.provider],
        "summary": model.title,
    }
    if model.description:
        op["description"] = model.description
    op["parameters"] = [_ref("parameters", "ProjectId")]
    op["requestBody"] = {
        "required": True,
        "content": {
            "application/json": {
                "schema": _ref("schemas", component),
                "example": copy.deepcopy(examples.example_payload(model)),
            }
        },
    }
    op["responses"] = {
        "200": {
            "description": "The job was created; follow it with `GET /jobs/{jobId}`.",
            "content": {"application/json": {"schema": _ref("schemas", "RunModelResponse")}},
        },
        **_error_responses(),
    }
    return op


def _error_responses() -> Schema:
    return {status: _ref("responses", name) for status, (name, _) in _ERRORS.items()}


def job_operation(operation_id: str) -> Schema:
    return {
        "get": {
            "operationId": operation_id,
            "tags": [JOBS_TAG],
            "summary": "Get a job",
            "description": "The job's status, progress and, once it succeeded, its assets.",
            "parameters": [
                {
                    "name": "jobId",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                },
                _ref("parameters", "ProjectId"),
            ],
            "responses": {
                "200": {
                    "description": "The job.",
                    "content": {"application/json": {"schema": _ref("schemas", "JobResponse")}},
                },
                **_error_responses(),
            },
        }
    }


def job_schemas() -> dict[str, Schema]:
    return {
        "JobStatus": {"type": "string", "enum": list(_JOB_STATUSES)},
        "Job": {
            "type": "object",
            "description": "A generation job; `status` tells whether it has finished.",
            "required": [
                "jobId",
                "jobType",
                "status",
                "progress",
                "metadata",
                "statusHistory",
                "createdAt",
                "updatedAt",
            ],
            "properties": {
                "jobId": {"type": "string", "examples": ["job_ocZCnG1Df35XRL1QyCZSRxAG8"]},
                "jobType": {"type": "string", "examples": ["custom"]},
                "status": _ref("schemas", "JobStatus"),
                "progress": {"type": "number", "minimum": 0, "maximum": 1},
                "metadata": {
                    "type": "object",
                    "properties": {
                        "assetIds": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "The assets the job produced.",
                        },
                        "error": {"type": "string"},
                        "hint": {"type": "string"},
                        "input": {"type": "object"},
                        "output": {"type": "object"},
                    },
                },
                "statusHistory": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["date", "status"],
                        "properties": {
                            "date": {"type": "string", "format": "date-time"},
                            "status": _ref("schemas", "JobStatus"),
                        },
                    },
                },
                "createdAt": {"type": "string", "format": "date-time"},
                "updatedAt": {"type": "string", "format": "date-time"},
                "authorId": {"type": "string"},
                "ownerId": {"type": "string"},
                "billing": {
                    "type": "object",
                    "properties": {
                        "cuCost": {"type": "number"},
                        "cuDiscount": {"type": "number"},
                    },
                },
            },
        },
        "RunModelResponse": {
            "type": "object",
            "required": ["job"],
            "properties": {
                "job": _ref("schemas", "Job"),
                "creativeUnitsCost": {"type": "number"},
                "creativeUnitsDiscount": {"type": "number"},
                "costDetails": {
                    "type": "object",
                    "additionalProperties": {"type": "number"},
                },
            },
        },
        "JobResponse": {
            "type": "object",
            "required": ["job"],
            "properties": {"job": _ref("schemas", "Job")},
        },
        "Error": {
            "type": "object",
            "description": "The API's error body; scenario-sdk raises it as APIStatusError.",
            "properties": {"message": {"type": "string"}},
        },
    }


def components(models: Sequence[ModelView], names: dict[str, str]) -> Schema:
    schemas = job_schemas()
    for model in models:
        schemas[names[model.model_id]] = request_schema(model, names[model.model_id])
    return {
        "securitySchemes": {
            SECURITY_SCHEME: {
                "type": "http",
                "scheme": "basic",
                "description": "API key as the user name, API secret as the password.",
            }
        },
        "parameters": {
            "ProjectId": {
                "name": "projectId",
                "in": "query",
                "required": False,
                "description": "The project that owns the job and its assets.",
                "schema": {"type": "string"},
            }
        },
        "schemas": schemas,
        "responses": {
            name: {
                "description": description,
                "content": {"application/json": {"schema": _ref("schemas", "Error")}},
            }
            for name, description in _ERRORS.values()
        },
    }


def document_parts(models: Sequence[ModelView]) -> dict[str, Any]:
    """The template context: the document's top-level parts, in document order."""
    ordered = sorted(models, key=lambda m: m.model_id)
    names = component_names(ordered)
    paths: Schema = {
        f"/generate/custom/{m.model_id}": {"post": operation(m, names[m.model_id])} for m in ordered
    }
    (get_job,) = naming.unique(["get_job"], [m.python_name for m in ordered])
    paths["/jobs/{jobId}"] = job_operation(get_job)
    providers = sorted({m.provider for m in ordered}, key=lambda p: (p.casefold(), p))
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Scenario Generation API: custom models",
            "version": "v1",
            "description": (
                "One operation per model of the Scenario model reference. Generated by "
                "scenario-codegen from schemas/; do not edit."
            ),
        },
        "servers": [{"url": SERVER}],
        "security": [{SECURITY_SCHEME: []}],
        "tags": [
            {"name": p} for p in [*providers, JOBS_TAG] if p != JOBS_TAG or p not in providers
        ],
        "paths": paths,
        "components": components(ordered, names),
    }


def emit(models: Sequence[ModelView], renderer: Renderer) -> dict[str, str]:
    return {PATH: renderer.render(TEMPLATE, **document_parts(models))}
