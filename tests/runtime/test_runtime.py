"""The static runtime of generated clients, against a real HTTP server: the sync client.

The runtime is tested in place, as `specgen.runtime` (generated packages vendor it verbatim); a
hand-written call site (models, `Endpoint` constants and a resource) plays the part of the
generated code.
"""

from __future__ import annotations

import datetime as dt
import enum
import platform
import re
from collections.abc import Mapping
from typing import Any

import httpx
import pytest
from pydantic import Field

from specgen.runtime import errors
from specgen.runtime._base_client import (
    AuthScheme,
    Credentials,
    Endpoint,
    RequestOptions,
    SyncAPIClient,
)
from specgen.runtime._models import RequestModel, ResponseModel, open_enum_missing
from specgen.runtime._response import APIResponse, to_raw_response_wrapper
from specgen.runtime._types import NOT_GIVEN, DateTime, NotGiven, Timeout
from specgen.runtime._utils import build_body
from specgen.runtime.resources._resource import SyncAPIResource
from tests.support.server import RecordedRequest, Reply, ScriptedServer

TOKEN = "tok-SECRET-123"

# -- the call site: what the generator would write ---------------------------------------------


class Status(enum.StrEnum):
    OPEN = "Open"
    CLOSED = "Closed"

    @classmethod
    def _missing_(cls, value: object) -> Status | None:
        return open_enum_missing(cls, value)


class TicketUpdate(RequestModel):
    __non_nullable__ = frozenset({"subject", "status"})

    subject: str | None = None
    status: Status | None = None
    description: str | None = None
    due_date: DateTime | None = Field(default=None, alias="dueDate")


class Ticket(ResponseModel):
    id: str
    subject: str
    status: Status
    modified_time: DateTime | None = Field(default=None, alias="modifiedTime")


class ZohoError(ResponseModel):
    error_code: str = Field(alias="errorCode")
    message: str


class NotFoundBody(ResponseModel):
    error_code: str = Field(alias="errorCode")
    message: str
    resource: str


OAUTH = (("zohoOAuth",),)
ERRORS: dict[str, object] = {"404": NotFoundBody, "4XX": ZohoError, "default": ZohoError}

UPDATE_TICKET = Endpoint(
    method="PATCH",
    path="/api/v1/tickets/{ticketId}",
    operation_id="updateTicket",
    security=OAUTH,
    responses={"200": Ticket, **ERRORS},
    content_type="application/json",
)
LIST_TICKETS = Endpoint(
    method="GET",
    path="/api/v1/tickets",
    operation_id="listTickets",
    security=OAUTH,
    responses={"200": list[Ticket], "204": None, **ERRORS},
)
DELETE_TICKET = Endpoint(
    method="DELETE",
    path="/api/v1/tickets/{ticketId}",
    operation_id="deleteTicket",
    security=OAUTH,
    responses={"204": None, **ERRORS},
)


class Tickets(SyncAPIResource):
    """A hand-written stand-in for a generated resource."""

    def update(
        self,
        ticket_id: str,
        *,
        subject: str | NotGiven = NOT_GIVEN,
        status: Status | NotGiven = NOT_GIVEN,
        description: str | NotGiven | None = NOT_GIVEN,
        due_date: dt.datetime | NotGiven | None = NOT_GIVEN,
        body: TicketUpdate | Mapping[str, object] | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> Ticket:
        fields = {"subject": subject, "status": status, "description": description}
        result: Ticket = self._client.request(
            UPDATE_TICKET,
            path_params={"ticketId": ticket_id},
            query={},
            headers={},
            cookies={},
            body=build_body(TicketUpdate, body, {**fields, "dueDate": due_date}),
            options=RequestOptions(
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
                max_retries=max_retries,
            ),
        )
        return result

    def list(
        self,
        *,
        limit: int | NotGiven = NOT_GIVEN,
        include: list[str] | NotGiven = NOT_GIVEN,
        archived: bool | NotGiven | None = NOT_GIVEN,
        modified_since: dt.datetime | NotGiven = NOT_GIVEN,
        status: Status | NotGiven = NOT_GIVEN,
        x_trace: bool | NotGiven = NOT_GIVEN,
        extra_query: Mapping[str, object] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> list[Ticket]:
        result: list[Ticket] = self._client.request(
            LIST_TICKETS,
            path_params={},
            query={
                "limit": limit,
                "include": include,
                "archived": archived,
                "modifiedSince": modified_since,
                "status": status,
            },
            headers={"X-Trace": x_trace},
            cookies={},
            body=NOT_GIVEN,
            options=RequestOptions(
                extra_headers=extra_headers, extra_query=extra_query, max_retries=max_retries
            ),
        )
        return result

    def delete(self, ticket_id: str) -> None:
        self._client.request(
            DELETE_TICKET,
            path_params={"ticketId": ticket_id},
            query={},
            headers={},
            cookies={},
            body=NOT_GIVEN,
            options=RequestOptions(),
        )


class TicketsWithRawResponse:
    def __init__(self, tickets: Tickets) -> None:
        self.update = to_raw_response_wrapper(tickets.update)
        self.list = to_raw_response_wrapper(tickets.list)


def schemes(server: ScriptedServer) -> list[AuthScheme]:
    return [
        AuthScheme(
            name="zohoOAuth",
            kind="oauth2",
            location="header",
            parameter_name="Authorization",
            token_prefix="Zoho-oauthtoken",
            token_url=server.url + "/oauth/v2/token",
        ),
        AuthScheme("bearer", "http_bearer", "header", "Authorization", "Bearer", ""),
        AuthScheme("headerKey", "api_key", "header", "X-Api-Key", "", ""),
        AuthScheme("queryKey", "api_key", "query", "api_key", "", ""),
        AuthScheme("cookieKey", "api_key", "cookie", "session", "", ""),
        AuthScheme("basic", "http_basic", "header", "Authorization", "Basic", ""),
    ]


def make_client(server: ScriptedServer, **kwargs: Any) -> SyncAPIClient:
    params: dict[str, Any] = {
        "base_url": server.url + "/",
        "package_name": "demo_api",
        "package_version": "1.2.3",
        "auth_schemes": schemes(server),
        "credentials": Credentials(access_token=TOKEN),
        "client_params": [("header", "orgId", 42)],
        "max_retries": 0,
    }
    params.update(kwargs)
    client = SyncAPIClient(**params)
    client._sleep = lambda seconds: None
    return client


def call(
    client: SyncAPIClient,
    endpoint: Endpoint,
    *,
    path_params: Mapping[str, object] | None = None,
    query: Mapping[str, object] | None = None,
    headers: Mapping[str, object] | None = None,
    cookies: Mapping[str, object] | None = None,
    body: object = NOT_GIVEN,
    options: RequestOptions | None = None,
) -> Any:
    return client.request(
        endpoint,
        path_params=path_params or {},
        query=query or {},
        headers=headers or {},
        cookies=cookies or {},
        body=body,
        options=options or RequestOptions(),
    )


TICKET_JSON = {"id": "1", "subject": "Hi", "status": "Open", "modifiedTime": "2016-06-23T12:58:09Z"}
PING = Endpoint("GET", "/ping", "ping", security=(), responses={"200": dict[str, int]})


@pytest.fixture
def client(server: ScriptedServer) -> Any:
    with make_client(server) as c:
        yield c


@pytest.fixture
def tickets(client: SyncAPIClient) -> Tickets:
    return Tickets(client)


def only(server: ScriptedServer) -> RecordedRequest:
    assert len(server.requests) == 1, server.requests
    return server.requests[0]


# -- URL and query --------------------------------------------------------------------------


def test_path_parameters_are_quoted_and_the_base_url_slash_is_handled(
    server: ScriptedServer, tickets: Tickets
) -> None:
    server.enqueue(Reply.json(TICKET_JSON), Reply.json(TICKET_JSON))
    tickets.update("a/b c?d#é", subject="x")
    tickets.update("..", subject="x")
    assert [r.path for r in server.requests] == [
        "/api/v1/tickets/a%2Fb%20c%3Fd%23%C3%A9",
        "/api/v1/tickets/%2E%2E",
    ]


@pytest.mark.parametrize("value", ["", None, NOT_GIVEN])
def test_an_empty_or_missing_path_parameter_is_refused_before_sending(
    server: ScriptedServer, client: SyncAPIClient, value: object
) -> None:
    with pytest.raises(ValueError, match="ticketId"):
        call(client, DELETE_TICKET, path_params={"ticketId": value})
    assert server.requests == []


def test_query_values_are_serialised_as_the_spec_says(
    server: ScriptedServer, tickets: Tickets
) -> None:
    server.set_fallback(Reply.json([]))
    tickets.list(
        limit=10,
        include=["contacts", "assignee"],
        archived=False,
        modified_since=dt.datetime(2024, 1, 31, 9, 30, tzinfo=dt.UTC),
        status=Status.OPEN,
    )
    tickets.list(archived=None, extra_query={"limit": 5, "from": 1})
    tickets.list()
    first, second, third = server.requests
    assert first.query == (
        "limit=10&include=contacts&include=assignee&archived=false"
        "&modifiedSince=2024-01-31T09%3A30%3A00.000Z&status=Open"
    )
    assert second.query_params == [("limit", "5"), ("from", "1")]  # None dropped, extra merged
    assert third.query == ""


def test_query_parameters_are_spelled_in_the_style_the_spec_gives_them(
    server: ScriptedServer, client: SyncAPIClient
) -> None:
    server.set_fallback(Reply.json({"ok": 1}))
    styled = Endpoint(
        "GET",
        "/ping",
        "ping",
        responses={"200": dict[str, int]},
        query_styles={
            "created": ("deepObject", True),
            "expand": ("deepObject", True),
            "ids": ("form", False),
            "tags": ("pipeDelimited", False),
            "colour": ("form", False),
        },
    )
    call(
        client,
        styled,
        query={
            "created": {"gt": 1, "lte": None, "range": {"from": 2}},
            "expand": ["customer", "invoice"],
            "ids": [1, 2],
            "tags": ["a", "b"],
            "colour": {"R": 100, "G": 200},
            "plain": {"x": 1},
        },
    )
    assert only(server).query_params == [
        ("created[gt]", "1"),  # None items send nothing
        ("created[range][from]", "2"),
        ("expand[0]", "customer"),
        ("expand[1]", "invoice"),
        ("ids", "1,2"),
        ("tags", "a|b"),
        ("colour", "R,100,G,200"),
        ("x", "1"),  # form, exploded: the default
    ]


def test_client_parameters_go_on_every_request_by_location(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json({"ok": 1}))
    client = make_client(
        server,
        client_params=[
            ("header", "orgId", 42),
            ("query", "portal", "acme"),
            ("cookie", "region", "eu"),
            ("header", "X-Unset", None),
            ("query", "unset", NOT_GIVEN),
        ],
    )
    assert call(client, PING) == {"ok": 1}
    call(client, PING, query={"portal": "override", "q": "x"}, cookies={"c": 1})
    first, second = server.requests
    assert first.header("orgId") == "42"
    assert first.query == "portal=acme"
    assert first.header("Cookie") == "region=eu"
    assert "x-unset" not in first.header_names
    assert second.query == "portal=override&q=x"
    assert second.header("Cookie") == "region=eu; c=1"


# -- headers --------------------------------------------------------------------------------


def test_every_request_carries_accept_user_agent_auth_and_client_params(
    server: ScriptedServer, tickets: Tickets
) -> None:
    server.enqueue(Reply.json([]), Reply.json(TICKET_JSON))
    tickets.list(x_trace=True)
    tickets.update("1", subject="x")
    get, patch = server.requests
    user_agent = f"demo_api/1.2.3 python/{platform.python_version()} httpx/{httpx.__version__}"
    for request in (get, patch):
        assert request.header("Accept") == "application/json"
        assert request.header("User-Agent") == user_agent
        assert request.header("Authorization") == f"Zoho-oauthtoken {TOKEN}"
        assert request.header("orgId") == "42"
    assert get.header("X-Trace") == "true"
    assert "content-type" not in get.header_names
    assert get.body == b""
    assert patch.header("Content-Type") == "application/json"


def test_default_headers_then_extra_headers_last_wins(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json([]))
    client = make_client(server, default_headers={"X-Default": "d", "X-Both": "default"})
    tickets = Tickets(client)
    tickets.list(extra_headers={"X-Both": "extra", "Accept": "application/vnd.api+json"})
    request = only(server)
    assert request.header("X-Default") == "d"
    assert request.header_values("X-Both") == ["extra"]
    assert request.header("Accept") == "application/vnd.api+json"


@pytest.mark.parametrize(
    ("scheme", "credentials", "where", "name", "expected"),
    [
        (
            "zohoOAuth",
            Credentials(access_token=TOKEN),
            "header",
            "Authorization",
            "Zoho-oauthtoken " + TOKEN,
        ),
        ("bearer", Credentials(access_token=TOKEN), "header", "Authorization", "Bearer " + TOKEN),
        (
            "bearer",
            Credentials(token_provider=lambda: "t1"),
            "header",
            "Authorization",
            "Bearer t1",
        ),
        ("headerKey", Credentials(api_keys={"headerKey": "k1"}), "header", "X-Api-Key", "k1"),
        ("queryKey", Credentials(api_keys={"queryKey": "k 2"}), "query", "api_key", "k 2"),
        ("cookieKey", Credentials(api_keys={"cookieKey": "k3"}), "cookie", "session", "k3"),
        (
            "basic",
            Credentials(username="ann", password="pw"),
            "header",
            "Authorization",
            "Basic YW5uOnB3",
        ),
    ],
)
def test_each_security_scheme_places_its_credential(
    server: ScriptedServer,
    scheme: str,
    credentials: Credentials,
    where: str,
    name: str,
    expected: str,
) -> None:
    server.enqueue(Reply.json({}))
    client = make_client(server, credentials=credentials, client_params=[])
    endpoint = Endpoint("GET", "/x", "getX", security=((scheme,),), responses={"200": dict})
    call(client, endpoint)
    request = only(server)
    if where == "header":
        assert request.header(name) == expected
    elif where == "query":
        assert request.query_params == [(name, expected)]
    else:
        assert request.header("Cookie") == f"{name}={expected}"
    if where != "header":
        assert "authorization" not in request.header_names


def test_the_first_alternative_with_credentials_is_used(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json({}))
    endpoint = Endpoint(
        "GET", "/x", "getX", security=(("zohoOAuth",), ("headerKey", "queryKey")), responses={}
    )
    keys = {"headerKey": "hk", "queryKey": "qk"}
    call(make_client(server, credentials=Credentials(api_keys=keys)), endpoint)
    call(make_client(server, credentials=Credentials(access_token="t", api_keys=keys)), endpoint)
    keyed, oauth = server.requests
    assert (keyed.header("X-Api-Key"), keyed.query, keyed.header("Authorization")) == (
        "hk",
        "api_key=qk",
        None,
    )
    assert (oauth.header("X-Api-Key"), oauth.query) == (None, "")
    assert oauth.header("Authorization") == "Zoho-oauthtoken t"


def test_operations_without_security_send_no_credentials(server: ScriptedServer) -> None:
    server.enqueue(Reply.json({"a": 1}))
    client = make_client(
        server, credentials=Credentials(access_token=TOKEN, api_keys={"queryKey": "k"})
    )
    assert call(client, PING) == {"a": 1}
    request = only(server)
    assert "authorization" not in request.header_names
    assert request.query == ""


def test_missing_credentials_fail_before_sending(server: ScriptedServer) -> None:
    client = make_client(server, credentials=Credentials(api_keys={"other": "k"}))
    with pytest.raises(errors.MissingCredentialsError, match="updateTicket needs credentials"):
        Tickets(client).update("1", subject="x")
    assert server.requests == []


# -- request bodies -------------------------------------------------------------------------


def test_body_bytes_for_omitted_null_and_given_fields(
    server: ScriptedServer, tickets: Tickets
) -> None:
    server.set_fallback(Reply.json(TICKET_JSON))
    tickets.update("1", subject="Grüße")
    tickets.update("1", description=None)
    tickets.update(
        "1", status=Status.CLOSED, due_date=dt.datetime(2016, 6, 23, 12, 58, 9, 211000, dt.UTC)
    )
    tickets.update("1")
    tickets.update("1", body={"subject": "s", "description": None})
    tickets.update("1", body=TicketUpdate(description="d"))
    assert [r.body for r in server.requests] == [
        '{"subject":"Grüße"}'.encode(),
        b'{"description":null}',
        b'{"status":"Closed","dueDate":"2016-06-23T12:58:09.211Z"}',
        b"",
        b'{"subject":"s","description":null}',
        b'{"description":"d"}',
    ]
    assert server.requests[3].header("Content-Type") is None


def test_null_for_a_non_nullable_field_is_refused_before_sending(
    server: ScriptedServer, tickets: Tickets
) -> None:
    with pytest.raises(
        ValueError,
        match=re.escape(
            "subject cannot be null: the spec does not allow null for TicketUpdate.subject "
            "(leave it out to keep it unchanged)"
        ),
    ):
        tickets.update("1", subject=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="status cannot be null"):
        tickets.update("1", body={"status": None})
    assert server.requests == []


def test_body_and_body_keywords_together_are_refused(tickets: Tickets) -> None:
    with pytest.raises(TypeError, match=r"not both .*description, subject"):
        tickets.update("1", subject="a", description="b", body={"subject": "c"})


def test_other_body_encodings(server: ScriptedServer, client: SyncAPIClient) -> None:
    server.set_fallback(Reply.empty(204))

    def endpoint(content_type: str) -> Endpoint:
        return Endpoint(
            "POST", "/upload", "upload", responses={"204": None}, content_type=content_type
        )

    items = [TicketUpdate(subject="a"), {"when": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)}]
    call(client, endpoint("application/json"), body=build_body(None, items, {}))
    call(
        client,
        endpoint("application/x-www-form-urlencoded"),
        body={"a": "x y", "b": [1, 2], "c": True},
    )
    call(client, endpoint("application/octet-stream"), body=b"\x00\x01raw")
    call(
        client,
        endpoint("multipart/form-data"),
        body={"file": ("a.txt", b"hello", "text/plain"), "note": "n"},
    )
    call(client, endpoint("multipart/form-data"), body={"name": "x", "tags": ["a", "b"]})
    json_body, form, raw, multipart, fields_only = server.requests
    assert json_body.body == b'[{"subject":"a"},{"when":"2020-01-01T00:00:00.000Z"}]'
    assert form.header("Content-Type") == "application/x-www-form-urlencoded"
    assert form.body == b"a=x+y&b=1&b=2&c=true"
    assert (raw.header("Content-Type"), raw.body) == ("application/octet-stream", b"\x00\x01raw")
    content_type = multipart.header("Content-Type") or ""
    assert content_type.startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="a.txt"' in multipart.body
    assert b"hello" in multipart.body
    assert b'name="note"' in multipart.body
    # Without files a multipart body stays multipart (httpx alone would send it urlencoded).
    assert (fields_only.header("Content-Type") or "").startswith("multipart/form-data; boundary=")
    assert fields_only.body.count(b'name="tags"') == 2 and b'name="name"' in fields_only.body


# -- responses ------------------------------------------------------------------------------


def test_success_bodies_are_parsed_by_the_response_map(
    server: ScriptedServer, client: SyncAPIClient, tickets: Tickets
) -> None:
    server.enqueue(
        Reply.json(TICKET_JSON | {"extra": [1]}),
        Reply.json([TICKET_JSON, TICKET_JSON | {"status": "On Hold"}]),
        Reply.empty(204),
        Reply.empty(204),
        Reply.json({"any": "thing"}, status=202),
        Reply.text("plain", status=200),
    )
    ticket = tickets.update("1", subject="x")
    assert isinstance(ticket, Ticket)
    assert ticket.modified_time == dt.datetime(2016, 6, 23, 12, 58, 9, tzinfo=dt.UTC)
    assert ticket.model_extra == {"extra": [1]}
    listed = tickets.list()
    assert [t.status for t in listed] == [Status.OPEN, Status("On Hold")]
    assert listed[1].status.value == "On Hold"
    assert tickets.list() is None  # 204 → None
    assert tickets.delete("1") is None
    undocumented = Endpoint("POST", "/jobs", "startJob", responses={"200": Ticket})
    assert call(client, undocumented) == {"any": "thing"}  # 202 not documented → the JSON
    assert call(client, Endpoint("GET", "/t", "t", responses={"2XX": str})) == "plain"


def test_ranges_and_default_apply_when_no_exact_status_is_documented(
    server: ScriptedServer, client: SyncAPIClient
) -> None:
    server.enqueue(Reply.json(TICKET_JSON, status=201), Reply.json(TICKET_JSON, status=203))
    by_range = Endpoint("GET", "/a", "a", responses={"2XX": Ticket, "default": dict})
    by_default = Endpoint("GET", "/b", "b", responses={"default": Ticket})
    assert isinstance(call(client, by_range), Ticket)
    assert isinstance(call(client, by_default), Ticket)


def test_a_success_body_that_does_not_match_the_spec_raises_when_strict(
    server: ScriptedServer, client: SyncAPIClient, tickets: Tickets
) -> None:
    server.enqueue(Reply.json({"id": "1"}))
    client.strict_response_validation = True
    with pytest.raises(errors.APIResponseValidationError) as caught:
        tickets.update("1", subject="x")
    assert caught.value.status_code == 200
    assert "updateTicket: the 200 response does not match the spec (2 errors" in str(caught.value)


STATUS_CASES = [
    (400, errors.BadRequestError, "Bad Request"),
    (401, errors.AuthenticationError, "Unauthorized"),
    (403, errors.PermissionDeniedError, "Forbidden"),
    (409, errors.ConflictError, "Conflict"),
    (418, errors.APIStatusError, "I'm a teapot"),
    (422, errors.UnprocessableEntityError, "Unprocessable Entity"),
    (429, errors.RateLimitError, "Too Many Requests"),
    (500, errors.InternalServerError, "Internal Server Error"),
    (503, errors.InternalServerError, "Service Unavailable"),
]


@pytest.mark.parametrize(("status", "error_class", "phrase"), STATUS_CASES)
def test_each_error_status_raises_its_class_with_the_parsed_error_model(
    server: ScriptedServer,
    tickets: Tickets,
    status: int,
    error_class: type[errors.APIStatusError],
    phrase: str,
) -> None:
    body = {"errorCode": "INVALID_DATA", "message": "The data is invalid"}
    server.enqueue(Reply.json(body, status=status, headers={"X-Request-Id": "req-7"}))
    with pytest.raises(errors.APIStatusError) as caught:
        tickets.update("1", subject="x")
    error = caught.value
    assert type(error) is error_class
    assert error.status_code == status
    assert isinstance(error.body, ZohoError)
    assert error.body.error_code == "INVALID_DATA"
    assert str(error) == f"{status} {phrase}: INVALID_DATA: The data is invalid"
    assert error.message == str(error)
    assert error.request_id == "req-7"
    assert error.response.status_code == status
    assert error.request.method == "PATCH"


def test_error_bodies_exact_status_model_else_json_else_text(
    server: ScriptedServer, tickets: Tickets
) -> None:
    not_found = {"errorCode": "NOT_FOUND", "message": "No ticket", "resource": "ticket"}
    server.enqueue(
        Reply.json(not_found, status=404),
        Reply.json({"error": {"code": "oops", "message": "nested"}}, status=400),
        Reply.text("upstream broke", status=502),
        Reply.empty(status=500),
        Reply.json({"errorCode": "X"}, status=422),
    )
    with pytest.raises(errors.NotFoundError) as caught_404:
        tickets.update("1", subject="x")
    assert isinstance(caught_404.value.body, NotFoundBody)
    assert str(caught_404.value) == "404 Not Found: NOT_FOUND: No ticket"
    assert caught_404.value.request_id is None
    with pytest.raises(errors.BadRequestError) as caught_400:
        tickets.update("1", subject="x")
    assert caught_400.value.body == {"error": {"code": "oops", "message": "nested"}}
    assert str(caught_400.value) == "400 Bad Request: oops: nested"
    with pytest.raises(errors.InternalServerError) as caught_502:
        tickets.update("1", subject="x")
    assert caught_502.value.body == "upstream broke"
    assert str(caught_502.value) == "502 Bad Gateway"
    with pytest.raises(errors.InternalServerError) as caught_500:
        tickets.update("1", subject="x")
    assert caught_500.value.body is None
    with pytest.raises(errors.UnprocessableEntityError) as caught_422:
        tickets.update("1", subject="x")
    assert caught_422.value.body == {"errorCode": "X"}  # does not fit ZohoError: kept as JSON
    assert str(caught_422.value) == "422 Unprocessable Entity: X"


def test_request_ids_come_from_the_default_headers_in_order(
    server: ScriptedServer, tickets: Tickets
) -> None:
    names = errors.DEFAULT_REQUEST_ID_HEADERS
    server.enqueue(
        Reply.json({}, status=409, headers={names[-1]: "last", names[0]: "first"}),
        Reply.json({}, status=409, headers={names[-1]: "only-last"}),
        Reply.json({}, status=409, headers={"X-Zoho-Request-Id": "vendor"}),
    )
    found = []
    for _ in range(3):
        with pytest.raises(errors.ConflictError) as caught:
            tickets.update("1", subject="x")
        found.append(caught.value.request_id)
    # A vendor's header is read only when the spec names it (x-specgen-request-id-header).
    assert found == ["first", "only-last", None]


def test_a_client_reads_the_request_id_headers_it_is_given(server: ScriptedServer) -> None:
    client = make_client(server, request_id_headers=("X-Vendor-Trace", "X-Vendor-Id"))
    tickets = Tickets(client)
    server.enqueue(
        Reply.json({}, status=404, headers={"X-Request-Id": "generic", "X-Vendor-Id": "v-1"}),
        Reply.json(TICKET_JSON, headers={"x-vendor-trace": "v-2", "X-Vendor-Id": "v-3"}),
        Reply.json({}, status=500, headers={"X-Request-Id": "generic"}),
    )
    with pytest.raises(errors.NotFoundError) as not_found:
        tickets.update("1", subject="x")
    assert not_found.value.request_id == "v-1"
    raw = TicketsWithRawResponse(tickets).update("1", subject="x")
    assert raw.request_id == "v-2"  # the first listed wins; names are case-insensitive
    with pytest.raises(errors.InternalServerError) as server_error:
        tickets.update("1", subject="x")
    assert server_error.value.request_id is None  # only the given headers count


# -- raw responses --------------------------------------------------------------------------


def test_raw_response_wrapper_gives_status_headers_and_parse(
    server: ScriptedServer, tickets: Tickets
) -> None:
    server.enqueue(
        Reply.json(TICKET_JSON, headers={"X-Rate-Remaining": "9", "request-id": "r1"}),
        Reply.json({"errorCode": "E", "message": "m"}, status=404),
    )
    raw = TicketsWithRawResponse(tickets)
    response = raw.update("1", subject="x")
    assert isinstance(response, APIResponse)
    assert response.status_code == 200
    assert response.headers["x-rate-remaining"] == "9"
    assert response.request_id == "r1"
    assert isinstance(response.http_response, httpx.Response)
    parsed = response.parse()
    assert isinstance(parsed, Ticket)
    assert response.parse() is parsed
    assert repr(response) == "<APIResponse updateTicket [200 OK]>"
    with pytest.raises(errors.NotFoundError):
        raw.list()


def test_raw_response_flag_does_not_leak_out_of_the_wrapper(
    server: ScriptedServer, tickets: Tickets
) -> None:
    server.set_fallback(Reply.json(TICKET_JSON))
    TicketsWithRawResponse(tickets).update("1", subject="x")
    assert isinstance(tickets.update("1", subject="x"), Ticket)


# -- lifecycle ------------------------------------------------------------------------------


def test_close_closes_only_an_http_client_it_created(server: ScriptedServer) -> None:
    with make_client(server) as owned:
        inner = owned._client
    assert inner.is_closed
    mine = httpx.Client()
    client = make_client(server, http_client=mine)
    client.close()
    assert not mine.is_closed
    mine.close()


def test_a_user_http_client_is_used(server: ScriptedServer) -> None:
    server.enqueue(Reply.json({"a": 1}))
    seen: list[str] = []
    mine = httpx.Client(event_hooks={"request": [lambda request: seen.append(request.method)]})
    assert call(make_client(server, http_client=mine), PING) == {"a": 1}
    assert seen == ["GET"]
    mine.close()


def test_repr_and_base_url(server: ScriptedServer, client: SyncAPIClient) -> None:
    assert client.base_url == server.url + "/"
    assert repr(client) == f"SyncAPIClient(base_url={server.url + '/'!r})"
    assert client.max_retries == 0
    assert client.timeout == 60.0


def test_negative_max_retries_is_refused(server: ScriptedServer) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        make_client(server, max_retries=-1)
