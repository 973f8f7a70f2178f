"""Where things are in the bundled document: JSON pointers for the generated contract tests.

The contract tests embed the bundled document and read parameters, schemas and examples from it
at test time, so the IR carries pointers rather than copies. `attach` fills the `pointer` and
`examples` fields of an IR built from `document` (the bundled document, before `prepare` renamed
schemas: only paths, parameters, responses and examples are pointed at, which `prepare` leaves
where they are).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from specgen.document import jsonpointer
from specgen.ir import nodes as ir

_MAX_REF_HOPS = 50


def follow(document: Any, pointer: str) -> tuple[str, Any]:
    """The node at `pointer` and its pointer, after following local `$ref`s; ("", None) if none."""
    for _ in range(_MAX_REF_HOPS):
        try:
            node = jsonpointer.resolve(document, pointer)
        except KeyError:
            return "", None
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str):
            return pointer, node
        try:
            pointer = jsonpointer.local_ref_pointer(ref)
        except ValueError:
            return "", None
    return "", None


def media_examples(document: Any, media_pointer: str) -> tuple[ir.ExampleRef, ...]:
    """The examples of a Media Type Object: each of `examples` (by name), else `example`."""
    media_pointer, media = follow(document, media_pointer)
    if not isinstance(media, dict):
        return ()
    examples = media.get("examples")
    if isinstance(examples, dict) and examples:
        found = []
        for name in examples:
            pointer, example = follow(document, jsonpointer.append(media_pointer, "examples", name))
            if isinstance(example, dict) and "value" in example:  # externalValue is not read
                found.append(ir.ExampleRef(str(name), jsonpointer.append(pointer, "value")))
        return tuple(found)
    if "example" in media:
        return (ir.ExampleRef("example", jsonpointer.append(media_pointer, "example")),)
    return ()


def _parameter_pointers(document: Any, item_pointer: str, op_pointer: str) -> dict[Any, str]:
    """(in, name) → pointer of each parameter, operation-level ones overriding path-level ones."""
    found: dict[Any, str] = {}
    for owner in (item_pointer, op_pointer):
        _, node = follow(document, owner)
        params = node.get("parameters") if isinstance(node, dict) else None
        for index in range(len(params) if isinstance(params, list) else 0):
            pointer, param = follow(document, jsonpointer.append(owner, "parameters", index))
            if isinstance(param, dict) and "name" in param and "in" in param:
                found[(str(param["in"]), str(param["name"]))] = pointer
    return found


def _operation(document: Any, op: ir.Operation, client_pointers: dict[Any, str]) -> ir.Operation:
    item_pointer, _ = follow(document, jsonpointer.join("paths", op.path))
    if not item_pointer:
        return op
    op_pointer, node = follow(document, jsonpointer.append(item_pointer, op.method.lower()))
    if not isinstance(node, dict):
        return op
    params = _parameter_pointers(document, item_pointer, op_pointer)
    for key, pointer in params.items():
        client_pointers.setdefault(key, pointer)

    def with_pointer(p: ir.Parameter) -> ir.Parameter:
        return dataclasses.replace(p, pointer=params.get((p.location.value, p.name), ""))

    body = op.body
    if body is not None:
        body_pointer, _ = follow(document, jsonpointer.append(op_pointer, "requestBody"))
        media_pointer = jsonpointer.append(body_pointer, "content", body.content_type)
        if body_pointer:
            body = dataclasses.replace(
                body, pointer=media_pointer, examples=media_examples(document, media_pointer)
            )
    responses = []
    for response in op.responses:
        pointer, _ = follow(document, jsonpointer.append(op_pointer, "responses", response.status))
        examples: tuple[ir.ExampleRef, ...] = ()
        if pointer and response.content_type is not None:
            media_pointer = jsonpointer.append(pointer, "content", response.content_type)
            examples = media_examples(document, media_pointer)
        responses.append(dataclasses.replace(response, pointer=pointer, examples=examples))
    return dataclasses.replace(
        op,
        pointer=op_pointer,
        path_params=tuple(map(with_pointer, op.path_params)),
        query_params=tuple(map(with_pointer, op.query_params)),
        header_params=tuple(map(with_pointer, op.header_params)),
        cookie_params=tuple(map(with_pointer, op.cookie_params)),
        body=body,
        responses=tuple(responses),
    )


def attach(api: ir.Api, document: Any) -> ir.Api:
    """`api` with the JSON pointers of its operations, parameters, bodies, responses, examples."""
    client_pointers: dict[Any, str] = {}
    resources = tuple(
        dataclasses.replace(
            resource,
            operations=tuple(
                _operation(document, op, client_pointers) for op in resource.operations
            ),
        )
        for resource in api.resources
    )

    def client_param(p: ir.ClientParameter) -> ir.ClientParameter:
        return dataclasses.replace(p, pointer=client_pointers.get((p.location.value, p.name), ""))

    return dataclasses.replace(
        api,
        resources=resources,
        client_params=tuple(map(client_param, api.client_params)),
    )
