"""The operation side of building the IR: one `Resource` per tag, holding its operations with
their parameters, request body and responses, and the client-level parameters they use."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from specgen.document import extensions, jsonpointer
from specgen.document.refs import deref, resolved_or
from specgen.document.schema import is_object_with_properties, types
from specgen.document.walk import (
    OperationSite,
    ParameterSite,
    effective_parameters,
    iter_operations,
)
from specgen.ir import client_facts, naming
from specgen.ir import nodes as ir
from specgen.ir.examples import example_literal, media_examples
from specgen.ir.hints import TypeHints
from specgen.ir.imports import group_imports
from specgen.ir.models import nullable, schemas_of
from specgen.ir.request_rules import is_union, parameter_limits

# Headers the client sets itself; OpenAPI says parameters with these names are ignored.
IGNORED_HEADER_PARAMETERS = frozenset({"accept", "content-type", "authorization"})
# Attributes of a generated client or resource that a tag or operation name must not take.
CLIENT_ATTRIBUTES = frozenset(
    {"close", "base_url", "request", "with_raw_response", "copy", "timeout", "max_retries"}
)
_RESERVED_KEYWORDS = naming.RESERVED_ARGUMENTS
# What every resource module imports, besides the types of its signatures: `Mapping` for
# extra_headers, and the runtime (specgen/runtime) that its classes and methods build on.
_RESOURCE_IMPORTS = frozenset(
    {
        ("collections.abc", "Mapping"),
        ("functools", "cached_property"),
        (".._base_client", "Endpoint"),
        (".._base_client", "RequestOptions"),
        (".._response", "APIResponse"),
        (".._response", "AsyncAPIResponse"),
        (".._response", "async_to_raw_response_wrapper"),
        (".._response", "to_raw_response_wrapper"),
        (".._types", "NOT_GIVEN"),
        (".._types", "NotGiven"),
        (".._types", "Timeout"),
        ("._resource", "AsyncAPIResource"),
        ("._resource", "SyncAPIResource"),
    }
)


class ResourceBuilder:
    """Builds the resources of one document. `annotator` collects the imports of each resource
    module's signatures; `client_params` gathers the client-level parameters met on the way."""

    def __init__(
        self, document: dict[str, Any], annotator: TypeHints, servers: tuple[ir.Server, ...]
    ) -> None:
        self.doc = document
        self.annotator = annotator
        self.servers = servers
        self.client_params: dict[tuple[str, str], ir.ClientParameter] = {}

    def deref(self, node: Any) -> Any:
        """Follow local $refs of non-schema objects (parameters, responses, bodies, headers)."""
        return resolved_or(self.doc, node, {})

    docs = staticmethod(ir.Docs.of)

    def nullable(self, schema: Any) -> bool:
        return nullable(self.annotator, schema)

    def operations_in_order(self) -> Iterator[OperationSite]:
        # Methods in the order the path item lists them, so the generated order follows the spec.
        by_item: dict[str, list[OperationSite]] = {}
        for site in iter_operations(self.doc):
            by_item.setdefault(site.path_item_pointer + "\0" + str(site.template), []).append(site)
        for sites in by_item.values():
            order = list(sites[0].path_item)
            yield from sorted(sites, key=lambda s: order.index(s.method))

    def resources(self, default_security: tuple[tuple[str, ...], ...]) -> tuple[ir.Resource, ...]:
        tag_docs = {
            str(t.get("name")): t for t in self.doc.get("tags") or [] if isinstance(t, dict)
        }
        grouped: dict[str, list[OperationSite]] = {}
        for site in self.operations_in_order():
            tags = site.operation.get("tags") or []
            tag = str(tags[0]) if tags else "default"
            grouped.setdefault(tag, []).append(site)
        order = [t for t in tag_docs if t in grouped] + [t for t in grouped if t not in tag_docs]
        taken_attrs: set[str] = set(CLIENT_ATTRIBUTES)
        # A stem whose resource classes would shadow a model the module imports is taken
        # (DigitalOcean's tag `Tags` and its schema `TagsResource`).
        taken_classes = _stems_of(set(schemas_of(self.doc)))
        resources = []
        for tag in order:
            python_name = naming.unique(
                naming.safe_identifier(naming.snake(tag), avoid_builtins=True), taken_attrs
            )
            class_name = naming.unique(naming.pascal(tag), taken_classes)
            taken_methods: set[str] = set(CLIENT_ATTRIBUTES)
            operations = []
            for site in grouped[tag]:
                operations.append(self.operation(site, taken_methods, default_security))
            imports = _used_in_signatures(self.annotator.reset_imports(), operations)
            imports |= _RESOURCE_IMPORTS
            if any(op.body is not None for op in operations):
                imports.add((".._utils", "build_body"))
            if any(op.limited_parameters for op in operations):
                imports.add((".._utils", "check_parameters"))
            resources.append(
                ir.Resource(
                    tag=tag,
                    python_name=python_name,
                    class_name=class_name,
                    docs=self.docs(tag_docs.get(tag, {})),
                    operations=tuple(operations),
                    imports=group_imports(imports),
                )
            )
        return tuple(resources)

    def operation(
        self,
        site: OperationSite,
        taken_methods: set[str],
        default_security: tuple[tuple[str, ...], ...],
    ) -> ir.Operation:
        path, method, operation = str(site.template), site.method, site.operation
        operation_id = str(operation.get("operationId") or f"{method} {path}")
        python_name = naming.unique(
            naming.safe_identifier(naming.snake(operation_id)), taken_methods
        )
        taken_args: set[str] = set(_RESERVED_KEYWORDS)
        params = self.parameters(site, taken_args)
        client_params = tuple(
            self.client_params[p.key]
            for p in self.merged_parameters(site)
            if extensions.flag(p.parameter, extensions.CLIENT_PARAMETER)
        )
        body = self.request_body(site, taken_args)
        responses = self.responses(site)
        success = [r.annotation for r in responses if r.is_success]
        return_annotation = _union_text(success) if success else "None"
        security = (
            client_facts.security(operation["security"])
            if "security" in operation
            else default_security
        )
        by_location = {
            loc: tuple(p for p in params if p.location == loc) for loc in ir.ParameterLocation
        }
        return ir.Operation(
            operation_id=operation_id,
            python_name=python_name,
            method=method.upper(),
            path=path,
            docs=self.docs(operation),
            deprecated=operation.get("deprecated") is True,
            path_params=by_location[ir.ParameterLocation.PATH],
            query_params=by_location[ir.ParameterLocation.QUERY],
            header_params=by_location[ir.ParameterLocation.HEADER],
            cookie_params=by_location[ir.ParameterLocation.COOKIE],
            client_params=client_params,
            body=body,
            responses=responses,
            return_annotation=return_annotation,
            security=security,
            pointer=site.pointer,
            server_url=client_facts.operation_server(
                operation, site.path_item, self.servers[0] if self.servers else None
            ),
            idempotent=client_facts.idempotent(operation),
            idempotency_header=client_facts.idempotency_header(
                by_location[ir.ParameterLocation.HEADER]
            ),
        )

    def merged_parameters(self, site: OperationSite) -> list[ParameterSite]:
        """The effective parameters that have a name and a location."""
        return [
            p
            for p in effective_parameters(self.doc, site)
            if "name" in p.parameter and "in" in p.parameter
        ]

    def parameters(self, site: OperationSite, taken: set[str]) -> list[ir.Parameter]:
        result = []
        order = {"path": 0, "query": 1, "header": 2, "cookie": 3}
        params = sorted(self.merged_parameters(site), key=lambda p: order.get(p.key[0], 4))
        for param_site in params:
            param = param_site.parameter
            location = str(param["in"])
            name = str(param["name"])
            if location not in order:
                continue
            if location == "header" and name.lower() in IGNORED_HEADER_PARAMETERS:
                continue
            schema = param.get("schema")
            if not isinstance(schema, dict):
                content = param.get("content") or {}
                first: Any = next(iter(content.values()), {}) if isinstance(content, dict) else {}
                schema = first.get("schema", {}) if isinstance(first, dict) else {}
            if extensions.flag(param, extensions.CLIENT_PARAMETER):
                self.client_param(param_site, schema)
                continue
            python_name = self.argument_name(name, location, taken)
            required = location == "path" or param.get("required") is True
            nullable = self.nullable(schema)
            style = str(
                param.get("style") or ("form" if location in ("query", "cookie") else "simple")
            )
            explode = param.get("explode")
            result.append(
                ir.Parameter(
                    name=name,
                    python_name=python_name,
                    location=ir.ParameterLocation(location),
                    required=required,
                    nullable=nullable,
                    annotation=self.annotator.annotation(schema, input=True),
                    docs=self.docs(param),
                    style=style,
                    explode=bool(explode) if isinstance(explode, bool) else style == "form",
                    deprecated=param.get("deprecated") is True,
                    schema=schema,
                    pointer=param_site.pointer,
                    limits=parameter_limits(schema),
                    example_literal=example_literal(param, schema),
                )
            )
        return result

    def argument_name(self, name: str, location: str, taken: set[str]) -> str:
        base = naming.safe_identifier(naming.snake(name), avoid=_RESERVED_KEYWORDS)
        if base in taken:
            base = f"{base}_{location}"
        return naming.unique(base, taken)

    def client_param(self, site: ParameterSite, schema: dict[str, Any]) -> None:
        param, key = site.parameter, site.key
        if key in self.client_params:
            return
        taken = {p.python_name for p in self.client_params.values()}
        python_name = naming.unique(
            naming.safe_identifier(naming.snake(key[1]), avoid=_RESERVED_KEYWORDS), taken
        )
        # Client-level annotations live in _client.py, which imports nothing from models.
        annotation = TypeHints(self.doc).annotation(schema, input=True)
        self.client_params[key] = ir.ClientParameter(
            name=key[1],
            python_name=python_name,
            location=ir.ParameterLocation(key[0]),
            required=param.get("required") is True,
            annotation=annotation if "." not in annotation and "[" not in annotation else "str",
            docs=self.docs(param),
            pointer=site.pointer,
        )

    def request_body(self, site: OperationSite, taken: set[str]) -> ir.RequestBody | None:
        found = deref(self.doc, site.operation.get("requestBody"), site.pointer + "/requestBody")
        body = found.node if found.resolved else {}
        if not isinstance(body, dict) or not isinstance(body.get("content"), dict):
            return None
        content = body["content"]
        content_type = _preferred_media_type(list(content))
        media = content.get(content_type) or {}
        schema = media.get("schema") if isinstance(media, dict) else None
        schema = schema if isinstance(schema, dict) else {}
        model = self.annotator.class_of(schema)
        target = self.annotator.resolve(schema)
        if model is not None and not (is_object_with_properties(target) or is_union(target)):
            model = None  # an enum or array body is sent as given (JSON-encoded)
        fields: list[ir.BodyField] = []
        if model is not None:
            target = self.annotator.resolve(schema)
            if is_object_with_properties(target) and "null" not in types(target):
                required = set(target.get("required") or [])
                for prop, prop_schema in target["properties"].items():
                    if self.annotator.resolve(prop_schema).get("readOnly") is True:
                        continue  # never sent (the runtime drops it from body=): no keyword
                    nullable = self.nullable(prop_schema)
                    fields.append(
                        ir.BodyField(
                            name=prop,
                            python_name=self.argument_name(prop, "body", taken),
                            annotation=self.annotator.annotation(prop_schema, input=True),
                            required=prop in required,
                            nullable=nullable,
                            docs=self.docs(
                                self.annotator.resolve(prop_schema)
                                if "$ref" in prop_schema and "description" not in prop_schema
                                else prop_schema
                            ),
                            example_literal=example_literal(prop_schema),
                        )
                    )
        return ir.RequestBody(
            content_type=content_type,
            required=body.get("required") is True,
            model=model,
            annotation=self.annotator.body_annotation(schema),
            fields=tuple(fields),
            docs=self.docs(body),
            schema=schema,
            pointer=(media_pointer := jsonpointer.append(found.pointer, "content", content_type)),
            examples=media_examples(self.doc, media_pointer),
            nullable=self.nullable(self.annotator.resolve(schema)),
            field_styles=_field_styles(content_type, media),
        )

    def responses(self, site: OperationSite) -> tuple[ir.Response, ...]:
        result = []
        for status, raw in (site.operation.get("responses") or {}).items():
            status = str(status)
            found = deref(self.doc, raw, jsonpointer.append(site.pointer, "responses", status))
            response = found.node if found.resolved else {}
            if not isinstance(response, dict):
                continue
            pointer = found.pointer if found.resolved else ""
            content = response.get("content")
            content_type = None
            annotation = "None"
            model = None
            if isinstance(content, dict) and content:
                content_type = _preferred_media_type(list(content))
                media = content.get(content_type) or {}
                schema = media.get("schema") if isinstance(media, dict) else None
                if isinstance(schema, dict) and _is_json(content_type):
                    model = self.annotator.class_of(schema)
                    annotation = self.annotator.annotation(schema, input=False)
                elif _is_json(content_type):
                    annotation = self.annotator.annotation({}, input=False)
                else:
                    annotation = "str"
            headers = []
            for header_name, header in (response.get("headers") or {}).items():
                header = self.deref(header)
                if isinstance(header, dict):
                    headers.append(
                        ir.ResponseHeader(
                            name=str(header_name),
                            annotation="str",
                            docs=self.docs(header),
                        )
                    )
            result.append(
                ir.Response(
                    status=status,
                    is_success=status.startswith("2"),
                    content_type=content_type,
                    model=model,
                    annotation=annotation,
                    headers=tuple(headers),
                    docs=self.docs(response),
                    pointer=pointer,
                    examples=media_examples(
                        self.doc, jsonpointer.append(pointer, "content", content_type)
                    )
                    if pointer and content_type is not None
                    else (),
                )
            )
        return tuple(result)


def _stems_of(model_names: set[str]) -> set[str]:
    """The resource class stems that would name a class like one of these models."""
    stems = set()
    for name in model_names:
        for suffix in ("Resource", "ResourceWithRawResponse"):
            if name.endswith(suffix):
                stem = name.removesuffix(suffix)
                stems.add(stem)
                if stem.startswith("Async"):
                    stems.add(stem.removeprefix("Async"))
    return stems


def _is_json(media_type: str | None) -> bool:
    if not media_type:
        return False
    base = media_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json") or base == "*/*"


def _field_styles(content_type: str, media: Any) -> tuple[tuple[str, str, bool], ...]:
    """(name, style, explode) of the form fields whose Encoding Object says how to spell them
    (OpenAPI reads `style` and `explode` for `application/x-www-form-urlencoded` only)."""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type != "application/x-www-form-urlencoded" or not isinstance(media, dict):
        return ()
    encoding = media.get("encoding")
    found = []
    for name, rules in (encoding if isinstance(encoding, dict) else {}).items():
        if not isinstance(rules, dict) or ("style" not in rules and "explode" not in rules):
            continue
        style = str(rules.get("style") or "form")
        explode = rules.get("explode")
        found.append((str(name), style, explode if isinstance(explode, bool) else style == "form"))
    return tuple(found)


def _preferred_media_type(media_types: list[str]) -> str:
    for media_type in media_types:
        if _is_json(media_type) and media_type != "*/*":
            return media_type
    return media_types[0] if media_types else "application/json"


def _union_text(annotations: list[str]) -> str:
    parts: list[str] = []
    for annotation in annotations:
        for part in annotation.split(" | "):
            if part not in parts:
                parts.append(part)
    if "None" in parts:
        parts.remove("None")
        parts.append("None")
    return " | ".join(parts)


def _used_in_signatures(
    imports: set[tuple[str, str]], operations: list[ir.Operation]
) -> set[tuple[str, str]]:
    """The annotations' imports that the module's signatures use. Response types are held as
    text (`Response.runtime_annotation`), so a model named only by an error response, say, is
    not imported; models and params are imported for type checkers only."""
    parts: list[str] = []
    for op in operations:
        parts.append(op.return_annotation)
        for p in op.path_params + op.query_params + op.header_params + op.cookie_params:
            parts.append(p.annotation)
        if op.body is not None:
            parts.append(op.body.annotation)
            parts += [f.annotation for f in op.body.fields]
    used = set(re.findall(r"[A-Za-z_]\w*", " ".join(parts)))
    kept = {(module, name) for module, name in imports if name in used}
    if any(module in ir.TYPE_CHECKING_MODULES for module, _ in kept):
        kept.add(("typing", "TYPE_CHECKING"))
    return kept
