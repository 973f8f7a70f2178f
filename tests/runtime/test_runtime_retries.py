"""Retries, backoff, Retry-After, timeouts and connection errors of the sync client."""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
from typing import Any

import pytest

from specgen.runtime import errors
from specgen.runtime._base_client import Credentials, Endpoint, RequestOptions, SyncAPIClient
from specgen.runtime._types import NOT_GIVEN
from tests.support.server import Reply, ScriptedServer, unused_port_url

GET = Endpoint("GET", "/items", "listItems", responses={"200": list[int]})
POST = Endpoint(
    "POST", "/items", "createItem", responses={"201": dict}, content_type="application/json"
)


class Recorder:
    """Stands in for `time.sleep`: records the delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def make_client(base_url: str, **kwargs: Any) -> tuple[SyncAPIClient, Recorder]:
    client = SyncAPIClient(
        base_url=base_url,
        package_name="demo_api",
        package_version="0",
        auth_schemes=[],
        credentials=Credentials(),
        client_params=[],
        **kwargs,
    )
    recorder = Recorder()
    client._sleep = recorder
    return client, recorder


def get(client: SyncAPIClient, **options: Any) -> Any:
    return client.request(
        GET,
        path_params={},
        query={},
        headers={},
        cookies={},
        body=NOT_GIVEN,
        options=RequestOptions(**options),
    )


def backoff_range(retry: int) -> tuple[float, float]:
    """The bounds of the jittered exponential backoff before retry number `retry` (from 0)."""
    base = min(0.5 * 2**retry, 8.0)
    return base * 0.75, base


def assert_backoff(delays: list[float]) -> None:
    for retry, delay in enumerate(delays):
        low, high = backoff_range(retry)
        assert low <= delay <= high, (retry, delay)


def test_5xx_is_retried_with_exponential_backoff_then_succeeds(server: ScriptedServer) -> None:
    server.enqueue(Reply.json({}, status=503), Reply.json({}, status=500), Reply.json([1, 2]))
    client, sleep = make_client(server.url)
    assert get(client) == [1, 2]
    assert len(server.requests) == 3
    assert len(sleep.delays) == 2
    assert_backoff(sleep.delays)


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_retryable_statuses(server: ScriptedServer, status: int) -> None:
    server.enqueue(Reply.empty(status), Reply.json([]))
    client, sleep = make_client(server.url)
    assert get(client) == []
    assert len(sleep.delays) == 1


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (422, errors.UnprocessableEntityError),
    ],
)
def test_other_4xx_are_not_retried(
    server: ScriptedServer, status: int, error_class: type[errors.APIStatusError]
) -> None:
    server.enqueue(Reply.empty(status))
    client, sleep = make_client(server.url)
    with pytest.raises(error_class):
        get(client)
    assert len(server.requests) == 1
    assert sleep.delays == []


def test_backoff_doubles_and_is_capped_at_eight_seconds(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json({"errorCode": "DOWN"}, status=500))
    client, sleep = make_client(server.url, max_retries=6)
    with pytest.raises(errors.InternalServerError) as caught:
        get(client)
    assert caught.value.body == {"errorCode": "DOWN"}
    assert len(server.requests) == 7
    assert len(sleep.delays) == 6
    assert_backoff(sleep.delays)
    assert all(6.0 <= delay <= 8.0 for delay in sleep.delays[4:])


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "3"}, 3.0),
        ({"Retry-After": "0.25"}, 0.25),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "1500", "Retry-After": "9"}, 1.5),
        ({"Retry-After": "60"}, 60.0),
    ],
)
def test_retry_after_is_honoured(
    server: ScriptedServer, headers: dict[str, str], expected: float
) -> None:
    server.enqueue(Reply.empty(429, headers), Reply.json([]))
    client, sleep = make_client(server.url)
    get(client)
    assert sleep.delays == [expected]


def test_retry_after_as_an_http_date(server: ScriptedServer) -> None:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=10)
    header = email.utils.format_datetime(when, usegmt=True)
    server.enqueue(Reply.empty(503, {"Retry-After": header}), Reply.json([]))
    client, sleep = make_client(server.url)
    get(client)
    (delay,) = sleep.delays
    assert 8.0 <= delay <= 10.0


@pytest.mark.parametrize("value", ["-1", "0", "soon"])
def test_retry_after_invalid_or_not_positive_falls_back_to_backoff(
    server: ScriptedServer, value: str
) -> None:
    server.enqueue(Reply.empty(429, {"Retry-After": value}), Reply.json([]))
    client, sleep = make_client(server.url)
    get(client)
    assert_backoff(sleep.delays)
    assert len(sleep.delays) == 1


def test_max_retries_zero_disables_retries(server: ScriptedServer) -> None:
    server.enqueue(Reply.empty(503))
    client, sleep = make_client(server.url, max_retries=0)
    with pytest.raises(errors.InternalServerError):
        get(client)
    assert len(server.requests) == 1
    assert sleep.delays == []


def test_max_retries_per_call_overrides_the_client(server: ScriptedServer) -> None:
    server.set_fallback(Reply.empty(503))
    client, sleep = make_client(server.url, max_retries=0)
    with pytest.raises(errors.InternalServerError):
        get(client, max_retries=3)
    assert len(server.requests) == 4
    client, sleep = make_client(server.url, max_retries=5)
    with pytest.raises(errors.InternalServerError):
        get(client, max_retries=0)
    assert len(server.requests) == 5
    assert sleep.delays == []


def test_posts_are_retried_with_the_same_body(server: ScriptedServer) -> None:
    # 429: the server refused the POST without acting on it (test_runtime_idempotency.py has
    # the statuses after which a POST is not retried).
    server.enqueue(Reply.empty(429), Reply.json({"id": 1}, status=201))
    client, _ = make_client(server.url)
    result = client.request(
        POST,
        path_params={},
        query={},
        headers={},
        cookies={},
        body={"name": "a"},
        options=RequestOptions(),
    )
    assert result == {"id": 1}
    assert [r.body for r in server.requests] == [b'{"name":"a"}', b'{"name":"a"}']


def test_timeouts_are_retried_then_raise_api_timeout_error(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json([], delay=0.6))
    client, sleep = make_client(server.url, timeout=0.1, max_retries=2)
    with pytest.raises(errors.APITimeoutError) as caught:
        get(client)
    assert isinstance(caught.value, errors.APIConnectionError)
    assert str(caught.value) == "Request timed out: GET /items (listItems), 3 attempts"
    assert caught.value.request.method == "GET"
    assert len(server.requests) == 3
    assert_backoff(sleep.delays)
    assert len(sleep.delays) == 2


def test_timeout_per_call_overrides_the_client(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json([], delay=0.3))
    client, _ = make_client(server.url, timeout=5.0, max_retries=0)
    with pytest.raises(errors.APITimeoutError):
        get(client, timeout=0.05)
    slow_client, _ = make_client(server.url, timeout=0.05, max_retries=0)
    assert get(slow_client, timeout=5.0) == []


def test_a_timeout_then_success(server: ScriptedServer) -> None:
    server.enqueue(Reply.json([1], delay=0.5), Reply.json([2]))
    client, sleep = make_client(server.url, timeout=0.1)
    assert get(client) == [2]
    assert len(sleep.delays) == 1


def test_connection_refused_raises_api_connection_error_after_retries() -> None:
    client, sleep = make_client(unused_port_url(), max_retries=2)
    with pytest.raises(errors.APIConnectionError) as caught:
        get(client)
    assert not isinstance(caught.value, errors.APITimeoutError)
    assert str(caught.value).startswith("Connection error: GET /items (listItems), 3 attempts: ")
    assert len(sleep.delays) == 2
    assert_backoff(sleep.delays)


def test_a_dropped_connection_is_retried(server: ScriptedServer) -> None:
    server.enqueue(Reply(disconnect=True), Reply.json([3]))
    client, sleep = make_client(server.url)
    assert get(client) == [3]
    assert len(sleep.delays) == 1


def test_retries_are_logged_at_debug(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.enqueue(Reply.empty(503), Reply.json([]))
    client, _ = make_client(server.url)
    with caplog.at_level(logging.DEBUG, logger="demo_api"):
        get(client)
    messages = [r.getMessage() for r in caplog.records if r.name == "demo_api"]
    assert messages[0] == f"Request GET {server.url}/items (listItems, attempt 1)"
    assert messages[1] == "Response GET listItems: 503 Service Unavailable"
    assert messages[2].startswith("Retrying GET listItems in ")
    assert messages[2].endswith(" s (retry 1 of 2): 503 Service Unavailable")
    assert messages[3] == f"Request GET {server.url}/items (listItems, attempt 2)"
    assert messages[4] == "Response GET listItems: 200 OK"
