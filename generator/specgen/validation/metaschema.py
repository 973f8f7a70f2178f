"""The OpenAPI meta-schema, and 3.1+ schemas against their JSON Schema dialect.

openapi-spec-validator publishes the meta-schemas and picks a validation backend by itself: the
Rust `jsonschema-rs` whenever it happens to be installed (schemathesis brings it in), with other
messages and paths. We build the validator from the meta-schema with `jsonschema` explicitly, so
what specgen reports does not depend on what else is installed.

The located messages always come from `jsonschema`, but it takes seconds on a big document
(6 s of CPU on Stripe's). A valid document, the common case, needs no messages: the Rust
`jsonschema-rs` (a dependency of ours, pinned here as the *screen*, never the reporter) answers
"valid?" in a few milliseconds, and `jsonschema` runs only when it says no. The two agreed on
every one of the 661 documents of the corpus.

3.1 and 3.2 schemas are checked against their dialect one by one, again by `jsonschema` (1.4 s of
CPU on Discord's 1,172 schemas, most of it resolving `$dynamicRef`), and again screened by
`jsonschema-rs` first (10 ms): that dialect's validator checks one format, `regex`, which the
screen asks the same format checker about for every `pattern` and `patternProperties` key.

Only the JSON Schema half of openapi-spec-validator is run: its second half reports without
locations and may try to resolve references over the network.

What the meta-schema finds is a *content* problem (the structure check reports what the generator
cannot do without, and blocks). An invalid value is recorded as a defect, so that the repaired
document leaves it out rather than hand it to code that expects the right type.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped, unused-ignore]
from jsonschema.protocols import Validator  # type: ignore[import-untyped, unused-ignore]
from jsonschema.validators import validator_for  # type: ignore[import-untyped, unused-ignore]
from openapi_schema_validator import OAS31Validator, OAS32Validator

# The registry of the OpenAPI dialects' meta-schemas (their vocabularies), which `check_schema`
# uses; not re-exported by the package (pinned < 0.9 in pyproject.toml).
from openapi_schema_validator._specifications import REGISTRY as OPENAPI_SPECIFICATIONS

from specgen.document.walk import iter_schemas
from specgen.validation.context import Context, Finding, Segments
from specgen.validation.messages import deepest, meta_message, unexpected_keys

# Validators whose failure says the value itself is wrong (not a missing or extra member): the
# repaired document leaves such a value out.
_VALUE_VALIDATORS = frozenset(
    {
        "type",
        "enum",
        "const",
        "format",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "uniqueItems",
        "multipleOf",
        "propertyNames",
    }
)


@functools.cache
def meta_schema(version: str) -> dict[str, Any]:
    """openapi-spec-validator's meta-schema of an OpenAPI version ("3.0", "3.1", "3.2").

    Read from the package's data files without importing the package: its `__init__` imports
    its own validation layer (jsonschema-path, which imports requests), ~50 ms of every run for
    three JSON files. The same dicts as its `schemas.schema_v3x`."""
    found = importlib.util.find_spec("openapi_spec_validator")
    for folder in (found.submodule_search_locations or []) if found else []:
        path = Path(folder) / "resources" / "schemas" / f"v{version}" / "schema.json"
        if path.is_file():
            loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return loaded
    from openapi_spec_validator import schemas  # an installation laid out otherwise

    return dict(getattr(schemas, "schema_v" + version.replace(".", "")))


@functools.cache
def meta_schema_validator(version: str) -> Validator:
    """The meta-schema validator of an OpenAPI version, always with the jsonschema backend."""
    schema = meta_schema(version)
    validator_class: Any = validator_for(schema)
    return validator_class(schema)


@functools.cache
def _meta_schema_screen(version: str) -> Callable[[Any], bool]:
    """A fast "is this document valid?" against the meta-schema (no messages, no formats: like
    the `jsonschema` validator, which checks no formats either). Offline: references are
    internal to the meta-schema."""
    import jsonschema_rs

    schema = meta_schema(version)
    validator = jsonschema_rs.validator_for(schema, validate_formats=False, offline=True)
    return validator.is_valid


def _passes_screen(version: str, document: Any) -> bool:
    try:
        return _meta_schema_screen(version)(document)
    except Exception:  # a value it cannot take (an int beyond 64 bits): jsonschema decides
        return False


def check_meta_schema(context: Context) -> Iterator[Finding]:
    if _passes_screen(context.version, context.document):
        return
    seen: set[tuple[Segments, str]] = set()
    schema_paths = {path for path, _ in iter_schemas(context.document)}
    for error in meta_schema_validator(context.version).iter_errors(context.document):
        best = deepest(error)
        path = tuple(str(part) for part in best.absolute_path)
        if context.is_claimed(path) or _is_typo_duplicate(context, best, path):
            continue
        finding = _classify(context, best, path, _in_schema(path, schema_paths))
        key = (finding.path, finding.message)
        if key not in seen:
            seen.add(key)
            yield finding


def check_schema_dialect(context: Context) -> Iterator[Finding]:
    """OpenAPI 3.1's meta-schema only says "object or boolean" about schemas: check each one
    against its dialect (openapi-schema-validator's `check_schema`, but every problem, not only
    the first one)."""
    if context.is_30:
        return
    validator = _dialect_validator(context.version)
    screen = _dialect_screen(context.version)
    for path, schema in _schema_roots(context.document):
        if "$schema" in schema:
            continue  # another dialect: not ours to judge
        if screen(schema):
            continue  # valid: jsonschema would find nothing
        seen: set[tuple[Segments, str]] = set()
        for error in validator.iter_errors(schema):
            best = deepest(error)
            full = (*path, *(str(part) for part in best.absolute_path))
            if context.is_claimed(full) or _is_typo_duplicate(context, best, full):
                continue
            finding = _classify(context, best, full, in_schema=True)
            if (finding.path, finding.message) not in seen:
                seen.add((finding.path, finding.message))
                yield Finding(finding.rule, finding.path, f"invalid schema: {finding.message}")


@functools.cache
def _dialect_validator(version: str) -> Validator:
    """The validator of a 3.1/3.2 dialect's meta-schema, as `check_schema` builds it."""
    schema_class: Any = OAS32Validator if version == "3.2" else OAS31Validator
    meta_class: Any = validator_for(schema_class.META_SCHEMA, default=schema_class)
    return meta_class(
        schema_class.META_SCHEMA,
        format_checker=schema_class.FORMAT_CHECKER,
        registry=OPENAPI_SPECIFICATIONS,
    )


# Where the dialects' meta-schemas ask for a checked format, the schema keywords whose values (or
# keys) it applies to; the screen checks those itself (`_dialect_screen`).
_FORMAT_PLACES = {
    ("properties", "pattern"): "pattern",
    ("properties", "patternProperties", "propertyNames"): "patternProperties",
}


@functools.cache
def _dialect_screen(version: str) -> Callable[[Any], bool]:
    """A fast "would `_dialect_validator` find nothing in this schema?".

    `jsonschema-rs` validates the structure (no formats); the formats that validator checks
    are asked of its own format checker, at every value it would apply them to. If a version
    of the meta-schemas asks for a checked format anywhere else, the screen passes nothing
    (jsonschema then judges every schema)."""
    import jsonschema_rs

    schema_class: Any = OAS32Validator if version == "3.2" else OAS31Validator
    checker = schema_class.FORMAT_CHECKER
    keywords: dict[str, str] = {}  # schema keyword -> the format its values (or keys) must have
    for uri in OPENAPI_SPECIFICATIONS:
        for place, format_name in _checked_formats(OPENAPI_SPECIFICATIONS[uri].contents, checker):
            keyword = _FORMAT_PLACES.get(place[-3:]) or _FORMAT_PLACES.get(place[-2:])
            if keyword is None:
                return lambda schema: False
            keywords[keyword] = format_name
    openapi_resources = [
        (uri, OPENAPI_SPECIFICATIONS[uri].contents)
        for uri in OPENAPI_SPECIFICATIONS
        if uri.startswith("https://spec.openapis.org/")
    ]
    structure = jsonschema_rs.validator_for(
        schema_class.META_SCHEMA,
        registry=jsonschema_rs.Registry(openapi_resources),
        validate_formats=False,
        offline=True,
    )

    def formats_conform(schema: Any) -> bool:
        stack = [schema]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for key, value in node.items():
                    # Every such key, even one that is not a keyword there (a property named
                    # `pattern`): a false alarm only sends the schema to jsonschema.
                    if key in keywords:
                        values = value if key == "patternProperties" else [value]
                        if isinstance(values, dict | list) and not all(
                            checker.conforms(v, keywords[key]) for v in values
                        ):
                            return False
                    stack.append(value)
            elif isinstance(node, list):
                stack.extend(node)
        return True

    def screen(schema: Any) -> bool:
        try:
            return bool(structure.is_valid(schema)) and formats_conform(schema)
        except Exception:  # a value it cannot take (an int beyond 64 bits): jsonschema decides
            return False

    return screen


def _checked_formats(meta: Any, checker: Any) -> Iterator[tuple[tuple[str, ...], str]]:
    """(the path in a meta-schema, the format) of each `format` there that `checker` checks."""
    stack: list[tuple[tuple[str, ...], Any]] = [((), meta)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            found = node.get("format")
            if isinstance(found, str) and found in checker.checkers:
                yield path, found
            stack.extend(((*path, str(k)), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, str(i)), v) for i, v in enumerate(node))


def _classify(context: Context, error: ValidationError, path: Segments, in_schema: bool) -> Finding:
    message = meta_message(error)
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        return Finding("field-not-allowed", path, message)
    if error.validator == "required":
        return Finding("missing-field", path, message)
    member = (
        _invalid_member(context.document, path) if error.validator in _VALUE_VALIDATORS else None
    )
    if member is not None:
        context.defects.invalid_members.add(member)
        message += "; the value is not used"
    return Finding("invalid-schema" if in_schema else "invalid-value", path, message)


def _invalid_member(document: Any, path: Segments) -> Segments | None:
    """The mapping member that holds the invalid value (a list item's list), if there is one."""
    node: Any = document
    member: Segments | None = None
    for depth, token in enumerate(path):
        if isinstance(node, dict):
            if token not in node:
                return member
            member, node = path[: depth + 1], node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return member
    return member


def _in_schema(path: Segments, schema_paths: set[Segments]) -> bool:
    return any(path[:depth] in schema_paths for depth in range(len(path), 0, -1))


def _is_typo_duplicate(context: Context, error: ValidationError, path: Segments) -> bool:
    if error.validator not in ("additionalProperties", "unevaluatedProperties"):
        return False
    extras = unexpected_keys(error)
    return bool(extras) and all((*path, key) in context.typos for key in extras)


def _schema_roots(document: Any) -> Iterator[tuple[Segments, dict[str, Any]]]:
    """Schemas that are not inside another schema."""
    for path, schema in iter_schemas(document):
        if path[-1] == "schema" or (path[:2] == ("components", "schemas") and len(path) == 3):
            yield path, schema
