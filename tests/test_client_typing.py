"""The generated client under the type checker and the linters: correct usage passes
`mypy --strict`; a wrong Literal, a misspelled argument, a wrong type, a missing argument and
a path where no file is taken are each reported. One mypy run covers every sample and the
client's modules (strict, with the real scenario_sdk types); the validators' modules are
checked by their own tests."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from client_support import generated_package

REQUIRED_CLASS_ARGUMENTS = """
    required_extremely_long_parameter_name_that_keeps_going_and_going_on_and_on_files=[],
    required_extremely_long_parameter_name_that_keeps_going_and_going_on_and_on_inputs=[],
    required_extremely_long_parameter_name_that_keeps_going_and_going_on_and_on_choice="x",
"""

GOOD = f"""
from pathlib import Path

from scenario_models import AsyncClient, Client, Job, JobResult


def run(client: Client) -> tuple[str, ...]:
    job: Job = client.trellis_2(
        image=Path("in.png"),
        resolution=1024,
        ss_guidance_strength=7,
        seed=None,
        texture_size=2048,
    )
    print(job.id, job.status)
    client.trellis(images=["asset_1", Path("b.png")], mesh_simplify=0.95)
    client.class_(
        class_="c",
        from_=1.5,
        self_=False,
        foo_bar="b",
        inputs=[{{"kind": 1}}],{REQUIRED_CLASS_ARGUMENTS}
    )
    client.empty()
    result: JobResult = job.wait(
        timeout=60, poll_interval=0.5, on_progress=lambda j: print(j.status, j.progress)
    )
    return result.asset_ids


async def run_async(client: AsyncClient) -> tuple[str, ...]:
    job = await client.trellis_2(image="asset_1")
    return (await job.wait(timeout=None)).asset_ids
"""

PREAMBLE = "from pathlib import Path\n\nfrom scenario_models import Client\n\nclient = Client()\n"

BAD = {
    "bad_literal": ('client.trellis_2(image="a", resolution=1000)', "arg-type", "resolution"),
    "bad_name": ('client.trellis_2(image="a", resolutoin=1024)', "call-arg", "resolutoin"),
    "bad_type": ('client.trellis_2(image="a", seed="7")', "arg-type", "seed"),
    "bad_missing": ("client.trellis_2(seed=1)", "call-arg", "image"),
    "bad_path": (
        f'client.class_(class_=Path("not/a/file/argument"),{REQUIRED_CLASS_ARGUMENTS})',
        "arg-type",
        "class_",
    ),
}

ERROR = re.compile(
    r"^(?P<file>[\w.]+\.py):(?P<line>\d+): error: (?P<message>.*)  \[(?P<code>[\w-]+)\]$"
)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_package(tmp_path_factory)


def mypy_cache(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A cache that outlives the run when pytest's own cache is on: analysing scenario_sdk
    cold takes most of the time."""
    cache = getattr(request.config, "cache", None)
    return cache.mkdir("client-mypy") if cache is not None else tmp_path / "mypy-cache"


def test_mypy_strict_accepts_correct_use_and_reports_each_mistake(
    package: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "good.py").write_text(textwrap.dedent(GOOD))
    for name, (call, _, _) in BAD.items():
        (samples / f"{name}.py").write_text(PREAMBLE + call + "\n")
    config = tmp_path / "mypy.ini"
    config.write_text(f"[mypy]\nstrict = True\nmypy_path = {package}\n")

    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(config),
            "--cache-dir",
            str(mypy_cache(request, tmp_path)),
            "--no-color-output",
            "--no-error-summary",
            "--hide-error-context",
            *sorted(p.name for p in samples.glob("*.py")),
            *client_modules(package),
        ],
        cwd=samples,
        capture_output=True,
        text=True,
        timeout=300,
    )

    errors: dict[str, list[tuple[str, str]]] = {}
    for line in run.stdout.splitlines():
        if ": note: " in line:
            continue
        match = ERROR.match(line)
        assert match, f"unexpected mypy output: {line}\n{run.stdout}{run.stderr}"
        errors.setdefault(match["file"], []).append((match["code"], match["message"]))
    assert "good.py" not in errors, errors["good.py"]
    for name, (_, code, argument) in BAD.items():
        [(found_code, message)] = errors.pop(f"{name}.py")
        assert found_code == code, message
        assert argument in message, message
    assert errors == {}, f"the client itself fails mypy --strict: {errors}"
    assert run.returncode == 1, run.stderr


def client_modules(package: Path) -> list[str]:
    """The client's modules: the runtime's and the models' (each holds its methods)."""
    root = package / "scenario_models"
    runtime = [root / f"_{name}.py" for name in ("client", "client_base", "calls", "jobs")]
    return [str(path) for path in [*runtime, *sorted((root / "models").glob("*.py"))]]


def test_the_client_modules_are_black_clean_as_generated(package: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--diff", "-q", *client_modules(package)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_client_modules_are_ruff_clean(package: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--isolated",
            "--target-version",
            "py310",
            "--line-length",
            "88",
            "--select",
            "E,F,W,I,B,UP,SIM,RUF",
            # Black owns line length, as in the project's own configuration: a hostile
            # 80-character name cannot be split, and the header names the command whole.
            "--ignore",
            "E501",
            "--output-format",
            "concise",
            *client_modules(package),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
