"""Token sources and the OAuth refresh flow of the sync client, and that secrets never leak."""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from specgen.runtime import errors
from specgen.runtime._base_client import (
    AuthScheme,
    Credentials,
    Endpoint,
    RequestOptions,
    SyncAPIClient,
)
from specgen.runtime._response import to_raw_response_wrapper
from specgen.runtime._types import NOT_GIVEN
from tests.support.server import RecordedRequest, Reply, ScriptedServer, unused_port_url

TOKEN_PATH = "/oauth/v2/token"
REFRESH = Credentials(refresh_token="rt-SECRET-000", client_id="cid", client_secret="cs-SECRET-789")
ME = Endpoint("GET", "/me", "getMe", security=(("zohoOAuth",),), responses={"200": dict})


def oauth(server: ScriptedServer) -> AuthScheme:
    return AuthScheme(
        name="zohoOAuth",
        kind="oauth2",
        location="header",
        parameter_name="Authorization",
        token_prefix="Zoho-oauthtoken",
        token_url=server.url + TOKEN_PATH,
    )


def make_client(server: ScriptedServer, credentials: Credentials, **kwargs: Any) -> SyncAPIClient:
    client = SyncAPIClient(
        base_url=server.url,
        package_name="demo_api",
        package_version="0",
        auth_schemes=kwargs.pop("auth_schemes", [oauth(server)]),
        credentials=credentials,
        client_params=[],
        **kwargs,
    )
    client._sleep = lambda seconds: None
    return client


def me(client: SyncAPIClient, endpoint: Endpoint = ME) -> Any:
    return client.request(
        endpoint,
        path_params={},
        query={},
        headers={},
        cookies={},
        body=NOT_GIVEN,
        options=RequestOptions(),
    )


def token_reply(token: str, expires_in: object = 3600, **extra: object) -> Reply:
    return Reply.json({"access_token": token, "expires_in": expires_in, **extra})


def auth_headers(server: ScriptedServer) -> list[str | None]:
    return [r.header("Authorization") for r in server.requests_to("/me")]


def test_refresh_before_the_first_call(server: ScriptedServer) -> None:
    server.enqueue(token_reply("fresh-SECRET-1"), method="POST", path=TOKEN_PATH)
    server.set_fallback(Reply.json({"me": 1}), method="GET", path="/me")
    client = make_client(server, REFRESH)
    assert me(client) == {"me": 1}
    assert me(client) == {"me": 1}
    (token_request,) = server.requests_to(TOKEN_PATH)
    assert token_request.method == "POST"
    assert token_request.header("Content-Type") == "application/x-www-form-urlencoded"
    assert token_request.header("Accept") == "application/json"
    assert token_request.body == (
        b"grant_type=refresh_token&refresh_token=rt-SECRET-000&client_id=cid"
        b"&client_secret=cs-SECRET-789"
    )
    assert "authorization" not in token_request.header_names
    assert auth_headers(server) == ["Zoho-oauthtoken fresh-SECRET-1"] * 2


def test_refresh_when_the_token_expires_within_a_minute(server: ScriptedServer) -> None:
    server.enqueue(
        token_reply("short-SECRET-1", expires_in=30),
        token_reply("long-SECRET-2", expires_in="3600"),
        method="POST",
        path=TOKEN_PATH,
    )
    server.set_fallback(Reply.json({}), method="GET", path="/me")
    client = make_client(server, REFRESH)
    for _ in range(3):
        me(client)
    assert len(server.requests_to(TOKEN_PATH)) == 2
    assert auth_headers(server) == [
        "Zoho-oauthtoken short-SECRET-1",
        "Zoho-oauthtoken long-SECRET-2",
        "Zoho-oauthtoken long-SECRET-2",
    ]


def test_refresh_as_the_clock_advances(server: ScriptedServer) -> None:
    now = [1000.0]
    server.enqueue(token_reply("a-SECRET"), token_reply("b-SECRET"), method="POST", path=TOKEN_PATH)
    server.set_fallback(Reply.json({}), method="GET", path="/me")
    client = make_client(server, REFRESH)
    client._tokens._clock = lambda: now[0]
    me(client)
    now[0] += 3600 - 61  # 61 s left: still good
    me(client)
    now[0] += 2  # 59 s left: refresh first
    me(client)
    assert auth_headers(server) == [
        "Zoho-oauthtoken a-SECRET",
        "Zoho-oauthtoken a-SECRET",
        "Zoho-oauthtoken b-SECRET",
    ]


def test_refresh_once_after_a_401_and_retry_with_the_new_token(server: ScriptedServer) -> None:
    credentials = Credentials(
        access_token="old-SECRET",
        refresh_token="rt-SECRET-000",
        client_id="cid",
        client_secret="cs-SECRET-789",
    )
    server.enqueue(token_reply("new-SECRET"), method="POST", path=TOKEN_PATH)
    server.enqueue(Reply.json({"errorCode": "INVALID_OAUTH"}, status=401), Reply.json({"ok": 1}))
    client = make_client(server, credentials)
    assert me(client) == {"ok": 1}
    assert auth_headers(server) == ["Zoho-oauthtoken old-SECRET", "Zoho-oauthtoken new-SECRET"]
    assert len(server.requests_to(TOKEN_PATH)) == 1


def test_a_second_401_raises_authentication_error(server: ScriptedServer) -> None:
    server.enqueue(
        token_reply("first-SECRET"), token_reply("second-SECRET"), method="POST", path=TOKEN_PATH
    )
    server.set_fallback(Reply.json({"errorCode": "INVALID_OAUTH"}, status=401))
    client = make_client(server, REFRESH, max_retries=3)
    with pytest.raises(errors.AuthenticationError) as caught:
        me(client)
    assert str(caught.value) == "401 Unauthorized: INVALID_OAUTH"
    assert len(server.requests_to("/me")) == 2
    assert len(server.requests_to(TOKEN_PATH)) == 2  # before the first call, after the 401


def test_a_static_token_is_not_retried_after_a_401(server: ScriptedServer) -> None:
    server.enqueue(Reply.empty(401))
    client = make_client(server, Credentials(access_token="static-SECRET"))
    with pytest.raises(errors.AuthenticationError):
        me(client)
    assert len(server.requests) == 1


def test_a_token_provider_is_called_for_every_request_and_after_a_401(
    server: ScriptedServer,
) -> None:
    tokens = iter(["p1-SECRET", "p2-SECRET", "p3-SECRET", "p3-SECRET", "p3-SECRET"])
    server.enqueue(Reply.json({}), Reply.empty(401), Reply.json({}), Reply.empty(401))
    client = make_client(server, Credentials(token_provider=lambda: next(tokens)))
    me(client)
    me(client)  # 401 with p2 → asks again → p3 → retried
    with pytest.raises(errors.AuthenticationError):
        me(client)  # 401 with p3, the provider still says p3 → no pointless retry
    assert auth_headers(server) == [
        "Zoho-oauthtoken p1-SECRET",
        "Zoho-oauthtoken p2-SECRET",
        "Zoho-oauthtoken p3-SECRET",
        "Zoho-oauthtoken p3-SECRET",
    ]


def test_a_failed_refresh_raises_token_refresh_error_without_secrets(
    server: ScriptedServer,
) -> None:
    server.enqueue(
        Reply.json({"error": "invalid_client", "error_description": "bad cs-SECRET-789"}, 400),
        Reply.json({"error": "invalid_code"}),  # Zoho says 200 with an error
        Reply.text("<html>down</html>", status=503),
        method="POST",
        path=TOKEN_PATH,
    )
    client = make_client(server, REFRESH)
    messages = []
    for status in (400, 200, 503):
        with pytest.raises(errors.TokenRefreshError) as caught:
            me(client)
        assert isinstance(caught.value, errors.AuthenticationError)
        assert caught.value.status_code == status
        messages.append(str(caught.value))
    url = server.url + TOKEN_PATH
    assert messages == [
        f"could not refresh the OAuth access token at {url}: "
        "400 Bad Request: invalid_client: bad [REDACTED]",
        f"could not refresh the OAuth access token at {url}: "
        "no access_token in the response (200 OK: invalid_code)",
        f"could not refresh the OAuth access token at {url}: 503 Service Unavailable",
    ]
    assert server.requests_to("/me") == []


def test_a_failed_refresh_carries_the_request_id_of_the_token_endpoint(
    server: ScriptedServer,
) -> None:
    server.enqueue(
        Reply.json({"error": "invalid_code"}, 400, headers={"X-Vendor-Id": "tok-1"}),
        method="POST",
        path=TOKEN_PATH,
    )
    client = make_client(server, REFRESH, request_id_headers=("X-Vendor-Id",))
    with pytest.raises(errors.TokenRefreshError) as caught:
        me(client)
    assert caught.value.request_id == "tok-1"


def test_a_rotated_refresh_token_is_used_for_the_next_refresh(server: ScriptedServer) -> None:
    server.enqueue(
        token_reply("a-SECRET", expires_in=10, refresh_token="rt2-SECRET"),
        token_reply("b-SECRET"),
        method="POST",
        path=TOKEN_PATH,
    )
    server.set_fallback(Reply.json({}), method="GET", path="/me")
    client = make_client(server, REFRESH)
    me(client)
    me(client)
    first, second = server.requests_to(TOKEN_PATH)
    assert first.form()["refresh_token"] == "rt-SECRET-000"
    assert second.form()["refresh_token"] == "rt2-SECRET"


def test_concurrent_calls_share_one_refresh(server: ScriptedServer) -> None:
    server.enqueue(
        Reply.json({"access_token": "shared-SECRET"}, delay=0.2), method="POST", path=TOKEN_PATH
    )
    server.set_fallback(Reply.json({}), method="GET", path="/me")
    client = make_client(server, REFRESH)
    failures: list[BaseException] = []

    def work() -> None:
        try:
            me(client)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(server.requests_to(TOKEN_PATH)) == 1
    assert auth_headers(server) == ["Zoho-oauthtoken shared-SECRET"] * 8


def test_refresh_needs_a_token_url_and_all_three_values(server: ScriptedServer) -> None:
    no_url = AuthScheme("zohoOAuth", "oauth2", token_prefix="Zoho-oauthtoken")
    client = make_client(server, REFRESH, auth_schemes=[no_url])
    with pytest.raises(errors.MissingCredentialsError, match="access_token or a token_provider"):
        me(client)
    partial = Credentials(refresh_token="rt-SECRET-000", client_id="cid")
    with pytest.raises(errors.MissingCredentialsError, match="refresh_token"):
        me(make_client(server, partial))
    assert server.requests == []


# -- secrets never leak --------------------------------------------------------------------

SECRETS = ("SECRET",)
BASIC = base64.b64encode(b"ann:pw-SECRET").decode()


def leaks(text: str) -> list[str]:
    return [s for s in (*SECRETS, BASIC) if s in text]


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    with caplog.at_level(logging.DEBUG):
        yield caplog


def echo(request: RecordedRequest) -> Reply:
    """An error whose message repeats what the client sent (as some servers do)."""
    said = f"{request.header('Authorization')} {request.header('X-Api-Key')} {request.query}"
    return Reply.json({"errorCode": "ECHO", "message": said}, status=400)


def test_secrets_never_appear_in_errors_reprs_or_logs(
    server: ScriptedServer, all_logs: pytest.LogCaptureFixture
) -> None:
    schemes = [
        oauth(server),
        AuthScheme("headerKey", "api_key", "header", "X-Api-Key"),
        AuthScheme("queryKey", "api_key", "query", "api_key"),
        AuthScheme("basic", "http_basic", "header", "Authorization", "Basic"),
    ]
    credentials = Credentials(
        refresh_token="rt-SECRET-000",
        client_id="cid",
        client_secret="cs-SECRET-789",
        api_keys={"headerKey": "hk-SECRET", "queryKey": "qk SECRET/+&"},
        username="ann",
        password="pw-SECRET",
    )
    keyed = Endpoint("GET", "/keyed", "keyed", security=(("headerKey", "queryKey"),), responses={})
    basic = Endpoint("GET", "/basic", "basic", security=(("basic",),), responses={})
    client = make_client(server, credentials, auth_schemes=schemes, max_retries=1)
    texts: list[str] = [repr(client), repr(credentials), str(credentials)]

    server.enqueue(token_reply("access-SECRET-1"), method="POST", path=TOKEN_PATH)
    server.set_fallback(echo)
    for endpoint in (ME, keyed, basic):
        with pytest.raises(errors.BadRequestError) as caught:
            me(client, endpoint)
        texts += [str(caught.value), repr(caught.value), caught.value.message]
    assert "[REDACTED]" in str(caught.value)

    server.set_fallback(Reply.json({"ok": True}))
    response = to_raw_response_wrapper(me)(client, keyed)
    texts += [repr(response), repr(response.parse())]

    server.set_fallback(Reply.json({}, delay=0.5))
    slow = make_client(server, credentials, auth_schemes=schemes, timeout=0.05)
    with pytest.raises(errors.APITimeoutError) as timed_out:
        me(slow, keyed)
    texts += [str(timed_out.value), repr(timed_out.value)]

    refused = make_client(server, credentials, auth_schemes=schemes)
    refused._base_url = unused_port_url()
    with pytest.raises(errors.APIConnectionError) as conn:
        me(refused, keyed)
    texts += [str(conn.value), repr(conn.value)]

    server.enqueue(Reply.json({"error": "invalid_client"}, 401), method="POST", path=TOKEN_PATH)
    with pytest.raises(errors.TokenRefreshError) as refresh_failed:
        me(make_client(server, credentials, auth_schemes=schemes))
    texts += [str(refresh_failed.value), repr(refresh_failed.value)]

    records = all_logs.records
    assert any("api_key=[REDACTED]" in r.getMessage() for r in records if r.name == "demo_api")
    assert any(r.name == "httpx" for r in records)  # httpx's own request log is covered too
    texts += [r.getMessage() for r in records]
    texts += [repr(r.__dict__) for r in records]
    assert [(text, leaks(text)) for text in texts if leaks(text)] == []
