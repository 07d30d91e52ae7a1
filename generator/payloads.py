"""Reading JSON payloads strictly: one document, or JSON Lines one line at a time.

Strict: NaN and the infinities (which Python's json takes) are not JSON, and a key twice in
one object is refused, since receivers disagree on which value counts. Every way a payload
can fail to be read, including those of Python's own json limits (nesting deeper than the
interpreter's recursion limit, an integer longer than its digit limit), is a `NotJson`
naming the input's line and what was found there, never an exception: the caller reports
it and goes on with the next line.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from generator.problems import Problem
from generator.runtime._validation import member

_JSON_SPACE = " \t\r\n"
_CONSTANT_OR_STRING = re.compile(r'"(?:\\.|[^"\\])*"|(-?Infinity|NaN)')


@dataclass(frozen=True)
class NotJson:
    """A payload that could not be read."""

    problem: Problem


Item = tuple[int, Any] | NotJson
"""(the line a payload starts on, the payload), or why it could not be read."""


class _Constant(ValueError):
    def __init__(self, constant: str) -> None:
        super().__init__(constant)
        self.constant = constant


class _Duplicate(ValueError):
    pass


def _reject_constant(constant: str) -> Any:
    raise _Constant(constant)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _Duplicate()
    return found


_STRICT = json.JSONDecoder(object_pairs_hook=_object, parse_constant=_reject_constant)


class Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self._decode = _STRICT.raw_decode

    def lines(self, stream: Iterable[bytes]) -> Iterator[Item]:
        """JSON Lines: each non-blank line one payload, read as it comes."""
        decode = self._decode
        for number, raw in enumerate(stream, 1):
            try:
                text = raw.decode("utf-8")
                start = 0 if text[:1] not in _JSON_SPACE else _skip_space(text, 0)
                if start == len(text):
                    continue  # a blank line
                value, end = decode(text, start)
                if end != len(text) and (end + 1 != len(text) or text[end] != "\n"):
                    _refuse_extra_data(text, end)
            except (UnicodeDecodeError, ValueError, RecursionError) as exc:
                yield NotJson(self._problem(number, raw, exc, jsonl=True))
                continue
            yield number, value

    def document(self, stream: Iterable[bytes]) -> Iterator[Item]:
        """The whole input as one payload."""
        raw = b"".join(stream)
        try:
            text = raw.decode("utf-8")
            start = _skip_space(text, 0)
            first_line = text.count("\n", 0, start) + 1
            value, end = self._decode(text, start)
            _refuse_extra_data(text, end)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            yield NotJson(self._problem(1, raw, exc, jsonl=False))
            return
        yield first_line, value

    def _problem(self, first_line: int, raw: bytes, exc: BaseException, jsonl: bool) -> Problem:
        line, message = _explain(raw, exc, jsonl)
        return Problem(self.name, first_line if jsonl else first_line + line - 1, message)


def _refuse_extra_data(text: str, end: int) -> None:
    """Only JSON's whitespace may follow a payload."""
    after = _skip_space(text, end)
    if after != len(text):
        raise json.JSONDecodeError("Extra data", text, after)


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in _JSON_SPACE:
        index += 1
    return index


def _explain(raw: bytes, exc: BaseException, jsonl: bool) -> tuple[int, str]:
    """(line within `raw`, message) for why `raw` could not be read."""
    if isinstance(exc, UnicodeDecodeError):
        line = raw.count(b"\n", 0, exc.start) + 1
        return line, f"expected UTF-8 text, found the byte 0x{raw[exc.start]:02x}"
    text = raw.decode("utf-8")
    if isinstance(exc, json.JSONDecodeError):
        if jsonl:  # read again without the line end, so the error is on the line
            text = text.rstrip("\r\n")
            exc = _decode_error(text) or exc
        return exc.lineno, _invalid_json(text, exc, jsonl)
    if isinstance(exc, _Constant):
        offset = next((m.start(1) for m in _CONSTANT_OR_STRING.finditer(text) if m.group(1)), 0)
        found = f"expected JSON, found {exc.constant}, which JSON does not have"
        return text.count("\n", 0, offset) + 1, found
    start_line = text.count("\n", 0, _skip_space(text, 0)) + 1
    if isinstance(exc, _Duplicate):
        path, key = _first_duplicate(text)
        return start_line, (
            f"expected each key once in an object, found {json.dumps(key, ensure_ascii=False)} "
            f"twice at {path} (receivers disagree on which value counts)"
        )
    if isinstance(exc, RecursionError):
        return start_line, (
            f"expected JSON nested at most about {sys.getrecursionlimit()} levels deep, "
            f"found {_depth(text)} levels"
        )
    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
    long_number = re.search(f"[0-9]{{{limit + 1},}}", text) if limit else None
    if long_number:
        line = text.count("\n", 0, long_number.start()) + 1
        digits = len(long_number.group())
        return line, f"expected an integer of at most {limit} digits, found one of {digits}"
    return start_line, f"expected JSON, found what Python's json cannot read: {exc}"


def _decode_error(text: str) -> json.JSONDecodeError | None:
    try:
        _, end = _STRICT.raw_decode(text, _skip_space(text, 0))
        _refuse_extra_data(text, end)
    except json.JSONDecodeError as exc:
        return exc
    except (ValueError, RecursionError):
        pass
    return None


def _invalid_json(text: str, exc: json.JSONDecodeError, jsonl: bool) -> str:
    message = f"expected JSON, found invalid JSON: {exc.msg} (column {exc.colno})"
    start = _skip_space(text, 0)
    if not jsonl and exc.msg == "Extra data" and "\n" in text[start : exc.pos]:
        message += "; one JSON value per line is JSON Lines: add --jsonl"
    elif jsonl and text.strip(_JSON_SPACE) in ("{", "["):
        message += "; one payload over several lines is not JSON Lines: drop --jsonl"
    return message


def _first_duplicate(text: str) -> tuple[str, str]:
    """The JSONPath of the first object holding a key twice, and that key."""

    class Pairs(list[tuple[str, Any]]):
        pass

    document = json.loads(text, object_pairs_hook=Pairs)
    pending: list[tuple[str, Any]] = [("$", document)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, Pairs):
            seen: set[str] = set()
            for key, _ in value:
                if key in seen:
                    return path, key
                seen.add(key)
            pending += [(path + member(k), v) for k, v in reversed(value)]
        elif isinstance(value, list):
            pending += [(f"{path}[{i}]", v) for i, v in reversed(list(enumerate(value)))]
    return "$", ""


def _depth(text: str) -> int:
    """How deeply arrays and objects nest in `text` (strings skipped)."""
    depth = deepest = 0
    for token in re.finditer(r'"(?:\\.|[^"\\])*"|[\[\]{}]', text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif bracket in "]}":
            depth -= 1
    return deepest
