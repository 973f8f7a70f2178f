"""Responses, sync and async: lenient parsing, error codes, Retry-After beyond the cap."""

from __future__ import annotations

import datetime as dt
import email.utils
import enum
import logging
from typing import Annotated, Literal

import pydantic
import pytest
from pydantic import Field

from specgen.runtime import errors
from specgen.runtime._base_client import Endpoint
from specgen.runtime._models import ResponseModel
from tests.runtime.calls import MODES, PACKAGE, call, make_client
from tests.support.server import Reply, ScriptedServer

pytestmark = pytest.mark.parametrize("mode", MODES)


class Source(ResponseModel):
    channel: str


class Ticket(ResponseModel):
    id: str
    is_deleted: str | None = Field(default=None, alias="isDeleted")
    thread_count: str | None = Field(default=None, alias="threadCount", pattern="^[0-9]+$")
    source: Source | None = None
    tags: list[Source] = Field(default_factory=list)


class ErrorBody(ResponseModel):
    error_code: str = Field(alias="errorCode")
    message: str


GET = Endpoint("GET", "/tickets/1", "getTicket", responses={"200": Ticket, "default": ErrorBody})
LIST = Endpoint("GET", "/tickets", "listTickets", responses={"200": list[Ticket]})
ODD = {
    "id": "1",
    "isDeleted": False,
    "threadCount": 1,
    "source": {"channel": 7, "mood": "calm"},
    "tags": [{"channel": "EMAIL"}, {"channel": None}],
    "accountId": "9",
}


def test_unexpected_types_are_kept_as_given_and_logged(
    server: ScriptedServer, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    server.enqueue(Reply.json(ODD))
    client, _ = make_client(mode, server)
    with caplog.at_level(logging.DEBUG, logger=PACKAGE):
        ticket = call(client, GET)
    assert isinstance(ticket, Ticket)
    assert (ticket.id, ticket.is_deleted, ticket.thread_count) == ("1", False, 1)
    assert isinstance(ticket.source, Source)
    assert (ticket.source.channel, ticket.source.model_extra) == (7, {"mood": "calm"})
    assert [tag.channel for tag in ticket.tags] == ["EMAIL", None]
    assert ticket.accountId == "9"
    (record,) = [r for r in caplog.records if "Lenient parsing" in r.getMessage()]
    assert record.name == PACKAGE and record.levelno == logging.DEBUG
    assert "getTicket: the 200 response does not match the spec (4 errors" in record.getMessage()


class Alert(ResponseModel):
    state: AlertState  # a class defined further down, as models.py orders them
    reason: Literal["spam"] | None = None


class AlertState(enum.StrEnum):
    OPEN = "open"


ALERTS = Endpoint("GET", "/alerts", "listAlerts", responses={"200": list[Alert]})


def test_a_field_of_a_class_defined_later_is_parsed_leniently(
    server: ScriptedServer, mode: str
) -> None:
    """GitHub's `CodeScanningAlertItems.state` names an enum defined below it. When another
    field does not match (`dismissed_reason: null`), lenient parsing reads field by field; the
    forward-referenced type is resolved, not a `PydanticUserError`."""
    server.enqueue(Reply.json([{"state": "open", "reason": None}, {"state": "open", "reason": 1}]))
    client, _ = make_client(mode, server)
    first, second = call(client, ALERTS)
    assert (first.state, second.state, second.reason) == (AlertState.OPEN, AlertState.OPEN, 1)


def test_a_list_of_models_is_parsed_item_by_item(server: ScriptedServer, mode: str) -> None:
    server.enqueue(Reply.json([{"id": "1"}, {"id": 2}]))
    client, _ = make_client(mode, server)
    first, second = call(client, LIST)
    assert (first.id, second.id) == ("1", 2)


def test_strict_response_validation_raises(server: ScriptedServer, mode: str) -> None:
    server.enqueue(Reply.json(ODD), Reply.json(ODD), Reply.json(ODD))
    client, _ = make_client(mode, server, strict_response_validation=True)
    with pytest.raises(errors.APIResponseValidationError, match="4 errors"):
        call(client, GET)
    assert isinstance(call(client.with_options(strict_response_validation=False), GET), Ticket)
    lenient, _ = make_client(mode, server)
    with pytest.raises(errors.APIResponseValidationError):
        call(lenient.with_options(strict_response_validation=True), GET)


def test_a_body_that_is_not_json_is_refused_even_when_lenient(
    server: ScriptedServer, mode: str
) -> None:
    server.enqueue(Reply(200, {"Content-Type": "application/json"}, b"{not json"))
    client, _ = make_client(mode, server)
    with pytest.raises(errors.APIResponseValidationError):
        call(client, GET)


@pytest.mark.parametrize(
    ("body", "prop", "code"),
    [
        ({"errorCode": "INVALID_DATA", "message": "m"}, "errorCode", "INVALID_DATA"),
        ({"code": 1040, "errorCode": "X", "message": "m"}, None, "1040"),
        ({"errorCode": "X", "message": "m"}, None, "X"),
        ({"error": {"code": "nested"}}, None, "nested"),
        ({"status": "E17", "message": "m"}, "status", "E17"),
        ({"message": "no code"}, None, None),
    ],
)
def test_api_status_error_code(
    server: ScriptedServer, mode: str, body: dict[str, object], prop: str | None, code: str | None
) -> None:
    server.enqueue(Reply.json(body, status=422))
    client, _ = make_client(mode, server, error_code_property=prop)
    with pytest.raises(errors.UnprocessableEntityError) as caught:
        call(client, GET)
    assert caught.value.code == code
    assert str(caught.value).startswith("422 Unprocessable Entity" + (f": {code}" if code else ""))


def test_retry_after_beyond_the_cap_raises_at_once(server: ScriptedServer, mode: str) -> None:
    server.enqueue(Reply.json({"errorCode": "LIMIT", "message": "m"}, 429, {"Retry-After": "3600"}))
    client, delays = make_client(mode, server, max_retries=2)
    with pytest.raises(errors.RateLimitError) as caught:
        call(client, GET)
    assert caught.value.retry_after == 3600.0
    assert delays.delays == []
    assert len(server.requests) == 1


def test_retry_after_as_an_http_date_is_given_in_seconds(server: ScriptedServer, mode: str) -> None:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    header = email.utils.format_datetime(when, usegmt=True)
    server.enqueue(Reply.json({}, 429, {"Retry-After": header}))
    client, delays = make_client(mode, server)
    with pytest.raises(errors.RateLimitError) as caught:
        call(client, GET)
    assert caught.value.retry_after is not None
    assert 7190 <= caught.value.retry_after <= 7200
    assert delays.delays == []


def test_retry_after_within_the_cap_is_waited_and_reported(
    server: ScriptedServer, mode: str
) -> None:
    server.set_fallback(Reply.json({}, 429, {"Retry-After": "2"}))
    client, delays = make_client(mode, server, max_retries=1)
    with pytest.raises(errors.RateLimitError) as caught:
        call(client, GET)
    assert delays.delays == [2.0]
    assert caught.value.retry_after == 2.0
    server.set_fallback(Reply.json({}, 429))
    with pytest.raises(errors.RateLimitError) as caught:
        call(client, GET, options=None)
    assert caught.value.retry_after is None


class Cat(ResponseModel):
    kind: Literal["cat"]
    lives: int


class Dog(ResponseModel):
    kind: Literal["dog"]
    bark: str


class Pet(pydantic.RootModel[Annotated[Cat | Dog, Field(discriminator="kind")]]):
    pass


def test_a_one_of_body_keeps_the_member_it_matches_best(server: ScriptedServer, mode: str) -> None:
    server.enqueue(
        Reply.json({"kind": "dog", "bark": 3}), Reply.json([{"kind": "cat", "lives": "many"}])
    )
    client, _ = make_client(mode, server)
    pet = call(client, Endpoint("GET", "/pet", "getPet", responses={"200": Pet}))
    assert isinstance(pet, Pet) and isinstance(pet.root, Dog)
    assert pet.root.bark == 3
    (cat,) = call(client, Endpoint("GET", "/pets", "listPets", responses={"200": list[Cat | Dog]}))
    assert isinstance(cat, Cat) and cat.lives == "many"
