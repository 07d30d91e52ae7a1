"""`python -m scenario_models`: the package's models from a command line.

    python -m scenario_models list
    python -m scenario_models describe MODEL_ID
    python -m scenario_models run MODEL_ID [--json FILE|-] [--set NAME=VALUE]...
        [--file NAME=PATH]... [--out DIR] [--no-wait] [--timeout S] [--poll-interval S]

`run` checks the payload first (every error printed as `scenario-codegen validate`
prints them; nothing sent), uploads the `--file`s, starts the job, prints its id, waits,
downloads every output into `--out` and prints each written path. Progress goes to
standard error when it is a terminal. Exit codes: 0 done, 1 invalid payload, refused
file or failed job, 2 bad input or usage (and an API or network error).

Standard library and scenario-sdk only.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import inspect
import json
import os
import sys
import time
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from ._calls import prepare
from ._jobs import DEFAULT_POLL_INTERVAL, AsyncJob, Job
from ._methods import ModelMethods
from ._registry import MODEL_IDS, UnknownModel
from ._validation import InvalidPayload, ValidationError
from .models import MODULES, TITLES

if TYPE_CHECKING:
    from ._methods import FileParameter
    from ._registry import Validator
    from ._transfers import Progress

EXIT_OK, EXIT_NO, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130
PROGRAM = "python -m scenario_models"


_JOB_TYPES = {"Job": Job, "AsyncJob": AsyncJob}


class _UsageError(Exception):
    """Bad input or usage: one line, exit 2."""


# What a model takes ------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    wire_name: str
    python_name: str
    required: bool
    kind: str
    """What a value is: `string`, `number array`, `one of the allowed values`, ..."""
    many: bool
    """The argument takes a list."""
    doc: str
    file: FileParameter | None


@dataclass(frozen=True)
class Model:
    model_id: str
    method_name: str
    validate: Validator
    files: Mapping[str, FileParameter]
    parameters: tuple[Parameter, ...]
    summary: str
    """The method docstring above its `Args:` section."""

    @property
    def title(self) -> str:
        first = self.summary.splitlines()[0] if self.summary else ""
        head = first.removeprefix("Run ").split(" (`", 1)[0]
        return head if head != first else ""


class _Captured(Exception):
    def __init__(
        self, model_id: str, validate: Validator, arguments: Mapping[str, Any], files: Any
    ) -> None:
        super().__init__(model_id)
        self.model_id = model_id
        self.validate = validate
        self.arguments = arguments
        self.files: Mapping[str, FileParameter] = files or {}


class _Recorder(ModelMethods):
    """Stands in for a client: a model's method called on it hands over what it would
    start (Model ID, validator, wire names, file arguments) and sends nothing."""

    def _start(
        self,
        model_id: str,
        validate: Validator,
        arguments: dict[str, Any],
        files: Mapping[str, FileParameter] | None = None,
    ) -> Job:
        raise _Captured(model_id, validate, arguments, files)


@dataclass(frozen=True)
class _Marker:
    python_name: str


def load_model(model_id: str) -> Model:
    """A model's method, read through the `_start` interface (raises UnknownModel)."""
    name = MODULES.get(model_id)
    if name is None:
        raise UnknownModel(model_id)
    module = importlib.import_module(f"{__package__}.models.{name}")
    methods = getattr(module, "Methods", None)
    if methods is None:  # a package whose model methods all live in `_client.Client`
        methods = importlib.import_module(f"{__package__}._client").Client
    method_name: str = getattr(module, "METHOD_NAME", name)
    method = getattr(methods, method_name)
    # A model's module names its job types for type checkers only (importing them would
    # cost a plain validation the client's machinery): they are supplied here.
    signature = inspect.signature(method, eval_str=True, locals=_JOB_TYPES)
    names = [p for p in signature.parameters.values() if p.name != "self"]
    try:
        method(_Recorder(), **{p.name: _Marker(p.name) for p in names})
    except _Captured as captured:
        found = captured
    else:
        raise RuntimeError(f"{method_name} did not start {model_id}")
    summary, docs = _docstring(inspect.getdoc(method) or "")
    wire = {marker.python_name: key for key, marker in found.arguments.items()}
    parameters = tuple(
        Parameter(
            wire_name=wire[p.name],
            python_name=p.name,
            required=p.default is inspect.Parameter.empty,
            kind=_kind(p.annotation),
            many=_many(p.annotation),
            doc=docs.get(p.name, ""),
            file=found.files.get(wire[p.name]),
        )
        for p in names
    )
    return Model(found.model_id, method_name, found.validate, found.files, parameters, summary)


_UNSAFE = {
    **{code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F) if chr(code) != "\n"},
    **{code: f"\\x{code:02x}" for code in range(0x80, 0xA0)},
    **{code: f"\\u{code:04x}" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}
"""Control and bidirectional-override characters: upstream text shows them escaped, so a
description can never drive the terminal."""


def _docstring(doc: str) -> tuple[str, dict[str, str]]:
    """The text above `Args:`, and each argument's text (a Google-style docstring), with
    control characters escaped."""
    doc = doc.translate(_UNSAFE)
    head, _, rest = doc.partition("\nArgs:\n")
    docs: dict[str, str] = {}
    current = None
    for line in rest.splitlines():
        if not line.strip():
            break
        if line.startswith("    ") and not line.startswith("     "):
            current, _, text = line.strip().partition(": ")
            docs[current] = text
        elif current is not None:
            docs[current] += " " + line.strip()
    return head.strip(), docs


# list, describe -------------------------------------------------------------------------


def run_list(args: argparse.Namespace, out: TextIO) -> int:
    # From the index alone: listing the catalog imports none of its modules.
    width = max((len(model_id) for model_id in MODEL_IDS), default=0)
    for model_id in MODEL_IDS:
        title = TITLES.get(model_id, "").translate(_UNSAFE).replace("\n", " ")
        print(f"{model_id:<{width}}  {title}".rstrip(), file=out)
    return EXIT_OK


_SCALARS = {str: "string", float: "number", int: "integer", bool: "boolean"}


def _without_none(annotation: Any) -> Any:
    """`X | None` -> `X`: an optional argument's type."""
    arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
    if _is_union(annotation) and len(arguments) == 1:
        return arguments[0]
    return annotation


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _item(annotation: Any) -> Any:
    """The items' type of a `Sequence[...]` argument, else None."""
    annotation = _without_none(annotation)
    if typing.get_origin(annotation) is Sequence:
        return typing.get_args(annotation)[0]
    return None


def _many(annotation: Any) -> bool:
    return _item(annotation) is not None


def _kind(annotation: Any) -> str:
    item = _item(annotation)
    one = _without_none(annotation) if item is None else item
    if typing.get_origin(one) is typing.Literal:
        found = "one of the allowed values"
    elif _is_union(one) and any(typing.get_origin(a) is os.PathLike for a in typing.get_args(one)):
        found = "file"  # FileInput: an asset id or a local path
    elif typing.get_origin(one) is Mapping:
        found = "object"
    else:
        found = _SCALARS.get(one, "value")
    if item is None:
        return found
    return "array of allowed values" if found == "one of the allowed values" else f"{found} array"


def _type(parameter: Parameter) -> str:
    found = parameter.kind
    file = parameter.file
    if file is not None and file.kind:
        found += f", {file.kind}"
    if file is not None and file.max_size is not None:
        found += f", at most {file.max_size:,} bytes"
    return found


def run_describe(args: argparse.Namespace, out: TextIO) -> int:
    model = load_model(args.model_id)
    lines = model.summary.splitlines() or [""]
    if model.title:  # "Run <title> (`<id>`)." reads as a heading
        lines[0] = f"{model.title} ({model.model_id})"
    print("\n".join(lines) or model.model_id, file=out)
    print(f"\nPython: Client().{model.method_name}(...)\n\nParameters (wire names):", file=out)
    for parameter in model.parameters:
        need = "required" if parameter.required else "optional"
        print(f"  {parameter.wire_name} ({need}, {_type(parameter)})", file=out)
        if parameter.doc:
            print(f"      {parameter.doc}", file=out)
    usage = [f"{PROGRAM} run {model.model_id}"]
    for parameter in model.parameters:
        option = (
            f"--file {parameter.wire_name}=PATH"
            if parameter.file
            else (f"--set {parameter.wire_name}=VALUE")
        )
        usage.append(option if parameter.required else f"[{option}]")
    print("\nUsage: " + " ".join(usage), file=out)
    return EXIT_OK


# run ------------------------------------------------------------------------------------


def _assignment(text: str, option: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name:
        raise _UsageError(f"{option} expects NAME=VALUE, got {text!r}")
    return name, value


def _json_value(text: str) -> Any:
    """A `--set` value: JSON when it parses, else the text itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _read_json(source: str) -> tuple[str, dict[str, Any]]:
    name = "<stdin>" if source == "-" else source
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _UsageError(f"{name}: cannot read the payload: {exc}") from None
    try:
        payload = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", 1)
        raise _UsageError(f"{name}:{line}: expected a JSON object: {exc}") from None
    if not isinstance(payload, dict):
        raise _UsageError(f"{name}:1: expected a JSON object, found {type(payload).__name__}")
    return f"{name}:1", payload


def build_payload(model: Model, args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """The wire payload from `--json`, then `--set`, then `--file`; and what to call its
    source in messages."""
    source, payload = _read_json(args.json) if args.json else ("<arguments>", {})
    for text in args.set:
        name, value = _assignment(text, "--set")
        payload[name] = _json_value(value)
    given: set[str] = set()
    for text in args.file:
        name, value = _assignment(text, "--file")
        parameter = model.files.get(name)
        if parameter is None:
            takes = ", ".join(model.files) or "none"
            raise _UsageError(
                f"--file {name}=...: {model.model_id} takes no file as {name!r} (file arguments: {takes})"
            )
        path = Path(value)
        if _is_array(model, name):
            current = payload.get(name) if name in given else None
            payload[name] = [*(current or []), path]
        elif name in given:
            raise _UsageError(f"--file {name}=...: {name!r} takes one file, given twice")
        else:
            payload[name] = path
        given.add(name)
    return source, payload


def _is_array(model: Model, wire_name: str) -> bool:
    return any(p.wire_name == wire_name and p.many for p in model.parameters)


def _print_errors(source: str, errors: Sequence[ValidationError], err: TextIO) -> None:
    for error in errors:
        prefix = "warning: " if error.severity == "warning" else ""
        print(f"{source}: {prefix}{error.path}: {error.keyword}: {error.message}", file=err)
    count = sum(1 for e in errors if e.severity == "error")
    print(f"{PROGRAM}: invalid payload, {count} error{'s' * (count != 1)}; nothing sent", file=err)


def run_run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._client_base import ClientBase
    from ._jobs import JobFailed, JobTimeout
    from ._transfers import Transfers
    from ._uploads import UploadFailed, plan_uploads

    if args.timeout is not None and args.timeout < 0:
        raise _UsageError(f"--timeout must be >= 0 seconds, got {args.timeout:g}")
    if args.poll_interval <= 0:
        raise _UsageError(f"--poll-interval must be > 0 seconds, got {args.poll_interval:g}")
    # Uploads are checked at least as often as the job, from their own first wait on.
    transfers = Transfers(poll_interval=min(args.poll_interval, Transfers.poll_interval))
    model = load_model(args.model_id)
    source, payload = build_payload(model, args)
    try:
        call = prepare(model.model_id, model.validate, payload, model.files)
        plan_uploads(call, model.files, transfers)
    except InvalidPayload as invalid:
        _print_errors(source, invalid.errors, err)
        return EXIT_NO
    except OSError as exc:
        raise _UsageError(str(exc)) from None
    display = _Display(err)
    with ClientBase(transfers=transfers, on_upload_progress=display.upload) as client:
        try:
            job = client._start(model.model_id, model.validate, payload, model.files)
        except UploadFailed as failed:
            display.done()
            print(f"{PROGRAM}: {failed}", file=err)
            return EXIT_NO if failed.refused else EXIT_USAGE
        display.done()
        print(job.id, file=out, flush=True)
        if args.no_wait:
            return EXIT_OK
        try:
            result = job.wait(
                timeout=args.timeout, poll_interval=args.poll_interval, on_progress=display.job
            )
        except KeyboardInterrupt:
            display.done()
            job.cancel()
            print(f"{PROGRAM}: interrupted; asked the API to cancel job {job.id}", file=err)
            return EXIT_INTERRUPTED
        except (JobFailed, JobTimeout) as exc:
            display.done()
            print(f"{PROGRAM}: {exc}", file=err)
            return EXIT_NO
        display.done()
        for path in result.download(args.out, on_progress=display.download):
            print(path, file=out, flush=True)
        display.done()
    return EXIT_OK


@dataclass
class _Display:
    """Progress on one line of standard error, redrawn at most ten times a second; silent
    when standard error is not a terminal."""

    err: TextIO
    enabled: bool = field(init=False)
    _shown: float = 0.0
    _dirty: bool = False

    def __post_init__(self) -> None:
        isatty: Callable[[], bool] = getattr(self.err, "isatty", lambda: False)
        self.enabled = isatty()

    def _line(self, text: str, final: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not final and now - self._shown < 0.1):
            return
        self._shown = now
        self._dirty = True
        self.err.write(f"\r\x1b[K{text}")
        self.err.flush()

    def upload(self, progress: Progress) -> None:
        self._line(
            f"upload {progress.path.name}: {_share(progress)}", progress.done == progress.total
        )

    def download(self, progress: Progress) -> None:
        self._line(
            f"download {progress.path.name}: {_share(progress)}", progress.done == progress.total
        )

    def job(self, job: Job) -> None:
        share = f" {job.progress:.0%}" if job.progress is not None else ""
        self._line(f"job {job.id}: {job.status}{share}", final=True)

    def done(self) -> None:
        if self._dirty:
            self.err.write("\n")
            self.err.flush()
            self._dirty = False


def _share(progress: Progress) -> str:
    mib = progress.done / (1024 * 1024)
    if not progress.total:
        return f"{mib:,.1f} MiB"
    return f"{progress.done / progress.total:.0%} of {progress.total / (1024 * 1024):,.1f} MiB"


# The command line -----------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def parser() -> argparse.ArgumentParser:
    main = _Parser(prog=PROGRAM, description="Scenario's models from a command line.")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("list", help="every model: Model ID and name")
    describe = commands.add_parser("describe", help="a model's parameters")
    describe.add_argument("model_id", metavar="MODEL_ID")
    run = commands.add_parser(
        "run",
        help="check, upload, run, wait, download",
        description="Run a model: exit 0 done, 1 invalid payload or failed job, 2 bad input.",
    )
    run.add_argument("model_id", metavar="MODEL_ID")
    run.add_argument("--json", metavar="FILE", help="the payload as a JSON object (- reads stdin)")
    run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter by wire name; VALUE is read as JSON when it parses, else as text",
    )
    run.add_argument(
        "--file",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="a local file for a file parameter, uploaded first (repeat for an array)",
    )
    run.add_argument("--out", default=".", metavar="DIR", help="where outputs go (default: .)")
    run.add_argument("--no-wait", action="store_true", help="print the job id and exit")
    run.add_argument(
        "--timeout", type=float, metavar="S", help="seconds to wait for the job (default: no limit)"
    )
    run.add_argument(
        "--poll-interval",
        type=float,
        default=DEFAULT_POLL_INTERVAL,
        metavar="S",
        help=f"seconds between two checks of the job (default: {DEFAULT_POLL_INTERVAL:g})",
    )
    return main


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = parser().parse_args(argv)
    try:
        if args.command == "list":
            return run_list(args, out)
        if args.command == "describe":
            return run_describe(args, out)
        return run_run(args, out, err)
    except (_UsageError, UnknownModel) as exc:
        print(f"{PROGRAM}: {exc}", file=err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{PROGRAM}: interrupted", file=err)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`list | head`): a listing has said all that was read; a
        # run may have stopped before its downloads. Either way, no "Broken pipe" at exit.
        _quiet(out)
        if args.command in ("list", "describe"):
            return EXIT_OK
        print(f"{PROGRAM}: standard output was closed: stopped", file=err)
        return EXIT_USAGE
    except Exception as exc:  # the API's and the network's errors, and credentials
        if not _is_client_error(exc):
            raise
        print(f"{PROGRAM}: {type(exc).__name__}: {exc}", file=err)
        return EXIT_USAGE


def _quiet(out: TextIO) -> None:
    """Point the closed stream at /dev/null, so that the flush at exit cannot fail."""
    # not a file (a test's StringIO): nothing is flushed at exit, nothing to do
    with contextlib.suppress(AttributeError, OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())


def _is_client_error(exc: Exception) -> bool:
    from ._client_base import MissingCredentials
    from ._downloads import DownloadFailed

    if isinstance(exc, (MissingCredentials, DownloadFailed, OSError, ImportError)):
        return True
    try:
        from scenario_sdk import APIError
    except ImportError:
        return False
    return isinstance(exc, APIError)


if __name__ == "__main__":
    sys.exit(main())
