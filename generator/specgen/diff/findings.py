"""What `specgen diff` reports: levels, locations and findings."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass


class Level(enum.StrEnum):
    """How much a change matters to existing callers and clients."""

    ERROR = "error"  # breaks existing callers or clients
    WARNING = "warning"  # may break them
    INFO = "info"  # a change with no break

    @property
    def rank(self) -> int:
        return {Level.ERROR: 2, Level.WARNING: 1, Level.INFO: 0}[self]


class Api(enum.StrEnum):
    WIRE = "wire"  # what travels over HTTP
    PYTHON = "python"  # the package specgen generates from the spec


class Side(enum.StrEnum):
    BASE = "base"
    REVISION = "revision"


@dataclass(frozen=True, slots=True)
class Location:
    file: str
    line: int
    col: int

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    level: Level
    api: Api
    operation: str  # "GET /pets/{id}", "POST webhook:orderCreated", or "" for the whole API
    at: str  # where inside the operation (or the document), independent of `$ref`s and lines
    message: str  # one line
    side: Side  # which document `pointer` and `location` are in: the base for removals
    pointer: str  # JSON pointer into that side's (bundled) document
    location: Location
    # Where the revision shows it (the nearest node that still exists), for annotations.
    anchor: Location | None = None

    @property
    def fingerprint(self) -> str:
        """12 hex digits from rule, operation and `at`: unchanged by unrelated edits (lines,
        `$ref` targets, list order of other entries)."""
        text = f"{self.rule}\0{self.operation}\0{self.at}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]

    @property
    def sort_key(self) -> tuple[str, bool, str, str, str]:
        """The whole API first, then by operation: wire findings, then the Python API's."""
        return (self.operation, self.api is Api.PYTHON, self.at, self.rule, self.message)

    def format(self) -> str:
        where = self.location.format() + (" (base)" if self.side is Side.BASE else "")
        operation = f"{self.operation}: " if self.operation else ""
        return f"{where}: {self.level}: {self.rule}: {operation}{self.message}"


def count_levels(findings: list[Finding]) -> dict[Level, int]:
    counts = dict.fromkeys(Level, 0)
    for finding in findings:
        counts[finding.level] += 1
    return counts
