"""Located problems with a spec, and the exceptions that carry them.

Every stage reports problems as `Diagnostic`s so that the CLI prints them the same way:
``FILE:LINE:COL: error|warning: <json-pointer>: message [rule-id]``. The rules, and which of
them can be set to warning or off, are in `specgen.rules`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, located in a source file.

    ``pointer`` is the JSON pointer of the offending node inside ``file`` (``""`` is the root).
    ``line`` and ``col`` are 1-based; 0 means "unknown".
    """

    severity: Severity
    file: str
    line: int
    col: int
    pointer: str
    message: str
    rule: str  # the id of its rule in `specgen.rules.RULES`

    def format(self) -> str:
        pointer = self.pointer or "/"
        return (
            f"{self.file}:{self.line}:{self.col}: {self.severity}: {pointer}: {self.message}"
            f" [{self.rule}]"
        )

    @property
    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        return (self.file, self.line, self.col, self.pointer, self.message, self.rule)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by location, duplicates dropped."""
    return sorted(set(diagnostics), key=lambda d: d.sort_key)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    items = list(diagnostics)
    errors = sum(1 for d in items if d.severity is Severity.ERROR)
    warnings = len(items) - errors
    verdict = "invalid" if errors else "valid"
    return f"{verdict}: {_count(errors, 'error')}, {_count(warnings, 'warning')}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class SpecgenError(Exception):
    """Base for errors the CLI turns into a message and an exit code (never a traceback)."""

    exit_code = 2


class UsageError(SpecgenError):
    """Bad command line, missing or unreadable file, bad config: exit 2."""

    exit_code = 2


class SpecInvalid(SpecgenError):
    """The spec has errors; ``diagnostics`` says where. Exit 1."""

    exit_code = 1

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sort_diagnostics(diagnostics)
        first = self.diagnostics[0].format() if self.diagnostics else "invalid spec"
        super().__init__(first)
