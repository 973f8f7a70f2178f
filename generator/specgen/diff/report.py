"""Printing a diff: text, JSON (documented in docs/diff.md), markdown (a PR comment) or GitHub
workflow annotations at the revision's lines."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from specgen.diff.findings import Api, Finding, Level, Side, count_levels

if TYPE_CHECKING:
    from specgen.diff.engine import DiffResult
JSON_VERSION = 1


def render(result: DiffResult, fmt: str) -> str:
    if fmt == "json":
        return render_json(result)
    if fmt == "markdown":
        return render_markdown(result)
    if fmt == "github":
        return render_github(result)
    return render_text(result)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 or word == 'info' else 's'}"


def summary_line(result: DiffResult) -> str:
    counts = count_levels(result.findings)
    parts = [
        _plural(counts[Level.ERROR], "error"),
        _plural(counts[Level.WARNING], "warning"),
        _plural(counts[Level.INFO], "info"),
    ]
    text = ", ".join(parts)
    if result.ignored:
        text += f" ({len(result.ignored)} ignored)"
    wire_errors = [f for f in result.findings if f.level is Level.ERROR and f.api is Api.WIRE]
    python_errors = [f for f in result.findings if f.level is Level.ERROR and f.api is Api.PYTHON]
    if python_errors and not wire_errors:
        text += "; wire-compatible, but code using the generated package breaks"
    return text


# -- text ------------------------------------------------------------------------------------
def render_text(result: DiffResult) -> str:
    lines = [finding.format() for finding in result.findings]
    lines += [f"note: {note}" for note in result.notes]
    if result.version is not None:
        lines.append(result.version.describe())
    lines.append(f"specgen diff: {summary_line(result)}")
    return "\n".join(lines)


# -- JSON ------------------------------------------------------------------------------------
def finding_json(finding: Finding) -> dict[str, Any]:
    anchor = finding.anchor
    return {
        "id": finding.rule,
        "level": finding.level.value,
        "api": finding.api.value,
        "operation": finding.operation,
        "at": finding.at,
        "message": finding.message,
        "side": finding.side.value,
        "pointer": finding.pointer,
        "file": finding.location.file,
        "line": finding.location.line,
        "col": finding.location.col,
        "anchor": {"file": anchor.file, "line": anchor.line, "col": anchor.col} if anchor else None,
        "fingerprint": finding.fingerprint,
    }


def render_json(result: DiffResult) -> str:
    counts = count_levels(result.findings)
    report: dict[str, Any] = {
        "version": JSON_VERSION,
        "base": result.base,
        "revision": result.revision,
        "summary": {
            "error": counts[Level.ERROR],
            "warning": counts[Level.WARNING],
            "info": counts[Level.INFO],
            "ignored": len(result.ignored),
        },
        "findings": [finding_json(f) for f in result.findings],
        "ignored": [
            {
                **finding_json(i.finding),
                "reason": i.reason,
                "expires": i.expires.isoformat() if i.expires else None,
            }
            for i in result.ignored
        ],
        "notes": list(result.notes),
        "suggested_version": None,
    }
    advice = result.version
    if advice is not None:
        report["suggested_version"] = {
            "base": advice.base,
            "revision": advice.revision,
            "bump": advice.bump,
            "suggested": advice.suggested,
            "sufficient": advice.sufficient,
            "reason": advice.reason,
        }
    return json.dumps(report, indent=2, ensure_ascii=False)


# -- markdown --------------------------------------------------------------------------------
def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _where(finding: Finding) -> str:
    location = finding.location
    text = f"{location.file}:{location.line}"
    return text + " (base)" if finding.side is Side.BASE else text


def _table(findings: list[Finding]) -> list[str]:
    lines = ["| Level | Rule | API | Operation | Change | Where |", "|---|---|---|---|---|---|"]
    for f in findings:
        operation = f"`{_cell(f.operation)}`" if f.operation else ""
        lines.append(
            f"| {f.level.value} | `{f.rule}` | {f.api.value} | {operation} | "
            f"{_cell(f.message)} | `{_cell(_where(f))}` |"
        )
    return lines


def render_markdown(result: DiffResult) -> str:
    counts = count_levels(result.findings)
    breaking = counts[Level.ERROR]
    title = f"{_plural(breaking, 'breaking change')}" if breaking else "no breaking changes"
    lines = [
        f"### specgen diff: {title}",
        "",
        f"`{_cell(result.base)}` → `{_cell(result.revision)}`: {summary_line(result)}.",
    ]
    major = [f for f in result.findings if f.level is not Level.INFO]
    minor = [f for f in result.findings if f.level is Level.INFO]
    if major:
        lines += ["", *_table(major)]
    if minor:
        lines += ["", f"<details><summary>{_plural(len(minor), 'compatible change')}</summary>", ""]
        lines += [*_table(minor), "", "</details>"]
    if result.ignored:
        lines += ["", f"<details><summary>{len(result.ignored)} ignored</summary>", ""]
        lines += ["| Rule | Operation | Change | Reason |", "|---|---|---|---|"]
        for item in result.ignored:
            f = item.finding
            lines.append(
                f"| `{f.rule}` | `{_cell(f.operation)}` | {_cell(f.message)} | "
                f"{_cell(item.reason)} |"
            )
        lines += ["", "</details>"]
    if result.version is not None:
        lines += ["", *(f"> {line}" for line in result.version.describe().splitlines())]
    lines += [f"> note: {_cell(note)}" for note in result.notes]
    return "\n".join(lines)


# -- GitHub workflow annotations -------------------------------------------------------------
_COMMANDS = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """One `::error file=...,line=...::message` line, at the revision's line: the finding's own
    for changes, the nearest remaining node's for removals (no line when there is none)."""
    location = finding.location if finding.side is Side.REVISION else finding.anchor
    properties = []
    if location is not None and location.line:
        properties += [
            f"file={_escape_property(location.file)}",
            f"line={location.line}",
            f"col={location.col}",
        ]
    properties.append(f"title={_escape_property(f'specgen diff: {finding.rule}')}")
    operation = f"{finding.operation}: " if finding.operation else ""
    message = _escape_data(f"{operation}{finding.message}")
    return f"::{_COMMANDS[finding.level]} {','.join(properties)}::{message}"


def render_github(result: DiffResult) -> str:
    lines = [annotation(f) for f in result.findings]
    lines += [f"::warning title=specgen diff::{_escape_data(note)}" for note in result.notes]
    if result.version is not None and not result.version.sufficient:
        lines.append(
            f"::warning title=specgen diff: version::{_escape_data(result.version.describe())}"
        )
    lines.append(f"specgen diff: {summary_line(result)}")
    return "\n".join(lines)
