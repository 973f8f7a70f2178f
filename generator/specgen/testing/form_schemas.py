"""A form body's schema narrowed to what a form can carry, before values are drawn from it.

A form field is a scalar, a file, a non-empty list of those or a non-empty object of scalars,
and never null (`wire.form_sendable`). Drawn from the spec's schema as it stands, most values of
a field such as a required `type: [object, null]` are null or nested, so the draws that a form
can send were left to chance: within hypothesis' budget, and depending on what the suite had
drawn before, none was found ("no valid value could be drawn") for a schema that admits many.
Drawn from the narrowed schema, nearly every value is sendable. The narrowed schema only adds
constraints (it admits a subset of the spec's values, never more), and every value is still
checked against the spec's own schema before use, so a narrowing that misses a case costs draws,
not correctness. A field that no form value can satisfy is left as it is when it is required
(the draw then fails and the test skips naming the schema) and forbidden when it is optional
(a form leaves it out).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import wire
from .spec import Spec

__all__ = ["sendable_form_media", "sendable_form_schema"]

_SCALARS = ("string", "number", "integer", "boolean")
_NOTHING: dict[str, Any] = {"not": {}}
"""A schema no value satisfies (`false`, which OpenAPI 3.0 does not have)."""


def sendable_form_media(spec: Spec, media: Mapping[str, Any], content_type: str) -> Any:
    """A Media Type Object with its schema narrowed when the media type is a form (the Encoding
    Object's `style` counts for a urlencoded form only, as OpenAPI reads it); else `media`."""
    kind = content_type.split(";")[0].strip().lower()
    urlencoded = kind == "application/x-www-form-urlencoded"
    if not (urlencoded or kind.startswith("multipart/")):
        return media
    encoding = media.get("encoding") if urlencoded else None
    encoding = encoding if isinstance(encoding, Mapping) else {}
    return {**media, "schema": sendable_form_schema(spec, media.get("schema", {}), encoding)}


def sendable_form_schema(spec: Spec, schema: Any, encoding: Mapping[str, Any]) -> Any:
    """The schema of a form body with each declared field narrowed to its sendable values (a
    field whose Encoding Object says `deepObject` may nest: see `_deep`)."""
    target = spec.deref(schema)
    if not isinstance(target, dict) or not isinstance(target.get("properties"), dict):
        return schema
    required = set(target.get("required") or [])
    properties: dict[str, Any] = {}
    for name, sub in target["properties"].items():
        if wire.deep_object(encoding, name):
            narrowed = _deep(spec, sub, 0)
        else:
            narrowed = _narrowed(spec, sub, field=True)
        if narrowed is None:
            narrowed = sub if name in required else _NOTHING
        properties[name] = narrowed
    return {**target, "properties": properties}


def _null_free(target: dict[str, Any], member: Callable[[Any], Any]) -> dict[str, Any] | None:
    """`target` without `nullable`, null enum values and members (`member` narrows each
    anyOf/oneOf member); None when nothing is left: a `const: null`, an enum of null only, or
    no member left. What both narrowings below share."""
    narrowed = {key: value for key, value in target.items() if key != "nullable"}
    for key in ("anyOf", "oneOf"):
        if isinstance(target.get(key), list):
            alive = [m for m in (member(item) for item in target[key]) if m is not None]
            if not alive:
                return None
            narrowed[key] = alive
    if "const" in target and target["const"] is None:
        return None
    if isinstance(target.get("enum"), list):
        narrowed["enum"] = [value for value in target["enum"] if value is not None]
        if not narrowed["enum"]:
            return None
    return narrowed


def _narrowed(spec: Spec, schema: Any, *, field: bool) -> dict[str, Any] | None:
    """`schema` without null, and (`field`) as a field or (else) as a scalar in a field's list
    or object; None when it keeps no value. Schemas this does not understand (`allOf`, `not`,
    no `type`) are kept as they are: their values are filtered, as before."""
    target = spec.deref(schema)
    if target is True or target == {}:
        return {"type": list(_SCALARS)} if not field else {}
    if not isinstance(target, dict) or "allOf" in target or "not" in target:
        return target if isinstance(target, dict) else None
    narrowed = _null_free(target, lambda member: _narrowed(spec, member, field=field))
    if narrowed is None:
        return None
    declared = target.get("type")
    if declared is None:
        return narrowed
    kinds = [declared] if isinstance(declared, str) else [str(kind) for kind in declared]
    kept = [kind for kind in kinds if kind in _SCALARS]
    if field and "array" in kinds and _shape_list(spec, target, narrowed):
        kept.append("array")
    if field and "object" in kinds and _shape_object(spec, target, narrowed):
        kept.append("object")
    if not kept:
        return None
    narrowed["type"] = kept[0] if len(kept) == 1 else kept
    return narrowed


def _shape_list(spec: Spec, target: dict[str, Any], narrowed: dict[str, Any]) -> bool:
    """A field's list: at least one item, each a scalar; False when no item can be one."""
    items = _narrowed(spec, target.get("items", {}), field=False)
    if items is None:
        return False
    narrowed["items"] = items
    narrowed["minItems"] = max(1, int(target.get("minItems") or 0))
    return True


def _shape_object(spec: Spec, target: dict[str, Any], narrowed: dict[str, Any]) -> bool:
    """A field's object: at least one property, each a scalar; False when a required one cannot
    be. Undeclared properties, which nothing describes, are left out."""
    required = set(target.get("required") or [])
    properties: dict[str, Any] = {}
    for name, sub in (target.get("properties") or {}).items():
        scalar = _narrowed(spec, sub, field=False)
        if scalar is None and name in required:
            return False
        properties[name] = _NOTHING if scalar is None else scalar
    extra = target.get("additionalProperties")
    if isinstance(extra, dict) and extra:
        scalar_extra = _narrowed(spec, extra, field=False)
        narrowed["additionalProperties"] = False if scalar_extra is None else scalar_extra
    elif properties:
        narrowed["additionalProperties"] = False
    else:
        return False  # an object of undescribed properties: left to the draws
    narrowed["properties"] = properties
    narrowed["minProperties"] = max(1, int(target.get("minProperties") or 0))
    return True


_DEEPEST = 6
"""How deep a deepObject field's schema is narrowed; below, its values are filtered as before."""


def _deep(spec: Spec, schema: Any, depth: int) -> Any:
    """A deepObject field's schema without null, and with no empty object or list anywhere
    (`wire._deep_sendable`: they send nothing); None when it keeps no value. Stripe's
    `line_items` of `post_tax_calculations`: 2 of 40 drawn values could be sent."""
    target = spec.deref(schema)
    if depth > _DEEPEST or not isinstance(target, dict) or target == {}:
        return target
    if "allOf" in target or "not" in target:
        return target
    narrowed = _null_free(target, lambda member: _deep(spec, member, depth + 1))
    if narrowed is None:
        return None
    declared = target.get("type")
    if declared is None:
        return narrowed
    kinds = [declared] if isinstance(declared, str) else [str(kind) for kind in declared]
    kept = [kind for kind in kinds if kind != "null"]
    if "array" in kept:
        items = _deep(spec, target.get("items", {}), depth + 1)
        if items is None:
            kept.remove("array")
        else:
            narrowed["items"] = items
            narrowed["minItems"] = max(1, int(target.get("minItems") or 0))
    if "object" in kept and not _deep_object(spec, target, narrowed, depth):
        kept.remove("object")
    if not kept:
        return None
    narrowed["type"] = kept[0] if len(kept) == 1 else kept
    return narrowed


def _deep_object(spec: Spec, target: dict[str, Any], narrowed: dict[str, Any], depth: int) -> bool:
    required = set(target.get("required") or [])
    properties: dict[str, Any] = {}
    for name, sub in (target.get("properties") or {}).items():
        value = _deep(spec, sub, depth + 1)
        if value is None and name in required:
            return False
        properties[name] = _NOTHING if value is None else value
    if properties:
        narrowed["properties"] = properties
    extra = target.get("additionalProperties")
    if isinstance(extra, dict) and extra:
        deep_extra = _deep(spec, extra, depth + 1)
        narrowed["additionalProperties"] = False if deep_extra is None else deep_extra
    elif properties:  # undescribed ones (any key, any value) are left out
        narrowed["additionalProperties"] = False
    narrowed["minProperties"] = max(1, int(target.get("minProperties") or 0))
    return True
