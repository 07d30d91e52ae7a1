"""Model definitions for the API tests, as the API would serve them (see models_standin.py).

- LORA: a team's private LoRA-like model, on no page: one of each required rule (always,
  ifDefined, ifNotDefined, conditional with "and" and with "or"), an inputs_array whose
  objects have a rule of their own, length caps on strings and arrays, a 3d file with a
  maxSize, an audio file with durations, a model_array with model types.
- PLAIN: a private model with no conditional rule, which today's validator compiler takes.
- TRELLIS_2: the seed page's `model_trellis-2` as the API defines it: the page's table
  plus rules the page cannot show, and a `seed` bound the page disagrees with.
"""

from __future__ import annotations

import copy
from typing import Any

from generator.pages.model import Model
from generator.pages.parse import parse_pages
from tests.conftest import SEED_PAGE
from tests.models_standin import model

LORA_ID = "model_standin-lora-7Hq2"
PLAIN_ID = "model_standin-plain"
TRELLIS_2_ID = "model_trellis-2"

MESSAGES = {
    "mask": "Provide a mask with the reference image",
    "mesh": "Provide a reference image or a mesh",
    "areaMask": "Each region's area needs its mask",
    "texSlatRescaleT": "Texture rescale needs a texture guidance",
}
"""The API's own messages, by the input their rule makes required."""

LORA_INPUTS: list[dict[str, Any]] = [
    {
        "name": "prompt",
        "type": "string",
        "label": "Prompt",
        "prompt": True,
        "description": "What to draw",
        "minLength": 1,
        "maxLength": 2000,
        "required": {"always": True},
    },
    {"name": "negativePrompt", "type": "string", "maxLength": 500},
    {
        "name": "image",
        "type": "file",
        "kind": "image",
        "maxSize": 20971520,
        "description": "A reference image",
    },
    {
        "name": "mask",
        "type": "file",
        "kind": "image",
        "maskFrom": "image",
        "required": {"ifDefined": {"image": MESSAGES["mask"]}},
    },
    {
        "name": "mesh",
        "type": "file",
        "kind": "3d",
        "maxSize": 52428800,
        "required": {"ifNotDefined": {"image": MESSAGES["mesh"]}},
    },
    {"name": "voice", "type": "file", "kind": "audio", "minDuration": 1, "maxDuration": 30.5},
    {
        "name": "mode",
        "type": "string",
        "allowedValues": ["single", "multiview"],
        "default": "single",
    },
    {"name": "style", "type": "string", "allowedValues": ["flat", "toon", "real"]},
    {
        "name": "leftImage",
        "type": "file",
        "kind": "image",
        "required": {
            "conditional": {
                "values": {"mode": ["multiview"], "style": ["flat", "toon"]},
                "operator": "and",
            }
        },
    },
    {
        "name": "backImage",
        "type": "file",
        "kind": "image",
        "required": {
            "conditional": {"values": {"mode": ["multiview"], "style": ["real"]}, "operator": "or"}
        },
    },
    {
        "name": "tags",
        "type": "string_array",
        "allowedValues": ["portrait", "landscape", "icon"],
        "minLength": 1,
        "maxLength": 2,
    },
    {"name": "references", "type": "file_array", "kind": "image", "maxSize": 1048576, "max": 3},
    {
        "name": "loras",
        "type": "model_array",
        "modelTypes": ["flux.1-lora", "flux.1-kontext-lora"],
        "maxLength": 2,
    },
    {"name": "loraScales", "type": "number_array", "min": 0, "max": 2, "maxLength": 2},
    {"name": "baseModel", "type": "model", "maxLength": 64},
    {"name": "guidance", "type": "number", "min": 1, "max": 20, "step": 0.5, "default": 3.5},
    {"name": "seed", "type": "number", "min": 0, "max": 2147483647, "step": 1},
    {"name": "tiling", "type": "boolean", "default": False, "costImpact": True},
    {
        "name": "regions",
        "type": "inputs_array",
        "max": 4,
        "inputs": [
            {"name": "prompt", "type": "string", "maxLength": 200, "required": {"always": True}},
            {"name": "weight", "type": "number", "min": 0, "max": 1, "default": 1},
            {"name": "area", "type": "file", "kind": "image"},
            {
                "name": "areaMask",
                "type": "file",
                "kind": "image",
                "required": {"ifDefined": {"area": MESSAGES["areaMask"]}},
            },
        ],
    },
]

LORA = model(
    LORA_ID,
    LORA_INPUTS,
    name="Team Character LoRA",
    shortDescription="Our studio's character style, trained on 12 images.",
)


def _without_rules(inputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept = []
    for item in copy.deepcopy(inputs):
        required = item.get("required") or {}
        if not required.get("always"):
            item.pop("required", None)
        if "inputs" in item:
            item["inputs"] = _without_rules(item["inputs"])
        kept.append(item)
    return kept


PLAIN = model(PLAIN_ID, _without_rules(LORA_INPUTS), name="Plain Custom Model")


def inputs_of(found: Model) -> list[dict[str, Any]]:
    """A page's parameter table as the ModelInputs the API would give for it."""
    inputs: list[dict[str, Any]] = []
    for param in found.params:
        item: dict[str, Any] = {"name": param.name, "type": param.type}
        optional = {
            "description": param.description,
            "default": param.default,
            "min": param.minimum,
            "max": param.maximum,
            "allowedValues": list(param.allowed) if param.allowed is not None else None,
            "required": {"always": True} if param.required else None,
        }
        item.update({k: v for k, v in optional.items() if v is not None})
        inputs.append(item)
    return inputs


def trellis_2_inputs() -> list[dict[str, Any]]:
    """The seed page's table for Trellis 2 as ModelInputs, with the API's additions."""
    pages, _ = parse_pages([SEED_PAGE])
    (found,) = [m for page in pages for m in page.models if m.id == TRELLIS_2_ID]
    inputs = inputs_of(found)
    by_name = {item["name"]: item for item in inputs}
    by_name["image"].update(kind="image", maxSize=10485760)
    by_name["seed"]["max"] = 4294967295
    by_name["remeshBand"]["required"] = {
        "conditional": {"values": {"remesh": [True]}, "operator": "and"}
    }
    by_name["texSlatRescaleT"]["required"] = {
        "ifDefined": {"texSlatGuidanceStrength": MESSAGES["texSlatRescaleT"]}
    }
    return inputs


def trellis_2() -> dict[str, Any]:
    return model(
        TRELLIS_2_ID,
        trellis_2_inputs(),
        name="Trellis 2",
        capabilities=["img23d"],
        privacy="public",
        type="custom",
        ownerId="team_scenario",
    )
