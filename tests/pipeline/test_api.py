"""`import specgen`: the Python API returns results (no printing) for scripts and build hooks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import specgen
from tests.support.paths import ROOT

MINI = ROOT / "tests" / "fixtures" / "mini.yaml"


def test_validate_returns_the_findings_without_printing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = specgen.validate(MINI, cwd=tmp_path)
    assert good.ok and good.errors == ()
    assert good.spec == MINI

    broken = tmp_path / "broken.yaml"
    broken.write_text(MINI.read_text().replace("openapi: 3.0.3", "openapi: 3.0.3\nbogus: 1"))
    bad = specgen.validate(broken, cwd=tmp_path)
    assert bad.ok  # a field not allowed is a content problem: a warning
    assert any("bogus" in d.message for d in bad.warnings)
    assert all(d.file.endswith("broken.yaml") and d.line > 0 for d in bad.warnings)
    unresolved = tmp_path / "unresolved.yaml"
    unresolved.write_text(MINI.read_text().replace("#/components/schemas/", "#/nowhere/", 1))
    blocked = specgen.validate(unresolved, cwd=tmp_path)
    assert not blocked.ok and [d.rule for d in blocked.errors] == ["unresolved-ref"]
    assert capsys.readouterr() == ("", "")


def test_generate_then_check_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = specgen.generate(MINI, out=out, package="mini", client_name="Mini", cwd=tmp_path)
    assert result.write.written and (out / "mini" / "__init__.py").is_file()

    report = specgen.check(MINI, out=out, package="mini", client_name="Mini", cwd=tmp_path)
    assert report.clean

    (out / "mini" / "_client.py").write_text("# edited by hand\n")
    report = specgen.check(MINI, out=out, package="mini", client_name="Mini", cwd=tmp_path)
    assert not report.clean and "mini/_client.py" in report.drift.modified


def test_an_invalid_spec_raises_with_its_diagnostics_and_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    shutil.copy(MINI, spec)
    spec.write_text(spec.read_text().replace("openapi: 3.0.3", "openapi: 9.9.9"))
    with pytest.raises(specgen.SpecInvalid) as caught:
        specgen.generate(spec, out=tmp_path / "out", cwd=tmp_path)
    assert caught.value.diagnostics and caught.value.exit_code == 1
    assert not (tmp_path / "out").exists()


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(specgen.UsageError):
        specgen.generate(MINI, out=tmp_path / "out", package="not an identifier", cwd=tmp_path)
