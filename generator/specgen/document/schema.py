"""Small facts about Schema objects, the same for OpenAPI 3.0 and 3.1."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

# Keywords whose value is one subschema / a list of subschemas / a map of subschemas.
SUBSCHEMA_KEYS = (
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
    "contentSchema",
)
SUBSCHEMA_LIST_KEYS = ("allOf", "anyOf", "oneOf", "prefixItems")
SUBSCHEMA_MAP_KEYS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")

Schema = dict[str, Any]


def types(schema: Schema) -> list[str]:
    """The `type` keyword as a list, with 3.0's `nullable: true` read as a "null" member."""
    raw = schema.get("type")
    result = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list) else []
    if schema.get("nullable") is True and "null" not in result:
        result.append("null")
    return result


def is_nullable(schema: Schema, resolve: Callable[[Schema], Schema] | None = None) -> bool:
    """True when the schema admits null (type, nullable, enum, const or an anyOf/oneOf member),
    or the schema its `$ref` points to does (a nullable inline object hoisted into a class of its
    own, DigitalOcean's `stream_options`, is a `$ref` to a nullable schema), or it constrains the
    type not at all (`{default: x}` takes any value, null too).

    3.0's `nullable: true` without a `type` counts as nullable: validators read it as no effect
    (3.0.3), but authors mean null (GitHub's "or `null` to remove"); `nullable-untyped` reports
    it and the contract tests do not judge null there."""
    if "$ref" in schema and resolve is not None:
        target = resolve(schema)
        if target is not schema and isinstance(target, dict) and is_nullable(target, resolve):
            return True
    # An `enum` or `const` that lacks null refuses it whatever the type says (3.0.3: "other
    # constraints ... may disallow the use of null"; DigitalOcean's nullable `reasoning_effort`).
    if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
        return False
    if "const" in schema and schema["const"] is not None:
        return False
    if "null" in types(schema):
        return True
    if "type" in schema:
        # A type without null refuses it, whatever the members say: Zoho's `contact` is an
        # object whose `anyOf: [{required: [lastName]}, {required: [email]}]` members, typeless,
        # would each admit null on their own.
        return False
    if "enum" in schema and None in schema["enum"]:
        return True
    if "const" in schema and schema["const"] is None:
        return True
    for key in ("anyOf", "oneOf"):
        for member in schema.get(key, []) or []:
            if isinstance(member, dict):
                target = member
                if "$ref" in member and resolve is not None:
                    target = resolve(member)
                if is_nullable(target, resolve):
                    return True
    return not any(key in schema for key in _TYPE_CONSTRAINTS)


# Keywords after which null is no longer a matter of course (`properties` and the like apply to
# objects only, and let null through).
_TYPE_CONSTRAINTS = ("type", "enum", "const", "$ref", "allOf", "anyOf", "oneOf", "not")


def is_object_with_properties(schema: Schema) -> bool:
    kinds = types(schema)
    return isinstance(schema.get("properties"), dict) and (not kinds or "object" in kinds)


def is_enum(schema: Schema) -> bool:
    return isinstance(schema.get("enum"), list) and any(v is not None for v in schema["enum"])


def is_composition(schema: Schema) -> bool:
    return any(isinstance(schema.get(k), list) for k in ("allOf", "anyOf", "oneOf"))


def needs_class(schema: Schema) -> bool:
    """Whether datamodel-code-generator makes a class of its own for this schema."""
    return is_object_with_properties(schema) or is_enum(schema) or is_composition(schema)


def subschemas(schema: Schema) -> Iterator[tuple[tuple[str, ...], Schema]]:
    """Direct subschemas with their relative pointer tokens, in document order."""
    for key, value in schema.items():
        if key in SUBSCHEMA_KEYS and isinstance(value, dict):
            yield (key,), value
        elif key in SUBSCHEMA_LIST_KEYS and isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield (key, str(index)), item
        elif key in SUBSCHEMA_MAP_KEYS and isinstance(value, dict):
            for name, item in value.items():
                if isinstance(item, dict):
                    yield (key, name), item
        elif key == "items" and isinstance(value, list):  # draft-4 style tuple items
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield (key, str(index)), item


# Every keyword a Schema Object may hold, per OpenAPI version (for typo hints).
KEYWORDS_30 = frozenset(
    {
        "title",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxProperties",
        "minProperties",
        "required",
        "enum",
        "type",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "items",
        "properties",
        "additionalProperties",
        "description",
        "format",
        "default",
        "nullable",
        "discriminator",
        "readOnly",
        "writeOnly",
        "xml",
        "externalDocs",
        "example",
        "deprecated",
        "$ref",
    }
)

KEYWORDS_31 = (KEYWORDS_30 - {"nullable"}) | frozenset(
    {
        # JSON Schema 2020-12: core, applicator, unevaluated, validation, meta-data, content.
        "$schema",
        "$id",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$vocabulary",
        "$comment",
        "$defs",
        "prefixItems",
        "contains",
        "patternProperties",
        "dependentSchemas",
        "propertyNames",
        "if",
        "then",
        "else",
        "unevaluatedItems",
        "unevaluatedProperties",
        "const",
        "maxContains",
        "minContains",
        "dependentRequired",
        "examples",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        # Older drafts' keywords, still common and not typos.
        "definitions",
        "dependencies",
        "additionalItems",
        "$recursiveRef",
        "$recursiveAnchor",
    }
)
