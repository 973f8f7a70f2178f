"""Values as they go on the wire: JSON data, parameter text, and the files of multipart bodies."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import json
import mimetypes
import os
import uuid
from collections.abc import Mapping
from typing import IO, Any

import pydantic

from ._types import NotGiven, format_datetime

__all__ = [
    "file_part",
    "is_file",
    "json_bytes",
    "jsonable",
    "param_str",
    "query_items",
]


def jsonable(value: object) -> object:
    """Convert a value to plain JSON data: models are dumped (only the fields that were set).

    Files (bytes, file objects, paths) are left as they are, for multipart bodies.
    """
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if is_file(value):
        return value
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


def _json_default(value: object) -> object:
    if isinstance(value, bytes | bytearray):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise TypeError("binary data cannot be sent in a JSON body") from None
    raise TypeError(f"a {type(value).__name__} cannot be sent as JSON")


def json_bytes(value: object) -> bytes:
    """Encode a request body as compact UTF-8 JSON (no spaces, non-ASCII kept)."""
    return json.dumps(
        jsonable(value),
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        default=_json_default,
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
    if isinstance(value, bytes | bytearray):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise TypeError("binary data cannot be sent as text (it is not UTF-8)") from None
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(param_str(item) for item in value)
    if isinstance(value, Mapping | pydantic.BaseModel):
        return json_bytes(value).decode("utf-8")
    return str(value)


def query_items(
    name: str, value: object, style: str = "form", explode: bool = True
) -> list[tuple[str, str]]:
    """The query (or form field) pairs of one parameter, spelled as its OpenAPI `style` says.

    NOT_GIVEN and None give nothing, and so do the None items of a list or mapping.
    - `form`, explode (the default): a list repeats the name (`?id=1&id=2`), a mapping gives one
      pair per key (`?R=100&G=200`); not exploded, one pair of comma-joined text (`?id=1,2`,
      `?color=R,100,G,200`).
    - `spaceDelimited`, `pipeDelimited` not exploded: joined by ` ` or `|` instead of commas.
    - `deepObject`: a mapping gives `name[key]=value`. OpenAPI leaves nested values undefined;
      they are spelled as Stripe, Rails and `qs` read them: nested mappings as more brackets
      (`card[address][city]=...`), lists by index (`expand[0]=a&expand[1]=b`), and a scalar as
      `name=value`.
    """
    if value is None or isinstance(value, NotGiven):
        return []
    if style == "deepObject":
        return _bracketed(name, value)
    separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
    if isinstance(value, Mapping):
        fields = [(str(key), param_str(item)) for key, item in value.items() if item is not None]
        if explode:
            return fields
        return [(name, separator.join(text for pair in fields for text in pair))] if fields else []
    if isinstance(value, list | tuple | set | frozenset):
        items = [param_str(item) for item in value if item is not None]
        if explode:
            return [(name, text) for text in items]
        return [(name, separator.join(items))] if items else []
    return [(name, param_str(value))]


def _bracketed(name: str, value: object) -> list[tuple[str, str]]:
    if value is None or isinstance(value, NotGiven):
        return []
    if isinstance(value, pydantic.BaseModel):
        return _bracketed(name, jsonable(value))
    if isinstance(value, Mapping):
        return [pair for key, item in value.items() for pair in _bracketed(f"{name}[{key}]", item)]
    if isinstance(value, list | tuple):
        return [pair for i, item in enumerate(value) for pair in _bracketed(f"{name}[{i}]", item)]
    return [(name, param_str(value))]


def _is_content(value: object) -> bool:
    return isinstance(value, bytes | bytearray | os.PathLike) or callable(
        getattr(value, "read", None)
    )


def is_file(value: object) -> bool:
    """True for the forms of `FileTypes`: content (bytes, a binary file, a path) or a
    `(filename, content)` / `(filename, content, content_type)` tuple."""
    if _is_content(value):
        return True
    return (
        isinstance(value, tuple)
        and len(value) in (2, 3)
        and (value[0] is None or isinstance(value[0], str))
        and _is_content(value[1])
        and (len(value) == 2 or value[2] is None or isinstance(value[2], str))
    )


def file_part(field_name: str, value: object) -> tuple[str, bytes | IO[bytes], str]:
    """`(filename, content, content_type)` of one file part, as httpx sends it.

    The filename is the one given, else the path's or the file object's base name, else the
    field name; the content type the one given, else guessed from the filename, else
    `application/octet-stream`. A path is read when the request is built.
    """
    filename: str | None = None
    content_type: str | None = None
    content: Any = value
    if isinstance(value, tuple):
        filename, content = value[0], value[1]
        content_type = value[2] if len(value) == 3 else None
    if isinstance(content, os.PathLike):
        path = os.fspath(content)
        filename = filename or os.path.basename(path)
        with open(path, "rb") as file:
            content = file.read()
    elif isinstance(content, bytearray):
        content = bytes(content)
    elif not isinstance(content, bytes):
        name = getattr(content, "name", None)
        if filename is None and isinstance(name, str) and name:
            filename = os.path.basename(name)
    filename = filename or field_name
    if content_type is None:
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return filename, content, content_type
