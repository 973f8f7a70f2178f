# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/testing/live.py, the same for every API.
# SPDX-License-Identifier: MIT
"""Live mode: real responses of a running server conform to the spec (`--live-url URL`).

One call per operation (its first request example, parameters at their values) goes to the
server; the request and the real response are validated with openapi-core, and the client must
return or raise what the spec documents for the status it got.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from . import validation
from .api import Api, Example, Operation, conforming
from .calls import (
    Call,
    body_schema,
    body_value,
    client_parameter_values,
    parameter_call,
    skip,
    with_body,
)
from .client import Outcome, fail, method_of
from .responses import error_class_name, error_problems, parsed_problems
from .server import RecordedRequest
from .spec import is_json
from .values import NO_BODY, NoValue

__all__ = ["LiveSettings", "check_live_case", "live_cases"]


@dataclass(frozen=True)
class LiveSettings:
    """Live mode (`--live-url`): the server to test, and how to authenticate there."""

    url: str
    token_prefix: str | None = None
    require_success: bool = False
    prefer: bool = False


def live_cases(api: Api) -> list[Any]:
    """One case per operation (its call is made when the test runs)."""
    return [pytest.param(operation, id=str(operation)) for operation in api.operations]


def _live_call(api: Api, operation: Operation) -> Call:
    call = parameter_call(api, operation)
    body = operation.body
    if body is None:
        return call
    examples = conforming(body.examples)
    if body.is_json and examples:
        value = api.spec.resolve(examples[0].pointer)
        if api.spec.is_valid(value, body_schema(api, body)):
            return with_body(call, body_schema(api, body), value, "live", None)
    return with_body(call, body_schema(api, body), body_value(api, operation), "live", None)


def live_client_kwargs(api: Api) -> dict[str, Any]:
    """Credentials and client parameters from the environment (${PREFIX}_...)."""
    kwargs: dict[str, Any] = {}
    missing = []
    for credential in api.credentials:
        names = (
            ["username", "password"] if credential.keyword == "username" else [credential.keyword]
        )
        for keyword in names:
            variable = f"{api.env_prefix}_{keyword.upper()}"
            if os.environ.get(variable):
                kwargs[keyword] = os.environ[variable]
            else:
                missing.append(variable)
    if api.credentials and not kwargs:
        pytest.skip(f"live mode needs credentials: set {' or '.join(missing)}")
    defaults = client_parameter_values(api)
    for param in api.client_parameters:
        variable = f"{api.env_prefix}_{param.keyword.upper()}"
        kwargs[param.keyword] = os.environ.get(variable) or defaults[param.keyword]
    return kwargs


def _targets(live: LiveSettings, operation: Operation) -> list[tuple[str, dict[str, str]]]:
    """(label, headers) of each call: one, or with --live-prefer one per documented response
    (Prism's `Prefer: code=..., example=...` header picks the response of a mock)."""
    if not live.prefer:
        return [("", {})]
    targets = []
    for response in operation.responses:
        if not response.status.isdigit():
            continue
        examples = conforming(response.examples)  # a mock would serve a bad one as it is
        for example in examples or (Example("", ""),):
            named = example.name and not (example.name == "example" and len(examples) == 1)
            prefer = f"code={response.status}" + (f", example={example.name}" if named else "")
            targets.append((f"Prefer: {prefer}", {"Prefer": prefer}))
    return targets


def _exchange(
    api: Api, live: LiveSettings, operation: Operation, call: Call, headers: Mapping[str, str]
) -> tuple[int, list[str]]:
    """One call to the live server: its status, and what is wrong with the exchange."""
    exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    def remember(response: httpx.Response) -> None:
        response.read()
        exchanges.append((response.request, response))

    kwargs = live_client_kwargs(api)
    extra = dict(headers)
    if live.token_prefix:
        extra["Authorization"] = f"{live.token_prefix} {kwargs.get('access_token', '')}"
    call_kwargs = {**call.kwargs, "extra_headers": extra}
    with httpx.Client(event_hooks={"response": [remember]}, timeout=30.0) as http_client:
        client = api.sync_client(
            base_url=live.url, max_retries=0, http_client=http_client, **kwargs
        )
        try:
            outcome = Outcome(result=method_of(client, operation, False)(**call_kwargs))
        except Exception as error:  # noqa: BLE001 (any error the client raises is the outcome)
            outcome = Outcome(error=error)
    if len(exchanges) != 1:
        return 0, [
            f"expected one exchange with the server, got {len(exchanges)}: {outcome.error!r}"
        ]
    sent, answer = exchanges[0]
    request = RecordedRequest(
        sent.method,
        sent.url.raw_path.decode("ascii").partition("?")[0],
        sent.url.query.decode("ascii"),
        tuple(sent.headers.multi_items()),
        sent.content,
    )
    response = validation.OpenAPIResponse(
        answer.status_code, answer.headers.multi_items(), answer.content
    )
    problems = validation.request_problems(api.spec, operation.path, request, live.url)
    problems += validation.response_problems(api.spec, operation.path, request, live.url, response)
    status = answer.status_code
    documented = next((r for r in operation.responses if r.status == str(status)), None)
    body: Any = NO_BODY
    if answer.content.strip():
        body = answer.json() if is_json(answer.headers.get("content-type")) else answer.text
    if 200 <= status < 300:
        if outcome.error is not None:
            problems.append(f"the server answered {status}, the client raised {outcome.error!r}")
        elif documented is not None:
            problems += parsed_problems(api, documented, body, outcome.result, "the result")
    else:
        if live.require_success and not headers:
            problems.append(f"the server answered {status} (--live-require-success): {answer.text}")
        if documented is not None:
            problems += error_problems(api, documented, body, status, outcome)
        elif type(outcome.error) is not getattr(api.errors, error_class_name(status)):
            expected = error_class_name(status)
            problems.append(f"status {status} must raise errors.{expected}, got {outcome.error!r}")
    return status, problems


def check_live_case(api: Api, live: LiveSettings, operation: Operation) -> None:
    """Call the live server (once, or once per documented response with --live-prefer)."""
    try:
        call = _live_call(api, operation)
    except NoValue as error:
        skip(error)
    problems = []
    for label, headers in _targets(live, operation):
        status, found = _exchange(api, live, operation, call, headers)
        wanted = headers.get("Prefer", "code=").split(",")[0].removeprefix("code=")
        if wanted and str(status) != wanted:
            found.append(f"asked for {wanted} ({label}), the server answered {status}")
        problems += [f"{label + ': ' if label else ''}{status}: {p}" for p in found]
    if problems:
        fail(f"{operation}: live exchange with {live.url}", problems)
