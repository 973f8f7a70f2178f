"""`x-specgen-request-id-header`: a spec names where its server sends the id of a request.

A package is generated from tests/fixtures/mini.yaml with the extension added, imported as a user
would, and called against the scripted server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from specgen.config import Config
from specgen.pipeline import generate
from tests.support.generated import import_package
from tests.support.paths import ROOT
from tests.support.server import Reply, ScriptedServer

MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
PACKAGE = "mini_request_ids"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("request-ids")
    document = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    document["x-specgen-request-id-header"] = "X-Shop-Request"
    spec = folder / "openapi.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    generate(Config(spec=spec, out=folder / "out", package=PACKAGE, root=folder))
    return folder / "out"


@pytest.fixture(scope="module")
def package(out: Path) -> ModuleType:
    return import_package(PACKAGE, out)


def make_client(package: ModuleType, server: ScriptedServer) -> Any:
    return package.MiniShop(access_token="t", base_url=server.url, max_retries=0)


def test_the_client_module_passes_the_header_to_the_runtime(out: Path) -> None:
    source = (out / PACKAGE / "_client.py").read_text(encoding="utf-8")
    assert 'REQUEST_ID_HEADERS = ("X-Shop-Request",)' in source
    assert source.count("request_id_headers=REQUEST_ID_HEADERS") == 2  # sync and async


def test_errors_and_raw_responses_read_the_named_header(
    package: ModuleType, server: ScriptedServer
) -> None:
    server.enqueue(
        Reply.json({}, status=404, headers={"X-Request-Id": "generic", "X-Shop-Request": "s-1"}),
        Reply.json({"id": 1, "name": "lamp"}, headers={"x-shop-request": "s-2"}),
        Reply.json({}, status=404, headers={"X-Request-Id": "generic"}),
    )
    with make_client(package, server) as client:
        with pytest.raises(package.errors.NotFoundError) as caught:
            client.items.get_item(1)
        assert caught.value.request_id == "s-1"
        raw = client.items.with_raw_response.get_item(1)
        assert raw.request_id == "s-2"
        with pytest.raises(package.errors.NotFoundError) as generic:
            client.items.get_item(1)
        assert generic.value.request_id is None  # the spec's header replaces the defaults


def test_the_async_client_reads_it_too(package: ModuleType, server: ScriptedServer) -> None:
    server.enqueue(Reply.json({}, status=409, headers={"X-Shop-Request": "a-1"}))

    async def run() -> object:
        async with package.AsyncMiniShop(
            access_token="t", base_url=server.url, max_retries=0
        ) as client:
            try:
                await client.items.get_item(1)
            except package.errors.APIStatusError as error:
                return error.request_id
        return "no error"

    assert asyncio.run(run()) == "a-1"
