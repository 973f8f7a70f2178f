"""Retries never do the work of a call twice: a POST or PATCH without an idempotency key is
retried only when the server cannot have acted on it; with a key (the caller's, or one the
client makes once per call) it is retried like a GET, the same key on every attempt.

Found with the generated Stripe client: `post_customers` with `timeout=0.2` against a reply
delayed 0.5 s reached the server three times, without `Idempotency-Key` (three customers).
Sync and async clients, against the scripted server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from specgen.runtime import errors
from specgen.runtime._base_client import (
    AsyncAPIClient,
    Credentials,
    Endpoint,
    RequestOptions,
    SyncAPIClient,
)
from specgen.runtime._types import NOT_GIVEN
from tests.support.generated import AsyncSleepRecorder, SleepRecorder
from tests.support.server import RecordedRequest, Reply, ScriptedServer, unused_port_url

JSON = "application/json"
CREATE = Endpoint(
    "POST", "/customers", "createCustomer", responses={"200": dict}, content_type=JSON
)
PAY = Endpoint(
    "POST",
    "/payments",
    "createPayment",
    responses={"200": dict},
    content_type=JSON,
    idempotency_header="Idempotency-Key",
)
LIST = Endpoint("GET", "/customers", "listCustomers", responses={"200": dict})
MODES = ("sync", "async")
_loop: list[asyncio.Runner] = []  # the async client's calls of one test share an event loop


@pytest.fixture(autouse=True)
def event_loop() -> Iterator[None]:
    with asyncio.Runner() as runner:
        _loop.append(runner)
        yield
        _loop.remove(runner)


def make_client(mode: str, base_url: str, **kwargs: Any) -> Any:
    cls = SyncAPIClient if mode == "sync" else AsyncAPIClient
    client = cls(
        base_url=base_url,
        package_name="demo_api",
        package_version="0",
        auth_schemes=[],
        credentials=Credentials(),
        client_params=[],
        **kwargs,
    )
    client._sleep = SleepRecorder() if mode == "sync" else AsyncSleepRecorder()
    return client


def call(
    client: Any,
    endpoint: Endpoint,
    *,
    headers: Mapping[str, object] | None = None,
    extra_headers: Mapping[str, str] | None = None,
    **options: Any,
) -> Any:
    """One call of `endpoint` (with a body when it takes one), awaited for the async client."""
    arguments: dict[str, Any] = {
        "path_params": {},
        "query": {},
        "headers": dict(headers or {}),
        "cookies": {},
        "body": {"email": "a@example.com"} if endpoint.content_type else NOT_GIVEN,
        "options": RequestOptions(extra_headers=extra_headers, **options),
    }
    if isinstance(client, SyncAPIClient):
        return client.request(endpoint, **arguments)
    return _loop[-1].run(client.request(endpoint, **arguments))


def keys(requests: list[RecordedRequest], name: str = "Idempotency-Key") -> list[str | None]:
    return [request.header(name) for request in requests]


def assert_uuid4(key: str | None) -> None:
    assert key is not None
    assert uuid.UUID(key).version == 4


# -- without a key: retried only when the server cannot have acted ----------------------------


@pytest.mark.parametrize("mode", MODES)
def test_a_post_whose_reply_times_out_is_sent_once(server: ScriptedServer, mode: str) -> None:
    server.set_fallback(Reply.json({"id": "cus_1"}, delay=0.5))
    client = make_client(mode, server.url, timeout=0.2)
    with pytest.raises(errors.APITimeoutError) as caught:
        call(client, CREATE)
    assert str(caught.value) == "Request timed out: POST /customers (createCustomer), 1 attempt"
    assert len(server.requests) == 1
    assert keys(server.requests) == [None]
    assert client._sleep.delays == []


@pytest.mark.parametrize("mode", MODES)
def test_a_get_whose_reply_times_out_is_retried(server: ScriptedServer, mode: str) -> None:
    server.set_fallback(Reply.json({}, delay=0.5))
    client = make_client(mode, server.url, timeout=0.2)
    with pytest.raises(errors.APITimeoutError) as caught:
        call(client, LIST)
    assert str(caught.value) == "Request timed out: GET /customers (listCustomers), 3 attempts"
    assert len(server.requests) == 3
    assert len(client._sleep.delays) == 2


@pytest.mark.parametrize("mode", MODES)
def test_a_refused_connection_is_retried_for_a_post(mode: str) -> None:
    client = make_client(mode, unused_port_url())
    with pytest.raises(errors.APIConnectionError) as caught:
        call(client, CREATE)
    assert not isinstance(caught.value, errors.APITimeoutError)
    assert str(caught.value).startswith("Connection error: POST /customers (createCustomer), 3 ")
    assert len(client._sleep.delays) == 2


@pytest.mark.parametrize("mode", MODES)
def test_a_post_whose_connection_drops_is_not_retried(server: ScriptedServer, mode: str) -> None:
    server.set_fallback(Reply(disconnect=True))
    client = make_client(mode, server.url)
    with pytest.raises(errors.APIConnectionError):
        call(client, CREATE)
    assert len(server.requests) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
@pytest.mark.parametrize("mode", MODES)
def test_a_post_is_not_retried_after_a_5xx_the_server_may_have_acted_on(
    server: ScriptedServer, mode: str, status: int
) -> None:
    server.enqueue(Reply.empty(status), Reply.json({"id": "cus_2"}))
    client = make_client(mode, server.url)
    with pytest.raises(errors.APIStatusError) as caught:
        call(client, CREATE)
    assert caught.value.status_code == status
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "reply",
    [Reply.empty(429), Reply.empty(408), Reply.empty(503, {"Retry-After": "1"})],
    ids=["429", "408", "503 with Retry-After"],
)
@pytest.mark.parametrize("mode", MODES)
def test_a_post_is_retried_after_a_status_that_says_it_was_not_processed(
    server: ScriptedServer, mode: str, reply: Reply
) -> None:
    server.enqueue(reply, Reply.json({"id": "cus_3"}))
    client = make_client(mode, server.url)
    assert call(client, CREATE) == {"id": "cus_3"}
    assert len(server.requests) == 2
    assert keys(server.requests) == [None, None]


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"])
def test_idempotent_methods_are_retried_after_a_5xx(server: ScriptedServer, method: str) -> None:
    endpoint = Endpoint(method, "/things", "touchThing", responses={"200": None})
    server.enqueue(Reply.empty(500), Reply.empty(200))
    client = make_client("sync", server.url)
    call(client, endpoint)
    assert [r.method for r in server.requests] == [method, method]


@pytest.mark.parametrize("mode", MODES)
def test_the_spec_s_idempotent_flag_overrides_the_method(server: ScriptedServer, mode: str) -> None:
    update = Endpoint("PATCH", "/tickets/1", "updateTicket", content_type=JSON, idempotent=True)
    replace = Endpoint("PUT", "/counters/1", "bumpCounter", content_type=JSON, idempotent=False)
    server.set_fallback(Reply.empty(500))
    client = make_client(mode, server.url)
    with pytest.raises(errors.InternalServerError):
        call(client, update)
    assert len(server.requests_to("/tickets/1")) == 3
    with pytest.raises(errors.InternalServerError):
        call(client, replace)
    assert len(server.requests_to("/counters/1")) == 1


def test_a_post_not_retried_says_why_at_debug(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.set_fallback(Reply.empty(502))
    client = make_client("sync", server.url)
    with caplog.at_level(logging.DEBUG, logger="demo_api"), pytest.raises(errors.APIStatusError):
        call(client, CREATE)
    messages = [r.getMessage() for r in caplog.records if r.name == "demo_api"]
    assert messages[-1] == (
        "Not retrying POST createCustomer after 502 Bad Gateway: the server may have acted on it,"
        " and it carries no idempotency key"
    )


# -- with a key: retried like a GET, the same key on every attempt -----------------------------


@pytest.mark.parametrize("mode", MODES)
def test_a_declared_key_is_made_once_per_call_and_sent_on_every_attempt(
    server: ScriptedServer, mode: str
) -> None:
    server.set_fallback(Reply.json({}, delay=0.5))
    client = make_client(mode, server.url, timeout=0.2)
    with pytest.raises(errors.APITimeoutError) as caught:
        call(client, PAY)
    assert str(caught.value).endswith(", 3 attempts")
    first_call = keys(server.requests)
    assert len(first_call) == 3
    assert len(set(first_call)) == 1
    assert_uuid4(first_call[0])

    server.reset()
    server.enqueue(Reply.empty(500), Reply.json({"id": "pay_1"}))
    assert call(client, PAY) == {"id": "pay_1"}
    second_call = keys(server.requests)
    assert len(set(second_call)) == 1
    assert second_call[0] != first_call[0]  # a new call, a new key
    assert_uuid4(second_call[0])


@pytest.mark.parametrize("mode", MODES)
def test_the_caller_s_key_is_sent_as_given_on_every_attempt(
    server: ScriptedServer, mode: str
) -> None:
    server.set_fallback(Reply.empty(502))
    client = make_client(mode, server.url)
    with pytest.raises(errors.APIStatusError):
        call(client, PAY, headers={"Idempotency-Key": "order-17"})
    with pytest.raises(errors.APIStatusError):
        call(client, PAY, extra_headers={"idempotency-key": "order-18"})
    assert keys(server.requests) == ["order-17"] * 3 + ["order-18"] * 3


@pytest.mark.parametrize("mode", MODES)
def test_a_key_in_extra_headers_makes_any_post_retried(server: ScriptedServer, mode: str) -> None:
    server.enqueue(Reply.empty(500), Reply.json({"id": "cus_4"}))
    client = make_client(mode, server.url)
    assert call(client, CREATE, extra_headers={"X-Idempotency-Key": "k-1"}) == {"id": "cus_4"}
    assert keys(server.requests, "X-Idempotency-Key") == ["k-1", "k-1"]
    assert keys(server.requests) == [None, None]


@pytest.mark.parametrize("mode", MODES)
def test_the_client_s_idempotency_header_gives_posts_a_key(
    server: ScriptedServer, mode: str
) -> None:
    """Stripe takes `Idempotency-Key` on POSTs, which its spec does not declare."""
    server.set_fallback(Reply.json({}, delay=0.5))
    client = make_client(mode, server.url, timeout=0.2, idempotency_header="Idempotency-Key")
    with pytest.raises(errors.APITimeoutError):
        call(client, CREATE)
    sent = keys(server.requests)
    assert len(sent) == 3
    assert len(set(sent)) == 1
    assert_uuid4(sent[0])

    server.reset()
    server.set_fallback(Reply.json({}))
    call(client, LIST)  # a GET needs no key: none is sent
    call(client, PAY)  # the spec's header is the one used
    without = client.with_options(idempotency_header=None)
    call(without, CREATE)
    (get, pay, create) = server.requests
    assert get.header("Idempotency-Key") is None
    assert_uuid4(pay.header("Idempotency-Key"))
    assert create.header("Idempotency-Key") is None
    assert client.idempotency_header == "Idempotency-Key"
