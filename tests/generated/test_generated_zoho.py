"""The generated Zoho Desk client (`generated/zoho_desk`), sync, end to end through its public
surface, against a real HTTP server on 127.0.0.1 (`tests/support/server.py`).

    from zoho_desk import ZohoDesk, errors
    with ZohoDesk(access_token="1000.abc", org_id="60001234", region="eu") as desk:
        ticket = desk.tickets.update_ticket("1892000001054003", subject="Printer on fire")

Only `_sleep` (how the client waits between attempts) is touched from the inside, so that retry
delays are recorded instead of waited for. The async twin is `test_generated_zoho_async.py`.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import platform
import time
import traceback
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.support.generated import (
    GENERATED,
    REPO,
    SEED_RESPONSE,
    SleepRecorder,
    assert_backoff,
    backoff_bounds,
    error_examples,
    leaked,
    run_mypy,
    use_directory,
)
from tests.support.server import RecordedRequest, Reply, ScriptedServer, unused_port_url

use_directory(GENERATED)

import zoho_desk  # noqa: E402
from zoho_desk import ZohoDesk, errors, models  # noqa: E402
from zoho_desk.models import Contact, Ticket, TicketUpdate  # noqa: E402

TICKET_ID = "1892000001054003"
PATH = f"/api/v1/tickets/{TICKET_ID}"
TOKEN = "1000.abc"
ORG_ID = "60001234"
TOKEN_PATH = "/oauth/v2/token"
REGIONS = ("com", "eu", "in", "com.au", "jp", "com.cn")
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
    (status, ERROR_CLASSES[status], bodies[0]["errorCode"], bodies[0]["message"])
    for status, bodies in error_examples(SPEC, "/api/v1/tickets/{ticket_id}", "patch").items()
]


# -- helpers and fixtures ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_zoho_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The client reads ZOHO_DESK_* variables as fallbacks: none leak in from the outside."""
    for name in list(os.environ):
        if name.startswith("ZOHO_DESK_"):
            monkeypatch.delenv(name)


@pytest.fixture
def seed() -> dict[str, Any]:
    """The vendor's response example (../shared/seed/update-ticket-response.json)."""
    if not SEED_RESPONSE.is_file():
        pytest.skip(f"the seed response example is not at {SEED_RESPONSE} (../shared is absent)")
    data: dict[str, Any] = json.loads(SEED_RESPONSE.read_text(encoding="utf-8"))
    return data


def make_desk(server: ScriptedServer, **kwargs: Any) -> tuple[ZohoDesk, SleepRecorder]:
    """A client for the local server (access token and org given unless overridden)."""
    options: dict[str, Any] = {"access_token": TOKEN, "org_id": ORG_ID, "base_url": server.url}
    options.update(kwargs)
    desk = ZohoDesk(**options)
    sleeps = SleepRecorder()
    desk._sleep = sleeps
    return desk, sleeps


def sent_body(server: ScriptedServer, index: int = -1) -> bytes:
    return server.requests_to(PATH)[index].body


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"errorCode": code, "message": message}


def token_reply(token: str, expires_in: int = 3600) -> Reply:
    return Reply.json({"access_token": token, "expires_in": expires_in, "token_type": "Bearer"})


# -- the request ------------------------------------------------------------------------------


def test_the_exact_request(server: ScriptedServer) -> None:
    server.enqueue(Reply.json(TICKET))
    with ZohoDesk(access_token=TOKEN, org_id=ORG_ID, base_url=server.url) as desk:
        ticket = desk.tickets.update_ticket(TICKET_ID, subject="Printer on fire", due_date=None)

    assert isinstance(ticket, Ticket)
    assert ticket.id == TICKET_ID
    assert len(server.requests) == 1
    request = server.requests[0]
    assert request.method == "PATCH"
    assert request.path == PATH
    assert request.query == ""
    assert request.header("Authorization") == f"Zoho-oauthtoken {TOKEN}"
    assert ("orgId", ORG_ID) in request.headers  # the header name exactly as documented
    assert request.header("Content-Type") == "application/json"
    assert request.header("Accept") == "application/json"
    assert request.header("User-Agent") == USER_AGENT
    assert request.header_names == {
        "host",
        "accept",
        "accept-encoding",
        "authorization",
        "connection",
        "content-length",
        "content-type",
        "orgid",
        "user-agent",
    }
    assert request.body == b'{"subject":"Printer on fire","dueDate":null}'


@pytest.mark.parametrize(
    ("value", "query"),
    [(True, "disableClosureNotification=true"), (False, "disableClosureNotification=false")],
)
def test_disable_closure_notification_is_a_query_parameter(
    server: ScriptedServer, value: bool, query: str
) -> None:
    server.set_fallback(Reply.json(TICKET))
    desk, _ = make_desk(server)
    desk.tickets.update_ticket(TICKET_ID, status="Closed", disable_closure_notification=value)
    desk.tickets.update_ticket(TICKET_ID, status="Closed")
    first, second = server.requests_to(PATH)
    assert first.query == query
    assert first.body == b'{"status":"Closed"}'  # not a body field
    assert second.query == ""


@pytest.mark.parametrize(
    ("keywords", "expected"),
    [
        ({"subject": "Printer on fire"}, b'{"subject":"Printer on fire"}'),
        ({"due_date": None}, b'{"dueDate":null}'),
        ({"due_date": DUE}, b'{"dueDate":"2016-06-23T12:58:09.211Z"}'),
        ({"due_date": "2016-06-23T12:58:09.211Z"}, b'{"dueDate":"2016-06-23T12:58:09.211Z"}'),
        ({"contact": {"lastName": "Smith"}}, b'{"contact":{"lastName":"Smith"}}'),
        ({"contact": Contact(last_name="Smith")}, b'{"contact":{"lastName":"Smith"}}'),
        ({"cf": {"cf_x": None}}, b'{"cf":{"cf_x":null}}'),
        ({"cf": {"cf_modelname": "F3 2017"}}, b'{"cf":{"cf_modelname":"F3 2017"}}'),
        ({"cf": {"cf_severitypercentage": 12.5}}, b'{"cf":{"cf_severitypercentage":12.5}}'),
        (
            {"assignee_id": None, "entity_skills": ["18921000000379001"]},
            b'{"assigneeId":null,"entitySkills":["18921000000379001"]}',
        ),
        ({"response_due_date": None}, b'{"responseDueDate":null}'),
        ({"sub_category": "Sub General"}, b'{"subCategory":"Sub General"}'),
        ({"subject": "Drucker \u2013 sofort"}, '{"subject":"Drucker \u2013 sofort"}'.encode()),
    ],
    ids=lambda value: "-" if isinstance(value, bytes) else ",".join(value),
)  # fmt: skip
def test_body_bytes(server: ScriptedServer, keywords: dict[str, Any], expected: bytes) -> None:
    """Only the keywords given are sent (omitted: key absent), None as null, values as JSON."""
    server.enqueue(Reply.json(TICKET))
    desk, _ = make_desk(server)
    desk.tickets.update_ticket(TICKET_ID, **keywords)
    assert sent_body(server) == expected


def test_an_integer_custom_field_is_sent_as_an_integer(server: ScriptedServer) -> None:
    server.enqueue(Reply.json(TICKET))
    desk, _ = make_desk(server)
    desk.tickets.update_ticket(TICKET_ID, cf={"cf_numberofitems": 3})
    assert sent_body(server) == b'{"cf":{"cf_numberofitems":3}}'


def test_body_model_mapping_and_keywords_give_the_same_bytes(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json(TICKET))
    desk, _ = make_desk(server)
    desk.tickets.update_ticket(
        TICKET_ID,
        subject="Printer on fire",
        due_date=None,
        contact={"lastName": "Smith"},
        cf={"cf_x": None},
    )
    desk.tickets.update_ticket(
        TICKET_ID,
        body=TicketUpdate(
            subject="Printer on fire",
            due_date=None,
            contact=Contact(last_name="Smith"),
            cf={"cf_x": None},
        ),
    )
    desk.tickets.update_ticket(
        TICKET_ID,
        body={
            "subject": "Printer on fire",
            "dueDate": None,
            "contact": {"lastName": "Smith"},
            "cf": {"cf_x": None},
        },
    )
    bodies = [request.body for request in server.requests_to(PATH)]
    assert (
        bodies
        == [
            b'{"subject":"Printer on fire","contact":{"lastName":"Smith"},"dueDate":null,'
            b'"cf":{"cf_x":null}}'
        ]
        * 3
    )


def test_the_spec_request_examples_are_sent_as_written(server: ScriptedServer) -> None:
    examples = SPEC["paths"]["/api/v1/tickets/{ticket_id}"]["patch"]["requestBody"]["content"][
        "application/json"
    ]["examples"]
    server.set_fallback(Reply.json(TICKET))
    desk, _ = make_desk(server)
    for name, example in examples.items():
        desk.tickets.update_ticket(TICKET_ID, body=example["value"])
        assert json.loads(sent_body(server)) == example["value"], name
        desk.tickets.update_ticket(TICKET_ID, body=TicketUpdate.model_validate(example["value"]))
        assert json.loads(sent_body(server)) == example["value"], name


def test_a_due_date_in_another_timezone_is_sent_in_utc(server: ScriptedServer) -> None:
    """An aware date-time is converted, not refused: Zoho accepts only UTC with `Z`."""
    server.enqueue(Reply.json(TICKET))
    desk, _ = make_desk(server)
    berlin = datetime(2016, 6, 23, 14, 58, 9, 211000, tzinfo=timezone(timedelta(hours=2)))
    desk.tickets.update_ticket(TICKET_ID, due_date=berlin)
    assert sent_body(server) == b'{"dueDate":"2016-06-23T12:58:09.211Z"}'


def test_an_update_without_fields_still_sends_the_required_body(server: ScriptedServer) -> None:
    """The spec requires the body: with no keyword given, `{}` is sent (not no body at all)."""
    assert SPEC["paths"]["/api/v1/tickets/{ticket_id}"]["patch"]["requestBody"]["required"] is True
    server.enqueue(Reply.json(TICKET))
    desk, _ = make_desk(server)
    desk.tickets.update_ticket(TICKET_ID)
    (request,) = server.requests_to(PATH)
    assert request.header("Content-Type") == "application/json"
    assert request.body == b"{}"


def test_keywords_and_body_together_are_a_type_error(server: ScriptedServer) -> None:
    desk, _ = make_desk(server)
    with pytest.raises(TypeError, match=r"body=.*status"):
        desk.tickets.update_ticket(TICKET_ID, body={"subject": "Printer on fire"}, status="Open")
    with pytest.raises(TypeError, match="body="):
        desk.tickets.update_ticket(TICKET_ID, body=TicketUpdate(subject="x"), due_date=None)
    assert server.requests == []


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"subject": None}, "subject"),
        ({"status": None}, "status"),
        ({"department_id": None}, "departmentId"),
        ({"contact_id": None}, "contactId"),
        ({"contact": None}, "contact"),
        ({"uploads": None}, "uploads"),
        ({"cf": None}, "cf"),
        ({"body": {"subject": None}}, "subject"),
        ({"body": {"status": None, "priority": "High"}}, "status"),
    ],
    ids=lambda value: ",".join(value) if isinstance(value, dict) else value,
)
def test_null_for_a_field_that_cannot_be_cleared_is_refused_before_sending(
    server: ScriptedServer, arguments: dict[str, Any], field: str
) -> None:
    desk, _ = make_desk(server)
    with pytest.raises((ValueError, TypeError)) as caught:
        desk.tickets.update_ticket(TICKET_ID, **arguments)
    assert f"{field} cannot be null" in str(caught.value)
    assert server.requests == []


def test_a_body_key_the_spec_does_not_know_is_refused_before_sending(
    server: ScriptedServer,
) -> None:
    desk, _ = make_desk(server)
    with pytest.raises(ValueError, match="subjekt"):
        desk.tickets.update_ticket(TICKET_ID, body={"subjekt": "Printer on fire"})
    assert server.requests == []


def test_a_naive_due_date_is_refused_before_sending(server: ScriptedServer) -> None:
    desk, _ = make_desk(server)
    with pytest.raises(ValueError, match="timezone"):
        desk.tickets.update_ticket(TICKET_ID, due_date=datetime(2016, 6, 23, 12, 58))
    assert server.requests == []


# -- the constructor --------------------------------------------------------------------------


@pytest.mark.parametrize("region", REGIONS)
def test_region_gives_the_base_url(region: str) -> None:
    desk = ZohoDesk(access_token=TOKEN, org_id=ORG_ID, region=region)  # type: ignore[arg-type]
    assert desk.base_url == f"https://desk.zoho.{region}"
    desk.close()


def test_the_default_region_is_com_and_base_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    with ZohoDesk(access_token=TOKEN, org_id=ORG_ID) as desk:
        assert desk.base_url == "https://desk.zoho.com"
    monkeypatch.setenv("ZOHO_DESK_BASE_URL", "https://proxy.example/zoho")
    with ZohoDesk(access_token=TOKEN, org_id=ORG_ID, region="eu") as desk:
        assert desk.base_url == "https://proxy.example/zoho"
    with ZohoDesk(access_token=TOKEN, org_id=ORG_ID, base_url="http://127.0.0.1:1") as desk:
        assert desk.base_url == "http://127.0.0.1:1"


@pytest.mark.parametrize("region", REGIONS)
def test_region_gives_the_api_host_and_the_token_url_without_network(region: str) -> None:
    """Refresh credentials and a region: the token comes from that data centre's accounts server
    (the spec's x-specgen-token-url), the call goes to its Desk host (a mock transport answers)."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "POST":
            return httpx.Response(200, json={"access_token": "1000.fresh", "expires_in": 3600})
        return httpx.Response(200, json=TICKET)

    http_client = httpx.Client(transport=httpx.MockTransport(answer))
    with ZohoDesk(
        refresh_token="1000.refresh",
        client_id="1000.CLIENT",
        client_secret="secret-of-the-client",
        org_id=ORG_ID,
        region=region,  # type: ignore[arg-type]
        http_client=http_client,
    ) as desk:
        desk.tickets.update_ticket(TICKET_ID, subject="Printer on fire")
    token_request, api_request = seen
    assert str(token_request.url) == f"https://accounts.zoho.{region}/oauth/v2/token"
    assert str(api_request.url) == f"https://desk.zoho.{region}{PATH}"
    assert api_request.headers["Authorization"] == "Zoho-oauthtoken 1000.fresh"
    http_client.close()


def test_environment_variables_are_fallbacks(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZOHO_DESK_BASE_URL", server.url)
    monkeypatch.setenv("ZOHO_DESK_ACCESS_TOKEN", "1000.from-env")
    server.set_fallback(Reply.json(TICKET))
    with ZohoDesk(org_id=ORG_ID) as desk:
        desk.tickets.update_ticket(TICKET_ID, subject="a")
    with ZohoDesk(access_token=TOKEN, org_id=ORG_ID) as desk:
        desk.tickets.update_ticket(TICKET_ID, subject="b")
    assert [r.header("Authorization") for r in server.requests_to(PATH)] == [
        "Zoho-oauthtoken 1000.from-env",
        f"Zoho-oauthtoken {TOKEN}",
    ]


def test_oauth_environment_variables_are_fallbacks(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZOHO_DESK_REFRESH_TOKEN", "1000.env-refresh")
    monkeypatch.setenv("ZOHO_DESK_CLIENT_ID", "1000.ENVCLIENT")
    monkeypatch.setenv("ZOHO_DESK_CLIENT_SECRET", "env-client-secret")
    server.enqueue(token_reply("1000.env-fresh"), method="POST", path=TOKEN_PATH)
    server.enqueue(Reply.json(TICKET), method="PATCH", path=PATH)
    desk, _ = make_desk(server, access_token=None, token_url=server.url + TOKEN_PATH)
    desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert server.requests_to(TOKEN_PATH)[0].form() == {
        "grant_type": "refresh_token",
        "refresh_token": "1000.env-refresh",
        "client_id": "1000.ENVCLIENT",
        "client_secret": "env-client-secret",
    }
    assert server.requests_to(PATH)[0].header("Authorization") == "Zoho-oauthtoken 1000.env-fresh"


def test_timeout_max_retries_default_headers_and_an_own_http_client(
    server: ScriptedServer,
) -> None:
    sent: list[httpx.Request] = []
    http_client = httpx.Client(event_hooks={"request": [sent.append]})
    desk = ZohoDesk(
        access_token=TOKEN,
        org_id=ORG_ID,
        base_url=server.url,
        timeout=12.5,
        http_client=http_client,
        default_headers={"X-Team": "support", "Accept-Language": "de"},
    )
    assert desk.timeout == 12.5
    assert desk.max_retries == 2
    server.enqueue(Reply.json(TICKET))
    desk.tickets.update_ticket(TICKET_ID, subject="a")
    request = server.requests[0]
    assert request.header("X-Team") == "support"
    assert request.header("Accept-Language") == "de"
    assert [r.url.path for r in sent] == [PATH]  # it went through the given client
    desk.close()
    assert not http_client.is_closed  # the caller's client: the caller closes it
    http_client.close()


def test_the_context_manager_closes_the_client(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json(TICKET))
    with ZohoDesk(access_token=TOKEN, org_id=ORG_ID, base_url=server.url) as desk:
        desk.tickets.update_ticket(TICKET_ID, subject="a")
    with pytest.raises(RuntimeError, match="closed"):
        desk.tickets.update_ticket(TICKET_ID, subject="b")
    desk.close()  # closing twice is harmless
    assert len(server.requests) == 1


def test_a_token_provider_is_asked_before_each_request(server: ScriptedServer) -> None:
    tokens = iter(["1000.first", "1000.second"])
    server.set_fallback(Reply.json(TICKET))
    desk, _ = make_desk(server, access_token=None, token_provider=lambda: next(tokens))
    desk.tickets.update_ticket(TICKET_ID, subject="a")
    desk.tickets.update_ticket(TICKET_ID, subject="b")
    assert [r.header("Authorization") for r in server.requests] == [
        "Zoho-oauthtoken 1000.first",
        "Zoho-oauthtoken 1000.second",
    ]


def test_without_credentials_nothing_is_sent(server: ScriptedServer) -> None:
    desk, _ = make_desk(server, access_token=None)
    with pytest.raises(errors.MissingCredentialsError, match="access_token"):
        desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert server.requests == []


# -- the response -----------------------------------------------------------------------------


def test_the_seed_response_is_a_ticket_that_round_trips(
    server: ScriptedServer, seed: dict[str, Any]
) -> None:
    server.enqueue(Reply.json(seed))
    desk, _ = make_desk(server)
    ticket = desk.tickets.update_ticket(TICKET_ID, subject="Real Time analysis Requirement")
    assert isinstance(ticket, Ticket)
    assert ticket.model_dump(mode="json", by_alias=True, exclude_unset=True) == seed
    assert ticket.id == TICKET_ID
    assert ticket.due_date == datetime(2016, 6, 23, 12, 58, 9, 211000, tzinfo=UTC)
    assert ticket.entity_skills is not None and len(ticket.entity_skills) == 4
    assert ticket.source is not None and ticket.source.type == "SYSTEM"
    assert ticket.cf is not None and ticket.cf["cf_modelname"] == "F3 2017"
    assert ticket.is_deleted == "false"
    assert ticket.model_extra == {}


def test_unknown_keys_and_picklist_values_are_kept(server: ScriptedServer) -> None:
    body = {
        **TICKET,
        "status": "Waiting on Vendor",
        "statusType": "Escalated",
        "priority": "P0 - Critical",
        "channel": "Carrier Pigeon",
        "classification": "Complaint",
        "layoutId": "1892000000074011",
        "customFields": {"Model Name": "F3 2017"},
        "source": {"type": "TELEPATHY", "appName": None, "mood": "calm"},
    }
    server.enqueue(Reply.json(body))
    desk, _ = make_desk(server)
    ticket = desk.tickets.update_ticket(TICKET_ID, status="Waiting on Vendor")
    assert ticket.status == "Waiting on Vendor"
    assert ticket.status_type == "Escalated"
    assert ticket.priority == "P0 - Critical"
    assert ticket.channel == "Carrier Pigeon"
    assert ticket.classification == "Complaint"
    assert ticket.model_extra == {
        "layoutId": "1892000000074011",
        "customFields": {"Model Name": "F3 2017"},
    }
    assert ticket.source is not None and ticket.source.model_extra == {"mood": "calm"}
    assert ticket.model_dump(mode="json", by_alias=True, exclude_unset=True) == body


def test_a_response_that_contradicts_the_spec_is_reported(server: ScriptedServer) -> None:
    server.enqueue(Reply.json({"subject": "no id"}))
    desk, _ = make_desk(server)
    with pytest.raises(errors.APIResponseValidationError, match="id") as caught:
        desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert caught.value.status_code == 200


# -- errors -----------------------------------------------------------------------------------


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
            error_body(code, message), status=status, headers={"X-Request-Id": f"r-{status}"}
        )
    )
    desk, _ = make_desk(server, max_retries=0)
    with pytest.raises(errors.APIStatusError) as caught:
        desk.tickets.update_ticket(TICKET_ID, subject="a")
    error = caught.value
    assert type(error) is error_class
    assert isinstance(error, errors.APIError)
    assert error.status_code == status
    assert isinstance(error.body, models.Error)
    assert error.body.error_code == code
    assert error.body.message == message
    assert str(error).startswith(f"{status} ")
    assert code in str(error)
    assert message in str(error)
    assert error.request_id == f"r-{status}"
    assert error.response.status_code == status
    assert error.request.method == "PATCH"
    assert len(server.requests) == 1


def test_every_documented_error_status_is_covered() -> None:
    assert sorted(status for status, *_ in ERRORS) == sorted(ERROR_CLASSES)


def test_a_422_carries_the_field_details(server: ScriptedServer) -> None:
    body = {
        "errorCode": "INVALID_DATA",
        "message": "The data is invalid due to validation restrictions",
        "errors": [
            {"fieldName": "/contactId", "errorType": "invalid", "errorMessage": "No contact."},
            {"fieldName": "/departmentId", "errorType": "missing"},
        ],
    }
    server.enqueue(Reply.json(body, status=422))
    desk, _ = make_desk(server)
    with pytest.raises(errors.UnprocessableEntityError) as caught:
        desk.tickets.update_ticket(TICKET_ID, contact_id="1")
    assert isinstance(caught.value.body, models.Error)
    details = caught.value.body.errors
    assert details is not None
    assert [(d.field_name, d.error_type) for d in details] == [
        ("/contactId", "invalid"),
        ("/departmentId", "missing"),
    ]


def test_a_409_raises_conflict_error(server: ScriptedServer) -> None:
    body = error_body("CONFLICT", "The ticket was changed meanwhile.")
    server.enqueue(Reply.json(body, status=409, headers={"request-id": "abc-409"}))
    desk, _ = make_desk(server)
    with pytest.raises(errors.ConflictError) as caught:
        desk.tickets.update_ticket(TICKET_ID, subject="a")
    error = caught.value
    assert error.status_code == 409
    assert error.body == body  # not documented for this operation: the JSON as it came
    assert "409" in str(error) and "CONFLICT" in str(error)
    assert "The ticket was changed meanwhile." in str(error)
    assert error.request_id == "abc-409"
    assert len(server.requests) == 1


def test_an_error_body_that_is_not_json_is_kept_as_text(server: ScriptedServer) -> None:
    server.enqueue(Reply.text("upstream exploded", status=502))
    desk, _ = make_desk(server, max_retries=0)
    with pytest.raises(errors.InternalServerError) as caught:
        desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert caught.value.status_code == 502
    assert caught.value.body == "upstream exploded"
    assert caught.value.request_id is None


# -- retries ----------------------------------------------------------------------------------


def test_429_then_200_is_retried_once(server: ScriptedServer) -> None:
    server.enqueue(
        Reply.json(error_body("TOO_MANY_REQUESTS", "Too many."), status=429), Reply.json(TICKET)
    )
    desk, sleeps = make_desk(server)
    ticket = desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert ticket.id == TICKET_ID
    assert len(server.requests) == 2
    assert server.requests[0].body == server.requests[1].body == b'{"subject":"a"}'
    assert len(sleeps.delays) == 1
    assert_backoff(sleeps.delays)


def test_500_three_times_raises_after_the_default_two_retries(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json(error_body("INTERNAL_SERVER_ERROR", "Oops."), status=500))
    desk, sleeps = make_desk(server)
    with pytest.raises(errors.InternalServerError) as caught:
        desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert caught.value.status_code == 500
    assert isinstance(caught.value.body, models.Error)
    assert len(server.requests) == 3
    assert len(sleeps.delays) == 2
    assert_backoff(sleeps.delays)


def test_max_retries_per_call_and_per_client(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json(error_body("INTERNAL_SERVER_ERROR", "Oops."), status=500))
    desk, sleeps = make_desk(server)
    with pytest.raises(errors.InternalServerError):
        desk.tickets.update_ticket(TICKET_ID, subject="a", max_retries=0)
    assert len(server.requests) == 1
    assert sleeps.delays == []
    desk, sleeps = make_desk(server, max_retries=0)
    with pytest.raises(errors.InternalServerError):
        desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert len(server.requests) == 2
    with pytest.raises(errors.InternalServerError):
        desk.tickets.update_ticket(TICKET_ID, subject="a", max_retries=1)
    assert len(server.requests) == 4
    assert len(sleeps.delays) == 1


def test_errors_that_are_not_worth_retrying_are_not_retried(server: ScriptedServer) -> None:
    server.set_fallback(Reply.json(error_body("INVALID_DATA", "Bad."), status=422))
    desk, sleeps = make_desk(server)
    with pytest.raises(errors.UnprocessableEntityError):
        desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert len(server.requests) == 1
    assert sleeps.delays == []


def test_backoff_is_exponential_with_jitter_and_capped_at_8_seconds(
    server: ScriptedServer,
) -> None:
    server.set_fallback(Reply.json(error_body("INTERNAL_SERVER_ERROR", "Oops."), status=503))
    desk, sleeps = make_desk(server, max_retries=7)
    with pytest.raises(errors.InternalServerError):
        desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert len(server.requests) == 8
    assert len(sleeps.delays) == 7
    assert_backoff(sleeps.delays)  # 0.5, 1, 2, 4, 8, 8, 8, each minus up to 25 %
    assert max(sleeps.delays) <= 8.0
    assert [backoff_bounds(n)[1] for n in range(7)] == [0.5, 1, 2, 4, 8, 8, 8]


def test_retry_after_seconds_is_honoured(server: ScriptedServer) -> None:
    server.enqueue(
        Reply.json(error_body("THRESHOLD_EXCEEDED", "Later."), 429, {"Retry-After": "3"}),
        Reply.json(TICKET),
    )
    desk, sleeps = make_desk(server)
    desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert sleeps.delays == [3.0]
    assert len(server.requests) == 2


def test_retry_after_as_an_http_date_is_honoured(server: ScriptedServer) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    server.enqueue(
        Reply.json(error_body("THRESHOLD_EXCEEDED", "Later."), 429, {"Retry-After": when}),
        Reply.json(TICKET),
    )
    desk, sleeps = make_desk(server)
    desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert len(sleeps.delays) == 1
    assert 27.0 <= sleeps.delays[0] <= 30.0


def test_retry_after_beyond_60_seconds_is_ignored(server: ScriptedServer) -> None:
    server.enqueue(
        Reply.json(error_body("THRESHOLD_EXCEEDED", "Later."), 429, {"Retry-After": "3600"}),
        Reply.json(TICKET),
    )
    desk, sleeps = make_desk(server)
    desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert len(sleeps.delays) == 1
    assert_backoff(sleeps.delays)


def test_connection_refused_raises_api_connection_error() -> None:
    desk = ZohoDesk(access_token=TOKEN, org_id=ORG_ID, base_url=unused_port_url())
    sleeps = SleepRecorder()
    desk._sleep = sleeps
    with pytest.raises(errors.APIConnectionError) as caught:
        desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert not isinstance(caught.value, errors.APITimeoutError)
    assert "updateTicket" in str(caught.value)
    assert len(sleeps.delays) == 2  # retried, like a 5xx
    assert_backoff(sleeps.delays)
    desk.close()


def test_a_slow_server_with_a_small_timeout_raises_api_timeout_error(
    server: ScriptedServer,
) -> None:
    server.set_fallback(Reply(200, {"Content-Type": "application/json"}, b"{}", delay=1.0))
    desk, sleeps = make_desk(server, timeout=0.2, max_retries=1)
    started = time.monotonic()
    with pytest.raises(errors.APITimeoutError):
        desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert time.monotonic() - started < 2.0
    assert len(sleeps.delays) == 1
    assert len(server.requests) == 2


def test_a_per_call_timeout_overrides_the_client(server: ScriptedServer) -> None:
    server.enqueue(Reply(200, {"Content-Type": "application/json"}, b"{}", delay=1.0))
    desk, _ = make_desk(server, timeout=30.0)
    with pytest.raises(errors.APITimeoutError):
        desk.tickets.update_ticket(TICKET_ID, subject="a", timeout=0.2, max_retries=0)


# -- OAuth ------------------------------------------------------------------------------------


def oauth_desk(server: ScriptedServer, **kwargs: Any) -> tuple[ZohoDesk, SleepRecorder]:
    options: dict[str, Any] = {
        "access_token": None,
        "refresh_token": "1000.refresh-SECRET",
        "client_id": "1000.CLIENTID",
        "client_secret": "client-SECRET-42",
        "token_url": server.url + TOKEN_PATH,
    }
    options.update(kwargs)
    return make_desk(server, **options)


def test_the_token_is_refreshed_before_the_first_call(server: ScriptedServer) -> None:
    server.enqueue(token_reply("1000.fresh-1"), method="POST", path=TOKEN_PATH)
    server.enqueue(Reply.json(TICKET), method="PATCH", path=PATH)
    desk, _ = oauth_desk(server)
    ticket = desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert ticket.id == TICKET_ID
    assert [(r.method, r.path) for r in server.requests] == [("POST", TOKEN_PATH), ("PATCH", PATH)]
    token_request = server.requests[0]
    assert token_request.header("Content-Type") == "application/x-www-form-urlencoded"
    assert token_request.form() == {
        "grant_type": "refresh_token",
        "refresh_token": "1000.refresh-SECRET",
        "client_id": "1000.CLIENTID",
        "client_secret": "client-SECRET-42",
    }
    assert token_request.header("Authorization") is None
    assert server.requests[1].header("Authorization") == "Zoho-oauthtoken 1000.fresh-1"
    assert server.requests[1].header("orgId") == ORG_ID


def test_the_token_is_reused_while_it_is_valid(server: ScriptedServer) -> None:
    server.enqueue(token_reply("1000.fresh-1"), method="POST", path=TOKEN_PATH)
    server.set_fallback(Reply.json(TICKET), method="PATCH", path=PATH)
    desk, _ = oauth_desk(server)
    desk.tickets.update_ticket(TICKET_ID, subject="a")
    desk.tickets.update_ticket(TICKET_ID, subject="b")
    assert len(server.requests_to(TOKEN_PATH)) == 1
    assert {r.header("Authorization") for r in server.requests_to(PATH)} == {
        "Zoho-oauthtoken 1000.fresh-1"
    }


def test_a_401_invalid_oauth_refreshes_again_and_the_call_succeeds(
    server: ScriptedServer,
) -> None:
    server.enqueue(
        token_reply("1000.fresh-1"), token_reply("1000.fresh-2"), method="POST", path=TOKEN_PATH
    )
    server.enqueue(
        Reply.json(error_body("INVALID_OAUTH", "The OAuth Token you provided is invalid."), 401),
        Reply.json(TICKET),
        method="PATCH",
        path=PATH,
    )
    desk, sleeps = oauth_desk(server)
    ticket = desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert ticket.id == TICKET_ID
    assert [(r.method, r.path) for r in server.requests] == [
        ("POST", TOKEN_PATH),
        ("PATCH", PATH),
        ("POST", TOKEN_PATH),
        ("PATCH", PATH),
    ]
    assert [r.header("Authorization") for r in server.requests_to(PATH)] == [
        "Zoho-oauthtoken 1000.fresh-1",
        "Zoho-oauthtoken 1000.fresh-2",
    ]
    assert [r.body for r in server.requests_to(PATH)] == [b'{"subject":"a"}'] * 2
    assert sleeps.delays == []


def test_a_given_access_token_is_used_first_and_refreshed_after_a_401(
    server: ScriptedServer,
) -> None:
    server.enqueue(token_reply("1000.fresh-1"), method="POST", path=TOKEN_PATH)
    server.enqueue(
        Reply.json(error_body("INVALID_OAUTH", "Expired."), 401),
        Reply.json(TICKET),
        method="PATCH",
        path=PATH,
    )
    desk, _ = oauth_desk(server, access_token="1000.expired")
    desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert [r.header("Authorization") for r in server.requests_to(PATH)] == [
        "Zoho-oauthtoken 1000.expired",
        "Zoho-oauthtoken 1000.fresh-1",
    ]


def test_a_second_401_after_the_refresh_raises(server: ScriptedServer) -> None:
    server.set_fallback(token_reply("1000.fresh"), method="POST", path=TOKEN_PATH)
    server.set_fallback(
        Reply.json(error_body("INVALID_OAUTH", "Still invalid."), 401), method="PATCH", path=PATH
    )
    desk, _ = oauth_desk(server, access_token="1000.expired")
    with pytest.raises(errors.AuthenticationError, match="INVALID_OAUTH"):
        desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert len(server.requests_to(PATH)) == 2  # refreshed once per call, not in a loop
    assert len(server.requests_to(TOKEN_PATH)) == 1


def test_a_token_about_to_expire_is_refreshed_before_the_call(server: ScriptedServer) -> None:
    server.enqueue(
        token_reply("1000.short", expires_in=30),
        token_reply("1000.long", expires_in=3600),
        method="POST",
        path=TOKEN_PATH,
    )
    server.set_fallback(Reply.json(TICKET), method="PATCH", path=PATH)
    desk, _ = oauth_desk(server)
    for subject in "abc":
        desk.tickets.update_ticket(TICKET_ID, subject=subject)
    assert [r.header("Authorization") for r in server.requests_to(PATH)] == [
        "Zoho-oauthtoken 1000.short",
        "Zoho-oauthtoken 1000.long",  # 30 s left is within the refresh margin
        "Zoho-oauthtoken 1000.long",
    ]
    assert len(server.requests_to(TOKEN_PATH)) == 2


def test_a_refresh_answered_200_with_an_error_raises_token_refresh_error(
    server: ScriptedServer,
) -> None:
    """Zoho's accounts server answers a bad refresh with 200 and `{"error": ...}`."""
    server.enqueue(Reply.json({"error": "invalid_code"}), method="POST", path=TOKEN_PATH)
    desk, _ = oauth_desk(server)
    with pytest.raises(errors.TokenRefreshError, match="invalid_code") as caught:
        desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert "access_token" in str(caught.value)
    assert server.requests_to(PATH) == []


def test_a_failed_refresh_raises_token_refresh_error(server: ScriptedServer) -> None:
    server.enqueue(
        Reply.json({"error": "invalid_code"}, status=400), method="POST", path=TOKEN_PATH
    )
    desk, _ = oauth_desk(server)
    with pytest.raises(errors.TokenRefreshError, match="invalid_code") as caught:
        desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert isinstance(caught.value, errors.AuthenticationError)
    assert server.requests_to(PATH) == []


# -- secrets ----------------------------------------------------------------------------------


def test_secrets_appear_in_no_message_repr_log_or_traceback(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="zoho_desk")
    access, refresh, secret = "1000.access-SECRET", "1000.refresh-SECRET", "client-SECRET-42"
    fresh = ["1000.fresh-SECRET-1", "1000.fresh-SECRET-2"]
    secrets = [access, refresh, secret, *fresh]

    def echo(request: RecordedRequest) -> Reply:
        # A server that repeats what it was sent, credentials included, in its error message.
        text = f"{request.header('Authorization')} {request.body.decode()} {request.query}"
        return Reply.json(error_body("INVALID_OAUTH", f"Refused: {text}"), 401)

    server.enqueue(*(token_reply(token) for token in fresh), method="POST", path=TOKEN_PATH)
    server.set_fallback(echo, method="PATCH", path=PATH)
    desk, _ = oauth_desk(server, access_token=access, refresh_token=refresh, client_secret=secret)
    raised: list[BaseException] = []
    for _ in range(2):  # the second call refreshes again after the 401 of the first
        with pytest.raises(errors.AuthenticationError) as caught:
            desk.tickets.update_ticket(TICKET_ID, subject="a")
        raised.append(caught.value)

    # A token endpoint that echoes the form (refresh token and client secret) in its error.
    server.enqueue(
        lambda r: Reply.json({"error": "invalid_client", "detail": r.body.decode()}, 400),
        method="POST",
        path=TOKEN_PATH,
    )
    other, _ = oauth_desk(server, refresh_token=refresh, client_secret=secret)
    with pytest.raises(errors.TokenRefreshError) as refused:
        other.tickets.update_ticket(TICKET_ID, subject="a")
    raised.append(refused.value)

    server.enqueue(Reply.json(TICKET), method="PATCH", path="/api/v1/tickets/1")
    raw = make_desk(server, access_token=access)[0].tickets.with_raw_response.update_ticket(
        "1", subject="a"
    )

    # The echoing server really did see the credentials, so the checks below mean something.
    bodies = " ".join(str(getattr(error, "body", "")) for error in raised)
    assert all(token in bodies for token in [*fresh, refresh, secret])
    texts = [repr(desk), repr(other), repr(raw), repr(raw.http_response)]
    for error in raised:
        assert isinstance(error, errors.APIStatusError)
        texts += [str(error), repr(error), error.message, repr(error.response)]
        texts += traceback.format_exception(error)
    texts += [record.getMessage() for record in caplog.records]
    texts += [caplog.text]
    found = leaked(texts, secrets)
    assert found == [], "\n".join(f"{s!r} in {t[:300]!r}" for s, t in found)
    assert any("[REDACTED]" in str(error) for error in raised)


def test_a_token_echoed_in_a_response_header_is_not_logged(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.set_fallback(
        lambda r: Reply.json(TICKET, headers={"X-Echo": r.header("Authorization") or ""})
    )
    desk, _ = make_desk(server, access_token="1000.access-SECRET")
    desk.tickets.update_ticket(TICKET_ID, subject="a")
    assert "1000.access-SECRET" not in caplog.text


# -- raw responses and logging ----------------------------------------------------------------


def test_with_raw_response(server: ScriptedServer) -> None:
    server.enqueue(Reply.json(TICKET, headers={"X-Request-Id": "raw-1", "X-Custom": "yes"}))
    desk, _ = make_desk(server)
    raw = desk.tickets.with_raw_response.update_ticket(TICKET_ID, subject="a", due_date=None)
    assert raw.status_code == 200
    assert raw.headers["x-custom"] == "yes"
    assert raw.request_id == "raw-1"
    assert isinstance(raw.http_response, httpx.Response)
    assert raw.http_response.json() == TICKET
    ticket = raw.parse()
    assert isinstance(ticket, Ticket)
    assert ticket.id == TICKET_ID
    assert raw.parse() is ticket
    assert isinstance(raw, zoho_desk.APIResponse)
    assert server.requests[0].body == b'{"subject":"a","dueDate":null}'


def test_with_raw_response_still_raises_for_error_statuses(server: ScriptedServer) -> None:
    server.enqueue(Reply.json(error_body("URL_NOT_FOUND", "Nope."), status=404))
    desk, _ = make_desk(server)
    with pytest.raises(errors.NotFoundError):
        desk.tickets.with_raw_response.update_ticket(TICKET_ID, subject="a")


def test_debug_logging_names_method_url_status_and_retries(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="zoho_desk")
    server.enqueue(
        Reply.json(error_body("INTERNAL_SERVER_ERROR", "Oops."), 500), Reply.json(TICKET)
    )
    desk, _ = make_desk(server)
    desk.tickets.update_ticket(TICKET_ID, subject="a", disable_closure_notification=True)
    records = [r for r in caplog.records if r.name == "zoho_desk"]
    assert records and all(r.levelno == logging.DEBUG for r in records)
    messages = [r.getMessage() for r in records]
    url = f"{server.url}{PATH}?disableClosureNotification=true"
    requests = [m for m in messages if "PATCH" in m and url in m]
    assert len(requests) == 2, messages
    assert any("500" in m and "PATCH" in m for m in messages), messages
    assert any("200" in m and "PATCH" in m for m in messages), messages
    retries = [m for m in messages if m.startswith("Retrying")]
    assert len(retries) == 1, messages
    assert "updateTicket" in retries[0] and "500" in retries[0]


# -- typing -----------------------------------------------------------------------------------

USER_SCRIPT = '''\
"""Uses the public surface of the generated client the way an application would."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any, assert_type

import httpx

from zoho_desk import APIResponse, AsyncAPIResponse, AsyncZohoDesk, ZohoDesk, errors, models
from zoho_desk.models import Contact, Ticket, TicketUpdate


def sync_usage() -> None:
    with ZohoDesk(access_token="1000.abc", org_id="60001234", region="eu") as desk:
        ticket = desk.tickets.update_ticket(
            "1892000001054003", subject="Printer on fire", due_date=None
        )
        assert_type(ticket, Ticket)
        assert_type(ticket.subject, str | None)
        assert_type(ticket.model_extra, dict[str, Any] | None)
        desk.tickets.update_ticket(
            "1892000001054003",
            due_date=datetime(2016, 6, 23, 12, 58, 9, 211000, tzinfo=timezone.utc),
            contact={"lastName": "Smith"},
            cf={"cf_x": None, "cf_y": 12.5, "cf_z": "F3"},
            assignee_id=None,
            entity_skills=["18921000000379001"],
            response_due_date=None,
            disable_closure_notification=True,
            extra_headers={"X-Trace": "1"},
            extra_query={"debug": 1},
            timeout=5.0,
            max_retries=0,
        )
        desk.tickets.update_ticket(
            "1892000001054003",
            body=TicketUpdate(subject="x", due_date=None, contact=Contact(last_name="Smith")),
        )
        desk.tickets.update_ticket("1892000001054003", body={"subject": "x", "dueDate": None})
        raw = desk.tickets.with_raw_response.update_ticket("1892000001054003", subject="x")
        assert_type(raw, APIResponse[Ticket])
        assert_type(raw.status_code, int)
        assert_type(raw.headers, httpx.Headers)
        assert_type(raw.http_response, httpx.Response)
        assert_type(raw.parse(), Ticket)
        base_url: str = desk.base_url
        print(base_url, desk.max_retries, desk.timeout)


def constructor_usage(http_client: httpx.Client) -> ZohoDesk:
    desk = ZohoDesk(
        refresh_token="1000.r",
        client_id="1000.c",
        client_secret="s",
        token_url="https://accounts.zoho.eu/oauth/v2/token",
        org_id="60001234",
        region="com.au",
        timeout=httpx.Timeout(10.0),
        max_retries=5,
        http_client=http_client,
        default_headers={"X-Team": "support"},
    )
    desk.close()
    return ZohoDesk(
        token_provider=lambda: "1000.abc",
        org_id="60001234",
        base_url="http://127.0.0.1:8080",
        timeout=None,
    )


def error_usage(desk: ZohoDesk) -> str:
    try:
        desk.tickets.update_ticket("1892000001054003", status="Closed")
    except errors.RateLimitError as error:
        return f"retry later: {error.status_code} {error.request_id}"
    except (errors.BadRequestError, errors.UnprocessableEntityError) as error:
        assert_type(error.body, object)
        if isinstance(error.body, models.Error):
            assert_type(error.body.error_code, str)
            details: list[models.ErrorDetail] | None = error.body.errors
            return f"{error.body.error_code}: {error.body.message} {details}"
        return str(error)
    except (
        errors.AuthenticationError,
        errors.PermissionDeniedError,
        errors.NotFoundError,
        errors.ConflictError,
        errors.InternalServerError,
    ) as error:
        response: httpx.Response = error.response
        return f"{error.status_code} {response.reason_phrase} {error.message}"
    except errors.APIStatusError as error:
        status: int = error.status_code
        return str(status)
    except errors.APITimeoutError as error:
        request: httpx.Request = error.request
        return f"timeout {request.url}"
    except errors.APIConnectionError as error:
        return error.message
    except errors.APIError as error:
        return error.message
    return "ok"


async def async_usage() -> Ticket:
    async def provide() -> str:
        return "1000.abc"

    async with AsyncZohoDesk(token_provider=provide, org_id="60001234", region="in") as desk:
        ticket = await desk.tickets.update_ticket(
            "1892000001054003", subject="Printer on fire", due_date=None
        )
        assert_type(ticket, Ticket)
        raw = await desk.tickets.with_raw_response.update_ticket(
            "1892000001054003", body=TicketUpdate(status="Open")
        )
        assert_type(raw, AsyncAPIResponse[Ticket])
        assert_type(raw.parse(), Ticket)
    client = AsyncZohoDesk(
        access_token="1000.abc",
        org_id="60001234",
        http_client=httpx.AsyncClient(),
        max_retries=0,
    )
    await client.close()
    return ticket


if __name__ == "__main__":
    sync_usage()
    asyncio.run(async_usage())
'''

NEGATIVE_SCRIPT = """\
from zoho_desk import AsyncZohoDesk, ZohoDesk


def clear_subject(desk: ZohoDesk) -> None:
    desk.tickets.update_ticket("1", subject=None)


def clear_status(desk: ZohoDesk) -> None:
    desk.tickets.update_ticket("1", status=None)


async def clear_department(desk: AsyncZohoDesk) -> None:
    await desk.tickets.update_ticket("1", department_id=None)


def wrong_region() -> ZohoDesk:
    return ZohoDesk(access_token="x", org_id="1", region="mars")


def no_org() -> ZohoDesk:
    return ZohoDesk(access_token="x")
"""


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


def test_a_user_script_passes_mypy_strict(tmp_path: Path, mypy_cache: Path) -> None:
    result = run_mypy(USER_SCRIPT, tmp_path, mypypath=GENERATED, cache_dir=mypy_cache)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_refuses_none_for_fields_that_cannot_be_cleared(
    tmp_path: Path, mypy_cache: Path
) -> None:
    result = run_mypy(NEGATIVE_SCRIPT, tmp_path, mypypath=GENERATED, cache_dir=mypy_cache)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert all(line.startswith("user_script.py:") for line in lines), result.stdout
    failing = {int(line.split(":")[1]) for line in lines}
    assert failing == {5, 9, 13, 17, 21}, result.stdout
    assert 'Argument "subject" to "update_ticket"' in result.stdout
    assert 'Argument "status" to "update_ticket"' in result.stdout
    assert 'Argument "department_id" to "update_ticket"' in result.stdout
