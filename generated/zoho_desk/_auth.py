# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/runtime/_auth.py, the same in every package.
# SPDX-License-Identifier: MIT
"""Credentials, security schemes, and the OAuth refresh-token flow.

The clients choose, per operation, the first security alternative whose credentials were given
and turn it into headers, query parameters and cookies. Access tokens come from a fixed
`access_token`, from a `token_provider` called for every request, or from the token endpoint of
an OAuth2 scheme with a refresh token (refreshed before they expire and once after a 401).
"""

from __future__ import annotations

import base64
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import httpx

from ._utils import REDACTED, scrub
from .errors import DEFAULT_REQUEST_ID_HEADERS, TokenRefreshError, describe_status

__all__ = ["AuthParts", "AuthScheme", "Credentials", "TokenStore", "choose_schemes"]

REFRESH_MARGIN = 60.0
"""Seconds before its expiry at which an access token is refreshed."""

_TOKEN_KEYS = frozenset({"access_token", "refresh_token", "id_token"})
_CREDENTIAL_NAMES = (
    "access_token",
    "token_provider",
    "refresh_token",
    "client_id",
    "client_secret",
    "username",
    "password",
)


@dataclass(frozen=True, slots=True)
class AuthScheme:
    """One security scheme of the spec, reduced to what the client does with it.

    Attributes:
        name: the scheme's key in `components/securitySchemes`.
        kind: `oauth2` and `http_bearer` send a token, `http_basic` a user name and password,
            `api_key` a key.
        location: where the credential goes (tokens and basic always go in a header).
        parameter_name: the header, query parameter or cookie that carries it.
        token_prefix: written before a token or key, e.g. `Bearer` or `Zoho-oauthtoken`.
        token_url: the OAuth2 token endpoint, already expanded; "" when there is none.
    """

    name: str
    kind: Literal["oauth2", "http_bearer", "http_basic", "api_key"]
    location: Literal["header", "query", "cookie"] = "header"
    parameter_name: str = "Authorization"
    token_prefix: str = ""
    token_url: str = ""


@dataclass(frozen=True, slots=True)
class Credentials:
    """What the user gave the client to authenticate with; its repr hides every secret.

    Attributes:
        access_token: a fixed OAuth2 or bearer token.
        token_provider: called before every request for the current token (for tokens that
            rotate); the async client also accepts a function returning an awaitable.
        refresh_token, client_id, client_secret: obtain access tokens from the scheme's token
            endpoint (`grant_type=refresh_token`), refreshing them as they expire. An
            `access_token` given as well is used first, until the server refuses it (401).
        api_keys: scheme name → key, for `api_key` schemes (None: not given).
        username, password: for `http_basic` schemes.
    """

    access_token: str | None = None
    token_provider: Callable[[], str | Awaitable[str]] | None = None
    refresh_token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    api_keys: Mapping[str, str | None] = field(default_factory=dict)
    username: str | None = None
    password: str | None = None

    def __repr__(self) -> str:
        given = [name for name in _CREDENTIAL_NAMES if getattr(self, name) is not None]
        given.extend(f"api_keys[{name!r}]" for name, key in sorted(self.api_keys.items()) if key)
        return f"Credentials(given: {', '.join(given) or 'nothing'})"

    @property
    def can_refresh(self) -> bool:
        """True when a refresh token, client id and client secret were all given."""
        return bool(self.refresh_token and self.client_id and self.client_secret)

    def satisfies(self, scheme: AuthScheme) -> bool:
        """True when these credentials can authenticate with `scheme`."""
        if scheme.kind in ("oauth2", "http_bearer"):
            if self.access_token or self.token_provider is not None:
                return True
            return scheme.kind == "oauth2" and bool(scheme.token_url) and self.can_refresh
        if scheme.kind == "http_basic":
            return self.username is not None and self.password is not None
        return bool(self.api_keys.get(scheme.name))

    def secrets(self) -> Iterator[str]:
        """Every secret value given, for scrubbing messages."""
        for value in (self.access_token, self.refresh_token, self.client_secret, self.password):
            if value:
                yield value
        yield from (key for key in self.api_keys.values() if key)
        if self.username is not None and self.password:
            yield _basic(self.username, self.password)


def _basic(username: str, password: str) -> str:
    return base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


def choose_schemes(
    security: Sequence[Sequence[str]],
    schemes: Mapping[str, AuthScheme],
    credentials: Credentials,
) -> tuple[AuthScheme, ...] | None:
    """The first alternative of `security` that `credentials` satisfy; None when there is none.

    An operation without security (`()`), or with an empty alternative, needs no credentials.
    """
    if not security:
        return ()
    for alternative in security:
        chosen = tuple(schemes[name] for name in alternative if name in schemes)
        if len(chosen) == len(alternative) and all(map(credentials.satisfies, chosen)):
            return chosen
    return None


@dataclass(slots=True)
class AuthParts:
    """What authentication adds to one request; `token` is the access token used, if any."""

    headers: dict[str, str] = field(default_factory=dict)
    query: list[tuple[str, str]] = field(default_factory=list)
    cookies: dict[str, str] = field(default_factory=dict)
    token: str | None = None

    def __repr__(self) -> str:
        token = REDACTED if self.token else None
        return f"AuthParts(headers={sorted(self.headers)}, token={token})"

    @classmethod
    def build(
        cls,
        schemes: Sequence[AuthScheme],
        credentials: Credentials,
        tokens: Mapping[str, str],
    ) -> AuthParts:
        """Place the credentials of `schemes`; `tokens` maps token schemes to their token."""
        parts = cls()
        for scheme in schemes:
            if scheme.kind in ("oauth2", "http_bearer"):
                parts.token = tokens[scheme.name]
                prefix = scheme.token_prefix or "Bearer"
                parts.headers[scheme.parameter_name or "Authorization"] = f"{prefix} {parts.token}"
            elif scheme.kind == "http_basic":
                secret = _basic(credentials.username or "", credentials.password or "")
                prefix = scheme.token_prefix or "Basic"
                parts.headers[scheme.parameter_name or "Authorization"] = f"{prefix} {secret}"
            else:
                key = credentials.api_keys.get(scheme.name) or ""
                value = f"{scheme.token_prefix} {key}" if scheme.token_prefix else key
                if scheme.location == "query":
                    parts.query.append((scheme.parameter_name, value))
                elif scheme.location == "cookie":
                    parts.cookies[scheme.parameter_name] = value
                else:
                    parts.headers[scheme.parameter_name] = value
        return parts


@dataclass(slots=True)
class _TokenState:
    access_token: str | None
    refresh_token: str | None
    expires_at: float | None = None


class TokenStore:
    """The access tokens obtained from OAuth token endpoints, one per token URL.

    It holds no lock and does no I/O: the clients call `usable()`, and under their own lock
    (threading or asyncio) `usable()` again, then `refresh_request()`, send it, and `accept()`.
    """

    def __init__(
        self,
        credentials: Credentials,
        clock: Callable[[], float] = time.monotonic,
        *,
        request_id_headers: Sequence[str] = DEFAULT_REQUEST_ID_HEADERS,
    ) -> None:
        self._credentials = credentials
        self._request_id_headers = tuple(request_id_headers)
        self._clock = clock
        self._states: dict[str, _TokenState] = {}
        # The latest tokens received, so that messages can be scrubbed of them.
        self.issued: deque[str] = deque(maxlen=32)

    def __repr__(self) -> str:
        return f"TokenStore(urls={sorted(self._states)})"

    def _state(self, url: str) -> _TokenState:
        state = self._states.get(url)
        if state is None:
            fresh = _TokenState(self._credentials.access_token, self._credentials.refresh_token)
            state = self._states.setdefault(url, fresh)
        return state

    def usable(self, url: str, *, stale: str | None = None) -> str | None:
        """The current token for `url`, or None when it must be refreshed first.

        A token is refreshed when there is none, when it expires within `REFRESH_MARGIN`
        seconds, or when it is `stale` (the server refused it).
        """
        state = self._state(url)
        token = state.access_token
        if token is None or token == stale:
            return None
        if state.expires_at is not None and state.expires_at - self._clock() < REFRESH_MARGIN:
            return None
        return token

    def refresh_form(self, url: str) -> dict[str, str]:
        """The form posted to the token endpoint."""
        return {
            "grant_type": "refresh_token",
            "refresh_token": self._state(url).refresh_token or "",
            "client_id": self._credentials.client_id or "",
            "client_secret": self._credentials.client_secret or "",
        }

    def accept(self, url: str, response: httpx.Response) -> str:
        """Store the token in the token endpoint's `response`, or raise `TokenRefreshError`."""
        try:
            payload = response.json()
        except ValueError:
            payload = None
        data = payload if isinstance(payload, dict) else {}
        token = data.get("access_token")
        if response.is_success and isinstance(token, str) and token:
            state = self._state(url)
            self.issued.append(token)
            state.access_token = token
            new_refresh_token = data.get("refresh_token")
            if isinstance(new_refresh_token, str) and new_refresh_token:
                self.issued.append(new_refresh_token)
                state.refresh_token = new_refresh_token
            try:
                expires_in: float | None = float(data["expires_in"])
            except (KeyError, TypeError, ValueError):
                expires_in = None
            state.expires_at = None if expires_in is None else self._clock() + expires_in
            return token
        body: object
        if isinstance(payload, dict):
            body = {k: (REDACTED if k in _TOKEN_KEYS else v) for k, v in payload.items()}
        elif payload is not None:
            body = payload
        else:
            body = self.scrub(response.text) or None
        reason = describe_status(response.status_code, body, response.reason_phrase)
        if response.is_success:
            reason = f"no access_token in the response ({reason})"
        message = f"could not refresh the OAuth access token at {url}: {reason}"
        raise TokenRefreshError(
            self.scrub(message),
            response=response,
            body=body,
            request_id_headers=self._request_id_headers,
        )

    def scrub(self, text: str) -> str:
        """Remove every credential and token from `text`."""
        return scrub(text, [*self._credentials.secrets(), *self.issued])
