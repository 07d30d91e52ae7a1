"""The problems found on one page, located at its lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.problems import Problem, errors


@dataclass
class Report:
    """Collects a page's problems as values; every reader of the page adds to one Report.

    Readers count lines from 0 in the text being parsed. A one-line page is parsed laid out
    again (see oneline.py), so each of its problems is at line 1 of the file.
    """

    source: str
    one_line: bool = False
    problems: list[Problem] = field(default_factory=list)

    def line(self, index: int) -> int:
        """The 1-based line of the file."""
        return 1 if self.one_line else index + 1

    def error(self, index: int, message: str) -> None:
        self.problems.append(Problem(self.source, self.line(index), message))

    def warn(self, index: int, message: str) -> None:
        self.problems.append(Problem(self.source, self.line(index), message, "warning"))

    def has_errors(self) -> bool:
        return bool(errors(self.problems))
