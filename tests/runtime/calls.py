"""One call with the sync or the async client, so that each behaviour is tested with both.

    @pytest.mark.parametrize("mode", MODES)
    def test_x(server: ScriptedServer, mode: str) -> None:
        client, delays = make_client(mode, server)
        call(client, ENDPOINT, body=...)

The async client gets an httpx client without keep-alive, so that each `call` may run in its own
event loop (`asyncio.run`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from specgen.runtime._base_client import (
    AsyncAPIClient,
    AuthScheme,
    Credentials,
    Endpoint,
    RequestOptions,
    SyncAPIClient,
)
from specgen.runtime._response import async_to_raw_response_wrapper, to_raw_response_wrapper
from specgen.runtime._types import NOT_GIVEN
from tests.support.server import ScriptedServer

__all__ = ["MODES", "PACKAGE", "Client", "Delays", "call", "close", "make_client"]

MODES = ("sync", "async")
PACKAGE = "demo_api"
"""The package name of the test clients, hence the name of their logger."""

Client = SyncAPIClient | AsyncAPIClient


class Delays:
    """Stands in for `time.sleep` and `asyncio.sleep`: records the delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def sync(self, seconds: float) -> None:
        self.delays.append(seconds)

    async def asynchronous(self, seconds: float) -> None:
        self.delays.append(seconds)


def make_client(
    mode: str,
    server: ScriptedServer,
    *,
    auth_schemes: Sequence[AuthScheme] = (),
    credentials: Credentials | None = None,
    **kwargs: Any,
) -> tuple[Client, Delays]:
    """A client of `mode` for `server`, and the record of the waits between its attempts."""
    options: dict[str, Any] = {
        "base_url": server.url,
        "package_name": PACKAGE,
        "package_version": "1.0",
        "auth_schemes": auth_schemes,
        "credentials": credentials or Credentials(),
        "client_params": [],
        **kwargs,
    }
    delays = Delays()
    client: Client
    if mode == "sync":
        client = SyncAPIClient(**options)
        client._sleep = delays.sync
    else:
        options.setdefault(
            "http_client", httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0))
        )
        client = AsyncAPIClient(**options)
        client._sleep = delays.asynchronous
    return client, delays


def call(
    client: Client,
    endpoint: Endpoint,
    *,
    body: object = NOT_GIVEN,
    path_params: Mapping[str, object] | None = None,
    query: Mapping[str, object] | None = None,
    options: RequestOptions | None = None,
    raw: bool = False,
) -> Any:
    """Send `endpoint` with the client; the parsed body (or the `APIResponse` when `raw`)."""
    arguments: dict[str, Any] = {
        "path_params": path_params or {},
        "query": query or {},
        "headers": {},
        "cookies": {},
        "body": body,
        "options": options or RequestOptions(),
    }
    if isinstance(client, SyncAPIClient):
        send = to_raw_response_wrapper(client.request) if raw else client.request
        return send(endpoint, **arguments)

    async def scenario() -> Any:
        send = async_to_raw_response_wrapper(client.request) if raw else client.request
        return await send(endpoint, **arguments)

    return asyncio.run(scenario())


def close(client: Client) -> None:
    """Close the client (in an event loop for the async one)."""
    if isinstance(client, SyncAPIClient):
        client.close()
    else:
        asyncio.run(client.close())
