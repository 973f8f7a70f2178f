# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/testing/schemas.py, the same for every API.
# SPDX-License-Identifier: MIT
"""Walking the spec's schemas: their alternatives, types and property schemas.

Validation and values are not done here (see `spec` and `values`): these helpers only answer
questions such as "which JSON types may this be", "what is the schema of property `x`" or "is this
a date-time", looking through `$ref`, `allOf`, `anyOf` and `oneOf`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .spec import Spec

__all__ = [
    "alternatives",
    "is_binary",
    "is_date_time",
    "kinds",
    "property_names",
    "required_names",
    "string_formats",
    "sub_schema",
    "types",
]

_ALL_TYPES = ["object", "array", "string", "number", "boolean", "null"]


def types(schema: Mapping[str, Any]) -> list[str]:
    """The JSON types a plain schema (no combinators) admits, `nullable` included."""
    declared = schema.get("type")
    if isinstance(declared, str):
        found = [declared]
    elif isinstance(declared, list):
        found = [str(t) for t in declared]
    elif "properties" in schema or "additionalProperties" in schema or "required" in schema:
        found = ["object"]
    elif "items" in schema:
        found = ["array"]
    elif "enum" in schema or "const" in schema:
        values = list(schema.get("enum") or []) + ([schema["const"]] if "const" in schema else [])
        found = sorted({_json_type(v) for v in values})
    else:
        found = list(_ALL_TYPES)
    if "integer" in found and "number" not in found:
        found.append("number")
    if schema.get("nullable") is True and "null" not in found:
        found.append("null")
    return found


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """A shallow merge of two schemas (for allOf, and anyOf/oneOf members with siblings)."""
    merged = dict(base)
    for key, value in extra.items():
        if key == "properties":
            merged["properties"] = {**merged.get("properties", {}), **value}
        elif key == "required":
            merged["required"] = [*merged.get("required", []), *value]
        elif key not in merged or key not in ("type", "description"):
            merged[key] = value
    return merged


def alternatives(spec: Spec, schema: Any, refs: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The alternatives of a schema with $ref, allOf, anyOf and oneOf merged into plain schemas.

    Empty when the schema can never hold a value (false, or a reference cycle).
    """
    if schema is True or schema == {}:
        return [{}]
    if not isinstance(schema, dict):
        return []
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if ref in refs:
            return []
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        target = alternatives(spec, spec.deref(schema), (*refs, ref))
        return [_merge(t, siblings) for t in target]
    base = {k: v for k, v in schema.items() if k not in ("allOf", "anyOf", "oneOf")}
    found = [base]
    for member in schema.get("allOf") or []:
        options = alternatives(spec, member, refs)
        if not options:
            return []
        found = [_merge(a, o) for a in found for o in options]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            members = [m for member in schema[key] for m in alternatives(spec, member, refs)]
            found = [_merge(a, m) for a in found for m in members]
    return found


def kinds(spec: Spec, schema: Any) -> set[str]:
    """Every JSON type some alternative of the schema admits."""
    return {kind for alt in alternatives(spec, schema) or [{}] for kind in types(alt)}


def sub_schema(spec: Spec, schema: Any, key: str | int) -> Any:
    """The schema of a property (str) or item (int), through every alternative of `schema`."""
    members = []
    for alt in alternatives(spec, schema):
        if isinstance(key, int):
            members.append(alt.get("items", {}))
        elif key in (alt.get("properties") or {}):
            members.append(alt["properties"][key])
        elif isinstance(alt.get("additionalProperties"), dict):
            members.append(alt["additionalProperties"])
    if len(members) > 1:
        return {"anyOf": members}
    return members[0] if members else {}


def property_names(spec: Spec, schema: Any) -> set[str]:
    """The properties some alternative of an object schema documents."""
    return {name for alt in alternatives(spec, schema) for name in alt.get("properties") or {}}


def required_names(spec: Spec, schema: Any) -> set[str]:
    """The properties some alternative of an object schema requires."""
    return {name for alt in alternatives(spec, schema) for name in alt.get("required") or []}


def string_formats(spec: Spec, schema: Any) -> set[str]:
    """The `format`s of the schema's alternatives."""
    return {str(alt["format"]) for alt in alternatives(spec, schema) if "format" in alt}


def is_date_time(spec: Spec, schema: Any) -> bool:
    return "date-time" in string_formats(spec, schema)


def is_binary(spec: Spec, schema: Any) -> bool:
    """A string of bytes: `format: binary` (3.0) or `contentEncoding`/`contentMediaType` (3.1)."""
    return any(
        alt.get("format") == "binary" or "contentEncoding" in alt or "contentMediaType" in alt
        for alt in alternatives(spec, schema)
    )
