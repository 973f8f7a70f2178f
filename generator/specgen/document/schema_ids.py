"""`$ref`s by `$id` and `$anchor` (JSON Schema 2020-12, so OpenAPI 3.1+), made JSON pointers.

A schema may name itself by `$id` (a URI) or `$anchor` (`#name`), and a `$ref` may use that name
instead of a JSON pointer. Every later stage follows JSON pointers only, and
datamodel-code-generator would fetch an `$id` URL over the network, so the loader rewrites each
such `$ref` to the pointer of the schema it names (`localize`), and then drops the `$id`s: left in
place, they would make the pointer `$ref`s inside a schema resolve against its URI, as JSON Schema
says (and `referencing`, in the contract tests, does), not against the document.

A pointer `$ref` (`#/...`) inside a schema with an `$id` is read against the document first, as
OpenAPI tools do (the Swagger Petstore writes `#/components/schemas/Tag` inside schemas with
`$id`s), and against its own schema only when the document has no such node.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urljoin

from specgen.document import jsonpointer
from specgen.document.openapi import is_extension, uri_fragment
from specgen.document.walk import Segments, iter_refs, iter_schemas

ANCHOR_KEYWORDS = ("$anchor", "$dynamicAnchor")  # `$dynamicAnchor` is a plain anchor too


@dataclass(slots=True)
class SchemaNames:
    """The `$id`s and anchors declared by a document's schemas, and where those schemas are."""

    resources: dict[Segments, str] = field(default_factory=dict)  # schema path → absolute $id
    ids: dict[str, Segments] = field(default_factory=dict)  # absolute $id → schema path
    # (absolute $id of the enclosing resource, "" for the document; anchor name) → schema path
    anchors: dict[tuple[str, str], Segments] = field(default_factory=dict)
    anchors_by_name: dict[str, list[Segments]] = field(default_factory=dict)

    def base_of(self, path: Segments) -> tuple[str, Segments | None]:
        """The base URI at `path` and the path of the schema that sets it (None: the document)."""
        for depth in range(len(path), 0, -1):
            uri = self.resources.get(path[:depth])
            if uri is not None:
                return uri, path[:depth]
        return "", None

    def resolve(self, document: Any, holder: Segments, ref: str) -> Segments | None:
        """Where the `$ref` held by the object at `holder` points (None: nowhere known)."""
        base, resource = self.base_of(holder)
        if ref.startswith("#"):
            return self._local(document, ref[1:], base, resource)
        uri, _, fragment = urljoin(base, ref).partition("#")
        target = self.ids.get(uri)
        if target is None:
            return None
        return self._in_resource(document, target, uri, fragment)

    def _local(
        self, document: Any, fragment: str, base: str, resource: Segments | None
    ) -> Segments | None:
        if fragment.startswith("/") or not fragment:
            if _exists(document, (), fragment) is not None or resource is None:
                return None  # a document pointer: nothing to rewrite (or validation's to report)
            return _exists(document, resource, fragment)
        anchor = unquote(fragment)
        found = self.anchors.get((base, anchor))
        if found is None:
            # The document's own anchors are not resources' ones, but a name declared just
            # once is unambiguous, and OpenAPI tools accept it from anywhere.
            candidates = self.anchors_by_name.get(anchor, [])
            found = candidates[0] if len(candidates) == 1 else None
        return found

    def _in_resource(
        self, document: Any, target: Segments, uri: str, fragment: str
    ) -> Segments | None:
        if not fragment or fragment.startswith("/"):
            return _exists(document, target, fragment)
        return self.anchors.get((uri, unquote(fragment)))


def schema_names(document: Any) -> SchemaNames:
    """The `$id`s and anchors of the document's schemas (outside example data and extensions)."""
    names = SchemaNames()
    declared = [(path, schema) for path, schema in iter_schemas(document)]
    declared.sort(key=lambda item: len(item[0]))  # enclosing resources before what they hold
    for path, schema in declared:
        schema_id = schema.get("$id")
        if isinstance(schema_id, str) and not is_extension(path):
            base, _ = names.base_of(path[:-1])
            uri = urljoin(base, schema_id).partition("#")[0]
            names.resources[path] = uri
            names.ids.setdefault(uri, path)
    for path, schema in declared:
        if is_extension(path):
            continue
        base, _ = names.base_of(path)
        for keyword in ANCHOR_KEYWORDS:
            anchor = schema.get(keyword)
            if isinstance(anchor, str) and names.anchors.setdefault((base, anchor), path) == path:
                names.anchors_by_name.setdefault(anchor, []).append(path)
    return names


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A `$ref` by `$id` that cannot be followed, and why."""

    path: Segments  # of the `$ref` member
    ref: str
    reason: str


def localize(document: dict[str, Any]) -> list[Unresolved]:
    """Rewrite `$id`/`$anchor` `$ref`s to JSON pointers and drop `$id`s (in place, 3.1+ only).

    Returns the `$ref`s by `$id` that cannot be followed (and that the bundler left to this);
    other broken ones (a URL no schema declares, an anchor nobody declares) are left as they
    are: the bundler and validation report them.
    """
    if is_30(document):
        return []
    names = schema_names(document)
    if not names.ids and not names.anchors:
        return []
    unresolved: list[Unresolved] = []
    for holder, ref in list(iter_refs(document)):
        if not isinstance(ref, str) or is_extension(holder):
            continue
        if ref.startswith("#/") and not names.resources:
            continue  # without an `$id`, a pointer is the document's
        target = names.resolve(document, holder, ref)
        if target is not None:
            _node(document, holder)["$ref"] = "#" + uri_fragment(jsonpointer.join(*target))
        elif not ref.startswith("#"):
            reason = _why_unresolved(names, holder, ref)
            if reason is not None:
                unresolved.append(Unresolved((*holder, "$ref"), ref, reason))
    for path in names.resources:
        node = _node(document, path)
        if isinstance(node, dict):
            node.pop("$id", None)
    return unresolved


def _why_unresolved(names: SchemaNames, holder: Segments, ref: str) -> str | None:
    """Why a `$ref` by `$id` does not resolve; None when it is not one (the bundler's)."""
    base, _ = names.base_of(holder)
    if urljoin(base, ref).partition("#")[0] in names.ids:
        return "the schema with that $id has no such anchor or pointer"
    uri = ref.partition("#")[0]
    if any(urljoin(other, uri) in names.ids for other in names.ids):
        # The bundler left it for us: no such file, but relative to some `$id`, not this one's.
        return "it is neither a file nor relative to the $id of a schema around it"
    return None


def is_30(document: Any) -> bool:
    """OpenAPI 3.0 (or older): its schemas have no `$id` or `$anchor`."""
    version = document.get("openapi") if isinstance(document, dict) else None
    return not isinstance(version, str) or version.startswith(("2.", "3.0"))


def _node(document: Any, path: Segments) -> Any:
    node = document
    for token in path:
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def _exists(document: Any, base: Segments, fragment: str) -> Segments | None:
    """`base` + the JSON pointer `fragment` when the document has a node there."""
    try:
        segments = (*base, *jsonpointer.split(unquote(fragment)))
        jsonpointer.resolve(document, jsonpointer.join(*segments))
    except (KeyError, ValueError):
        return None
    return segments


def iter_dynamic_refs(document: Any) -> Iterator[tuple[Segments, Any]]:
    """(path of the schema holding it, value) of every `$dynamicRef`."""
    for path, schema in iter_schemas(document):
        if "$dynamicRef" in schema and not is_extension(path):
            yield path, schema["$dynamicRef"]
