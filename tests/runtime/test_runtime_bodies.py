"""Request bodies on the wire, sync and async: extra_body, files, no coercion, refusals."""

from __future__ import annotations

import enum
import io
import re
import warnings
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Annotated, ClassVar, Literal
from urllib.parse import parse_qsl

import pydantic
import pytest
from pydantic import Field

from specgen.runtime import errors
from specgen.runtime._base_client import Endpoint
from specgen.runtime._models import RequestModel, ResponseModel
from specgen.runtime._types import NOT_GIVEN, FileTypes
from specgen.runtime._utils import build_body
from tests.runtime.calls import MODES, call, make_client
from tests.support.server import RecordedRequest, Reply, ScriptedServer

pytestmark = pytest.mark.parametrize("mode", MODES)


class Colour(enum.StrEnum):
    RED = "red"


class Contact(RequestModel):
    __non_nullable__ = frozenset({"lastName"})

    last_name: str = Field(alias="lastName", max_length=5)
    email: str | None = None


class TicketUpdate(RequestModel):
    __non_nullable__ = frozenset({"subject"})
    __min_properties__: ClassVar[int] = 1
    __read_only__: ClassVar[frozenset[str]] = frozenset({"id"})

    id: str | None = None
    subject: str | None = None
    department_id: str | None = Field(default=None, alias="departmentId")
    contact: Contact | None = None
    cf: dict[str, str | float | None] | None = None
    count: int | str | None = None
    web_url: str | None = Field(default=None, alias="webUrl", json_schema_extra={"readOnly": True})


class Optional(RequestModel):
    note: str | None = None


class Ticket(ResponseModel):
    id: str


class Upload(RequestModel):
    file: bytes
    name: str | None = None
    colour: Colour | None = None
    public: bool | None = None
    tags: list[str] | None = None
    attachments: list[bytes] | None = None


def endpoint(content_type: str = "application/json") -> Endpoint:
    return Endpoint(
        "PATCH",
        "/tickets/{ticketId}",
        "updateTicket",
        responses={"200": Ticket},
        content_type=content_type,
    )


def send(
    server: ScriptedServer, mode: str, body: object, content_type: str = "application/json"
) -> RecordedRequest:
    server.enqueue(Reply.json({"id": "1"}))
    client, _ = make_client(mode, server)
    call(client, endpoint(content_type), body=body, path_params={"ticketId": "1"})
    return server.requests[-1]


def refused(server: ScriptedServer, mode: str, body: object) -> errors.RequestValidationError:
    client, _ = make_client(mode, server)
    before = len(server.requests)
    with pytest.raises(errors.RequestValidationError) as caught:
        call(client, endpoint(), body=body, path_params={"ticketId": "1"})
    assert len(server.requests) == before  # nothing sent
    return caught.value


def parts(request: RecordedRequest) -> list[tuple[str, str | None, str | None, bytes]]:
    """(name, filename, content type, content) of each part of a multipart request."""
    content_type = request.header("Content-Type") or ""
    assert content_type.startswith("multipart/form-data; boundary=")
    raw = b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.body
    message = BytesParser(policy=HTTP).parsebytes(raw)
    found = []
    for part in message.iter_parts():
        content = part.get_payload(decode=True)
        assert isinstance(content, bytes)
        found.append(
            (
                part.get_param("name", header="content-disposition"),
                part.get_filename(),
                part.get("Content-Type"),
                content,
            )
        )
    return found


# -- extra_body and unknown keys ---------------------------------------------------------------


def test_extra_body_is_merged_after_validation(server: ScriptedServer, mode: str) -> None:
    body = build_body(
        TicketUpdate, NOT_GIVEN, {"subject": "Hi"}, extra_body={"accountId": "9", "layoutId": 4}
    )
    request = send(server, mode, body)
    assert request.json() == {"subject": "Hi", "accountId": "9", "layoutId": 4}


def test_extra_body_alone_is_a_body_and_is_not_validated(server: ScriptedServer, mode: str) -> None:
    body = build_body(TicketUpdate, NOT_GIVEN, {"subject": NOT_GIVEN}, extra_body={"subject": 5})
    assert send(server, mode, body).json() == {"subject": 5}


def test_undeclared_response_keys_are_readable(server: ScriptedServer, mode: str) -> None:
    server.enqueue(Reply.json({"id": "1", "accountId": "9"}))
    client, _ = make_client(mode, server)
    ticket = call(client, endpoint(), body={"a": 1}, path_params={"ticketId": "1"})
    assert ticket.model_extra == {"accountId": "9"}
    assert ticket.accountId == "9"


# -- the caller's values, not pydantic's conversions -------------------------------------------


def test_true_stays_true_in_a_string_number_null_map(server: ScriptedServer, mode: str) -> None:
    fields = {"cf": {"cf_flag": True, "cf_n": 1, "cf_s": "x", "cf_z": None}, "count": True}
    request = send(server, mode, build_body(TicketUpdate, NOT_GIVEN, fields))
    assert request.body == b'{"cf":{"cf_flag":true,"cf_n":1,"cf_s":"x","cf_z":null},"count":true}'


def test_read_only_properties_are_never_sent(server: ScriptedServer, mode: str) -> None:
    body = build_body(TicketUpdate, {"id": "7", "subject": "s", "webUrl": "http://x"}, {})
    assert send(server, mode, body).json() == {"subject": "s"}


# -- refusals ----------------------------------------------------------------------------------


def test_every_problem_is_listed_with_keyword_and_json_field(
    server: ScriptedServer, mode: str
) -> None:
    fields = {"subject": None, "departmentId": 5, "contact": {"lastName": "toolong"}}
    error = refused(server, mode, build_body(TicketUpdate, NOT_GIVEN, fields))
    assert isinstance(error, errors.APIError) and isinstance(error, ValueError)
    assert not isinstance(error, pydantic.ValidationError)
    assert [(p.keyword, p.field) for p in error.problems] == [
        ("subject", "subject"),
        ("department_id", "departmentId"),
        ("contact", "contact.lastName"),
    ]
    message = str(error)
    assert message.startswith("updateTicket: not sent, 3 problems: subject: subject cannot be null")
    assert "department_id (departmentId): Input should be a valid string" in message
    assert "contact (contact.lastName): String should have at most 5 characters" in message
    assert error.request.method == "PATCH"
    assert error.request.url.path == "/tickets/1"


def test_a_required_body_with_no_fields_is_refused(server: ScriptedServer, mode: str) -> None:
    for body in (
        build_body(TicketUpdate, NOT_GIVEN, {"subject": NOT_GIVEN}, required=True),
        build_body(TicketUpdate, {}, {}),
        build_body(TicketUpdate, {"id": "1"}, {}),  # read-only: nothing left to send
    ):
        error = refused(server, mode, body)
        assert "the request body has no fields" in str(error)


def test_a_required_body_that_admits_an_empty_object_sends_one(
    server: ScriptedServer, mode: str
) -> None:
    body = build_body(Optional, NOT_GIVEN, {"note": NOT_GIVEN}, required=True)
    request = send(server, mode, body)
    assert request.body == b"{}"
    assert request.header("Content-Type") == "application/json"


def test_body_none_sends_null_where_the_schema_admits_null(
    server: ScriptedServer, mode: str
) -> None:
    """GitHub's `PUT .../lock` body is `{type: object, nullable: true, ...}`: `body=None` (which
    the signature offers) is the JSON `null` the spec allows; where the schema does not admit
    null it is refused, as before."""
    request = send(server, mode, build_body(Optional, None, {"note": NOT_GIVEN}, nullable=True))
    assert request.body == b"null"
    error = refused(server, mode, build_body(Optional, None, {"note": NOT_GIVEN}))
    assert "body must be a Optional or a mapping, not NoneType" in str(error)


def test_a_missing_path_parameter_and_a_bad_body_are_refused_together(
    server: ScriptedServer, mode: str
) -> None:
    client, _ = make_client(mode, server)
    body = build_body(TicketUpdate, NOT_GIVEN, {"subject": 3})
    with pytest.raises(errors.RequestValidationError) as caught:
        call(client, endpoint(), body=body, path_params={})
    assert [p.field for p in caught.value.problems] == ["ticketId", "subject"]
    assert isinstance(caught.value, TypeError)  # what refusals raised before


def test_a_nested_required_property_is_named_by_its_path(server: ScriptedServer, mode: str) -> None:
    error = refused(server, mode, build_body(TicketUpdate, {"contact": {"email": "a@b"}}, {}))
    (problem,) = error.problems
    assert (problem.keyword, problem.field, problem.message) == (
        "contact",
        "contact.lastName",
        "Field required",
    )


class Meal(RequestModel):
    __min_properties__: ClassVar[int] = 2
    __read_only__: ClassVar[frozenset[str]] = frozenset({"id"})

    id: str | None = None
    food: str | None = None
    grams: int | None = None


class Plan(RequestModel):
    meals: list[Meal] | None = None
    by_day: dict[str, Meal] | None = Field(default=None, alias="byDay")


def test_nested_min_properties_are_checked_at_every_depth(
    server: ScriptedServer, mode: str
) -> None:
    """Counted as sent: a read-only key is never sent, so it does not make up the number."""
    full = {"food": "fish", "grams": 80}
    body = {"meals": [full, {"food": "fish", "id": "9"}], "byDay": {"mon": {}, "tue": full}}
    error = refused(server, mode, build_body(Plan, body, {}))
    assert [(p.keyword, p.field) for p in error.problems] == [
        ("meals", "meals[1]"),
        ("by_day", "byDay.mon"),
    ]
    assert error.problems[0].message == "Meal needs at least 2 properties (minProperties), got 1"
    client, _ = make_client(mode, server)
    server.enqueue(Reply.json({"id": "1"}))
    call(
        client,
        endpoint(),
        body=build_body(Plan, {"meals": [full]}, {}),
        path_params={"ticketId": "1"},
    )
    assert server.requests[0].json() == {"meals": [full]}


# -- multipart and form bodies -----------------------------------------------------------------


PNG = b"\x89PNG\r\n\x1a\n\x00\xff"


def test_binary_bytes_go_as_a_file_part_with_a_filename(server: ScriptedServer, mode: str) -> None:
    fields = {
        "file": PNG,
        "name": "logo",
        "colour": Colour.RED,
        "public": False,
        "tags": ["a", "b"],
    }
    request = send(server, mode, build_body(Upload, NOT_GIVEN, fields), "multipart/form-data")
    assert parts(request) == [
        ("file", "file", "application/octet-stream", PNG),
        ("name", None, None, b"logo"),
        ("colour", None, None, b"red"),
        ("public", None, None, b"false"),
        ("tags", None, None, b"a"),
        ("tags", None, None, b"b"),
    ]


def test_file_objects_paths_and_tuples_are_file_parts(
    server: ScriptedServer, mode: str, tmp_path: Path
) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7")
    with path.open("rb") as opened:
        for value, expected in [
            (path, ("file", "report.pdf", "application/pdf", b"%PDF-1.7")),
            (opened, ("file", "report.pdf", "application/pdf", b"%PDF-1.7")),
            (io.BytesIO(PNG), ("file", "file", "application/octet-stream", PNG)),
            (("logo.png", PNG), ("file", "logo.png", "image/png", PNG)),
            (("x.bin", io.BytesIO(PNG), "image/x-icon"), ("file", "x.bin", "image/x-icon", PNG)),
        ]:
            file: FileTypes = value
            request = send(
                server, mode, build_body(Upload, NOT_GIVEN, {"file": file}), "multipart/form-data"
            )
            assert parts(request) == [expected]


def test_a_list_of_files_is_one_part_each(server: ScriptedServer, mode: str) -> None:
    fields = {"file": b"a", "attachments": [("1.txt", b"one"), b"two"]}
    request = send(server, mode, build_body(Upload, NOT_GIVEN, fields), "multipart/form-data")
    assert [(name, filename) for name, filename, _, _ in parts(request)] == [
        ("file", "file"),
        ("attachments", "1.txt"),
        ("attachments", "attachments"),
    ]


def test_a_file_that_is_not_a_file_is_refused(server: ScriptedServer, mode: str) -> None:
    error = refused(server, mode, build_body(Upload, NOT_GIVEN, {"file": 5}))
    assert [p.keyword for p in error.problems] == ["file"]


def test_a_form_body_sends_bytes_and_booleans_as_the_spec_says(
    server: ScriptedServer, mode: str
) -> None:
    body = build_body(None, NOT_GIVEN, {"data": PNG, "ok": True, "colour": Colour.RED})
    request = send(server, mode, body, "application/x-www-form-urlencoded")
    assert request.body == b"data=%89PNG%0D%0A%1A%0A%00%FF&ok=true&colour=red"


def test_form_fields_are_spelled_as_their_encoding_says(server: ScriptedServer, mode: str) -> None:
    form = Endpoint(
        "POST",
        "/customers",
        "postCustomers",
        responses={"200": Ticket},
        content_type="application/x-www-form-urlencoded",
        form_styles={
            "address": ("deepObject", True),
            "expand": ("deepObject", True),
            "items": ("deepObject", True),
            "tax_ids": ("form", False),
        },
    )
    body = {
        "address": {"city": "Paris", "line2": None},
        "expand": ["sources"],
        "items": [{"price": "p_1", "quantity": 2, "flags": {"trial": True}}],
        "tax_ids": ["a", "b"],
        "shipping": "",
        "metadata": {"k": "v"},
    }
    server.enqueue(Reply.json({"id": "1"}))
    client, _ = make_client(mode, server)
    call(client, form, body=build_body(None, NOT_GIVEN, body))
    assert parse_qsl(server.requests[-1].body.decode(), keep_blank_values=True) == [
        ("address[city]", "Paris"),
        ("expand[0]", "sources"),
        ("items[0][price]", "p_1"),
        ("items[0][quantity]", "2"),
        ("items[0][flags][trial]", "true"),
        ("tax_ids", "a,b"),
        ("shipping", ""),
        ("metadata", '{"k":"v"}'),  # no encoding: an object as JSON, as before
    ]


def test_a_json_body_with_binary_data_is_refused_not_a_unicode_error(
    server: ScriptedServer, mode: str
) -> None:
    client, _ = make_client(mode, server)
    with pytest.raises(
        errors.RequestValidationError, match="binary data cannot be sent in a JSON body"
    ):
        call(client, endpoint(), body={"data": PNG}, path_params={"ticketId": "1"})
    assert server.requests == []


def test_the_raw_multipart_body_has_no_python_reprs(server: ScriptedServer, mode: str) -> None:
    request = send(
        server,
        mode,
        build_body(Upload, NOT_GIVEN, {"file": b"foo", "public": True}),
        "multipart/form-data",
    )
    assert b"b'foo'" not in request.body and b"True" not in request.body
    assert re.search(rb'name="public"\r\n\r\ntrue\r\n', request.body)


class Renamed(RequestModel):
    model_config = pydantic.ConfigDict(json_schema_extra={"minProperties": 2})

    a: str | None = None
    b: str | None = None


def test_min_properties_may_come_from_the_json_schema_extra(
    server: ScriptedServer, mode: str
) -> None:
    error = refused(server, mode, build_body(Renamed, {"a": "1"}, {}))
    assert "the spec requires at least 2" in str(error)
    assert send(server, mode, build_body(Renamed, {"a": "1", "b": "2"}, {})).json() == {
        "a": "1",
        "b": "2",
    }
    extra = build_body(Renamed, {"a": "1"}, {}, extra_body={"c": 3})  # extra keys count
    assert send(server, mode, extra).json() == {"a": "1", "c": 3}


# -- oneOf bodies (root models) ----------------------------------------------------------------


class Cat(RequestModel):
    __read_only__: ClassVar[frozenset[str]] = frozenset({"id"})

    kind: Literal["cat"]
    lives: int
    id: str | None = None


class Dog(RequestModel):
    kind: Literal["dog"]
    bark: str


class Pet(pydantic.RootModel[Annotated[Cat | Dog, Field(discriminator="kind")]]):
    pass


def test_a_one_of_body_is_validated_against_its_member(server: ScriptedServer, mode: str) -> None:
    sent = send(server, mode, build_body(Pet, {"kind": "cat", "lives": 9, "id": "1"}, {}))
    assert sent.json() == {"kind": "cat", "lives": 9}  # id is read-only in Cat
    error = refused(server, mode, build_body(Pet, {"kind": "dog", "bark": 5}, {}))
    assert [str(problem) for problem in error.problems] == [
        "body (bark): as dog: Input should be a valid string"
    ]
    error = refused(server, mode, build_body(Pet, {"kind": "cow"}, {}))
    assert "does not match any of the expected tags: 'cat', 'dog'" in str(error)


def test_a_deprecated_field_is_sent_without_a_warning_from_the_runtime(
    server: ScriptedServer, mode: str
) -> None:
    """DigitalOcean and Adyen mark fields deprecated (`Field(deprecated=True)`), and pydantic
    warns on attribute access: the runtime reads the values it sends without that, so a warning
    never points at the client's own modules."""

    class Inner(RequestModel):
        size: Annotated[int | None, Field(deprecated=True)] = None

    class Droplet(RequestModel):
        __min_properties__: ClassVar[int] = 1
        name: Annotated[str | None, Field(deprecated=True)] = None
        inner: Inner | None = None

    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        body = build_body(Droplet, NOT_GIVEN, {"name": "web-1", "inner": {"size": 2}})
        from_model = build_body(Droplet, Droplet(name="web-2"), {})
    assert send(server, mode, body).json() == {"name": "web-1", "inner": {"size": 2}}
    assert send(server, mode, from_model).json() == {"name": "web-2"}
