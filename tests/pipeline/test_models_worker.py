"""datamodel-code-generator in its own process (`specgen.render.models_worker`): the same bytes
as in this process, its failures reported like any other, and no process left behind."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from specgen.config import Config
from specgen.diagnostics import SpecInvalid
from specgen.pipeline import build
from specgen.render.models_worker import ModelsWorker
from tests.support.paths import ROOT

MINI = ROOT / "tests" / "fixtures" / "mini.yaml"


def config(tmp_path: Path, spec: Path = MINI) -> Config:
    return Config(spec=spec, out=tmp_path / "out", package="mini_shop", root=tmp_path)


@contextmanager
def another_thread() -> Iterator[None]:
    """A second thread alive, as in an application embedding specgen: no fork then."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


FORKED_BUILD = """
import hashlib, json, multiprocessing, sys
from pathlib import Path
from specgen.config import Config
from specgen.pipeline import build
from specgen.render.models_worker import ModelsWorker
with ModelsWorker() as worker:
    assert worker.forked, "no fork in a fresh single-threaded process"
config = Config(spec=Path(sys.argv[1]), out=Path(sys.argv[2]), package="mini_shop",
                root=Path(sys.argv[3]))
files = build(config).files
assert not multiprocessing.active_children()  # the worker is gone
print(json.dumps({path: hashlib.sha256(data).hexdigest() for path, data in files.items()}))
"""


def test_the_worker_and_this_process_write_the_same_bytes(tmp_path: Path) -> None:
    """A fresh process (one thread: the worker is forked) and this one with a second thread
    alive (no fork: the models are made in-process) build the same files."""
    result = subprocess.run(
        [sys.executable, "-c", FORKED_BUILD, str(MINI), str(tmp_path / "out"), str(tmp_path)],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "generator")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    forked = json.loads(result.stdout)
    with another_thread():
        with ModelsWorker() as worker:
            assert not worker.forked
        in_process = build(config(tmp_path)).files
    assert forked == {path: hashlib.sha256(data).hexdigest() for path, data in in_process.items()}
    assert any(path.startswith("mini_shop/models/_") for path in forked)


def test_an_invalid_spec_stops_the_worker(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n"
        "  /a/{id}:\n    get:\n      responses: {'200': {description: ok}}\n",
        encoding="utf-8",
    )
    with pytest.raises(SpecInvalid):
        build(config(tmp_path, broken))
    assert not multiprocessing.active_children()


def test_a_failure_inside_the_worker_is_a_clean_error(tmp_path: Path) -> None:
    """A model template that datamodel-code-generator cannot compile fails in the worker; the
    CLI says so in one line, exit 2, no traceback, nothing written."""
    broken = tmp_path / "templates" / "models" / "pydantic_v2"
    broken.mkdir(parents=True)
    (broken / "BaseModel.jinja2").write_text("{% for %}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "specgen", "generate", "--spec", str(MINI), "--out", str(out),
         "--package", "mini_shop", "--templates", str(tmp_path / "templates")],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "generator")},
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "datamodel-code-generator failed" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
