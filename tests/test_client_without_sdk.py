"""`import scenario_models` and its validators work where scenario-sdk is not installed;
only making a client needs it, and says so."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from client_support import generated_package

SCRIPT = """
import sys

sys.modules["scenario_sdk"] = None  # as if not installed: importing it raises ImportError
sys.path.insert(0, sys.argv[1])

import scenario_models
from scenario_models.models.trellis_2 import Trellis2Payload

payload: Trellis2Payload = {"image": "asset_in", "resolution": 1024}
assert scenario_models.validate("model_trellis-2", payload) == []
errors = scenario_models.validate("model_trellis-2", {"resolution": 7})
assert sorted(e.path for e in errors) == ["$.image", "$.resolution"], errors
for name in ("Client", "AsyncClient"):
    try:
        getattr(scenario_models, name)(api_key="key", api_secret="secret")
    except ImportError as exc:
        print(name, exc)
    else:
        raise SystemExit(name + " was made without scenario-sdk")

# The command line lists and describes without it; `run` says what is missing.
import io
from scenario_models.__main__ import main

out, err = io.StringIO(), io.StringIO()
assert main(["list"], out, err) == 0 and "model_trellis-2" in out.getvalue(), err.getvalue()
assert main(["describe", "model_trellis-2"], out, err) == 0, err.getvalue()
code = main(["run", "model_trellis-2", "--set", "image=asset_a"], out, err)
assert code == 2 and "needs scenario-sdk" in err.getvalue(), (code, err.getvalue())
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_package(tmp_path_factory)


def test_validators_work_and_clients_explain_without_scenario_sdk(package: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(SCRIPT), str(package)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines() == [
        f"{name} scenario_models.Client needs scenario-sdk: pip install 'scenario-sdk>=2.4,<3'"
        for name in ("Client", "AsyncClient")
    ]
