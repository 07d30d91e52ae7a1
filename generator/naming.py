"""Python names for upstream names: identifiers that can never collide or become code."""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable

_NOT_IDENTIFIER = re.compile(r"\W|^(?=\d)", re.ASCII)
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

# Names a generated method body or class relies on (a method passes the module's
# `validate` to `_start`); a parameter or method may not take them.
RESERVED = frozenset({"self", "cls", "validate"})

BUILTIN_CLASS_NAMES = frozenset(
    [
        "ArithmeticError",
        "AssertionError",
        "AttributeError",
        "BaseException",
        "BaseExceptionGroup",
        "BlockingIOError",
        "BrokenPipeError",
        "BufferError",
        "BytesWarning",
        "ChildProcessError",
        "ConnectionAbortedError",
        "ConnectionError",
        "ConnectionRefusedError",
        "ConnectionResetError",
        "DeprecationWarning",
        "EOFError",
        "Ellipsis",
        "EncodingWarning",
        "EnvironmentError",
        "Exception",
        "ExceptionGroup",
        "False",
        "FileExistsError",
        "FileNotFoundError",
        "FloatingPointError",
        "FutureWarning",
        "GeneratorExit",
        "IOError",
        "ImportError",
        "ImportWarning",
        "IndentationError",
        "IndexError",
        "InterruptedError",
        "IsADirectoryError",
        "KeyError",
        "KeyboardInterrupt",
        "LookupError",
        "MemoryError",
        "ModuleNotFoundError",
        "NameError",
        "None",
        "NotADirectoryError",
        "NotImplemented",
        "NotImplementedError",
        "OSError",
        "OverflowError",
        "PendingDeprecationWarning",
        "PermissionError",
        "ProcessLookupError",
        "PythonFinalizationError",
        "RecursionError",
        "ReferenceError",
        "ResourceWarning",
        "RuntimeError",
        "RuntimeWarning",
        "StopAsyncIteration",
        "StopIteration",
        "SyntaxError",
        "SyntaxWarning",
        "SystemError",
        "SystemExit",
        "TabError",
        "TimeoutError",
        "True",
        "TypeError",
        "UnboundLocalError",
        "UnicodeDecodeError",
        "UnicodeEncodeError",
        "UnicodeError",
        "UnicodeTranslateError",
        "UnicodeWarning",
        "UserWarning",
        "ValueError",
        "Warning",
        "ZeroDivisionError",
    ]
)
"""Python's capitalized builtins (3.13's, written out so every Python version names
things alike): a generated CamelCase name never shadows one."""


def _identifier(text: str, *, leading_digit_prefix: str) -> str:
    name = _NOT_IDENTIFIER.sub("_", text)
    name = re.sub(r"_+", "_", name).strip("_") or "_"
    if name[0].isdigit():
        name = leading_digit_prefix + name
    if keyword.iskeyword(name) or name in RESERVED or name in ("True", "False", "None"):
        name += "_"
    return name


def snake_case(text: str) -> str:
    return _CAMEL_BOUNDARY.sub("_", text).lower()


def method_name(model_id: str) -> str:
    """`model_trellis-2` -> `trellis_2`; keeps `model_` where the rest starts with a digit."""
    rest = model_id.removeprefix("model_")
    name = _identifier(rest, leading_digit_prefix="model_")
    return name.lower()


def argument_name(wire_name: str) -> str:
    """`ssGuidanceStrength` -> `ss_guidance_strength`; `class` -> `class_`; `1st` -> `p_1st`."""
    return _identifier(snake_case(wire_name), leading_digit_prefix="p_")


def class_name(python_name: str) -> str:
    """`trellis_2` -> `Trellis2`."""
    return (
        "".join(part[:1].upper() + part[1:] for part in python_name.split("_") if part) or "Model"
    )


def unique(names: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """Disambiguate in order: a later duplicate gets `_2`, `_3`, ... deterministically."""
    used = set(taken)
    result: list[str] = []
    for name in names:
        candidate, counter = name, 1
        while candidate in used:
            counter += 1
            candidate = f"{name}_{counter}"
        used.add(candidate)
        result.append(candidate)
    return result
