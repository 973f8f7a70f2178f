"""Helpers of the generated methods and the client: request bodies and parameter values."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import json
import re
import uuid
from collections.abc import Iterable, Mapping
from urllib.parse import quote, quote_plus

import pydantic

from ._models import REQUEST_CONTEXT
from ._types import NOT_GIVEN, NotGiven, format_datetime

__all__ = [
    "build_body",
    "check_limits",
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
    model: type[pydantic.BaseModel] | None,
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
    return instance.model_dump(
        mode="json", by_alias=True, exclude_unset=True, context=REQUEST_CONTEXT
    )


def check_limits(
    keyword: str,
    value: object,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive_minimum: float | None = None,
    exclusive_maximum: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
) -> None:
    """Refuse a parameter value outside the spec's limits, before any request is sent.

    NOT_GIVEN and None pass (they are not sent); so do values of other types than the limit's.

    Raises:
        ValueError: the value breaks a limit (the message names the keyword and the limit).
    """
    if value is None or isinstance(value, NotGiven):
        return
    problems: list[str] = []
    if isinstance(value, int | float) and not isinstance(value, bool):
        if minimum is not None and value < minimum:
            problems.append(f"at least {minimum}")
        if maximum is not None and value > maximum:
            problems.append(f"at most {maximum}")
        if exclusive_minimum is not None and value <= exclusive_minimum:
            problems.append(f"more than {exclusive_minimum}")
        if exclusive_maximum is not None and value >= exclusive_maximum:
            problems.append(f"less than {exclusive_maximum}")
    if isinstance(value, str):
        if min_length is not None and len(value) < min_length:
            problems.append(f"at least {min_length} characters")
        if max_length is not None and len(value) > max_length:
            problems.append(f"at most {max_length} characters")
        if pattern is not None and re.search(pattern, value) is None:
            problems.append(f"matching {pattern}")
    if problems:
        raise ValueError(f"{keyword}={value!r} must be " + " and ".join(problems))


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
    """Encode a request body as compact UTF-8 JSON (no spaces, non-ASCII kept)."""
    return json.dumps(
        jsonable(value), separators=(",", ":"), ensure_ascii=False, allow_nan=False
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
