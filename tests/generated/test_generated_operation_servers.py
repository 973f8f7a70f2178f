"""Operations with servers of their own (OpenAPI's operation and path-item `servers`).

Stripe sends `POST /v1/files` to files.stripe.com, GitHub release assets to uploads.github.com,
DigitalOcean's inference operations to inference.do-ai.run. The generated client sends each such
operation to its own server while the client's base_url is the spec's server; a base_url
pointed elsewhere (a mock, a proxy, a test server) takes every operation, so that no call
leaves the place the caller chose. A package is generated for servers on 127.0.0.1, imported as
a user would, and called against them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from specgen.config import Config
from specgen.pipeline import generate
from tests.support.generated import import_package
from tests.support.server import Reply, ScriptedServer

PACKAGE = "own_servers"
OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}


def document(main: str, uploads: str) -> dict[str, Any]:
    """`main` and `uploads` are `host:port` of two servers on 127.0.0.1."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Own Servers", "version": "1"},
        "servers": [{"url": "http://{host}/api", "variables": {"host": {"default": main}}}],
        "paths": {
            "/items": {"get": {"operationId": "listItems", "responses": OK}},
            "/uploads": {
                "post": {
                    "operationId": "createUpload",
                    "servers": [
                        {"url": "http://{origin}/up", "variables": {"origin": {"default": uploads}}}
                    ],
                    "responses": OK,
                }
            },
            "/reports": {
                # A path item's server, with the document's variable: the client's host= fills it.
                "servers": [{"url": "http://{host}/reports-api"}],
                "get": {"operationId": "listReports", "responses": OK},
            },
            "/same": {
                "servers": [{"url": "http://{host}/api/"}],  # the document's, but for the slash
                "get": {"operationId": "getSame", "responses": OK},
            },
            "/answers": {
                "post": {
                    "operationId": "askAgent",
                    # DigitalOcean's agents: the default only says what to put there.
                    "servers": [
                        {
                            "url": "http://{agent_url}",
                            "variables": {"agent_url": {"default": "{your-agent-url}"}},
                        }
                    ],
                    "responses": OK,
                }
            },
        },
    }


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[ScriptedServer, ScriptedServer, ScriptedServer]]:
    """The spec's main server, its uploads server, and one the spec does not name."""
    with ScriptedServer() as main, ScriptedServer() as uploads, ScriptedServer() as elsewhere:
        yield main, uploads, elsewhere


def host(server: ScriptedServer) -> str:
    return server.url.removeprefix("http://").rstrip("/")


@pytest.fixture(scope="module")
def package(
    tmp_path_factory: pytest.TempPathFactory,
    servers: tuple[ScriptedServer, ScriptedServer, ScriptedServer],
) -> ModuleType:
    main, uploads, _ = servers
    folder = tmp_path_factory.mktemp("own-servers")
    spec = folder / "openapi.yaml"
    spec.write_text(yaml.safe_dump(document(host(main), host(uploads)), sort_keys=False))
    generate(Config(spec=spec, out=folder / "out", package=PACKAGE, root=folder))
    return import_package(PACKAGE, folder / "out")


def paths(server: ScriptedServer) -> list[str]:
    return [request.path for request in server.requests]


@pytest.fixture(autouse=True)
def answers(servers: tuple[ScriptedServer, ScriptedServer, ScriptedServer]) -> None:
    for scripted in servers:
        scripted.reset()
        scripted.set_fallback(Reply.json({}))


def test_each_operation_goes_to_its_own_server_by_default(
    package: ModuleType, servers: tuple[ScriptedServer, ...]
) -> None:
    main, uploads, elsewhere = servers
    with package.OwnServers(max_retries=0) as client:
        client.default.list_items()
        client.default.create_upload()
        client.default.list_reports()
        client.default.get_same()
    assert paths(main) == ["/api/items", "/reports-api/reports", "/api/same"]
    assert paths(uploads) == ["/up/uploads"]
    assert paths(elsewhere) == []


def test_the_clients_server_variables_fill_the_operations_servers(
    package: ModuleType, servers: tuple[ScriptedServer, ...]
) -> None:
    main, uploads, elsewhere = servers
    with package.OwnServers(host=host(elsewhere), max_retries=0) as client:
        client.default.list_items()
        client.default.list_reports()
        client.default.create_upload()  # its server has no `host`
    assert paths(elsewhere) == ["/api/items", "/reports-api/reports"]
    assert paths(uploads) == ["/up/uploads"]
    assert paths(main) == []


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_a_base_url_elsewhere_takes_every_operation(
    package: ModuleType,
    servers: tuple[ScriptedServer, ...],
    how: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    main, uploads, elsewhere = servers
    base_url = elsewhere.url + "/mock"
    if how == "environment":
        monkeypatch.setenv("OWN_SERVERS_BASE_URL", base_url)
    with package.OwnServers(
        base_url=base_url if how == "argument" else None, max_retries=0
    ) as client:
        client.default.list_items()
        client.default.create_upload()
        client.default.list_reports()
        client.default.ask_agent()
    assert paths(elsewhere) == ["/mock/items", "/mock/uploads", "/mock/reports", "/mock/answers"]
    assert paths(main) == paths(uploads) == []


def test_a_base_url_at_the_specs_server_keeps_the_operations_servers(
    package: ModuleType, servers: tuple[ScriptedServer, ...]
) -> None:
    main, uploads, _ = servers
    with package.OwnServers(base_url=main.url + "/api/", max_retries=0) as client:
        client.default.create_upload()
    assert paths(uploads) == ["/up/uploads"]


def test_a_server_without_a_value_for_its_variable_is_refused_before_sending(
    package: ModuleType, servers: tuple[ScriptedServer, ...]
) -> None:
    with (
        package.OwnServers(max_retries=0) as client,
        pytest.raises(package.errors.RequestValidationError) as refused,
    ):
        client.default.ask_agent()
    message = str(refused.value)
    assert "server: http://{your-agent-url} has no value for {your-agent-url}" in message
    assert "give the client a base_url" in message
    assert all(not scripted.requests for scripted in servers)


def test_the_async_client_sends_there_too(
    package: ModuleType, servers: tuple[ScriptedServer, ...]
) -> None:
    main, uploads, _ = servers

    async def run() -> None:
        async with package.AsyncOwnServers(max_retries=0) as client:
            await client.default.create_upload()
            await client.default.list_items()

    asyncio.run(run())
    assert paths(uploads) == ["/up/uploads"]
    assert paths(main) == ["/api/items"]


def test_the_docs_say_where_each_operation_goes(package: ModuleType) -> None:
    with package.OwnServers(max_retries=0) as client:
        resource = type(client.default)
    upload_doc = resource.create_upload.__doc__ or ""
    assert "on http://{origin}/up" not in upload_doc  # the default is filled in
    assert "/uploads` on http://127.0.0.1:" in upload_doc
    assert " on " not in (resource.list_items.__doc__ or "").split("Args:")[0]
    readme = (Path(package.__file__).parent / "README.md").read_text(encoding="utf-8")
    assert "`create_upload` on `http://127.0.0.1:" in readme
    assert "`list_reports` on `http://{host}/reports-api`" in readme
    assert "get_same" not in readme.split("Operations the spec serves elsewhere")[1].split("\n-")[0]
