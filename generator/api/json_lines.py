"""Where each value of a JSON document starts: its line, for `file:line` messages.

`json.loads` keeps no positions, so a definition is parsed twice: by `json` for its values,
and here, only once it is known to be valid JSON, for the line of every value by its path
(`("inputs", 2, "max")`).
"""

from __future__ import annotations

import bisect
import json
import re

Path = tuple[str | int, ...]

_SPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)


def value_lines(text: str) -> dict[Path, int]:
    """The 1-based line of every value of `text` (valid JSON), by path; the root is `()`."""
    newlines = [index for index, char in enumerate(text) if char == "\n"]
    lines: dict[Path, int] = {}

    def skip(position: int) -> int:
        match = _SPACE.match(text, position)
        return match.end() if match else position

    def value(position: int, path: Path) -> int:
        position = skip(position)
        lines[path] = bisect.bisect_right(newlines, position - 1) + 1
        char = text[position]
        if char == "{":
            return members(position + 1, path, "}", keyed=True)
        if char == "[":
            return members(position + 1, path, "]", keyed=False)
        match = (_STRING if char == '"' else _SCALAR).match(text, position)
        assert match is not None, "value_lines needs valid JSON"
        return match.end()

    def members(position: int, path: Path, close: str, keyed: bool) -> int:
        index = 0
        position = skip(position)
        if text[position] == close:
            return position + 1
        while True:
            key: str | int = index
            if keyed:
                match = _STRING.match(text, skip(position))
                assert match is not None, "value_lines needs valid JSON"
                key = json.loads(match.group())
                position = skip(match.end()) + 1  # the colon
            position = skip(value(position, (*path, key)))
            index += 1
            if text[position] == close:
                return position + 1
            position += 1  # the comma

    value(0, ())
    return lines
