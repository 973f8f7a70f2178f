"""`specgen diff` as users run it: real subprocesses on versions of spec/openapi.yaml made here,
in a git repository made here for the `git:REV:PATH` side. Exit codes, findings (Python-API ones
included), locations, formats, the ignore file, --suggest-version and `check --against`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.support.paths import ROOT

ZOHO = ROOT / "spec" / "openapi.yaml"
OPERATION = "PATCH /api/v1/tickets/{ticket_id}"
PYPROJECT = (
    '[tool.specgen]\nspec = "spec/openapi.yaml"\nout = "generated"\n'
    'package = "zoho_desk"\nclient_name = "ZohoDesk"\n'
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A project whose committed spec is the Zoho one (HEAD), with the same file in the tree."""
    (tmp_path / "spec").mkdir()
    shutil.copy(ZOHO, tmp_path / "spec" / "openapi.yaml")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    git("init", "-q", "-b", "main", cwd=tmp_path)
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".", cwd=tmp_path)
    git(
        "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "spec", cwd=tmp_path
    )
    return tmp_path


def edit(path: Path, change: Callable[[dict[str, Any]], None]) -> str:
    document = yaml.safe_load(path.read_text())
    change(document)
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(text)
    return text


def operation(document: dict[str, Any]) -> dict[str, Any]:
    return document["paths"]["/api/v1/tickets/{ticket_id}"]["patch"]  # type: ignore[no-any-return]


def report(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert result.stderr == "", result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def found(data: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["id"], f["level"]) for f in data["findings"]}


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


BASE = "git:HEAD:spec/openapi.yaml"
REVISION = "spec/openapi.yaml"


def test_the_same_spec_has_no_findings(repo: Path) -> None:
    result = run("diff", BASE, REVISION, cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "specgen diff: 0 errors, 0 warnings, 0 info"


def test_a_renamed_operation_id_is_harmless_on_the_wire_and_breaks_python_callers(
    repo: Path,
) -> None:
    text = edit(repo / REVISION, lambda d: operation(d).update(operationId="modifyTicket"))
    data = report(run("diff", BASE, REVISION, "--format", "json", cwd=repo))
    assert found(data) == {
        ("api-operation-id-changed", "info"),
        ("python-method-renamed", "error"),
    }
    renamed = next(f for f in data["findings"] if f["id"] == "python-method-renamed")
    assert renamed["api"] == "python"
    assert renamed["operation"] == OPERATION
    assert renamed["message"] == ("client.tickets.update_ticket() → client.tickets.modify_ticket()")
    assert (renamed["file"], renamed["line"]) == (
        REVISION,
        line_of(text, "operationId: modifyTicket"),
    )
    text_result = run("diff", BASE, REVISION, cwd=repo)
    assert text_result.returncode == 1
    assert "wire-compatible, but code using the generated package breaks" in text_result.stdout


def test_breaking_changes_on_the_wire_and_in_python(repo: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        operation(document)["parameters"].pop()  # disableClosureNotification
        document["components"]["schemas"]["TicketUpdate"]["required"] = ["subject"]
        document["servers"][0]["variables"]["region"]["enum"].remove("eu")
        operation(document)["security"][0]["zohoOAuth"].append("Desk.tickets.ALL")

    text = edit(repo / REVISION, change)
    result = run("diff", BASE, REVISION, "--format", "json", cwd=repo)
    assert result.returncode == 1
    data = report(result)
    assert found(data) == {
        ("request-parameter-removed", "error"),
        ("request-property-became-required", "error"),
        ("api-server-variable-enum-value-removed", "error"),
        ("api-security-scope-added", "error"),
        ("python-keyword-removed", "error"),
        ("python-keyword-became-required", "error"),
        ("python-model-field-became-required", "error"),
        ("python-client-keyword-type-changed", "warning"),
    }
    by_id = {f["id"]: f for f in data["findings"]}
    removed = by_id["request-parameter-removed"]
    base_text = ZOHO.read_text()
    assert removed["side"] == "base"
    assert removed["pointer"] == "/components/parameters/disableClosureNotification"
    assert removed["line"] == line_of(base_text, "    disableClosureNotification:")
    assert removed["anchor"]["file"] == REVISION
    required = by_id["request-property-became-required"]
    assert required["side"] == "revision" and required["file"] == REVISION
    assert required["at"] == "/requestBody/content/application~1json/properties/subject"
    assert by_id["python-keyword-became-required"]["message"] == (
        "client.tickets.update_ticket(subject=) is now required"
    )
    assert data["summary"] == {"error": 7, "warning": 1, "info": 0, "ignored": 0}
    assert line_of(text, "- com") > 0  # the revision is a real file the locations point into


def test_fail_on_sets_the_threshold(repo: Path) -> None:
    def add_optional_parameter(document: dict[str, Any]) -> None:
        operation(document)["parameters"].append(
            {"name": "dryRun", "in": "query", "schema": {"type": "boolean"}}
        )

    edit(repo / REVISION, add_optional_parameter)
    default = run("diff", BASE, REVISION, cwd=repo)
    assert default.returncode == 0
    assert "new-optional-request-parameter" in default.stdout
    assert "python-keyword-added" in default.stdout
    assert run("diff", BASE, REVISION, "--fail-on", "warning", cwd=repo).returncode == 0
    assert run("diff", BASE, REVISION, "--fail-on", "info", cwd=repo).returncode == 1


def test_a_git_side_relative_to_the_working_directory(repo: Path) -> None:
    edit(repo / REVISION, lambda d: operation(d).update(operationId="modifyTicket"))
    result = run("diff", "git:HEAD:./openapi.yaml", "openapi.yaml", cwd=repo / "spec")
    assert result.returncode == 1
    assert "python-method-renamed" in result.stdout


def test_a_multi_file_spec_is_read_from_the_revision_s_files(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "main.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: Pets, version: 1.0.0}\npaths:\n  /pets:\n    post:\n"
        "      requestBody:\n        content:\n          application/json:\n"
        "            schema: {$ref: './schemas/pet.yaml'}\n"
        "      responses:\n        '204': {description: stored}\n"
    )
    pet = tmp_path / "schemas" / "pet.yaml"
    pet.write_text(
        "type: object\nproperties:\n  colour:\n    type: string\n    enum: [red, blue]\n"
    )
    git("init", "-q", cwd=tmp_path)
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".", cwd=tmp_path)
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "v1", cwd=tmp_path)
    # Only the referenced file changes: the base must read the old one from git.
    pet.write_text("type: object\nproperties:\n  colour:\n    type: string\n    enum: [red]\n")
    data = report(run("diff", "git:HEAD:main.yaml", "main.yaml", "--format", "json", cwd=tmp_path))
    wire = [f for f in data["findings"] if f["api"] == "wire"]
    assert [(f["id"], f["file"], f["line"]) for f in wire] == [
        ("request-property-enum-value-removed", str(Path("schemas") / "pet.yaml"), 5)
    ]
    assert run("diff", "git:HEAD:main.yaml", "git:HEAD:main.yaml", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("missing.yaml", REVISION), "missing.yaml: no such file"),
        (("git:nope:spec/openapi.yaml", REVISION), "git:nope: no such revision"),
        (("git:HEAD:spec/none.yaml", REVISION), "not in git revision HEAD"),
        (("git:HEAD", REVISION), "expected git:REV:PATH"),
        ((BASE, REVISION, "--today", "tomorrow"), "not a date"),
        ((BASE, REVISION, "--ignore", "absent.yaml"), "no such ignore file"),
        ((BASE,), "diff needs BASE and REVISION"),
        ((BASE, "broken.yaml"), "invalid YAML"),
    ],
)
def test_usage_and_io_errors_exit_2_without_a_traceback(
    repo: Path, args: tuple[str, ...], message: str
) -> None:
    (repo / "broken.yaml").write_text("openapi: 3.1.0\ninfo: [unclosed\n")
    result = run("diff", *args, cwd=repo)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_removing_an_operation_follows_the_deprecation_policy(repo: Path) -> None:
    history = "/api/v1/tickets/{ticket_id}/history"

    def add_deprecated(document: dict[str, Any]) -> None:
        document["paths"][history] = {
            "get": {
                "tags": ["tickets"],
                "operationId": "getTicketHistory",
                "deprecated": True,
                "x-sunset": "2025-03-01",
                "parameters": operation(document)["parameters"][:2],
                "responses": {"204": {"description": "no history"}},
            }
        }

    edit(repo / REVISION, add_deprecated)
    git(
        "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "history", cwd=repo
    )
    edit(repo / REVISION, lambda d: d["paths"].pop(history))
    early = run("diff", BASE, REVISION, "--today", "2025-02-28", "--format", "json", cwd=repo)
    assert early.returncode == 1
    assert found(report(early)) == {
        ("api-path-removed-before-sunset", "error"),
        ("python-method-removed", "error"),
    }
    late = run("diff", BASE, REVISION, "--today", "2025-03-01", "--format", "json", cwd=repo)
    assert late.returncode == 0, late.stdout
    assert found(report(late)) == {
        ("api-path-removed-with-deprecation", "info"),
        ("python-method-removed-with-deprecation", "info"),
    }


def test_an_undeprecated_removal_is_an_error(repo: Path) -> None:
    edit(repo / REVISION, lambda d: d["paths"].clear())
    data = report(run("diff", BASE, REVISION, "--format", "json", cwd=repo))
    assert ("api-path-removed-without-deprecation", "error") in found(data)


def test_suggest_version_warns_when_the_revision_says_less(repo: Path) -> None:
    edit(repo / REVISION, lambda d: operation(d).update(operationId="modifyTicket"))
    result = run("diff", BASE, REVISION, "--suggest-version", cwd=repo)
    assert "suggested version: 2.0.0 (major: 1 breaking change)" in result.stdout
    assert "warning: the revision says 1.0.0, which is less than a major change" in result.stdout

    def bump(document: dict[str, Any]) -> None:
        document["info"]["version"] = "2.0.0"
        operation(document)["operationId"] = "modifyTicket"

    edit(repo / REVISION, bump)
    data = report(run("diff", BASE, REVISION, "--suggest-version", "--format", "json", cwd=repo))
    assert data["suggested_version"] == {
        "base": "1.0.0",
        "revision": "2.0.0",
        "bump": "major",
        "suggested": "2.0.0",
        "sufficient": True,
        "reason": "1 breaking change",
    }


def test_the_ignore_file_accepts_changes_until_it_expires(repo: Path) -> None:
    edit(repo / REVISION, lambda d: operation(d)["parameters"].pop())
    ignore = repo / "accepted.yaml"
    ignore.write_text(
        "- rule: request-parameter-removed\n"
        f"  operation: {OPERATION}\n"
        "  at: /parameters/query/disableClosureNotification\n"
        "  reason: nobody sends it\n"
        "  expires: 2025-07-01\n"
        "- rule: python-keyword-removed\n"
        "  reason: same parameter\n"
        "- rule: api-tag-added\n"
    )
    accepted = run("diff", BASE, REVISION, "--ignore", str(ignore), "--today", "2025-06-30",
                   "--format", "json", cwd=repo)  # fmt: skip
    assert accepted.returncode == 0
    data = report(accepted)
    assert data["findings"] == []
    assert {(i["id"], i["reason"], i["expires"]) for i in data["ignored"]} == {
        ("request-parameter-removed", "nobody sends it", "2025-07-01"),
        ("python-keyword-removed", "same parameter", None),
    }
    assert data["notes"] == [f"{ignore}: entry 3 (api-tag-added) matches no finding"]
    expired = run(
        "diff", BASE, REVISION, "--ignore", str(ignore), "--today", "2025-07-01", cwd=repo
    )
    assert expired.returncode == 1
    assert "request-parameter-removed" in expired.stdout
    assert "entry 1 (request-parameter-removed" in expired.stdout
    assert "expired on 2025-07-01; its findings count again" in expired.stdout
    # A fingerprint from the JSON ignores that one finding, wherever its lines move to.
    fingerprint = next(
        f["fingerprint"] for f in data["ignored"] if f["id"] == "python-keyword-removed"
    )
    ignore.write_text(f"- fingerprint: {fingerprint}\n")
    edit(repo / REVISION, lambda d: d["info"].update(description="moved every line\n" * 5))
    by_fingerprint = report(
        run("diff", BASE, REVISION, "--ignore", str(ignore), "--format", "json", cwd=repo)
    )
    assert [i["id"] for i in by_fingerprint["ignored"]] == ["python-keyword-removed"]


def test_a_bad_ignore_file_is_a_usage_error(repo: Path) -> None:
    ignore = repo / "bad.yaml"
    ignore.write_text("- rule: request-parameter-gone\n")
    result = run("diff", BASE, REVISION, "--ignore", str(ignore), cwd=repo)
    assert result.returncode == 2
    assert "entry 1: unknown rule id 'request-parameter-gone'" in result.stderr


def _json_schema() -> dict[str, Any]:
    page = (ROOT / "docs" / "diff.md").read_text()
    block = page.split("## JSON", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    return json.loads(block)  # type: ignore[no-any-return]


def test_formats(repo: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        operation(document)["parameters"].pop()
        operation(document)["operationId"] = "modifyTicket"
        document["components"]["schemas"]["TicketUpdate"]["properties"]["subject"]["maxLength"] = (
            100
        )

    text = edit(repo / REVISION, change)
    data = report(run("diff", BASE, REVISION, "--format", "json", "--suggest-version", cwd=repo))
    jsonschema.validate(data, _json_schema())
    assert data["base"] == BASE and data["revision"] == REVISION

    github = run("diff", BASE, REVISION, "--format", "github", cwd=repo).stdout.splitlines()
    max_length = next(line for line in github if "max-length" in line)
    subject_line = line_of(text, "maxLength: 100")
    assert re.fullmatch(
        rf"::(error|warning|notice) file=spec/openapi\.yaml,line={subject_line},col=\d+,"
        r"title=specgen diff%3A request-property-max-length-(de|in)creased::PATCH /api/v1/tickets"
        r"/\{ticket_id\}: request body \(application/json\): subject: maxLength .*",
        max_length,
    ), max_length
    removed = next(line for line in github if "request-parameter-removed" in line)
    # The removed parameter's line exists in the base only: the annotation goes to the
    # operation, the nearest node the revision still has.
    assert removed.startswith(f"::error file=spec/openapi.yaml,line={line_of(text, '    patch:')},")
    assert github[-1].startswith("specgen diff: ")

    markdown = run("diff", BASE, REVISION, "--format", "markdown", cwd=repo).stdout
    assert markdown.startswith("### specgen diff: ")
    assert "| Level | Rule | API | Operation | Change | Where |" in markdown
    assert f"| error | `request-parameter-removed` | wire | `{OPERATION}` |" in markdown
    assert "| error | `python-method-renamed` | python |" in markdown
    assert "<details><summary>" in markdown  # the compatible changes, folded away


def test_list_rules(repo: Path) -> None:
    result = run("diff", "--list-rules", cwd=repo)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) > 1000
    assert any(re.match(r"request-parameter-removed\s+error\s+", line) for line in lines)


def test_check_against_runs_the_drift_check_and_the_diff_in_one_step(repo: Path) -> None:
    assert run("generate", cwd=repo).returncode == 0
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".", cwd=repo)
    git(
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-qm",
        "generated",
        cwd=repo,
    )
    clean = run("check", "--against", BASE, "--format", "json", cwd=repo)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    data = json.loads(clean.stdout)
    assert set(data) == {"check", "diff"}
    assert data["check"]["clean"] is True
    jsonschema.validate(data["diff"], _json_schema())
    assert data["diff"]["findings"] == []

    edit(repo / REVISION, lambda d: operation(d)["parameters"].pop())
    both = run("check", "--against", BASE, "--format", "github", cwd=repo)
    assert both.returncode == 1
    assert "differs from what the spec generates" in both.stdout  # drift: not regenerated
    assert "title=specgen diff%3A request-parameter-removed::" in both.stdout  # and the break
    assert both.stdout.rstrip().endswith("specgen diff: 2 errors, 0 warnings, 0 info")
