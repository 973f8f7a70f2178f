# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/runtime/_types.py, the same in every package.
# SPDX-License-Identifier: MIT
"""Small types shared by the whole package: the NOT_GIVEN sentinel, timeouts, files, date-times."""

from __future__ import annotations

import datetime as dt
import os
from typing import IO, Annotated, ClassVar, Literal, TypeAlias, final

import httpx
from pydantic import AfterValidator, PlainSerializer

__all__ = [
    "NOT_GIVEN",
    "DateTime",
    "FileContent",
    "FileTypes",
    "NotGiven",
    "Timeout",
    "format_datetime",
]


@final  # one instance: a subclass would make `is NOT_GIVEN` checks lie
class NotGiven:
    """The type of `NOT_GIVEN`: marks an argument the caller left out.

    It differs from `None`, which is a value: a keyword left out is not sent at all, while `None`
    is sent as `null` (or refused when the spec does not allow null). There is one instance.
    """

    _instance: ClassVar[NotGiven | None] = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()
"""The default of every optional keyword: the argument was not given."""

Timeout: TypeAlias = float | httpx.Timeout | None
"""Seconds (float), an `httpx.Timeout`, or None for no timeout."""

FileContent: TypeAlias = bytes | IO[bytes] | os.PathLike[str]
"""The content of a file to upload: bytes, a binary file object (`open(p, "rb")`), or a path."""

FileTypes: TypeAlias = (
    FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]
)
"""A file part of a multipart body: its content, or `(filename, content)`, or
`(filename, content, content_type)`.

The filename defaults to the path's or file object's name (else the field name), and the content
type to one guessed from the filename (else `application/octet-stream`).
"""


def format_datetime(value: dt.datetime) -> str:
    """Render a date-time the way most APIs accept it: RFC 3339 in UTC with milliseconds.

    Aware values are converted to UTC and end in a literal `Z` (`2016-06-23T12:58:09.211Z`,
    the same instant as `14:58:09.211+02:00`): some APIs accept only this spelling.
    A naive value (refused by `DateTime` on input) is rendered without an offset.
    """
    if value.tzinfo is not None and value.utcoffset() is not None:
        value = value.astimezone(dt.UTC)
    text = value.isoformat(timespec="milliseconds")
    if text.endswith("+00:00"):
        return text[: -len("+00:00")] + "Z"
    return text


def _require_timezone(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            "a date-time needs a timezone: give an aware datetime, e.g. "
            "datetime(2024, 1, 31, 9, 30, tzinfo=timezone.utc), or an ISO string ending in Z "
            "or an offset such as +02:00"
        )
    return value


DateTime = Annotated[
    dt.datetime,
    AfterValidator(_require_timezone),
    PlainSerializer(format_datetime, return_type=str, when_used="json"),
]
"""An OpenAPI `format: date-time`: an aware datetime (ISO strings are parsed).

Naive datetimes are refused. In JSON mode it is written with `format_datetime`.
"""

# The name the models use: as long as pydantic's `AwareDatetime`, which it replaces there.
AwareDateTime = DateTime
