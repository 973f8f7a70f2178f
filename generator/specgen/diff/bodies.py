"""Request bodies (and webhook payloads): added, removed, required, media types, schemas.

A webhook's request body is sent by the API to its subscribers, so it is compared in the
`webhook-payload` scope, with the levels of a response: widening it breaks receivers.
"""

from __future__ import annotations

from typing import Any

from specgen.diff import schemas
from specgen.diff.context import Emitter, SchemaContext
from specgen.diff.operations import Operation
from specgen.diff.resolve import as_dict
from specgen.diff.rules import SCOPES
from specgen.document import jsonpointer
from specgen.document.refs import deref


def body_of(document: dict[str, Any], op: Operation) -> tuple[dict[str, Any] | None, str]:
    pointer = jsonpointer.append(op.pointer, "requestBody")
    if "requestBody" not in op.operation:
        return None, pointer
    target = deref(document, op.operation["requestBody"], pointer)
    return (target.node if isinstance(target.node, dict) else None), target.pointer


def is_xml(media_type: str) -> bool:
    base = media_type.split(";")[0].strip().lower()
    return base.endswith("/xml") or base.endswith("+xml")


def compare(emitter: Emitter, old: Operation, new: Operation) -> None:
    label = new.label
    old_body, old_at = body_of(emitter.base.document, old)
    new_body, new_at = body_of(emitter.revision.document, new)
    webhook = new.webhook

    def emit(
        rule: str,
        text: str,
        revision: str | None,
        base: str | None = None,
        anchor: str | None = None,
    ) -> None:
        emitter.emit(
            rule,
            operation=label,
            at="/requestBody",
            message=text,
            revision=revision,
            base=base,
            anchor=anchor,
        )

    if old_body is None and new_body is None:
        return
    if old_body is None:
        assert new_body is not None
        if webhook:
            emit("webhook-payload-became-required", "a payload is now sent", new_at)
        elif new_body.get("required") is True:
            emit("request-body-added-required", "a required request body was added", new_at)
        else:
            emit("request-body-added-optional", "an optional request body was added", new_at)
        return
    if new_body is None:
        if webhook:
            emit(
                "webhook-payload-became-optional",
                "no payload is sent any more",
                None,
                base=old_at,
                anchor=new.pointer,
            )
        else:
            emit(
                "request-body-removed",
                "the request body was removed",
                None,
                base=old_at,
                anchor=new.pointer,
            )
        return
    was, now = old_body.get("required") is True, new_body.get("required") is True
    if was != now:
        if webhook:
            rule = "webhook-payload-became-required" if now else "webhook-payload-became-optional"
        else:
            rule = "request-body-became-required" if now else "request-body-became-optional"
        text = f"the request body became {'required' if now else 'optional'}"
        at = jsonpointer.append(new_at, "required") if "required" in new_body else new_at
        emit(rule, text, at)
    prefix = "webhook-payload" if webhook else "request-body"
    scope = SCOPES["webhook-payload" if webhook else "request-body"]
    compare_content(
        emitter, label, "/requestBody", old_body, old_at, new_body, new_at, prefix, scope.name
    )


def compare_content(
    emitter: Emitter,
    label: str,
    at: str,
    old: dict[str, Any],
    old_at: str,
    new: dict[str, Any],
    new_at: str,
    prefix: str,
    scope: str,
) -> None:
    """The `content` maps of a body or response: media types, and each one's schema."""
    old_content = as_dict(old.get("content"))
    new_content = as_dict(new.get("content"))
    where = "request body" if prefix == "request-body" else "webhook payload"
    if prefix.startswith("response"):
        where = f"response {at.rsplit('/', 1)[-1]}"
    for media_type in new_content:
        if media_type not in old_content:
            emitter.emit(
                f"{prefix}-media-type-added",
                operation=label,
                at=jsonpointer.append(at, "content", media_type),
                message=f"{where}: media type {media_type} was added",
                revision=jsonpointer.append(new_at, "content", media_type),
            )
    for media_type, old_media in old_content.items():
        media_at = jsonpointer.append(at, "content", media_type)
        if media_type not in new_content:
            emitter.emit(
                f"{prefix}-media-type-removed",
                operation=label,
                at=media_at,
                message=f"{where}: media type {media_type} was removed",
                revision=None,
                base=jsonpointer.append(old_at, "content", media_type),
                anchor=new_at,
            )
            continue
        new_media = new_content[media_type]
        if not isinstance(old_media, dict) or not isinstance(new_media, dict):
            continue
        if "schema" not in old_media or "schema" not in new_media:
            continue
        ctx = SchemaContext(
            emitter=emitter,
            scope=SCOPES[scope],
            operation=label,
            at=media_at,
            where=f"{where} ({media_type})",
            xml=is_xml(media_type),
        )
        base = emitter.base_nodes.node(
            old_media["schema"], jsonpointer.append(old_at, "content", media_type, "schema")
        )
        rev = emitter.revision_nodes.node(
            new_media["schema"], jsonpointer.append(new_at, "content", media_type, "schema")
        )
        schemas.compare(ctx, base, rev)
