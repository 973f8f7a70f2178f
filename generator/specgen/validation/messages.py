"""Turning jsonschema's errors into short messages a person can act on."""

from __future__ import annotations

import json
import re
from typing import Any

from jsonschema.exceptions import (  # type: ignore[import-untyped, unused-ignore]
    ValidationError,
    best_match,
)

MAX_MESSAGE = 200


def shorten(text: str, limit: int = MAX_MESSAGE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def short_repr(value: Any, limit: int = 60) -> str:
    return shorten(repr(value), limit)


def as_json(value: Any) -> str:
    """A value as the spec's author wrote it (JSON spelling: true, null), kept short."""
    try:
        return shorten(json.dumps(value), 60)
    except (TypeError, ValueError):
        return short_repr(value)


def deepest(error: ValidationError) -> ValidationError:
    """The most specific error: `anyOf`/`oneOf` failures descend into their best branch."""
    while error.context:
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            branch = sub.relative_schema_path[0] if sub.relative_schema_path else None
            branches.setdefault(branch, []).append(sub)
        # A Reference Object branch fails on "'$ref' is required" for every non-reference:
        # the other branch says what is really wrong.
        candidates = [errors for errors in branches.values() if not _is_missing_ref(errors)]
        if len(candidates) != 1:
            best = best_match([error])
            return best if best is not None else error
        error = best_match(candidates[0]) or candidates[0][0]
    return error


def _is_missing_ref(errors: list[ValidationError]) -> bool:
    return any(
        error.validator == "required" and "$ref" in (error.validator_value or ())
        for error in errors
    )


def most_telling(errors: list[ValidationError]) -> ValidationError:
    # OAS30Validator reports null twice ("None for not nullable", "None is not of type ...").
    plain = [error for error in errors if error.message != "None for not nullable"]
    return plain[0] if plain else errors[0]


def value_message(error: ValidationError) -> str:
    if error.message == "None for not nullable":
        return "null is not allowed (the schema is not nullable)"
    if error.validator == "type":
        expected = error.validator_value
        names = expected if isinstance(expected, list) else [expected]
        return f"{as_json(error.instance)} is not of type {' or '.join(repr(n) for n in names)}"
    if error.validator == "oneOf" and not error.context:
        return f"{as_json(error.instance)} matches more than one oneOf alternative"
    if error.validator in ("oneOf", "anyOf"):
        return f"{as_json(error.instance)} matches none of the {error.validator} alternatives"
    return str(error.message)


def meta_message(error: ValidationError) -> str:
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        extras = unexpected_keys(error)
        if extras:
            listed = ", ".join(repr(key) for key in extras)
            noun = "field" if len(extras) == 1 else "fields"
            return f"unknown {noun} {listed} (not allowed here)"
    if error.validator == "required" and isinstance(error.validator_value, list):
        missing = missing_fields(error)
        if missing:
            return shorten(f"missing required field {', '.join(repr(k) for k in missing)}")
    if error.validator in ("oneOf", "anyOf"):
        # e.g. OpenAPI 3.1's root: anyOf required paths / components / webhooks.
        if error.context and all(sub.validator == "required" for sub in error.context):
            names = ", ".join(repr(n) for sub in error.context for n in sub.validator_value)
            return f"needs at least one of the fields {names}"
        return value_message(error).replace(" alternative", " allowed form")
    if error.validator == "type":
        return value_message(error)
    if error.validator == "not":
        return "not allowed here: the OpenAPI meta-schema forbids this combination"
    if error.validator == "const":
        return f"must be {as_json(error.validator_value)}, not {as_json(error.instance)}"
    if error.validator == "enum" and isinstance(error.validator_value, list):
        allowed = ", ".join(as_json(value) for value in error.validator_value)
        return shorten(f"must be one of {allowed}; not {as_json(error.instance)}")
    return shorten(error.message)


def missing_fields(error: ValidationError) -> list[str]:
    return [
        key
        for key in error.validator_value or ()
        if isinstance(error.instance, dict) and key not in error.instance
    ]


def unexpected_keys(error: ValidationError) -> list[str]:
    instance = error.instance
    if not isinstance(instance, dict):
        return []
    if error.validator == "unevaluatedProperties":
        match = re.search(r"\((.*) (?:was|were) unexpected\)", error.message)
        return re.findall(r"'((?:[^'\\]|\\.)*)'", match.group(1)) if match else []
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    return [
        key
        for key in instance
        if key not in known and not any(re.search(pattern, key) for pattern in patterns)
    ]
