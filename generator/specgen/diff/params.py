"""Parameters: added, removed, required, moved, serialised differently, and their schemas.

Both sides' parameters are the effective ones (path item and operation merged), so moving a
parameter between the two is no change. A parameter's schema is compared in the
`request-parameter` scope, and the properties of an object parameter (deepObject, form, JSON
content) in `request-parameter-property`: an enum value removed there is found like anywhere else.
"""

from __future__ import annotations

from typing import Any

from specgen.diff import schemas
from specgen.diff.context import Emitter, SchemaContext
from specgen.diff.operations import Operation, ParamKey, parameter_label
from specgen.diff.rules import SCOPES
from specgen.document import jsonpointer
from specgen.document.walk import ParameterSite

_DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}


def _at(key: ParamKey, parameter: dict[str, Any]) -> str:
    return jsonpointer.join("parameters", key[0], str(parameter.get("name")))


def _required(parameter: dict[str, Any]) -> bool:
    return parameter.get("in") == "path" or parameter.get("required") is True


def compare(emitter: Emitter, old: Operation, new: Operation) -> None:
    label = new.label
    moved = _moved(old, new)
    for key, site in old.parameters.items():
        if key in new.parameters or key in moved:
            continue
        _removed(emitter, label, new, key, site)
    for key, site in new.parameters.items():
        parameter = site.parameter
        if key in old.parameters:
            compare_parameter(emitter, label, key, old.parameters[key], site)
            continue
        if key in moved.values():
            continue
        required = _required(parameter)
        rule = "new-required-request-parameter" if required else "new-optional-request-parameter"
        text = f"{'required' if required else 'optional'} {parameter_label(parameter)} was added"
        emitter.emit(
            rule, operation=label, at=_at(key, parameter), message=text, revision=site.pointer
        )
    for old_key, new_key in moved.items():
        old_site, new_site = old.parameters[old_key], new.parameters[new_key]
        text = (
            f"{parameter_label(old_site.parameter)} moved to {new_key[0]} "
            f"(now {parameter_label(new_site.parameter)})"
        )
        emitter.emit(
            "request-parameter-location-changed",
            operation=label,
            at=_at(old_key, old_site.parameter),
            message=text,
            revision=new_site.pointer,
        )


def _moved(old: Operation, new: Operation) -> dict[ParamKey, ParamKey]:
    """Parameters that only changed location: same name, one side each."""
    moved: dict[ParamKey, ParamKey] = {}
    gone = [k for k in old.parameters if k not in new.parameters]
    fresh = [k for k in new.parameters if k not in old.parameters]
    for old_key in gone:
        name = str(old.parameters[old_key].parameter.get("name")).lower()
        for new_key in fresh:
            if new_key in moved.values() or new_key[0] == old_key[0]:
                continue
            if str(new.parameters[new_key].parameter.get("name")).lower() == name:
                moved[old_key] = new_key
                break
    return moved


def _removed(
    emitter: Emitter, label: str, new: Operation, key: ParamKey, site: ParameterSite
) -> None:
    from specgen.diff.wire import sunset_state

    parameter = site.parameter
    state, note = sunset_state(parameter, emitter.today)
    rule = {
        "undeprecated": "request-parameter-removed",
        "deprecated": "request-parameter-removed-with-deprecation",
        "before-sunset": "request-parameter-removed-before-sunset",
        "unparsable": "request-parameter-sunset-parse",
    }[state]
    emitter.emit(
        rule,
        operation=label,
        at=_at(key, parameter),
        message=f"{parameter_label(parameter)} was removed; {note}",
        revision=None,
        base=site.pointer,
        anchor=new.pointer,
    )


def compare_parameter(
    emitter: Emitter, label: str, key: ParamKey, old_site: ParameterSite, new_site: ParameterSite
) -> None:
    old, new = old_site.parameter, new_site.parameter
    at = _at(key, new)
    subject = parameter_label(new)

    def emit(rule: str, text: str, pointer: str) -> None:
        emitter.emit(rule, operation=label, at=at, message=f"{subject}: {text}", revision=pointer)

    was, now = _required(old), _required(new)
    if was != now:
        rule = "request-parameter-became-required" if now else "request-parameter-became-optional"
        emit(rule, f"became {'required' if now else 'optional'}", _pointer(new_site, "required"))
    if (old.get("deprecated") is True) != (new.get("deprecated") is True):
        if new.get("deprecated") is True:
            emit("request-parameter-deprecated", "was deprecated", _pointer(new_site, "deprecated"))
        else:
            emit("request-parameter-reactivated", "is no longer deprecated", new_site.pointer)
    location = str(new.get("in"))
    old_style = old.get("style") or _DEFAULT_STYLE.get(location)
    new_style = new.get("style") or _DEFAULT_STYLE.get(location)
    if old_style != new_style:
        emit(
            "request-parameter-style-changed",
            f"style {old_style} → {new_style}",
            _pointer(new_site, "style"),
        )
    old_explode = old.get("explode", old_style == "form")
    new_explode = new.get("explode", new_style == "form")
    if old_explode != new_explode:
        emit(
            "request-parameter-explode-changed",
            f"explode {old_explode} → {new_explode}",
            _pointer(new_site, "explode"),
        )
    old_schema, old_at, old_media = _schema_of(old_site)
    new_schema, new_at, new_media = _schema_of(new_site)
    if old_media != new_media:
        text = f"content {old_media or '(none)'} → {new_media or '(none)'}"
        emit("request-parameter-media-type-changed", text, _pointer(new_site, "content"))
    if old_schema is None or new_schema is None:
        return
    ctx = SchemaContext(
        emitter=emitter,
        scope=SCOPES["request-parameter"],
        operation=label,
        at=at,
        where=subject,
    )
    base = emitter.base_nodes.node(old_schema, old_at)
    rev = emitter.revision_nodes.node(new_schema, new_at)
    schemas.compare(ctx, base, rev)


def _pointer(site: ParameterSite, key: str) -> str:
    return jsonpointer.append(site.pointer, key) if key in site.parameter else site.pointer


def _schema_of(site: ParameterSite) -> tuple[Any, str, str | None]:
    """The parameter's schema, where it sits, and its content media type (if any)."""
    parameter = site.parameter
    if "schema" in parameter:
        return parameter["schema"], jsonpointer.append(site.pointer, "schema"), None
    content = parameter.get("content")
    if isinstance(content, dict) and content:
        media_type, media = next(iter(content.items()))
        if isinstance(media, dict) and "schema" in media:
            pointer = jsonpointer.append(site.pointer, "content", media_type, "schema")
            return media["schema"], pointer, str(media_type)
        return None, site.pointer, str(media_type)
    return None, site.pointer, None
