"""Comparing the keywords of one schema node: types, nullability, enums, bounds, patterns, ...

Each function reads one concern of two resolved nodes and emits schema rules (see `rules.py`) in
the context's scope; `schemas.py` calls them and walks the structure.
"""

from __future__ import annotations

from typing import Any

from specgen.diff.context import SchemaContext
from specgen.diff.resolve import Node, as_dict, canonical

# (keyword, rule kind, the value an absent keyword means)
BOUNDS: tuple[tuple[str, str, int | None], ...] = (
    ("maximum", "max", None),
    ("exclusiveMaximum", "exclusive-max", None),
    ("maxLength", "max-length", None),
    ("maxItems", "max-items", None),
    ("maxProperties", "max-properties", None),
    ("maxContains", "max-contains", None),
    ("minimum", "min", None),
    ("exclusiveMinimum", "exclusive-min", None),
    ("minLength", "min-length", 0),
    ("minItems", "min-items", 0),
    ("minProperties", "min-properties", 0),
    ("minContains", "min-contains", 1),
)
# Formats whose second value holds every value of the first.
WIDER_FORMATS = frozenset({("int32", "int64"), ("float", "double"), ("int32", "double")})
ANY_STRING_PATTERNS = frozenset({"", ".*", "^.*$", "^.*", ".*$", "(.*)", "^(.*)$"})
XML_COMPATIBLE = frozenset({"object", "string"})


def show(value: Any) -> str:
    text = canonical(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _values(values: list[Any]) -> str:
    return ", ".join(show(v) for v in values)


def compare_types(ctx: SchemaContext, base: Node, rev: Node) -> bool:
    """Emit the type change; False when the types differ so much that nothing else is compared."""
    old, new = base.types, rev.types
    if old == new:
        return True
    at = rev.at("type")
    described = f"type {_types(old)} → {_types(new)}"
    if not old:
        ctx.emit("type-specialized", f"{described} (the type was not set)", at)
        return True
    if not new:
        ctx.emit("type-generalized", f"{described} (the type is no longer set)", at)
        return True
    if len(old) == 1 and len(new) == 1:
        if old == {"integer"} and new == {"number"}:
            ctx.emit("type-generalized", described, at)
            return True
        if old == {"number"} and new == {"integer"}:
            ctx.emit("type-specialized", described, at)
            return True
        if ctx.xml and old | new <= XML_COMPATIBLE:
            ctx.emit("type-compatible", f"{described} (XML does not tell them apart)", at)
            return True
        ctx.emit("type-changed", described, at)
        return False
    if _covers(new, old):
        ctx.emit("list-of-types-widened", described, at)
        return True
    if _covers(old, new):
        ctx.emit("list-of-types-narrowed", described, at)
        return True
    ctx.emit("type-changed", described, at)
    return False


def _covers(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _types(kinds: frozenset[str]) -> str:
    if not kinds:
        return "any"
    return "|".join(sorted(kinds))


def compare_nullable(ctx: SchemaContext, base: Node, rev: Node) -> None:
    if base.nullable == rev.nullable:
        return
    if rev.nullable:
        ctx.emit("became-nullable", "null is now allowed", rev.pointer)
    else:
        ctx.emit("became-not-nullable", "null is no longer allowed", rev.pointer)


def compare_format(ctx: SchemaContext, base: Node, rev: Node) -> None:
    old, new = base.get("format"), rev.get("format")
    if old == new:
        return
    at = rev.at("format")
    if old is None:
        ctx.emit("format-added", f"format {show(new)} was set", at)
    elif new is None:
        ctx.emit("format-removed", f"format {show(old)} was removed", at)
    elif (old, new) in WIDER_FORMATS:
        ctx.emit("format-generalized", f"format {show(old)} → {show(new)}", at)
    elif (new, old) in WIDER_FORMATS:
        ctx.emit("format-specialized", f"format {show(old)} → {show(new)}", at)
    else:
        ctx.emit("format-changed", f"format {show(old)} → {show(new)}", at)


def compare_values(ctx: SchemaContext, base: Node, rev: Node) -> None:
    """enum, x-extensible-enum, const and default."""
    old, new = _list(base.get("enum")), _list(rev.get("enum"))
    at = rev.at("enum")
    if old is None and new is not None:
        ctx.emit("became-enum", f"values restricted to {_values(new)}", at)
    elif old is not None and new is None:
        ctx.emit("no-longer-enum", f"the enum {_values(old)} was removed", rev.pointer)
    elif old is not None and new is not None:
        added, removed = _difference(new, old), _difference(old, new)
        if added:
            ctx.emit("enum-value-added", f"enum value(s) added: {_values(added)}", at)
        if removed:
            ctx.emit("enum-value-removed", f"enum value(s) removed: {_values(removed)}", at)
    old_x, new_x = _list(base.get("x-extensible-enum")), _list(rev.get("x-extensible-enum"))
    if old_x and new_x is not None and (removed := _difference(old_x, new_x)):
        ctx.emit(
            "x-extensible-enum-value-removed",
            f"x-extensible-enum value(s) removed: {_values(removed)}",
            rev.at("x-extensible-enum"),
        )
    for key, kind in (("const", "const"), ("default", "default-value")):
        has_old, has_new = base.has(key), rev.has(key)
        old_value, new_value = base.get(key), rev.get(key)
        if not has_old and has_new:
            ctx.emit(f"{kind}-added", f"{key} {show(new_value)} was set", rev.at(key))
        elif has_old and not has_new:
            ctx.emit(f"{kind}-removed", f"{key} {show(old_value)} was removed", rev.pointer)
        elif has_old and canonical(old_value) != canonical(new_value):
            ctx.emit(f"{kind}-changed", f"{key} {show(old_value)} → {show(new_value)}", rev.at(key))


def _list(value: Any) -> list[Any] | None:
    return list(value) if isinstance(value, list) else None


def _difference(values: list[Any], minus: list[Any]) -> list[Any]:
    taken = {canonical(v) for v in minus}
    return [v for v in values if canonical(v) not in taken]


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return None


def compare_bounds(ctx: SchemaContext, base: Node, rev: Node) -> None:
    for key, kind, default in BOUNDS:
        old, new = _number(base.get(key)), _number(rev.get(key))
        if old == new or (old is None and new == default) or (new is None and old == default):
            continue  # an absent bound and its default (minLength 0, minContains 1) are the same
        at = rev.at(key)
        if old is None:
            ctx.emit(f"{kind}-set", f"{key} {show(new)} was set", at)
        elif new is None:
            ctx.emit(f"{kind}-unset", f"{key} {show(old)} was removed", rev.pointer)
        elif new < old:
            ctx.emit(f"{kind}-decreased", f"{key} lowered from {show(old)} to {show(new)}", at)
        else:
            ctx.emit(f"{kind}-increased", f"{key} raised from {show(old)} to {show(new)}", at)
    old, new = _number(base.get("multipleOf")), _number(rev.get("multipleOf"))
    if old != new:
        if old is None:
            ctx.emit("multiple-of-set", f"multipleOf {show(new)} was set", rev.at("multipleOf"))
        elif new is None:
            ctx.emit("multiple-of-unset", f"multipleOf {show(old)} was removed", rev.pointer)
        else:
            message = f"multipleOf {show(old)} → {show(new)}"
            ctx.emit("multiple-of-changed", message, rev.at("multipleOf"))
    if base.flag("uniqueItems") != rev.flag("uniqueItems"):
        if rev.flag("uniqueItems"):
            ctx.emit("unique-items-set", "items must now be unique", rev.at("uniqueItems"))
        else:
            ctx.emit("unique-items-unset", "items need no longer be unique", rev.pointer)


def compare_pattern(ctx: SchemaContext, base: Node, rev: Node) -> None:
    old, new = base.get("pattern"), rev.get("pattern")
    if old == new:
        return
    at = rev.at("pattern")
    if old is None:
        ctx.emit("pattern-added", f"pattern {show(new)} was set", at)
    elif new is None:
        ctx.emit("pattern-removed", f"pattern {show(old)} was removed", rev.pointer)
    elif isinstance(new, str) and new in ANY_STRING_PATTERNS:
        ctx.emit("pattern-generalized", f"pattern {show(old)} → {show(new)} (any string)", at)
    else:
        ctx.emit("pattern-changed", f"pattern {show(old)} → {show(new)}", at)


def compare_flags(ctx: SchemaContext, base: Node, rev: Node) -> None:
    """deprecated, readOnly, writeOnly."""
    for key, on, off in (
        ("deprecated", "deprecated", "reactivated"),
        ("readOnly", "became-read-only", "became-not-read-only"),
        ("writeOnly", "became-write-only", "became-not-write-only"),
    ):
        old, new = base.flag(key), rev.flag(key)
        if old != new:
            text = f"{key} is now {'set' if new else 'unset'}"
            ctx.emit(on if new else off, text, rev.at(key) if new else rev.pointer)


def compare_discriminator(ctx: SchemaContext, base: Node, rev: Node) -> None:
    old, new = base.get("discriminator"), rev.get("discriminator")
    old = old if isinstance(old, dict) else None
    new = new if isinstance(new, dict) else None
    at = rev.at("discriminator")
    if new is not None and old is None:
        ctx.emit("discriminator-added", f"discriminator {show(new.get('propertyName'))}", at)
        return
    if old is None:
        return
    if new is None:
        ctx.emit("discriminator-removed", "the discriminator was removed", rev.pointer)
        return
    if old.get("propertyName") != new.get("propertyName"):
        message = f"propertyName {show(old.get('propertyName'))} → {show(new.get('propertyName'))}"
        ctx.emit("discriminator-property-name-changed", message, at)
    old_map = as_dict(old.get("mapping"))
    new_map = as_dict(new.get("mapping"))
    if added := [k for k in new_map if k not in old_map]:
        ctx.emit("discriminator-mapping-added", f"mapping value(s) added: {_values(added)}", at)
    if deleted := [k for k in old_map if k not in new_map]:
        ctx.emit(
            "discriminator-mapping-deleted", f"mapping value(s) removed: {_values(deleted)}", at
        )
    if changed := [k for k in old_map if k in new_map and old_map[k] != new_map[k]]:
        ctx.emit("discriminator-mapping-changed", f"mapping changed for {_values(changed)}", at)


def compare_dependencies(ctx: SchemaContext, base: Node, rev: Node) -> None:
    """dependentRequired, contentMediaType and contentEncoding."""
    old = as_dict(base.get("dependentRequired"))
    new = as_dict(rev.get("dependentRequired"))
    at = rev.at("dependentRequired")
    for name in new:
        if name not in old:
            message = f"dependentRequired {show(name)}: {show(new[name])} was added"
            ctx.emit(
                "dependent-required-added", message, at, at=f"{ctx.at}/dependentRequired/{name}"
            )
        elif canonical(old[name]) != canonical(new[name]):
            message = f"dependentRequired {show(name)}: {show(old[name])} → {show(new[name])}"
            ctx.emit(
                "dependent-required-changed", message, at, at=f"{ctx.at}/dependentRequired/{name}"
            )
    for name in old:
        if name not in new:
            message = f"dependentRequired {show(name)} was removed"
            ctx.emit(
                "dependent-required-removed",
                message,
                rev.pointer,
                at=f"{ctx.at}/dependentRequired/{name}",
            )
    for key, kind in (
        ("contentMediaType", "content-media-type-changed"),
        ("contentEncoding", "content-encoding-changed"),
    ):
        if base.get(key) != rev.get(key):
            message = f"{key} {show(base.get(key))} → {show(rev.get(key))}"
            ctx.emit(kind, message, rev.at(key))
