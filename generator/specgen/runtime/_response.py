"""Raw responses: the HTTP response of a call, with its body parsed on demand.

`client.tickets.with_raw_response.get(...)` returns an `APIResponse` instead of the parsed body.
The wrappers below set a context variable that the client's `request()` reads, so the generated
methods need no second, raw variant.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence
from contextvars import ContextVar
from typing import Generic, ParamSpec, TypeVar, cast

import httpx

from .errors import DEFAULT_REQUEST_ID_HEADERS, find_request_id

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "async_to_raw_response_wrapper",
    "raw_response_requested",
    "to_raw_response_wrapper",
]

_T = TypeVar("_T")
_R = TypeVar("_R")
_P = ParamSpec("_P")

_RAW_RESPONSE: ContextVar[bool] = ContextVar("_RAW_RESPONSE", default=False)
_UNPARSED = object()


def raw_response_requested() -> bool:
    """True inside a method wrapped by `to_raw_response_wrapper` (or its async twin)."""
    return _RAW_RESPONSE.get()


class APIResponse(Generic[_T]):
    """The HTTP response of a successful call; `parse()` gives what the method would return.

    The body has been read, so every property and `parse()` are available after the call.
    """

    def __init__(
        self,
        http_response: httpx.Response,
        parser: Callable[[], _T],
        *,
        operation_id: str,
        request_id_headers: Sequence[str] = DEFAULT_REQUEST_ID_HEADERS,
    ) -> None:
        self._http_response = http_response
        self._parser = parser
        self._operation_id = operation_id
        self._request_id_headers = tuple(request_id_headers)
        self._parsed: object = _UNPARSED

    @property
    def http_response(self) -> httpx.Response:
        """The underlying `httpx.Response`."""
        return self._http_response

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self._http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers (case-insensitive)."""
        return self._http_response.headers

    @property
    def request_id(self) -> str | None:
        """The server's id of the request, from a response header, when present."""
        return find_request_id(self._http_response.headers, self._request_id_headers)

    def parse(self) -> _T:
        """The body parsed as the spec describes it (computed once, then cached)."""
        if self._parsed is _UNPARSED:
            self._parsed = self._parser()
        return cast(_T, self._parsed)

    def __repr__(self) -> str:
        response = self._http_response
        return (
            f"<{type(self).__name__} {self._operation_id} "
            f"[{response.status_code} {response.reason_phrase}]>"
        )


class AsyncAPIResponse(APIResponse[_T]):
    """The raw response of an async call. The body is already read, so `parse()` is synchronous."""


def to_raw_response_wrapper(func: Callable[_P, _R]) -> Callable[_P, APIResponse[_R]]:
    """Make a generated method return its `APIResponse` instead of the parsed body."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_R]:
        token = _RAW_RESPONSE.set(True)
        try:
            return cast(APIResponse[_R], func(*args, **kwargs))
        finally:
            _RAW_RESPONSE.reset(token)

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, Awaitable[AsyncAPIResponse[_R]]]:
    """Make a generated async method return its `AsyncAPIResponse` instead of the parsed body."""

    @functools.wraps(func)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncAPIResponse[_R]:
        token = _RAW_RESPONSE.set(True)
        try:
            return cast(AsyncAPIResponse[_R], await func(*args, **kwargs))
        finally:
            _RAW_RESPONSE.reset(token)

    return wrapped
