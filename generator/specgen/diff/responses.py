"""Responses: statuses, media types, headers and body schemas (what clients receive)."""

from __future__ import annotations

from typing import Any

from specgen.diff import schemas
from specgen.diff.bodies import compare_content
from specgen.diff.context import Emitter, SchemaContext
from specgen.diff.operations import Operation
from specgen.diff.rules import SCOPES
from specgen.document import jsonpointer
from specgen.document.refs import deref


def _responses(document: dict[str, Any], op: Operation) -> dict[str, tuple[dict[str, Any], str]]:
    raw = op.operation.get("responses")
    result: dict[str, tuple[dict[str, Any], str]] = {}
    if not isinstance(raw, dict):
        return result
    for status, response in raw.items():
        if str(status).startswith("x-"):
            continue
        target = deref(document, response, jsonpointer.append(op.pointer, "responses", status))
        if isinstance(target.node, dict):
            result[str(status).upper()] = (target.node, target.pointer)
    return result


def _success(status: str) -> bool:
    return status.startswith("2")


def _covering(status: str, statuses: dict[str, Any]) -> str | None:
    """The revision status that now describes a removed one: `200` → `2XX` (not `default`)."""
    wildcard = f"{status[:1]}XX"
    return wildcard if len(status) == 3 and status.isdigit() and wildcard in statuses else None


def compare(emitter: Emitter, old: Operation, new: Operation) -> None:
    label = new.label
    old_all = _responses(emitter.base.document, old)
    new_all = _responses(emitter.revision.document, new)
    responses_at = jsonpointer.append(new.pointer, "responses")
    for status, (_, old_at) in old_all.items():
        if status in new_all:
            continue
        covering = _covering(status, new_all)
        if covering is not None:
            _compare_response(emitter, label, status, old_all[status], new_all[covering])
            continue
        kind = "success" if _success(status) else "non-success"
        emitter.emit(
            f"response-{kind}-status-removed",
            operation=label,
            at=f"/responses/{status}",
            message=f"response {status} was removed",
            revision=None,
            base=old_at,
            anchor=responses_at if "responses" in new.operation else new.pointer,
        )
    for status, (_, new_at) in new_all.items():
        if status in old_all:
            _compare_response(emitter, label, status, old_all[status], new_all[status])
            continue
        kind = "success" if _success(status) else "non-success"
        emitter.emit(
            f"response-{kind}-status-added",
            operation=label,
            at=f"/responses/{status}",
            message=f"response {status} was added",
            revision=new_at,
        )


def _compare_response(
    emitter: Emitter,
    label: str,
    status: str,
    old: tuple[dict[str, Any], str],
    new: tuple[dict[str, Any], str],
) -> None:
    (old_response, old_at), (new_response, new_at) = old, new
    at = jsonpointer.join("responses", status)
    compare_content(
        emitter, label, at, old_response, old_at, new_response, new_at, "response", "response-body"
    )
    _compare_headers(emitter, label, status, old_response, old_at, new_response, new_at)


def _compare_headers(
    emitter: Emitter,
    label: str,
    status: str,
    old_response: dict[str, Any],
    old_at: str,
    new_response: dict[str, Any],
    new_at: str,
) -> None:
    old_headers = _headers(emitter.base.document, old_response, old_at)
    new_headers = _headers(emitter.revision.document, new_response, new_at)
    for name, (old_header, old_pointer, shown) in old_headers.items():
        at = jsonpointer.join("responses", status, "headers", shown)
        required = old_header.get("required") is True
        if name not in new_headers:
            rule = (
                "required-response-header-removed"
                if required
                else "optional-response-header-removed"
            )
            emitter.emit(
                rule,
                operation=label,
                at=at,
                message=f"response {status}: header {shown} was removed",
                revision=None,
                base=old_pointer,
                anchor=new_at,
            )
            continue
        new_header, new_pointer, _ = new_headers[name]
        now = new_header.get("required") is True
        if required != now:
            rule = "response-header-became-required" if now else "response-header-became-optional"
            text = f"response {status}: header {shown} became {'required' if now else 'optional'}"
            emitter.emit(rule, operation=label, at=at, message=text, revision=new_pointer)
        if "schema" in old_header and "schema" in new_header:
            ctx = SchemaContext(
                emitter=emitter,
                scope=SCOPES["response-header"],
                operation=label,
                at=at,
                where=f"response {status}: header {shown}",
            )
            base = emitter.base_nodes.node(
                old_header["schema"], jsonpointer.append(old_pointer, "schema")
            )
            rev = emitter.revision_nodes.node(
                new_header["schema"], jsonpointer.append(new_pointer, "schema")
            )
            schemas.compare(ctx, base, rev)
    for name, (_, new_pointer, shown) in new_headers.items():
        if name not in old_headers:
            at = jsonpointer.join("responses", status, "headers", shown)
            emitter.emit(
                "response-header-added",
                operation=label,
                at=at,
                message=f"response {status}: header {shown} was added",
                revision=new_pointer,
            )


def _headers(
    document: dict[str, Any], response: dict[str, Any], pointer: str
) -> dict[str, tuple[dict[str, Any], str, str]]:
    """Headers by lower-case name: (header, its pointer, the name as written)."""
    raw = response.get("headers")
    result: dict[str, tuple[dict[str, Any], str, str]] = {}
    if not isinstance(raw, dict):
        return result
    for name, header in raw.items():
        if str(name).lower() == "content-type":
            continue  # OpenAPI: ignored
        target = deref(document, header, jsonpointer.append(pointer, "headers", name))
        if isinstance(target.node, dict):
            result[str(name).lower()] = (target.node, target.pointer, str(name))
    return result
