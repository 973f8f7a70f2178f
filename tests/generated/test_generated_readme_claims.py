"""The generated package README says what the package does: its stated facts are read from the
README and checked against the package (a default, a class hierarchy, a status mapping), so the
text and the code cannot drift apart. The behaviour behind each fact is tested where it lives
(test_generated_zoho.py, tests/runtime/test_runtime_retries.py).
"""

from __future__ import annotations

import re

import pytest

from tests.support.generated import GENERATED, use_directory
from tests.support.server import Reply, ScriptedServer

use_directory(GENERATED)

import zoho_desk  # noqa: E402
from zoho_desk import ZohoDesk, _retries, errors  # noqa: E402
from zoho_desk.resources.tickets import _UPDATE_TICKET  # noqa: E402

README = (GENERATED / "zoho_desk" / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"the README has no section {title!r}"
    return match.group(1)


ERRORS = _section("Errors and retries")


def _number(pattern: str, text: str = README) -> float:
    match = re.search(pattern, text)
    assert match, f"the README no longer says {pattern!r}"
    return float(match.group(1))


def test_the_stated_client_defaults_are_the_defaults() -> None:
    client = ZohoDesk(access_token="t", org_id="1")
    assert client.timeout == _number(r"`timeout=` \(seconds, default (\d+(?:\.\d+)?)\)")
    assert client.max_retries == _number(r"`max_retries=` \(default (\d+)\)")


def test_the_stated_backoff_and_retry_after_limits_are_the_runtime_s() -> None:
    match = re.search(r"\((\d+(?:\.\d+)?) s doubling to (\d+(?:\.\d+)?) s\)", ERRORS)
    assert match, "the README no longer states the backoff"
    assert float(match.group(1)) == _retries.INITIAL_RETRY_DELAY
    assert float(match.group(2)) == _retries.MAX_RETRY_DELAY
    assert _number(r"`Retry-After` up to (\d+) s", ERRORS) == _retries.MAX_RETRY_AFTER


def test_every_error_named_is_an_api_error_exported_at_the_top_level() -> None:
    named = sorted(set(re.findall(r"`(\w+Error)`", ERRORS)))
    assert len(named) >= 10, named
    for name in named:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.APIError), name
        assert getattr(zoho_desk, name) is cls, name


@pytest.mark.parametrize(
    ("sub", "base"),
    [
        ("APITimeoutError", "APIConnectionError"),  # "and its subclass `APITimeoutError`"
        ("TokenRefreshError", "AuthenticationError"),  # "(an `AuthenticationError`)"
    ],
)
def test_the_stated_subclasses(sub: str, base: str) -> None:
    assert f"`{sub}`" in ERRORS and f"`{base}`" in ERRORS
    assert issubclass(getattr(errors, sub), getattr(errors, base))


def test_request_validation_error_is_a_value_error_as_stated() -> None:
    assert "`errors.RequestValidationError`, a `ValueError`" in README
    assert issubclass(errors.RequestValidationError, ValueError)


def test_each_stated_status_maps_to_its_class() -> None:
    stated = re.findall(r"`(\w+Error)` \((\d{3}|5xx)\)", ERRORS)
    assert len(stated) == 8, stated
    for name, status in stated:
        codes = (500, 502, 503, 599) if status == "5xx" else (int(status),)
        for code in codes:
            assert errors.error_class_for_status(code) is getattr(errors, name), (name, code)
            assert issubclass(getattr(errors, name), errors.APIStatusError)


def test_without_token_url_tokens_come_from_the_base_url_host(server: ScriptedServer) -> None:
    """The constructor's docstring: "With a `base_url` on another host and no `token_url`,
    tokens are requested from the `base_url`'s host (same path)" (never the real Zoho host)."""
    token_path = "/oauth/v2/token"  # the path of the spec's token URL
    server.enqueue(
        Reply.json({"access_token": "1000.local", "expires_in": 3600}),
        method="POST",
        path=token_path,
    )
    server.enqueue(Reply.json({"id": "1"}), method="PATCH", path="/api/v1/tickets/1")
    with ZohoDesk(
        refresh_token="1000.r", client_id="c", client_secret="s", org_id="1", base_url=server.url
    ) as client:
        client.tickets.update_ticket("1", subject="a")
    token_request, call = server.requests
    assert (token_request.method, token_request.path) == ("POST", token_path)
    assert token_request.form()["refresh_token"] == "1000.r"
    assert call.header("Authorization") == "Zoho-oauthtoken 1000.local"


def test_the_methods_stated_idempotent_are_the_runtime_s_and_update_ticket_is_one() -> None:
    match = re.search(r"never do the work of a call twice\. (.*?) are\s+idempotent", ERRORS, re.S)
    assert match, "the README no longer says which methods are retried as idempotent"
    stated = set(re.split(r",\s*|\s+and\s+", match.group(1)))
    assert stated == set(_retries.IDEMPOTENT_METHODS)
    assert "So is `update_ticket`: the spec says that a repeat has the" in ERRORS
    assert _UPDATE_TICKET.method not in _retries.IDEMPOTENT_METHODS
    assert _UPDATE_TICKET.idempotent is True
    assert _UPDATE_TICKET.replayable
