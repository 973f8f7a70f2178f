"""The hatchling build hook, through real builds of examples/build-hook (offline).

The example holds a spec and a pyproject only. Its wheel is built with pip (no build isolation,
no index: hatchling and specgen come from this environment), installed into a fresh virtualenv
without specgen, and its client is called against a server on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import threading
import venv
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from tests.support.paths import ROOT

EXAMPLE = ROOT / "examples" / "build-hook"

pytest.importorskip("hatchling", reason="hatchling (dev extra) builds the example offline")


def build(project: Path, *target: str) -> subprocess.CompletedProcess[str]:
    """`python -m hatchling build` in `project`, as a frontend would run the backend."""
    return subprocess.run(
        [sys.executable, "-m", "hatchling", "build", *target],
        cwd=project, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(EXAMPLE, copy)
    return copy


def files_of(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def wheel_members(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        return {n: archive.read(n) for n in archive.namelist() if not n.endswith("RECORD")}


class _Pets(BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, object]]] = []

    def do_GET(self) -> None:
        self.seen.append({"path": self.path, "key": self.headers.get("X-API-Key")})
        if self.path.startswith("/pets/7"):
            self._reply(200, {"id": 7, "name": "Rex", "tag": None, "colour": "brown"})
        else:
            self._reply(404, {"message": "no such pet"})

    def _reply(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pets)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_the_wheel_carries_the_client_and_works_in_a_fresh_venv(
    project: Path, tmp_path: Path, server: str
) -> None:
    before = files_of(project)
    result = build(project, "-t", "wheel")
    assert result.returncode == 0, result.stdout + result.stderr
    # Nothing written into the source tree but the wheel itself.
    assert files_of(project) - before == {"dist/petstore_client-1.0.0-py3-none-any.whl"}
    (wheel,) = (project / "dist").glob("*.whl")
    names = set(wheel_members(wheel))
    assert {"petstore_client/__init__.py", "petstore_client/models/__init__.py"} <= names
    assert "petstore_client/resources/pets.py" in names
    assert not any(n.startswith(("tests/", "specgen/")) for n in names)

    # A fresh venv without specgen; httpx and pydantic are lent from this environment by a
    # path entry (its .pth files, specgen's editable install among them, are not processed).
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    Path(purelib, "lent-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
        check=True, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    script = f"""
import importlib.util, sys
assert importlib.util.find_spec("specgen.pipeline") is None, "specgen must not be installed"
from petstore_client import Petstore, errors
with Petstore(api_key="k-123456789", base_url={server!r}) as store:
    pet = store.pets.get_pet(7)
    print(type(pet).__name__, pet.id, pet.name, pet.tag)
    try:
        store.pets.get_pet(8)
    except errors.NotFoundError as exc:
        print("404", exc.body.message)
"""
    # (Without PYTHONPATH: a checkout run with PYTHONPATH=generator would lend specgen too.)
    clean_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    ran = subprocess.run(
        [python, "-c", script], cwd=tmp_path, env=clean_env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == ["Pet 7 Rex None", "404 no such pet"]
    assert _Pets.seen[-2:] == [
        {"path": "/pets/7", "key": "k-123456789"},
        {"path": "/pets/8", "key": "k-123456789"},
    ]


def test_a_wheel_built_from_the_sdist_renders_the_same_client(project: Path) -> None:
    assert build(project, "-t", "sdist").returncode == 0
    (sdist,) = (project / "dist").glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        members = {Path(m.name).name for m in archive.getmembers()}
        assert {"openapi.yaml", "pyproject.toml"} <= members
        archive.extractall(project / "unpacked", filter="data")
    (unpacked,) = (project / "unpacked").iterdir()
    assert build(unpacked, "-t", "wheel").returncode == 0
    assert build(project, "-t", "wheel").returncode == 0
    (from_sdist,) = (unpacked / "dist").glob("*.whl")
    (direct,) = (project / "dist").glob("*.whl")
    assert wheel_members(from_sdist) == wheel_members(direct)


def test_an_editable_install_gets_the_client_too(project: Path) -> None:
    result = build(project, "-t", "wheel:editable")
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = (project / "dist").glob("*.whl")
    assert "petstore_client/_client.py" in wheel_members(wheel)


def test_an_invalid_spec_fails_the_build_with_located_errors(project: Path) -> None:
    spec = project / "openapi.yaml"
    spec.write_text(spec.read_text().replace("/pets/{pet_id}:", "/pets/{petId}:"))
    result = build(project, "-t", "wheel")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "openapi.yaml:" in output and "error:" in output and "petId" in output
    assert "cannot generate a client" in output
    assert not (project / "dist").exists() or not list((project / "dist").glob("*.whl"))


def test_unknown_hook_options_are_refused(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('client-name = "Petstore"', 'clent = "x"'))
    result = build(project, "-t", "wheel")
    assert result.returncode != 0
    assert "unknown option(s)" in result.stdout + result.stderr


def test_include_and_overlays_reach_the_wheel(project: Path) -> None:
    (project / "fix.yaml").write_text(
        "overlay: 1.0.0\ninfo: {title: Rename, version: '1'}\nactions:\n"
        "  - target: $.paths['/pets'].get\n    update: {summary: List every pet}\n"
    )
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace(
            'client-name = "Petstore"',
            'client-name = "Petstore"\noverlays = ["fix.yaml"]\ninclude = ["operation:*Pets"]',
        )
    )
    result = build(project, "-t", "wheel")
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = (project / "dist").glob("*.whl")
    pets = wheel_members(wheel)["petstore_client/resources/pets.py"].decode()
    assert "def list_pets(" in pets and "List every pet" in pets
    assert "def get_pet(" not in pets and "def create_pet(" not in pets


CLIENTS_PYPROJECT = """\
[build-system]
requires = ["hatchling>=1.25", "specgen"]
build-backend = "hatchling.build"

[project]
name = "two-clients"
version = "1.0.0"
requires-python = ">=3.11"
dependencies = ["httpx>=0.27", "pydantic>=2.7"]

[tool.hatch.build.hooks.specgen]   # no spec: every [[tool.specgen.clients]] entry

[tool.hatch.build.targets.wheel]
bypass-selection = true

[tool.specgen]
out = "generated"   # where `specgen generate` would write; the hook renders into the wheel

[[tool.specgen.clients]]
spec = "openapi.yaml"
package = "petstore_client"
client_name = "Petstore"

[[tool.specgen.clients]]
spec = "specs/mini.yaml"
package = "mini_client"
include = ["operation:listItems"]
"""


def test_a_hook_without_spec_builds_every_configured_client(
    project: Path, tmp_path: Path, server: str
) -> None:
    (project / "specs").mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "mini.yaml", project / "specs" / "mini.yaml")
    (project / "pyproject.toml").write_text(CLIENTS_PYPROJECT)
    before = files_of(project)
    result = build(project, "-t", "wheel")
    assert result.returncode == 0, result.stdout + result.stderr
    assert files_of(project) - before == {"dist/two_clients-1.0.0-py3-none-any.whl"}
    (wheel,) = (project / "dist").glob("*.whl")
    members = wheel_members(wheel)
    assert {"petstore_client/_client.py", "mini_client/_client.py"} <= set(members)
    assert not any(n.startswith(("tests", "generated/")) for n in members)
    mini = "".join(
        data.decode() for name, data in members.items() if name.startswith("mini_client/resources/")
    )
    assert "def list_items(" in mini and "def get_item(" not in mini  # the entry's include
    # Both import from the wheel, and the Pet Store client answers from the local server.
    script = f"""
from mini_client import MiniShop
from petstore_client import Petstore
with Petstore(api_key="k-123456789", base_url={server!r}) as store:
    print(store.pets.get_pet(7).name, MiniShop.__name__)
"""
    ran = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path, env={"PYTHONPATH": str(wheel)}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == ["Rex", "MiniShop"]


def test_a_hook_without_spec_and_without_clients_says_what_is_missing(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(text.replace('spec = "openapi.yaml"\n', ""))
    result = build(project, "-t", "wheel")
    assert result.returncode != 0
    assert "has client-name, package but no `spec`" in result.stdout + result.stderr
    pyproject.write_text(
        text.replace(
            'spec = "openapi.yaml"\npackage = "petstore_client"\nclient-name = "Petstore"\n', ""
        )
    )
    result = build(project, "-t", "wheel")
    assert result.returncode != 0
    assert "has no [[tool.specgen.clients]]" in result.stdout + result.stderr


def test_two_clients_with_one_package_are_refused(project: Path) -> None:
    twice = CLIENTS_PYPROJECT.replace('package = "mini_client"', 'package = "petstore_client"')
    twice = twice.replace(
        'spec = "specs/mini.yaml"', 'name = "mini"\nout = "other"\nspec = "x.yaml"'
    )
    (project / "pyproject.toml").write_text(twice)
    result = build(project, "-t", "wheel")
    assert result.returncode != 0
    assert "put petstore_client into the wheel twice" in result.stdout + result.stderr
