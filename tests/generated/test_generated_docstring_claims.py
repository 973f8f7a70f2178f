"""What the generated methods' docstrings promise, claim by claim, against a real server.

The docstrings of `update_ticket` (sync, async and `with_raw_response`), of the models and of the
package README make behavioural claims ("Accepts None (sent as null)", "not validated", "Overrides
the client's timeout", ...). The texts are read from the generated code here, so a claim whose
wording changes fails `test_every_generic_claim_is_one_this_file_knows` until its test is looked
at again; each claim is then exercised, sync and async, against the recording server on
127.0.0.1. Claims proven elsewhere are listed in CLAIMS_PROVEN_ELSEWHERE with their test.
"""

from __future__ import annotations

import asyncio
import inspect
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.support.generated import (
    GENERATED,
    AsyncSleepRecorder,
    SleepRecorder,
    models_source,
    run_mypy,
    use_directory,
)
from tests.support.server import Reply, ScriptedServer

use_directory(GENERATED)

from zoho_desk import AsyncZohoDesk, ZohoDesk, errors  # noqa: E402
from zoho_desk.models import Error, Ticket  # noqa: E402
from zoho_desk.resources.tickets import (  # noqa: E402
    AsyncTicketsResource,
    AsyncTicketsResourceWithRawResponse,
    TicketsResource,
    TicketsResourceWithRawResponse,
)

TICKET_ID = "1892000001054003"
PATH = f"/api/v1/tickets/{TICKET_ID}"
TICKET = {"id": TICKET_ID, "subject": "Printer on fire", "status": "Open"}
MODES = ("sync", "async")
README = (GENERATED / "zoho_desk" / "README.md").read_text(encoding="utf-8")

# The claims every method with a body makes through the template, each with the test (in this
# file unless a path is given) that proves it for the sync and the async client.
GENERIC_CLAIMS = {
    "extra_headers": ("Headers to add to this request.", "test_extra_headers_are_sent"),
    "extra_query": (
        "Query parameters to add to this request.",
        "test_extra_query_is_sent_with_the_method_s_query_parameters",
    ),
    "extra_body": (
        "Keys to send in the body on top of the validated ones, as they are (not validated; a "
        "key also in the body takes this value): the way to send properties the spec does not "
        "list.",
        "test_extra_body_is_sent_unvalidated_and_wins_over_a_body_key",
    ),
    "body": (
        "The whole request body (TicketUpdate), instead of the field keywords; validated like "
        "them.",
        "test_body_is_validated_like_the_keywords_and_not_combined_with_them",
    ),
    "timeout": (
        "Overrides the client's timeout for this request.",
        "test_a_per_call_timeout_overrides_the_client_s",
    ),
    "max_retries": (
        "Overrides the client's max_retries for this request.",
        "test_a_per_call_max_retries_overrides_the_client_s",
    ),
}
RETURNS = "Ticket, parsed from the response."
RAISES = {
    "errors.APIStatusError": "a non-2xx status (a subclass per status), with `.body` parsed.",
    "errors.APIConnectionError": "the request could not be sent, after retries.",
    "errors.RequestValidationError": "the arguments do not match the spec; nothing was sent.",
}
CLAIMS_PROVEN_ELSEWHERE = {
    "Returns: Ticket, parsed from the response": (
        "test_generated_zoho.py::test_the_seed_response_is_a_ticket_that_round_trips, "
        "test_generated_zoho_async.py::test_the_seed_response_round_trips"
    ),
    "Raises errors.APIStatusError, a subclass per status, .body parsed": (
        "test_generated_zoho.py::test_each_documented_error_status_raises_its_class, "
        "test_generated_zoho_async.py::test_each_documented_error_status_raises_its_class"
    ),
    "Raises errors.APIConnectionError after retries": (
        "test_generated_zoho.py::test_connection_refused_raises_api_connection_error "
        "(2 retries recorded); test_generated_zoho_async.py::same name"
    ),
    "`PATCH /api/v1/tickets/{ticket_id}`": "test_generated_zoho*.py::test_the_exact_request",
    "with_raw_response: .parse() gives the Ticket": (
        "test_generated_zoho.py::test_with_raw_response, "
        "test_generated_zoho_async.py::test_with_raw_response"
    ),
}


def doc_of(function: Callable[..., Any]) -> str:
    return inspect.getdoc(function) or ""


def args_of(doc: str) -> dict[str, str]:
    """The `Args:` entries of a Google-style docstring, each entry's lines joined."""
    section = re.search(r"^Args:\n(.*?)(?=^\S|\Z)", doc, re.M | re.S)
    assert section, doc
    entries: dict[str, str] = {}
    for match in re.finditer(r"^    (\w+): (.*?)(?=^    \w+: |\Z)", section.group(1), re.M | re.S):
        entries[match.group(1)] = " ".join(match.group(2).split())
    return entries


UPDATE_DOCS = [doc_of(TicketsResource.update_ticket), doc_of(AsyncTicketsResource.update_ticket)]
FIELD_DOCS = args_of(UPDATE_DOCS[0])


def client_options(server: ScriptedServer, **kwargs: Any) -> dict[str, Any]:
    return {"access_token": "1000.abc", "org_id": "60001234", "base_url": server.url} | kwargs


def update(
    mode: str, server: ScriptedServer, client: dict[str, Any] | None = None, **kw: Any
) -> Any:
    """`update_ticket(TICKET_ID, **kw)` with a client of `mode` (retry waits recorded, not
    waited for); the parsed result."""
    options = client_options(server, **(client or {}))
    if mode == "sync":
        with ZohoDesk(**options) as desk:
            desk._sleep = SleepRecorder()
            return desk.tickets.update_ticket(TICKET_ID, **kw)

    async def main() -> Any:
        async with AsyncZohoDesk(**options) as desk:
            desk._sleep = AsyncSleepRecorder()
            return await desk.tickets.update_ticket(TICKET_ID, **kw)

    return asyncio.run(main())


def sent(server: ScriptedServer) -> list[Any]:
    return [request.json() for request in server.requests_to(PATH)]


# -- the texts ------------------------------------------------------------------------------------


def test_every_generic_claim_is_one_this_file_knows() -> None:
    for doc in UPDATE_DOCS:
        entries = args_of(doc)
        for keyword, (text, test) in GENERIC_CLAIMS.items():
            assert entries[keyword] == text, f"{keyword}: the claim changed; see {test}"
            assert test in globals(), test
        assert re.search(r"^Returns:\n    (.*)$", doc, re.M)[1] == RETURNS  # type: ignore[index]
        for name, text in RAISES.items():
            assert f"    {name}: {text}" in doc
    # The raw-response variants document what they return, and take the same keywords.
    for raw, plain in (
        (TicketsResourceWithRawResponse, TicketsResource),
        (AsyncTicketsResourceWithRawResponse, AsyncTicketsResource),
    ):
        assert ".parse()` gives the Ticket" in doc_of(raw.update_ticket).replace("\n", " ")
        raw_parameters = inspect.signature(raw.update_ticket).parameters
        assert list(raw_parameters) == list(inspect.signature(plain.update_ticket).parameters)
    # Every body keyword is a field this file checks one by one.
    keywords = set(inspect.signature(TicketsResource.update_ticket).parameters) - {"self"}
    path_and_query = {"ticket_id", "disable_closure_notification"}
    assert set(BODY_FIELDS) == keywords - set(GENERIC_CLAIMS) - path_and_query


def test_docstrings_carry_no_notes_for_spec_readers() -> None:
    """Notes about the document itself stay in the spec's YAML comments."""
    texts = [*UPDATE_DOCS, models_source(GENERATED / "zoho_desk"), README]
    texts.append((GENERATED / "zoho_desk" / "params.py").read_text(encoding="utf-8"))
    for phrase in ("this document", "vendor page", "seed", "Zoho's own", "OpenAPI file"):
        for text in texts:
            assert phrase not in text, phrase


# -- extra_headers, extra_query, extra_body, body= -----------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_extra_headers_are_sent(server: ScriptedServer, mode: str) -> None:
    server.set_fallback(Reply.json(TICKET))
    update(mode, server, subject="x", extra_headers={"X-Trace": "t-1"})
    assert server.requests[0].header("X-Trace") == "t-1"
    assert server.requests[0].header("orgId") == "60001234"  # added to, not replacing


@pytest.mark.parametrize("mode", MODES)
def test_extra_query_is_sent_with_the_method_s_query_parameters(
    server: ScriptedServer, mode: str
) -> None:
    """Also `disable_closure_notification`'s claim: a boolean query parameter, `true`."""
    server.set_fallback(Reply.json(TICKET))
    update(mode, server, subject="x", disable_closure_notification=True, extra_query={"debug": 1})
    assert server.requests[0].query_params == [
        ("disableClosureNotification", "true"),
        ("debug", "1"),
    ]


@pytest.mark.parametrize("mode", MODES)
def test_extra_body_is_sent_unvalidated_and_wins_over_a_body_key(
    server: ScriptedServer, mode: str
) -> None:
    server.set_fallback(Reply.json(TICKET))
    # A key the spec does not list; a value the schema refuses (subject: at most 1000
    # characters, not null) goes out as given; the same key as a keyword is replaced.
    update(mode, server, subject="x", extra_body={"accountId": "7", "subject": "y" * 1001})
    update(mode, server, subject="x", extra_body={"subject": None})
    update(mode, server, extra_body={"layoutId": "9"})  # counts as a field (minProperties)
    assert sent(server) == [
        {"subject": "y" * 1001, "accountId": "7"},
        {"subject": None},
        {"layoutId": "9"},
    ]
    with pytest.raises(errors.RequestValidationError):
        update(mode, server, subject="y" * 1001)  # the same value as a keyword: validated
    assert len(server.requests) == 3


@pytest.mark.parametrize("mode", MODES)
def test_body_is_validated_like_the_keywords_and_not_combined_with_them(
    server: ScriptedServer, mode: str
) -> None:
    server.set_fallback(Reply.json(TICKET))
    refused = []
    for arguments in (
        {"subject": None},
        {"body": {"subject": None}},
        {"subject": "y" * 1001},
        {"body": {"subject": "y" * 1001}},
        {"body": {"subject": "x"}, "status": "Open"},
    ):
        with pytest.raises(errors.RequestValidationError) as caught:
            update(mode, server, **arguments)
        refused.append(caught.value)
    assert server.requests == []  # "nothing was sent"
    assert "subject" in str(refused[0]) and "subject" in str(refused[1])
    assert "either body= or the body keywords" in str(refused[4])
    update(mode, server, body={"subject": "x", "dueDate": None})
    update(mode, server, subject="x", due_date=None)
    assert sent(server) == [{"subject": "x", "dueDate": None}] * 2


# -- timeout= and max_retries= per call ----------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_a_per_call_timeout_overrides_the_client_s(server: ScriptedServer, mode: str) -> None:
    server.set_fallback(Reply(200, {"Content-Type": "application/json"}, b"{}", delay=1.0))
    with pytest.raises(errors.APITimeoutError):
        update(mode, server, {"timeout": 30.0}, subject="a", timeout=0.2, max_retries=0)
    assert len(server.requests) == 1


@pytest.mark.parametrize("mode", MODES)
def test_a_per_call_max_retries_overrides_the_client_s(server: ScriptedServer, mode: str) -> None:
    server.set_fallback(Reply.json({"errorCode": "INTERNAL_SERVER_ERROR", "message": "x"}, 500))
    with pytest.raises(errors.InternalServerError):
        update(mode, server, {"max_retries": 0}, subject="a", max_retries=1)
    assert len(server.requests) == 2
    with pytest.raises(errors.InternalServerError):
        update(mode, server, {"max_retries": 3}, subject="a", max_retries=0)
    assert len(server.requests) == 3


# -- each field: "Accepts None (sent as null)", or not ------------------------------------------

BODY_FIELDS = [
    name
    for name in FIELD_DOCS
    if name not in GENERIC_CLAIMS and name not in ("ticket_id", "disable_closure_notification")
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("field", BODY_FIELDS)
def test_none_is_sent_as_null_exactly_where_the_docstring_says_so(
    server: ScriptedServer, mode: str, field: str
) -> None:
    server.set_fallback(Reply.json(TICKET))
    if FIELD_DOCS[field].endswith("Accepts None (sent as null)."):
        update(mode, server, **{field: None})
        ((_key, value),) = sent(server)[0].items()
        assert value is None
    else:
        with pytest.raises(errors.RequestValidationError, match=field):
            update(mode, server, **{field: None})
        assert server.requests == []


def test_the_fields_said_not_to_be_clearable_are_the_refused_ones() -> None:
    """The spec's own wording ("Cannot be cleared", "Not nullable", "not nullable") matches the
    fields whose docstring does not say "Accepts None"."""
    for field in BODY_FIELDS:
        text = FIELD_DOCS[field]
        says_not = re.search(r"[Cc]annot be cleared|[Nn]ot nullable|not cleared", text)
        if says_not:
            assert not text.endswith("Accepts None (sent as null)."), field


# -- the documented limits and formats of single fields ------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_the_ticket_id_must_be_a_string_of_digits(server: ScriptedServer, mode: str) -> None:
    assert "a string of digits" in FIELD_DOCS["ticket_id"]
    options = client_options(server)
    with pytest.raises(errors.RequestValidationError, match="ticket_id"):
        if mode == "sync":
            with ZohoDesk(**options) as desk:
                desk.tickets.update_ticket("18920-x", subject="a")
        else:

            async def main() -> None:
                async with AsyncZohoDesk(**options) as desk:
                    await desk.tickets.update_ticket("18920-x", subject="a")

            asyncio.run(main())
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("field", "stated", "at_limit", "beyond"),
    [
        ("entity_skills", "(at most 10)", ["1"] * 10, ["1"] * 11),
        ("secondary_contacts", "(at most 20)", ["1"] * 20, ["1"] * 21),
        ("cf", "(at most 255 characters)", {"cf_a": "x" * 255}, {"cf_a": "x" * 256}),
        ("contact", "Either `lastName` or `email`", {"email": "a@b.c"}, {"firstName": "A"}),
    ],
)
def test_a_stated_limit_is_the_limit(
    server: ScriptedServer, mode: str, field: str, stated: str, at_limit: Any, beyond: Any
) -> None:
    assert stated in FIELD_DOCS[field]
    server.set_fallback(Reply.json(TICKET))
    update(mode, server, **{field: at_limit})
    assert sent(server) == [{re.sub(r"_(\w)", lambda m: m[1].upper(), field): at_limit}]
    with pytest.raises(errors.RequestValidationError, match=field):
        update(mode, server, **{field: beyond})
    assert len(server.requests) == 1


@pytest.mark.parametrize("mode", MODES)
def test_the_due_date_is_sent_in_utc_with_a_z_and_milliseconds(
    server: ScriptedServer, mode: str
) -> None:
    assert "a literal `Z` and at most three fractional digits" in FIELD_DOCS["due_date"]
    assert "another offset is converted to that form" in FIELD_DOCS["due_date"]
    server.set_fallback(Reply.json(TICKET))
    plus_two = timezone(timedelta(hours=2))
    update(mode, server, due_date=datetime(2016, 6, 23, 14, 58, 9, 211987, tzinfo=plus_two))
    update(mode, server, due_date="2016-06-23T14:58:09.211+02:00")
    update(mode, server, due_date="2016-06-23T12:58:09Z")
    assert sent(server) == [
        {"dueDate": "2016-06-23T12:58:09.211Z"},
        {"dueDate": "2016-06-23T12:58:09.211Z"},
        {"dueDate": "2016-06-23T12:58:09.000Z"},
    ]
    with pytest.raises(errors.RequestValidationError, match="due_date"):
        update(mode, server, due_date=datetime(2016, 6, 23, 12, 58))  # no offset: ambiguous
    assert len(server.requests) == 3


@pytest.mark.parametrize("mode", MODES)
def test_the_response_due_date_can_only_be_cleared(server: ScriptedServer, mode: str) -> None:
    assert "it can only be cleared (`null`)" in FIELD_DOCS["response_due_date"]
    server.set_fallback(Reply.json(TICKET))
    with pytest.raises(errors.RequestValidationError, match="response_due_date"):
        update(mode, server, response_due_date="2016-06-23T12:58:09.211Z")
    assert server.requests == []
    update(mode, server, response_due_date=None)
    assert sent(server) == [{"responseDueDate": None}]


# -- the models' docstrings ------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_unknown_keys_and_values_of_another_type_are_kept(
    server: ScriptedServer, mode: str
) -> None:
    """Ticket: "both are kept (an unknown key is read from `model_extra`)"; isDeleted: "a
    boolean is kept as it came"."""
    assert "both are kept (an unknown key is read from `model_extra`)" in " ".join(
        (Ticket.__doc__ or "").split()
    )
    server.set_fallback(Reply.json({**TICKET, "isDeleted": False, "layoutId": "9"}))
    ticket = update(mode, server, subject="x")
    assert ticket.is_deleted is False
    assert ticket.model_extra == {"layoutId": "9"}


@pytest.mark.parametrize("mode", MODES)
def test_an_error_body_keeps_the_keys_its_model_does_not_declare(
    server: ScriptedServer, mode: str
) -> None:
    assert "Other keys may appear (so unknown keys are allowed)" in (Error.__doc__ or "")
    body = {"errorCode": "LICENSE_ACCESS_LIMITED", "message": "No.", "maxAllowedEntity": 5}
    server.set_fallback(Reply.json(body, status=403))
    with pytest.raises(errors.PermissionDeniedError) as caught:
        update(mode, server, subject="x")
    assert isinstance(caught.value.body, Error)
    assert caught.value.body.model_extra == {"maxAllowedEntity": 5}
    assert caught.value.code == "LICENSE_ACCESS_LIMITED"


# -- the package README --------------------------------------------------------------------------


def test_the_readme_usage_example_runs_as_written(server: ScriptedServer) -> None:
    """The README's example call is one the client sends (sync); with `await`, the async one."""
    block = re.search(r"^## Usage\n\n```python\n(.*?)```", README, re.M | re.S)
    assert block, "the README has no usage example"
    code = block.group(1)
    # The example's placeholders for credentials, and the local server instead of Zoho's.
    code = code.replace('org_id="..."', 'org_id="60001234"').replace(
        'region="eu",', f"region='eu', base_url={server.url!r},"
    )
    server.set_fallback(Reply.json(TICKET))
    namespace: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert isinstance(namespace["result"], Ticket)
    assert "Async: `async with AsyncZohoDesk(...) as client:` and `await` each call." in README
    call = re.search(r"result = client\.tickets\.update_ticket\((.*?)\n    \)", code, re.S)
    assert call
    async_code = (
        "async def main():\n"
        f"    async with AsyncZohoDesk(access_token='...', org_id='60001234',"
        f" base_url={server.url!r}) as client:\n"
        f"        return await client.tickets.update_ticket({' '.join(call[1].split())})\n"
    )
    namespace["AsyncZohoDesk"] = AsyncZohoDesk
    exec(compile(async_code, "README.md", "exec"), namespace)
    assert isinstance(asyncio.run(namespace["main"]()), Ticket)
    assert len(sent(server)) == 2 and sent(server)[0] == sent(server)[1]


def test_the_readme_says_where_its_contract_tests_are() -> None:
    assert "`pytest tests` (beside this package)" in README
    assert (GENERATED / "tests" / "test_request_contract.py").is_file()


# -- the README's typing limit: True where a number is asked for -----------------------------------

BOOL_FOR_A_NUMBER = """\
from zoho_desk import ZohoDesk

with ZohoDesk(access_token="t", org_id="1") as desk:
    desk.tickets.update_ticket("1", cf={"cf_flag": True})
"""


def test_true_for_a_number_passes_mypy_and_is_sent_as_true(
    server: ScriptedServer, tmp_path: Path
) -> None:
    typing = re.search(r"^## Typing\n(.*?)(?=^## )", README, re.M | re.S)
    assert typing, "the README has no typing section"
    stated = " ".join(typing.group(1).split())
    assert "`True` passes where the spec wants a number" in stated
    assert "it is sent as JSON `true`, as given" in stated
    result = run_mypy(BOOL_FOR_A_NUMBER, tmp_path, mypypath=GENERATED, cache_dir=tmp_path / "c")
    assert result.returncode == 0, result.stdout + result.stderr  # mypy cannot refuse it
    server.set_fallback(Reply.json(TICKET))
    for mode in MODES:
        update(mode, server, cf={"cf_flag": True, "cf_count": 1, "cf_ratio": 0.5})
    assert [request.body for request in server.requests_to(PATH)] == [
        b'{"cf":{"cf_flag":true,"cf_count":1,"cf_ratio":0.5}}'
    ] * 2
