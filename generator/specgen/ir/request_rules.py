"""What a request must satisfy beyond its fields' types: object rules and parameter limits.

The generated models and methods carry these so that the runtime refuses a call before sending
it (`RequestModel.__required_any_of__`, `__min_properties__`, `__read_only__`, and the limits
given to `check_parameters`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from specgen.ir.pycode import string_literal


@dataclass(frozen=True, slots=True)
class ObjectRules:
    min_properties: int = 0
    required_any_of: tuple[tuple[str, ...], ...] = ()
    read_only: tuple[str, ...] = ()


def object_rules(schema: Any) -> ObjectRules:
    """The rules of an object schema that its pydantic fields cannot express."""
    if not isinstance(schema, dict):
        return ObjectRules()
    minimum = schema.get("minProperties")
    alternatives: tuple[tuple[str, ...], ...] = ()
    for key in ("anyOf", "oneOf"):
        members = schema.get(key)
        # Only unions whose every member just requires keys: the others are shapes (classes).
        if isinstance(members, list) and members and all(_requires_only(m) for m in members):
            alternatives = tuple(tuple(str(n) for n in m["required"]) for m in members)
    properties = schema.get("properties")
    read_only = tuple(
        str(name)
        for name, sub in (properties.items() if isinstance(properties, dict) else ())
        if isinstance(sub, dict) and sub.get("readOnly") is True
    )
    return ObjectRules(
        min_properties=minimum if isinstance(minimum, int) and not isinstance(minimum, bool) else 0,
        required_any_of=alternatives,
        read_only=read_only,
    )


def _requires_only(member: Any) -> bool:
    return (
        isinstance(member, dict)
        and isinstance(member.get("required"), list)
        and bool(member["required"])
        and set(member) <= {"required", "description", "title"}
    )


# The JSON Schema limits of a parameter, as keys of the runtime's `check_parameters` limits.
_LIMIT_KEYWORDS = (
    ("minimum", "minimum"),
    ("maximum", "maximum"),
    ("exclusiveMinimum", "exclusive_minimum"),
    ("exclusiveMaximum", "exclusive_maximum"),
    ("minLength", "min_length"),
    ("maxLength", "max_length"),
    ("pattern", "pattern"),
)


def parameter_limits(schema: Any) -> tuple[tuple[str, str], ...]:
    """A parameter schema's scalar limits, as (check_parameters key, Python literal)."""
    if not isinstance(schema, dict):
        return ()
    found = []
    for key, keyword in _LIMIT_KEYWORDS:
        value = schema.get(key)
        if key == "pattern" and isinstance(value, str):
            found.append((keyword, string_literal(value)))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            found.append((keyword, repr(value)))
    return tuple(found)


def is_union(schema: Any) -> bool:
    """A oneOf/anyOf of named schemas (a class of its own: `class NewAnimal(RootModel[...])`)."""
    return isinstance(schema, dict) and any(
        isinstance(schema.get(key), list)
        and schema[key]
        and all(isinstance(m, dict) and "$ref" in m for m in schema[key])
        for key in ("oneOf", "anyOf")
    )
