# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/runtime/_parsing.py, the same in every package.
# SPDX-License-Identifier: MIT
"""Reading responses: the body parsed into the type the spec documents for its status.

A success body becomes the endpoint's model (or annotation). One that does not match is parsed
leniently (`_lenient`: what matches is parsed, the rest kept as it came; logged at DEBUG), or,
with `strict=True`, raises `APIResponseValidationError`. An error status becomes the matching
`APIStatusError`, its body parsed into the documented error model when it fits. Messages go
through `scrub` first, so that they never carry credentials.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import httpx
import pydantic

from ._lazy import resolve_annotation
from ._lenient import lenient_value
from ._request import Endpoint
from ._retries import retry_after
from ._utils import plural
from .errors import (
    APIResponseValidationError,
    APIStatusError,
    describe_status,
    error_class_for_status,
    error_code,
)

__all__ = ["parse_body", "status_error"]

_NO_ENTRY = object()
_ADAPTERS: dict[object, pydantic.TypeAdapter[Any]] = {}


def parse_body(
    endpoint: Endpoint,
    response: httpx.Response,
    scrub: Callable[[str], str],
    *,
    strict: bool = False,
    log: logging.Logger | None = None,
) -> Any:
    """The success body parsed into the type the endpoint documents for its status.

    A body that does not match is kept leniently (see `_lenient`), or with `strict` raises
    `APIResponseValidationError`; a body that is not JSON where JSON is documented always does.
    """
    annotation = resolve_annotation(_lookup(endpoint.responses, response.status_code))
    if annotation is None or response.status_code == 204 or not response.content.strip():
        return None
    if annotation is _NO_ENTRY:
        return _json_or_text(response)
    try:
        return _decode(annotation, response)
    except pydantic.ValidationError as exc:
        message = (
            f"{endpoint.operation_id}: the {response.status_code} response does not match "
            f"the spec ({plural(exc.error_count(), 'error')}; first: "
            f"{_first_error(exc)})"
        )
        if not strict:
            try:
                data = json.loads(response.content)
            except ValueError:
                data = _NO_ENTRY
            if data is not _NO_ENTRY:
                if log is not None:
                    log.debug("Lenient parsing: %s; kept as received", scrub(message))
                return lenient_value(annotation, data)
        raise APIResponseValidationError(scrub(message), response=response, error=exc) from None


def status_error(
    endpoint: Endpoint,
    response: httpx.Response,
    scrub: Callable[[str], str],
    request_id_headers: Sequence[str],
    *,
    error_code_property: str | None = None,
) -> APIStatusError:
    """The exception for an error response: its class by status, its body parsed, its error
    code (from `error_code_property`, a JSON name, else a `code` or `errorCode` property)."""
    body = _error_body(endpoint, response)
    message = describe_status(
        response.status_code, body, response.reason_phrase, code_property=error_code_property
    )
    error_class = error_class_for_status(response.status_code)
    return error_class(
        scrub(message),
        response=response,
        body=body,
        request_id_headers=request_id_headers,
        code=error_code(body, error_code_property),
        retry_after=_seconds_to_wait(response),
    )


def _seconds_to_wait(response: httpx.Response) -> float | None:
    seconds = retry_after(response.headers)
    return None if seconds is None else max(0.0, seconds)


def _adapter(annotation: Any) -> pydantic.TypeAdapter[Any]:
    """A cached `TypeAdapter` for a response type."""
    try:
        return _ADAPTERS[annotation]
    except KeyError:
        return _ADAPTERS.setdefault(annotation, pydantic.TypeAdapter(annotation))
    except TypeError:  # unhashable annotation
        return pydantic.TypeAdapter(annotation)


def _lookup(responses: Mapping[str, object], status_code: int) -> object:
    """The type documented for a status: exact, then `2XX`-style ranges, then `default`."""
    keys = (str(status_code), f"{status_code // 100}XX", f"{status_code // 100}xx", "default")
    return next((responses[key] for key in keys if key in responses), _NO_ENTRY)


def _is_json(response: httpx.Response) -> bool:
    content_type: str = response.headers.get("content-type", "")
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _decode(annotation: object, response: httpx.Response) -> Any:
    if annotation is bytes:
        return response.content
    if annotation is str and not _is_json(response):
        return response.text
    return _adapter(annotation).validate_json(response.content)


def _json_or_text(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return response.text


def _error_body(endpoint: Endpoint, response: httpx.Response) -> object:
    """The error model documented for the status when the body fits it, else JSON, else text."""
    if not response.content.strip():
        return None
    annotation = resolve_annotation(_lookup(endpoint.responses, response.status_code))
    if annotation is not None and annotation is not _NO_ENTRY:
        try:
            return _decode(annotation, response)
        except ValueError:  # pydantic.ValidationError included
            pass
    return _json_or_text(response)


def _first_error(exc: pydantic.ValidationError) -> str:
    error = exc.errors(include_url=False, include_input=False)[0]
    location = ".".join(str(part) for part in error["loc"]) or "body"
    return f"{location}: {error['msg']}"
