"""Bundling: one document from many files, as `redocly bundle` makes it.

Every `$ref` to another file becomes an internal one (schemas and other files' components are
hoisted into ``components``) or an inlined copy of its target. The origin map records where each
hoisted or inlined node was written, for the source map.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin

from specgen.diagnostics import Diagnostic
from specgen.document import jsonpointer, schema_ids
from specgen.document.jsondata import copy_json
from specgen.document.openapi import (
    COMPONENT_KINDS,
    NAME_MAPS,
    SCHEMA_MAPS,
    is_extension_key,
    is_literal,
    uri_fragment,
)
from specgen.document.schema import SUBSCHEMA_KEYS, SUBSCHEMA_LIST_KEYS
from specgen.load.sourcemap import Origin
from specgen.load.sources import Files, Source, SourceError

_SCHEMA_LISTS = frozenset(SUBSCHEMA_LIST_KEYS)
_SCHEMA_SLOTS = frozenset({"schema", *SUBSCHEMA_KEYS})


def _is_schema_position(path: Sequence[str]) -> bool:
    if not path:
        return False
    key = path[-1]
    parent = path[-2] if len(path) >= 2 else ""
    if parent in SCHEMA_MAPS:
        return True
    if parent in _SCHEMA_LISTS and key.isdigit():
        return True
    return key in _SCHEMA_SLOTS and parent not in NAME_MAPS


_FILE_SUFFIX = re.compile(r"\.(ya?ml|json)$", re.IGNORECASE)
_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(slots=True)
class _Context:
    """Where the walk reads from: output ``path[base_depth:]`` is below ``base`` in ``source``."""

    source: Source
    base: list[str]
    base_depth: int
    # Inside example/default data: only file references are resolved there (inlined), because
    # multi-file specs do write `example: {$ref: examples.yml#/x}`.
    literal: bool = False

    def as_literal(self) -> _Context:
        return _Context(self.source, self.base, self.base_depth, literal=True)

    def segments(self, path: Sequence[str]) -> list[str]:
        return self.base + list(path[self.base_depth :])


class Bundler:
    def __init__(self, root: Source, files: Files) -> None:
        self.root = root
        self.files = files
        self.origins: dict[str, Origin] = {}
        self.diagnostics: list[Diagnostic] = []
        self._hoisted: dict[tuple[Path, str], str] = {}
        self._new_components: dict[str, dict[str, Any]] = {}
        self._taken: dict[str, set[str]] = {kind: set() for kind in COMPONENT_KINDS}
        self._inlining: set[tuple[Path, str]] = set()
        self._schema_ids: dict[Path, set[str]] = {}
        self._resolved_paths: dict[tuple[Path, str], Path] = {}

    def bundle(self) -> dict[str, Any]:
        document = self.root.data
        if not self.root.has_file_refs:
            return document  # type: ignore[no-any-return]
        components = document.get("components")
        if isinstance(components, dict):
            for kind in COMPONENT_KINDS:
                if isinstance(components.get(kind), dict):
                    self._taken[kind].update(components[kind])
        result: dict[str, Any] = self._walk(document, _Context(self.root, [], 0), [])
        if self._new_components:
            merged = result.setdefault("components", {})
            if not isinstance(merged, dict):
                return result
            for kind, entries in self._new_components.items():
                target = merged.setdefault(kind, {})
                if isinstance(target, dict):
                    target.update(entries)
        return result

    def _walk(self, value: Any, context: _Context, path: list[str]) -> Any:
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and self._is_bundled(ref, context):
                return self._resolve(value, ref, context, path)
            result: dict[str, Any] = {}
            for key, child in value.items():
                path.append(key)
                result[key] = self._walk_member(child, context, path)
                path.pop()
            return result
        if isinstance(value, list):
            items: list[Any] = []
            for index, child in enumerate(value):
                path.append(str(index))
                items.append(self._walk(child, context, path))
                path.pop()
            return items
        return value

    def _walk_member(self, value: Any, context: _Context, path: list[str]) -> Any:
        if is_extension_key(path[:-1], path[-1]):
            # Extensions are data for other tools: a `$ref` in one is not ours to follow (they
            # name files such as Markdown pages that need not exist here).
            return copy_json(value)
        if context.literal:
            return self._walk(value, context, path)
        if is_literal(path, value):
            return self._walk(value, context.as_literal(), path)
        if path[-1] == "mapping" and path[-2:-1] == ["discriminator"]:
            return self._mapping(value, context, path)
        return self._walk(value, context, path)

    def _is_bundled(self, ref: str, context: _Context) -> bool:
        """Whether a `$ref` must be rewritten: it names another file (or, in another file, any)."""
        if not ref.startswith("#"):
            return True
        return context.source is not self.root and not context.literal

    def _mapping(self, mapping: Any, context: _Context, path: list[str]) -> Any:
        """Discriminator mappings name schemas by reference too: `cat: ./cat.yaml`."""
        if not isinstance(mapping, dict):
            return copy_json(mapping)
        result: dict[str, Any] = {}
        for name, ref in mapping.items():
            result[name] = ref
            if self._is_mapping_ref(ref, context):
                path.append(name)
                resolved = self._resolve({"$ref": ref}, ref, context, path, schema=True)
                path.pop()
                result[name] = resolved.get("$ref", ref) if isinstance(resolved, dict) else ref
        return result

    def _is_mapping_ref(self, ref: Any, context: _Context) -> bool:
        if not isinstance(ref, str):
            return False
        if ref.startswith("#"):
            return context.source is not self.root
        # A bare name (`Cat`) names a schema directly; anything path-like is a reference.
        return "/" in ref or "#" in ref or _FILE_SUFFIX.search(ref) is not None

    def _resolve(
        self,
        node: dict[str, Any],
        ref: str,
        context: _Context,
        path: list[str],
        *,
        schema: bool = False,
    ) -> Any:
        file_part, _, fragment = ref.partition("#")
        source = context.source
        if file_part and self._is_schema_id(source, file_part):
            return self._keep(node, context, path)  # a JSON Schema `$id`, not a file
        if _REMOTE.match(file_part):
            if context.literal:
                return self._keep(node, context, path)  # data such as SCIM's `$ref` URLs
            scheme = file_part.split(":", 1)[0].lower()
            if scheme in ("http", "https"):
                reason = "remote $ref is not fetched (no network access while generating)"
            else:
                reason = f"{scheme}: $ref is not supported"
            return self._fail(node, ref, reason, context, path)
        target_path = self._file_path(source, file_part) if file_part else source.path
        pointer = unquote(fragment)
        if pointer and not pointer.startswith("/"):
            return self._fail(node, ref, "anchors in other files are not supported", context, path)
        if target_path == self.root.path:
            internal = dict(self._keep(node, context, path))
            internal["$ref"] = "#" + uri_fragment(pointer)
            return internal
        try:
            target = self.files.load(target_path)
        except SourceError as exc:
            if self._may_be_relative_id(source, file_part):
                return self._keep(node, context, path)
            return self._fail(node, ref, exc.message, context, path)
        segments = jsonpointer.split(pointer)
        try:
            content = jsonpointer.resolve(target.data, pointer)
        except KeyError:
            reason = f"{target.display} has no {pointer or '/'}"
            return self._fail(node, ref, reason, context, path)
        if context.literal:
            return self._inline(node, ref, target, segments, content, context, path)
        kind = _component_kind(segments)
        if kind is None and (
            schema
            or _is_schema_position(path)
            or (len(segments) >= 2 and segments[-2] in SCHEMA_MAPS)
        ):
            kind = "schemas"
        if kind is not None:
            internal_ref = self._hoist(kind, target, segments, content)
            result = self._siblings(node, context, path)
            result["$ref"] = internal_ref
            return result
        return self._inline(node, ref, target, segments, content, context, path)

    def _file_path(self, source: Source, file_part: str) -> Path:
        # Resolving touches the disk for every path component: do it once per spelling.
        key = (source.path.parent, file_part)
        path = self._resolved_paths.get(key)
        if path is None:
            path = (source.path.parent / unquote(file_part)).resolve()
            self._resolved_paths[key] = path
        return path

    def _hoist(self, kind: str, target: Source, segments: list[str], content: Any) -> str:
        key = (target.path, jsonpointer.join(*segments))
        internal_ref = self._hoisted.get(key)
        if internal_ref is not None:
            return internal_ref
        name = self._unique_name(kind, segments[-1] if segments else Path(target.display).stem)
        out_path = ["components", kind, name]
        out_pointer = jsonpointer.join(*out_path)
        internal_ref = "#" + out_pointer
        # Registered before the walk, so that a cycle back to this target ends here.
        self._hoisted[key] = internal_ref
        self.origins[out_pointer] = Origin(target, key[1])
        walked = self._walk(content, _Context(target, list(segments), len(out_path)), out_path)
        self._new_components.setdefault(kind, {})[name] = walked
        return internal_ref

    def _unique_name(self, kind: str, wanted: str) -> str:
        base = re.sub(r"[^A-Za-z0-9._-]", "_", wanted) or "Component"
        taken = self._taken[kind]
        name, number = base, 1
        while name in taken:
            number += 1
            name = f"{base}{number}"
        taken.add(name)
        return name

    def _inline(
        self,
        node: dict[str, Any],
        ref: str,
        target: Source,
        segments: list[str],
        content: Any,
        context: _Context,
        path: list[str],
    ) -> Any:
        key = (target.path, jsonpointer.join(*segments))
        if key in self._inlining:
            return self._fail(node, ref, "circular $ref cannot be inlined", context, path)
        self._inlining.add(key)
        out_pointer = jsonpointer.join(*path)
        self.origins[out_pointer] = Origin(target, key[1])
        inner = _Context(target, list(segments), len(path), literal=context.literal)
        result = self._walk(content, inner, path)
        self._inlining.discard(key)
        if isinstance(result, dict) and len(node) > 1:
            # Reference siblings (`description`, `summary`) override the target's fields.
            ref_segments = context.segments(path)
            for name, value in self._siblings(node, context, path).items():
                result[name] = value
                self.origins[jsonpointer.append(out_pointer, name)] = Origin(
                    context.source, jsonpointer.join(*ref_segments, name)
                )
        return result

    def _siblings(self, node: dict[str, Any], context: _Context, path: list[str]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in node.items():
            if key != "$ref":
                path.append(key)
                result[key] = self._walk_member(value, context, path)
                path.pop()
        return result

    def _keep(self, node: dict[str, Any], context: _Context, path: list[str]) -> dict[str, Any]:
        result = self._siblings(node, context, path)
        result["$ref"] = node["$ref"]
        return result

    def _fail(
        self, node: dict[str, Any], ref: str, reason: str, context: _Context, path: list[str]
    ) -> dict[str, Any]:
        """Report an unusable reference at its `$ref` and leave it in place."""
        # A `$ref` in example data may be just data: a broken one there is a content problem.
        rule_id = "example-ref" if context.literal else "unresolved-ref"
        segments = [*context.segments(path), "$ref"]
        self.diagnostics.append(
            context.source.diagnostic(rule_id, segments, f"cannot resolve $ref {ref!r}: {reason}")
        )
        return self._keep(node, context, path)

    def _is_schema_id(self, source: Source, uri: str) -> bool:
        return uri in self._ids(source)

    def _may_be_relative_id(self, source: Source, uri: str) -> bool:
        """Whether a `$ref` that names no file may be relative to an `$id` (`tag` inside
        `https://example.com/schemas/label`): `schema_ids.localize` follows it, or reports it."""
        ids = self._ids(source)
        return any(urljoin(base, uri) in ids for base in ids)

    def _ids(self, source: Source) -> set[str]:
        """The `$id`s declared in a file; none in a 3.0 document, whose schemas have no `$id`
        (there a `$ref` to one is a URL like any other)."""
        ids = self._schema_ids.get(source.path)
        if ids is None:
            ids = set() if schema_ids.is_30(self.root.data) else set(_find_schema_ids(source.data))
            self._schema_ids[source.path] = ids
        return ids


def _find_schema_ids(value: Any) -> Iterator[str]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            schema_id = item.get("$id")
            if isinstance(schema_id, str):
                yield schema_id
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _component_kind(segments: Sequence[str]) -> str | None:
    if len(segments) == 3 and segments[0] == "components" and segments[1] in COMPONENT_KINDS:
        return segments[1]
    return None
