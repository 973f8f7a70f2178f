"""The rule registry: stable ids, levels (and why some differ from oasdiff's), and the documentation
written from it."""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import pytest
import yaml

from specgen.diff import docs
from specgen.diff.findings import Level
from specgen.diff.rules import PROPERTY_RULES, RULES, SCHEMA_KINDS, SCOPES
from tests.support.paths import ROOT, SHARED

OASDIFF_RULES = SHARED / "reference" / "oasdiff-rules.tsv"
DIFF_PACKAGE = ROOT / "generator" / "specgen" / "diff"

# Every rule whose id is oasdiff's but whose level is not, with the reason.
_REASONS: dict[str, list[str]] = {
    "The issue's deprecation policy: removing a parameter never marked deprecated breaks the "
    "callers that send it (oasdiff: WARN).": ["request-parameter-removed"],
    "Callers that met the old requirement are refused: new schemes or scopes to present, or a way "
    "to authenticate taken away, break them (oasdiff: INFO for all security changes).": [
        "api-security-added",
        "api-security-removed",
        "api-security-scope-added",
        "api-global-security-added",
        "api-global-security-removed",
        "api-global-security-scope-added",
        "api-security-component-type-changed",
    ],
    "Clients configured with the old OAuth URLs or scopes may fail to get tokens: a warning "
    "(oasdiff: INFO).": [
        "api-security-component-oauth-url-changed",
        "api-security-component-oauth-token-url-changed",
        "api-security-component-oauth-scope-removed",
    ],
    "A request default is what the server assumes for callers who leave the value out: their "
    "requests stay valid but mean something else. A warning, in bodies and parameters alike "
    "(oasdiff: INFO in bodies, ERR in parameters).": [
        f"request-{scope}-default-value-{change}"
        for scope in ("body", "property", "parameter")
        for change in ("added", "changed", "removed")
    ],
    "A discriminator decides which branch a value is read as, by the server and by typed clients "
    "(generated models are discriminated unions): a new one in a request needs a property callers "
    "may not send; a changed propertyName or mapping sends values to another branch or none; a "
    "new mapping value in a response is a variant clients do not know (oasdiff: INFO).": [
        f"{direction}-{scope}-discriminator-{change}"
        for direction, changes in (
            ("request", ("added", "mapping-changed", "mapping-deleted", "property-name-changed")),
            ("response", ("mapping-added", "mapping-changed", "property-name-changed", "removed")),
        )
        for scope in ("body", "property")
        for change in changes
    ],
    "prefixItems constrain the first items of an array: adding them narrows what it may hold, "
    "removing them widens it (oasdiff has the two directions the other way round).": [
        f"{direction}-{scope}-prefix-items-{change}"
        for direction in ("request", "response")
        for scope in ("body", "property")
        for change in ("added", "removed")
    ],
    "When a branch of the new oneOf accepts every body the old schema did, no caller breaks; "
    "otherwise the branch's own findings are reported beside it (oasdiff: ERR).": [
        "request-body-wrapped-in-one-of"
    ],
    "A property of a deepObject/form parameter of another type is refused like any other value "
    "of the wrong type (oasdiff: WARN).": ["request-parameter-property-type-changed"],
    "A new anyOf branch widens what clients may receive, like a new enum value (oasdiff: INFO).": [
        "response-body-any-of-added",
        "response-property-any-of-added",
    ],
    "Generated response models check patterns when they parse (pydantic Field(pattern=...)): a "
    "value the old pattern refuses fails in existing clients (oasdiff: INFO).": [
        "response-property-pattern-changed",
        "response-property-pattern-removed",
    ],
}
LEVELS_DIFFERENT_FROM_OASDIFF = {rule: reason for reason, ids in _REASONS.items() for rule in ids}
_OASDIFF_LEVELS = {"ERR": Level.ERROR, "WARN": Level.WARNING, "INFO": Level.INFO}


def test_at_least_100_rules_with_stable_ids_and_a_description() -> None:
    assert len(RULES) >= 100
    specific = [r for r in RULES.values() if r.area != "schema"]
    assert len(specific) >= 100
    for rule in RULES.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", rule.id), rule.id
        assert rule.description and "\n" not in rule.description
        assert rule.level in Level


def test_every_schema_kind_exists_in_every_scope_with_the_direction_s_level() -> None:
    for scope in SCOPES.values():
        for kind, (caller, api, _) in SCHEMA_KINDS.items():
            rule = RULES.get(f"{scope.name}-{kind}")
            if rule is None:
                assert f"{scope.name}-{kind}" in (
                    "request-parameter-deprecated",
                    "request-parameter-reactivated",
                )
                continue
            assert rule.level is (api if scope.output else caller)


@pytest.mark.skipif(not OASDIFF_RULES.is_file(), reason="../shared/reference is absent")
def test_levels_match_oasdiff_except_where_a_reason_is_given() -> None:
    with OASDIFF_RULES.open(encoding="utf-8") as handle:
        oasdiff = {
            row["rule_id"]: _OASDIFF_LEVELS[row["level"]]
            for row in csv.DictReader(handle, delimiter="\t")
        }
    shared = [rule for rule in RULES.values() if rule.id in oasdiff]
    assert len(shared) >= 300  # ids are oasdiff's wherever a rule means the same
    different = {rule.id for rule in shared if rule.level is not oasdiff[rule.id]}
    assert different == set(LEVELS_DIFFERENT_FROM_OASDIFF)


def _string_constants(path: Path) -> set[str]:
    return {
        node.value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_every_rule_id_written_in_the_code_is_registered() -> None:
    looks_like_id = re.compile(
        r"(api|endpoint|new|optional|required|request|response|webhook|python)-[a-z0-9-]*[a-z0-9]"
    )
    written = {
        text
        for path in DIFF_PACKAGE.glob("*.py")
        if path.name not in ("rules.py", "docs.py")
        for text in _string_constants(path)
        if looks_like_id.fullmatch(text)
    }
    # Parts of ids: scopes, property kinds, and prefixes the code completes.
    prefixes = {"api-global", "api-path-removed", "api-removed", *SCOPES}
    prefixes |= {kind for entries in PROPERTY_RULES.values() for kind in entries}
    unknown = {t for t in written - prefixes if t not in RULES and not t.startswith("python-")}
    unknown |= {t for t in written if t.startswith("python-") and t not in RULES}
    assert unknown == set()
    assert len(written) > 50


def test_docs_list_exactly_the_registry() -> None:
    text = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    section = text.split(docs.START, 1)[1].split(docs.END, 1)[0]
    assert section.strip() == docs.rules_markdown().strip(), "run: python -m specgen.diff.docs"
    for rule in RULES.values():
        if rule.area != "schema":
            assert f"`{rule.id}`" in section
    for kind in SCHEMA_KINDS:
        assert f"`{kind}`" in section


def test_the_github_actions_recipe_runs_validate_check_and_diff_and_comments() -> None:
    workflow_text = (ROOT / "docs" / "ci" / "specgen.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(workflow_text)
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    steps = workflow["jobs"]["spec"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "specgen validate" in runs
    assert 'specgen check --format github --against "$BASE"' in runs
    assert 'specgen diff "$BASE" "$SPEC" --format markdown' in runs
    assert workflow["jobs"]["spec"]["env"]["BASE"].startswith("git:origin/${{ github.base_ref }}:")
    assert any(step.get("uses", "").startswith("actions/github-script@") for step in steps)
    assert workflow["permissions"]["pull-requests"] == "write"
    recipe = (ROOT / "docs" / "ci" / "github-actions.md").read_text(encoding="utf-8")
    assert workflow_text.rstrip() in recipe  # the page shows the file as it is
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/ci/github-actions.md" in readme and "docs/diff.md" in readme
