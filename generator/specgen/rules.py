"""The rules every diagnostic is reported under, and the severity model that applies them.

Each rule has a stable id (printed at the end of every line: `... message [example-mismatch]`),
says in one sentence what it checks, and is of one of two kinds:

- *blocking*: faithful code is impossible (the document cannot be read, a `$ref` that is used
  does not resolve, ...). Always an error; `generate` and `check` stop and write nothing.
- *content*: everything else (examples and defaults that do not match their schemas, fields not
  allowed in a place, regexes Python cannot run, unused components, naming lints). A warning by
  default; generated code never depends on the defective part. `strict` makes every content
  rule an error, and `[tool.specgen.rules]` or `--rule ID=LEVEL` sets one to error, warning or
  off.

The registry lives here, beside `diagnostics`, because every stage reports under it: the loader
(syntax, duplicate keys), the validator, and the IR's repairs. The README's table of rules is
checked against it by the tests.
"""

from __future__ import annotations

import difflib
import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from specgen.diagnostics import Diagnostic, Severity, UsageError


class Kind(enum.StrEnum):
    BLOCKING = "blocking"
    CONTENT = "content"


class Level(enum.StrEnum):
    """What a content rule can be set to."""

    ERROR = "error"
    WARNING = "warning"
    OFF = "off"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: Kind
    checks: str  # one sentence: what the rule checks (the README's table)

    @property
    def default(self) -> Severity:
        return Severity.ERROR if self.kind is Kind.BLOCKING else Severity.WARNING


def _blocking(rule_id: str, checks: str) -> Rule:
    return Rule(rule_id, Kind.BLOCKING, checks)


def _content(rule_id: str, checks: str) -> Rule:
    return Rule(rule_id, Kind.CONTENT, checks)


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        # -- blocking ------------------------------------------------------------------------
        _blocking(
            "syntax",
            "The file is UTF-8 YAML or JSON that parses, is not empty, holds a mapping and is "
            "not nested too deeply (no YAML alias bombs).",
        ),
        _blocking(
            "unsupported-version",
            "`openapi` is a 3.0.x, 3.1.x or 3.2.x version string (Swagger 2.0 is refused with "
            "how to convert it).",
        ),
        _blocking(
            "unresolved-ref",
            "Every `$ref` outside `x-` extensions and example data is a string that resolves: "
            "to a file, a JSON pointer, a schema's `$id` or a `$anchor` (never over the "
            "network).",
        ),
        _blocking(
            "path-parameter-missing",
            "Every `{name}` in a path template is declared as an `in: path` parameter.",
        ),
        _blocking(
            "overlay",
            "An overlay is Overlay 1.0 and each of its actions can be applied (a skipped action "
            "would leave out a patch the project asked for).",
        ),
        _blocking(
            "structure",
            "The objects the generator reads have their shape: `paths`, path items, "
            "operations, parameters (with `name` and `in`), request bodies, responses, media "
            "types, components, security schemes and servers.",
        ),
        # -- content -------------------------------------------------------------------------
        _content(
            "overlay-no-effect",
            "Each overlay action does something: its target matches, it has an `update` or "
            "`remove: true`, and the overlay extends the document it is applied to.",
        ),
        _content(
            "duplicate-key",
            "No mapping has the same key twice (the last one is used).",
        ),
        _content(
            "yaml-data",
            "YAML holds plain data: no custom tags, no collections as keys, merge keys (`<<`) "
            "of mappings, values valid for their tag.",
        ),
        _content(
            "example-ref",
            "A `$ref` inside example or default data resolves (otherwise it stays as data).",
        ),
        _content(
            "field-not-allowed",
            "An OpenAPI object has only the fields its version defines (extensions start with "
            "`x-`), e.g. no `title` on an operation.",
        ),
        _content(
            "missing-field",
            "OpenAPI objects have their required fields (e.g. a response's `description`); "
            "those the generator needs are checked by `structure`.",
        ),
        _content(
            "invalid-value",
            "Fields have the type and form the OpenAPI meta-schema requires (e.g. "
            "`required: true` on a path parameter); an invalid value is not used.",
        ),
        _content(
            "invalid-schema",
            "A Schema Object is valid in its dialect (JSON Schema 2020-12 for 3.1 and 3.2, the "
            "OpenAPI subset for 3.0); an invalid keyword is not used.",
        ),
        _content(
            "unknown-keyword",
            "Schema keywords are known; a near miss such as `requried` is reported with a "
            "suggestion (and ignored, as JSON Schema ignores unknown keywords).",
        ),
        _content(
            "nullable-keyword",
            "`nullable` has an effect: OpenAPI 3.1+ schemas say `type: [..., 'null']` (3.0's "
            "`nullable` is ignored there), and an `enum` beside `nullable: true` must list null "
            "too.",
        ),
        _content(
            "nullable-untyped",
            "OpenAPI 3.0's `nullable: true` admits null only beside a `type` (3.0.3); beside "
            "`oneOf`/`anyOf`/`allOf` alone, validators refuse null while the model accepts None.",
        ),
        _content(
            "example-mismatch",
            "Examples (of media types, parameters, headers and schemas) match their schemas; "
            "the contract tests never replay one that does not as a valid message.",
        ),
        _content(
            "example-unchecked",
            "An example can be checked against its schema (the schema is usable).",
        ),
        _content(
            "default-mismatch",
            "A schema's `default` matches the schema (its type, and the required properties of "
            "an object default too); one that does not is not used as the Python default (the "
            "field's docstring says why).",
        ),
        _content(
            "required-undeclared",
            "An object schema with `properties` declares every name its `required` lists; an "
            "undeclared one gets no keyword or field (send it with `extra_body=`).",
        ),
        _content(
            "pattern-dialect",
            "A `pattern` is a regular expression Python and pydantic run as written; Java or "
            "ECMAScript forms with an exact equivalent are translated, others are dropped.",
        ),
        _content(
            "duplicate-operation-id",
            "operationIds are unique (method names are made unique anyway).",
        ),
        _content(
            "operation-id-format",
            "An operationId is not empty and has no whitespace.",
        ),
        _content(
            "path-parameter-unused",
            "Every `in: path` parameter occurs in its path template.",
        ),
        _content(
            "duplicate-parameter",
            "A parameter list names each (name, location) once.",
        ),
        _content(
            "parameter-name-invalid",
            "A header or cookie parameter's name is a token (RFC 9110, RFC 6265); one with a "
            "space or other separator cannot be sent, and the contract tests leave it out.",
        ),
        _content(
            "duplicate-tag",
            "Tag names are unique.",
        ),
        _content(
            "unused-component",
            "Every component is referenced from somewhere.",
        ),
        _content(
            "operation-not-generated",
            "Every operation becomes a client method; webhooks, callbacks and OpenAPI 3.2's "
            "`query` and `additionalOperations` do not yet, and are reported here.",
        ),
        _content(
            "extension-value",
            "specgen's own `x-specgen-*` extensions have the value each one takes (e.g. a "
            "boolean for `x-specgen-idempotent`) and a name specgen knows; otherwise they are "
            "ignored.",
        ),
        _content(
            "unsupported-feature",
            "The document uses no feature specgen does not read yet (OpenAPI 3.2's `$self`, "
            "`in: querystring`, `itemSchema`; a `$dynamicRef` whose `$dynamicAnchor` is "
            "declared more than once).",
        ),
    )
}


def rule(rule_id: str) -> Rule:
    """The registered rule; a KeyError names the unknown id (a bug of ours)."""
    return RULES[rule_id]


def diagnostic(
    rule_id: str, file: str, line: int, col: int, pointer: str, message: str
) -> Diagnostic:
    """A diagnostic at its rule's default severity."""
    return Diagnostic(rule(rule_id).default, file, line, col, pointer, message, rule_id)


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """How severe each content rule is: `strict`, then per-rule levels (later ones win)."""

    strict: bool = False
    levels: tuple[tuple[str, Level], ...] = ()

    def level_of(self, rule_id: str) -> Level:
        """Blocking rules are errors; a level set for the rule wins over `strict`."""
        if rule(rule_id).kind is Kind.BLOCKING:
            return Level.ERROR
        chosen = [level for name, level in self.levels if name == rule_id]
        if chosen:
            return chosen[-1]
        return Level.ERROR if self.strict else Level.WARNING

    def apply(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics at their configured severities; rules set to off are left out."""
        result = []
        for item in diagnostics:
            level = self.level_of(item.rule)
            if level is Level.OFF:
                continue
            severity = Severity.ERROR if level is Level.ERROR else Severity.WARNING
            result.append(item if item.severity is severity else replace(item, severity=severity))
        return result

    def with_levels(self, levels: Iterable[tuple[str, Level]]) -> RuleSettings:
        return replace(self, levels=(*self.levels, *levels))


def parse_level(rule_id: str, level: object, where: str) -> tuple[str, Level]:
    """Check one `ID = LEVEL` setting; UsageError (exit 2) says what is wrong and where."""
    if rule_id not in RULES:
        close = difflib.get_close_matches(rule_id, RULES, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else " (`specgen rules` lists them)"
        raise UsageError(f"{where}: unknown rule {rule_id!r}{hint}")
    if rule(rule_id).kind is Kind.BLOCKING:
        raise UsageError(
            f"{where}: {rule_id!r} is a blocking rule: it is always an error and cannot be set "
            "(only content rules can be set to error, warning or off)"
        )
    allowed = ", ".join(level.value for level in Level)
    if not isinstance(level, str) or level.strip().lower() not in {v.value for v in Level}:
        raise UsageError(f"{where}: rule {rule_id!r} must be one of {allowed}, not {level!r}")
    return rule_id, Level(level.strip().lower())


def parse_rule_option(option: str) -> tuple[str, Level]:
    """`--rule example-mismatch=off`."""
    rule_id, sep, level = option.partition("=")
    if not sep:
        raise UsageError(f"--rule {option}: expected ID=LEVEL, e.g. example-mismatch=off")
    return parse_level(rule_id.strip(), level, f"--rule {option}")


def count_by_rule(diagnostics: Iterable[Diagnostic]) -> list[tuple[str, int]]:
    """(rule id, count), most frequent first, then by id."""
    counts = Counter(item.rule for item in diagnostics)
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def rules_table() -> str:
    """The rules as a Markdown table, in registry order (the README's table is this text)."""
    lines = ["| rule | kind | default | checks |", "|---|---|---|---|"]
    for item in RULES.values():
        lines.append(f"| `{item.id}` | {item.kind} | {item.default} | {item.checks} |")
    return "\n".join(lines)
