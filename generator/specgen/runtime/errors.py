"""The exceptions the client raises.

Every failure of a call is an `APIError`:

- `APIConnectionError` (and its subclass `APITimeoutError`) when no response arrived;
- `APIStatusError` (one subclass per common status) when the server answered with an error;
- `APIResponseValidationError` when a success response does not match the spec.

Messages never contain credentials.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import httpx
import pydantic

__all__ = [
    "DEFAULT_REQUEST_ID_HEADERS",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MissingCredentialsError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "TokenRefreshError",
    "UnprocessableEntityError",
    "describe_status",
    "error_class_for_status",
    "find_request_id",
]

DEFAULT_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-correlation-id")
"""Response headers that may carry the server's id of a request, tried in this order, when the
spec does not name its own (`x-specgen-request-id-header`; the generated client passes it)."""

_CODE_KEYS = ("errorCode", "error_code", "code", "error")
_MESSAGE_KEYS = ("message", "error_description", "errorMessage", "error_message", "detail", "title")


class APIError(Exception):
    """The base of every error raised by a call.

    Attributes:
        message: the text of the error, without credentials.
        request: the `httpx.Request` that failed.
    """

    message: str
    request: httpx.Request

    def __init__(self, message: str, *, request: httpx.Request) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """No response arrived: the connection failed or broke (after all retries)."""

    def __init__(self, message: str = "Connection error.", *, request: httpx.Request) -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """The request timed out (after all retries)."""

    def __init__(self, message: str = "Request timed out.", *, request: httpx.Request) -> None:
        super().__init__(message, request=request)


class MissingCredentialsError(APIError):
    """The operation needs credentials the client was not given; nothing was sent."""


class APIResponseValidationError(APIError):
    """A response the spec describes arrived, but its body does not match the spec.

    Attributes:
        response: the `httpx.Response`.
        status_code: its HTTP status.
        errors: pydantic's list of problems.
    """

    response: httpx.Response
    status_code: int
    errors: list[Any]

    def __init__(
        self, message: str, *, response: httpx.Response, error: pydantic.ValidationError
    ) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.errors = list(error.errors(include_url=False, include_input=False))


class APIStatusError(APIError):
    """The server answered with a status that is not a success.

    Attributes:
        status_code: the HTTP status.
        response: the `httpx.Response` (its body is already read).
        body: the body parsed into the error model the spec documents for this status, else the
            JSON value, else the text; None when the body is empty.
        request_id: the server's id of the request, from the first of `request_id_headers`
            that the response has; None when it has none of them.
    """

    status_code: int
    response: httpx.Response
    body: object
    request_id: str | None

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object,
        request_id_headers: Sequence[str] = DEFAULT_REQUEST_ID_HEADERS,
    ) -> None:
        super().__init__(message, request=response.request)
        self.status_code = response.status_code
        self.response = response
        self.body = body
        self.request_id = find_request_id(response.headers, request_id_headers)


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized: the credentials are missing, wrong or expired."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests (after all retries)."""


class InternalServerError(APIStatusError):
    """A 5xx status (after all retries)."""


class TokenRefreshError(AuthenticationError):
    """The OAuth token endpoint did not give a new access token.

    `status_code` and `response` are the token endpoint's; `body` is its JSON without tokens.
    """


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class_for_status(status_code: int) -> type[APIStatusError]:
    """The exception class raised for an error response with this status."""
    if status_code >= 500:
        return InternalServerError
    return _BY_STATUS.get(status_code, APIStatusError)


def describe_status(status_code: int, body: object, reason: str = "") -> str:
    """The message of an `APIStatusError`: status, reason, and the body's code and message.

    For example `422 Unprocessable Entity: INVALID_DATA: The data is invalid`.
    """
    phrase = httpx.codes.get_reason_phrase(status_code) or reason
    parts = [f"{status_code} {phrase}".strip()]
    code, message = _code_and_message(body)
    parts.extend(text for text in (code, message) if text)
    return ": ".join(parts)


def _code_and_message(body: object) -> tuple[str, str]:
    if isinstance(body, pydantic.BaseModel):
        body = body.model_dump(mode="json", by_alias=True)
    if not isinstance(body, Mapping):
        return "", ""
    nested = body.get("error")
    if isinstance(nested, Mapping):
        inner_code, inner_message = _code_and_message(nested)
        if inner_code or inner_message:
            return inner_code, inner_message
    code = next((_text(body[key]) for key in _CODE_KEYS if _text(body.get(key))), "")
    message = next((_text(body[key]) for key in _MESSAGE_KEYS if _text(body.get(key))), "")
    return code, message


def _text(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return " ".join(str(value).split())


def find_request_id(headers: httpx.Headers, names: Sequence[str]) -> str | None:
    """The value of the first header of `names` that is present and not empty."""
    for name in names:
        value: str | None = headers.get(name)
        if value:
            return value
    return None
