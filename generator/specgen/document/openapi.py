"""Where things sit in an OpenAPI document: facts the loader and the validator both need."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from specgen.document.schema import SUBSCHEMA_MAP_KEYS

COMPONENT_KINDS = (
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
)

# Keys whose members are schemas ("schemas" of components, "schema" of parameters and media).
SCHEMA_MAPS = frozenset({*SUBSCHEMA_MAP_KEYS, "schemas"})
# Keys whose members are names chosen by the author, never keywords.
NAME_MAPS = SCHEMA_MAPS | frozenset(
    {
        "headers",
        "content",
        "examples",
        "links",
        "callbacks",
        "encoding",
        "responses",
        "parameters",
        "requestBodies",
        "securitySchemes",
        "pathItems",
        "webhooks",
        "variables",
        "mapping",
        "scopes",
    }
)
# Keys whose values are data, not OpenAPI objects: a `$ref` in them is just data.
LITERAL_KEYS = frozenset({"example", "default", "enum", "const"})


def is_literal(path: Sequence[str], value: Any) -> bool:
    """Whether the value at ``path`` (ending in its key) is example/default data."""
    if len(path) >= 2 and path[-2] in NAME_MAPS:
        return False
    key = path[-1] if path else ""
    if key in LITERAL_KEYS:
        return True
    if key == "examples" and isinstance(value, list):
        return True  # JSON Schema `examples`; the OpenAPI one is a map of Example Objects
    return key == "value" and len(path) >= 3 and path[-3] == "examples"


def is_extension(path: Sequence[str]) -> bool:
    """Whether ``path`` runs through a specification extension (`x-...` keyword)."""
    return any(
        _is_extension_member(path[index - 1] if index else None, key)
        for index, key in enumerate(path)
    )


def is_extension_key(path: Sequence[str], key: str) -> bool:
    """Whether ``key``, a member of the node at ``path``, is an `x-` extension, not a name."""
    return _is_extension_member(path[-1] if path else None, key)


def _is_extension_member(parent: str | None, key: str) -> bool:
    # In a map of names (`properties`, `responses`, ...) `x-foo` is just a name.
    return key.startswith("x-") and parent not in NAME_MAPS


def uri_fragment(pointer: str) -> str:
    """A JSON pointer as a URI fragment: `#/paths/~1pets~1{id}` (readable, yet unquotes back)."""
    return quote(pointer, safe="/~!$&'()*+,;=:@{}[]")
