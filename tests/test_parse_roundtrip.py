"""Property: random model tables written as pages parse back to the same models, in both forms."""

from __future__ import annotations

import string
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages.model import Model, Param
from generator.pages.parse import parse_or_raise
from generator.schemas.build import model_schema
from tests.pages import one_line, page

_WORD = st.text(string.ascii_letters + string.digits, min_size=1, max_size=8)
_PROSE_CHARS = (
    string.ascii_letters + string.digits + " .,;:!?()'\"/%&=+@#$^~{}[]|\\-_*<>\u2019\u00e9\u4e2d"
)
_PROSE = (
    st.text(_PROSE_CHARS, min_size=1, max_size=40)
    .map(lambda t: " ".join(t.split()))
    .filter(lambda t: t not in ("", "-", "\u201c"))
)
_VALUE_CHARS = string.ascii_letters + string.digits + " .:;_-+/|`*\u00e9"
_STRING_VALUE = (
    st.text(_VALUE_CHARS, min_size=1, max_size=12)
    .map(lambda t: " ".join(t.split()))
    .filter(lambda t: t != "" and not t.startswith("`") and not t.endswith("`"))
)
_NUMBER = st.one_of(
    st.integers(-(10**12), 10**12),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False).filter(
        lambda f: not f.is_integer()
    ),
)
_COUNT = st.integers(0, 50)


def _name(text: str) -> str:
    return text[0].upper() + text[1:]


@st.composite
def params(draw: st.DrawFn, name: str) -> Param:
    kind = draw(
        st.sampled_from(
            [
                "string",
                "number",
                "boolean",
                "file",
                "model",
                "file_array",
                "string_array",
                "number_array",
                "model_array",
                "inputs_array",
            ]
        )
    )
    required = draw(st.booleans())
    description = draw(st.none() | _PROSE)
    default = allowed = low = high = None
    if kind == "string":
        allowed = draw(
            st.none() | st.lists(_STRING_VALUE, min_size=1, max_size=4, unique=True).map(tuple)
        )
        if allowed is not None and draw(st.booleans()):
            allowed = ("", *allowed)
        default = draw(
            st.none() | (st.sampled_from(allowed) if allowed else _STRING_VALUE | st.just(""))
        )
        low, high = draw(st.none() | _COUNT), draw(st.none() | _COUNT)
    elif kind == "number":
        allowed = draw(
            st.none() | st.lists(_NUMBER, min_size=1, max_size=4, unique=True).map(tuple)
        )
        default = draw(st.none() | (st.sampled_from(allowed) if allowed else _NUMBER))
        low, high = draw(st.none() | _NUMBER), draw(st.none() | _NUMBER)
    elif kind == "boolean":
        default = draw(st.none() | st.booleans())
    elif kind in ("file", "model"):
        default = draw(st.none() | _STRING_VALUE.filter(lambda v: "," not in v))
    elif kind == "number_array":
        default = draw(st.none() | st.lists(_NUMBER, max_size=3))
        low, high = draw(st.none() | _NUMBER), draw(st.none() | _NUMBER)
    elif kind == "inputs_array":
        default = draw(st.none() | st.just([]))
        low, high = draw(st.none() | _COUNT), draw(st.none() | _COUNT)
    else:
        item = _STRING_VALUE.filter(lambda v: "," not in v and v.strip() == v)
        allowed = draw(st.none() | st.lists(item, min_size=1, max_size=4, unique=True).map(tuple))
        default = draw(
            st.none() | st.lists(st.sampled_from(allowed) if allowed else item, max_size=3)
        )
        low, high = draw(st.none() | _COUNT), draw(st.none() | _COUNT)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Param(name, kind, required, description, 0, default, low, high, allowed)


@st.composite
def models(draw: st.DrawFn) -> list[Model]:
    ids = draw(st.lists(_WORD.map(str.lower), min_size=1, max_size=3, unique=True))
    found = []
    for index, word in enumerate(ids):
        names = draw(st.lists(_WORD, min_size=1, max_size=6, unique_by=str.lower))
        found.append(
            Model(
                id=f"model_{word}",
                name=f"{_name(word)} {index}",
                description=draw(st.none() | _PROSE.map(lambda t: "Makes " + t)),
                capabilities=tuple(
                    draw(
                        st.lists(
                            st.sampled_from(["txt2img", "img2img", "img23d"]),
                            min_size=1,
                            max_size=2,
                            unique=True,
                        )
                    )
                ),
                provider="Acme",
                kind="image generation",
                params=tuple(draw(params(name)) for name in names),
                line=0,
            )
        )
    return found


def _schemas(text: str) -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.md"
        path.write_text(text, encoding="utf-8")
        pages, _ = parse_or_raise([path])
    return [model_schema(m) for p in pages for m in p.models]


@settings(max_examples=100, deadline=None)
@given(models())
def test_pages_parse_back_to_their_models_in_both_forms(drawn: list[Model]) -> None:
    text = page(drawn)
    expected = [model_schema(m) for m in drawn]
    assert _schemas(text) == expected
    assert _schemas(one_line(text)) == expected
