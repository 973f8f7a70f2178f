"""`generate` and `check` with nothing to do decide from the manifest alone: no stage is loaded
and no file is touched. Any changed input or output falls back to a full render."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import ROOT

MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
PROBE = """
import json, sys, specgen
result = getattr(specgen, sys.argv[1])(cwd=sys.argv[2])
clean = result.clean if sys.argv[1] == "check" else not result.write.written
print(json.dumps({"clean": clean, "stages_loaded": "specgen.validation.checks" in sys.modules}))
"""


def run(command: str, project: Path) -> dict[str, bool]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, command, str(project)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*")}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "spec").mkdir()
    shutil.copy(MINI, tmp_path / "spec" / "openapi.yaml")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.specgen]\nspec = "spec/openapi.yaml"\nout = "out"\npackage = "mini"\n'
    )
    assert run("generate", tmp_path) == {"clean": False, "stages_loaded": True}
    return tmp_path


def test_nothing_to_do_loads_no_stage_and_touches_no_file(project: Path) -> None:
    before = mtimes(project)
    assert run("check", project) == {"clean": True, "stages_loaded": False}
    assert run("generate", project) == {"clean": True, "stages_loaded": False}
    assert mtimes(project) == before


def test_the_manifest_records_every_input_without_machine_paths(project: Path) -> None:
    manifest = json.loads((project / "out" / ".specgen-manifest.json").read_text())
    inputs = manifest["inputs"]
    assert set(inputs) == {"specgen", "options", "spec_files", "templates", "findings"}
    assert list(inputs["spec_files"]) == ["spec/openapi.yaml"]
    assert str(project) not in json.dumps(manifest)


def test_an_edited_spec_falls_back_to_a_full_render(project: Path) -> None:
    spec = project / "spec" / "openapi.yaml"
    spec.write_text(spec.read_text() + "\n# a comment: same document, other bytes\n")
    # Full render: the document is the same, but the manifest now records the new bytes.
    assert run("check", project) == {"clean": False, "stages_loaded": True}
    assert run("generate", project)["stages_loaded"] is True
    assert run("check", project) == {"clean": True, "stages_loaded": False}


def test_every_file_of_a_multi_file_spec_counts(project: Path) -> None:
    spec = project / "spec" / "openapi.yaml"
    text = spec.read_text()
    (project / "spec" / "problem.yaml").write_text(
        "type: object\nproperties:\n  message: {type: string}\n"
    )
    block = (
        "    Problem:\n      type: object\n      properties:\n"
        "        code: {type: string}\n        message: {type: string}\n"
    )
    assert block in text
    spec.write_text(text.replace(block, "    Problem:\n      $ref: problem.yaml\n"))
    assert run("generate", project)["stages_loaded"] is True
    manifest = json.loads((project / "out" / ".specgen-manifest.json").read_text())
    assert sorted(manifest["inputs"]["spec_files"]) == ["spec/openapi.yaml", "spec/problem.yaml"]
    assert run("check", project)["stages_loaded"] is False
    (project / "spec" / "problem.yaml").write_text(
        "type: object\nproperties:\n  message: {type: string, description: Why.}\n"
    )
    assert run("check", project) == {"clean": False, "stages_loaded": True}


def test_changed_outputs_and_options_are_never_taken_for_nothing_to_do(project: Path) -> None:
    out = project / "out"
    client = out / "mini" / "_client.py"
    original = client.read_bytes()
    client.write_bytes(original + b"# edited\n")
    assert run("check", project) == {"clean": False, "stages_loaded": True}
    client.write_bytes(original)
    (out / "mini" / "extra.py").write_text("x = 1\n")
    assert run("check", project) == {"clean": False, "stages_loaded": True}
    (out / "mini" / "extra.py").unlink()
    (out / "mini" / "py.typed").unlink()
    assert run("check", project) == {"clean": False, "stages_loaded": True}
    run("generate", project)
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'client_name = "Shop"\n')
    assert run("check", project) == {"clean": False, "stages_loaded": True}


def test_another_specgen_is_a_full_run_and_stale_output_fails(project: Path) -> None:
    """The fingerprint is of specgen's code, not its version: a tree written by other code is
    re-rendered, and the manifest it would write differs, so `check` fails."""
    manifest_path = project / "out" / ".specgen-manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["inputs"]["specgen"] = "0" * 64
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    manifest_path.write_text(text)
    files = json.loads(text)["files"]
    assert ".specgen-manifest.json" not in files
    assert run("check", project) == {"clean": False, "stages_loaded": True}


def test_template_overrides_count(project: Path) -> None:
    overrides = project / "my-templates" / "package"
    overrides.mkdir(parents=True)
    builtin = ROOT / "templates" / "package" / "README.md.jinja"
    (overrides / "README.md.jinja").write_text(builtin.read_text())
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'templates = "my-templates"\n')
    run("generate", project)
    assert run("check", project)["stages_loaded"] is False
    (overrides / "README.md.jinja").write_text(builtin.read_text() + "\nMore words.\n")
    assert run("check", project) == {"clean": False, "stages_loaded": True}


@pytest.mark.skipif(os.name != "posix", reason="mtimes in ns")
def test_generate_after_a_fallback_rewrites_only_what_changed(project: Path) -> None:
    spec = project / "spec" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("Get one item", "Fetch one item"))
    out = project / "out"
    files = [p for p in out.rglob("*") if p.is_file()]
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    run("generate", project)
    touched = {p for p in files if p.stat().st_mtime_ns != before[p][0]}
    different = {p for p in files if p.read_bytes() != before[p][1]}
    assert out / "mini" / "resources" / "items.py" in different
    assert touched == different
