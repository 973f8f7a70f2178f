"""The rule registry: every finding `specgen diff` can report, with its stable id and level.

Ids follow oasdiff's (`../shared/reference/oasdiff-rules.tsv`) wherever a rule means the same, so
users of both can map them; levels follow oasdiff's too, except where noted in
tests/diff/test_diff_rules.py (each difference has its reason there).

Two kinds of rules:
- specific rules (paths, operations, parameters, bodies, responses, security, servers, the
  Python API), one a line in `rule_tables.py`;
- schema rules: one change *kind* (`max-length-decreased`) in one *scope* (`request-property`) is
  the rule `request-property-max-length-decreased`. The level depends on the direction: narrowing
  what a request may contain breaks callers; widening what a response (or a webhook's payload,
  which the API sends) may contain breaks clients.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from specgen.diff import rule_tables
from specgen.diff.findings import Api, Level


class Direction(enum.StrEnum):
    REQUEST = "request"  # the caller sends it
    RESPONSE = "response"  # the API sends it
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    level: Level
    direction: Direction
    area: str  # paths, parameters, request-body, responses, security, servers, schema, python
    description: str
    api: Api = Api.WIRE


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a schema sits: names the schema rules found in it."""

    name: str  # the rule id prefix
    output: bool  # sent by the API (response levels) rather than by the caller
    child: str  # the scope of its properties
    properties: str  # which property rules apply (a key of PROPERTY_RULES)
    label: str


SCOPES = {
    s.name: s
    for s in (
        Scope("request-body", False, "request-property", "request", "request body"),
        Scope("request-property", False, "request-property", "request", "request property"),
        Scope("request-parameter", False, "request-parameter-property", "parameter", "parameter"),
        Scope(
            "request-parameter-property",
            False,
            "request-parameter-property",
            "parameter",
            "property of a parameter (deepObject, form or JSON)",
        ),
        Scope("response-body", True, "response-property", "response", "response body"),
        Scope("response-property", True, "response-property", "response", "response property"),
        Scope("response-header", True, "response-header", "response", "response header"),
        Scope(
            "webhook-payload",
            True,
            "webhook-payload-property",
            "webhook",
            "webhook payload (the request body the API sends)",
        ),
        Scope(
            "webhook-payload-property",
            True,
            "webhook-payload-property",
            "webhook",
            "property of a webhook payload",
        ),
    )
}


def _kinds(text: str) -> dict[str, tuple[Level, Level, str]]:
    kinds = {}
    for line in text.strip().splitlines():
        kind, caller, api, description = (part.strip() for part in line.split("|"))
        kinds[kind] = (Level(caller), Level(api), description)
    return kinds


_KINDS = _kinds(rule_tables.KINDS)

# Bounds: an upper bound lowered (or newly set) narrows; a lower bound raised (or set) narrows.
# A bound newly set is a warning for callers, as in oasdiff: their values may well comply.
UPPER_BOUNDS = ("max", "exclusive-max", "max-length", "max-items", "max-properties", "max-contains")
LOWER_BOUNDS = ("min", "exclusive-min", "min-length", "min-items", "min-properties", "min-contains")
for _bound in UPPER_BOUNDS:
    _KINDS[f"{_bound}-decreased"] = (Level.ERROR, Level.INFO, f"{_bound} was lowered")
    _KINDS[f"{_bound}-increased"] = (Level.INFO, Level.ERROR, f"{_bound} was raised")
    _KINDS[f"{_bound}-set"] = (Level.WARNING, Level.INFO, f"{_bound} was set")
    _KINDS[f"{_bound}-unset"] = (Level.INFO, Level.ERROR, f"{_bound} was removed")
for _bound in LOWER_BOUNDS:
    _KINDS[f"{_bound}-increased"] = (Level.ERROR, Level.INFO, f"{_bound} was raised")
    _KINDS[f"{_bound}-decreased"] = (Level.INFO, Level.ERROR, f"{_bound} was lowered")
    _KINDS[f"{_bound}-set"] = (Level.WARNING, Level.INFO, f"{_bound} was set")
    _KINDS[f"{_bound}-unset"] = (Level.INFO, Level.ERROR, f"{_bound} was removed")

SCHEMA_KINDS = dict(sorted(_KINDS.items()))


def _property_rules(text: str) -> dict[str, dict[str, tuple[str, Level, str]]]:
    table: dict[str, dict[str, tuple[str, Level, str]]] = {}
    family = ""
    last = ""
    for line in text.strip().splitlines():
        if line.startswith("["):
            family = line.strip("[]")
            table[family] = {}
        elif line.startswith(" "):
            rule_id, level, description = table[family][last]
            table[family][last] = (rule_id, level, f"{description} {line.strip()}")
        else:
            last, rule_id, level_name, description = (p.strip() for p in line.split("|"))
            table[family][last] = (rule_id, Level(level_name), description)
    return table


PROPERTY_RULES = _property_rules(rule_tables.PROPERTIES)


def _table(text: str) -> list[Rule]:
    """Rules one a line, `id | level | description` (an indented line continues the description),
    under `[area: direction]` headers."""
    rows: list[list[str]] = []
    area, direction = "", Direction.NONE
    for line in text.strip().splitlines():
        if line.startswith("["):
            area, _, name = line.strip("[]").partition(": ")
            direction = Direction(name)
        elif line.startswith(" "):
            rows[-1][-1] += " " + line.strip()
        else:
            rule_id, level, description = (part.strip() for part in line.split("|"))
            rows.append([rule_id, level, area, direction, description])
    return [
        Rule(rule_id, Level(level), Direction(direction), area, description,
             Api.PYTHON if area == "python" else Api.WIRE)
        for rule_id, level, area, direction, description in rows
    ]  # fmt: skip


_SPECIFIC = _table(rule_tables.SPECIFIC)

_PYTHON = _table(rule_tables.PYTHON)


_SAME_AS_SPECIFIC = frozenset({"request-parameter-deprecated", "request-parameter-reactivated"})


def schema_rule_id(scope: str, kind: str) -> str:
    return f"{scope}-{kind}"


def _build() -> dict[str, Rule]:
    rules = [*_SPECIFIC, *_PYTHON]
    for family, entries in PROPERTY_RULES.items():
        direction = Direction.REQUEST if family in ("request", "parameter") else Direction.RESPONSE
        rules += [Rule(rid, lvl, direction, "schema", text) for rid, lvl, text in entries.values()]
    for scope in SCOPES.values():
        direction = Direction.RESPONSE if scope.output else Direction.REQUEST
        for kind, (input_level, output_level, text) in SCHEMA_KINDS.items():
            level = output_level if scope.output else input_level
            rule_id = schema_rule_id(scope.name, kind)
            if rule_id in _SAME_AS_SPECIFIC:
                continue  # `deprecated` in a parameter's schema means it on the parameter
            rules.append(Rule(rule_id, level, direction, "schema", f"{scope.label}: {text}"))
    registry: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in registry:
            raise AssertionError(f"duplicate rule id {rule.id}")
        registry[rule.id] = rule
    return registry


RULES: dict[str, Rule] = _build()


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]
