# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/runtime/_models.py, the same in every package.
# SPDX-License-Identifier: MIT
"""Base classes of the generated models, and the open-enum helper."""

from __future__ import annotations

import enum
import re
from typing import Any, ClassVar, TypeVar, cast

import pydantic
from pydantic import ConfigDict

__all__ = ["RequestModel", "ResponseModel", "SpecModel", "open_enum_missing"]

_EnumT = TypeVar("_EnumT", bound=enum.Enum)


class SpecModel(pydantic.BaseModel):
    """The base of every generated model.

    Fields are filled by their JSON name or their Python name. Unknown keys are kept (in
    `model_extra`) so that data round-trips even when the server knows more than the spec; a
    generated model may forbid them (`additionalProperties: false`) in its own `model_config`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
        extra="allow",
        protected_namespaces=(),
    )


class RequestModel(SpecModel):
    """The base of models sent in request bodies.

    `__non_nullable__` holds the JSON names of optional properties whose schema does not allow
    null. An explicit None for one of them is refused before any request is made: for a partial
    update, None would otherwise be sent as `null` and clear the field, while leaving the keyword
    out keeps it unchanged.

    `__read_only__` holds the JSON names of `readOnly` properties: they are never sent (a field
    with `json_schema_extra={"readOnly": True}` counts too). `__min_properties__` is the schema's
    `minProperties`: a body, or an object nested in one, with fewer properties is refused before
    sending (so is an empty body the spec requires, unless the model admits `{}`). See
    `_body.build_body`.
    """

    __non_nullable__: ClassVar[frozenset[str]] = frozenset()
    # Rules of the object schema that fields cannot say: `minProperties`; key sets of which one
    # must be present in full (`anyOf: [{required: [lastName]}, {required: [email]}]`); and
    # `readOnly` properties (`build_body` never sends them; they do not count as present).
    __min_properties__: ClassVar[int] = 0
    __required_any_of__: ClassVar[tuple[frozenset[str], ...]] = ()
    __read_only__: ClassVar[frozenset[str]] = frozenset()

    @pydantic.model_validator(mode="before")
    @classmethod
    def _check_object_rules(cls, data: Any) -> Any:
        if not cls.__required_any_of__ or not isinstance(data, dict):
            return data
        # `__min_properties__` is `build_body`'s to check: keys of `extra_body` count too.
        present = {cls._json_name(key) for key in data} - cls.__read_only__
        if not any(keys <= present for keys in cls.__required_any_of__):
            choices = " or ".join(", ".join(sorted(keys)) for keys in cls.__required_any_of__)
            raise ValueError(f"{cls.__name__} needs {choices}")
        return data

    @classmethod
    def _json_name(cls, key: object) -> str:
        info = cls.model_fields.get(str(key))
        return info.alias if info is not None and info.alias else str(key)

    @pydantic.model_validator(mode="before")
    @classmethod
    def _refuse_null(cls, data: Any) -> Any:
        if not cls.__non_nullable__ or not isinstance(data, dict):
            return data
        for json_name in sorted(cls.__non_nullable__):
            names = {json_name}
            for field_name, info in cls.model_fields.items():
                if json_name in (field_name, info.alias, info.validation_alias):
                    names.update((field_name, info.alias or field_name))
            if any(name in data and data[name] is None for name in names):
                raise ValueError(
                    f"{json_name} cannot be null: the spec does not allow null for "
                    f"{cls.__name__}.{json_name} (leave it out to keep it unchanged)"
                )
        return data


class ResponseModel(SpecModel):
    """The base of models parsed from response bodies; unknown keys are kept.

    Keys the spec does not list are attributes too: `ticket.accountId`, and all of them in
    `ticket.model_extra` (`{"accountId": "9"}`). A value of another type than the spec says is
    kept as it came (unless the client has `strict_response_validation=True`), so `model_dump()`
    may warn about it; `model_dump(warnings=False)` does not.
    """

    model_config = ConfigDict(extra="allow")


def _member_name(value: object) -> str:
    name = re.sub(r"\W+", "_", str(value)).strip("_").upper()
    if not name:
        return "UNKNOWN"
    return f"_{name}" if name[0].isdigit() else name


def open_enum_missing(cls: type[_EnumT], value: object) -> _EnumT | None:
    """Turn a value the spec does not list into a pseudo-member of the enum `cls`.

    Servers add enum values over time; a client built from an older spec should keep working.
    The pseudo-member keeps the value (`.value == value`) and gets a name derived from it
    (`"In Progress"` → `IN_PROGRESS`); it is cached, so the same value always gives the same
    object, but it is not listed when iterating over the enum. Values of the wrong type (an int
    for a string enum) are still refused. Use it in a generated enum (this form keeps
    mypy --strict happy; `_missing_ = classmethod(open_enum_missing)` works at runtime, but
    mypy asks for an annotation)::

        class Status(enum.StrEnum):
            OPEN = "Open"

            @classmethod
            def _missing_(cls, value: object) -> Status | None:
                return open_enum_missing(cls, value)
    """
    member_type: Any = getattr(cls, "_member_type_", object)
    if isinstance(value, bool):
        return None
    pseudo: _EnumT
    if member_type is object:
        if not isinstance(value, str | int):
            return None
        pseudo = object.__new__(cls)
    else:
        if not isinstance(value, member_type):
            return None
        pseudo = cast(_EnumT, member_type.__new__(cls, value))
    pseudo._name_ = _member_name(value)
    pseudo._value_ = value
    return cast(_EnumT, cls._value2member_map_.setdefault(value, pseudo))
