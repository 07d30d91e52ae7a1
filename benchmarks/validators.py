"""Offline validators against fastjsonschema, jsonschema and jsonschema-rs, side by side.

The seed models (upstream/microsoft-3d.md) are compiled into a fresh `scenario_models`
package; each validator checks the same payloads in the same process, in interleaved
batches; the times are each one's best (slower batches only measure interference), the
ratios the median of those within each round:

- valid, full: every property set; valid, minimal: the required ones only;
- invalid: four broken properties (a type, a bound, an enum value, an unknown key).

Ours and jsonschema (`iter_errors`) collect every error; fastjsonschema stops at the
first (it raises); jsonschema-rs collects every error (`iter_errors`). Targets: ours at
least 1.5x fastjsonschema's speed on valid payloads, and at least 1.2x its first-error
speed on invalid ones while collecting them all.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import tempfile
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import jsonschema_rs

from generator.emit.package import emit
from generator.emit.view import model_views
from generator.pages.parse import parse_or_raise
from generator.render import Renderer
from generator.schemas.build import model_schema

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "upstream" / "microsoft-3d.md"
VALID_TARGET = 1.5
INVALID_TARGET = 1.2

Check = Callable[[Any], object]


def seed_schemas() -> list[dict[str, Any]]:
    pages, _ = parse_or_raise([SEED])
    return [model_schema(model) for page in pages for model in page.models]


def build_package(schemas: list[dict[str, Any]], into: Path) -> None:
    for relative, text in emit(model_views(schemas), Renderer()).items():
        target = into / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


# Payloads ----------------------------------------------------------------------------


def valid_value(schema: dict[str, Any]) -> Any:
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][-1]
    kind = schema.get("type")
    if kind == "number" or kind == "integer":
        low = schema.get("minimum", 0)
        high = schema.get("maximum", low + 10)
        return (low + high) // 2 if kind == "integer" else (low + high) / 2
    if kind == "boolean":
        return True
    if kind == "array":
        items = schema.get("items", {})
        return [valid_value(items) for _ in range(max(1, schema.get("minItems", 2)))]
    if kind == "object":
        return {"type": "image", "value": "asset_123"}
    return "asset_0123456789abcdef"


def payloads(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Valid and invalid payloads; each invalid one breaks properties spread over the
    payload, since fastjsonschema stops at the first error and the position matters."""
    properties: dict[str, Any] = schema["properties"]
    full = {name: valid_value(sub) for name, sub in properties.items()}
    minimal = {name: full[name] for name in schema.get("required", [])}
    names = list(properties)
    one_bad = dict(full)
    middle = names[len(names) // 2]
    one_bad[middle] = broken_value(properties[middle])
    typo = dict(full)
    longest = max(names, key=len)
    typo[longest[:-2] + longest[-1] + longest[-2]] = typo.pop(longest)
    several = dict(full)
    for name in names[len(names) // 4 :: max(1, len(names) // 4)][:3]:
        several[name] = broken_value(properties[name])
    several["seedd"] = 42
    return {
        "valid, full": full,
        "valid, minimal": minimal,
        "invalid, 1 bad value": one_bad,
        "invalid, 1 misspelt key": typo,
        "invalid, 4 errors": several,
    }


def broken_value(schema: dict[str, Any]) -> Any:
    """A value that breaks one constraint: a bound, the enum, or the type."""
    if "maximum" in schema:
        return schema["maximum"] + 1
    if "enum" in schema:
        return 3 if schema.get("type") == "number" else "no-such-value"
    if schema.get("type") == "number":
        return "7"
    return 7


# Validators --------------------------------------------------------------------------


def contenders(schema: dict[str, Any], ours: Check, registry: Check) -> dict[str, Check]:
    fast = fastjsonschema.compile(schema, use_default=False)

    def fastjsonschema_first(payload: Any) -> object:
        try:
            return fast(payload)
        except fastjsonschema.JsonSchemaException as exc:
            return exc

    draft = jsonschema.Draft202012Validator(schema)
    rust = jsonschema_rs.validator_for(schema)
    return {  # measured in this order: ours and fastjsonschema side by side
        "ours": ours,
        "fastjsonschema": fastjsonschema_first,
        "ours (registry)": registry,
        "jsonschema": lambda payload: list(draft.iter_errors(payload)),
        # filled before it is returned (jsonschema's is lazy): no list(), no lambda
        "jsonschema-rs": rust.iter_errors,
    }


def timings(
    checks: dict[str, Check], payload: Any, rounds: int, batch_s: float
) -> dict[str, list[float]]:
    """Each check's time per call (ns) in each of `rounds` interleaved batches of about
    `batch_s` seconds. This machine has slow spells of a second or more: short batches
    let a check's minimum step around them, and a ratio taken within each round compares
    two checks run moments apart, in the same spell."""
    numbers = {name: _calls_per_batch(check, payload, batch_s) for name, check in checks.items()}
    found: dict[str, list[float]] = {name: [] for name in checks}
    for _ in range(rounds):
        for name, check in checks.items():
            number = numbers[name]
            seconds = timeit.timeit(lambda check=check: check(payload), number=number)
            found[name].append(seconds / number * 1e9)
    return found


def _calls_per_batch(check: Check, payload: Any, batch_s: float) -> int:
    per_call = min(timeit.repeat(lambda: check(payload), number=20, repeat=3)) / 20
    return max(10, round(batch_s / per_call))


def run(args: argparse.Namespace) -> None:
    rounds, batch_s = (5, 0.001) if args.quick else (60, 0.002)
    schemas = seed_schemas()
    with tempfile.TemporaryDirectory(prefix="bench-validators-") as folder:
        build_package(schemas, Path(folder))
        sys.path.insert(0, str(Path(folder) / "generated" / "python"))
        try:
            package = importlib.import_module("scenario_models")
            _report(schemas, package, rounds, batch_s)
        finally:
            sys.path.remove(str(Path(folder) / "generated" / "python"))
            for name in [
                m for m in sys.modules if m == "scenario_models" or m.startswith("scenario_models.")
            ]:
                del sys.modules[name]


def _report(schemas: list[dict[str, Any]], package: Any, rounds: int, batch_s: float) -> None:
    names = ["ours", "ours (registry)", "fastjsonschema", "jsonschema", "jsonschema-rs"]
    print(
        f"ns per payload, best of {rounds} interleaved batches of about {batch_s * 1000:g} ms;"
        " x = fastjsonschema / ours, the median of the ratios within each round"
    )
    print()
    print(f"| model | payload | {' | '.join(names)} | x |")
    print("| --- | --- |" + " --- |" * (len(names) + 1))
    misses = []
    for schema in schemas:
        model_id = schema["x-scenario"]["modelId"]
        ours = package.validator(model_id)

        def registry(payload: Any, model_id: str = model_id) -> object:
            return package.validate(model_id, payload)

        checks = contenders(schema, ours, registry)
        for case, payload in payloads(schema).items():
            _verify(schema, payload, ours(payload))
            found = timings(checks, payload, rounds, batch_s)
            ratio = statistics.median(
                fast / ours
                for fast, ours in zip(found["fastjsonschema"], found["ours"], strict=True)
            )
            cells = " | ".join(f"{min(found[n]):,.0f}" for n in names)
            print(f"| {model_id} | {case} | {cells} | {ratio:.2f} |")
            target = INVALID_TARGET if case.startswith("invalid") else VALID_TARGET
            if ratio < target:
                misses.append(f"{model_id} {case}: {ratio:.2f}x < {target}x")
    print()
    print("targets: valid >= 1.5x fastjsonschema, invalid (all errors) >= 1.2x its first error")
    print("\n".join(f"MISSED {miss}" for miss in misses) if misses else "all targets met")


def _verify(schema: dict[str, Any], payload: Any, found: list[Any]) -> None:
    """Timing a wrong answer is pointless: the verdict must be jsonschema's."""
    expected = not any(True for _ in jsonschema.Draft202012Validator(schema).iter_errors(payload))
    if (not found) != expected:
        raise SystemExit(f"verdicts differ on {payload!r}: ours {found!r}")
