"""`validate`: check JSON payloads against a model's schema, offline (contract 2).

The schema is compiled with the same compiler and templates as the generated package,
and its generated validator runs here. With `--jsonl` the input streams: one line is read,
validated and answered at a time (memory stays flat however long the input), and a line
that cannot be read is named and skipped. Exit 0 when every payload is valid, 1 when one
is not, 2 for bad input: an unreadable file, a line or document that is not JSON, an
unknown Model ID, a schema keyword the compiler does not support.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from generator.commands.common import EXIT_BAD_INPUT, EXIT_NO, EXIT_OK, quiet_stdout
from generator.payloads import Item, NotJson, Reader
from generator.problems import InputError, Problem
from generator.validation import SchemaError
from generator.validation.loader import Validator, load_validator

STDIN = "-"
_SCHEMA_SUFFIX = ".schema.json"


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "validate",
        help="check JSON payloads against a model's schema, offline",
        description="Check JSON payloads against a model's schema, offline. Exit 0: all "
        "valid; 1: one is invalid; 2: bad input (a payload that is not JSON, named by "
        "file:line; an unknown model; an unreadable schema).",
    )
    parser.add_argument(
        "target",
        nargs="?",
        metavar="MODEL_ID",
        help="the model whose schema is --schemas DIR/<MODEL_ID>.schema.json (with --schema "
        "FILE, give no MODEL_ID: the first argument is then INPUT)",
    )
    parser.add_argument(
        "input",
        nargs="?",
        metavar="INPUT",
        help="a file holding one JSON payload (or JSON Lines with --jsonl), or - for "
        "standard input (default: standard input)",
    )
    parser.add_argument(
        "--schema",
        type=Path,
        metavar="FILE",
        help="validate against this schema file (default: the MODEL_ID's, in --schemas DIR)",
    )
    parser.add_argument(
        "--schemas",
        type=Path,
        default=Path("schemas"),
        metavar="DIR",
        help="where MODEL_ID's schema is: DIR/<MODEL_ID>.schema.json (default: schemas/)",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="JSON Lines: one payload per line, read and answered one at a time; a line "
        "that is not JSON is named and the others still validated (default: the input is "
        "one JSON document)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one line per error, file:line: path: keyword: message; json: one "
        '{"valid", "errors"} object per payload (default: text)',
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="report unknown properties and values outside an enum as warnings, which do "
        "not make a payload invalid (default: they are errors)",
    )
    parser.set_defaults(run=run, parser=parser)


@dataclass
class Tally:
    payloads: int = 0
    invalid: int = 0
    unreadable: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_BAD_INPUT if self.unreadable else EXIT_NO if self.invalid else EXIT_OK

    def summary(self) -> str:
        noun = "payload" if self.payloads == 1 else "payloads"
        text = f"scenario-codegen: {self.payloads} {noun}, {self.invalid} invalid"
        if self.unreadable:
            text += f", {self.unreadable} unreadable"
        return text


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
    name = "<stdin>" if source == STDIN else source
    tally = Tally()
    answer = _answerer(args.format, args.lenient, name, sys.stdout)
    with _opened(source) as stream:
        reader = Reader(name)
        items = reader.lines(stream) if args.jsonl else reader.document(stream)
        try:
            _validate_all(items, validate, args.lenient, answer, tally, name)
        except BrokenPipeError:
            quiet_stdout()  # the reader went away (`| head`): stop as if done
            return tally.exit_code
    print(tally.summary(), file=sys.stderr)
    return tally.exit_code


def _validate_all(
    items: Iterable[Item],
    validate: Validator,
    lenient: bool,
    answer: Callable[[int, list[Any]], None],
    tally: Tally,
    name: str,
) -> None:
    """Each payload validated and answered as it is read; the worst outcome in `tally`."""
    for item in items:
        if isinstance(item, NotJson):
            tally.unreadable += 1
            print(item.problem, file=sys.stderr)
            continue
        line, payload = item
        try:
            found = validate(payload, lenient=lenient)
            answer(line, found)
        except (RecursionError, ValueError, OverflowError) as exc:
            # A payload the runtime cannot answer for is named like an unreadable one.
            tally.unreadable += 1
            print(Problem(name, line, _not_validated(exc)), file=sys.stderr)
            continue
        tally.payloads += 1
        if found and (not lenient or any(error.severity == "error" for error in found)):
            tally.invalid += 1


def _not_validated(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "expected a payload this validator can walk, found one nested too deeply"
    return f"expected a payload this validator can answer for, found one it cannot: {exc}"


# Answers -------------------------------------------------------------------------------


class _Answerer:
    """Writes each payload's answer; flushed per payload when someone reads as it comes
    (a pipe, a terminal), buffered when it goes to a file."""

    def __init__(self, out: IO[str], source: str, render: Callable[[int, list[Any]], str]) -> None:
        self.out = out
        self.source = source
        self.render = render
        self.flush = _is_interactive(out)

    def __call__(self, line: int, found: list[Any]) -> None:
        text = self.render(line, found)
        if text:
            self.out.write(text)
            if self.flush:
                self.out.flush()


def _answerer(format: str, lenient: bool, source: str, out: IO[str]) -> _Answerer:
    if format == "json":

        def render(line: int, found: list[Any]) -> str:
            return json.dumps(_json_result(found, lenient), ensure_ascii=False) + "\n"

    else:
        prefix = f"{source}:"

        def render(line: int, found: list[Any]) -> str:
            if not found:
                return ""
            where = f"{prefix}{line}: "
            return "".join(
                f"{where}{'warning: ' if e.severity == 'warning' else ''}"
                f"{e.path}: {e.keyword}: {e.message}\n"
                for e in found
            )

    return _Answerer(out, source, render)


def _is_interactive(out: IO[str]) -> bool:
    try:
        mode = os.fstat(out.fileno()).st_mode
    except (AttributeError, OSError, ValueError):
        return False  # not a file descriptor (a test's capture): nothing to flush
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or out.isatty()


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
    parsed = next(iter(Reader(str(path)).document([text.encode("utf-8")])))
    if isinstance(parsed, NotJson):
        raise InputError([parsed.problem])
    schema = parsed[1]
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


# The input -----------------------------------------------------------------------------


@contextlib.contextmanager
def _opened(source: str) -> Iterator[Iterable[bytes]]:
    """The input as a binary stream of lines: a file, or standard input."""
    if source == STDIN:
        yield _stdin_lines()
        return
    try:
        file = open(source, "rb")  # noqa: SIM115 - closed below, after the stream is read
    except OSError as exc:
        message = f"cannot read the input: {exc.strerror or exc}"
        raise InputError([Problem(source, 0, message)]) from None
    with file:
        yield file


def _stdin_lines() -> Iterator[bytes]:
    binary = getattr(sys.stdin, "buffer", None)
    if binary is not None:
        yield from binary
    else:  # a text stream standing in for standard input (the tests)
        for line in sys.stdin:
            yield line.encode("utf-8", "surrogateescape")
