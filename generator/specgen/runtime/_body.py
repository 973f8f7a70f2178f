"""Request bodies: validated against the spec's model, then sent as the caller wrote them.

`build_body()` is what a generated method calls with `body=`, its body keywords and
`extra_body=`. The values are validated by the body's model, every problem collected, and then
the *caller's* values are sent, not pydantic's conversions of them: `True` stays `true` where
the model also allows a number (pydantic's lax mode would make it `1`), files stay files. Only
conversions within a JSON type are taken from the model (a `datetime` written as RFC 3339, an
enum as its value). Properties the model marks read-only are never sent. `extra_body` is merged
last, unvalidated: the one way to send keys the spec does not list.

Problems are not raised here: `build_body` returns a `RefusedBody`, and the client raises
`errors.RequestValidationError` from it, with the request that would have been sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pydantic

from ._lazy import resolve_model
from ._types import NOT_GIVEN, NotGiven
from ._values import is_file, jsonable
from .errors import RequestProblem

__all__ = ["RefusedBody", "build_body", "min_properties", "problems_of", "read_only_names"]

_MISSING: Any = object()


@dataclass(frozen=True, slots=True)
class RefusedBody:
    """A body that must not be sent, and why; the client raises `RequestValidationError`."""

    problems: tuple[RequestProblem, ...]


def build_body(
    model: type[pydantic.BaseModel] | str | None,
    body: object,
    fields: Mapping[str, object],
    *,
    required: bool = False,
    nullable: bool = False,
    extra_body: Mapping[str, object] | None = None,
) -> object:
    """Assemble the body of a request from `body=` or from the method's body keywords.

    Args:
        model: the model validating the body (the class, or its name in the package's
            `models`, imported on first use), or None when the body is not validated here.
        body: what the caller passed as `body=` (a model instance or a mapping), or NOT_GIVEN.
        fields: JSON property name → keyword value (NOT_GIVEN when the keyword was left out).
        required: the spec requires a body. With nothing given, the call is refused, unless
            the model admits an empty object (no required property, no `__min_properties__`),
            which is then sent.
        nullable: the body's schema admits null: `body=None` sends JSON `null`.
        extra_body: keys sent on top of the validated body, as they are (not validated).

    Returns:
        The JSON-ready value (only the properties that were given: a property left out is not
        sent, an explicit None is sent as null), NOT_GIVEN when nothing was given, or a
        `RefusedBody` listing every problem.
    """
    model_class: type[pydantic.BaseModel] | None = resolve_model(model)
    given = {name: value for name, value in fields.items() if not isinstance(value, NotGiven)}
    extra = {str(key): jsonable(value) for key, value in (extra_body or {}).items()}
    if not isinstance(body, NotGiven) and given:
        names = ", ".join(sorted(given))
        return _refuse(f"pass either body= or the body keywords, not both (got body= and {names})")
    if body is None and nullable:
        return _with_extra(None, extra)
    if model_class is None:
        if not isinstance(body, NotGiven):
            return _with_extra(jsonable(body), extra)
        if given or extra:
            return _with_extra(jsonable(given), extra)
        return NOT_GIVEN
    if isinstance(body, NotGiven) and not given and not extra and not required:
        return NOT_GIVEN
    original: object
    if isinstance(body, NotGiven):
        original = given
    elif isinstance(body, model_class | Mapping):
        original = body
    elif isinstance(body, pydantic.BaseModel):
        original = body.model_dump(by_alias=True, exclude_unset=True)
    else:
        return _refuse(
            f"body must be a {model_class.__name__} or a mapping, not {type(body).__name__}"
        )
    data: object = original
    if isinstance(original, model_class):
        data = original.model_dump(by_alias=True, exclude_unset=True)
    if isinstance(data, Mapping):
        data = dict(data)
    problems, data = _null_problems(model_class, data)
    try:
        instance = model_class.model_validate(_placeholders(data))
    except pydantic.ValidationError as exc:
        problems.extend(problems_of(model_class, exc, data))
    if problems:
        return RefusedBody(tuple(problems))
    dumped = instance.model_dump(mode="json", by_alias=True, exclude_unset=True)
    sent = _as_given(instance, original, dumped)
    nested = _nested_min_problems(model_class, instance, sent, ())
    if nested:
        return RefusedBody(tuple(nested))
    minimum = min_properties(model_class)
    too_few = isinstance(sent, dict) and len({*sent, *extra}) < max(minimum, int(required))
    if too_few and (minimum or not _admits_empty(model_class)):
        return _refuse(
            "the request body has no fields"
            + (f"; the spec requires at least {minimum}" if minimum > 1 else "")
            + ": give at least one keyword (or body=)"
        )
    return _with_extra(sent, extra)


def problems_of(
    model: type[pydantic.BaseModel], error: pydantic.ValidationError, data: object = None
) -> list[RequestProblem]:
    """pydantic's errors as `RequestProblem`s: Python keyword, JSON path and message.

    For a root model (a oneOf or anyOf body) the keyword is `body`, and the member a problem
    belongs to is named in its message (`as Dog: Input should be a valid string`).
    """
    names = {(info.alias or name): name for name, info in model.model_fields.items()}
    is_root = issubclass(model, pydantic.RootModel)
    problems = []
    for item in error.errors(include_url=False, include_input=False):
        loc = tuple(item["loc"])
        message = str(item["msg"]).removeprefix("Value error, ")
        if is_root:
            # A oneOf/anyOf: pydantic puts the member (its tag or class name) first.
            if len(loc) > 1 and isinstance(loc[0], str) and not _has_key(data, loc[0]):
                message, loc = f"as {loc[0]}: {message}", loc[1:]
            problems.append(RequestProblem("body", _path(loc), message))
            continue
        if not loc:
            problems.append(RequestProblem(None, "", message))
            continue
        first = str(loc[0])
        keyword = names.get(first, first if first in model.model_fields else None)
        info = model.model_fields.get(keyword) if keyword else None
        json_name = (info.alias if info is not None else None) or first
        problems.append(RequestProblem(keyword, _path((json_name, *loc[1:])), message))
    return problems


def _has_key(data: object, key: str) -> bool:
    return isinstance(data, Mapping) and key in data


def _refuse(message: str) -> RefusedBody:
    return RefusedBody((RequestProblem(None, "", message),))


def _with_extra(value: object, extra: dict[str, object]) -> object:
    if not extra:
        return value
    if isinstance(value, NotGiven):
        return dict(extra)
    if isinstance(value, Mapping):
        return {**value, **extra}
    return _refuse(f"extra_body needs an object body, not a {type(value).__name__}")


def _path(loc: Sequence[object]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _null_problems(
    model: type[pydantic.BaseModel], data: object
) -> tuple[list[RequestProblem], object]:
    """None given for properties that cannot be null, and the data without them."""
    non_nullable: frozenset[str] = getattr(model, "__non_nullable__", frozenset())
    if not non_nullable or not isinstance(data, dict):
        return [], data
    problems = []
    for name, info in model.model_fields.items():
        json_name = info.alias or name
        if json_name not in non_nullable:
            continue
        for key in {name, json_name}:
            if key in data and data[key] is None:
                problems.append(
                    RequestProblem(
                        name,
                        json_name,
                        f"{json_name} cannot be null: the spec does not allow null for "
                        f"{model.__name__}.{json_name} (leave it out to keep it unchanged)",
                    )
                )
                data = {k: v for k, v in data.items() if k != key}
    return problems, data


def _placeholders(data: object) -> object:
    """`data` with files replaced by b"" (a file's content is not the model's business), and
    nested models by their dicts (the fields they were given): an object read and sent back
    inside a body (a response `Profile` where the request class is `ProfileRequest`, see
    `RequestModel`) is then validated as the request class, as a dict of it would be."""
    if is_file(data):
        return b""
    if isinstance(data, pydantic.BaseModel):
        return _placeholders(data.model_dump(by_alias=True, exclude_unset=True))
    if isinstance(data, dict):
        return {key: _placeholders(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_placeholders(item) for item in data]
    return data


def _nested_min_problems(
    top: type[pydantic.BaseModel], value: object, sent: object, loc: tuple[str | int, ...]
) -> list[RequestProblem]:
    """Objects inside the body with fewer properties (as sent) than their `minProperties`.

    The top level is `build_body`'s own check (keys of `extra_body` count there), so only
    nested models are checked here, by walking the validated instance beside the sent JSON.
    """
    if isinstance(value, pydantic.RootModel):
        return _nested_min_problems(top, value.root, sent, loc)
    problems: list[RequestProblem] = []
    if isinstance(value, pydantic.BaseModel) and isinstance(sent, dict):
        cls = type(value)
        minimum = min_properties(cls)
        if loc and len(sent) < minimum:
            problems.append(
                RequestProblem(
                    _keyword(top, loc),
                    _path(loc),
                    f"{cls.__name__} needs at least {minimum} "
                    f"propert{'y' if minimum == 1 else 'ies'} (minProperties), got {len(sent)}",
                )
            )
        for name, info in cls.model_fields.items():
            key = info.alias or name
            if key in sent:
                inner = _field(value, name)
                problems += _nested_min_problems(top, inner, sent[key], (*loc, key))
    elif isinstance(value, list | tuple) and isinstance(sent, list) and len(value) == len(sent):
        for index, (item, item_sent) in enumerate(zip(value, sent, strict=True)):
            problems += _nested_min_problems(top, item, item_sent, (*loc, index))
    elif isinstance(value, Mapping) and isinstance(sent, dict):
        for key, item_sent in sent.items():
            problems += _nested_min_problems(top, value.get(key), item_sent, (*loc, key))
    return problems


def _keyword(model: type[pydantic.BaseModel], loc: tuple[str | int, ...]) -> str | None:
    """The Python keyword of the body's top-level property a problem lies under."""
    for name, info in model.model_fields.items():
        if loc and loc[0] in (name, info.alias):
            return name
    return None


def min_properties(model: type[pydantic.BaseModel]) -> int:
    """The fewest properties a body of `model` may have: its `__min_properties__`, else the
    `minProperties` of its `model_config["json_schema_extra"]`, else 0."""
    declared = getattr(model, "__min_properties__", 0)
    if isinstance(declared, int) and declared > 0:
        return declared
    extra = model.model_config.get("json_schema_extra")
    value = extra.get("minProperties") if isinstance(extra, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _admits_empty(model: type[pydantic.BaseModel]) -> bool:
    if min_properties(model):
        return False
    try:
        model.model_validate({})
    except pydantic.ValidationError:
        return False
    return True


def read_only_names(model: type[pydantic.BaseModel]) -> frozenset[str]:
    """The JSON names of the properties `model` marks read-only (never sent).

    A model marks them in `__read_only__` (JSON names) or with `json_schema_extra={"readOnly":
    True}` on the field.
    """
    names = set(getattr(model, "__read_only__", frozenset()))
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get("readOnly") is True:
            names.add(info.alias or name)
    return frozenset(names)


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "other"


def _as_given(instance: object, original: object, dumped: object) -> object:
    """The value sent: `dumped` (the model's JSON), with the caller's own null, booleans and
    numbers, strings the model turned into another type, files as given, and read-only
    properties left out."""
    if original is not _MISSING and is_file(original):
        return original
    if isinstance(instance, pydantic.RootModel):
        root = original.root if isinstance(original, pydantic.RootModel) else original
        return _as_given(instance.root, root, dumped)
    if isinstance(instance, pydantic.BaseModel) and isinstance(dumped, dict):
        cls = type(instance)
        by_alias = {(info.alias or name): name for name, info in cls.model_fields.items()}
        read_only = read_only_names(cls)
        extras = instance.model_extra or {}
        result = {}
        for key, value in dumped.items():
            if key in read_only:
                continue
            name = by_alias.get(key)
            inner = _field(instance, name) if name else extras.get(key, _MISSING)
            result[key] = _as_given(inner, _lookup(original, key, name), value)
        return result
    if isinstance(dumped, dict):
        inner_map = instance if isinstance(instance, Mapping) else {}
        return {
            key: _as_given(inner_map.get(key, _MISSING), _lookup(original, key, None), value)
            for key, value in dumped.items()
        }
    if isinstance(dumped, list):
        items = list(instance) if isinstance(instance, list | tuple) else []
        given = list(original) if isinstance(original, list | tuple) else []
        return [
            _as_given(
                items[index] if index < len(items) else _MISSING,
                given[index] if len(given) == len(dumped) else _MISSING,
                value,
            )
            for index, value in enumerate(dumped)
        ]
    kind = _json_kind(original)
    if original is _MISSING or kind == "other" or (kind == "string" and isinstance(dumped, str)):
        return dumped  # a date-time in RFC 3339, an enum's value: the model's spelling
    return original  # null, booleans and numbers exactly as given (1 stays 1, not 1.0)


def _lookup(original: object, key: str, name: str | None) -> object:
    if isinstance(original, Mapping):
        if key in original:
            return original[key]
        return original.get(name, _MISSING) if name else _MISSING
    if isinstance(original, pydantic.BaseModel) and name:
        return vars(original).get(name, _MISSING)
    return _MISSING


def _field(instance: pydantic.BaseModel, name: str) -> object:
    """A field's value, read past pydantic's attribute access: that warns for a field the spec
    marks deprecated, and the warning would point at this module, not at the caller's code."""
    return vars(instance).get(name)
