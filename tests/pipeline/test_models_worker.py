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


# A default that does not match its schema: validation's repair moves it aside, which changes
# the models, so the job submitted before validation is replaced by a second one.
REPAIRED = """\
openapi: 3.0.3
info: {title: Repaired, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        size: {type: integer, default: big}
        name: {type: string, example: 7}
"""

FORKED_REPAIRED_BUILD = """
import json, multiprocessing, os, sys
from pathlib import Path
from specgen import _files
from specgen.config import Config
from specgen.pipeline import build
_files.MEMORY_FOLDERS = (sys.argv[3],)  # the job files go here, and must be gone after
config = Config(spec=Path(sys.argv[1]), out=Path(sys.argv[2]), package="repaired",
                root=Path(sys.argv[1]).parent)
files = build(config).files
assert not multiprocessing.active_children()  # the worker is gone
assert not os.listdir(sys.argv[3]), os.listdir(sys.argv[3])  # no job left in the scratch place
print(json.dumps({path: data.decode() for path, data in files.items() if "/models/" in path}))
"""


def test_models_made_before_validation_are_made_again_when_repairs_change_them(
    tmp_path: Path,
) -> None:
    """The worker starts on the IR of the document as loaded; validation then moves the
    mismatched default aside, and the models are those of the repaired document, forked or
    not."""
    spec = tmp_path / "repaired.yaml"
    spec.write_text(REPAIRED, encoding="utf-8")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", FORKED_REPAIRED_BUILD, str(spec), str(tmp_path / "out"),
         str(scratch)],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "generator")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    forked = json.loads(result.stdout)
    thing = next(text for path, text in forked.items() if path.endswith("/_thing.py"))
    assert "is not used: it does not match the schema" in thing
    assert '= "big"' not in thing  # (the docstring names it)
    with another_thread():
        in_process = build(
            Config(spec=spec, out=tmp_path / "out", package="repaired", root=tmp_path)
        ).files
    assert forked == {path: data.decode() for path, data in in_process.items() if path in forked}


def test_a_repair_that_leaves_the_models_alone_keeps_the_first_job(tmp_path: Path) -> None:
    """A dropped example changes a model's schema, not the models generated from it."""
    from specgen.pipeline import load, prepare, unvalidated_ir
    from specgen.render.models_worker import same_job

    spec = tmp_path / "example.yaml"
    spec.write_text(REPAIRED.replace("default: big", "default: 3"), encoding="utf-8")
    conf = Config(spec=spec, out=tmp_path / "out", package="repaired", root=tmp_path)
    loaded = load(conf)
    early = unvalidated_ir(conf, loaded, conf.selection())
    assert early is not None
    repaired = prepare(conf, spec=loaded, unvalidated=early)
    assert repaired.checked.validation.defects.dropped_examples  # (the example 7 of a string)
    assert repaired.api is not early.api
    assert same_job(repaired.api, early.api)

    spec.write_text(REPAIRED, encoding="utf-8")
    loaded = load(conf)
    early = unvalidated_ir(conf, loaded, conf.selection())
    assert early is not None
    assert not same_job(prepare(conf, spec=loaded, unvalidated=early).api, early.api)


def test_nothing_to_repair_keeps_the_ir_built_before_validation(tmp_path: Path) -> None:
    from specgen.pipeline import load, prepare, unvalidated_ir

    conf = config(tmp_path)
    loaded = load(conf)
    early = unvalidated_ir(conf, loaded, conf.selection())
    assert early is not None
    prepared = prepare(conf, spec=loaded, unvalidated=early)
    assert prepared.api is early.api
    assert prepared.api == prepare(conf).api


def test_a_document_the_ir_cannot_be_built_from_is_left_to_validation(tmp_path: Path) -> None:
    """Before validation the IR of a broken document may fail to build: no early job then,
    and validation's located errors, not an exception, are what the user sees."""
    from specgen.pipeline import load, unvalidated_ir

    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get: {responses: 7}\n",
        encoding="utf-8",
    )
    conf = config(tmp_path, broken)
    assert unvalidated_ir(conf, load(conf), conf.selection()) is None
    with pytest.raises(SpecInvalid) as raised:
        build(conf)
    assert any(d.pointer.endswith("/responses") for d in raised.value.diagnostics)


LATEST_JOB_WINS = """
import json, sys
from pathlib import Path
from specgen.config import Config
from specgen.pipeline import prepare
from specgen.render.models_worker import ModelsWorker
first, second = (prepare(Config(spec=Path(p), out=Path(sys.argv[3]), package="p",
                                root=Path(p).parent)) for p in sys.argv[1:3])
with ModelsWorker() as worker:
    assert worker.forked
    worker.submit(first.api, first.model_template_dirs)
    worker.submit(second.api, second.model_template_dirs)
    modules, _ = worker.result()
print(json.dumps(sorted(name for module in modules for name in module.names)))
"""


def test_the_worker_answers_for_the_latest_submission(tmp_path: Path) -> None:
    other = tmp_path / "repaired.yaml"
    other.write_text(REPAIRED, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", LATEST_JOB_WINS, str(MINI), str(other), str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "generator")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["Thing"]


# A job stopped while its fork's hooks still run: the hook here takes long enough that the
# SIGTERM surely arrives during it, as it did by chance under load (random's reseed).
STOPPED_DURING_FORK = """
import multiprocessing, os, signal, time
from specgen.render import models_worker
os.register_at_fork(after_in_child=lambda: time.sleep(0.5))
signal.signal(signal.SIGTERM, models_worker._exit)
parent, _ = multiprocessing.Pipe()
running = models_worker._start_job(1, os.devnull + ".no-such-job", parent)
time.sleep(0.1)
models_worker._stop(running)
print("stopped")
"""


def test_a_job_stopped_during_its_fork_prints_nothing() -> None:
    """No "Exception ignored in: ..." on the user's terminal: SIGTERM is held across the fork
    and arrives where the job's process catches it."""
    ran = subprocess.run(
        [sys.executable, "-c", STOPPED_DURING_FORK],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT / "generator")},
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "stopped\n"
    assert ran.stderr == ""
