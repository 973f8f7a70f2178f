"""The async client, against the real HTTP server (each test drives its own `asyncio.run`)."""

from __future__ import annotations

import asyncio
import logging
import platform
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

import httpx
import pytest
from pydantic import Field

from specgen.runtime import errors
from specgen.runtime._base_client import (
    AsyncAPIClient,
    AuthScheme,
    Credentials,
    Endpoint,
    RequestOptions,
)
from specgen.runtime._models import RequestModel, ResponseModel
from specgen.runtime._response import AsyncAPIResponse, async_to_raw_response_wrapper
from specgen.runtime._types import NOT_GIVEN, NotGiven
from specgen.runtime._utils import build_body
from specgen.runtime.resources._resource import AsyncAPIResource
from tests.support.server import Reply, ScriptedServer, unused_port_url

TOKEN_PATH = "/oauth/v2/token"


class ContactUpdate(RequestModel):
    __non_nullable__ = frozenset({"lastName"})

    last_name: str | None = Field(default=None, alias="lastName")
    phone: str | None = None


class Contact(ResponseModel):
    id: str
    last_name: str = Field(alias="lastName")


class ApiError(ResponseModel):
    error_code: str = Field(alias="errorCode")
    message: str


UPDATE = Endpoint(
    method="PATCH",
    path="/contacts/{contactId}",
    operation_id="updateContact",
    security=(("zohoOAuth",),),
    responses={"200": Contact, "default": ApiError},
    content_type="application/json",
    # Like Zoho's ticket update, it sets the fields given: a repeat has the effect of one call,
    # so it is retried after timeouts and 5xx (a PATCH without this is not: see
    # test_runtime_idempotency.py).
    idempotent=True,
)


class Contacts(AsyncAPIResource):
    async def update(
        self,
        contact_id: str,
        *,
        last_name: str | NotGiven = NOT_GIVEN,
        phone: str | NotGiven | None = NOT_GIVEN,
        body: ContactUpdate | Mapping[str, object] | NotGiven = NOT_GIVEN,
        verbose: bool | NotGiven = NOT_GIVEN,
        timeout: float | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> Contact:
        result: Contact = await self._client.request(
            UPDATE,
            path_params={"contactId": contact_id},
            query={"verbose": verbose},
            headers={},
            cookies={},
            body=build_body(ContactUpdate, body, {"lastName": last_name, "phone": phone}),
            options=RequestOptions(timeout=timeout, max_retries=max_retries),
        )
        return result


class ContactsWithRawResponse:
    def __init__(self, contacts: Contacts) -> None:
        self.update = async_to_raw_response_wrapper(contacts.update)


class Sleeps:
    """Stands in for `asyncio.sleep`: records the delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def make_client(
    server: ScriptedServer, credentials: Credentials | None = None, **kwargs: Any
) -> tuple[AsyncAPIClient, Sleeps]:
    oauth = AuthScheme(
        "zohoOAuth", "oauth2", "header", "Authorization", "Zoho-oauthtoken", server.url + TOKEN_PATH
    )
    client = AsyncAPIClient(
        base_url=kwargs.pop("base_url", server.url),
        package_name="demo_api",
        package_version="2.0",
        auth_schemes=[oauth],
        credentials=credentials or Credentials(access_token="tok-SECRET"),
        client_params=[("header", "orgId", "7")],
        **kwargs,
    )
    sleeps = Sleeps()
    client._sleep = sleeps
    return client, sleeps


def run(factory: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    return asyncio.run(factory())


CONTACT = {"id": "c1", "lastName": "Lee"}


def test_request_line_headers_and_body(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json(CONTACT))

    async def scenario() -> list[Contact]:
        client, _ = make_client(server, max_retries=0)
        async with client:
            contacts = Contacts(client)
            return [
                await contacts.update("c/1", last_name="Lee", verbose=True),
                await contacts.update("c1", phone=None),
                await contacts.update("c1", body={"lastName": "Kim"}),
            ]

    results = run(scenario)
    assert all(isinstance(contact, Contact) for contact in results)
    first, second, third = server.requests
    assert first.method == "PATCH"
    assert first.path == "/contacts/c%2F1"
    assert first.query == "verbose=true"
    assert first.header("Authorization") == "Zoho-oauthtoken tok-SECRET"
    assert first.header("orgId") == "7"
    assert first.header("Content-Type") == "application/json"
    assert first.header("Accept") == "application/json"
    ua = f"demo_api/2.0 python/{platform.python_version()} httpx/{httpx.__version__}"
    assert first.header("User-Agent") == ua
    assert [r.body for r in (first, second, third)] == [
        b'{"lastName":"Lee"}',
        b'{"phone":null}',
        b'{"lastName":"Kim"}',
    ]


def test_null_for_a_non_nullable_field_is_refused_before_sending(server: ScriptedServer) -> None:
    async def scenario() -> None:
        client, _ = make_client(server)
        async with client:
            await Contacts(client).update("c1", body={"last_name": None})

    with pytest.raises(ValueError, match="lastName cannot be null"):
        run(scenario)
    assert server.requests == []


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, errors.BadRequestError),
        (404, errors.NotFoundError),
        (422, errors.UnprocessableEntityError),
        (429, errors.RateLimitError),
        (500, errors.InternalServerError),
    ],
)
def test_error_statuses(
    server: ScriptedServer, status: int, error_class: type[errors.APIStatusError]
) -> None:
    server.enqueue(Reply.json({"errorCode": "E1", "message": "Bad thing"}, status=status))

    async def scenario() -> None:
        client, _ = make_client(server, max_retries=0)
        async with client:
            await Contacts(client).update("c1", phone="1")

    with pytest.raises(error_class) as caught:
        run(scenario)
    assert isinstance(caught.value.body, ApiError)
    assert str(caught.value).endswith(": E1: Bad thing")


def test_raw_response_wrapper(server: ScriptedServer) -> None:
    server.enqueue(Reply.json(CONTACT, headers={"x-request-id": "rid"}))

    async def scenario() -> AsyncAPIResponse[Contact]:
        client, _ = make_client(server)
        async with client:
            return await ContactsWithRawResponse(Contacts(client)).update("c1", phone="1")

    response = run(scenario)
    assert isinstance(response, AsyncAPIResponse)
    assert (response.status_code, response.headers["x-request-id"]) == (200, "rid")
    assert response.request_id == "rid"
    assert response.parse() is response.parse()
    assert response.parse().last_name == "Lee"


def test_retries_sleep_through_the_async_sleep(server: ScriptedServer) -> None:
    server.enqueue(
        Reply.empty(503),
        Reply.empty(429, {"Retry-After": "2"}),
        Reply.json(CONTACT),
    )

    async def scenario() -> list[float]:
        client, sleeps = make_client(server)
        async with client:
            await Contacts(client).update("c1", phone="1")
        return sleeps.delays

    first, second = run(scenario)
    assert 0.375 <= first <= 0.5
    assert second == 2.0
    assert len(server.requests) == 3


def test_exhausted_retries_and_per_call_override(server: ScriptedServer) -> None:
    server.set_fallback(Reply.empty(502))

    async def scenario() -> list[float]:
        client, sleeps = make_client(server, max_retries=1)
        async with client:
            with pytest.raises(errors.InternalServerError):
                await Contacts(client).update("c1", phone="1", max_retries=3)
        return sleeps.delays

    assert len(run(scenario)) == 3
    assert len(server.requests) == 4


def test_timeouts_raise_api_timeout_error_after_retries(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json(CONTACT, delay=0.5))

    async def scenario() -> list[float]:
        client, sleeps = make_client(server, timeout=0.05, max_retries=1)
        async with client:
            with pytest.raises(errors.APITimeoutError):
                await Contacts(client).update("c1", phone="1")
            with pytest.raises(errors.APITimeoutError):
                await Contacts(client).update("c1", phone="1", timeout=0.02, max_retries=0)
        return sleeps.delays

    assert len(run(scenario)) == 1
    # Three attempts, three connections (each timeout closes its own). With 0.02 s the client may
    # give up before the server has read the request, so connections are counted, not requests.
    assert server.wait_for_connections(3) == 3


def test_connection_refused(server: ScriptedServer) -> None:
    async def scenario() -> list[float]:
        client, sleeps = make_client(server, base_url=unused_port_url())
        async with client:
            with pytest.raises(errors.APIConnectionError) as caught:
                await Contacts(client).update("c1", phone="1")
            assert not isinstance(caught.value, errors.APITimeoutError)
        return sleeps.delays

    assert len(run(scenario)) == 2


REFRESH = Credentials(refresh_token="rt-SECRET", client_id="cid", client_secret="cs-SECRET")


def test_refresh_before_the_first_call_and_after_a_401(server: ScriptedServer) -> None:
    server.enqueue(
        Reply.json({"access_token": "a1-SECRET", "expires_in": 3600}),
        Reply.json({"access_token": "a2-SECRET", "expires_in": 3600}),
        method="POST",
        path=TOKEN_PATH,
    )
    server.enqueue(Reply.json(CONTACT), Reply.empty(401), Reply.json(CONTACT))

    async def scenario() -> None:
        client, _ = make_client(server, REFRESH)
        async with client:
            await Contacts(client).update("c1", phone="1")
            await Contacts(client).update("c1", phone="2")

    run(scenario)
    token_requests = server.requests_to(TOKEN_PATH)
    assert len(token_requests) == 2
    assert token_requests[0].form() == {
        "grant_type": "refresh_token",
        "refresh_token": "rt-SECRET",
        "client_id": "cid",
        "client_secret": "cs-SECRET",
    }
    assert [r.header("Authorization") for r in server.requests_to("/contacts/c1")] == [
        "Zoho-oauthtoken a1-SECRET",
        "Zoho-oauthtoken a1-SECRET",
        "Zoho-oauthtoken a2-SECRET",
    ]


def test_concurrent_tasks_share_one_refresh(server: ScriptedServer) -> None:
    server.enqueue(
        Reply.json({"access_token": "shared-SECRET"}, delay=0.2), method="POST", path=TOKEN_PATH
    )
    server.set_fallback(Reply.json(CONTACT))

    async def scenario() -> None:
        client, _ = make_client(server, REFRESH)
        async with client:
            contacts = Contacts(client)
            await asyncio.gather(*(contacts.update("c1", phone="1") for _ in range(6)))

    run(scenario)
    assert len(server.requests_to(TOKEN_PATH)) == 1
    assert len(server.requests_to("/contacts/c1")) == 6


def test_failed_refresh(server: ScriptedServer) -> None:
    server.enqueue(Reply.json({"error": "invalid_code"}), method="POST", path=TOKEN_PATH)

    async def scenario() -> None:
        client, _ = make_client(server, REFRESH)
        async with client:
            await Contacts(client).update("c1", phone="1")

    with pytest.raises(errors.TokenRefreshError, match="invalid_code") as caught:
        run(scenario)
    assert "SECRET" not in str(caught.value)


@pytest.mark.parametrize("is_async", [True, False])
def test_token_providers_may_be_sync_or_async(server: ScriptedServer, is_async: bool) -> None:
    server.set_fallback(Reply.json(CONTACT))
    calls: list[int] = []

    def sync_provider() -> str:
        calls.append(1)
        return f"p{len(calls)}"

    async def async_provider() -> str:
        await asyncio.sleep(0)
        return sync_provider()

    provider = async_provider if is_async else sync_provider

    async def scenario() -> None:
        client, _ = make_client(server, Credentials(token_provider=provider))
        async with client:
            await Contacts(client).update("c1", phone="1")
            await Contacts(client).update("c1", phone="1")

    run(scenario)
    assert [r.header("Authorization") for r in server.requests] == [
        "Zoho-oauthtoken p1",
        "Zoho-oauthtoken p2",
    ]


def test_close_only_closes_an_owned_http_client(server: ScriptedServer) -> None:
    async def scenario() -> tuple[bool, bool]:
        owned, _ = make_client(server)
        async with owned:
            pass
        mine = httpx.AsyncClient()
        borrowed, _ = make_client(server, http_client=mine)
        await borrowed.close()
        still_open = not mine.is_closed
        await mine.aclose()
        return owned._client.is_closed, still_open

    assert run(scenario) == (True, True)


def test_missing_credentials_and_logs_without_secrets(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.enqueue(Reply.json({"errorCode": "E", "message": "tok-SECRET is bad"}, status=400))

    async def scenario() -> None:
        nothing, _ = make_client(server, Credentials())
        async with nothing:
            with pytest.raises(errors.MissingCredentialsError):
                await Contacts(nothing).update("c1", phone="1")
        client, _ = make_client(server)
        async with client:
            with pytest.raises(errors.BadRequestError) as caught:
                await Contacts(client).update("c1", phone="1")
            assert str(caught.value) == "400 Bad Request: E: [REDACTED] is bad"
            assert "SECRET" not in repr(client)

    with caplog.at_level(logging.DEBUG):
        run(scenario)
    assert [r.getMessage() for r in caplog.records if "SECRET" in r.getMessage()] == []
    assert len(server.requests) == 1
