"""The corpus tests' summary: what each document's generated contract tests did."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = [
        str(value)
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        for name, value in getattr(report, "user_properties", [])
        if name == "contract"
    ]
    if lines:
        terminalreporter.section("generated contract tests on corpus documents")
        for line in sorted(lines):
            terminalreporter.write_line(line)
