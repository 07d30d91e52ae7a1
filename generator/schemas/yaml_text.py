"""YAML output, the same bytes everywhere, read back the same by YAML 1.1 and 1.2 tools.

PyYAML resolves scalars by YAML 1.1 rules, so it writes `1e3`, `0o17` or `.inf`-like strings
unquoted where a YAML 1.2 reader (most OpenAPI tools) would see a number: such strings are
forced into quotes. libyaml's emitter is used when present: six times faster, and the same
bytes as the pure emitter for our documents (tested).

A string holding a control character (`generator/controls.py`) is double-quoted, and any
such character the emitter leaves raw (it deems a bidirectional override printable) is
then written as its `\\uXXXX` escape, which in a double-quoted scalar is the same string.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from generator.controls import CONTROL, visible

_BASE: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# Plain scalars that the YAML 1.2 core schema reads as something other than a string.
_YAML12_NOT_A_STRING = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|null|Null|NULL|~|true|True|TRUE|false|False|FALSE"
)


class _Dumper(_BASE):  # type: ignore[valid-type,misc]
    pass


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    if _YAML12_NOT_A_STRING.fullmatch(text):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="'")
    if CONTROL.search(text):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    return dumper.represent_str(text)


_Dumper.add_representer(str, _represent_str)


def dump(document: Any, dumper: type[yaml.SafeDumper] = _Dumper) -> str:
    return visible(_dump(document, dumper))


def _dump(document: Any, dumper: type[yaml.SafeDumper]) -> str:
    return yaml.dump(
        document,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def pure_dumper() -> type[yaml.SafeDumper]:
    """The same representers over the pure-Python emitter, for the sameness test."""

    class PureDumper(yaml.SafeDumper):
        pass

    PureDumper.add_representer(str, _represent_str)
    return PureDumper
