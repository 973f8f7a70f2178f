"""The rule registry: its README table, the severity model, and the regex dialect translation."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from pydantic import BaseModel, Field, ValidationError

from specgen.diagnostics import Diagnostic, Severity
from specgen.rules import RULES, Kind, Level, RuleSettings, rules_table
from specgen.validation.patterns import check_pattern
from tests.support.paths import ROOT


def readme_rules_table() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^\| rule \| kind \| default \| checks \|\n(?:\|.*\|\n)+", text, re.M)
    assert match, "README.md has no table of rules"
    return match.group(0).rstrip("\n")


def test_the_readme_lists_every_rule_as_the_registry_says() -> None:
    assert readme_rules_table() == rules_table()


def test_specgen_rules_prints_the_table() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "specgen", "rules"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip("\n") == rules_table()


def test_rule_ids_are_stable_kebab_case_and_blocking_ones_are_errors() -> None:
    for rule_id, rule in RULES.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule_id), rule_id
        assert rule.id == rule_id and rule.checks.endswith(".")
        expected = Severity.ERROR if rule.kind is Kind.BLOCKING else Severity.WARNING
        assert rule.default is expected
    blocking = {r.id for r in RULES.values() if r.kind is Kind.BLOCKING}
    assert blocking == {
        "syntax",
        "unsupported-version",
        "unresolved-ref",
        "path-parameter-missing",
        "structure",
        "overlay",
    }


def finding(rule_id: str) -> Diagnostic:
    return Diagnostic(RULES[rule_id].default, "spec.yaml", 1, 1, "/x", "m", rule_id)


def test_settings_apply_strict_levels_and_off() -> None:
    found = [finding("example-mismatch"), finding("unused-component"), finding("structure")]
    default = RuleSettings().apply(found)
    assert [d.severity for d in default] == [Severity.WARNING, Severity.WARNING, Severity.ERROR]
    strict = RuleSettings(strict=True).apply(found)
    assert {d.severity for d in strict} == {Severity.ERROR}
    relaxed = RuleSettings(
        strict=True,
        levels=(("example-mismatch", Level.ERROR), ("example-mismatch", Level.OFF)),
    ).apply(found)
    # The last setting of a rule wins over strict; off leaves it out.
    assert [(d.rule, d.severity) for d in relaxed] == [
        ("unused-component", Severity.ERROR),
        ("structure", Severity.ERROR),
    ]


# -- regexes: kept, translated to an exact equivalent, or dropped -----------------------------


@pytest.mark.parametrize(
    ("pattern", "python"),
    [
        (r"^[a-z]+$", r"^[a-z]+$"),
        (r"^\p{InBasicLatin}*$", r"^[\x00-\x7F]*$"),
        (r"^\P{InBasicLatin}+$", r"^[^\x00-\x7F]+$"),
        # Inside a class, the negated block is its complement as ranges.
        (r"^[\P{InBasicLatin}0-9]+$", r"^[\x80-\U0010FFFF0-9]+$"),
        (r"^\p{Alpha}\p{Digit}$", r"^[\x41-\x5A\x61-\x7A][\x30-\x39]$"),
        (r"^\p{InLatin-1Supplement}$", r"^[\x80-\xFF]$"),
        (r"^\p{Nd}+$", r"^\d+$"),
        (r"^\u{1F600}$", r"^\U0001F600$"),
        (r"^\cJ$", r"^\x0A$"),
        (r"^(?<year>\d{4})-\d\d$", r"^(?P<year>\d{4})-\d\d$"),
    ],
)
def test_patterns_with_an_exact_equivalent_are_translated(pattern: str, python: str) -> None:
    assert check_pattern(pattern).python == python


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        (r"^\p{L}+$", r"\p{L} has no exact equivalent in Python's re"),
        (r"^\p{IsAlphabetic}$", r"\p{IsAlphabetic} has no exact equivalent"),
        (r"^(?!admin).*$", "pydantic's regex engine cannot run it (look-around"),
        (r"^(a)\1$", "pydantic's regex engine cannot run it"),
        (r"^[a-", "Python's re cannot compile it"),
    ],
)
def test_patterns_python_or_pydantic_cannot_run_are_dropped(pattern: str, problem: str) -> None:
    result = check_pattern(pattern)
    assert result.python is None
    assert problem in result.problem


@pytest.mark.parametrize(
    ("pattern", "accepted", "refused"),
    [
        (r"^\p{InBasicLatin}+$", ["plain ascii ~"], ["café"]),
        (r"^\P{InBasicLatin}+$", ["éü"], ["e"]),
        (r"^[\P{InBasicLatin}x]+$", ["éx"], ["y"]),
        (r"^\p{Punct}+$", ["!-/:@[`{~"], ["a", "é"]),
        (r"^\p{Space}$", ["\t", "\x0b", " "], ["\u00a0"]),
    ],
)
def test_translations_mean_what_java_means(
    pattern: str, accepted: list[str], refused: list[str]
) -> None:
    """The translated pattern works in Python's re and in a pydantic model, with Java's meaning."""
    python = check_pattern(pattern).python
    assert python is not None

    class Model(BaseModel):
        value: str = Field(pattern=python)

    for text in accepted:
        assert re.search(python, text) and Model(value=text).value == text
    for text in refused:
        assert re.search(python, text) is None
        with pytest.raises(ValidationError):
            Model(value=text)
