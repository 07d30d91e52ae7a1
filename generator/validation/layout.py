"""What is left of the layout imitation: the `Literal` alias of the model and client
modules (the emit stage's, which moves it). Validators are rendered plainly and
formatted by ruff (`generator/emit/formatter.py`)."""

from __future__ import annotations

from dataclasses import dataclass

LINE_LENGTH = 88


@dataclass(frozen=True)
class LiteralAlias:
    """A module-level `Name: TypeAlias = Literal[...]`, as the client and model modules write it."""

    name: str
    values: tuple[str, ...]
    """Each allowed value as a Python literal."""

    @property
    def one_line(self) -> bool:
        """Else black puts one value per line (the trailing comma keeps it so)."""
        return _fits(0, f"{self.name}: TypeAlias = Literal[{', '.join(self.values)}]")


def _fits(pad: int, text: str) -> bool:
    return pad + len(text) <= LINE_LENGTH
