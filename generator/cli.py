"""The `scenario-codegen` command line (contract 2): exit 0 ok, 1 "no", 2 bad input or usage."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from generator import __version__
from generator.commands.common import EXIT_BAD_INPUT, quiet_stdout, report
from generator.problems import InputError

COMMANDS = ("generate", "check", "validate", "diff", "fetch", "fetch-models", "sync")
"""Each is `generator.commands.<name>` (`fetch-models`: `fetch_models`), imported only when it
is the one being run (or for --help), so a no-op `generate` does not pay for the other
commands' imports."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)


DESCRIPTION = (
    "Turn Scenario's model reference pages into one JSON Schema per model, a typed Python "
    "client with offline validators, Markdown docs and an OpenAPI document; keep them "
    "current. Exit codes: 0 done; 1 the answer is no (an invalid payload, output out of "
    "date, a breaking change); 2 bad input or usage."
)


def parser(only: str | None = None) -> argparse.ArgumentParser:
    root = _Parser(prog="scenario-codegen", description=DESCRIPTION)
    root.add_argument("--version", action="version", version=f"scenario-codegen {__version__}")
    subparsers = root.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in COMMANDS:
        if only in (None, name):
            importlib.import_module(f"generator.commands.{name.replace('-', '_')}").register(
                subparsers
            )
    return root


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    chosen = next((a for a in arguments if not a.startswith("-")), None)
    args = parser(chosen if chosen in COMMANDS else None).parse_args(arguments)
    try:
        code: int = args.run(args)
    except InputError as exc:
        report(exc.problems)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        quiet_stdout()  # the reader went away; the answer is unknown, never "yes"
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"scenario-codegen: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    return code
