"""`validate`: check JSON payloads against a model's schema, offline (contract 2).

The schema is compiled with the same compiler and templates as the generated package,
and its generated validator runs here. Exit 0 when every payload is valid, 1 when one is
not, 2 for bad input: an unreadable file, invalid JSON (named by file:line), an unknown
Model ID, a schema keyword the compiler does not support.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.commands.common import EXIT_NO, EXIT_OK
from generator.problems import InputError, Problem
from generator.validation import SchemaError
from generator.validation.loader import Validator, load_validator

STDIN = "-"
_SCHEMA_SUFFIX = ".schema.json"
_CONSTANT_OR_STRING = re.compile(r'"(?:\\.|[^"\\])*"|(-?Infinity|NaN)')


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "validate",
        help="check JSON payloads against a model's schema, offline",
        description="Check JSON payloads against a model's schema. Exit 0: all valid; "
        "1: one is invalid; 2: bad input.",
    )
    parser.add_argument(
        "target",
        nargs="?",
        metavar="MODEL_ID",
        help="a Model ID with a schema in --schemas DIR (omit with --schema)",
    )
    parser.add_argument(
        "input",
        nargs="?",
        metavar="INPUT",
        help="a JSON file, or - for standard input (the default)",
    )
    parser.add_argument(
        "--schema", type=Path, metavar="FILE", help="validate against this schema file instead"
    )
    parser.add_argument(
        "--schemas",
        type=Path,
        default=Path("schemas"),
        metavar="DIR",
        help="where MODEL_ID's schema is: DIR/<MODEL_ID>.schema.json (default: schemas/)",
    )
    parser.add_argument("--jsonl", action="store_true", help="one JSON payload per line")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="report unknown properties and values outside an enum as warnings",
    )
    parser.set_defaults(run=run, parser=parser)


@dataclass(frozen=True)
class Payload:
    line: int
    """Where the payload starts in its input, from 1."""
    value: Any


def run(args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args.parser
    if args.schema is not None:
        if args.input is not None:
            parser.error("with --schema, give at most one INPUT")
        source = args.target or STDIN
        schema_file = args.schema
    else:
        if args.target is None:
            parser.error("give a MODEL_ID, or --schema FILE")
        source = args.input or STDIN
        schema_file = schema_path(args.schemas, args.target)
    validate = _validator(schema_file)
    name, text = _read_input(source)
    payloads = list(_parse_payloads(name, text, args.jsonl))
    invalid = 0
    for payload in payloads:
        found = validate(payload.value, lenient=args.lenient)
        errors = [e for e in found if e.severity == "error"]
        invalid += bool(errors)
        if args.format == "json":
            print(json.dumps(_json_result(found, args.lenient), ensure_ascii=False))
        else:
            for error in found:
                prefix = "warning: " if error.severity == "warning" else ""
                print(
                    f"{name}:{payload.line}: {prefix}{error.path}: {error.keyword}: {error.message}"
                )
    noun = "payload" if len(payloads) == 1 else "payloads"
    print(f"scenario-codegen: {len(payloads)} {noun}, {invalid} invalid", file=sys.stderr)
    return EXIT_NO if invalid else EXIT_OK


def _json_result(found: list[Any], lenient: bool) -> dict[str, Any]:
    errors = [e for e in found if e.severity == "error"]
    result: dict[str, Any] = {
        "valid": not errors,
        "errors": [{"path": e.path, "keyword": e.keyword, "message": e.message} for e in errors],
    }
    if lenient:
        warnings = [e for e in found if e.severity == "warning"]
        result["warnings"] = [
            {"path": e.path, "keyword": e.keyword, "message": e.message} for e in warnings
        ]
    return result


# The schema --------------------------------------------------------------------------


def schema_path(folder: Path, model_id: str) -> Path:
    """`folder/<model_id>.schema.json`; an unknown Model ID is bad input, with suggestions."""
    known = sorted(p.name.removesuffix(_SCHEMA_SUFFIX) for p in folder.glob(f"*{_SCHEMA_SUFFIX}"))
    if model_id in known:
        return folder / f"{model_id}{_SCHEMA_SUFFIX}"
    if not folder.is_dir():
        message = f"expected a folder of schemas, found nothing there; run `scenario-codegen generate` or pass --schemas DIR (looking for {model_id!r})"
        raise InputError([Problem(str(folder), 0, message)])
    close = difflib.get_close_matches(model_id, known, n=3, cutoff=0.6)
    hint = (
        f"; did you mean {' or '.join(map(repr, close))}?"
        if close
        else f" ({len(known)} models there)"
    )
    raise InputError([Problem(str(folder), 0, f"unknown model {model_id!r}{hint}")])


def _validator(path: Path) -> Validator:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(str(path), 0, f"cannot read the schema: {exc}")]) from None
    schema = _parse_json(str(path), text, 1)
    if not isinstance(schema, (dict, bool)):
        raise InputError([Problem(str(path), 1, "expected a schema (a JSON object or boolean)")])
    try:
        return load_validator(schema)
    except SchemaError as exc:
        raise InputError(
            Problem(str(path), _line_of(text, problem.keyword), str(problem))
            for problem in exc.problems
        ) from None


def _line_of(text: str, keyword: str | None) -> int:
    """The line of the first `"keyword":` in a schema file (1 when not found)."""
    if keyword:
        found = re.search(re.escape(json.dumps(keyword)) + r"\s*:", text)
        if found:
            return text.count("\n", 0, found.start()) + 1
    return 1


# The payloads ------------------------------------------------------------------------


def _read_input(source: str) -> tuple[str, str]:
    if source == STDIN:
        name = "<stdin>"
        try:
            return name, sys.stdin.read()
        except UnicodeDecodeError as exc:
            raise InputError([Problem(name, 0, f"expected UTF-8 text: {exc}")]) from None
    try:
        return source, Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(source, 0, f"cannot read the input: {exc}")]) from None


def _parse_payloads(name: str, text: str, jsonl: bool) -> Iterator[Payload]:
    """Every payload, or an InputError naming every line that is not JSON."""
    payloads: list[Payload] = []
    problems: list[Problem] = []
    if jsonl:
        chunks = [
            (number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()
        ]
    else:
        stripped = text.lstrip()
        chunks = [(text.count("\n", 0, len(text) - len(stripped)) + 1, text)]
    for first_line, chunk in chunks:
        try:
            payloads.append(
                Payload(first_line, _parse_json(name, chunk, 1 if not jsonl else first_line))
            )
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    yield from payloads


def _parse_json(name: str, text: str, first_line: int) -> Any:
    """JSON, strictly: NaN and Infinity (which Python's json accepts) are errors too."""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        line = first_line + exc.lineno - 1
        raise InputError(
            [
                Problem(
                    name, line, f"expected JSON, found invalid JSON: {exc.msg} (column {exc.colno})"
                )
            ]
        ) from None
    except _NotJson as exc:
        offset = next(
            (m.start(1) for m in _CONSTANT_OR_STRING.finditer(text) if m.group(1)),
            0,
        )
        line = first_line + text.count("\n", 0, offset)
        raise InputError(
            [Problem(name, line, f"expected JSON, found {exc.constant}, which JSON does not have")]
        ) from None


class _NotJson(ValueError):
    def __init__(self, constant: str) -> None:
        self.constant = constant
        super().__init__(constant)


def _reject_constant(constant: str) -> Any:
    raise _NotJson(constant)
