"""Lenient parsing: a response body that does not match its model is kept, not refused.

Servers send what their documents do not say: `"isDeleted": false` where the spec has a string,
`"threadCount": 1` where it has a string, a new nested shape. By default the client does not fail
a call that succeeded on the server because of that: every value that matches its field is
parsed as usual, and every value that does not is kept as it came, readable as the attribute
(`ticket.is_deleted` is `False`), like an unknown key. `strict_response_validation=True` on the
client raises `APIResponseValidationError` instead.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Mapping
from typing import Annotated, Any, Union

import pydantic
from pydantic.fields import FieldInfo

__all__ = ["lenient_value"]


@functools.cache
def _adapter(annotation: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(annotation)


def _validate(annotation: Any, data: object) -> object:
    try:
        adapter = _adapter(annotation)
    except TypeError:  # unhashable annotation
        adapter = pydantic.TypeAdapter(annotation)
    return adapter.validate_python(data)


def lenient_value(annotation: Any, data: object) -> object:
    """`data` (decoded JSON) parsed into `annotation` as far as it matches; the rest as given.

    A model keeps the fields that validate, the values that do not (as they came), and
    unknown keys; a list or dict is parsed item by item; anything else that does not match is
    returned as it is.
    """
    try:
        return _validate(annotation, data)
    except pydantic.ValidationError:
        pass
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        return lenient_value(args[0], data)
    if origin in (Union, types.UnionType):
        members = [arg for arg in args if arg is not type(None)]
        if isinstance(data, Mapping):
            models = [arg for arg in members if _is_model(arg)]
            if models:  # of a oneOf, the member the data misses least
                return _lenient_model(min(models, key=lambda m: _error_count(m, data)), data)
        if isinstance(data, list):
            lists = [arg for arg in members if typing.get_origin(arg) is list]
            if len(lists) == 1:
                return lenient_value(lists[0], data)
        return data
    if _is_model(annotation) and isinstance(data, Mapping):
        return _lenient_model(annotation, data)
    if isinstance(annotation, type) and issubclass(annotation, pydantic.RootModel):
        root = annotation.model_fields["root"]
        return annotation.model_construct(root=lenient_value(_annotation(root), data))
    if origin in (list, tuple, set, frozenset) and isinstance(data, list) and args:
        return [lenient_value(args[0], item) for item in data]
    if origin is dict and isinstance(data, Mapping) and len(args) == 2:
        return {key: lenient_value(args[1], value) for key, value in data.items()}
    return data


def _error_count(model: type[pydantic.BaseModel], data: object) -> int:
    try:
        model.model_validate(data)
    except pydantic.ValidationError as exc:
        return exc.error_count()
    return 0


def _annotation(
    info: FieldInfo, model: type[pydantic.BaseModel] | None = None, name: str = ""
) -> Any:
    """A field's type with its constraints (`Annotated[str, MaxLen(5)]`)."""
    annotation: Any = info.annotation
    if model is not None and isinstance(annotation, typing.ForwardRef | str):
        # A field naming a class defined further down the module (GitHub's
        # `CodeScanningAlertItems.state`) keeps the ForwardRef in its FieldInfo after the model
        # is complete; a TypeAdapter of it alone could not be built.
        annotation = _type_hints(model).get(name, annotation)
    return Annotated[annotation, *info.metadata] if info.metadata else annotation


@functools.cache
def _type_hints(model: type[pydantic.BaseModel]) -> dict[str, Any]:
    try:
        return typing.get_type_hints(model)
    except (NameError, TypeError):
        return {}


def _is_model(annotation: object) -> bool:
    return (
        isinstance(annotation, type)
        and issubclass(annotation, pydantic.BaseModel)
        and not issubclass(annotation, pydantic.RootModel)
    )


def _lenient_model(model: type[pydantic.BaseModel], data: Mapping[str, Any]) -> object:
    values: dict[str, object] = {}
    taken: set[str] = set()
    for name, info in model.model_fields.items():
        for key in (info.alias or name, name):
            if key in data:
                values[name] = lenient_value(_annotation(info, model, name), data[key])
                taken.add(key)
                break
    extra = {key: value for key, value in data.items() if key not in taken}
    if model.model_config.get("extra") == "allow":
        values.update(extra)
    return model.model_construct(_fields_set=set(values) - set(extra), **values)
