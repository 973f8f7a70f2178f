"""The rule registry: every finding `specgen diff` can report, with its stable id and level.

Ids follow oasdiff's (`../shared/reference/oasdiff-rules.tsv`) wherever a rule means the same, so
users of both can map them; levels follow oasdiff's too, except where noted in
tests/test_diff_rules.py (each difference has its reason there).

Two kinds of rules:
- specific rules (paths, operations, parameters, bodies, responses, security, servers, the
  Python API), listed one by one below;
- schema rules: one change *kind* (`max-length-decreased`) in one *scope* (`request-property`) is
  the rule `request-property-max-length-decreased`. The level depends on the direction: narrowing
  what a request may contain breaks callers; widening what a response (or a webhook's payload,
  which the API sends) may contain breaks clients.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from specgen.diff.findings import Api, Level

E, W, I_ = Level.ERROR, Level.WARNING, Level.INFO


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

# kind: (level where the caller sends it, level where the API sends it, what changed)
_KINDS: dict[str, tuple[Level, Level, str]] = {
    "type-changed": (E, E, "the type changed"),
    "type-generalized": (I_, E, "the type was widened (integer to number, or no longer set)"),
    "type-specialized": (E, I_, "the type was narrowed (number to integer, or newly set)"),
    "type-compatible": (I_, I_, "the type changed between object and string in an XML body"),
    "list-of-types-widened": (I_, E, "a type was added to the list of types"),
    "list-of-types-narrowed": (E, I_, "a type was removed from the list of types"),
    "format-changed": (E, E, "the format changed"),
    "format-generalized": (I_, E, "the format was widened (int32 to int64, float to double)"),
    "format-specialized": (E, I_, "the format was narrowed (int64 to int32, double to float)"),
    "format-added": (W, I_, "a format was set"),
    "format-removed": (I_, W, "the format was removed"),
    "became-nullable": (I_, E, "null became allowed"),
    "became-not-nullable": (E, I_, "null is no longer allowed"),
    "became-enum": (E, I_, "the values were restricted to an enum"),
    "no-longer-enum": (I_, W, "the enum was removed: any value of the type is allowed"),
    "enum-value-added": (I_, W, "an enum value was added"),
    "enum-value-removed": (E, I_, "an enum value was removed"),
    "x-extensible-enum-value-removed": (E, I_, "an x-extensible-enum value was removed"),
    "const-added": (E, I_, "a const was set"),
    "const-removed": (I_, E, "the const was removed"),
    "const-changed": (E, E, "the const changed"),
    "default-value-added": (W, I_, "a default was set"),
    "default-value-removed": (W, I_, "the default was removed"),
    "default-value-changed": (W, I_, "the default changed"),
    "multiple-of-set": (W, I_, "a multipleOf was set"),
    "multiple-of-unset": (I_, W, "the multipleOf was removed"),
    "multiple-of-changed": (W, W, "the multipleOf changed"),
    "unique-items-set": (E, I_, "uniqueItems was set"),
    "unique-items-unset": (I_, W, "uniqueItems was removed"),
    "pattern-added": (E, I_, "a pattern was set"),
    "pattern-removed": (I_, W, "the pattern was removed"),
    "pattern-changed": (W, W, "the pattern changed"),
    "pattern-generalized": (I_, W, "the pattern now matches any string"),
    "additional-properties-closed": (E, I_, "additionalProperties became false"),
    "additional-properties-opened": (I_, W, "additionalProperties is no longer false"),
    "additional-properties-narrowed": (E, I_, "additionalProperties gained a schema"),
    "additional-properties-widened": (I_, W, "additionalProperties lost its schema"),
    "discriminator-added": (W, I_, "a discriminator was added"),
    "discriminator-removed": (I_, W, "the discriminator was removed"),
    "discriminator-property-name-changed": (E, E, "the discriminator's propertyName changed"),
    "discriminator-mapping-added": (I_, W, "a discriminator mapping value was added"),
    "discriminator-mapping-deleted": (E, I_, "a discriminator mapping value was removed"),
    "discriminator-mapping-changed": (E, E, "a discriminator mapping value changed target"),
    "deprecated": (I_, I_, "it was marked deprecated"),
    "reactivated": (I_, I_, "it is no longer deprecated"),
    "became-read-only": (W, I_, "it became readOnly"),
    "became-not-read-only": (I_, I_, "it is no longer readOnly"),
    "became-write-only": (I_, W, "it became writeOnly"),
    "became-not-write-only": (I_, I_, "it is no longer writeOnly"),
    "one-of-added": (I_, E, "a oneOf branch was added"),
    "one-of-removed": (E, I_, "a oneOf branch was removed"),
    "any-of-added": (I_, W, "an anyOf branch was added"),
    "any-of-removed": (E, I_, "an anyOf branch was removed"),
    "wrapped-in-one-of": (I_, E, "the schema became a branch of a new oneOf/anyOf"),
    "not-added": (E, I_, "a `not` schema was added"),
    "not-removed": (I_, E, "the `not` schema was removed"),
    "not-changed": (W, W, "the `not` schema changed"),
    "items-added": (E, I_, "an items schema was set"),
    "items-removed": (I_, E, "the items schema was removed"),
    "prefix-items-added": (E, I_, "prefixItems were added"),
    "prefix-items-removed": (I_, E, "prefixItems were removed"),
    "contains-added": (E, I_, "a contains schema was added"),
    "contains-removed": (I_, E, "the contains schema was removed"),
    "if-added": (E, I_, "an `if` schema was added"),
    "if-removed": (I_, E, "the `if` schema was removed"),
    "then-added": (E, I_, "a `then` schema was added"),
    "then-removed": (I_, E, "the `then` schema was removed"),
    "else-added": (E, I_, "an `else` schema was added"),
    "else-removed": (I_, E, "the `else` schema was removed"),
    "dependent-required-added": (E, I_, "a dependentRequired entry was added"),
    "dependent-required-removed": (I_, E, "a dependentRequired entry was removed"),
    "dependent-required-changed": (E, E, "a dependentRequired entry changed"),
    "dependent-schema-added": (E, I_, "a dependentSchemas entry was added"),
    "dependent-schema-removed": (I_, E, "a dependentSchemas entry was removed"),
    "pattern-property-added": (E, I_, "a patternProperties entry was added"),
    "pattern-property-removed": (I_, E, "a patternProperties entry was removed"),
    "property-names-added": (E, I_, "a propertyNames schema was added"),
    "property-names-removed": (I_, E, "the propertyNames schema was removed"),
    "unevaluated-items-added": (E, I_, "an unevaluatedItems schema was added"),
    "unevaluated-items-removed": (I_, E, "the unevaluatedItems schema was removed"),
    "unevaluated-properties-added": (E, I_, "an unevaluatedProperties schema was added"),
    "unevaluated-properties-removed": (I_, E, "the unevaluatedProperties schema was removed"),
    "content-schema-added": (E, I_, "a contentSchema was added"),
    "content-schema-removed": (I_, E, "the contentSchema was removed"),
    "content-media-type-changed": (E, E, "the contentMediaType changed"),
    "content-encoding-changed": (E, E, "the contentEncoding changed"),
}

# Bounds: an upper bound lowered (or newly set) narrows; a lower bound raised (or set) narrows.
# A bound newly set is a warning for callers, as in oasdiff: their values may well comply.
UPPER_BOUNDS = ("max", "exclusive-max", "max-length", "max-items", "max-properties", "max-contains")
LOWER_BOUNDS = ("min", "exclusive-min", "min-length", "min-items", "min-properties", "min-contains")
for _bound in UPPER_BOUNDS:
    _KINDS[f"{_bound}-decreased"] = (E, I_, f"{_bound} was lowered")
    _KINDS[f"{_bound}-increased"] = (I_, E, f"{_bound} was raised")
    _KINDS[f"{_bound}-set"] = (W, I_, f"{_bound} was set")
    _KINDS[f"{_bound}-unset"] = (I_, E, f"{_bound} was removed")
for _bound in LOWER_BOUNDS:
    _KINDS[f"{_bound}-increased"] = (E, I_, f"{_bound} was raised")
    _KINDS[f"{_bound}-decreased"] = (I_, E, f"{_bound} was lowered")
    _KINDS[f"{_bound}-set"] = (W, I_, f"{_bound} was set")
    _KINDS[f"{_bound}-unset"] = (I_, E, f"{_bound} was removed")

SCHEMA_KINDS = dict(sorted(_KINDS.items()))

# Properties coming and going, per family of scopes: `kind | rule id | level | description`.
_PROPERTY_TABLE = """
[request]
required-added | new-required-request-property | error | a required property was added
optional-added | new-optional-request-property | info | an optional property was added
removed | request-property-removed | warning | a property was removed (the object stays open)
closed-removed | request-closed-object-property-removed | error | a property was removed from
    an object that allows no other properties
became-required | request-property-became-required | error | a property became required
became-optional | request-property-became-optional | info | a property became optional
[parameter]
required-added | new-required-request-parameter-property | error | a required property was
    added to a parameter's object
optional-added | new-optional-request-parameter-property | info | an optional property was
    added to a parameter's object
removed | request-parameter-property-removed | warning | a property was removed from a
    parameter's object
closed-removed | request-parameter-closed-object-property-removed | error | a property was
    removed from a parameter's object that allows no other properties
became-required | request-parameter-property-became-required | error | a property of a
    parameter's object became required
became-optional | request-parameter-property-became-optional | info | a property of a
    parameter's object became optional
[response]
required-added | response-required-property-added | info | a required property was added
optional-added | response-optional-property-added | info | an optional property was added
removed | response-optional-property-removed | warning | an optional property was removed
required-removed | response-required-property-removed | error | a required property was removed
became-required | response-property-became-required | info | a property became required
became-optional | response-property-became-optional | error | a property became optional
[webhook]
required-added | webhook-payload-required-property-added | info | a required property was
    added to a webhook payload
optional-added | webhook-payload-optional-property-added | info | an optional property was
    added to a webhook payload
removed | webhook-payload-optional-property-removed | warning | an optional property was
    removed from a webhook payload
required-removed | webhook-payload-required-property-removed | error | a required property
    was removed from a webhook payload
became-required | webhook-payload-property-became-required | info | a property of a webhook
    payload became required
became-optional | webhook-payload-property-became-optional | error | a property of a webhook
    payload became optional
"""


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


PROPERTY_RULES = _property_rules(_PROPERTY_TABLE)


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


# Paths, operations, parameters, bodies, responses, security, servers and components.
_SPECIFIC = _table(
    """
[paths: none]
endpoint-added | info | an operation was added
api-path-removed-without-deprecation | error | a path was removed without being deprecated first
api-path-removed-with-deprecation | info | a deprecated path was removed after its sunset
api-path-removed-before-sunset | error | a deprecated path was removed before its x-sunset date
api-removed-without-deprecation | error | an operation was removed without being deprecated first
api-removed-with-deprecation | info | a deprecated operation was removed after its sunset
api-removed-before-sunset | error | a deprecated operation was removed before its x-sunset date
api-deprecated-sunset-parse | error | a deprecated operation's x-sunset is not a date (YYYY-MM-DD)
endpoint-deprecated | info | an operation was marked deprecated
endpoint-reactivated | info | an operation is no longer deprecated
api-operation-id-changed | info | the operationId changed (harmless on the wire)
api-operation-id-added | info | an operationId was set
api-operation-id-removed | info | the operationId was removed
api-tag-added | info | a tag was added to an operation
api-tag-removed | info | a tag was removed from an operation
webhook-added | info | a webhook was added
webhook-removed | error | a webhook was removed
[parameters: request]
new-required-request-parameter | error | a required parameter was added
new-optional-request-parameter | info | an optional parameter was added
request-parameter-removed | error | a parameter was removed without being deprecated first
request-parameter-removed-with-deprecation | info | a deprecated parameter was removed after its
    sunset
request-parameter-removed-before-sunset | error | a deprecated parameter was removed before its
    x-sunset date
request-parameter-sunset-parse | error | a deprecated parameter's x-sunset is not a date
    (YYYY-MM-DD)
request-parameter-became-required | error | a parameter became required
request-parameter-became-optional | info | a parameter became optional
request-parameter-location-changed | error | a parameter moved to another location (query, header,
    path, cookie)
request-parameter-style-changed | error | a parameter's serialization style changed
request-parameter-explode-changed | error | a parameter's explode changed
request-parameter-media-type-changed | error | the media type of a parameter's content changed
request-parameter-deprecated | info | a parameter was marked deprecated
request-parameter-reactivated | info | a parameter is no longer deprecated
[request-body: request]
request-body-added-required | error | a required request body was added
request-body-added-optional | info | an optional request body was added
request-body-removed | error | the request body was removed
request-body-became-required | error | the request body became required
request-body-became-optional | info | the request body became optional
request-body-media-type-added | info | a request media type was added
request-body-media-type-removed | error | a request media type was removed
[request-body: response]
webhook-payload-became-optional | error | a webhook's payload may now be absent
webhook-payload-became-required | info | a webhook's payload is now always sent
webhook-payload-media-type-added | warning | a webhook may send a new media type
webhook-payload-media-type-removed | info | a webhook no longer sends a media type
[responses: response]
response-success-status-removed | error | a success status was removed
response-success-status-added | info | a success status was added
response-non-success-status-removed | info | an error status was removed
response-non-success-status-added | info | an error status was added
response-media-type-removed | error | a response media type was removed
response-media-type-added | info | a response media type was added
response-header-added | info | a response header was added
required-response-header-removed | error | a required response header was removed
optional-response-header-removed | warning | an optional response header was removed
response-header-became-optional | error | a response header became optional
response-header-became-required | info | a response header became required
[security: none]
api-security-added | error | an operation needs credentials its callers did not need
api-security-alternative-added | info | an operation accepts a new way to authenticate; the old
    ones still work
api-security-removed | error | an operation no longer accepts a way to authenticate its callers
    used
api-security-relaxed | info | an operation's security requirement was removed or relaxed
api-security-scope-added | error | an operation needs a new OAuth scope
api-security-scope-removed | info | an operation no longer needs an OAuth scope
api-global-security-added | error | the API needs credentials its callers did not need
api-global-security-alternative-added | info | the API accepts a new way to authenticate; the old
    ones still work
api-global-security-removed | error | the API no longer accepts a way to authenticate its callers
    used
api-global-security-relaxed | info | the API's security requirement was removed or relaxed
api-global-security-scope-added | error | the API needs a new OAuth scope
api-global-security-scope-removed | info | the API no longer needs an OAuth scope
api-security-component-added | info | a security scheme was added
api-security-component-removed | info | a security scheme was removed (its uses are reported per
    operation)
api-security-component-type-changed | error | a security scheme's type changed
api-security-component-scheme-changed | error | how a security scheme's credential is sent changed
    (http scheme, apiKey name or location)
api-security-component-oauth-flow-added | info | an OAuth flow was added
api-security-component-oauth-flow-removed | error | an OAuth flow was removed
api-security-component-oauth-url-changed | warning | an OAuth authorizationUrl changed
api-security-component-oauth-token-url-changed | warning | an OAuth tokenUrl or refreshUrl changed
api-security-component-oauth-scope-added | info | an OAuth scope was added to a flow
api-security-component-oauth-scope-removed | warning | an OAuth scope was removed from a flow
api-security-component-openid-url-changed | warning | an openIdConnectUrl changed
[servers: none]
api-server-added | info | a server was added
api-server-removed | error | a server was removed
api-server-variable-added | info | a server variable was added
api-server-variable-removed | error | a server variable was removed
api-server-variable-enum-value-added | info | a server variable value was added
api-server-variable-enum-value-removed | error | a server variable value was removed
api-server-variable-default-changed | warning | a server variable's default changed
[components: none]
api-schema-added | info | a component schema was added
api-schema-removed | info | a component schema was removed
"""
)

# The generated package: what user code that imports it sees.
_PYTHON = _table(
    """
[python: none]
python-package-renamed | error | the generated package's import name changed
python-client-renamed | error | the generated client class was renamed
python-client-keyword-removed | error | a keyword of the client constructor was removed
python-client-keyword-renamed | error | a keyword of the client constructor was renamed
python-client-keyword-became-required | error | a client constructor keyword became required
python-client-keyword-type-changed | warning | a client constructor keyword's type changed
python-client-keyword-added | info | a keyword was added to the client constructor
python-method-removed | error | a method was removed
python-method-removed-with-deprecation | info | a deprecated method was removed after its sunset
python-method-renamed | error | a method was renamed (e.g. its operationId changed)
python-method-moved | error | a method moved to another resource (its first tag changed)
python-method-added | info | a method was added
python-keyword-removed | error | a keyword argument of a method was removed
python-keyword-removed-with-deprecation | info | a deprecated keyword argument was removed after
    its sunset
python-keyword-renamed | error | a keyword argument of a method was renamed
python-keyword-became-required | error | a keyword argument became required
python-keyword-added-required | error | a required keyword argument was added
python-keyword-added | info | an optional keyword argument was added
python-keyword-became-optional | info | a keyword argument became optional
python-keyword-type-changed | warning | a keyword argument's type annotation changed
python-return-type-changed | warning | a method's return type changed
python-model-removed | error | a model class was removed or renamed
python-model-added | info | a model class was added
python-model-field-removed | error | a field of a model class was removed
python-model-field-added-required | error | a required field was added to a model class
python-model-field-became-required | error | a field of a model class became required
python-model-field-added | info | an optional field was added to a model class
python-model-field-type-changed | warning | a field's type annotation changed
python-enum-member-removed | error | a member of an enum class was removed
python-enum-member-added | info | a member was added to an enum class
"""
)


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
