"""`specgen diff`: both sides loaded, compared on the wire and in the Python API, filtered."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from specgen.diff import python_api, wire
from specgen.diff.context import Emitter
from specgen.diff.findings import Finding, Level
from specgen.diff.ignore import Ignored, IgnoreFile
from specgen.diff.semver import VersionAdvice, advise
from specgen.diff.sides import load_side, parse_side
from specgen.ir.build import Options
from specgen.load.spec import LoadedSpec


@dataclass
class DiffResult:
    base: str  # the sides as given
    revision: str
    findings: list[Finding]  # sorted; the ignored ones left out
    ignored: list[Ignored] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # expired or unused ignore entries, ...
    version: VersionAdvice | None = None

    def failing(self, fail_on: Level) -> list[Finding]:
        return [f for f in self.findings if f.level.rank >= fail_on.rank]


def compare_specs(
    base: LoadedSpec,
    revision: LoadedSpec,
    *,
    today: datetime.date,
    options: Options | None = None,
    python: bool = True,
) -> tuple[list[Finding], list[str]]:
    """Every finding of the two loaded documents, sorted, and notes about what was not compared."""
    emitter = Emitter(base, revision, today)
    notes: list[str] = []
    wire.compare(emitter)
    if python:
        try:
            python_api.compare(emitter, options or Options())
        except Exception as exc:  # an IR that cannot be built: the wire findings still stand
            notes.append(f"the Python API was not compared: {type(exc).__name__}: {exc}")
    findings = sorted(_unique(emitter.findings), key=lambda f: f.sort_key)
    return findings, notes


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str, str]] = set()
    result = []
    for finding in findings:
        key = (finding.rule, finding.operation, finding.at, finding.message)
        if key not in seen:
            seen.add(key)
            result.append(finding)
    return result


def diff(
    base: str,
    revision: str,
    *,
    today: datetime.date | None = None,
    ignore: Path | None = None,
    options: Options | None = None,
    python: bool = True,
    suggest_version: bool = False,
) -> DiffResult:
    """Compare two sides (paths or `git:REV:PATH`). Raises UsageError / SpecInvalid when a side
    or the ignore file cannot be read."""
    today = today or datetime.date.today()
    ignore_file = IgnoreFile.read(ignore) if ignore is not None else IgnoreFile()
    old = load_side(parse_side(base))
    new = load_side(parse_side(revision))
    findings, notes = compare_specs(old, new, today=today, options=options, python=python)
    kept, ignored, ignore_notes = ignore_file.apply(findings, today)
    result = DiffResult(base, revision, kept, ignored, notes + ignore_notes)
    if suggest_version:
        result.version = advise(old.document, new.document, findings)
    return result
