"""Generated clients never create a customer or a charge twice when they retry.

The defect, reproduced with the generated Stripe client: `post_customers(email=...)` with
`timeout=0.2`, a reply delayed 0.5 s and the default `max_retries=2` reached the server three
times, without an `Idempotency-Key`. A package is generated here from a small document shaped
like Stripe's (POST without a declared key) and Adyen's (an `Idempotency-Key` header parameter
in `components/parameters`), imported as a user would, and called against a server on
127.0.0.1; then Adyen's real Checkout API from the corpus.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from specgen.config import Config
from specgen.pipeline import generate
from tests.support.generated import AsyncSleepRecorder, SleepRecorder, import_package
from tests.support.paths import CORPUS, requires_corpus
from tests.support.server import RecordedRequest, Reply, ScriptedServer, unused_port_url

PACKAGE = "shop_api"
OBJECT = {"application/json": {"schema": {"type": "object"}}}
OK = {"200": {"description": "ok", "content": OBJECT}}
EMAIL_BODY = {
    "content": {
        "application/json": {
            "schema": {"type": "object", "properties": {"email": {"type": "string"}}}
        }
    }
}
DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "Shop", "version": "1"},
    "servers": [{"url": "https://shop.example.com"}],
    "paths": {
        "/v1/customers": {
            "get": {"operationId": "listCustomers", "tags": ["customers"], "responses": OK},
            "post": {
                "operationId": "postCustomers",
                "tags": ["customers"],
                "requestBody": EMAIL_BODY,
                "responses": OK,
            },
        },
        "/v1/payments": {
            "post": {
                "operationId": "postPayments",
                "tags": ["payments"],
                "parameters": [{"$ref": "#/components/parameters/Idempotency-Key"}],
                "requestBody": EMAIL_BODY,
                "responses": OK,
            }
        },
    },
    "components": {
        "parameters": {
            "Idempotency-Key": {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": "A unique identifier for the message (we recommend a UUID).",
                "schema": {"type": "string"},
            }
        }
    },
}
MODES = ("sync", "async")


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    folder = tmp_path_factory.mktemp("shop")
    spec = folder / "openapi.yaml"
    spec.write_text(yaml.safe_dump(DOCUMENT, sort_keys=False))
    generate(Config(spec=spec, out=folder / "out", package=PACKAGE, root=folder))
    return import_package(PACKAGE, folder / "out")


def make(shop: ModuleType, mode: str, base_url: str, **kwargs: Any) -> Any:
    client = (shop.Shop if mode == "sync" else shop.AsyncShop)(base_url=base_url, **kwargs)
    client._sleep = SleepRecorder() if mode == "sync" else AsyncSleepRecorder()
    return client


def run(mode: str, client: Any, resource: str, method: str, **arguments: Any) -> Any:
    """`client.<resource>.<method>(**arguments)`, awaited in its own loop for the async client
    (which is then closed, so that no connection outlives the loop)."""
    bound = getattr(getattr(client, resource), method)
    if mode == "sync":
        return bound(**arguments)

    async def call() -> Any:
        async with client:
            return await bound(**arguments)

    return asyncio.run(call())


def keys(requests: list[RecordedRequest]) -> list[str | None]:
    return [request.header("Idempotency-Key") for request in requests]


def assert_one_uuid4(sent: list[str | None]) -> str:
    assert len(set(sent)) == 1, sent
    (key,) = set(sent)
    assert key is not None
    assert uuid.UUID(key).version == 4
    return key


@pytest.mark.parametrize("mode", MODES)
def test_a_post_whose_reply_times_out_creates_one_customer(
    shop: ModuleType, server: ScriptedServer, mode: str
) -> None:
    server.set_fallback(Reply.json({"id": "cus_1"}, delay=0.5))
    client = make(shop, mode, server.url, timeout=0.2)
    assert client.max_retries == 2
    with pytest.raises(shop.APITimeoutError) as caught:
        run(mode, client, "customers", "post_customers", email="a@example.com")
    assert str(caught.value).endswith("(postCustomers), 1 attempt")
    assert len(server.requests_to("/v1/customers", "POST")) == 1


@pytest.mark.parametrize("mode", MODES)
def test_a_get_whose_reply_times_out_is_retried(
    shop: ModuleType, server: ScriptedServer, mode: str
) -> None:
    server.set_fallback(Reply.json({}, delay=0.5))
    client = make(shop, mode, server.url, timeout=0.2)
    with pytest.raises(shop.APITimeoutError):
        run(mode, client, "customers", "list_customers")
    assert len(server.requests_to("/v1/customers", "GET")) == 3
    assert keys(server.requests) == [None] * 3


@pytest.mark.parametrize("mode", MODES)
def test_a_declared_key_is_made_once_and_sent_on_every_attempt(
    shop: ModuleType, server: ScriptedServer, mode: str
) -> None:
    server.set_fallback(Reply.json({}, delay=0.5))
    client = make(shop, mode, server.url, timeout=0.2)
    with pytest.raises(shop.APITimeoutError):
        run(mode, client, "payments", "post_payments", email="a@example.com")
    attempts = server.requests_to("/v1/payments", "POST")
    assert len(attempts) == 3
    assert_one_uuid4(keys(attempts))
    assert [r.json() for r in attempts] == [{"email": "a@example.com"}] * 3


@pytest.mark.parametrize("mode", MODES)
def test_the_caller_s_key_is_sent_on_every_attempt(
    shop: ModuleType, server: ScriptedServer, mode: str
) -> None:
    server.enqueue(Reply.empty(500), Reply.empty(503), Reply.json({"id": "pay_1"}))
    client = make(shop, mode, server.url)
    result = run(mode, client, "payments", "post_payments", idempotency_key="order-17")
    assert result == {"id": "pay_1"}
    assert keys(server.requests) == ["order-17"] * 3


@pytest.mark.parametrize("mode", MODES)
def test_idempotency_header_opts_a_spec_without_one_in(
    shop: ModuleType, server: ScriptedServer, mode: str
) -> None:
    """Stripe takes `Idempotency-Key` on every POST; its spec does not say so."""
    server.set_fallback(Reply.json({"id": "cus_1"}, delay=0.5))
    client = make(shop, mode, server.url, timeout=0.2, idempotency_header="Idempotency-Key")
    with pytest.raises(shop.APITimeoutError) as caught:
        run(mode, client, "customers", "post_customers", email="a@example.com")
    assert str(caught.value).endswith("(postCustomers), 3 attempts")
    assert_one_uuid4(keys(server.requests_to("/v1/customers", "POST")))


@pytest.mark.parametrize("mode", MODES)
def test_a_refused_connection_is_retried_for_a_post(shop: ModuleType, mode: str) -> None:
    client = make(shop, mode, unused_port_url())
    with pytest.raises(shop.APIConnectionError) as caught:
        run(mode, client, "customers", "post_customers", email="a@example.com")
    assert "(postCustomers), 3 attempts" in str(caught.value)
    assert len(client._sleep.delays) == 2


def test_the_docs_say_what_the_client_does(shop: ModuleType) -> None:
    readme = (Path(shop.__file__).parent / "README.md").read_text(encoding="utf-8")
    declared = "The 1 operation whose spec declares an idempotency-key header (`post_payments`)"
    assert f"{declared} takes it as a keyword argument" in " ".join(readme.split())
    assert 'idempotency_header="Idempotency-Key"' in readme
    doc = shop.resources.payments.PaymentsResource.post_payments.__doc__ or ""
    assert "Not given: the client sends a new key (a uuid4)" in " ".join(doc.split())


# -- Adyen's Checkout API, from the corpus -------------------------------------------------------

ADYEN = "adyen/CheckoutService-v71.yaml"


@pytest.fixture(scope="module")
def adyen(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    folder = tmp_path_factory.mktemp("adyen")
    generate(Config(spec=CORPUS / ADYEN, out=folder / "out", package="adyen_checkout", root=folder))
    return import_package("adyen_checkout", folder / "out")


def declared_operations() -> set[str]:
    """The operationIds whose parameters include the document's Idempotency-Key parameter."""
    document = yaml.safe_load((CORPUS / ADYEN).read_text(encoding="utf-8"))
    return {
        operation["operationId"]
        for item in document["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict)
        and {"$ref": "#/components/parameters/Idempotency-Key"} in operation.get("parameters", [])
    }


@requires_corpus
def test_adyen_s_declared_keys_are_made_and_kept_across_attempts(
    adyen: ModuleType, server: ScriptedServer
) -> None:
    endpoints = [
        value
        for module in vars(adyen.resources).values()
        if isinstance(module, ModuleType)
        for value in vars(module).values()
        if isinstance(value, adyen._request.Endpoint)
    ]
    declared = {e.operation_id for e in endpoints if e.idempotency_header == "Idempotency-Key"}
    assert declared == declared_operations()
    assert len(declared) >= 20

    server.set_fallback(Reply.json({}, status=502))
    with adyen.AdyenCheckoutApi(api_key="k", base_url=server.url) as client:
        client._sleep = SleepRecorder()
        with pytest.raises(adyen.errors.APIStatusError):
            client.payments.post_card_details(merchant_account="M", card_number="411111")
    attempts = server.requests_to("/cardDetails", "POST")
    assert len(attempts) == 3
    assert_one_uuid4(keys(attempts))


def test_the_contract_tests_accept_the_key_the_client_makes(shop: ModuleType) -> None:
    """The generated contract tests judge every header the caller did not give as unwanted,
    except the key the client makes for a declared idempotency-key header (Adyen's 88 false
    failures: "header parameter Idempotency-Key was not given, but the client sent ...")."""
    out = Path(shop.__file__).parents[1]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests",
         "-k", "test_request_conforms and post_payments"],
        cwd=out, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and " failed" not in result.stdout
