"""What points where: `$ref`s that must resolve (blocking), and components nobody uses.

`$ref`s in `x-` extensions are data for other tools, not references, and are not followed;
those in example data were inlined by the loader when they named a file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from specgen.document import jsonpointer
from specgen.document.openapi import COMPONENT_KINDS, is_extension
from specgen.document.schema_ids import iter_dynamic_refs, schema_names
from specgen.document.walk import Segments, iter_operations, iter_refs, iter_schemas
from specgen.validation.context import Context, Finding, lookup
from specgen.validation.messages import as_json


def check_references(context: Context) -> Iterator[Finding]:
    for finding in _broken_references(context):
        context.claimed.add(finding.path)
        context.broken_refs = True
        yield finding


def _broken_references(context: Context) -> Iterator[Finding]:
    document = context.document
    anchors: set[str] | None = None
    for path, ref in iter_refs(document):
        if is_extension(path):
            continue
        ref_path = (*path, "$ref")
        if not isinstance(ref, str):
            hint = (
                " (in YAML an unquoted '#' starts a comment: quote the value)"
                if ref is None
                else ""
            )
            yield Finding(
                "unresolved-ref", ref_path, f"$ref must be a string, not {as_json(ref)}{hint}"
            )
            continue
        if not ref.startswith("#"):
            continue  # other files: the loader bundled or reported them
        fragment = jsonpointer.local_ref_pointer(ref)
        if fragment and not fragment.startswith("/"):
            if anchors is None:
                anchors = set() if context.is_30 else _anchors(document)  # 3.0 has no $anchor
            if fragment not in anchors:
                yield Finding(
                    "unresolved-ref", ref_path, f"$ref {ref!r} names no $anchor in this document"
                )
            continue
        found, _ = lookup(document, fragment)
        if not found:
            yield Finding("unresolved-ref", ref_path, f"$ref target {ref!r} does not exist")


def check_dynamic_refs(context: Context) -> Iterator[Finding]:
    """`$dynamicRef`s are read as plain `$ref`s: wrong only where the dynamic scope matters."""
    declared: dict[str, int] = {}
    for _, schema in iter_schemas(context.document):
        anchor = schema.get("$dynamicAnchor")
        if isinstance(anchor, str):
            declared[anchor] = declared.get(anchor, 0) + 1
    for path, ref in iter_dynamic_refs(context.document):
        name = ref.partition("#")[2] if isinstance(ref, str) else ""
        if declared.get(name, 0) > 1:
            yield Finding(
                "unsupported-feature",
                (*path, "$dynamicRef"),
                f"'$dynamicRef: {ref}' is read as a plain $ref: '$dynamicAnchor: {name}' is "
                f"declared {declared[name]} times, and which one applies depends on the dynamic "
                "scope, which specgen does not follow",
            )


def check_unused_components(context: Context) -> Iterator[Finding]:
    components = context.document.get("components")
    if not isinstance(components, dict):
        return
    used = _used_components(context.document)
    for kind in COMPONENT_KINDS:
        entries = components.get(kind)
        if kind == "pathItems" or not isinstance(entries, dict):
            continue
        for name in entries:
            if (kind, name) not in used and not name.startswith("x-"):
                yield Finding(
                    "unused-component",
                    ("components", kind, name),
                    f"unused component: nothing references #/components/{kind}/{name}",
                )


def _used_components(document: dict[str, Any]) -> set[tuple[str, str]]:
    used: set[tuple[str, str]] = set()
    names = schema_names(document)
    for path, ref in _schema_references(document):
        target = _component_of(ref)
        if target is None and (names.ids or names.anchors):
            # By `$id` (with or without a fragment) or `$anchor`: the schema that declares it.
            found = names.resolve(document, path, ref)
            target = _component_at(found) if found is not None else None
        # A component that only refers to itself is still unused.
        if target is not None and path[:3] != ("components", *target):
            used.add(target)
    for _, schema in iter_schemas(document):
        discriminator = schema.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if isinstance(mapping, dict):
            for value in mapping.values():
                if isinstance(value, str):
                    used.add(_component_of(value) or ("schemas", value))
    for requirement in _security_requirements(document):
        used.update(("securitySchemes", name) for name in requirement)
    return used


def _schema_references(document: dict[str, Any]) -> Iterator[tuple[Segments, str]]:
    """`$ref`s, and `$dynamicRef`s (read as plain ones: their static target is used)."""
    for path, ref in iter_refs(document):
        if isinstance(ref, str) and not is_extension(path):
            yield path, ref
    for path, ref in iter_dynamic_refs(document):
        if isinstance(ref, str):
            yield path, ref


def _component_at(path: Segments) -> tuple[str, str] | None:
    return (path[1], path[2]) if len(path) >= 3 and path[0] == "components" else None


def _component_of(ref: str) -> tuple[str, str] | None:
    if not ref.startswith("#/components/"):
        return None
    segments = jsonpointer.split(jsonpointer.local_ref_pointer(ref))
    return (segments[1], segments[2]) if len(segments) >= 3 else None


def _security_requirements(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    requirement_lists = [document.get("security")]
    requirement_lists.extend(
        operation.operation.get("security")
        for operation in iter_operations(document, everywhere=True)
    )
    for requirements in requirement_lists:
        if isinstance(requirements, list):
            yield from (item for item in requirements if isinstance(item, dict))


def _anchors(document: Any) -> set[str]:
    anchors: set[str] = set()
    for _, schema in iter_schemas(document):
        for key in ("$anchor", "$dynamicAnchor"):
            if isinstance(schema.get(key), str):
                anchors.add(schema[key])
    return anchors
