"""Walking a document's operations and their effective parameters: written once, here.

Validation, IR building and hoisting all visit operations; they do it through `iter_operations`,
and ask `effective_parameters` which parameters apply (operation-level ones override path-item
ones with the same name and location, as OpenAPI says).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from specgen.document import jsonpointer
from specgen.document.openapi import is_extension_key, is_literal
from specgen.document.refs import deref
from specgen.document.schema import SUBSCHEMA_KEYS, SUBSCHEMA_LIST_KEYS, SUBSCHEMA_MAP_KEYS

Segments = tuple[str, ...]  # a JSON pointer, split

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True, slots=True)
class OperationSite:
    """One operation and where it sits."""

    pointer: str  # of the Operation Object, after any path-item `$ref` was followed
    template: str | None  # the URL template, for operations under `paths`; None for webhooks
    method: str  # lower case, as in the document
    operation: dict[str, Any]
    path_item: dict[str, Any]
    path_item_pointer: str


@dataclass(frozen=True, slots=True)
class ParameterSite:
    """One effective parameter of an operation."""

    listed_at: str  # pointer of the entry in a `parameters` list (a shared one may be a `$ref`)
    pointer: str  # pointer of the Parameter Object itself, refs followed
    parameter: dict[str, Any]

    @property
    def key(self) -> tuple[str, str]:
        return str(self.parameter.get("in")), str(self.parameter.get("name"))


def iter_operations(document: Any, *, everywhere: bool = False) -> Iterator[OperationSite]:
    """Operations under `paths`, in document order; with `everywhere`, webhooks and callbacks
    (components' and operations') too."""
    if not isinstance(document, dict):
        return
    roots: list[tuple[str, Any, bool]] = [("/paths", document.get("paths"), True)]
    if everywhere:
        roots.append(("/webhooks", document.get("webhooks"), False))
        callbacks = (document.get("components") or {}).get("callbacks")
        if isinstance(callbacks, dict):
            for name, callback in callbacks.items():
                roots.append((jsonpointer.join("components", "callbacks", name), callback, False))
    while roots:
        base, items, templated = roots.pop(0)
        if not isinstance(items, dict):
            continue
        for key, item in items.items():
            if key.startswith("x-"):
                continue
            target = deref(document, item, jsonpointer.append(base, key))
            path_item = target.node
            if not isinstance(path_item, dict):
                continue
            for method in HTTP_METHODS:
                operation = path_item.get(method)
                if not isinstance(operation, dict):
                    continue
                op_pointer = jsonpointer.append(target.pointer, method)
                yield OperationSite(
                    op_pointer, key if templated else None, method, operation, path_item,
                    target.pointer,
                )  # fmt: skip
                callbacks = operation.get("callbacks") if everywhere else None
                if isinstance(callbacks, dict):
                    for name, callback in callbacks.items():
                        cb = deref(
                            document, callback, jsonpointer.append(op_pointer, "callbacks", name)
                        )
                        roots.append((cb.pointer, cb.node, False))


def listed_parameters(document: Any, owner: Any, owner_pointer: str) -> Iterator[ParameterSite]:
    """The Parameter Objects listed by a path item or operation, refs followed, in order."""
    parameters = owner.get("parameters") if isinstance(owner, dict) else None
    if not isinstance(parameters, list):
        return
    for index, entry in enumerate(parameters):
        listed_at = jsonpointer.append(owner_pointer, "parameters", index)
        target = deref(document, entry, listed_at)
        if isinstance(target.node, dict):
            yield ParameterSite(listed_at, target.pointer, target.node)


def effective_parameters(document: Any, site: OperationSite) -> list[ParameterSite]:
    """Path-item parameters overridden by operation ones with the same name and location."""
    effective: dict[tuple[str, str], ParameterSite] = {}
    for owner, owner_pointer in (
        (site.path_item, site.path_item_pointer),
        (site.operation, site.pointer),
    ):
        for parameter in listed_parameters(document, owner, owner_pointer):
            effective[parameter.key] = parameter
    return list(effective.values())


# -- schemas and refs, for validation (paths as segments, so findings can be located) ---

_SCHEMA_SINGLE = frozenset(SUBSCHEMA_KEYS)
_SCHEMA_MAPS = frozenset(SUBSCHEMA_MAP_KEYS)
_SCHEMA_LISTS = frozenset({*SUBSCHEMA_LIST_KEYS, "items"})  # draft-4 tuple items too


def iter_schemas(document: Any) -> Iterator[tuple[Segments, dict[str, Any]]]:
    """Every Schema Object (as a mapping) in the document, nested ones included."""
    stack: list[tuple[Segments, Any, bool]] = [((), document, False)]
    while stack:
        path, node, in_schema = stack.pop()
        if isinstance(node, list):
            stack.extend(((*path, str(i)), item, False) for i, item in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        if in_schema:
            yield path, node
            stack.extend(_subschemas(path, node))
            continue
        for key, child in node.items():
            child_path = (*path, key)
            if is_literal(child_path, child) or is_extension_key(path, key):
                continue
            if key == "schema" or path == ("components", "schemas"):
                stack.append((child_path, child, True))
            else:
                stack.append((child_path, child, False))


def _subschemas(path: Segments, schema: dict[str, Any]) -> Iterator[tuple[Segments, Any, bool]]:
    for key, child in schema.items():
        if key in _SCHEMA_SINGLE and isinstance(child, dict):
            yield (*path, key), child, True
        elif key in _SCHEMA_MAPS and isinstance(child, dict):
            for name, sub in child.items():
                yield (*path, key, name), sub, True
        elif key in _SCHEMA_LISTS and isinstance(child, list):
            for index, sub in enumerate(child):
                yield (*path, key, str(index)), sub, True


def iter_refs(document: Any) -> Iterator[tuple[Segments, Any]]:
    """(path of the object holding it, value) of every `$ref` outside example/default data."""
    stack: list[tuple[Segments, Any]] = [((), document)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            if "$ref" in node and not isinstance(node["$ref"], dict):
                yield path, node["$ref"]
            for key, child in node.items():
                child_path = (*path, key)
                if isinstance(child, dict | list) and not is_literal(child_path, child):
                    stack.append((child_path, child))
        elif isinstance(node, list):
            stack.extend(((*path, str(i)), item) for i, item in enumerate(node))


def iter_objects(
    document: Any, prune: Callable[[Segments, str], bool] = lambda _path, _key: False
) -> Iterator[tuple[Segments, dict[str, Any]]]:
    """(path, object) of every object of the document, depth first, outside example and
    default data and other tools' extensions; `prune(child path, key)` leaves a child's subtree
    out (such as the insides of schemas, for rules about OpenAPI's own objects)."""
    stack: list[tuple[Segments, Any]] = [((), document)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, list):
            stack.extend(((*path, str(i)), item) for i, item in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        yield path, node
        for key, child in node.items():
            child_path = (*path, str(key))
            if not isinstance(child, dict | list) or is_extension_key(path, str(key)):
                continue
            if not is_literal(child_path, child) and not prune(child_path, str(key)):
                stack.append((child_path, child))
