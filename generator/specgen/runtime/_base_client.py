"""The HTTP clients behind the generated clients: `SyncAPIClient` and `AsyncAPIClient`.

A generated method describes its operation with an `Endpoint` and calls `request()` with the
parameters and body it was given. `request()` builds the URL, headers and body, authenticates,
sends, retries what is worth retrying, and parses the response as the spec describes it, or
raises the matching exception from `errors`.

The two clients are twins that differ only where they send, wait or lock; everything else is
`ClientCore`'s (`_client_core`), and each step lives in a module of its own: `_request` (building
requests), `_auth` (credentials and tokens), `_retries` (backoff, `Retry-After`), `_parsing`
(bodies and errors) and `_logs` (secrets kept out of logs).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, Self

import httpx

from ._auth import AuthParts, AuthScheme, Credentials
from ._client_core import TOKEN_KINDS, ClientCore
from ._request import Endpoint, RequestOptions, build_http_request
from ._response import APIResponse, AsyncAPIResponse, raw_response_requested
from ._types import Timeout
from .errors import DEFAULT_REQUEST_ID_HEADERS

__all__ = [
    "AsyncAPIClient",
    "AuthScheme",
    "Credentials",
    "Endpoint",
    "RequestOptions",
    "SyncAPIClient",
]


class SyncAPIClient(ClientCore):
    """The synchronous client: generated clients subclass it and their methods call `request()`.

    Close it (or use it as a context manager) to release its connections. The keyword arguments
    after `request_id_headers` are `ClientCore`'s: `strict_response_validation` (raise when a
    success body does not match the spec, instead of keeping it as it came),
    `error_code_property` (the JSON name of the error code in error bodies), `server_url` and
    `token_url` (where OAuth tokens are requested; see `_client_core`), `server_variables`
    (what fills the servers of operations that have their own) and `idempotency_header` (the
    header in which POST and PATCH calls get a key of their own, so that they are retried).
    """

    _client: httpx.Client
    _sleep: Callable[[float], None]
    """How the client waits between attempts (`time.sleep`; tests replace it)."""

    def __init__(
        self,
        *,
        base_url: str,
        package_name: str,
        package_version: str,
        auth_schemes: Sequence[AuthScheme],
        credentials: Credentials,
        client_params: Sequence[tuple[str, str, object]],
        timeout: Timeout = 60.0,
        max_retries: int = 2,
        http_client: httpx.Client | None = None,
        default_headers: Mapping[str, str] | None = None,
        request_id_headers: Sequence[str] = DEFAULT_REQUEST_ID_HEADERS,
        strict_response_validation: bool = False,
        error_code_property: str | None = None,
        server_url: str | None = None,
        token_url: str | None = None,
        server_variables: Mapping[str, str] | None = None,
        idempotency_header: str | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            package_name=package_name,
            package_version=package_version,
            auth_schemes=auth_schemes,
            credentials=credentials,
            client_params=client_params,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            request_id_headers=request_id_headers,
            strict_response_validation=strict_response_validation,
            error_code_property=error_code_property,
            server_url=server_url,
            token_url=token_url,
            server_variables=server_variables,
            idempotency_header=idempotency_header,
        )
        self._owns_client = http_client is None
        self._client = http_client if http_client is not None else httpx.Client(timeout=timeout)
        self._token_lock = threading.Lock()
        self._sleep = time.sleep

    def request(
        self,
        endpoint: Endpoint,
        *,
        path_params: Mapping[str, object],
        query: Mapping[str, object],
        headers: Mapping[str, object],
        cookies: Mapping[str, object],
        body: object,
        options: RequestOptions,
    ) -> Any:
        """Send one operation and return its parsed success body.

        Inside a method wrapped by `to_raw_response_wrapper` it returns an `APIResponse`.

        Raises:
            errors.APIStatusError: (a subclass by status) the server answered with an error.
            errors.APIConnectionError: (`APITimeoutError` for timeouts) no response arrived.
            errors.APIResponseValidationError: the success body does not match the spec (only
                with `strict_response_validation`).
            errors.MissingCredentialsError: the operation needs credentials not given.
            errors.RequestValidationError: the call was refused before sending.
        """
        raw = raw_response_requested()
        prepared = self._prepare(endpoint, path_params, query, headers, cookies, body, options)
        schemes = self._choose_auth(prepared)
        attempts = retries_done = 0
        stale: str | None = None  # the token a 401 refused (renewed once per call)
        unauthorized: httpx.Response | None = None
        while True:
            request: httpx.Request | None = None
            try:
                auth = self._authenticate(schemes, stale=stale)
                if unauthorized is not None:
                    if auth.token == stale:  # no new token to try
                        raise self._status_error(endpoint, unauthorized)
                    unauthorized = None
                request = build_http_request(self._client, prepared, auth)
                attempts += 1
                self._log_request(request, prepared, attempts)
                response = self._client.send(request)
            except httpx.TransportError as exc:
                delay = self._delay_after_error(exc, request, prepared, retries_done, attempts)
                self._sleep(delay)
                retries_done += 1
                continue
            self._log_response(response, prepared)
            if stale is None and self._should_renew(response, auth, schemes):
                stale, unauthorized = auth.token, response
                continue
            delay_or_none = self._delay_after_response(response, prepared, retries_done)
            if delay_or_none is None:
                return self._result(prepared, response, APIResponse, raw)
            self._sleep(delay_or_none)
            retries_done += 1

    def _authenticate(self, schemes: Sequence[AuthScheme], *, stale: str | None) -> AuthParts:
        tokens = {s.name: self._token(s, stale) for s in schemes if s.kind in TOKEN_KINDS}
        return AuthParts.build(schemes, self._credentials, tokens)

    def _token(self, scheme: AuthScheme, stale: str | None) -> str:
        provider = self._credentials.token_provider
        if provider is not None:
            token = provider()
            if not isinstance(token, str):
                if asyncio.iscoroutine(token):
                    token.close()
                raise TypeError("token_provider must return a str (use the async client for async)")
            return self._remember_token(token)
        if not self._refreshes(scheme):
            return self._credentials.access_token or ""
        token_or_none = self._tokens.usable(scheme.token_url, stale=stale)
        if token_or_none is not None:
            return token_or_none
        with self._token_lock:
            token_or_none = self._tokens.usable(scheme.token_url, stale=stale)
            if token_or_none is not None:
                return token_or_none
            request = self._token_request(self._client, scheme.token_url)
            response = self._client.send(request)
            return self._tokens.accept(scheme.token_url, response)

    def close(self) -> None:
        """Close the connections, unless the `http_client` was given by the caller."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncAPIClient(ClientCore):
    """The asynchronous client: like `SyncAPIClient`, with `await client.request(...)`."""

    _client: httpx.AsyncClient
    _sleep: Callable[[float], Awaitable[None]]
    """How the client waits between attempts (`asyncio.sleep`; tests replace it)."""

    def __init__(
        self,
        *,
        base_url: str,
        package_name: str,
        package_version: str,
        auth_schemes: Sequence[AuthScheme],
        credentials: Credentials,
        client_params: Sequence[tuple[str, str, object]],
        timeout: Timeout = 60.0,
        max_retries: int = 2,
        http_client: httpx.AsyncClient | None = None,
        default_headers: Mapping[str, str] | None = None,
        request_id_headers: Sequence[str] = DEFAULT_REQUEST_ID_HEADERS,
        strict_response_validation: bool = False,
        error_code_property: str | None = None,
        server_url: str | None = None,
        token_url: str | None = None,
        server_variables: Mapping[str, str] | None = None,
        idempotency_header: str | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            package_name=package_name,
            package_version=package_version,
            auth_schemes=auth_schemes,
            credentials=credentials,
            client_params=client_params,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            request_id_headers=request_id_headers,
            strict_response_validation=strict_response_validation,
            error_code_property=error_code_property,
            server_url=server_url,
            token_url=token_url,
            server_variables=server_variables,
            idempotency_header=idempotency_header,
        )
        self._owns_client = http_client is None
        self._client = (
            http_client if http_client is not None else httpx.AsyncClient(timeout=timeout)
        )
        self._token_lock = asyncio.Lock()
        self._sleep = asyncio.sleep

    async def request(
        self,
        endpoint: Endpoint,
        *,
        path_params: Mapping[str, object],
        query: Mapping[str, object],
        headers: Mapping[str, object],
        cookies: Mapping[str, object],
        body: object,
        options: RequestOptions,
    ) -> Any:
        """Send one operation and return its parsed success body (see `SyncAPIClient.request`).

        Inside a method wrapped by `async_to_raw_response_wrapper` it returns an
        `AsyncAPIResponse`.
        """
        raw = raw_response_requested()
        prepared = self._prepare(endpoint, path_params, query, headers, cookies, body, options)
        schemes = self._choose_auth(prepared)
        attempts = retries_done = 0
        stale: str | None = None  # the token a 401 refused (renewed once per call)
        unauthorized: httpx.Response | None = None
        while True:
            request: httpx.Request | None = None
            try:
                auth = await self._authenticate(schemes, stale=stale)
                if unauthorized is not None:
                    if auth.token == stale:  # no new token to try
                        raise self._status_error(endpoint, unauthorized)
                    unauthorized = None
                request = build_http_request(self._client, prepared, auth)
                attempts += 1
                self._log_request(request, prepared, attempts)
                response = await self._client.send(request)
            except httpx.TransportError as exc:
                delay = self._delay_after_error(exc, request, prepared, retries_done, attempts)
                await self._sleep(delay)
                retries_done += 1
                continue
            self._log_response(response, prepared)
            if stale is None and self._should_renew(response, auth, schemes):
                stale, unauthorized = auth.token, response
                continue
            delay_or_none = self._delay_after_response(response, prepared, retries_done)
            if delay_or_none is None:
                return self._result(prepared, response, AsyncAPIResponse, raw)
            await self._sleep(delay_or_none)
            retries_done += 1

    async def _authenticate(self, schemes: Sequence[AuthScheme], *, stale: str | None) -> AuthParts:
        tokens = {}
        for scheme in schemes:
            if scheme.kind in TOKEN_KINDS:
                tokens[scheme.name] = await self._token(scheme, stale)
        return AuthParts.build(schemes, self._credentials, tokens)

    async def _token(self, scheme: AuthScheme, stale: str | None) -> str:
        provider = self._credentials.token_provider
        if provider is not None:
            provided = provider()
            token = provided if isinstance(provided, str) else await provided
            if not isinstance(token, str):
                raise TypeError("token_provider must return a str or an awaitable of a str")
            return self._remember_token(token)
        if not self._refreshes(scheme):
            return self._credentials.access_token or ""
        token_or_none = self._tokens.usable(scheme.token_url, stale=stale)
        if token_or_none is not None:
            return token_or_none
        async with self._token_lock:
            token_or_none = self._tokens.usable(scheme.token_url, stale=stale)
            if token_or_none is not None:
                return token_or_none
            request = self._token_request(self._client, scheme.token_url)
            response = await self._client.send(request)
            return self._tokens.accept(scheme.token_url, response)

    async def close(self) -> None:
        """Close the connections, unless the `http_client` was given by the caller."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()
