"""The generated async Zoho Desk client (`AsyncZohoDesk`), end to end through its public surface,
against a real HTTP server on 127.0.0.1. Each test drives its own `asyncio.run` (pytest-asyncio is
not used); the sync twin is `test_generated_zoho.py`.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import os
import platform
import time
import traceback
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx
import pytest
import yaml

from tests.support.generated import (
    GENERATED,
    REPO,
    SEED_RESPONSE,
    AsyncSleepRecorder,
    assert_backoff,
    error_examples,
    leaked,
    use_directory,
)
from tests.support.server import RecordedRequest, Reply, ScriptedServer, unused_port_url

use_directory(GENERATED)

import zoho_desk  # noqa: E402
from zoho_desk import AsyncZohoDesk, errors, models  # noqa: E402
from zoho_desk.models import Contact, Ticket, TicketUpdate  # noqa: E402

TICKET_ID = "1892000001054003"
PATH = f"/api/v1/tickets/{TICKET_ID}"
TOKEN = "1000.abc"
ORG_ID = "60001234"
TOKEN_PATH = "/oauth/v2/token"
DUE = datetime(2016, 6, 23, 12, 58, 9, 211000, tzinfo=UTC)
TICKET = {"id": TICKET_ID, "subject": "Printer on fire", "status": "Open"}

SPEC = yaml.safe_load((REPO / "spec" / "openapi.yaml").read_text(encoding="utf-8"))
USER_AGENT = (
    f"zoho_desk/{SPEC['info']['version']} python/{platform.python_version()} "
    f"httpx/{httpx.__version__}"
)

ERROR_CLASSES: dict[int, type[errors.APIStatusError]] = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    413: errors.APIStatusError,
    415: errors.APIStatusError,
    422: errors.UnprocessableEntityError,
    429: errors.RateLimitError,
    500: errors.InternalServerError,
}
# Each error status the spec documents for updateTicket, with an example body of the spec.
ERRORS = [
    (status, ERROR_CLASSES[status], bodies[-1]["errorCode"], bodies[-1]["message"])
    for status, bodies in error_examples(SPEC, "/api/v1/tickets/{ticket_id}", "patch").items()
]

_T = TypeVar("_T")


def run(coroutine: Coroutine[Any, Any, _T]) -> _T:
    return asyncio.run(coroutine)


@pytest.fixture(autouse=True)
def _no_zoho_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("ZOHO_DESK_"):
            monkeypatch.delenv(name)


def make_desk(server: ScriptedServer, **kwargs: Any) -> tuple[AsyncZohoDesk, AsyncSleepRecorder]:
    """An async client for the local server; create it inside the running event loop."""
    options: dict[str, Any] = {"access_token": TOKEN, "org_id": ORG_ID, "base_url": server.url}
    options.update(kwargs)
    desk = AsyncZohoDesk(**options)
    sleeps = AsyncSleepRecorder()
    desk._sleep = sleeps
    return desk, sleeps


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"errorCode": code, "message": message}


def token_reply(token: str) -> Reply:
    return Reply.json({"access_token": token, "expires_in": 3600, "token_type": "Bearer"})


# -- the request ------------------------------------------------------------------------------


def test_the_exact_request(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json(TICKET))

    async def main() -> Ticket:
        async with AsyncZohoDesk(access_token=TOKEN, org_id=ORG_ID, base_url=server.url) as desk:
            await desk.tickets.update_ticket(
                TICKET_ID, status="Closed", disable_closure_notification=True
            )
            return await desk.tickets.update_ticket(
                TICKET_ID, subject="Printer on fire", due_date=None
            )

    ticket = run(main())
    assert isinstance(ticket, Ticket)
    assert ticket.id == TICKET_ID
    closing, request = server.requests
    assert closing.query == "disableClosureNotification=true"
    assert closing.body == b'{"status":"Closed"}'
    assert request.method == "PATCH"
    assert request.path == PATH
    assert request.query == ""
    assert request.header("Authorization") == f"Zoho-oauthtoken {TOKEN}"
    assert ("orgId", ORG_ID) in request.headers
    assert request.header("Content-Type") == "application/json"
    assert request.header("Accept") == "application/json"
    assert request.header("User-Agent") == USER_AGENT
    assert request.body == b'{"subject":"Printer on fire","dueDate":null}'


def test_body_bytes_for_omitted_null_and_values(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json(TICKET))
    calls: list[dict[str, Any]] = [
        {"subject": "Printer on fire"},
        {"due_date": None},
        {"due_date": DUE},
        {"contact": {"lastName": "Smith"}},
        {"cf": {"cf_x": None}},
        {"body": TicketUpdate(due_date=None, contact=Contact(last_name="Smith"))},
        {"body": {"dueDate": None, "contact": {"lastName": "Smith"}}},
        {"due_date": None, "contact": {"lastName": "Smith"}},
    ]

    async def main() -> None:
        desk, _ = make_desk(server)
        for keywords in calls:
            await desk.tickets.update_ticket(TICKET_ID, **keywords)
        await desk.close()

    run(main())
    assert [r.body for r in server.requests] == [
        b'{"subject":"Printer on fire"}',
        b'{"dueDate":null}',
        b'{"dueDate":"2016-06-23T12:58:09.211Z"}',
        b'{"contact":{"lastName":"Smith"}}',
        b'{"cf":{"cf_x":null}}',
        b'{"contact":{"lastName":"Smith"},"dueDate":null}',
        b'{"contact":{"lastName":"Smith"},"dueDate":null}',
        b'{"contact":{"lastName":"Smith"},"dueDate":null}',
    ]


@pytest.mark.parametrize(
    "arguments",
    [
        {"subject": None},
        {"status": None},
        {"body": {"subject": None}},
        {"body": {"subject": "x"}, "status": "Open"},
    ],
    ids=["subject=None", "status=None", "body-subject-null", "body-and-keywords"],
)
def test_bad_arguments_are_refused_before_sending(
    server: ScriptedServer, arguments: dict[str, Any]
) -> None:
    async def main() -> None:
        desk, _ = make_desk(server)
        try:
            await desk.tickets.update_ticket(TICKET_ID, **arguments)
        finally:
            await desk.close()

    with pytest.raises((ValueError, TypeError)) as caught:
        run(main())
    message = str(caught.value)
    assert "cannot be null" in message or "body=" in message
    assert server.requests == []


@pytest.mark.parametrize("region", ["com", "eu", "in", "com.au", "jp", "com.cn"])
def test_region_gives_the_api_host_and_the_token_url_without_network(region: str) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "POST":
            return httpx.Response(200, json={"access_token": "1000.fresh", "expires_in": 3600})
        return httpx.Response(200, json=TICKET)

    async def main() -> str:
        http_client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
        async with AsyncZohoDesk(
            refresh_token="1000.refresh",
            client_id="1000.CLIENT",
            client_secret="secret-of-the-client",
            org_id=ORG_ID,
            region=region,  # type: ignore[arg-type]
            http_client=http_client,
        ) as desk:
            await desk.tickets.update_ticket(TICKET_ID, subject="Printer on fire")
        assert not http_client.is_closed
        await http_client.aclose()
        return desk.base_url

    assert run(main()) == f"https://desk.zoho.{region}"
    token_request, api_request = seen
    assert str(token_request.url) == f"https://accounts.zoho.{region}/oauth/v2/token"
    assert str(api_request.url) == f"https://desk.zoho.{region}{PATH}"
    assert api_request.headers["Authorization"] == "Zoho-oauthtoken 1000.fresh"


def test_an_async_token_provider_is_awaited_before_each_request(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json(TICKET))
    tokens = iter(["1000.first", "1000.second"])

    async def provide() -> str:
        await asyncio.sleep(0)
        return next(tokens)

    async def main() -> None:
        desk, _ = make_desk(server, access_token=None, token_provider=provide)
        await desk.tickets.update_ticket(TICKET_ID, subject="a")
        await desk.tickets.update_ticket(TICKET_ID, subject="b")
        await desk.close()

    run(main())
    assert [r.header("Authorization") for r in server.requests] == [
        "Zoho-oauthtoken 1000.first",
        "Zoho-oauthtoken 1000.second",
    ]


def test_the_context_manager_closes_the_client(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json(TICKET))

    async def main() -> None:
        async with AsyncZohoDesk(access_token=TOKEN, org_id=ORG_ID, base_url=server.url) as desk:
            await desk.tickets.update_ticket(TICKET_ID, subject="a")
        with pytest.raises(RuntimeError, match="closed"):
            await desk.tickets.update_ticket(TICKET_ID, subject="b")

    run(main())
    assert len(server.requests) == 1


# -- the response and errors ------------------------------------------------------------------


def test_the_seed_response_round_trips(server: ScriptedServer) -> None:
    if not SEED_RESPONSE.is_file():
        pytest.skip(f"the seed response example is not at {SEED_RESPONSE} (../shared is absent)")
    seed = json.loads(SEED_RESPONSE.read_text(encoding="utf-8"))
    server.enqueue(Reply.json({**seed, "layoutId": "1892000000074011", "status": "Escalated"}))

    async def main() -> Ticket:
        desk, _ = make_desk(server)
        try:
            return await desk.tickets.update_ticket(TICKET_ID, subject="a")
        finally:
            await desk.close()

    ticket = run(main())
    assert isinstance(ticket, Ticket)
    dumped = ticket.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dumped == {**seed, "layoutId": "1892000000074011", "status": "Escalated"}
    assert ticket.model_extra == {"layoutId": "1892000000074011"}
    assert ticket.status == "Escalated"


@pytest.mark.parametrize(("status", "error_class", "code", "message"), ERRORS)
def test_each_documented_error_status_raises_its_class(
    server: ScriptedServer,
    status: int,
    error_class: type[errors.APIStatusError],
    code: str,
    message: str,
) -> None:
    server.enqueue(
        Reply.json(
            error_body(code, message), status=status, headers={"X-Request-Id": f"a-{status}"}
        )
    )

    async def main() -> None:
        desk, _ = make_desk(server, max_retries=0)
        try:
            await desk.tickets.update_ticket(TICKET_ID, subject="a")
        finally:
            await desk.close()

    with pytest.raises(errors.APIStatusError) as caught:
        run(main())
    error = caught.value
    assert type(error) is error_class
    assert error.status_code == status
    assert isinstance(error.body, models.Error)
    assert error.body.error_code == code
    assert str(error).startswith(f"{status} ")
    assert code in str(error) and message in str(error)
    assert error.request_id == f"a-{status}"
    assert len(server.requests) == 1


def test_a_409_raises_conflict_error(server: ScriptedServer) -> None:
    server.enqueue(Reply.json(error_body("CONFLICT", "Changed meanwhile."), status=409))

    async def main() -> None:
        desk, _ = make_desk(server)
        await desk.tickets.update_ticket(TICKET_ID, subject="a")

    with pytest.raises(errors.ConflictError) as caught:
        run(main())
    assert caught.value.status_code == 409
    assert "CONFLICT" in str(caught.value)


# -- retries ----------------------------------------------------------------------------------


def test_429_then_200_is_retried_once(server: ScriptedServer) -> None:
    server.enqueue(Reply.json(error_body("TOO_MANY_REQUESTS", "Later."), 429), Reply.json(TICKET))

    async def main() -> list[float]:
        desk, sleeps = make_desk(server)
        await desk.tickets.update_ticket(TICKET_ID, subject="a")
        await desk.close()
        return sleeps.delays

    delays = run(main())
    assert len(server.requests) == 2
    assert len(delays) == 1
    assert_backoff(delays)


def test_500_three_times_raises_after_two_retries_and_per_call_max_retries(
    server: ScriptedServer,
) -> None:
    server.set_fallback(Reply.json(error_body("INTERNAL_SERVER_ERROR", "Oops."), 500))

    async def main() -> list[float]:
        desk, sleeps = make_desk(server)
        with pytest.raises(errors.InternalServerError):
            await desk.tickets.update_ticket(TICKET_ID, subject="a")
        assert len(server.requests) == 3
        with pytest.raises(errors.InternalServerError):
            await desk.tickets.update_ticket(TICKET_ID, subject="a", max_retries=0)
        assert len(server.requests) == 4
        await desk.close()
        return sleeps.delays

    delays = run(main())
    assert len(delays) == 2
    assert_backoff(delays)


def test_backoff_and_retry_after(server: ScriptedServer) -> None:
    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    server.enqueue(
        Reply.json(error_body("INTERNAL_SERVER_ERROR", "Oops."), 500),
        Reply.json(error_body("INTERNAL_SERVER_ERROR", "Oops."), 503),
        Reply.json(error_body("THRESHOLD_EXCEEDED", "Later."), 429, {"Retry-After": "3"}),
        Reply.json(error_body("THRESHOLD_EXCEEDED", "Later."), 429, {"Retry-After": when}),
        Reply.json(error_body("THRESHOLD_EXCEEDED", "Later."), 429, {"Retry-After": "61"}),
        Reply.json(TICKET),
    )

    async def main() -> list[float]:
        desk, sleeps = make_desk(server, max_retries=5)
        await desk.tickets.update_ticket(TICKET_ID, subject="a")
        await desk.close()
        return sleeps.delays

    delays = run(main())
    assert len(server.requests) == 6
    assert len(delays) == 5
    assert_backoff(delays[:2])
    assert delays[2] == 3.0
    assert 17.0 <= delays[3] <= 20.0
    low, high = 0.75 * 8.0, 8.0  # retry number 4: backoff 0.5 * 2**4 capped at 8
    assert low <= delays[4] <= high


def test_connection_refused_raises_api_connection_error() -> None:
    async def main() -> list[float]:
        desk = AsyncZohoDesk(access_token=TOKEN, org_id=ORG_ID, base_url=unused_port_url())
        sleeps = AsyncSleepRecorder()
        desk._sleep = sleeps
        with pytest.raises(errors.APIConnectionError) as caught:
            await desk.tickets.update_ticket(TICKET_ID, subject="a")
        assert not isinstance(caught.value, errors.APITimeoutError)
        await desk.close()
        return sleeps.delays

    delays = run(main())
    assert len(delays) == 2
    assert_backoff(delays)


def test_a_slow_server_with_a_small_timeout_raises_api_timeout_error(
    server: ScriptedServer,
) -> None:
    server.set_fallback(Reply(200, {"Content-Type": "application/json"}, b"{}", delay=1.0))

    async def main() -> None:
        desk, _ = make_desk(server, timeout=0.2, max_retries=0)
        try:
            await desk.tickets.update_ticket(TICKET_ID, subject="a")
        finally:
            await desk.close()

    started = time.monotonic()
    with pytest.raises(errors.APITimeoutError):
        run(main())
    assert time.monotonic() - started < 2.0


# -- OAuth, secrets, raw responses, logging ---------------------------------------------------


def oauth_desk(server: ScriptedServer, **kwargs: Any) -> tuple[AsyncZohoDesk, AsyncSleepRecorder]:
    options: dict[str, Any] = {
        "access_token": None,
        "refresh_token": "1000.refresh-SECRET",
        "client_id": "1000.CLIENTID",
        "client_secret": "client-SECRET-42",
        "token_url": server.url + TOKEN_PATH,
    }
    options.update(kwargs)
    return make_desk(server, **options)


def test_refresh_before_the_first_call_and_again_after_a_401(server: ScriptedServer) -> None:
    server.enqueue(
        token_reply("1000.fresh-1"), token_reply("1000.fresh-2"), method="POST", path=TOKEN_PATH
    )
    server.enqueue(
        Reply.json(error_body("INVALID_OAUTH", "The OAuth Token you provided is invalid."), 401),
        Reply.json(TICKET),
        method="PATCH",
        path=PATH,
    )

    async def main() -> Ticket:
        desk, _ = oauth_desk(server)
        try:
            return await desk.tickets.update_ticket(TICKET_ID, subject="a")
        finally:
            await desk.close()

    assert run(main()).id == TICKET_ID
    assert [(r.method, r.path) for r in server.requests] == [
        ("POST", TOKEN_PATH),
        ("PATCH", PATH),
        ("POST", TOKEN_PATH),
        ("PATCH", PATH),
    ]
    for token_request in server.requests_to(TOKEN_PATH):
        assert token_request.form() == {
            "grant_type": "refresh_token",
            "refresh_token": "1000.refresh-SECRET",
            "client_id": "1000.CLIENTID",
            "client_secret": "client-SECRET-42",
        }
    assert [r.header("Authorization") for r in server.requests_to(PATH)] == [
        "Zoho-oauthtoken 1000.fresh-1",
        "Zoho-oauthtoken 1000.fresh-2",
    ]


def test_concurrent_calls_share_one_refresh(server: ScriptedServer) -> None:
    server.enqueue(token_reply("1000.fresh-1"), method="POST", path=TOKEN_PATH)
    server.set_fallback(Reply.json(TICKET), method="PATCH", path=PATH)

    async def main() -> None:
        desk, _ = oauth_desk(server)
        await asyncio.gather(
            *(desk.tickets.update_ticket(TICKET_ID, subject=str(n)) for n in range(5))
        )
        await desk.close()

    run(main())
    assert len(server.requests_to(TOKEN_PATH)) == 1
    assert len(server.requests_to(PATH)) == 5


def test_secrets_appear_in_no_message_repr_log_or_traceback(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="zoho_desk")
    refresh, secret, fresh = "1000.refresh-SECRET", "client-SECRET-42", "1000.fresh-SECRET"

    def echo(request: RecordedRequest) -> Reply:
        text = f"{request.header('Authorization')} {request.body.decode()}"
        return Reply.json(error_body("INVALID_OAUTH", f"Refused: {text}"), 401)

    server.enqueue(token_reply(fresh), method="POST", path=TOKEN_PATH)
    server.enqueue(
        lambda r: Reply.json({"error": "invalid_client", "detail": r.body.decode()}, 400),
        method="POST",
        path=TOKEN_PATH,
    )
    server.set_fallback(echo, method="PATCH", path=PATH)

    async def main() -> tuple[AsyncZohoDesk, BaseException]:
        desk, _ = oauth_desk(server, refresh_token=refresh, client_secret=secret)
        with pytest.raises(errors.APIStatusError) as caught:
            await desk.tickets.update_ticket(TICKET_ID, subject="a")
        await desk.close()
        return desk, caught.value

    desk, error = run(main())
    assert isinstance(error, errors.TokenRefreshError)  # refused at the second refresh
    assert fresh in str(server.requests_to(PATH)[0].header("Authorization"))
    texts = [repr(desk), str(error), repr(error), *traceback.format_exception(error)]
    texts += [record.getMessage() for record in caplog.records] + [caplog.text]
    assert leaked(texts, [refresh, secret, fresh]) == []


def test_with_raw_response(server: ScriptedServer) -> None:
    server.enqueue(Reply.json(TICKET, headers={"X-Request-Id": "raw-2"}))

    async def main() -> zoho_desk.AsyncAPIResponse[Ticket]:
        desk, _ = make_desk(server)
        try:
            return await desk.tickets.with_raw_response.update_ticket(TICKET_ID, due_date=None)
        finally:
            await desk.close()

    raw = run(main())
    assert isinstance(raw, zoho_desk.AsyncAPIResponse)
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "raw-2"
    assert isinstance(raw.http_response, httpx.Response)
    ticket = raw.parse()
    assert isinstance(ticket, Ticket)
    assert ticket.id == TICKET_ID
    assert server.requests[0].body == b'{"dueDate":null}'


def test_debug_logging(server: ScriptedServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="zoho_desk")
    server.enqueue(
        Reply.json(error_body("INTERNAL_SERVER_ERROR", "Oops."), 500), Reply.json(TICKET)
    )

    async def main() -> None:
        desk, _ = make_desk(server)
        await desk.tickets.update_ticket(TICKET_ID, subject="a")
        await desk.close()

    run(main())
    messages = [r.getMessage() for r in caplog.records if r.name == "zoho_desk"]
    assert sum(1 for m in messages if "PATCH" in m and f"{server.url}{PATH}" in m) == 2, messages
    assert any("PATCH" in m and "500" in m for m in messages), messages
    assert any("PATCH" in m and "200" in m for m in messages), messages
    assert any(m.startswith("Retrying") and "updateTicket" in m for m in messages), messages
