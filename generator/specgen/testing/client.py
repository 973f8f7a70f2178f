"""Calling the generated client: a fresh client per call, sync or async, errors caught.

The tests give the client fake credentials (`TOKEN`, API keys, a user and password): the servers
they talk to are the local recording server or a mock, never a real API.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
import sys
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

import httpx
import pytest

from .api import Api, Operation
from .server import ScriptedServer

__all__ = [
    "MODES",
    "PASSWORD",
    "TOKEN",
    "USERNAME",
    "Outcome",
    "api_key",
    "close_clients",
    "credential_kwargs",
    "fail",
    "invoke",
    "local_base_url",
    "method_of",
]

TOKEN = "contract-test-token"
"""The access token the tests give the client (not a secret: the servers here are fakes)."""
USERNAME, PASSWORD = "contract-user", "contract-password"
MODES = ("sync", "async")
_TIMEOUT = 10.0

if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
    # httpcore imports sniffio for every lock it makes; without it, each failed import searches
    # sys.path again (milliseconds per request, thousands of requests). Remember the failure.
    sys.modules["sniffio"] = None  # type: ignore[assignment]


@dataclass
class Outcome:
    """What a call returned, or the exception it raised."""

    result: Any = None
    error: BaseException | None = None


def api_key(scheme_name: str) -> str:
    """The API key the tests give the client for an apiKey scheme."""
    return f"contract-test-key-{scheme_name}"


def credential_kwargs(api: Api) -> dict[str, str]:
    """Client keywords with the test credentials of every security scheme."""
    kwargs = {}
    for credential in api.credentials:
        scheme = api.spec.security_scheme(credential.scheme)
        if scheme.get("type") == "apiKey":
            kwargs[credential.keyword] = api_key(credential.scheme)
        elif scheme.get("type") == "http" and str(scheme.get("scheme")).lower() == "basic":
            kwargs.update(username=USERNAME, password=PASSWORD)
        else:
            kwargs[credential.keyword] = TOKEN
    return kwargs


def method_of(client: Any, operation: Operation, raw: bool) -> Callable[..., Any]:
    """`client.<resource>.<method>`, or its `with_raw_response` twin."""
    resource = getattr(client, operation.resource)
    return getattr(resource.with_raw_response if raw else resource, operation.method)  # type: ignore[no-any-return]


class _Clients:
    """The clients the local calls go through, made once per configuration for the session.

    A generated client holds no state between calls here (a fixed token, no retries), and making
    one per call for thousands of calls would take longer than the tests: a client, its
    connections (keep-alive to the local server), a TLS context, an event loop for the async
    calls, and the raw-response wrappers of every method of a large resource. No TLS
    verification: the servers are local and plain HTTP.
    """

    def __init__(self) -> None:
        self._http: httpx.Client | None = None
        self._runner: asyncio.Runner | None = None
        self._async_http: httpx.AsyncClient | None = None
        self._clients: dict[tuple[int, str, str], Any] = {}

    def sync(self, api: Api, options: Mapping[str, Any]) -> Any:
        key = (id(api), "sync", repr(sorted(options.items())))
        if key not in self._clients:
            if self._http is None:
                self._http = httpx.Client(timeout=_TIMEOUT, verify=False)
            self._clients[key] = api.sync_client(http_client=self._http, **options)
        return self._clients[key]

    def run(
        self,
        api: Api,
        options: Mapping[str, Any],
        call: Callable[[Any], Coroutine[Any, Any, Outcome]],
    ) -> Outcome:
        if self._runner is None:
            self._runner = asyncio.Runner()
        key = (id(api), "async", repr(sorted(options.items())))
        if key not in self._clients:
            if self._async_http is None:
                self._async_http = httpx.AsyncClient(timeout=_TIMEOUT, verify=False)
            self._clients[key] = api.async_client(http_client=self._async_http, **options)
        return self._runner.run(call(self._clients[key]))

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
        if self._runner is not None:
            if self._async_http is not None:
                self._runner.run(self._async_http.aclose())
            self._runner.close()
        self.__init__()  # type: ignore[misc]


_CLIENTS = _Clients()


def close_clients() -> None:
    """Close the session's clients and connections (the `recording_server` fixture does)."""
    _CLIENTS.close()


@functools.cache
def _credentials(api: Api) -> Mapping[str, str]:
    return credential_kwargs(api)


def invoke(
    api: Api,
    operation: Operation,
    kwargs: Mapping[str, Any],
    *,
    base_url: str,
    mode: str,
    client_kwargs: Mapping[str, Any],
    raw: bool = False,
) -> Outcome:
    """Call a method (sync or async); the error it raised, if any."""
    options: dict[str, Any] = {
        "base_url": base_url,
        "max_retries": 0,
        "timeout": _TIMEOUT,
        **_credentials(api),
        **client_kwargs,
    }
    if mode == "sync":
        try:
            return Outcome(result=method_of(_CLIENTS.sync(api, options), operation, raw)(**kwargs))
        except Exception as error:  # noqa: BLE001 (any error the client raises is the outcome)
            return Outcome(error=error)

    async def call(client: Any) -> Outcome:
        try:
            return Outcome(result=await method_of(client, operation, raw)(**kwargs))
        except Exception as error:  # noqa: BLE001 (any error the client raises is the outcome)
            return Outcome(error=error)

    return _CLIENTS.run(api, options, call)


def local_base_url(api: Api, server: ScriptedServer) -> str:
    """The local server's URL with the spec server's base path (as the client must use it)."""
    return server.url + api.spec.base_path()


def fail(title: str, problems: Sequence[str]) -> NoReturn:
    """Fail the test with one line per problem (no traceback: the problems say it all)."""
    pytest.fail(title + ":\n  - " + "\n  - ".join(problems), pytrace=False)
