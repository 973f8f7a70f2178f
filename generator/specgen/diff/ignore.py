"""The ignore file: changes a team has accepted, by rule id and location, with an expiry date.

```yaml
- rule: request-parameter-removed     # a rule id (required unless `fingerprint` is given)
  operation: GET /pets                # optional: only this operation ("" = the document)
  at: /parameters/query/limit         # optional: only this location (a finding's `at`)
  reason: replaced by page_size       # optional, shown in reports
  expires: 2025-09-30                 # optional: from this day on the entry no longer applies
- fingerprint: 5f0c3a1b9e2d           # or: one finding, by its fingerprint
```

Locations are the findings' `at` and `operation`, not line numbers or array indexes, so an entry
keeps matching across unrelated edits; so does a fingerprint, which is computed from them.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]

from specgen.diagnostics import UsageError
from specgen.diff.findings import Finding
from specgen.diff.rules import RULES

_KEYS = frozenset({"rule", "operation", "at", "reason", "expires", "fingerprint"})
_FINGERPRINT = re.compile(r"^[0-9a-f]{12}$")


@dataclass(frozen=True, slots=True)
class Entry:
    index: int  # 1-based, for messages
    rule: str | None
    operation: str | None
    at: str | None
    fingerprint: str | None
    reason: str
    expires: datetime.date | None

    def matches(self, finding: Finding) -> bool:
        if self.fingerprint is not None:
            return finding.fingerprint == self.fingerprint
        if self.rule != finding.rule:
            return False
        if self.operation is not None and _operation(self.operation) != _operation(
            finding.operation
        ):
            return False
        return self.at is None or self.at == finding.at

    def describe(self) -> str:
        what = self.fingerprint or self.rule or "?"
        where = f" {self.operation}" if self.operation else ""
        return f"entry {self.index} ({what}{where})"


@dataclass(frozen=True, slots=True)
class Ignored:
    finding: Finding
    reason: str
    expires: datetime.date | None


def _operation(text: str) -> str:
    method, _, path = text.strip().partition(" ")
    return f"{method.upper()} {path.strip()}"


@dataclass
class IgnoreFile:
    path: Path | None = None
    entries: list[Entry] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> IgnoreFile:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise UsageError(f"{path}: no such ignore file") from exc
        except OSError as exc:
            raise UsageError(f"{path}: cannot read the ignore file: {exc.strerror or exc}") from exc
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise UsageError(f"{path}: not valid YAML: {exc}") from exc
        if isinstance(data, dict) and set(data) == {"ignore"}:
            data = data["ignore"]
        if data is None:
            data = []
        if not isinstance(data, list):
            raise UsageError(f"{path}: expected a list of entries (see docs/diff.md)")
        return cls(path, [_entry(path, index, raw) for index, raw in enumerate(data, 1)])

    def apply(
        self, findings: list[Finding], today: datetime.date
    ) -> tuple[list[Finding], list[Ignored], list[str]]:
        """(findings kept, findings ignored, notes on expired and unused entries)."""
        live = [e for e in self.entries if e.expires is None or today < e.expires]
        notes = [
            f"{self.path}: {e.describe()} expired on {e.expires}; its findings count again"
            for e in self.entries
            if e not in live
        ]
        kept: list[Finding] = []
        ignored: list[Ignored] = []
        used: set[int] = set()
        for finding in findings:
            entry = next((e for e in live if e.matches(finding)), None)
            if entry is None:
                kept.append(finding)
            else:
                used.add(entry.index)
                ignored.append(Ignored(finding, entry.reason, entry.expires))
        notes += [
            f"{self.path}: {e.describe()} matches no finding" for e in live if e.index not in used
        ]
        return kept, ignored, notes


def _entry(path: Path, index: int, raw: Any) -> Entry:
    where = f"{path}: entry {index}"
    if not isinstance(raw, dict):
        raise UsageError(f"{where}: expected a mapping with `rule` (or `fingerprint`)")
    unknown = sorted(set(map(str, raw)) - _KEYS)
    if unknown:
        raise UsageError(
            f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(_KEYS))})"
        )
    for key in _KEYS - {"expires"}:
        if key in raw and not isinstance(raw[key], str):
            raise UsageError(f"{where}: `{key}` must be a string")
    rule, fingerprint = raw.get("rule"), raw.get("fingerprint")
    if rule is None and fingerprint is None:
        raise UsageError(f"{where}: needs `rule` or `fingerprint`")
    if rule is not None and rule not in RULES:
        raise UsageError(f"{where}: unknown rule id {rule!r} (see `specgen diff --list-rules`)")
    if fingerprint is not None and not _FINGERPRINT.match(fingerprint):
        raise UsageError(f"{where}: a fingerprint is 12 lower-case hex digits, not {fingerprint!r}")
    expires = raw.get("expires")
    if expires is not None:
        if isinstance(expires, datetime.datetime):
            expires = expires.date()
        elif not isinstance(expires, datetime.date):
            try:
                expires = datetime.date.fromisoformat(str(expires))
            except ValueError as exc:
                raise UsageError(f"{where}: `expires` must be a date (YYYY-MM-DD)") from exc
    return Entry(
        index=index,
        rule=rule,
        operation=raw.get("operation"),
        at=raw.get("at"),
        fingerprint=fingerprint,
        reason=str(raw.get("reason") or ""),
        expires=expires,
    )
