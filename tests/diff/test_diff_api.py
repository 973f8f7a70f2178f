"""`specgen.diff_specs()` from Python, and the parts of a report that are easy to get wrong: version
bumps before 1.0.0, annotation escaping, fingerprints that survive unrelated edits."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path
from typing import Any

import yaml

import specgen
from specgen.diff.findings import Api, Finding, Level, Location, Side
from specgen.diff.report import annotation
from specgen.diff.semver import advise
from tests.support.paths import ROOT

ZOHO = ROOT / "spec" / "openapi.yaml"


def _project(tmp_path: Path) -> Path:
    (tmp_path / "spec").mkdir()
    shutil.copy(ZOHO, tmp_path / "spec" / "openapi.yaml")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.specgen]\nspec = "spec/openapi.yaml"\npackage = "desk"\nclient_name = "Desk"\n'
    )
    return tmp_path


def test_diff_against_the_configured_spec_returns_findings_without_printing(
    tmp_path: Path, capsys: Any
) -> None:
    project = _project(tmp_path)
    old = project / "old.yaml"
    document = yaml.safe_load(ZOHO.read_text())
    document["info"]["title"] = "Zoho Desk (old title)"  # the configured names do not change
    document["paths"]["/api/v1/tickets/{ticket_id}"]["patch"]["operationId"] = "editTicket"
    old.write_text(yaml.safe_dump(document, sort_keys=False))
    result = specgen.diff_specs(str(old), cwd=project, today=datetime.date(2025, 1, 1))
    assert result.revision.endswith("openapi.yaml")
    assert [(f.rule, f.level) for f in result.findings] == [
        ("api-operation-id-changed", Level.INFO),
        ("python-method-renamed", Level.ERROR),
    ]
    assert (
        result.findings[1].message
        == "client.tickets.edit_ticket() → client.tickets.update_ticket()"
    )
    assert capsys.readouterr() == ("", "")


def _finding(**changes: Any) -> Finding:
    fields: dict[str, Any] = {
        "rule": "request-parameter-removed",
        "level": Level.ERROR,
        "api": Api.WIRE,
        "operation": "GET /pets",
        "at": "/parameters/query/limit",
        "message": "query parameter 'limit' was removed",
        "side": Side.BASE,
        "pointer": "/paths/~1pets/get/parameters/0",
        "location": Location("base.yaml", 12, 9),
        "anchor": Location("spec/openapi.yaml", 30, 5),
    }
    fields.update(changes)
    return Finding(**fields)


def test_a_fingerprint_depends_on_rule_operation_and_at_only() -> None:
    one = _finding()
    moved = _finding(
        pointer="/paths/~1pets/get/parameters/3",
        location=Location("base.yaml", 99, 1),
        message="other words",
    )
    assert one.fingerprint == moved.fingerprint
    assert len(one.fingerprint) == 12
    assert one.fingerprint != _finding(at="/parameters/query/offset").fingerprint


def test_annotations_escape_github_s_special_characters() -> None:
    text = annotation(_finding(message="a: b, c%\nd"))
    assert text == (
        "::error file=spec/openapi.yaml,line=30,col=5,"
        "title=specgen diff%3A request-parameter-removed::GET /pets: a: b, c%25%0Ad"
    )
    assert annotation(_finding(anchor=None)).startswith("::error title=")


def _spec(version: str, **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.1.0", "info": {"title": "t", "version": version}, "paths": {}, **extra}


def test_suggested_versions() -> None:
    breaking = [_finding()]
    compatible = [_finding(rule="endpoint-added", level=Level.INFO)]
    assert advise(_spec("1.4.2"), _spec("1.4.2"), breaking).suggested == "2.0.0"
    assert advise(_spec("1.4.2"), _spec("1.5.0"), compatible).suggested == "1.5.0"
    assert advise(_spec("1.4.2"), _spec("1.5.0"), compatible).sufficient
    # Before 1.0.0 a break is a minor bump, a compatible change a patch.
    assert advise(_spec("0.3.1"), _spec("0.3.1"), breaking).suggested == "0.4.0"
    assert advise(_spec("0.3.1"), _spec("0.3.1"), compatible).suggested == "0.3.2"
    edited = _spec("1.0.0", servers=[{"url": "https://x"}])
    assert advise(_spec("1.0.0"), edited, []).bump == "patch"
    assert advise(_spec("1.0.0"), _spec("1.0.0"), []).bump == "none"
    odd = advise(_spec("2024-06"), _spec("2024-07"), breaking)
    assert odd.suggested is None and "is not MAJOR.MINOR.PATCH" in odd.describe()
    too_small = advise(_spec("1.2.0"), _spec("1.3.0"), breaking)
    assert not too_small.sufficient
    assert "the revision says 1.3.0" in too_small.describe()
