"""Operations and their parameters: ids, path templates, duplicates, and what is not generated.

Every operation of the document becomes a client method or is reported here with the reason:
webhooks and callbacks (the server calls *you*) and OpenAPI 3.2's `query` method and
`additionalOperations` are not generated yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from specgen.document import jsonpointer
from specgen.document.refs import deref
from specgen.document.walk import (
    OperationSite,
    effective_parameters,
    iter_operations,
    listed_parameters,
)
from specgen.load.spec import LoadedSpec
from specgen.validation.context import Context, Finding, Segments, segments


def check_operation_ids(context: Context) -> Iterator[Finding]:
    first_seen: dict[str, Segments] = {}
    spec: LoadedSpec = context.spec
    for operation in iter_operations(context.document, everywhere=True):
        if "operationId" not in operation.operation:
            continue
        operation_id = operation.operation["operationId"]
        id_path = (*segments(operation.pointer), "operationId")
        if not isinstance(operation_id, str):
            continue  # the meta-schema reports the type
        if not operation_id.strip():
            yield Finding("operation-id-format", id_path, "operationId must not be empty")
            continue
        if re.search(r"\s", operation_id):
            # OpenAPI allows it (its own petstore-expanded example has one); code generators
            # only recommend identifiers, and the method name is snake_cased anyway.
            yield Finding(
                "operation-id-format",
                id_path,
                f"operationId {operation_id!r} contains whitespace; tools that use it as an "
                "identifier may mangle it",
            )
        first = first_seen.setdefault(operation_id, id_path)
        if first != id_path:
            file, line, _, pointer = spec.locate(jsonpointer.join(*first))
            yield Finding(
                "duplicate-operation-id",
                id_path,
                f"duplicate operationId {operation_id!r} (first used at {file}:{line}, {pointer});"
                " the method names are made unique",
            )


def check_path_parameters(context: Context) -> Iterator[Finding]:
    document = context.document
    reported_item_params: set[Segments] = set()
    for operation in iter_operations(document, everywhere=True):
        if operation.template is None:
            continue
        names = re.findall(r"\{([^{}]+)\}", operation.template)
        in_template = set(names)
        declared: dict[str, Segments] = {}
        for param_path, parameter in _parameters(document, operation):
            if parameter.get("in") != "path" or not isinstance(parameter.get("name"), str):
                continue
            declared[parameter["name"]] = param_path
        for name in dict.fromkeys(names):
            if name not in declared:
                yield Finding(
                    "path-parameter-missing",
                    segments(operation.pointer),
                    f"path parameter {name!r} of {operation.template!r} is not declared"
                    " (add a parameter with in: path)",
                )
        for name, param_path in declared.items():
            if name in in_template or param_path in reported_item_params:
                continue
            reported_item_params.add(param_path)
            yield Finding(
                "path-parameter-unused",
                param_path,
                f"path parameter {name!r} does not occur in the path {operation.template!r}",
            )


def _parameters(document: Any, operation: OperationSite) -> list[tuple[Segments, dict[str, Any]]]:
    """The effective parameters, each where it is listed: a shared one may fit one path only."""
    return [(segments(p.listed_at), p.parameter) for p in effective_parameters(document, operation)]


def check_duplicate_parameters(context: Context) -> Iterator[Finding]:
    document = context.document
    owners: list[tuple[str, Any]] = []
    seen_items: set[str] = set()
    for operation in iter_operations(document, everywhere=True):
        owners.append((operation.pointer, operation.operation))
        if operation.path_item_pointer not in seen_items:
            seen_items.add(operation.path_item_pointer)
            owners.append((operation.path_item_pointer, operation.path_item))
    for owner_pointer, owner in owners:
        seen: set[tuple[str, str]] = set()
        for parameter in listed_parameters(document, owner, owner_pointer):
            if parameter.key in seen:
                name, location = parameter.key[1], parameter.key[0]
                yield Finding(
                    "duplicate-parameter",
                    segments(parameter.listed_at),
                    f"duplicate parameter {name!r} (in: {location}); the last one is used",
                )
            seen.add(parameter.key)


_FIELD_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def check_header_names(context: Context) -> Iterator[Finding]:
    """Header and cookie parameters whose name is no token (RFC 9110, RFC 6265), such as
    openapi-python-client's `header param`: httpx refuses to send it, so the keyword cannot
    work and the contract tests leave it out. Reported where the parameter is defined."""
    document = context.document
    sites: list[tuple[Segments, Any]] = []
    components = document.get("components")
    reusable = components.get("parameters") if isinstance(components, dict) else None
    if isinstance(reusable, dict):
        sites += [(("components", "parameters", key), value) for key, value in reusable.items()]
    seen_items: set[str] = set()
    for operation in iter_operations(document, everywhere=True):
        owners = [(operation.pointer, operation.operation)]
        if operation.path_item_pointer not in seen_items:
            seen_items.add(operation.path_item_pointer)
            owners.append((operation.path_item_pointer, operation.path_item))
        for pointer, owner in owners:
            listed = owner.get("parameters") if isinstance(owner, dict) else None
            for index, raw in enumerate(listed if isinstance(listed, list) else []):
                sites.append(((*segments(pointer), "parameters", str(index)), raw))
    for where, param in sites:
        if (
            not isinstance(param, dict)
            or param.get("in") not in ("header", "cookie")
            or "$ref" in param
        ):
            continue
        name = param.get("name")
        if isinstance(name, str) and _FIELD_NAME.fullmatch(name) is None:
            yield Finding(
                "parameter-name-invalid",
                (*where, "name"),
                f"{param['in']} parameter {name!r} is not a token (letters, digits and"
                " !#$%&'*+-.^_`|~ only): no client can send it, and the contract tests leave"
                " it out",
            )


def check_duplicate_tags(context: Context) -> Iterator[Finding]:
    tags = context.document.get("tags")
    if not isinstance(tags, list):
        return
    seen: set[str] = set()
    for index, tag in enumerate(tags):
        name = tag.get("name") if isinstance(tag, dict) else None
        if isinstance(name, str):
            if name in seen:
                yield Finding(
                    "duplicate-tag", ("tags", str(index), "name"), f"duplicate tag {name!r}"
                )
            seen.add(name)


def check_operations_not_generated(context: Context) -> Iterator[Finding]:
    """Each operation that gets no client method, with the reason."""
    for site in iter_operations(context.document, everywhere=True):
        if site.template is not None:
            continue
        path = segments(site.pointer)
        what = f"webhook {path[1]!r}" if path[:1] == ("webhooks",) else "callback"
        yield Finding(
            "operation-not-generated",
            path,
            f"{site.method.upper()} of the {what} is not generated: specgen makes clients for "
            "`paths` only (the schemas it refers to in components are still modelled)",
        )
    if context.version != "3.2":
        return
    paths = context.document.get("paths")
    if not isinstance(paths, dict):
        return
    for template, item in paths.items():
        target = deref(context.document, item, jsonpointer.join("paths", template))
        path_item = target.node
        if not target.resolved or not isinstance(path_item, dict):
            continue
        here = segments(target.pointer)
        if isinstance(path_item.get("query"), dict):
            yield Finding(
                "operation-not-generated",
                (*here, "query"),
                f"QUERY {template} is not generated: OpenAPI 3.2's query method is not "
                "supported yet",
            )
        extra = path_item.get("additionalOperations")
        if isinstance(extra, dict):
            for method in extra:
                yield Finding(
                    "operation-not-generated",
                    (*here, "additionalOperations", method),
                    f"{method} {template} is not generated: OpenAPI 3.2's additionalOperations "
                    "are not supported yet",
                )
