"""The `scenario-codegen` command line (contract 2): exit 0 ok, 1 "no", 2 bad input or usage."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from generator import __version__
from generator.commands import check, diff, fetch, generate, sync, validate
from generator.commands.common import EXIT_BAD_INPUT, report
from generator.problems import InputError

COMMANDS = (generate, check, validate, diff, fetch, sync)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)


def parser() -> argparse.ArgumentParser:
    root = _Parser(prog="scenario-codegen", description=__doc__)
    root.add_argument("--version", action="version", version=f"scenario-codegen {__version__}")
    subparsers = root.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for command in COMMANDS:
        command.register(subparsers)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except InputError as exc:
        report(exc.problems)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"scenario-codegen: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    return code
