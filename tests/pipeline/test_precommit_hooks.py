"""The hooks of .pre-commit-hooks.yaml: their `entry` commands, run in a throw-away project.

pre-commit runs `entry` in the repository root without file names (`pass_filenames: false`),
and fails a hook that exits non-zero or modifies files; the tests check exactly that.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.paths import ROOT

HOOKS = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"


def run_hook(hook_id: str, project: Path) -> tuple[int, set[str]]:
    """(exit code, files the hook changed), as pre-commit judges a hook."""
    before = snapshot(project)
    # The console script `specgen` of this environment, as pre-commit's own venv would have it.
    argv = shlex.split(HOOKS[hook_id]["entry"])
    exe = Path(sys.executable).with_name(argv[0])
    result = subprocess.run(
        [str(exe), *argv[1:]], cwd=project, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PRE_COMMIT": "1"},
    )  # fmt: skip
    after = snapshot(project)
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    return result.returncode, changed


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "spec").mkdir()
    shutil.copy(MINI, tmp_path / "spec" / "openapi.yaml")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.specgen]\nspec = "spec/openapi.yaml"\nout = "generated"\npackage = "mini"\n'
    )
    return tmp_path


def test_every_hook_is_a_python_hook_without_file_names() -> None:
    assert set(HOOKS) == {"specgen-validate", "specgen-check", "specgen-generate"}
    for hook in HOOKS.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        assert shlex.split(hook["entry"])[0] == "specgen"


def test_the_files_patterns_match_what_the_hooks_read() -> None:
    def matches(hook_id: str, path: str) -> bool:
        return re.search(HOOKS[hook_id]["files"], path) is not None

    assert matches("specgen-validate", "spec/openapi.yaml")
    assert matches("specgen-validate", "api/openapi.json")
    assert matches("specgen-validate", "pyproject.toml")
    assert not matches("specgen-validate", "src/app.py")
    for hook_id in ("specgen-check", "specgen-generate"):
        assert matches(hook_id, "generated/mini/_client.py")
        assert matches(hook_id, "templates/package/_client.py.jinja")
        assert matches(hook_id, "generated/mini/py.typed")
        assert matches(hook_id, "spec/openapi.yaml")


def test_validate_passes_a_good_spec_and_fails_a_broken_one(project: Path) -> None:
    assert run_hook("specgen-validate", project) == (0, set())
    spec = project / "spec" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("/items/{item_id}:", "/items/{itemId}:"))
    code, changed = run_hook("specgen-validate", project)
    assert code == 1 and changed == set()


def test_generate_changes_files_when_stale_and_nothing_when_current(project: Path) -> None:
    code, changed = run_hook("specgen-generate", project)
    assert code == 0 and "generated/mini/_client.py" in changed  # pre-commit fails: files changed
    assert run_hook("specgen-generate", project) == (0, set())  # passes: nothing to do
    spec = project / "spec" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("Get one item", "Fetch one item"))
    code, changed = run_hook("specgen-generate", project)
    assert code == 0 and "generated/mini/resources/items.py" in changed


def test_check_fails_on_drift_and_passes_once_regenerated(project: Path) -> None:
    code, changed = run_hook("specgen-check", project)
    assert code == 1 and changed == set()  # nothing generated yet: drift, and check writes nothing
    run_hook("specgen-generate", project)
    assert run_hook("specgen-check", project) == (0, set())
    (project / "generated" / "mini" / "_client.py").write_text("# edited by hand\n")
    assert run_hook("specgen-check", project)[0] == 1
