"""`--suggest-version`: the semantic-version bump of `info.version` that the findings imply.

An error (a break for existing callers, on the wire or in the Python API) asks for a major
release, any other finding for a minor one, and a document that changed in no way a rule sees for
a patch. Before 1.0.0 everything moves one place down (breaking → minor), as semver allows.
Ignored findings count too: accepting a break does not make it compatible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from specgen.diff.findings import Finding, Level
from specgen.load.spec import document_digest

_VERSION = re.compile(r"^\s*v?(\d+)\.(\d+)(?:\.(\d+))?([-+][0-9A-Za-z.-]*)?\s*$")
_ORDER = ("none", "patch", "minor", "major")


@dataclass(frozen=True, slots=True)
class VersionAdvice:
    base: str  # info.version of the base
    revision: str  # info.version of the revision
    bump: str  # "major", "minor", "patch" or "none"
    suggested: str | None  # the base version bumped; None when the base's is not x.y.z
    sufficient: bool  # whether the revision's version is at least the suggested one
    reason: str

    def describe(self) -> str:
        if self.suggested is None:
            return f"version: {self.reason}"
        text = f"suggested version: {self.suggested} ({self.bump}: {self.reason})"
        if not self.sufficient:
            text += (
                f"\nwarning: the revision says {self.revision}, which is less than a "
                f"{self.bump} change from {self.base}"
            )
        return text


def _parse(version: str) -> tuple[int, int, int] | None:
    match = _VERSION.match(version)
    if not match:
        return None
    return int(match[1]), int(match[2] or 0), int(match[3] or 0)


def _version(document: dict[str, Any]) -> str:
    info = document.get("info")
    return str(info.get("version", "")) if isinstance(info, dict) else ""


def advise(
    base: dict[str, Any], revision: dict[str, Any], findings: list[Finding]
) -> VersionAdvice:
    old_version, new_version = _version(base), _version(revision)
    errors = sum(f.level is Level.ERROR for f in findings)
    if errors:
        bump, reason = "major", f"{errors} breaking change{'s' if errors != 1 else ''}"
    elif findings:
        bump, reason = (
            "minor",
            f"{len(findings)} compatible change{'s' if len(findings) != 1 else ''}",
        )
    elif document_digest(base) != document_digest(revision):
        bump, reason = "patch", "changes no rule reports (descriptions, examples, ...)"
    else:
        bump, reason = "none", "the documents are the same"
    old = _parse(old_version)
    if old is None:
        return VersionAdvice(
            old_version,
            new_version,
            bump,
            None,
            True,
            f"the base's info.version {old_version!r} is not MAJOR.MINOR.PATCH",
        )
    effective = bump
    if old[0] == 0 and bump in ("major", "minor"):
        effective = _ORDER[_ORDER.index(bump) - 1]
    major, minor, patch = old
    suggested = {
        "major": (major + 1, 0, 0),
        "minor": (major, minor + 1, 0),
        "patch": (major, minor, patch + 1),
        "none": old,
    }[effective]
    new = _parse(new_version)
    sufficient = new is not None and new >= suggested
    text = ".".join(map(str, suggested))
    if effective != bump:
        reason += f"; a {effective} bump before 1.0.0"
    return VersionAdvice(old_version, new_version, bump, text, sufficient, reason)
