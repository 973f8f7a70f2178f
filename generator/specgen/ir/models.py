"""The model side of building the IR: which schemas requests and responses reach, and the
`Model` of each named schema (with the object rules a request model checks)."""

from __future__ import annotations

from typing import Any

from specgen.document import jsonpointer
from specgen.document.refs import resolved_or
from specgen.document.schema import is_nullable, is_object_with_properties
from specgen.document.walk import iter_operations
from specgen.ir import nodes as ir
from specgen.ir.hints import TypeHints
from specgen.ir.hoist import SCHEMAS_PREFIX, Prepared, referenced_names
from specgen.ir.request_rules import ObjectRules, object_rules


def schemas_of(document: dict[str, Any]) -> dict[str, Any]:
    """The document's components/schemas (the models), {} when it has none."""
    schemas: dict[str, Any] = (document.get("components") or {}).get("schemas") or {}
    return schemas


def nullable(hints: TypeHints, schema: Any) -> bool:
    """Whether `schema` admits null."""
    # A `$ref` is read through: a nullable object property is hoisted into a component of
    # its own (`{$ref: ...RequestSecurityAndAnalysis}`), which keeps the `nullable: true`.
    if not isinstance(schema, dict):
        return False
    resolve = hints.resolve
    return is_nullable(schema, resolve) or (
        "$ref" in schema and is_nullable(resolve(schema), resolve)
    )


def model_uses(document: dict[str, Any]) -> tuple[set[str], set[str]]:
    """The schema names reachable from request bodies, and from responses."""
    schemas = schemas_of(document)
    request_roots: set[str] = set()
    response_roots: set[str] = set()
    for site in iter_operations(document):
        operation = site.operation
        body = resolved_or(document, operation.get("requestBody"), {})
        if isinstance(body, dict):
            request_roots |= referenced_names(body.get("content"))
        for raw in (operation.get("responses") or {}).values():
            response = resolved_or(document, raw, {})
            response_roots |= referenced_names(
                response.get("content") if isinstance(response, dict) else None
            )
    return _closure(request_roots, schemas), _closure(response_roots, schemas)


def build_models(
    prepared: Prepared, hints: TypeHints, in_request: set[str], in_response: set[str]
) -> tuple[ir.Model, ...]:
    """One `Model` per named schema, in the document's order."""
    schemas = schemas_of(prepared.document)
    models = []
    inherited = _union_member_non_nullable(schemas, hints)
    for name, schema in schemas.items():
        non_nullable: tuple[str, ...] = ()
        if name in in_request and isinstance(schema, dict):
            required = set(schema.get("required") or [])
            non_nullable = tuple(
                prop
                for prop, sub in (schema.get("properties") or {}).items()
                if prop not in required and not nullable(hints, sub)
            )
            extra = tuple(p for p in inherited.get(name, ()) if p not in required)
            non_nullable = tuple(dict.fromkeys(non_nullable + extra))
        rules = object_rules(schema) if name in in_request else ObjectRules()
        models.append(
            ir.Model(
                name=name,
                pointer=prepared.origins.get(name, jsonpointer.join("components", "schemas", name)),
                used_in_request=name in in_request,
                used_in_response=name in in_response,
                non_nullable=non_nullable,
                min_properties=rules.min_properties,
                required_any_of=rules.required_any_of,
                read_only=tuple(dict.fromkeys(rules.read_only + prepared.read_only.get(name, ()))),
                schema=schema,
            )
        )
    return tuple(models)


def _union_member_non_nullable(
    schemas: dict[str, Any], hints: TypeHints
) -> dict[str, tuple[str, ...]]:
    """Optional non-nullable properties that union members get from the object beside them.

    An object with `properties` and `anyOf`/`oneOf` members becomes one class per member
    (datamodel-code-generator's `Name1(NameOption1)`), holding the object's properties too;
    the member's class is their base, so it carries their `__non_nullable__` as well.
    """
    found: dict[str, tuple[str, ...]] = {}
    for schema in schemas.values():
        if not (isinstance(schema, dict) and is_object_with_properties(schema)):
            continue
        required = set(schema.get("required") or [])
        own = tuple(
            prop
            for prop, sub in schema["properties"].items()
            if prop not in required and not nullable(hints, sub)
        )
        for key in ("anyOf", "oneOf"):
            for member in schema.get(key) or []:
                ref = member.get("$ref") if isinstance(member, dict) else None
                if own and isinstance(ref, str) and ref.startswith(SCHEMAS_PREFIX):
                    member_name = jsonpointer.unescape(ref.removeprefix(SCHEMAS_PREFIX))
                    found[member_name] = found.get(member_name, ()) + own
    return found


def _closure(roots: set[str], schemas: dict[str, Any]) -> set[str]:
    seen: set[str] = set()
    stack = sorted(roots)
    while stack:
        name = stack.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        stack.extend(sorted(referenced_names(schemas[name]) - seen))
    return seen
