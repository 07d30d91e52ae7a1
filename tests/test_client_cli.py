"""`python -m scenario_models` (contract 3): list, describe and run against the stand-in,
through the real scenario_sdk. `run` validates first (exit 1, nothing sent), uploads the
`--file`s, waits, downloads into `--out`, prints the job id and each path; exit 2 for bad
input; progress on standard error only when it is a terminal."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from client_support import generated_package, imported
from scenario_standin import JOB_ID, StandIn, job

GLB = b"glTF" + os.urandom(50_000)
PNG = b"\x89PNG\r\n\x1a\n stand-in image"
RETEXTURE = "model_trellis-2-retexture"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_package(tmp_path_factory)


@pytest.fixture(scope="module")
def cli(package: Path) -> Iterator[ModuleType]:
    with imported(package) as module:
        yield import_module(f"{module.__name__}.__main__")


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    with StandIn() as standin:
        standin.add_asset("asset_out", GLB, "model/gltf-binary")
        standin.job_states = [job("in-progress"), job("success", assetIds=["asset_out"])]
        monkeypatch.setenv("SCENARIO_SDK_API_KEY", "key")
        monkeypatch.setenv("SCENARIO_SDK_API_SECRET", "secret")
        monkeypatch.setenv("SCENARIO_BASE_URL", standin.base_url)
        yield standin


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    mesh, image = tmp_path / "chair.glb", tmp_path / "style.png"
    mesh.write_bytes(GLB)
    image.write_bytes(PNG)
    return mesh, image


FAST = "--poll-interval=0.01"


def run(cli: ModuleType, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    fast = [FAST] if argv[:1] == ("run",) and "--poll-interval" not in argv else []
    code = cli.main([*argv, *fast], out, err)
    return code, out.getvalue(), err.getvalue()


def test_run_uploads_waits_downloads_and_prints_the_job_and_paths(
    cli: ModuleType, api: StandIn, inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    mesh, image = inputs
    code, out, err = run(
        cli,
        "run",
        RETEXTURE,
        f"--file=model={mesh}",
        f"--file=image={image}",
        "--set",
        "resolution=512",
        "--set",
        "seed=7",
        "--out",
        str(tmp_path / "out"),
        "--timeout",
        "30",
    )

    assert (code, err) == (0, "")
    assert out.splitlines() == [JOB_ID, str(tmp_path / "out" / "asset_out.glb")]
    assert (tmp_path / "out" / "asset_out.glb").read_bytes() == GLB
    [generate] = api.requests_to("/v1/generate/")
    assert generate.body == {
        "model": "asset_up_chair.glb",
        "image": "asset_up_style.png",
        "resolution": 512,
        "seed": 7,
    }


def test_an_invalid_payload_prints_every_error_like_validate_and_sends_nothing(
    cli: ModuleType, api: StandIn, inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    payload = tmp_path / "payload.json"
    payload.write_text('{"resolution": 7, "seed": -1, "sead": 1}')

    code, out, err = run(cli, "run", RETEXTURE, "--json", str(payload), f"--file=model={inputs[0]}")

    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f'{payload}:1: $.image: required: missing required property "image"',
        f"{payload}:1: $.resolution: enum: expected one of 512, 1024, found 7",
        f"{payload}:1: $.seed: minimum: expected at least 0, found -1",
        f'{payload}:1: $.sead: additionalProperties: unknown property "sead" (did you mean "seed"?)',
        "python -m scenario_models: invalid payload, 4 errors; nothing sent",
    ]
    assert api.requests == []


def test_set_values_are_json_when_they_parse_and_text_otherwise(
    cli: ModuleType, api: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"image": "asset_a", "seed": 1}'))

    code, out, _ = run(
        cli,
        "run",
        "model_trellis-2",
        "--json",
        "-",
        "--set",
        "seed=2",
        "--set",
        "remesh=true",
        "--no-wait",
    )

    assert (code, out) == (0, f"{JOB_ID}\n")
    [generate] = api.requests_to("/v1/generate/")
    assert generate.body == {"image": "asset_a", "seed": 2, "remesh": True}
    assert api.requests_to("/v1/jobs/") == []  # --no-wait
    code, _, err = run(cli, "run", "model_trellis-2", "--set", "image=[1, 2]", "--no-wait")
    assert code == 1 and "$.image: type: expected a string, found an array" in err


def test_several_files_make_a_file_array_in_order(
    cli: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    views = []
    for name in ("front.png", "back.png"):
        views.append(tmp_path / name)
        views[-1].write_bytes(PNG)

    code, _, err = run(
        cli, "run", "model_trellis", *(f"--file=images={v}" for v in views), "--no-wait"
    )

    assert (code, err) == (0, "")
    [generate] = api.requests_to("/v1/generate/")
    assert generate.body == {"images": ["asset_up_front.png", "asset_up_back.png"]}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "model_trelis"], "unknown model ID 'model_trelis'; did you mean"),
        (
            ["run", RETEXTURE, "--file", "seed=x.glb"],
            "takes no file as 'seed' (file arguments: model, image)",
        ),
        (["run", RETEXTURE, "--set", "seed"], "--set expects NAME=VALUE, got 'seed'"),
        (
            ["run", RETEXTURE, "--file", "model=/no/such.glb", "--set", "image=a"],
            "no file to upload for $.model",
        ),
        (["run", RETEXTURE, "--json", "/no/such.json"], "/no/such.json: cannot read the payload"),
        (["run", RETEXTURE, "--timeout", "-1"], "--timeout must be >= 0 seconds"),
        (["run", RETEXTURE, "--poll-interval", "0"], "--poll-interval must be > 0 seconds"),
        (["describe", "model_nope"], "unknown model ID 'model_nope'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2_with_nothing_sent(
    cli: ModuleType, api: StandIn, argv: list[str], message: str
) -> None:
    code, out, err = run(cli, *argv)

    assert (code, out) == (2, "")
    [line] = err.splitlines()
    assert line.startswith("python -m scenario_models: ") and message in line
    assert api.requests == []


def test_bad_json_names_its_line(cli: ModuleType, api: StandIn, tmp_path: Path) -> None:
    payload = tmp_path / "p.json"
    payload.write_text('{\n  "seed": 1,\n}')
    code, _, err = run(cli, "run", RETEXTURE, "--json", str(payload))
    assert code == 2 and f"{payload}:3: expected a JSON object" in err


def test_no_credentials_is_exit_2_after_the_payload_was_checked(
    cli: ModuleType, api: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SCENARIO_SDK_API_KEY")
    code, _, err = run(cli, "run", "model_trellis-2", "--set", "image=asset_a")
    assert code == 2
    assert "MissingCredentials" in err and "SCENARIO_SDK_API_KEY" in err
    code, _, _ = run(cli, "run", "model_trellis-2", "--set", "resolution=3")
    assert code == 1  # the payload is checked first, with no credentials needed
    assert api.requests == []


def test_a_failed_job_and_a_refused_file_are_exit_1(
    cli: ModuleType, api: StandIn, inputs: tuple[Path, Path]
) -> None:
    api.job_states = [job("failure", error="GPU out of memory")]
    code, out, err = run(cli, "run", "model_trellis-2", "--set", "image=asset_a")
    assert (code, out) == (1, f"{JOB_ID}\n")
    assert "GPU out of memory" in err

    api.refuse_upload("chair.glb", "no mesh in the file")
    code, out, err = run(cli, "run", RETEXTURE, f"--file=model={inputs[0]}", "--set", "image=a")
    assert (code, out) == (1, "")
    assert f"upload of {inputs[0]} failed: no mesh in the file" in err


def test_a_job_still_running_at_the_timeout_is_exit_1(cli: ModuleType, api: StandIn) -> None:
    api.job_states = [job("in-progress")]
    code, out, err = run(cli, "run", "model_trellis-2", "--set", "image=a", "--timeout", "0")
    assert (code, out) == (1, f"{JOB_ID}\n")
    assert "still 'queued' after waiting 0 s" in err


def test_list_and_describe(cli: ModuleType) -> None:
    code, out, _ = run(cli, "list")
    assert code == 0
    lines = out.splitlines()
    assert "model_trellis-2-retexture  Trellis 2 Retexture" in lines
    assert len(lines) == len(cli.MODEL_IDS)

    code, out, _ = run(cli, "describe", RETEXTURE)
    assert code == 0
    assert out.startswith("Trellis 2 Retexture (model_trellis-2-retexture)\n\nRetexture 3D models")
    assert (
        "  model (required, file)\n      Input mesh. An asset id, or the path of a local file"
        in out
    )
    assert "  textureSize (optional, one of the allowed values)\n" in out
    assert f"run {RETEXTURE} --file model=PATH --file image=PATH [--set resolution=VALUE]" in out


# The real command, in its own process --------------------------------------------------


def command(package: Path, api: StandIn, *argv: str, **options: Any) -> Any:
    environment = {
        **os.environ,
        "SCENARIO_SDK_API_KEY": "key",
        "SCENARIO_SDK_API_SECRET": "secret",
        "SCENARIO_BASE_URL": api.base_url,
        "PYTHONPATH": str(package),
    }
    return subprocess.run(
        [sys.executable, "-m", "scenario_models", *argv, *([FAST] if argv[:1] == ("run",) else [])],
        env=environment,
        timeout=60,
        **options,
    )


def test_the_command_end_to_end_with_no_progress_when_stderr_is_a_pipe(
    package: Path, api: StandIn, inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    mesh, image = inputs
    ran = command(
        package,
        api,
        "run",
        RETEXTURE,
        f"--file=model={mesh}",
        f"--file=image={image}",
        "--out",
        str(tmp_path / "out"),
        capture_output=True,
        text=True,
    )

    assert (ran.returncode, ran.stderr) == (0, "")
    assert ran.stdout.splitlines() == [JOB_ID, str(tmp_path / "out" / "asset_out.glb")]
    usage = command(package, api, "run", capture_output=True, text=True)
    assert usage.returncode == 2 and "MODEL_ID" in usage.stderr


STOPPED = b"python -m scenario_models: standard output was closed: stopped\n"


@pytest.mark.parametrize(
    ("argv", "code", "said"),
    [(("list",), 0, b""), (("describe", RETEXTURE), 0, b""), (("run", RETEXTURE), 2, STOPPED)],
)
def test_a_reader_gone_away_is_no_broken_pipe_message(
    package: Path,
    api: StandIn,
    inputs: tuple[Path, Path],
    argv: tuple[str, ...],
    code: int,
    said: bytes,
) -> None:
    """`list | head`: the listing stops quietly; a run whose job id cannot be printed has
    not done its work (exit 2, one line)."""
    mesh, image = inputs
    files = [f"--file=model={mesh}", f"--file=image={image}"] if argv[0] == "run" else []
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line
    try:
        ran = command(package, api, *argv, *files, stdout=write, stderr=subprocess.PIPE)
    finally:
        os.close(write)
    assert (ran.returncode, ran.stderr) == (code, said)


def test_progress_shows_on_a_terminal(
    package: Path, api: StandIn, inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    mesh, image = inputs
    main, terminal = pty.openpty()
    try:
        ran = command(
            package,
            api,
            "run",
            RETEXTURE,
            f"--file=model={mesh}",
            f"--file=image={image}",
            "--out",
            str(tmp_path),
            stdout=subprocess.PIPE,
            stderr=terminal,
        )
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal closed: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)

    assert ran.returncode == 0
    text = shown.decode()
    assert "upload chair.glb: 100%" in text
    assert f"job {JOB_ID}: success 100%" in text
    assert "download asset_out.glb: 100%" in text
    assert ran.stdout.decode().splitlines()[0] == JOB_ID


def test_describe_never_prints_a_control_character_from_upstream(cli: ModuleType) -> None:
    code, out, _ = run(cli, "describe", "model_hostile-text")

    assert code == 0
    assert "\u202e" not in out and "\x00" not in out
    assert "\\u202e" in out and "\\x00" in out
    assert all(char == "\n" or char >= " " for char in out)


# A hand-made model module in the generated layout: the model's methods, its MODEL_ID,
# METHOD_NAME and FILES in its own module, with postponed annotations. The command reads
# those, whatever the module's own style.

FAKE_MODULE = '''
"""Fake (`model_fake`)."""

from __future__ import annotations

from collections.abc import Sequence

from .._jobs import Job
from .._methods import FileInput, FileParameter, ModelMethods
from .._validation import ValidationError

MODEL_ID = "model_fake"
METHOD_NAME = "fake_model"
FILES = {"meshes": FileParameter(kind="3d", max_size=10)}


def validate(payload: object, *, lenient: bool = False) -> list[ValidationError]:
    if isinstance(payload, dict) and "meshes" in payload:
        return []
    return [ValidationError("$.meshes", "required", 'missing required property "meshes"')]


class Methods(ModelMethods):
    def fake_model(
        self, *, meshes: Sequence[FileInput], strength: float | None = None
    ) -> Job:
        """Run Fake (`model_fake`).

        Args:
            meshes: The meshes. Asset ids, or paths of local files to upload first.
            strength: How strong. Range: 0 to 9.
        """
        arguments = {"meshes": meshes, "strengthValue": strength}
        return self._start(MODEL_ID, validate, arguments, FILES)
'''


@pytest.fixture(scope="module")
def cli_with_fake(package: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    import shutil

    copy = tmp_path_factory.mktemp("fake-layout") / "python"
    shutil.copytree(package, copy)
    models = copy / "scenario_models" / "models"
    (models / "fake.py").write_text(FAKE_MODULE)
    index = models / "__init__.py"
    index.write_text(
        index.read_text().replace(
            "MODULES: dict[str, str] = {", 'MODULES: dict[str, str] = {\n    "model_fake": "fake",'
        )
    )
    with imported(copy) as module:
        yield import_module(f"{module.__name__}.__main__")


def test_a_model_module_with_its_own_methods_and_files(
    cli_with_fake: ModuleType, api: StandIn, tmp_path: Path
) -> None:
    code, out, _ = run(cli_with_fake, "describe", "model_fake")
    assert code == 0
    assert "Python: Client().fake_model(...)" in out
    assert "  meshes (required, file array, 3d, at most 10 bytes)\n      The meshes." in out
    assert "  strengthValue (optional, number)\n      How strong. Range: 0 to 9." in out

    small, large = tmp_path / "a.obj", tmp_path / "b.obj"
    small.write_bytes(b"v 0 0 0")
    large.write_bytes(b"v 0 0 0\nv 1 1 1")
    code, _, err = run(cli_with_fake, "run", "model_fake", f"--file=meshes={large}")
    assert code == 1
    assert "$.meshes[0]: x-scenario-max-size: expected a file of at most 10 bytes" in err
    assert api.requests == []

    code, out, err = run(
        cli_with_fake,
        "run",
        "model_fake",
        f"--file=meshes={small}",
        f"--file=meshes={small}",
        "--set",
        "strengthValue=2",
        "--no-wait",
    )
    assert (code, out, err) == (0, f"{JOB_ID}\n", "")
    [create] = [r for r in api.requests if r.path == "/v1/uploads"]
    assert (create.body["kind"], create.body["contentType"]) == ("3d", "model/obj")
    [generate] = api.requests_to("/v1/generate/")
    assert generate.path == "/v1/generate/custom/model_fake"
    assert generate.body == {"meshes": ["asset_up_a.obj", "asset_up_a.obj"], "strengthValue": 2}
