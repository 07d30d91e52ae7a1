"""Kill `generate` after its Nth file operation, for every N, and record what follows.

`python -m tests.crash_driver WORK` reads WORK/base (a project built from the old pages,
its new pages in WORK/new-pages) and prints one JSON record per kill point. It runs in a
fresh interpreter without threads and forks a child per command: the children start warm
(everything is imported once, here), and a child's SIGKILL ends only that child.

For each N: a copy of the base project gets the new pages; `generate` runs with its Nth
file operation fatal (`faults.operation`, as SCENARIO_CODEGEN_KILL_AFTER=N does); then
`check`, `generate` and `check` again run on what it left. With `--recovery`, the kill
points are in the `generate` that finishes a build interrupted halfway through its renames.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.cli import main
from generator.output import faults
from generator.output.incremental import CACHE
from generator.output.paths import BOOKKEEPING, JOURNAL
from generator.pipeline import build

KILLED = -9


def run(argv: Sequence[str], kill_after: int | None = None) -> int:
    """The exit code of `scenario-codegen argv` in a child; -9 when it was killed."""
    pid = os.fork()
    if pid == 0:  # the child
        code = 70
        try:
            if kill_after is not None:
                faults.operation = faults._killer(kill_after)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            code = main(list(argv))
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def is_bookkeeping(relative: str) -> bool:
    prefixes = (*BOOKKEEPING, CACHE)
    return any(relative == p or relative.startswith((p + "/", p + ".")) for p in prefixes)


def snapshot(project: Path) -> dict[str, bytes]:
    """Every output file, bookkeeping aside."""
    found = {}
    for root in ("schemas", "generated"):
        for path in sorted((project / root).rglob("*")):
            relative = path.relative_to(project).as_posix()
            if path.is_file() and not is_bookkeeping(relative):
                found[relative] = path.read_bytes()
    return found


def leftovers(project: Path) -> list[str]:
    """Bookkeeping a finished run must not leave behind (the cache is kept on purpose)."""
    found = []
    for root in ("schemas", "generated"):
        for path in (project / root).rglob("*"):
            relative = path.relative_to(project).as_posix()
            if is_bookkeeping(relative) and relative != CACHE:
                found.append(relative)
    found += [p.name for p in project.glob(".scenario-codegen-*")]
    return sorted(found)


class Scenario:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.base = work / "base"
        build([work / "new-pages" / "acme.md"], work / "warm")  # templates compiled once, here
        self.old = snapshot(self.base)
        self.new = self._expected_new()

    def project(self, name: str) -> Path:
        project = self.work / name
        shutil.rmtree(project, ignore_errors=True)
        shutil.copytree(self.base, project)
        shutil.rmtree(project / "upstream")
        shutil.copytree(self.work / "new-pages", project / "upstream")
        return project

    def args(self, command: str, project: Path) -> list[str]:
        return [command, "--upstream", str(project / "upstream"), "--out", str(project)]

    def _expected_new(self) -> dict[str, bytes]:
        project = self.project("expected")
        assert run(self.args("generate", project)) == 0
        return snapshot(project)

    def interrupted_midway(self) -> int:
        """A kill point in the middle of the renames: the journal is there from one
        operation on until a later one (found by bisection, a kill per probe)."""

        def journal_after(n: int) -> bool:
            project = self.project("probe")
            killed = run(self.args("generate", project), n) == KILLED
            return killed and (project / JOURNAL).exists()

        def first(low: int, high: int, after: bool) -> int:
            # the first n in [low, high) where journal_after(n) == after, given it holds at high
            while low < high:
                middle = (low + high) // 2
                if journal_after(middle) == after:
                    high = middle
                else:
                    low = middle + 1
            return low

        n = 1
        while not journal_after(n):
            n *= 2
        start = first(n // 2 + 1, n, True) if n > 1 else 1
        end = n
        while journal_after(end):
            end += end - start + 1
        end = first(start, end, False)
        return (start + end) // 2

    def state(self, project: Path) -> str:
        found = snapshot(project)
        return "old" if found == self.old else "new" if found == self.new else "mixed"

    def kill(self, n: int, recovery_kill: int | None = None) -> dict[str, Any]:
        project = self.project(f"kill-{n}-{recovery_kill}")
        record: dict[str, Any] = {"n": n, "recovery_kill": recovery_kill}
        record["code"] = run(self.args("generate", project), n)
        if recovery_kill is not None:
            assert record["code"] == KILLED
            record["code"] = run(self.args("generate", project), recovery_kill)
        record["state"] = self.state(project)
        record["journal"] = (project / JOURNAL).exists()
        record["check"] = run(self.args("check", project))
        record["generate"] = run(self.args("generate", project))
        record["final_state"] = self.state(project)
        record["leftovers"] = leftovers(project)
        record["final_check"] = run(self.args("check", project))
        shutil.rmtree(project)
        return record


def main_driver() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("work", type=Path)
    parser.add_argument("--recovery", action="store_true")
    parser.add_argument("--limit", type=int, default=500)
    args = parser.parse_args()
    scenario = Scenario(args.work)
    interrupted = scenario.interrupted_midway() if args.recovery else None
    for point in range(1, args.limit + 1):
        if interrupted is None:
            record = scenario.kill(point)
        else:
            record = scenario.kill(interrupted, recovery_kill=point)
        print(json.dumps(record), flush=True)
        if record["code"] != KILLED:
            break
    return 0


if __name__ == "__main__":
    sys.exit(main_driver())
