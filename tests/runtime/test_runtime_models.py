"""The runtime's types and model helpers: NOT_GIVEN, DateTime, model bases, open enums, bodies."""

from __future__ import annotations

import copy
import datetime as dt
import enum
import pickle

import pydantic
import pytest
from pydantic import Field

from specgen.runtime._models import RequestModel, ResponseModel, SpecModel, open_enum_missing
from specgen.runtime._types import NOT_GIVEN, DateTime, NotGiven, format_datetime
from specgen.runtime._utils import build_body, param_str, query_items, scrub

# -- NOT_GIVEN -----------------------------------------------------------------------------


def test_not_given_is_a_falsy_singleton() -> None:
    assert not NOT_GIVEN
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert NotGiven() is NOT_GIVEN
    assert copy.deepcopy(NOT_GIVEN) is NOT_GIVEN
    assert pickle.loads(pickle.dumps(NOT_GIVEN)) is NOT_GIVEN


# -- DateTime ------------------------------------------------------------------------------


class Event(SpecModel):
    at: DateTime
    until: DateTime | None = None


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (dt.datetime(2016, 6, 23, 12, 58, 9, 211000, dt.UTC), "2016-06-23T12:58:09.211Z"),
        (dt.datetime(2016, 6, 23, 12, 58, 9, 211999, dt.UTC), "2016-06-23T12:58:09.211Z"),
        (dt.datetime(2016, 6, 23, 12, 58, 9, tzinfo=dt.UTC), "2016-06-23T12:58:09.000Z"),
        ("2016-06-23T12:58:09.211+00:00", "2016-06-23T12:58:09.211Z"),
        ("2016-06-23T12:58:09Z", "2016-06-23T12:58:09.000Z"),
        (
            dt.datetime(2016, 6, 23, 14, 58, 9, 5000, dt.timezone(dt.timedelta(hours=2))),
            "2016-06-23T12:58:09.005Z",  # the same instant, in UTC: Zoho accepts only Z
        ),
        ("2016-06-23T07:28:09.211-05:30", "2016-06-23T12:58:09.211Z"),
    ],
)
def test_datetime_serialises_as_rfc3339_with_milliseconds(value: object, wire: str) -> None:
    event = Event.model_validate({"at": value})
    assert event.model_dump(mode="json")["at"] == wire
    assert event.model_dump_json() == f'{{"at":"{wire}","until":null}}'
    assert isinstance(event.model_dump()["at"], dt.datetime)  # python mode keeps the datetime


@pytest.mark.parametrize("value", [dt.datetime(2016, 6, 23, 12, 58), "2016-06-23T12:58:09"])
def test_datetime_refuses_naive_values_clearly(value: object) -> None:
    with pytest.raises(pydantic.ValidationError, match="a date-time needs a timezone"):
        Event.model_validate({"at": value})


def test_datetime_refuses_garbage() -> None:
    with pytest.raises(pydantic.ValidationError):
        Event.model_validate({"at": "yesterday"})


def test_format_datetime_directly() -> None:
    assert format_datetime(dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)) == (
        "2024-01-02T03:04:05.000Z"
    )
    assert format_datetime(dt.datetime(2024, 1, 2, 3, 4, 5)) == "2024-01-02T03:04:05.000"


# -- model bases ---------------------------------------------------------------------------


class TicketUpdate(RequestModel):
    __non_nullable__ = frozenset({"subject", "assigneeId"})

    subject: str | None = None
    assignee_id: str | None = Field(default=None, alias="assigneeId")
    description: str | None = None


class Ticket(ResponseModel):
    id: str
    assignee_id: str | None = Field(default=None, alias="assigneeId")


@pytest.mark.parametrize(
    ("data", "name"),
    [
        ({"subject": None}, "subject"),
        ({"assigneeId": None}, "assigneeId"),
        ({"assignee_id": None}, "assigneeId"),
    ],
)
def test_request_models_refuse_null_for_non_nullable_fields(
    data: dict[str, object], name: str
) -> None:
    with pytest.raises(ValueError) as caught:
        TicketUpdate.model_validate(data)
    assert (
        f"{name} cannot be null: the spec does not allow null for TicketUpdate.{name} "
        "(leave it out to keep it unchanged)"
    ) in str(caught.value)


def test_request_models_accept_values_and_null_where_allowed() -> None:
    update = TicketUpdate(assignee_id="7", description=None)
    assert update.model_dump(mode="json", by_alias=True, exclude_unset=True) == {
        "assigneeId": "7",
        "description": None,
    }
    with pytest.raises(ValueError, match="subject cannot be null"):
        TicketUpdate(subject=None)


def test_models_fill_by_name_or_alias_and_keep_unknown_keys() -> None:
    ticket = Ticket.model_validate({"id": "1", "assigneeId": "a", "cf": {"x": 1}})
    assert ticket.assignee_id == "a"
    assert ticket.model_extra == {"cf": {"x": 1}}
    assert Ticket(id="1", assignee_id="b").assignee_id == "b"
    assert ticket.model_dump(by_alias=True) == {"id": "1", "assigneeId": "a", "cf": {"x": 1}}


# -- open enums ----------------------------------------------------------------------------


class Status(enum.StrEnum):
    OPEN = "Open"
    ON_HOLD = "On Hold"

    @classmethod
    def _missing_(cls, value: object) -> Status | None:
        return open_enum_missing(cls, value)


class Priority(enum.IntEnum):
    LOW = 1
    HIGH = 3

    @classmethod
    def _missing_(cls, value: object) -> Priority | None:
        return open_enum_missing(cls, value)


class Channel(enum.Enum):
    EMAIL = "email"

    @classmethod
    def _missing_(cls, value: object) -> Channel | None:
        return open_enum_missing(cls, value)


class Item(ResponseModel):
    status: Status
    priority: Priority | None = None


def test_unknown_enum_values_become_pseudo_members() -> None:
    escalated = Status("Escalated / Tier-2")
    assert escalated.value == "Escalated / Tier-2"
    assert escalated.name == "ESCALATED_TIER_2"
    assert isinstance(escalated, Status)
    assert escalated == "Escalated / Tier-2"
    assert Status("Escalated / Tier-2") is escalated
    assert list(Status) == [Status.OPEN, Status.ON_HOLD]
    assert Status("Open") is Status.OPEN
    assert Priority(2).value == 2
    assert Priority(2).name == "_2"
    assert Channel("sms").name == "SMS"
    assert Status("---").name == "UNKNOWN"


def test_enum_values_of_the_wrong_type_are_still_refused() -> None:
    with pytest.raises(ValueError):
        Status(5)
    with pytest.raises(ValueError):
        Priority("x")
    with pytest.raises(ValueError):
        Priority(2.5)


def test_open_enums_inside_models() -> None:
    item = Item.model_validate_json('{"status": "Brand New", "priority": 9}')
    assert item.status.value == "Brand New"
    assert item.priority == 9
    assert item.model_dump_json() == '{"status":"Brand New","priority":9}'
    assert Item.model_validate({"status": "On Hold"}).status is Status.ON_HOLD


# -- build_body ----------------------------------------------------------------------------


def test_build_body_from_keywords_sends_only_what_was_given() -> None:
    fields = {"subject": "Hi", "assigneeId": NOT_GIVEN, "description": None}
    assert build_body(TicketUpdate, NOT_GIVEN, fields) == {"subject": "Hi", "description": None}
    assert build_body(TicketUpdate, NOT_GIVEN, {"subject": NOT_GIVEN}) is NOT_GIVEN


def test_build_body_from_a_mapping_or_a_model() -> None:
    assert build_body(TicketUpdate, {"assignee_id": "1"}, {}) == {"assigneeId": "1"}
    assert build_body(TicketUpdate, TicketUpdate(subject="s"), {"subject": NOT_GIVEN}) == {
        "subject": "s"
    }
    assert build_body(TicketUpdate, Ticket(id="1", assignee_id="9"), {}) == {
        "id": "1",
        "assigneeId": "9",
    }


def test_build_body_validates_before_sending() -> None:
    with pytest.raises(ValueError, match="subject cannot be null"):
        build_body(TicketUpdate, NOT_GIVEN, {"subject": None})
    with pytest.raises(pydantic.ValidationError):
        build_body(TicketUpdate, {"subject": 5}, {})


def test_build_body_refuses_body_and_keywords_together() -> None:
    with pytest.raises(TypeError) as caught:
        build_body(TicketUpdate, {"subject": "a"}, {"subject": "b", "assigneeId": "c"})
    assert str(caught.value) == (
        "pass either body= or the body keywords, not both (got body= and assigneeId, subject)"
    )
    with pytest.raises(TypeError, match="body must be a TicketUpdate or a mapping, not int"):
        build_body(TicketUpdate, 5, {})


def test_build_body_without_a_model_passes_values_through() -> None:
    when = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    body = [TicketUpdate(subject="a"), {"at": when, "status": Status.OPEN}, 3]
    assert build_body(None, body, {}) == [
        {"subject": "a"},
        {"at": "2020-01-01T00:00:00.000Z", "status": "Open"},
        3,
    ]
    assert build_body(None, "text", {}) == "text"
    assert build_body(None, None, {}) is None
    assert build_body(None, NOT_GIVEN, {"a": 1, "b": NOT_GIVEN}) == {"a": 1}
    assert build_body(None, NOT_GIVEN, {}) is NOT_GIVEN


# -- parameter values ----------------------------------------------------------------------


def test_parameter_values() -> None:
    when = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    assert param_str(True) == "true"
    assert param_str(Status.ON_HOLD) == "On Hold"
    assert param_str(when) == "2024-05-06T07:08:09.000Z"
    assert param_str(dt.date(2024, 5, 6)) == "2024-05-06"
    assert param_str(["a", 1, False]) == "a,1,false"
    assert query_items("ids", [1, None, 2]) == [("ids", "1"), ("ids", "2")]
    assert query_items("f", {"a": 1, "b": None}) == [("a", "1")]
    assert query_items("x", None) == []
    assert query_items("x", NOT_GIVEN) == []


def test_scrub_hides_secrets_and_their_encodings() -> None:
    text = "a s3 cr/t b s3%20cr%2Ft c s3+cr%2Ft"
    assert scrub(text, ["s3 cr/t", ""]) == "a [REDACTED] b [REDACTED] c [REDACTED]"
