"""`fetch-models MODEL_ID ...`: save model definitions read from the API as upstream input."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.commands.common import EXIT_BAD_INPUT, EXIT_OK
from generator.listing import SOURCES_FILE
from generator.problems import InputError, Problem


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "fetch-models",
        help="save model definitions read from the API (models.retrieve) beside the pages",
        description="Reads each model through scenario-sdk with its credentials "
        "(SCENARIO_SDK_API_KEY and SCENARIO_SDK_API_SECRET, or SCENARIO_SDK_JWT; "
        "SCENARIO_BASE_URL) and saves DIR/<MODEL_ID>.model.json, which generate reads "
        f"beside the pages. Without MODEL_ID, the Model IDs listed in DIR/{SOURCES_FILE} "
        "(which sync keeps current). All or nothing: any failure is reported, one line "
        "each, exits 2 and writes nothing.",
    )
    parser.add_argument(
        "model_ids",
        nargs="*",
        metavar="MODEL_ID",
        help=f"a Model ID (model_...); without any, those of DIR/{SOURCES_FILE}",
    )
    parser.add_argument(
        "--into",
        type=Path,
        default=Path("upstream"),
        metavar="DIR",
        help="the folder of the pages (default: upstream/)",
    )
    parser.add_argument(
        "--project-id", metavar="ID", help="the project the models belong to (sent as projectId)"
    )
    parser.add_argument(
        "--timeout",
        type=_number(float, 0),
        metavar="SECONDS",
        help="per request (default: the SDK's)",
    )
    parser.add_argument(
        "--max-retries",
        type=_number(int, -1),
        metavar="N",
        help="on 408/409/429/5xx and network errors (default: the SDK's, 2)",
    )
    parser.set_defaults(run=run)


def _number(kind: type[float] | type[int], above: int) -> Any:
    def parse(text: str) -> float | int:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, found {text!r}") from None
        if value <= above:
            raise argparse.ArgumentTypeError(f"expected more than {above}, found {text!r}")
        return value

    return parse


def run(args: argparse.Namespace) -> int:
    # Imported here: `scenario-codegen --help` need not load the fetcher.
    from generator.upstream.fetch_definitions import (
        FetchError,
        check_model_ids,
        fetch_definitions,
        save,
    )

    model_ids = args.model_ids or _listed(args.into / SOURCES_FILE)
    problems = check_model_ids(model_ids)
    if problems:
        return _fail(problems)
    options = {
        name: value
        for name, value in (("timeout", args.timeout), ("max_retries", args.max_retries))
        if value is not None
    }
    try:
        outcome = fetch_definitions(model_ids, args.into, args.project_id, **options)
    except FetchError as exc:
        return _fail([str(exc)])
    if outcome.errors:
        return _fail(outcome.errors)
    for target, status in save(args.into, outcome.fetched):
        print(f"scenario-codegen: {target}: {status}", file=sys.stderr)
    for item in outcome.fetched:
        for warning in item.warnings:
            print(warning, file=sys.stderr)
    return EXIT_OK


def _listed(listing: Path) -> list[str]:
    from generator.listing import read_listing

    found = [model.model_id for model in read_listing(listing).models]
    if not found:
        raise InputError(
            [Problem(str(listing), 0, "expected Model IDs (given, or listed here), found none")]
        )
    return found


def _fail(lines: list[str]) -> int:
    for line in lines:
        print(f"scenario-codegen: fetch-models: {line}", file=sys.stderr)
    print("scenario-codegen: fetch-models: nothing written", file=sys.stderr)
    return EXIT_BAD_INPUT
