# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/runtime/_utils.py, the same in every package.
# SPDX-License-Identifier: MIT
"""Helpers of the generated methods and the client: request bodies and parameter values."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import json
import uuid
from collections.abc import Iterable, Mapping
from urllib.parse import quote, quote_plus

import pydantic

from ._models import SpecModel
from ._types import NOT_GIVEN, NotGiven, format_datetime

__all__ = [
    "build_body",
    "is_given",
    "json_bytes",
    "jsonable",
    "param_str",
    "plural",
    "query_items",
    "scrub",
]

REDACTED = "[REDACTED]"


def build_body(
    model: type[SpecModel] | None,
    body: object,
    fields: Mapping[str, object],
    *,
    required: bool = False,
) -> object | NotGiven:
    """Assemble the JSON body of a request from `body=` or from the method's body keywords.

    Args:
        model: the model validating the body, or None when the body is not an object model.
        body: what the caller passed as `body=` (a model instance or a mapping), or NOT_GIVEN.
        fields: JSON property name → keyword value (NOT_GIVEN when the keyword was left out).
        required: the spec requires a body; with nothing given, an empty object is validated
            and sent (the server then says what it misses) instead of no body at all.

    Returns:
        The JSON-ready value: only the properties that were given (a property left out is not
        sent; an explicit None is sent as null), or NOT_GIVEN when nothing was given.

    Raises:
        TypeError: both `body` and body keywords were given, or `body` has the wrong type.
        pydantic.ValidationError: the body does not match the model (e.g. None for a property
            that cannot be null); it is a ValueError, and it is raised before any request.
    """
    given = {name: value for name, value in fields.items() if not isinstance(value, NotGiven)}
    if not isinstance(body, NotGiven) and given:
        names = ", ".join(sorted(given))
        raise TypeError(f"pass either body= or the body keywords, not both (got body= and {names})")
    if model is None:
        if not isinstance(body, NotGiven):
            return jsonable(body)
        return jsonable(given) if given else NOT_GIVEN
    if isinstance(body, NotGiven):
        if not given and not required:
            return NOT_GIVEN
        instance = model.model_validate(given)
    elif isinstance(body, model):
        instance = body
    elif isinstance(body, pydantic.BaseModel):
        instance = model.model_validate(body.model_dump(by_alias=True, exclude_unset=True))
    elif isinstance(body, Mapping):
        instance = model.model_validate(dict(body))
    else:
        raise TypeError(f"body must be a {model.__name__} or a mapping, not {type(body).__name__}")
    # Files (bytes) stay bytes, for a multipart upload; JSON mode would decode them as text.
    files = {
        name
        for name in instance.model_fields_set
        if isinstance(getattr(instance, name), bytes | bytearray)
    }
    dumped = instance.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude=files)
    for name in files:
        dumped[type(instance).model_fields[name].alias or name] = getattr(instance, name)
    return dumped


def jsonable(value: object) -> object:
    """Convert a value to plain JSON data: models are dumped (only the fields that were set)."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(item) for item in value]
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    return value


def json_bytes(value: object) -> bytes:
    """Encode a request body as compact UTF-8 JSON (no spaces, non-ASCII kept; bytes as text)."""
    return json.dumps(
        jsonable(value),
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        default=lambda item: bytes(item).decode("utf-8"),
    ).encode("utf-8")


def param_str(value: object) -> str:
    """The text of a parameter value: `true`/`false`, ISO dates, enum values, comma lists."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return param_str(value.value)
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(param_str(item) for item in value)
    return str(value)


def query_items(name: str, value: object) -> list[tuple[str, str]]:
    """The query pairs of one parameter (OpenAPI style form, explode true).

    NOT_GIVEN and None give nothing; a list repeats the name (`?id=1&id=2`); a mapping gives
    one pair per key.
    """
    if value is None or isinstance(value, NotGiven):
        return []
    if isinstance(value, Mapping):
        return [(str(key), param_str(item)) for key, item in value.items() if item is not None]
    if isinstance(value, list | tuple | set | frozenset):
        return [(name, param_str(item)) for item in value if item is not None]
    return [(name, param_str(value))]


def scrub(text: str, secrets: Iterable[str]) -> str:
    """Replace every occurrence of a secret (also percent-encoded) in `text` with `[REDACTED]`."""
    variants = {form for secret in secrets if secret for form in _encodings(secret)}
    for variant in sorted(variants, key=len, reverse=True):
        text = text.replace(variant, REDACTED)
    return text


def _encodings(secret: str) -> tuple[str, ...]:
    return (secret, quote(secret, safe=""), quote_plus(secret, safe=""))


def plural(count: int, word: str) -> str:
    """`1 attempt`, `2 attempts`: a count and a word for messages."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def is_given(value: object) -> bool:
    """True unless the value is NOT_GIVEN."""
    return not isinstance(value, NotGiven)
