"""Client settings, sync and async: with_options/copy, where tokens are requested, redaction."""

from __future__ import annotations

import logging
import re

import pytest

from specgen.runtime import errors
from specgen.runtime._base_client import AuthScheme, Credentials, Endpoint, RequestOptions
from specgen.runtime._models import ResponseModel
from specgen.runtime._utils import build_body
from specgen.runtime.resources._resource import AsyncAPIResource, SyncAPIResource
from tests.runtime.calls import MODES, PACKAGE, call, close, make_client
from tests.support.server import Reply, ScriptedServer

pytestmark = pytest.mark.parametrize("mode", MODES)

TOKEN_PATH = "/oauth/v2/token"
PRODUCTION = "https://accounts.example.invalid"


class Item(ResponseModel):
    id: str


GET = Endpoint("GET", "/items/1", "getItem", security=(("oauth",),), responses={"200": Item})
POST = Endpoint(
    "POST",
    "/items",
    "createItem",
    security=(("oauth",),),
    responses={"200": Item},
    content_type="application/json",
)


def oauth(token_url: str) -> AuthScheme:
    return AuthScheme("oauth", "oauth2", "header", "Authorization", "Bearer", token_url)


REFRESH = Credentials(refresh_token="rt-SECRET-1234", client_id="cid", client_secret="cs-SECRET-99")


# -- with_options / copy -----------------------------------------------------------------------


def test_with_options_returns_a_copy_sharing_the_pool(server: ScriptedServer, mode: str) -> None:
    server.set_fallback(Reply.json({"id": "1"}))
    client, _ = make_client(
        mode,
        server,
        credentials=Credentials(access_token="at-SECRET-5678"),
        auth_schemes=[oauth("")],
        timeout=30.0,
        max_retries=2,
        default_headers={"X-A": "1"},
    )
    resource_class = SyncAPIResource if mode == "sync" else AsyncAPIResource
    client.items = resource_class(client)  # type: ignore[union-attr, arg-type]
    copy = client.with_options(timeout=5.0, max_retries=0, default_headers={"X-B": "2"})
    assert type(copy) is type(client)
    assert (copy.timeout, copy.max_retries) == (5.0, 0)
    assert (client.timeout, client.max_retries) == (30.0, 2)
    assert copy._client is client._client  # one connection pool
    assert copy.items._client is copy and client.items._client is client  # type: ignore[union-attr]
    assert client.copy(max_retries=1).max_retries == 1
    call(copy, GET)
    call(client, GET)
    sent_by_copy, sent_by_client = server.requests
    assert (sent_by_copy.header("X-A"), sent_by_copy.header("X-B")) == ("1", "2")
    assert sent_by_client.header("X-B") is None
    assert sent_by_copy.header("Authorization") == "Bearer at-SECRET-5678"
    close(copy)  # the copy does not own the pool
    assert not client._client.is_closed
    call(client, GET)
    close(client)
    assert client._client.is_closed or mode == "async"  # the async test client is the caller's


def test_with_options_timeout_and_retries_apply_to_calls(server: ScriptedServer, mode: str) -> None:
    server.set_fallback(Reply.json({}, status=503))
    client, delays = make_client(mode, server, max_retries=0)
    with pytest.raises(errors.InternalServerError):
        call(client.with_options(max_retries=2), GET.__class__("GET", "/x", "x"))
    assert len(server.requests) == 3 and len(delays.delays) == 2
    with pytest.raises(ValueError, match="max_retries"):
        client.with_options(max_retries=-1)


# -- where credentials go ----------------------------------------------------------------------


def test_a_base_url_on_another_host_moves_the_token_url(server: ScriptedServer, mode: str) -> None:
    server.enqueue(
        Reply.json({"access_token": "at-NEW-123456", "expires_in": 3600}),
        method="POST",
        path=TOKEN_PATH,
    )
    server.enqueue(Reply.json({"id": "1"}))
    client, _ = make_client(
        mode,
        server,
        credentials=REFRESH,
        auth_schemes=[oauth(PRODUCTION + TOKEN_PATH)],
        server_url="https://api.example.invalid/v1",
    )
    call(client, GET)
    token_request, api_request = server.requests
    assert (token_request.method, token_request.path) == ("POST", TOKEN_PATH)
    assert token_request.form()["refresh_token"] == "rt-SECRET-1234"
    assert api_request.header("Authorization") == "Bearer at-NEW-123456"


def test_an_explicit_token_url_wins(server: ScriptedServer, mode: str) -> None:
    server.enqueue(Reply.json({"access_token": "at-NEW-123456"}), method="POST", path="/custom")
    server.enqueue(Reply.json({"id": "1"}))
    client, _ = make_client(
        mode,
        server,
        credentials=REFRESH,
        auth_schemes=[oauth(PRODUCTION + TOKEN_PATH)],
        server_url="https://api.example.invalid/v1",
        token_url=server.url + "/custom",
    )
    call(client, GET)
    assert [r.path for r in server.requests] == ["/custom", "/items/1"]


def test_the_spec_server_keeps_the_spec_token_url(server: ScriptedServer, mode: str) -> None:
    client, _ = make_client(
        mode,
        server,
        credentials=REFRESH,
        auth_schemes=[oauth(PRODUCTION + TOKEN_PATH)],
        server_url=server.url + "/other/path",  # same scheme, host and port as base_url
    )
    assert client._schemes["oauth"].token_url == PRODUCTION + TOKEN_PATH


# -- redaction ---------------------------------------------------------------------------------


def test_a_short_secret_never_garbles_messages(
    server: ScriptedServer, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    server.enqueue(Reply.json({"code": "E404", "message": "The URL you requested: e"}, 404))
    client, _ = make_client(
        mode, server, credentials=Credentials(access_token="e"), auth_schemes=[oauth("")]
    )
    with caplog.at_level(logging.DEBUG), pytest.raises(errors.NotFoundError) as caught:
        call(client, GET)
    assert str(caught.value) == "404 Not Found: E404: The URL you requested: [REDACTED]"
    logged = [record.getMessage() for record in caplog.records]
    assert any("getItem: 404 Not Found" in message for message in logged)
    assert not [
        m for m in logged if re.search(r"[A-Za-z0-9]\[REDACTED\]|\[REDACTED\][A-Za-z0-9]", m)
    ]


def test_request_bodies_are_logged_at_debug_redacted(
    server: ScriptedServer, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    server.enqueue(Reply.json({"id": "1"}))
    client, _ = make_client(
        mode,
        server,
        credentials=Credentials(access_token="at-SECRET-5678"),
        auth_schemes=[oauth("")],
    )
    body = build_body(
        None,
        {"name": "widget", "password": "hunter2", "note": "token at-SECRET-5678", "n": 1},
        {},
    )
    with caplog.at_level(logging.DEBUG, logger=PACKAGE):
        call(client, POST, body=body, options=RequestOptions())
    (logged,) = [
        r.getMessage() for r in caplog.records if r.getMessage().startswith("Request body")
    ]
    assert logged == (
        'Request body of createItem: {"name": "widget", "password": "[REDACTED]", '
        '"note": "token [REDACTED]", "n": 1}'
    )
    assert server.requests[0].json()["password"] == "hunter2"


def test_multipart_bodies_are_logged_as_names_and_sizes(
    server: ScriptedServer, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    server.enqueue(Reply.json({"id": "1"}))
    client, _ = make_client(
        mode,
        server,
        credentials=Credentials(access_token="at-SECRET-5678"),
        auth_schemes=[oauth("")],
    )
    upload = Endpoint(
        "POST",
        "/files",
        "upload",
        security=(("oauth",),),
        responses={"200": Item},
        content_type="multipart/form-data",
    )
    body = build_body(
        None, {"file": ("logo.png", b"\x89PNG"), "client_secret": "s3cr3t", "n": 2}, {}
    )
    with caplog.at_level(logging.DEBUG, logger=PACKAGE):
        call(client, upload, body=body)
    (logged,) = [
        r.getMessage() for r in caplog.records if r.getMessage().startswith("Request body")
    ]
    assert logged == (
        "Request body of upload: multipart: file=<file 'logo.png', 4 bytes>, "
        "client_secret=[REDACTED], n=2"
    )
