"""The resolved view of schemas that both sides are compared in.

A `Node` is what a schema *means*, not how it is written:
- `$ref`s are followed (through `specgen.document.refs`), so moving a schema into a component is
  no change;
- `allOf` members are merged into one node: their properties, `required` lists and constraints
  together, so a property moved into an allOf member is not a removal;
- nullability is one flag, however it is written: 3.0's `nullable: true`, 3.1's
  `type: [x, "null"]`, `null` in an enum, or `oneOf`/`anyOf` with a `{type: "null"}` branch (that
  branch is dropped, and a lone remaining branch is merged in, so wrapping a schema as
  `oneOf: [{type: "null"}, X]` reads as "X became nullable");
- 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` become 3.1's numbers.

Nodes are built lazily (properties and subschemas on first use), so recursive schemas are fine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from specgen.document import jsonpointer
from specgen.document.refs import deref
from specgen.document.schema import SUBSCHEMA_KEYS, SUBSCHEMA_LIST_KEYS, SUBSCHEMA_MAP_KEYS, types

LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains")
UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains")
_FLAGS = ("uniqueItems", "deprecated", "readOnly", "writeOnly")
# Keywords that say nothing about which values are valid.
ANNOTATIONS = frozenset(
    {"title", "description", "example", "examples", "$comment", "externalDocs", "xml", "$id"}
    | {"$schema", "$anchor", "$dynamicAnchor", "$defs", "definitions", "summary"}
)
_STRUCTURE = frozenset(
    {*SUBSCHEMA_KEYS, *SUBSCHEMA_LIST_KEYS, *SUBSCHEMA_MAP_KEYS, "$ref", "required", "type"}
    | {"nullable", "properties"}
)
_SCHEMAS_PREFIX = "#/components/schemas/"
MAX_SHAPE_DEPTH = 6

Site = tuple[Any, str]  # a raw schema and its JSON pointer


def as_dict(value: Any) -> dict[str, Any]:
    """A mapping of the document, or {} for anything else."""
    return value if isinstance(value, dict) else {}


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


@dataclass
class _Part:
    """One schema object that takes part in a node (the node itself or an allOf member)."""

    schema: dict[str, Any]
    pointer: str
    branches: dict[str, list[Site]] = field(default_factory=dict)  # oneOf/anyOf, null dropped


class Node:
    """One schema of the resolved view (see the module docstring)."""

    def __init__(self, resolver: Resolver, sites: list[Site]) -> None:
        self.resolver = resolver
        self.sites = sites  # as written ($refs not followed)
        self.parts: list[_Part] = []
        self.never = False  # the `false` schema: nothing is valid
        self.nullable = False
        self.pointer = sites[0][1] if sites else ""
        self.ref = _ref_name(sites[0][0]) if sites else None
        seen: set[str] = set()
        pending = list(sites)
        while pending:
            raw, pointer = pending.pop(0)
            pending[0:0] = self._take(raw, pointer, seen)
        if self.parts:
            self.pointer = self.parts[0].pointer
        self.key = tuple(part.pointer for part in self.parts) or (self.pointer,)
        self.kw: dict[str, Any] = {}
        self.kw_at: dict[str, str] = {}
        self.types: frozenset[str] = frozenset()
        self.required: frozenset[str] = frozenset()
        self._merge()
        self._cache: dict[str, Any] = {}

    # -- building ------------------------------------------------------------------------------
    def _take(self, raw: Any, pointer: str, seen: set[str]) -> list[Site]:
        """Add `raw` (refs followed) as a part; return the sites to merge after it."""
        document = self.resolver.document
        if isinstance(raw, dict) and "$ref" in raw and set(raw) - ANNOTATIONS - {"$ref"}:
            siblings = {k: v for k, v in raw.items() if k != "$ref"}
            return [(siblings, pointer), ({"$ref": raw["$ref"]}, pointer)]
        target = deref(document, raw, pointer)
        node, pointer = target.node, target.pointer
        if node is False:
            self.never = True
        if not isinstance(node, dict) or pointer in seen:
            return []
        seen.add(pointer)
        schema = _normalise(node)
        part = _Part(schema, pointer)
        after: list[Site] = []
        if "null" in types(schema) or (
            isinstance(schema.get("enum"), list) and None in schema["enum"]
        ):
            self.nullable = True
        for key in ("oneOf", "anyOf"):
            branches = schema.get(key)
            if not isinstance(branches, list):
                continue
            sites = [(b, jsonpointer.append(pointer, key, i)) for i, b in enumerate(branches)]
            kept = [s for s in sites if not self.resolver.null_only(*s)]
            if len(kept) < len(sites):
                self.nullable = True
                if len(kept) == 1 and len(sites) == 2:
                    after.append(kept[0])
                    continue
            part.branches[key] = kept
        self.parts.append(part)
        members = schema.get("allOf")
        if isinstance(members, list):
            after += [(m, jsonpointer.append(pointer, "allOf", i)) for i, m in enumerate(members)]
        return after

    def _merge(self) -> None:
        kinds: set[str] | None = None
        required: set[str] = set()
        for part in self.parts:
            schema = part.schema
            part_types = {t for t in types(schema) if t != "null"}
            if part_types or "type" in schema:
                kinds = _intersect_types(kinds, part_types) if kinds is not None else part_types
                self.kw_at.setdefault("type", jsonpointer.append(part.pointer, "type"))
            if isinstance(schema.get("required"), list):
                required |= {str(r) for r in schema["required"]}
            for key, value in schema.items():
                if key in _STRUCTURE or key in ANNOTATIONS:
                    continue
                self._merge_keyword(key, value, part.pointer)
        self.types = frozenset(kinds or ())
        self.required = frozenset(required)
        enum = self.kw.get("enum")
        if isinstance(enum, list) and None in enum:
            self.kw["enum"] = [v for v in enum if v is not None]

    def _merge_keyword(self, key: str, value: Any, pointer: str) -> None:
        at = jsonpointer.append(pointer, key)
        if key not in self.kw:
            self.kw[key], self.kw_at[key] = value, at
            return
        current = self.kw[key]
        if (key in LOWER and _number(value) and _number(current) and value > current) or (
            key in UPPER and _number(value) and _number(current) and value < current
        ):
            self.kw[key], self.kw_at[key] = value, at
        elif key in _FLAGS and value is True:
            self.kw[key], self.kw_at[key] = True, at
        elif key == "enum" and isinstance(value, list) and isinstance(current, list):
            allowed = {canonical(v) for v in value}
            self.kw[key] = [v for v in current if canonical(v) in allowed]

    # -- reading -------------------------------------------------------------------------------
    def get(self, key: str) -> Any:
        return self.kw.get(key)

    def at(self, key: str) -> str:
        """Where `key` was written (the node itself when it was not)."""
        return self.kw_at.get(key, self.pointer)

    def flag(self, key: str) -> bool:
        return self.kw.get(key) is True

    @property
    def title(self) -> str | None:
        for part in self.parts:
            if isinstance(part.schema.get("title"), str):
                return str(part.schema["title"])
        return None

    def _cached(self, name: str, build: Any) -> Any:
        if name not in self._cache:
            self._cache[name] = build()
        return self._cache[name]

    def properties(self) -> dict[str, Node]:
        def build() -> dict[str, Node]:
            groups: dict[str, list[Site]] = {}
            for part in self.parts:
                props = part.schema.get("properties")
                if isinstance(props, dict):
                    for name, sub in props.items():
                        site = (sub, jsonpointer.append(part.pointer, "properties", name))
                        groups.setdefault(str(name), []).append(site)
            return {name: self.resolver.merged(sites) for name, sites in groups.items()}

        result: dict[str, Node] = self._cached("properties", build)
        return result

    def sub(self, key: str) -> Node | None:
        """The merged subschema under `key` (items, not, contains, if, ...); None when absent."""

        def build() -> Node | None:
            sites = [
                (part.schema[key], jsonpointer.append(part.pointer, key))
                for part in self.parts
                if isinstance(part.schema.get(key), dict | bool)
            ]
            return self.resolver.merged(sites) if sites else None

        result: Node | None = self._cached(f"sub:{key}", build)
        return result

    def additional(self) -> tuple[str, Node | None]:
        """additionalProperties as ("open" | "schema" | "closed", its node)."""
        values = [
            (part.schema["additionalProperties"], part.pointer)
            for part in self.parts
            if "additionalProperties" in part.schema
        ]
        if any(value is False for value, _ in values):
            return "closed", None
        schemas = [
            (value, jsonpointer.append(pointer, "additionalProperties"))
            for value, pointer in values
            if isinstance(value, dict) and value
        ]
        if schemas:
            return "schema", self.resolver.merged(schemas)
        return "open", None

    def has(self, key: str) -> bool:
        return any(key in part.schema for part in self.parts)

    def site(self, key: str) -> str:
        """The pointer of the first part that writes `key`."""
        for part in self.parts:
            if key in part.schema:
                return jsonpointer.append(part.pointer, key)
        return self.pointer

    def schema_list(self, key: str) -> list[Node]:
        """prefixItems, or the oneOf/anyOf branches (null branches dropped)."""

        def build() -> list[Node]:
            for part in self.parts:
                if key in part.branches:
                    return [self.resolver.node(*site) for site in part.branches[key]]
                value = part.schema.get(key)
                if key not in ("oneOf", "anyOf") and isinstance(value, list):
                    return [
                        self.resolver.node(v, jsonpointer.append(part.pointer, key, i))
                        for i, v in enumerate(value)
                    ]
            return []

        result: list[Node] = self._cached(f"list:{key}", build)
        return result

    def schema_map(self, key: str) -> dict[str, Node]:
        """patternProperties or dependentSchemas, merged over the parts."""

        def build() -> dict[str, Node]:
            groups: dict[str, list[Site]] = {}
            for part in self.parts:
                value = part.schema.get(key)
                if isinstance(value, dict):
                    for name, sub in value.items():
                        site = (sub, jsonpointer.append(part.pointer, key, name))
                        groups.setdefault(str(name), []).append(site)
            return {name: self.resolver.merged(sites) for name, sites in groups.items()}

        result: dict[str, Node] = self._cached(f"map:{key}", build)
        return result

    def shape(self, depth: int = 0) -> str:
        """A canonical text of what the node accepts (annotations left out), for matching."""
        if depth > MAX_SHAPE_DEPTH:
            return "..."
        parts = {
            "kw": self.kw,
            "types": sorted(self.types),
            "nullable": self.nullable,
            "never": self.never,
            "required": sorted(self.required),
            "properties": {n: p.shape(depth + 1) for n, p in sorted(self.properties().items())},
            "subs": {
                k: s.shape(depth + 1)
                for k in SUBSCHEMA_KEYS
                if k != "additionalProperties" and (s := self.sub(k)) is not None
            },
            "additional": self.additional()[0],
            "lists": {
                k: [n.shape(depth + 1) for n in self.schema_list(k)]
                for k in ("oneOf", "anyOf", "prefixItems")
            },
        }
        return canonical(parts)


class Resolver:
    """Builds the nodes of one document, each once."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self._nodes: dict[tuple[str, ...], Node] = {}

    def node(self, raw: Any, pointer: str) -> Node:
        return self.merged([(raw, pointer)])

    def at(self, pointer: str) -> Node:
        """The node of the schema at `pointer` ({} when there is none)."""
        try:
            raw = jsonpointer.resolve(self.document, pointer)
        except KeyError:
            raw = {}
        return self.node(raw, pointer)

    def merged(self, sites: list[Site]) -> Node:
        key = tuple(pointer for _, pointer in sites)
        if key not in self._nodes:
            self._nodes[key] = Node(self, sites)
        return self._nodes[key]

    def null_only(self, raw: Any, pointer: str) -> bool:
        """Whether a schema admits null and nothing else (`{type: "null"}`, `{enum: [null]}`)."""
        schema = deref(self.document, raw, pointer).node
        if not isinstance(schema, dict):
            return False
        kinds = types(schema)
        if kinds == ["null"]:
            return True
        if "const" in schema and schema["const"] is None:
            return True
        enum = schema.get("enum")
        return isinstance(enum, list) and bool(enum) and all(v is None for v in enum)


def _normalise(schema: dict[str, Any]) -> dict[str, Any]:
    """3.0's boolean exclusive bounds as 3.1's numbers."""
    result = schema
    for flag, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = result.get(flag)
        if isinstance(value, bool):
            result = dict(result)
            del result[flag]
            if value and _number(result.get(bound)):
                result[flag] = result.pop(bound)
    return result


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _intersect_types(current: set[str], new: set[str]) -> set[str]:
    if not new:
        return current
    if not current:
        return new
    result = current & new
    if ("integer" in current and "number" in new) or ("number" in current and "integer" in new):
        result.add("integer")
    return result


def _ref_name(raw: Any) -> str | None:
    ref = raw.get("$ref") if isinstance(raw, dict) else None
    if isinstance(ref, str) and ref.startswith(_SCHEMAS_PREFIX):
        return jsonpointer.unescape(ref[len(_SCHEMAS_PREFIX) :])
    return None
