# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/runtime/_base_client.py, the same in every package.
# SPDX-License-Identifier: MIT
"""The HTTP machinery behind the generated clients, the same for every API.

A generated method describes its operation with an `Endpoint` and calls `request()` with the
parameters and body it was given. `request()` builds the URL, headers and body, authenticates,
sends, retries what is worth retrying, and parses the response as the spec describes it, or
raises the matching exception from `errors`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import functools
import json
import logging
import platform
import random
import re
import threading
import time
import weakref
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self
from urllib.parse import quote

import httpx
import pydantic

from ._auth import AuthParts, AuthScheme, Credentials, TokenStore, choose_schemes
from ._response import APIResponse, AsyncAPIResponse, raw_response_requested
from ._types import NOT_GIVEN, NotGiven, Timeout
from ._utils import REDACTED, json_bytes, param_str, query_items, scrub
from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    MissingCredentialsError,
    describe_status,
    error_class_for_status,
)

__all__ = [
    "AsyncAPIClient",
    "AuthScheme",
    "Credentials",
    "Endpoint",
    "RequestOptions",
    "SyncAPIClient",
]

INITIAL_RETRY_DELAY = 0.5
"""Seconds before the first retry when the server does not say; doubled for each retry."""
MAX_RETRY_DELAY = 8.0
"""The longest backoff between two attempts."""
MAX_RETRY_AFTER = 60.0
"""A server's `Retry-After` is honoured up to this many seconds (else backoff applies)."""

_TOKEN_KINDS = ("oauth2", "http_bearer")
_SECRET_QUERY_NAMES = frozenset(
    {"access_token", "api_key", "apikey", "client_secret", "password", "refresh_token", "token"}
)
_PATH_PARAMETER = re.compile(r"\{([^{}]+)\}")
_NO_ENTRY = object()


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One operation of the spec, as a generated method hands it to `request()`.

    Attributes:
        method: the HTTP method, upper case.
        path: the path template, e.g. `/api/v1/tickets/{ticketId}`.
        operation_id: the spec's operationId (for messages and logs).
        security: alternatives of scheme-name sets; `()` means no authentication.
        responses: `"200"`, `"2XX"`, `"default"`, `"404"`... → the type the body is parsed into
            (a model class or an annotation such as `list[Pet]`), or None for no body.
        content_type: the media type of the request body, or None when there is none.
    """

    method: str
    path: str
    operation_id: str
    security: tuple[tuple[str, ...], ...] = ()
    responses: Mapping[str, object] = field(default_factory=dict)
    content_type: str | None = None


@dataclass(frozen=True, slots=True)
class RequestOptions:
    """Per-call settings every generated method accepts.

    Attributes:
        extra_headers: sent on top of (and overriding) all other headers.
        extra_query: query parameters added to (and overriding) the others.
        timeout: overrides the client's timeout for this call.
        max_retries: overrides the client's `max_retries` for this call.
    """

    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, object] | None = None
    timeout: Timeout | NotGiven = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A request before authentication: everything that stays the same across attempts."""

    endpoint: Endpoint
    url: str
    query: list[tuple[str, str]]
    headers: httpx.Headers
    cookies: dict[str, str]
    content: bytes | None
    form: dict[str, Any] | None
    files: list[tuple[str, Any]] | None
    extra_query: list[tuple[str, str]]
    extra_headers: Mapping[str, str]
    timeout: Timeout
    max_retries: int

    def bare_request(self) -> httpx.Request:
        """An `httpx.Request` to attach to an error raised before one was built."""
        return httpx.Request(self.endpoint.method, self.url)


class _RedactQuery(logging.Filter):
    """Hides secret query parameters in the URLs of httpx's own log records."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set(_SECRET_QUERY_NAMES)

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_query(arg, self.names) if isinstance(arg, httpx.URL) else arg
                for arg in record.args
            )
        return True


_HTTPX_LOG_FILTER = _RedactQuery()


class _ScrubSecrets(logging.Filter):
    """Hides the credentials of live clients in httpcore's DEBUG trace, which logs raw headers.

    Logger filters do not reach child loggers, so it is added to each httpcore logger.
    """

    LOGGERS = (
        "httpcore",
        "httpcore.connection",
        "httpcore.http11",
        "httpcore.http2",
        "httpcore.proxy",
    )

    def __init__(self) -> None:
        super().__init__()
        self.clients: weakref.WeakSet[_BaseClient] = weakref.WeakSet()

    def filter(self, record: logging.LogRecord) -> bool:
        clients = list(self.clients)
        if not clients:
            return True
        message = scrubbed = record.getMessage()
        for client in clients:
            scrubbed = client._scrub(scrubbed)
        if scrubbed != message:
            record.msg, record.args = scrubbed, ()
        return True


_TRACE_LOG_FILTER = _ScrubSecrets()


def redact_query(url: httpx.URL, names: set[str] | frozenset[str]) -> str:
    """The URL as text, with the values of the query parameters named in `names` hidden."""
    if not url.query:
        return str(url)
    pairs = [
        f"{quote(key, safe='')}={REDACTED if key.lower() in names else quote(value, safe='')}"
        for key, value in url.params.multi_items()
    ]
    return f"{url.copy_with(query=None)}?{'&'.join(pairs)}"


@functools.cache
def _user_agent(package_name: str, package_version: str) -> str:
    return (
        f"{package_name}/{package_version} python/{platform.python_version()} "
        f"httpx/{httpx.__version__}"
    )


_ADAPTERS: dict[object, pydantic.TypeAdapter[Any]] = {}


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


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds the server asks to wait: `retry-after-ms`, or `Retry-After` (seconds or date)."""
    try:
        return float(headers["retry-after-ms"]) / 1000
    except (KeyError, ValueError):
        pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return (when - dt.datetime.now(dt.UTC)).total_seconds()


def _should_retry(response: httpx.Response) -> bool:
    return response.status_code in (408, 429) or response.status_code >= 500


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class _BaseClient:
    """What the sync and async clients share: building requests, parsing responses, errors."""

    timeout: Timeout
    """The default timeout of a call, in seconds (or an `httpx.Timeout`; None: wait forever)."""
    max_retries: int
    """How many times a failed call is retried by default (0: never)."""

    def __init__(
        self,
        *,
        base_url: str,
        package_name: str,
        package_version: str,
        auth_schemes: Sequence[AuthScheme],
        credentials: Credentials,
        client_params: Sequence[tuple[str, str, object]],
        timeout: Timeout,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self._base_url = base_url
        self._user_agent = _user_agent(package_name, package_version)
        self._schemes = {scheme.name: scheme for scheme in auth_schemes}
        self._credentials = credentials
        self._client_params = tuple(client_params)
        self.timeout = timeout
        self.max_retries = max_retries
        self._default_headers = dict(default_headers or {})
        self._tokens = TokenStore(credentials)
        self._provided_tokens: deque[str] = deque(maxlen=32)
        self._log = logging.getLogger(package_name)
        self._secret_query_names = set(_SECRET_QUERY_NAMES) | {
            scheme.parameter_name.lower()
            for scheme in auth_schemes
            if scheme.kind == "api_key" and scheme.location == "query"
        }
        _HTTPX_LOG_FILTER.names.update(self._secret_query_names)
        httpx_logger = logging.getLogger("httpx")
        if _HTTPX_LOG_FILTER not in httpx_logger.filters:
            httpx_logger.addFilter(_HTTPX_LOG_FILTER)
        _TRACE_LOG_FILTER.clients.add(self)
        for name in _ScrubSecrets.LOGGERS:
            trace_logger = logging.getLogger(name)
            if _TRACE_LOG_FILTER not in trace_logger.filters:
                trace_logger.addFilter(_TRACE_LOG_FILTER)

    @property
    def base_url(self) -> str:
        """The URL that operation paths are appended to."""
        return self._base_url

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._base_url!r})"

    # -- secrets ------------------------------------------------------------------------------

    def _scrub(self, text: str) -> str:
        return scrub(
            text,
            [*self._credentials.secrets(), *self._tokens.issued, *self._provided_tokens],
        )

    def _redact_url(self, url: httpx.URL) -> str:
        return self._scrub(redact_query(url, self._secret_query_names))

    def _remember_token(self, token: str) -> str:
        if token not in self._provided_tokens:
            self._provided_tokens.append(token)
        return token

    # -- building requests --------------------------------------------------------------------

    def _prepare(
        self,
        endpoint: Endpoint,
        path_params: Mapping[str, object],
        query: Mapping[str, object],
        headers: Mapping[str, object],
        cookies: Mapping[str, object],
        body: object,
        options: RequestOptions,
    ) -> _Prepared:
        path = self._expand_path(endpoint, path_params)
        url = self._base_url.rstrip("/") + (path if path.startswith("/") else f"/{path}")

        pairs: list[tuple[str, str]] = []
        all_headers = httpx.Headers({"Accept": "application/json", "User-Agent": self._user_agent})
        all_headers.update(self._default_headers)
        all_cookies: dict[str, str] = {}
        for location, name, value in self._client_params:
            if location == "query":
                pairs = _override(pairs, query_items(name, value))
            elif value is not None and not isinstance(value, NotGiven):
                target = all_cookies if location == "cookie" else all_headers
                target[name] = param_str(value)
        pairs = _override(pairs, [p for name, v in query.items() for p in query_items(name, v)])
        for name, value in headers.items():
            if value is not None and not isinstance(value, NotGiven):
                all_headers[name] = param_str(value)
        for name, value in cookies.items():
            if value is not None and not isinstance(value, NotGiven):
                all_cookies[name] = param_str(value)

        content: bytes | None = None
        form: dict[str, Any] | None = None
        files: list[tuple[str, Any]] | None = None
        if not isinstance(body, NotGiven):
            content_type = endpoint.content_type or "application/json"
            content, form, files = _encode_body(endpoint, content_type, body)
            if files is None:
                all_headers["Content-Type"] = content_type

        extra_query = [
            pair for name, v in (options.extra_query or {}).items() for pair in query_items(name, v)
        ]
        return _Prepared(
            endpoint=endpoint,
            url=url,
            query=pairs,
            headers=all_headers,
            cookies=all_cookies,
            content=content,
            form=form,
            files=files,
            extra_query=extra_query,
            extra_headers=dict(options.extra_headers or {}),
            timeout=self.timeout if isinstance(options.timeout, NotGiven) else options.timeout,
            max_retries=(
                self.max_retries
                if isinstance(options.max_retries, NotGiven)
                else options.max_retries
            ),
        )

    @staticmethod
    def _expand_path(endpoint: Endpoint, path_params: Mapping[str, object]) -> str:
        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            value = path_params.get(name, NOT_GIVEN)
            if value is None or isinstance(value, NotGiven):
                raise ValueError(f"{endpoint.operation_id}: the path parameter {name} is required")
            text = param_str(value)
            if not text:
                raise ValueError(
                    f"{endpoint.operation_id}: the path parameter {name} must not be empty"
                )
            if text in (".", ".."):
                return text.replace(".", "%2E")
            return quote(text, safe="")

        return _PATH_PARAMETER.sub(replace, endpoint.path)

    def _choose_auth(self, prepared: _Prepared) -> tuple[AuthScheme, ...]:
        security = prepared.endpoint.security
        chosen = choose_schemes(security, self._schemes, self._credentials)
        if chosen is not None:
            return chosen
        options = " or ".join(
            " + ".join(self._describe_scheme(name) for name in alternative)
            for alternative in security
        )
        raise MissingCredentialsError(
            f"{prepared.endpoint.operation_id} needs credentials: give {options}",
            request=prepared.bare_request(),
        )

    def _describe_scheme(self, name: str) -> str:
        scheme = self._schemes.get(name)
        if scheme is None:
            return f"{name} (unknown scheme)"
        if scheme.kind == "api_key":
            return f"an API key for {name}"
        if scheme.kind == "http_basic":
            return "a username and password"
        if scheme.kind == "oauth2" and scheme.token_url:
            return "an access_token, a token_provider, or refresh_token + client_id + client_secret"
        return "an access_token or a token_provider"

    def _refreshes(self, scheme: AuthScheme) -> bool:
        """True when tokens for `scheme` come from its token endpoint."""
        return scheme.kind == "oauth2" and bool(scheme.token_url) and self._credentials.can_refresh

    def _renewable(self, schemes: Sequence[AuthScheme]) -> bool:
        """True when a new token can be obtained after a 401."""
        return any(
            scheme.kind in _TOKEN_KINDS
            and (self._credentials.token_provider is not None or self._refreshes(scheme))
            for scheme in schemes
        )

    def _build_request(
        self, http_client: httpx.Client | httpx.AsyncClient, prepared: _Prepared, auth: AuthParts
    ) -> httpx.Request:
        headers = httpx.Headers(prepared.headers)
        headers.update(auth.headers)
        cookies = {**prepared.cookies, **auth.cookies}
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        headers.update(prepared.extra_headers)
        query = _override(_override(prepared.query, auth.query), prepared.extra_query)
        return http_client.build_request(
            prepared.endpoint.method,
            prepared.url,
            params=tuple(query) or None,
            headers=headers,
            content=prepared.content,
            data=prepared.form,
            files=prepared.files,
            timeout=prepared.timeout,
        )

    def _token_request(
        self, http_client: httpx.Client | httpx.AsyncClient, url: str
    ) -> httpx.Request:
        self._log.debug("Refreshing the OAuth access token at %s", self._redact_url(httpx.URL(url)))
        return http_client.build_request(
            "POST",
            url,
            data=self._tokens.refresh_form(url),
            headers={"Accept": "application/json", "User-Agent": self._user_agent},
            timeout=self.timeout,
        )

    # -- retries ------------------------------------------------------------------------------

    def _retry_delay(self, retries_done: int, response: httpx.Response | None) -> float:
        """Seconds to wait before the next attempt."""
        if response is not None:
            requested = _retry_after(response.headers)
            if requested is not None and 0 < requested <= MAX_RETRY_AFTER:
                return requested
        delay = min(INITIAL_RETRY_DELAY * 2.0 ** min(retries_done, 16), MAX_RETRY_DELAY)
        return delay * (1 - 0.25 * random.random())

    def _log_retry(self, prepared: _Prepared, retries_done: int, delay: float, reason: str) -> None:
        self._log.debug(
            "Retrying %s %s in %.2f s (retry %d of %d): %s",
            prepared.endpoint.method,
            prepared.endpoint.operation_id,
            delay,
            retries_done + 1,
            prepared.max_retries,
            self._scrub(reason),
        )

    def _log_request(self, request: httpx.Request, prepared: _Prepared, attempt: int) -> None:
        if self._log.isEnabledFor(logging.DEBUG):
            self._log.debug(
                "Request %s %s (%s, attempt %d)",
                request.method,
                self._redact_url(request.url),
                prepared.endpoint.operation_id,
                attempt,
            )

    def _log_response(self, response: httpx.Response, prepared: _Prepared) -> None:
        self._log.debug(
            "Response %s %s: %d %s",
            prepared.endpoint.method,
            prepared.endpoint.operation_id,
            response.status_code,
            response.reason_phrase,
        )

    def _should_renew(
        self, response: httpx.Response, auth: AuthParts, schemes: Sequence[AuthScheme]
    ) -> bool:
        """True when a 401 answered a token that can be replaced by a new one."""
        return response.status_code == 401 and auth.token is not None and self._renewable(schemes)

    def _delay_after_response(
        self, response: httpx.Response, prepared: _Prepared, retries_done: int
    ) -> float | None:
        """Seconds to wait before retrying after `response`, or None when it is final."""
        if not _should_retry(response) or retries_done >= prepared.max_retries:
            return None
        delay = self._retry_delay(retries_done, response)
        reason = f"{response.status_code} {response.reason_phrase}"
        self._log_retry(prepared, retries_done, delay, reason)
        return delay

    def _delay_after_error(
        self,
        exc: httpx.TransportError,
        request: httpx.Request | None,
        prepared: _Prepared,
        retries_done: int,
        attempts: int,
    ) -> float:
        """Seconds to wait before retrying after a transport error; raises when none are left."""
        if retries_done >= prepared.max_retries:
            raise self._transport_error(exc, request, prepared, attempts) from exc
        delay = self._retry_delay(retries_done, None)
        self._log_retry(prepared, retries_done, delay, type(exc).__name__)
        return delay

    def _transport_error(
        self,
        exc: httpx.TransportError,
        request: httpx.Request | None,
        prepared: _Prepared,
        attempts: int,
    ) -> APIConnectionError:
        try:
            failed = exc.request
        except RuntimeError:
            failed = request or prepared.bare_request()
        endpoint = prepared.endpoint
        tries = _plural(attempts, "attempt")
        where = f"{endpoint.method} {endpoint.path} ({endpoint.operation_id}), {tries}"
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(self._scrub(f"Request timed out: {where}"), request=failed)
        detail = str(exc) or type(exc).__name__
        return APIConnectionError(
            self._scrub(f"Connection error: {where}: {detail}"), request=failed
        )

    # -- responses ----------------------------------------------------------------------------

    def _result(
        self,
        prepared: _Prepared,
        response: httpx.Response,
        response_class: type[APIResponse[Any]],
        raw: bool,
    ) -> Any:
        if not response.is_success:
            raise self._status_error(prepared.endpoint, response)
        parse = functools.partial(self._parse, prepared.endpoint, response)
        if raw:
            return response_class(response, parse, operation_id=prepared.endpoint.operation_id)
        return parse()

    def _parse(self, endpoint: Endpoint, response: httpx.Response) -> Any:
        """The success body parsed into the type the endpoint documents for its status."""
        annotation = _lookup(endpoint.responses, response.status_code)
        if annotation is None or response.status_code == 204 or not response.content.strip():
            return None
        if annotation is _NO_ENTRY:
            return _json_or_text(response)
        try:
            return _decode(annotation, response)
        except pydantic.ValidationError as exc:
            message = (
                f"{endpoint.operation_id}: the {response.status_code} response does not match "
                f"the spec ({_plural(exc.error_count(), 'error')}; first: "
                f"{_first_error(exc)})"
            )
            raise APIResponseValidationError(
                self._scrub(message), response=response, error=exc
            ) from None

    def _status_error(self, endpoint: Endpoint, response: httpx.Response) -> APIStatusError:
        body = _error_body(endpoint, response)
        message = describe_status(response.status_code, body, response.reason_phrase)
        error_class = error_class_for_status(response.status_code)
        return error_class(self._scrub(message), response=response, body=body)


def _override(pairs: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """`pairs` without the names that `new` sets, followed by `new`."""
    if not new:
        return pairs
    names = {name for name, _ in new}
    return [pair for pair in pairs if pair[0] not in names] + new


def _is_file(value: object) -> bool:
    if isinstance(value, bytes | bytearray) or hasattr(value, "read"):
        return True
    return (
        isinstance(value, tuple | list)
        and len(value) in (2, 3)
        and (isinstance(value[1], bytes | bytearray) or hasattr(value[1], "read"))
    )


def _encode_body(
    endpoint: Endpoint, content_type: str, body: object
) -> tuple[bytes | None, dict[str, Any] | None, list[tuple[str, Any]] | None]:
    """The request body as bytes, or as form fields and files for a multipart body."""
    media = content_type.split(";")[0].strip().lower()
    if isinstance(body, bytes | bytearray):
        return bytes(body), None, None
    if media == "application/json" or media.endswith("+json"):
        return json_bytes(body), None, None
    if media == "application/x-www-form-urlencoded" and isinstance(body, Mapping):
        pairs = [pair for name, value in body.items() for pair in query_items(str(name), value)]
        return str(httpx.QueryParams(tuple(pairs))).encode("ascii"), None, None
    if media.startswith("multipart/") and isinstance(body, Mapping):
        form: dict[str, Any] = {}
        files: list[tuple[str, Any]] = []
        for name, value in body.items():
            if value is None or isinstance(value, NotGiven):
                continue
            if _is_file(value):
                files.append((str(name), tuple(value) if isinstance(value, list) else value))
            else:
                form[str(name)] = [p for _, p in query_items(str(name), value)]
        if not files:
            # httpx sends data without files as urlencoded; (None, value) parts keep it multipart.
            parts = [(name, (None, str(v))) for name, values in form.items() for v in values]
            return None, None, parts
        return None, form, files
    if isinstance(body, str):
        return body.encode("utf-8"), None, None
    raise TypeError(
        f"{endpoint.operation_id}: cannot send a {type(body).__name__} as {content_type}"
    )


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
    annotation = _lookup(endpoint.responses, response.status_code)
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


class SyncAPIClient(_BaseClient):
    """The synchronous client: generated clients subclass it and their methods call `request()`.

    Close it (or use it as a context manager) to release its connections.
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
            errors.APIResponseValidationError: the success body does not match the spec.
            errors.MissingCredentialsError: the operation needs credentials not given.
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
                request = self._build_request(self._client, prepared, auth)
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
        tokens = {s.name: self._token(s, stale) for s in schemes if s.kind in _TOKEN_KINDS}
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


class AsyncAPIClient(_BaseClient):
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
                request = self._build_request(self._client, prepared, auth)
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
            if scheme.kind in _TOKEN_KINDS:
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
