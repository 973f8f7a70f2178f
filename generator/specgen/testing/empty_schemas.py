"""Schemas that admit no value, recognised by their shape rather than by failed draws.

Drawing from such a schema fails within hypothesis' budget like an unlucky draw would, with a
message ("no valid value could be drawn") that cannot tell the two apart. Issue 8 allows a skip
only for a schema that truly admits none, named: these shapes are known to admit none, so the
tests say so (and do not spend the budget). The checks are sound, not complete: a schema not
recognised here is drawn from as usual.
"""

from __future__ import annotations

import json
from typing import Any

from .schemas import alternatives
from .spec import Spec

__all__ = ["only_null", "why_no_value"]


def why_no_value(spec: Spec, schema: Any) -> str | None:
    """Why a schema admits no value at all, or None when it is not known to admit none."""
    return _why(spec, schema, 0)


def _why(spec: Spec, schema: Any, depth: int) -> str | None:
    if depth > 8:
        return None
    target = spec.deref(schema)
    if target is False:
        return "the schema is `false`"
    if not isinstance(target, dict):
        return None
    if isinstance(target.get("enum"), list) and not target["enum"]:
        return "its `enum` is empty"
    members = target.get("oneOf")
    if isinstance(members, list) and len(members) > 1:
        seen: dict[str, Any] = {}
        for member in members:
            text = json.dumps(spec.deref(member), sort_keys=True, default=str)
            if text in seen:
                name = member.get("$ref") if isinstance(member, dict) else None
                shown = name or text[:120]
                return (
                    f"its oneOf lists the same schema twice ({shown}): a value that matches"
                    " one member matches the other too, and oneOf wants exactly one"
                )
            seen[text] = member
    for member in target.get("allOf") or []:
        reason = _why(spec, member, depth + 1)
        if reason is not None:
            return f"an allOf member admits no value: {reason}"
    return None


def only_null(spec: Spec, schema: Any) -> bool:
    """Whether every value of a parameter's schema is null or holds nothing but nulls (a list
    of nulls, or the empty list, which sends nothing): no such value has a wire form."""
    options = alternatives(spec, schema)
    return bool(options) and all(_null_only(spec, option) for option in options)


def _null_only(spec: Spec, option: dict[str, Any]) -> bool:
    enum = option.get("enum")
    if isinstance(enum, list) and enum and all(value is None for value in enum):
        return True
    if "const" in option and option["const"] is None:
        return True
    declared = option.get("type")
    if declared == "null" or declared == ["null"]:
        return True
    if declared == "array" and "items" in option:
        return only_null(spec, option["items"])
    return False
