"""What the sync and async clients share: every step of a call that does no I/O.

`SyncAPIClient` and `AsyncAPIClient` (`_base_client`) run the same loop (prepare, authenticate,
send, retry, parse) and differ only where they send, wait or lock. `ClientCore` holds the client's
settings and secrets and makes every decision of that loop: which credentials to use, what to
send, whether and when to retry, what to return or raise. Its messages and logs never carry
credentials.

Credentials go only where the caller pointed the client. With `base_url=` on another host than
the spec's server, OAuth token URLs move with it (same path, on the `base_url`'s scheme, host and
port), so a refresh token and client secret meant for a mock never reach the production token
endpoint; an explicit `token_url=` wins over both.

An operation with a server of its own in the spec (OpenAPI's operation or path-item `servers`:
Stripe's file uploads on files.stripe.com) is sent there while the client's `base_url` is the
spec's server. A `base_url` elsewhere (a mock, a proxy, a test server) takes every operation, so
that no call leaves the place the caller chose.

Retries never do the work of a call twice (see `_retries`): a call that is not idempotent is
retried only when the server certainly did not act on it, unless it carries an idempotency key.
The key is the caller's, or one the client makes for the call: in the header the spec declares
on the operation, else in the client's `idempotency_header` (an API whose spec does not say it
takes keys: Stripe's `Idempotency-Key`).

`with_options()` (alias `copy()`) returns a client with other settings that shares this one's
connection pool, credentials and tokens.
"""

from __future__ import annotations

import copy as _copy
import dataclasses
import functools
import logging
import platform
from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any, Self

import httpx

from ._auth import AuthParts, AuthScheme, Credentials, TokenStore, choose_schemes
from ._logs import SECRET_QUERY_NAMES, describe_body, hide_secrets_in_http_logs, redact_query
from ._parsing import parse_body, status_error
from ._request import Endpoint, PreparedRequest, RequestOptions, prepare_request
from ._response import APIResponse
from ._retries import (
    retries_transport_error,
    retry_after,
    retry_delay,
    should_retry,
    waits_too_long,
)
from ._types import NOT_GIVEN, NotGiven, Timeout
from ._utils import plural, scrub
from .errors import (
    DEFAULT_REQUEST_ID_HEADERS,
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    MissingCredentialsError,
)

__all__ = ["TOKEN_KINDS", "ClientCore"]

TOKEN_KINDS = ("oauth2", "http_bearer")
"""The kinds of security scheme that send an access token."""


@functools.cache
def _user_agent(package_name: str, package_version: str) -> str:
    return (
        f"{package_name}/{package_version} python/{platform.python_version()} "
        f"httpx/{httpx.__version__}"
    )


class ClientCore:
    """The settings, secrets and decisions of a client, shared by the sync and async ones."""

    timeout: Timeout
    """The default timeout of a call, in seconds (or an `httpx.Timeout`; None: wait forever)."""
    max_retries: int
    """How many times a failed call is retried by default (0: never)."""
    strict_response_validation: bool
    """True: a success body that does not match the spec raises `APIResponseValidationError`.
    False (the default): it is kept as it came (see `_lenient`), and logged at DEBUG."""
    idempotency_header: str | None
    """The header in which POST and PATCH calls get an idempotency key of their own, so that
    they are retried like idempotent ones (None: only where the spec declares one)."""
    _owns_client: bool

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
        request_id_headers: Sequence[str] = DEFAULT_REQUEST_ID_HEADERS,
        strict_response_validation: bool = False,
        error_code_property: str | None = None,
        server_url: str | None = None,
        token_url: str | None = None,
        server_variables: Mapping[str, str] | None = None,
        idempotency_header: str | None = None,
    ) -> None:
        """`server_url` is the spec's server (variables filled in), which `base_url` may differ
        from; `server_variables` the values filled in, for operations with servers of their own;
        `token_url` the caller's explicit token endpoint. `error_code_property` is the JSON
        name of the error code in error bodies (`x-specgen-error-code`); `idempotency_header`
        the attribute's (see the module doc)."""
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self._base_url = base_url
        self._spec_servers = server_url is not None and (
            base_url.rstrip("/") == server_url.rstrip("/")
        )
        self._server_variables = dict(server_variables or {})
        self._user_agent = _user_agent(package_name, package_version)
        self._log = logging.getLogger(package_name)
        auth_schemes = self._place_token_urls(auth_schemes, base_url, server_url, token_url)
        self._schemes = {scheme.name: scheme for scheme in auth_schemes}
        self._credentials = credentials
        self._client_params = tuple(client_params)
        self.timeout = timeout
        self.max_retries = max_retries
        self.idempotency_header = idempotency_header or None
        self._default_headers = dict(default_headers or {})
        self._request_id_headers = tuple(request_id_headers)
        self._tokens = TokenStore(credentials, request_id_headers=self._request_id_headers)
        self._provided_tokens: deque[str] = deque(maxlen=32)
        self.strict_response_validation = strict_response_validation
        self._error_code_property = error_code_property
        self._secret_query_names = set(SECRET_QUERY_NAMES) | {
            scheme.parameter_name.lower()
            for scheme in auth_schemes
            if scheme.kind == "api_key" and scheme.location == "query"
        }
        hide_secrets_in_http_logs(self, self._secret_query_names)

    @property
    def base_url(self) -> str:
        """The URL that operation paths are appended to (but those of operations with a server
        of their own in the spec, while this is the spec's server: see the module doc)."""
        return self._base_url

    def _base_url_of(self, endpoint: Endpoint) -> str:
        """Where `endpoint` is sent (see the module doc)."""
        if endpoint.server_url is None or not self._spec_servers:
            return self._base_url
        url = endpoint.server_url
        for name, value in self._server_variables.items():
            url = url.replace("{" + name + "}", value)
        return url

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._base_url!r})"

    def with_options(
        self,
        *,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        strict_response_validation: bool | NotGiven = NOT_GIVEN,
        idempotency_header: str | NotGiven | None = NOT_GIVEN,
    ) -> Self:
        """A copy of the client with other settings, sharing its connection pool and tokens.

        `default_headers` are added to (and override) the client's. Closing the copy leaves the
        shared pool open: close the original.
        """
        if isinstance(max_retries, int) and max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        clone = _copy.copy(self)
        if not isinstance(timeout, NotGiven):
            clone.timeout = timeout
        if not isinstance(max_retries, NotGiven):
            clone.max_retries = max_retries
        if not isinstance(strict_response_validation, NotGiven):
            clone.strict_response_validation = strict_response_validation
        if not isinstance(idempotency_header, NotGiven):
            clone.idempotency_header = idempotency_header or None
        clone._default_headers = {**self._default_headers, **(default_headers or {})}
        clone._owns_client = False
        for name, value in list(vars(clone).items()):
            if getattr(value, "_client", None) is self:  # a resource: bind a new one to the copy
                setattr(clone, name, type(value)(clone))
        hide_secrets_in_http_logs(clone, self._secret_query_names)
        return clone

    copy = with_options

    def _place_token_urls(
        self,
        schemes: Sequence[AuthScheme],
        base_url: str,
        server_url: str | None,
        token_url: str | None,
    ) -> list[AuthScheme]:
        """The schemes with their token URLs where credentials may go (see the module doc)."""
        if token_url:
            return [
                dataclasses.replace(s, token_url=token_url) if s.token_url else s for s in schemes
            ]
        if not server_url:
            return list(schemes)
        base, server = httpx.URL(base_url), httpx.URL(server_url)
        if (base.scheme, base.host, base.port) == (server.scheme, server.host, server.port):
            return list(schemes)
        moved = []
        for scheme in schemes:
            if scheme.token_url:
                url = httpx.URL(scheme.token_url)
                new = str(base.copy_with(raw_path=url.raw_path, fragment=None))
                self._log.debug(
                    "base_url is not the spec's server: the token URL of %s is %s, not %s",
                    scheme.name,
                    new,
                    scheme.token_url,
                )
                scheme = dataclasses.replace(scheme, token_url=new)
            moved.append(scheme)
        return moved

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
    ) -> PreparedRequest:
        return prepare_request(
            endpoint,
            base_url=self._base_url_of(endpoint),
            user_agent=self._user_agent,
            default_headers=self._default_headers,
            client_params=self._client_params,
            path_params=path_params,
            query=query,
            headers=headers,
            cookies=cookies,
            body=body,
            options=options,
            timeout=self.timeout,
            max_retries=self.max_retries,
            idempotency_header=self.idempotency_header,
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

    # -- credentials --------------------------------------------------------------------------

    def _choose_auth(self, prepared: PreparedRequest) -> tuple[AuthScheme, ...]:
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
            scheme.kind in TOKEN_KINDS
            and (self._credentials.token_provider is not None or self._refreshes(scheme))
            for scheme in schemes
        )

    def _should_renew(
        self, response: httpx.Response, auth: AuthParts, schemes: Sequence[AuthScheme]
    ) -> bool:
        """True when a 401 answered a token that can be replaced by a new one."""
        return response.status_code == 401 and auth.token is not None and self._renewable(schemes)

    # -- logging ------------------------------------------------------------------------------

    def _log_request(self, request: httpx.Request, prepared: PreparedRequest, attempt: int) -> None:
        if self._log.isEnabledFor(logging.DEBUG):
            self._log.debug(
                "Request %s %s (%s, attempt %d)",
                request.method,
                self._redact_url(request.url),
                prepared.endpoint.operation_id,
                attempt,
            )
            body = describe_body(
                prepared.content, prepared.files, self._scrub, self._secret_query_names
            )
            if body is not None and attempt == 1:
                self._log.debug("Request body of %s: %s", prepared.endpoint.operation_id, body)

    def _log_response(self, response: httpx.Response, prepared: PreparedRequest) -> None:
        self._log.debug(
            "Response %s %s: %d %s",
            prepared.endpoint.method,
            prepared.endpoint.operation_id,
            response.status_code,
            response.reason_phrase,
        )

    def _log_retry(
        self, prepared: PreparedRequest, retries_done: int, delay: float, reason: str
    ) -> None:
        self._log.debug(
            "Retrying %s %s in %.2f s (retry %d of %d): %s",
            prepared.endpoint.method,
            prepared.endpoint.operation_id,
            delay,
            retries_done + 1,
            prepared.max_retries,
            self._scrub(reason),
        )

    def _log_not_replayed(self, prepared: PreparedRequest, reason: str) -> None:
        self._log.debug(
            "Not retrying %s %s after %s: the server may have acted on it, and it carries no "
            "idempotency key",
            prepared.endpoint.method,
            prepared.endpoint.operation_id,
            self._scrub(reason),
        )

    # -- retries ------------------------------------------------------------------------------

    def _delay_after_response(
        self, response: httpx.Response, prepared: PreparedRequest, retries_done: int
    ) -> float | None:
        """Seconds to wait before retrying after `response`, or None when it is final."""
        if retries_done >= prepared.max_retries:
            return None
        if not should_retry(response, replayable=prepared.replayable):
            if should_retry(response, replayable=True):
                self._log_not_replayed(prepared, f"{response.status_code} {response.reason_phrase}")
            return None
        if waits_too_long(response):
            self._log.debug(
                "Not retrying %s %s: the server asks to wait %.0f s",
                prepared.endpoint.method,
                prepared.endpoint.operation_id,
                retry_after(response.headers) or 0.0,
            )
            return None
        delay = retry_delay(retries_done, response)
        reason = f"{response.status_code} {response.reason_phrase}"
        self._log_retry(prepared, retries_done, delay, reason)
        return delay

    def _delay_after_error(
        self,
        exc: httpx.TransportError,
        request: httpx.Request | None,
        prepared: PreparedRequest,
        retries_done: int,
        attempts: int,
    ) -> float:
        """Seconds to wait before retrying after a transport error; raises when it is final."""
        if retries_done >= prepared.max_retries:
            raise self._transport_error(exc, request, prepared, attempts) from exc
        if not retries_transport_error(exc, replayable=prepared.replayable):
            self._log_not_replayed(prepared, type(exc).__name__)
            raise self._transport_error(exc, request, prepared, attempts) from exc
        delay = retry_delay(retries_done, None)
        self._log_retry(prepared, retries_done, delay, type(exc).__name__)
        return delay

    def _transport_error(
        self,
        exc: httpx.TransportError,
        request: httpx.Request | None,
        prepared: PreparedRequest,
        attempts: int,
    ) -> APIConnectionError:
        try:
            failed = exc.request
        except RuntimeError:
            failed = request or prepared.bare_request()
        endpoint = prepared.endpoint
        tries = plural(attempts, "attempt")
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
        prepared: PreparedRequest,
        response: httpx.Response,
        response_class: type[APIResponse[Any]],
        raw: bool,
    ) -> Any:
        if not response.is_success:
            raise self._status_error(prepared.endpoint, response)
        parse = functools.partial(
            parse_body,
            prepared.endpoint,
            response,
            self._scrub,
            strict=self.strict_response_validation,
            log=self._log,
        )
        if raw:
            return response_class(
                response,
                parse,
                operation_id=prepared.endpoint.operation_id,
                request_id_headers=self._request_id_headers,
            )
        return parse()

    def _status_error(self, endpoint: Endpoint, response: httpx.Response) -> APIStatusError:
        return status_error(
            endpoint,
            response,
            self._scrub,
            self._request_id_headers,
            error_code_property=self._error_code_property,
        )
