"""The validators across the whole catalog, against fastjsonschema, jsonschema-rs and
jsonschema, side by side (issue 16).

Every model of ../shared/docs-site (`--quick`: a fixed sample of 30) is generated into a
fresh `scenario_models` package, exactly as `generate` writes it. From each model's schema
come valid payloads (the required properties and a random half of the others) and near
misses (one thing broken: a type, a bound, an enum value, a misspelt key, a missing
required property). Every verdict is checked against jsonschema's first; then, for each
model, every contender runs over the same payloads in interleaved rounds, and a model's
ratio is the median of the per-round ratios (peer time / ours): this machine has slow
spells, and a ratio of two runs moments apart survives them.

Columns: valid payloads (ours `validate`; fastjsonschema; jsonschema-rs `iter_errors`),
invalid payloads with every message read (ours and jsonschema-rs `iter_errors`, each
message read; fastjsonschema's first error, its message read), and the verdict alone
(ours `is_valid`, the model module's and `scenario_models.is_valid(model_id, ...)`,
against jsonschema-rs `is_valid`), on valid and invalid payloads together.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
import timeit
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import jsonschema_rs

from generator.render import py_str

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT.parent / "shared" / "docs-site"
PAYLOADS = 12
"""Valid payloads per model, and as many near misses."""
TARGETS = {
    "valid vs jsonschema-rs": 1.0,
    "valid vs fastjsonschema": 2.0,
    "invalid, messages read, vs jsonschema-rs": 1.0,
    "is_valid vs jsonschema-rs": 0.8,
    "registry is_valid vs jsonschema-rs": 0.8,
}
MESSAGE_LIMIT_US = 50.0

Check = Callable[[Any], object]


# Payloads ------------------------------------------------------------------------------


def valid_value(schema: dict[str, Any], rng: random.Random) -> Any:
    if "enum" in schema:
        return rng.choice(schema["enum"])
    kind = schema.get("type")
    if kind in ("number", "integer"):
        low, high = schema.get("minimum", -1000), schema.get("maximum", 1000)
        whole_low, whole_high = math.ceil(low), math.floor(high)
        if whole_low <= whole_high and (kind == "integer" or rng.random() < 0.5):
            return rng.randint(whole_low, whole_high)
        return rng.uniform(low, high)
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "array":
        items = schema.get("items", {})
        low = schema.get("minItems", 1)
        high = schema.get("maxItems", low + 2)
        return [valid_value(items, rng) for _ in range(rng.randint(low, max(low, high)))]
    if kind == "object":
        properties = schema.get("properties", {})
        return {k: valid_value(v, rng) for k, v in properties.items()}
    low = schema.get("minLength", 0)
    high = schema.get("maxLength", low + 40)
    return "asset_" + "x" * rng.randint(max(0, low - 6), max(0, min(high, 60) - 6))


def valid_payload(schema: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    required = set(schema.get("required", []))
    return {
        name: valid_value(sub, rng)
        for name, sub in schema["properties"].items()
        if name in required or rng.random() < 0.5
    }


def near_miss(schema: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A valid payload with one thing broken."""
    payload = valid_payload(schema, rng)
    properties: dict[str, Any] = schema["properties"]
    ways = ["misspelt key", "wrong type"]
    if schema.get("required"):
        ways.append("missing required")
    if any("enum" in sub for sub in properties.values()):
        ways.append("enum")
    if any("maximum" in sub for sub in properties.values()):
        ways.append("bound")
    way = rng.choice(ways)
    if way == "misspelt key":
        name = rng.choice(list(properties))
        payload.pop(name, None)
        payload[name[:-1] if len(name) > 3 else name + "x"] = 1
    elif way == "missing required":
        payload.pop(rng.choice(schema["required"]), None)
    elif way == "enum":
        name = rng.choice([n for n, sub in properties.items() if "enum" in sub])
        value = properties[name]["enum"][0]
        payload[name] = value[:-1] + "?" if isinstance(value, str) and value else -12345
    elif way == "bound":
        name = rng.choice([n for n, sub in properties.items() if "maximum" in sub])
        payload[name] = properties[name]["maximum"] + 1
    else:
        name = rng.choice(list(properties))
        payload[name] = [] if properties[name].get("type") != "array" else "text"
    return payload


# Contenders ----------------------------------------------------------------------------


@dataclass
class Model:
    model_id: str
    schema: dict[str, Any]
    valid: list[Any]
    invalid: list[Any]
    why: str
    ratios: dict[str, float] = field(default_factory=dict)
    ns: dict[str, float] = field(default_factory=dict)


def batch(check: Check, payloads: list[Any]) -> Callable[[], None]:
    def run() -> None:
        for payload in payloads:
            check(payload)

    return run


def contenders(model: Model, package: Any, module: Any) -> dict[str, dict[str, Check]]:
    """case -> contender -> check; `ours` first in each case."""
    fast = fastjsonschema.compile(model.schema, use_default=False)
    rust = jsonschema_rs.validator_for(model.schema)
    validate, verdict, model_id = module.validate, module.is_valid, model.model_id

    def fastjsonschema_first(payload: Any) -> object:
        try:
            return fast(payload)
        except fastjsonschema.JsonSchemaException as exc:
            return exc.message

    def ours_messages(payload: Any) -> object:
        return [e.message for e in validate(payload)]

    def rust_messages(payload: Any) -> object:
        return [e.message for e in rust.iter_errors(payload)]

    return {
        "valid": {
            "ours": validate,
            "fastjsonschema": fast,  # a valid payload raises nothing: no try, no frame
            # its iterator is filled before it is returned: the work is done, and a
            # lambda or list() around it would add a frame and a call ours does not pay
            "jsonschema-rs": rust.iter_errors,
        },
        "invalid": {
            "ours": ours_messages,
            "fastjsonschema": fastjsonschema_first,
            "jsonschema-rs": rust_messages,
        },
        "floor": {
            "ours": verdict,
            "floor": floor(model.schema),
            "payload-order floor": payload_order_floor(model.schema),
            "jsonschema-rs": rust.is_valid,
            "jsonschema-rs iter_errors": rust.iter_errors,
        },
        "verdict": {
            "ours": verdict,
            # a caller's own call, without a Python frame of the bench's around it
            "registry": functools.partial(package.is_valid, model_id),
            "jsonschema-rs": rust.is_valid,
        },
    }


def measure(checks: dict[str, Check], payloads: list[Any], rounds: int) -> dict[str, list[float]]:
    """ns per payload of each check, per interleaved round."""
    runs = {name: batch(check, payloads) for name, check in checks.items()}
    numbers = {}
    for name, run in runs.items():
        once = min(timeit.repeat(run, number=1, repeat=3))
        numbers[name] = max(1, round(0.0015 / max(once, 1e-7)))
    found: dict[str, list[float]] = {name: [] for name in checks}
    for _ in range(rounds):
        for name, run in runs.items():
            seconds = timeit.timeit(run, number=numbers[name])
            found[name].append(seconds / numbers[name] / len(payloads) * 1e9)
    return found


_CLASS_TESTS = {
    "string": "value.__class__ is not str",
    "integer": "value.__class__ is not int",
    "boolean": "value.__class__ is not bool",
    "number": "value.__class__ is not int and value.__class__ is not float",
    "array": "value.__class__ is not list",
    "object": "value.__class__ is not dict",
}


def floor(schema: dict[str, Any]) -> Check:
    """The least work a validator of our design does on a valid payload: one `in` probe
    per schema property, a subscript, a count and a class test per present one, the
    payload's size compared with the count. No bound, enum, item or nested check: it is
    not a validator, it is what CPython charges before any of them. A ratio it misses
    is out of reach of straight-line Python on this interpreter."""
    required = set(schema.get("required", ()))
    lines = [
        "def floor(payload):",
        "    if not isinstance(payload, dict):",
        "        return False",
        "    known = 0",
    ]
    for name, sub in schema["properties"].items():
        key = py_str(name)  # a property name is upstream text: only ever a literal
        lines += [
            f"    if {key} in payload:",
            "        known += 1",
            f"        value = payload[{key}]",
        ]
        kind = sub.get("type")
        test = _CLASS_TESTS.get(kind) if isinstance(kind, str) else None  # a union: no test
        if test is not None:
            lines += [f"        if {test}:", "            return False"]
        if name in required:
            lines += ["    else:", "        return False"]
    lines.append("    return len(payload) == known")
    found: dict[str, Any] = {}
    exec(compile("\n".join(lines), "<floor>", "exec"), found)
    check: Check = found["floor"]
    return check


_CLASSES: dict[object, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "boolean": (bool,),
    "number": (int, float),
    "array": (list,),
    "object": (dict,),
}


def payload_order_floor(schema: dict[str, Any]) -> Check:
    """The floor of the other design: walk the payload's own keys (as jsonschema-rs
    does), so an absent property costs nothing, and find each key's classes in a table.
    Every required key is still probed, and a present one pays the table's lookup."""
    everything = (str, int, float, bool, list, dict, type(None))
    classes = {
        name: (
            _CLASSES.get(sub["type"], everything)
            if isinstance(sub.get("type"), str)
            else everything
        )
        for name, sub in schema["properties"].items()
    }
    required = tuple(schema.get("required", ()))
    find = classes.get

    def floor(payload: Any) -> bool:
        if not isinstance(payload, dict):
            return False
        for key in required:
            if key not in payload:
                return False
        for key, value in payload.items():  # noqa: SIM110 (all() of a generator: a frame more)
            if value.__class__ not in find(key, ()):
                return False
        return True

    return floor


@contextmanager
def without_suggestions(package: Any) -> Iterator[None]:
    """Messages without their did-you-mean, which jsonschema-rs does not write: what the
    invalid column would be if ours said no more than the peer's."""
    runtime = package._validation
    suggestion = runtime._suggestion
    runtime._suggestion = lambda value, candidates: ""
    try:
        yield
    finally:
        runtime._suggestion = suggestion


def check_verdicts(model: Model, module: Any) -> None:
    """Timing a wrong answer is pointless: every verdict must be jsonschema's, and the
    valid payloads valid (the peers' valid case is timed without catching an error)."""
    draft = jsonschema.Draft202012Validator(model.schema)
    for payload in model.valid:
        if not draft.is_valid(payload):
            raise SystemExit(f"{model.model_id}: a payload made valid is not: {payload!r}")
    for least in (floor(model.schema), payload_order_floor(model.schema)):
        if not all(map(least, model.valid)):
            raise SystemExit(f"{model.model_id}: a floor rejects a valid payload")
    for payload in model.valid + model.invalid:
        expected = draft.is_valid(payload)
        if (module.validate(payload) == []) != expected or module.is_valid(payload) != expected:
            raise SystemExit(f"{model.model_id}: verdicts differ on {payload!r}")


def jsonschema_ns(model: Model) -> float:
    draft = jsonschema.Draft202012Validator(model.schema)
    payloads = model.valid + model.invalid

    def run() -> None:
        for payload in payloads:
            [e.message for e in draft.iter_errors(payload)]

    return min(timeit.repeat(run, number=1, repeat=3)) / len(payloads) * 1e9


def slowest_message(module: Any, payloads: list[Any]) -> tuple[float, str]:
    """The slowest message to write (µs) among these payloads' errors, and which."""
    worst = (0.0, "")
    for payload in payloads:
        for error in module.validate(payload):
            if isinstance(error._detail, str):
                continue  # an API rule's message: nothing to write

            def write(detail: tuple[Any, ...] = error._detail) -> str:
                return str(detail[0](detail))

            seconds = min(timeit.repeat(write, number=5, repeat=3)) / 5
            if seconds * 1e6 > worst[0]:
                worst = (seconds * 1e6, f"{error.path} {error.keyword}")
    return worst


# Running -------------------------------------------------------------------------------


def describe(schema: dict[str, Any]) -> str:
    properties = schema["properties"].values()
    longest = max((len(p.get("enum", ())) for p in properties), default=0)
    arrays = sum(p.get("type") == "array" for p in properties)
    parts = [f"{len(schema['properties'])} properties"]
    if arrays:
        parts.append(f"{arrays} arrays")
    if longest > 20:
        parts.append(f"a {longest}-value enum")
    return ", ".join(parts)


def build(into: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--upstream",
            str(CATALOG),
            "--out",
            str(into),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return into


STREAM_BEFORE = 4_400
"""Payloads per second of `validate --jsonl` on all-invalid Trellis 2 lines before issue 16."""


def stream(lines: int) -> None:
    """`validate --jsonl`'s work on a stream where every payload is invalid (an enum, a
    range, a misspelt key: three errors each), every message printed: in process (the
    validator and its messages, what this stage owns), and the command end to end."""
    from generator.validation.loader import load_validator

    schema = json.loads((ROOT / "schemas" / "model_trellis-2.schema.json").read_text())
    validate = load_validator(schema)
    line = json.dumps({"image": "asset_1", "resolution": 3, "seed": -1, "sede": 4})
    text = "\n".join([line] * lines) + "\n"

    def in_process() -> None:
        out = []
        for number, row in enumerate(text.splitlines(), 1):
            for error in validate(json.loads(row)):
                out.append(f"in.jsonl:{number}: {error.path}: {error.keyword}: {error.message}")

    seconds = min(timeit.repeat(in_process, number=1, repeat=3))
    with tempfile.TemporaryDirectory(prefix="bench-stream-") as folder:
        source = Path(folder) / "in.jsonl"
        source.write_text(text, encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "generator",
            "validate",
            "model_trellis-2",
            str(source),
            "--jsonl",
        ]
        runs = []
        for _ in range(3):  # best of three: one run is at the mercy of a slow spell
            started = timeit.default_timer()
            subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
            runs.append(timeit.default_timer() - started)
        whole = min(runs)
    print(
        f"`validate --jsonl`, {lines:,} invalid Trellis 2 lines, 3 errors each, every message "
        f"printed: validator and messages {lines / seconds:,.0f} payloads/s in process; the "
        f"command end to end {lines / whole:,.0f}/s (before: {STREAM_BEFORE:,}/s; target "
        f"{10 * STREAM_BEFORE:,}/s: {'met' if lines / whole >= 10 * STREAM_BEFORE else 'MISSED'})"
    )


def run(args: argparse.Namespace) -> None:
    stream(20_000 if args.quick else 100_000)
    print()
    if not CATALOG.is_dir():
        print(f"skipped: {CATALOG} is absent (the shared corpus lives beside the checkout)")
        return
    rounds = 3 if args.quick else 7
    with tempfile.TemporaryDirectory(prefix="bench-catalog-") as folder:
        out = build(Path(folder))
        schemas = [
            json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((out / "schemas").glob("*.schema.json"))
        ]
        if args.quick:
            schemas = random.Random(16).sample(schemas, 30)
        sys.path.insert(0, str(out / "generated" / "python"))
        try:
            package = importlib.import_module("scenario_models")
            report(list(_models(schemas)), package, rounds)
        finally:
            sys.path.remove(str(out / "generated" / "python"))
            for name in [m for m in sys.modules if m.split(".")[0] == "scenario_models"]:
                del sys.modules[name]


def _models(schemas: list[dict[str, Any]]) -> Iterator[Model]:
    for schema in schemas:
        rng = random.Random(schema["x-scenario"]["modelId"])
        yield Model(
            schema["x-scenario"]["modelId"],
            schema,
            [valid_payload(schema, rng) for _ in range(PAYLOADS)],
            [near_miss(schema, rng) for _ in range(PAYLOADS)],
            describe(schema),
        )


def report(models: list[Model], package: Any, rounds: int) -> None:
    worst_message = (0.0, "")
    for model in models:
        module = importlib.import_module(
            f"scenario_models.models.{package._registry.MODULES[model.model_id]}"
        )
        check_verdicts(model, module)
        cases = contenders(model, package, module)
        found = {
            "valid": measure(cases["valid"], model.valid, rounds),
            "invalid": measure(cases["invalid"], model.invalid, rounds),
            "verdict": measure(cases["verdict"], model.valid + model.invalid, rounds),
            "floor": measure(cases["floor"], model.valid, rounds),
        }
        with without_suggestions(package):
            found["no did-you-mean"] = measure(cases["invalid"], model.invalid, rounds)
        for case, peer, ours, label in RATIOS + FLOOR_RATIOS:
            model.ratios[label] = statistics.median(
                p / o for p, o in zip(found[case][peer], found[case][ours], strict=True)
            )
        for case, times in found.items():
            for name, values in times.items():
                model.ns[f"{case} {name}"] = min(values)
        model.ns["jsonschema"] = jsonschema_ns(model)
        message = slowest_message(module, model.invalid)
        if message[0] > worst_message[0]:
            worst_message = (message[0], f"{model.model_id} {message[1]}")
    _print(models, worst_message, rounds)


RATIOS = [
    ("valid", "jsonschema-rs", "ours", "valid vs jsonschema-rs"),
    ("valid", "fastjsonschema", "ours", "valid vs fastjsonschema"),
    ("invalid", "jsonschema-rs", "ours", "invalid, messages read, vs jsonschema-rs"),
    ("invalid", "fastjsonschema", "ours", "invalid, messages read, vs fastjsonschema (first)"),
    ("verdict", "jsonschema-rs", "ours", "is_valid vs jsonschema-rs"),
    ("verdict", "jsonschema-rs", "registry", "registry is_valid vs jsonschema-rs"),
]
FLOOR_RATIOS = [
    ("floor", "jsonschema-rs", "ours", "`is_valid` vs jsonschema-rs `is_valid`"),
    ("floor", "jsonschema-rs", "floor", "floor vs jsonschema-rs `is_valid`"),
    ("floor", "jsonschema-rs iter_errors", "floor", "floor vs jsonschema-rs `iter_errors`"),
    (
        "floor",
        "jsonschema-rs",
        "payload-order floor",
        "payload-order floor vs jsonschema-rs `is_valid`",
    ),
    ("floor", "floor", "ours", "`is_valid` vs floor"),
    (
        "no did-you-mean",
        "jsonschema-rs",
        "ours",
        "invalid, messages read without their did-you-mean, vs jsonschema-rs",
    ),
]


def _distribution(models: list[Model], label: str) -> tuple[float, float, float]:
    """A ratio's median, p10 and worst over the models."""
    values = sorted(m.ratios[label] for m in models)
    p10 = values[max(0, len(values) // 10 - 1)] if len(values) >= 10 else values[0]
    return statistics.median(values), p10, values[0]


def _print(models: list[Model], worst_message: tuple[float, str], rounds: int) -> None:
    print(
        f"{len(models)} models of ../shared/docs-site, {PAYLOADS} valid and {PAYLOADS} near-miss "
        f"payloads each, every verdict equal to jsonschema's; {rounds} interleaved rounds; a "
        "model's ratio (peer time / ours, higher is better) is the median of its rounds'"
    )
    print()
    print("| ratio over models | median | p10 | worst | target | met |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    misses = []
    for _, _, _, label in RATIOS:
        median, p10, worst = _distribution(models, label)
        target = TARGETS.get(label)
        met = "-" if target is None else ("yes" if median >= target else "NO")
        if met == "NO":
            misses.append(f"{label}: median {median:.2f}x < {target}x")
        shown = "-" if target is None else f"{target:.1f}x"
        print(f"| {label} | {median:.2f} | {p10:.2f} | {worst:.2f} | {shown} | {met} |")
    print()
    names = ["valid ours", "valid jsonschema-rs", "invalid ours", "invalid jsonschema-rs",
             "verdict ours", "verdict registry", "verdict jsonschema-rs", "jsonschema"]  # fmt: skip
    print("| median ns per payload | " + " | ".join(names) + " |")
    print("| --- |" + " ---: |" * len(names))
    cells = [f"{statistics.median(m.ns[n] for m in models):,.0f}" for n in names]
    print("| all models | " + " | ".join(cells) + " |")
    print()
    print("five worst models (valid vs jsonschema-rs), and why:")
    for model in sorted(models, key=lambda m: m.ratios["valid vs jsonschema-rs"])[:5]:
        ratios = ", ".join(f"{model.ratios[label]:.2f}" for _, _, _, label in RATIOS[:3])
        print(f"- {model.model_id}: {ratios} (valid, vs fastjsonschema, invalid); {model.why}")
    print()
    limit_met = worst_message[0] <= MESSAGE_LIMIT_US
    print(
        f"slowest single message: {worst_message[0]:.1f} us ({worst_message[1]}); "
        f"limit {MESSAGE_LIMIT_US:.0f} us: {'met' if limit_met else 'NOT MET'}"
    )
    if not limit_met:
        misses.append("a message slower than the limit")
    print()
    print(
        "what bounds the targets: on valid payloads, the floor is the least work of our "
        "design (a probe per property, a subscript, a count and a class test per present "
        "one; no bound, enum or item checked); on invalid ones, messages without the "
        "did-you-mean jsonschema-rs does not write"
    )
    print()
    print("| ratio over models | median | p10 | worst |")
    print("| --- | ---: | ---: | ---: |")
    for _, _, _, label in FLOOR_RATIOS:
        median, p10, worst = _distribution(models, label)
        print(f"| {label} | {median:.2f} | {p10:.2f} | {worst:.2f} |")
    floor_ns, ours, rust, rust_errors = (
        f"{statistics.median(m.ns[f'floor {n}'] for m in models):,.0f}"
        for n in ("floor", "ours", "jsonschema-rs", "jsonschema-rs iter_errors")
    )
    print(
        f"median ns: floor {floor_ns}, ours `is_valid` {ours}, "
        f"jsonschema-rs `is_valid` {rust}, `iter_errors` {rust_errors}"
    )
    print()
    print("\n".join(f"MISSED {miss}" for miss in misses) if misses else "all targets met")
