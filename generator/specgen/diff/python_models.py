"""Python-API findings for the model classes: removed or added, their fields and enum members."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from specgen.document import jsonpointer
from specgen.ir import naming
from specgen.ir import nodes as ir

if TYPE_CHECKING:
    from specgen.diff.python_api import Side


class Emit(Protocol):
    def __call__(
        self,
        rule: str,
        text: str,
        *,
        operation: str = "",
        at: str,
        revision: str | None,
        base: str | None = None,
        anchor: str | None = None,
    ) -> None: ...


def compare_models(emit: Emit, old_side: Side, new_side: Side) -> None:
    old = {m.name: m for m in old_side.api.models}
    new = {m.name: m for m in new_side.api.models}
    for name, model in old.items():
        at = f"/python/models/{name}"
        if name not in new:
            emit(
                "python-model-removed",
                f"models.{name} was removed or renamed",
                at=at,
                revision=None,
                base=model.pointer,
            )
            continue
        _compare_model(emit, old_side, new_side, model, new[name])
    for name, model in new.items():
        if name not in old:
            emit(
                "python-model-added",
                f"models.{name} was added",
                at=f"/python/models/{name}",
                revision=model.pointer,
            )


def _compare_model(
    emit: Emit, old_side: Side, new_side: Side, old: ir.Model, new: ir.Model
) -> None:
    old_schema = old.schema if isinstance(old.schema, dict) else {}
    new_schema = new.schema if isinstance(new.schema, dict) else {}
    at = f"/python/models/{new.name}"
    old_enum = [v for v in old_schema.get("enum") or [] if v is not None]
    new_enum = [v for v in new_schema.get("enum") or [] if v is not None]
    for value in old_enum:
        if value not in new_enum and isinstance(new_schema.get("enum"), list):
            emit(
                "python-enum-member-removed",
                f"models.{new.name}: the member for {value!r} was removed",
                at=f"{at}/members/{value}",
                revision=new.pointer,
            )
    for value in new_enum:
        if value not in old_enum and isinstance(old_schema.get("enum"), list):
            emit(
                "python-enum-member-added",
                f"models.{new.name}: a member for {value!r} was added",
                at=f"{at}/members/{value}",
                revision=new.pointer,
            )
    old_fields = _fields(old.name, old_side)
    new_fields = _fields(new.name, new_side)
    constructed = new.used_in_request  # user code builds request models; responses are parsed
    for name, (python_name, required, annotation) in old_fields.items():
        field_at = f"{at}/fields/{name}"
        pointer = jsonpointer.append(new.pointer, "properties", name)
        if name not in new_fields:
            emit(
                "python-model-field-removed",
                f"models.{new.name}.{python_name} was removed",
                at=field_at,
                revision=None,
                base=jsonpointer.append(old.pointer, "properties", name),
                anchor=new.pointer,
            )
            continue
        _, now_required, now_annotation = new_fields[name]
        if now_required and not required and constructed:
            emit(
                "python-model-field-became-required",
                f"models.{new.name}({python_name}=) is now required",
                at=field_at,
                revision=pointer,
            )
        if not same_type(now_annotation, annotation):
            emit(
                "python-model-field-type-changed",
                f"models.{new.name}.{python_name}: {now_annotation} (was {annotation})",
                at=field_at,
                revision=pointer,
            )
    for name, (python_name, required, _) in new_fields.items():
        if name in old_fields:
            continue
        rule = (
            "python-model-field-added-required"
            if required and constructed
            else "python-model-field-added"
        )
        emit(
            rule,
            f"models.{new.name}.{python_name} was added",
            at=f"{at}/fields/{name}",
            revision=jsonpointer.append(new.pointer, "properties", name),
        )


def _fields(model: str, side: Side) -> dict[str, tuple[str, bool, str]]:
    """JSON name → (attribute name, required, annotation) of a model's fields, allOf bases'
    included (the generated class inherits them)."""
    node = side.schemas.at(jsonpointer.join("components", "schemas", model))
    return {
        name: (
            naming.snake(name),
            name in node.required,
            side.hints.annotation(sub.sites[0][0] if sub.sites else {}, input=False),
        )
        for name, sub in node.properties().items()
    }


def union_members(annotation: str) -> list[str]:
    """The top-level members of a `A | B[C | D]` annotation."""
    members, depth, start = [], 0, 0
    for index, char in enumerate(annotation):
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == "|" and depth == 0:
            members.append(annotation[start:index].strip())
            start = index + 1
    members.append(annotation[start:].strip())
    return members


def same_type(a: str, b: str) -> bool:
    """Whether two annotations mean the same type (union members in any order)."""
    return a == b or sorted(union_members(a)) == sorted(union_members(b))
