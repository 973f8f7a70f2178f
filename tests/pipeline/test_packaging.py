"""The wheel installs the import package `specgen` (with its templates) and no `generator`.

A real wheel is built from this checkout with hatchling (offline: no build isolation) and
installed, without dependencies, into a fresh virtualenv.
"""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.support.paths import ROOT

pytest.importorskip("hatchling", reason="hatchling (dev extra) builds the wheel offline")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--quiet", "--wheel-dir", str(out), str(ROOT)],
        check=True, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    (built,) = out.glob("specgen-*.whl")
    return built


def test_the_wheel_holds_specgen_and_its_templates_only(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/")[0] for name in names}
    assert top_level == {"specgen", f"{wheel.name.split('-')[0]}-0.1.0.dist-info"}
    assert "specgen/__main__.py" in names and "specgen/validation/checks.py" in names
    assert "specgen/_templates/package/_client.py.jinja" in names
    assert not any(name.startswith("generator/") for name in names)


def test_installed_specgen_imports_and_runs_as_a_module(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
        check=True, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        # cwd outside the checkout, so only the installed package can be found.
        return subprocess.run(
            [python, *args], cwd=tmp_path, capture_output=True, text=True, timeout=120
        )

    version = run("-m", "specgen", "--version")
    assert version.returncode == 0 and version.stdout.strip() == "specgen 0.1.0"
    api = run("-c", "import specgen; print(specgen.validate.__doc__.split()[0], specgen.__all__)")
    assert api.returncode == 0 and "'check'" in api.stdout, api.stderr
    missing = run("-c", "import generator")
    assert missing.returncode == 1 and "No module named 'generator'" in missing.stderr
    script = subprocess.run(
        [env_dir / "bin" / "specgen", "--version"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert script.returncode == 0 and script.stdout.strip() == "specgen 0.1.0", script.stderr
