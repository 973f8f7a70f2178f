"""The wire comparison: paths and operations, and the order in which everything is compared.

Removing an operation (or a whole path, or a parameter) is an error unless it was marked
`deprecated` first, and it is still one before the date in its `x-sunset` (YYYY-MM-DD).
"""

from __future__ import annotations

import datetime
from typing import Any

from specgen.diff import bodies, params, responses, security, servers
from specgen.diff.context import Emitter
from specgen.diff.operations import Operation, operations
from specgen.document import jsonpointer

SUNSET = "x-sunset"


def sunset_state(node: dict[str, Any], today: datetime.date) -> tuple[str, str]:
    """How removing `node` stands with the deprecation policy: (state, note for the message).

    state is "undeprecated", "deprecated" (removal allowed), "before-sunset" or "unparsable".
    """
    if node.get("deprecated") is not True:
        return "undeprecated", "it was not deprecated first"
    raw = node.get(SUNSET)
    if raw is None:
        return "deprecated", "it was deprecated"
    sunset = parse_date(raw)
    if sunset is None:
        return "unparsable", f"its x-sunset {raw!r} is not a date (YYYY-MM-DD)"
    if today < sunset:
        return "before-sunset", f"its x-sunset is {sunset.isoformat()}, after today"
    return "deprecated", f"it was deprecated, sunset {sunset.isoformat()}"


def parse_date(raw: Any) -> datetime.date | None:
    if isinstance(raw, datetime.date):
        return raw
    try:
        return datetime.date.fromisoformat(str(raw).strip()[:10])
    except ValueError:
        return None


def compare(emitter: Emitter) -> None:
    """Every wire rule, for the whole document."""
    old = operations(emitter.base.document)
    new = operations(emitter.revision.document)
    _removed_operations(emitter, old, new)
    for key, new_op in new.items():
        old_op = old.get(key)
        if old_op is None:
            rule = "webhook-added" if new_op.webhook else "endpoint-added"
            emitter.emit(
                rule, operation=new_op.label, at="", message="added", revision=new_op.pointer
            )
            continue
        compare_operation(emitter, old_op, new_op)
    security.compare_document(emitter)
    servers.compare(emitter)
    _component_schemas(emitter)


def _removed_operations(
    emitter: Emitter, old: dict[tuple[str, str], Operation], new: dict[tuple[str, str], Operation]
) -> None:
    new_paths = {path for _, path in new}
    for key, old_op in old.items():
        if key in new:
            continue
        if old_op.webhook:
            emitter.emit(
                "webhook-removed",
                operation=old_op.label,
                at="",
                message="the webhook was removed",
                revision=None,
                base=old_op.pointer,
            )
            continue
        path_gone = key[1] not in new_paths
        subject = "the path was removed" if path_gone else "the operation was removed"
        state, note = sunset_state(old_op.operation, emitter.today)
        prefix = "api-path-removed" if path_gone else "api-removed"
        rule = {
            "undeprecated": f"{prefix}-without-deprecation",
            "deprecated": f"{prefix}-with-deprecation",
            "before-sunset": f"{prefix}-before-sunset",
            "unparsable": "api-deprecated-sunset-parse",
        }[state]
        anchor = None
        if not path_gone:
            sibling = next(op for (_, path), op in new.items() if path == key[1])
            anchor = sibling.site.path_item_pointer
        emitter.emit(
            rule,
            operation=old_op.label,
            at="",
            message=f"{subject}; {note}",
            revision=None,
            base=old_op.pointer,
            anchor=anchor,
        )


def compare_operation(emitter: Emitter, old: Operation, new: Operation) -> None:
    label = new.label
    old_id, new_id = old.operation.get("operationId"), new.operation.get("operationId")
    at_id = jsonpointer.append(new.pointer, "operationId")
    if old_id != new_id:
        if old_id is None:
            rule, text = "api-operation-id-added", f"operationId {new_id!r} was set"
        elif new_id is None:
            rule, text = "api-operation-id-removed", f"operationId {old_id!r} was removed"
        else:
            rule, text = "api-operation-id-changed", f"operationId {old_id!r} → {new_id!r}"
        at = at_id if new_id is not None else new.pointer
        emitter.emit(rule, operation=label, at="/operationId", message=text, revision=at)
    _deprecation(emitter, old, new)
    _tags(emitter, old, new)
    if not new.webhook:
        params.compare(emitter, old, new)
        responses.compare(emitter, old, new)
        security.compare_operation(emitter, old, new)
    bodies.compare(emitter, old, new)


def _deprecation(emitter: Emitter, old: Operation, new: Operation) -> None:
    was = old.operation.get("deprecated") is True
    now = new.operation.get("deprecated") is True
    at = jsonpointer.append(new.pointer, "deprecated")
    if now and not was:
        emitter.emit(
            "endpoint-deprecated",
            operation=new.label,
            at="/deprecated",
            message="the operation was deprecated",
            revision=at,
        )
    elif was and not now:
        emitter.emit(
            "endpoint-reactivated",
            operation=new.label,
            at="/deprecated",
            message="the operation is no longer deprecated",
            revision=new.pointer,
        )
    raw = new.operation.get(SUNSET)
    if now and raw is not None and parse_date(raw) is None and raw != old.operation.get(SUNSET):
        emitter.emit(
            "api-deprecated-sunset-parse",
            operation=new.label,
            at="/x-sunset",
            message=f"x-sunset {raw!r} is not a date (YYYY-MM-DD)",
            revision=jsonpointer.append(new.pointer, SUNSET),
        )


def _tags(emitter: Emitter, old: Operation, new: Operation) -> None:
    old_tags = [str(t) for t in old.operation.get("tags") or [] if isinstance(t, str)]
    new_tags = [str(t) for t in new.operation.get("tags") or [] if isinstance(t, str)]
    at = jsonpointer.append(new.pointer, "tags")
    for tag in new_tags:
        if tag not in old_tags:
            emitter.emit(
                "api-tag-added",
                operation=new.label,
                at=f"/tags/{tag}",
                message=f"tag {tag!r} was added",
                revision=at,
            )
    for tag in old_tags:
        if tag not in new_tags:
            emitter.emit(
                "api-tag-removed",
                operation=new.label,
                at=f"/tags/{tag}",
                message=f"tag {tag!r} was removed",
                revision=at if new_tags else new.pointer,
            )


def _component_schemas(emitter: Emitter) -> None:
    old = (emitter.base.document.get("components") or {}).get("schemas") or {}
    new = (emitter.revision.document.get("components") or {}).get("schemas") or {}
    if not isinstance(old, dict) or not isinstance(new, dict):
        return
    for name in new:
        if name not in old:
            pointer = jsonpointer.join("components", "schemas", name)
            emitter.emit(
                "api-schema-added",
                operation="",
                at=pointer,
                message=f"schema {name!r} was added",
                revision=pointer,
            )
    for name in old:
        if name not in new:
            pointer = jsonpointer.join("components", "schemas", name)
            emitter.emit(
                "api-schema-removed",
                operation="",
                at=pointer,
                message=f"schema {name!r} was removed",
                revision=None,
                base=pointer,
            )
