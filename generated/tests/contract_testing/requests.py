# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/testing/requests.py, the same for every API.
# SPDX-License-Identifier: MIT
"""Requests conform to the spec: every request example, and requests drawn from the schemas.

The cases are planned when the tests are collected, from the spec alone; their values are made
when a test runs (`calls`), once per case, and kept for the other mode (sync and async send the
same values). An example that does not match its schema is never sent as a valid request: its
case is skipped with the reason.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, reject, settings

from . import request_checks
from .api import Api, Body, Example, Operation, conforming
from .calls import (
    Call,
    body_required,
    body_schema,
    body_value,
    client_parameter_values,
    declared_fields,
    fits_keywords,
    form_sendable,
    parameter_call,
    skip,
    unsendable,
    values_of,
    with_body,
)
from .client import fail, invoke, local_base_url
from .collection import nothing_to_check
from .responses import success_reply
from .schemas import alternatives
from .server import Reply, ScriptedServer
from .values import NO_BODY, Drawn, NoValue, as_json

__all__ = [
    "DRAWN_SETTINGS",
    "RequestCase",
    "body_operations",
    "check_drawn_requests",
    "check_request_case",
    "request_cases",
]

DRAWN_SETTINGS = settings(
    max_examples=int(os.environ.get("SPECGEN_MAX_EXAMPLES", "5")),
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    # Drawn values go to a real server and two validators, and bodies of a large spec are big:
    # hypothesis' timing and size checks would only say so. Draws that the spec's validator
    # rejects are filtered out (rarely: schemathesis draws valid values).
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
"""Drawn requests: a fixed seed (the same values on every run), few examples, no database."""


@dataclass(frozen=True, eq=False)
class RequestCase:
    """One call to make: what its values come from, and how the body is given."""

    operation: Operation
    label: str
    kind: str  # "parameters", "required-parameters", "example", "schema", "minimal", "body"
    keywords: bool = False  # the body as one keyword per property, not as `body=`
    example: Example | None = None

    def __str__(self) -> str:
        return f"{self.operation}[{self.label}]"


def _has_optional_parameters(api: Api, operation: Operation) -> bool:
    for parameter in operation.parameters:
        param = api.spec.node(parameter.pointer)
        if not param.get("required") and param["in"] != "path":
            return True
    return False


def _plan(api: Api, operation: Operation) -> list[RequestCase]:
    body = operation.body
    if body is None:
        cases = [RequestCase(operation, "parameters", "parameters")]
        if _has_optional_parameters(api, operation):
            cases.append(RequestCase(operation, "required-parameters", "required-parameters"))
        return cases
    forms = [False, True] if body.keywords else [False]
    if not body.is_json:
        return [
            RequestCase(operation, "keywords" if k else "body=", "body", keywords=k) for k in forms
        ]
    cases = []
    for example in body.examples:
        value = api.spec.resolve(example.pointer)
        fits = example.conforms and fits_keywords(body, value)
        for keywords in [False, True] if fits else [False]:
            label = f"example {example.name}, {'keywords' if keywords else 'body='}"
            cases.append(RequestCase(operation, label, "example", keywords, example))
    if not conforming(body.examples):
        for keywords in forms:
            label = f"schema examples, {'keywords' if keywords else 'body='}"
            cases.append(RequestCase(operation, label, "schema", keywords))
    cases.append(RequestCase(operation, "minimal", "minimal"))
    return cases


def request_cases(api: Api) -> list[Any]:
    """For each operation: every request example (as body= and as keywords), else one built
    from the schema's examples; one call with the required parameters (and body) only."""
    return [
        pytest.param(case, id=str(case))
        for operation in api.operations
        for case in _plan(api, operation)
    ]


@functools.cache
def _call(api: Api, case: RequestCase) -> Call:
    """The call of a case, its values made once (NoValue when the spec allows none)."""
    operation, body = case.operation, case.operation.body
    if case.kind in ("parameters", "required-parameters"):
        return parameter_call(api, operation, optional=case.kind == "parameters")
    assert body is not None
    schema = body_schema(api, body)
    if case.kind == "minimal":
        call = parameter_call(api, operation, optional=False)
        if not body_required(api, body):
            return call
        return with_body(call, schema, body_value(api, operation, minimal=True), "minimal", None)
    call = parameter_call(api, operation)
    if case.kind == "example":
        assert case.example is not None
        refusal = case.example.refusal("the request body")
        if refusal is not None:
            raise NoValue(refusal)
        value = api.spec.resolve(case.example.pointer)
        error = api.spec.first_error(value, schema)
        if error is not None:
            raise NoValue(
                f"example {case.example.name!r} does not match the schema of the request body "
                f"{error}: it is not sent as a valid request"
            )
    else:
        try:
            value = body_value(api, operation)
        except NoValue:
            if body.is_form and not body_required(api, body):
                return call  # no form can be sent (Stripe's GETs: no field): none, as allowed
            raise
    if not case.keywords:
        return with_body(call, schema, value, case.label, None)
    if not isinstance(value, dict):
        raise NoValue(f"the body {value!r} is no object: it cannot be given as keywords")
    # A property the schema requires without declaring it (Spotify's `uris`) has no keyword;
    # `with_body` gives it as `extra_body=`, the client's way to send it.
    sent = with_body(call, schema, value, case.label, body.keywords)
    if not value and not body_required(api, body):
        sent.body = NO_BODY  # no keyword given: the client sends no body, as the spec allows
    return sent


def check_request_case(api: Api, server: ScriptedServer, case: RequestCase, mode: str) -> None:
    try:
        call = _call(api, case)
        reply = success_reply(api, case.operation)
    except NoValue as error:
        skip(error)
    reason = unsendable(call)
    if reason:
        pytest.skip(f"{case}: {reason}")
    check_call(api, server, case.operation, call, mode, str(case), reply)


def check_call(
    api: Api,
    server: ScriptedServer,
    operation: Operation,
    call: Call,
    mode: str,
    title: str,
    reply: Reply,
) -> None:
    """Make a call against the local server (which answers `reply`) and check the request."""
    server.reset()
    server.set_fallback(reply)
    base_url = local_base_url(api, server)
    outcome = invoke(
        api,
        operation,
        call.kwargs,
        base_url=base_url,
        mode=mode,
        client_kwargs=client_parameter_values(api),
    )
    requests = server.requests
    if not requests:
        valid = call.body is NO_BODY or api.spec.is_valid(as_json(call.body), call.body_schema)
        what = "with a body the spec's schema accepts" if valid else "(its body is not valid!)"
        fail(
            f"{title} ({mode}): the client sent nothing for a call {what}",
            [f"the client raised {outcome.error!r}"],
        )
    if len(requests) > 1:
        fail(f"{title}: one call sent {len(requests)} requests", [r.target for r in requests])
    problems = request_checks.request_problems(api, operation, call, requests[0], base_url)
    if problems:
        fail(f"{title} ({mode}): the request does not conform to the spec", problems)
    if outcome.error is not None:
        fail(f"{title} ({mode}): the request conforms, but the call raised", [repr(outcome.error)])


def body_operations(api: Api) -> list[Any]:
    """The operations with a request body (one drawn-requests test each)."""
    found = [
        pytest.param(op, id=str(op))
        for op in api.operations
        if op.body is not None and not _fieldless_form(api, op.body)
    ]
    if not found:
        found.append(nothing_to_check("no operation has a request body to draw"))
    return found


def _fieldless_form(api: Api, body: Body) -> bool:
    """A form that declares no field and allows no other (Stripe's GETs, 242 of them): its one
    value is the empty form, which is no body. Nothing to draw; the request cases check the call
    without it."""
    if not body.is_form:
        return False
    options = alternatives(api.spec, body_schema(api, body))
    return bool(options) and all(
        not option.get("properties") and option.get("additionalProperties") is False
        for option in options
    )


def check_drawn_requests(api: Api, server: ScriptedServer, operation: Operation, mode: str) -> None:
    """Bodies drawn from the request schema (schemathesis, fixed seed) are sent as given."""
    body = operation.body
    assert body is not None
    schema = body_schema(api, body)
    try:
        base = parameter_call(api, operation, optional=False)
        reply = success_reply(api, operation)
        strategy = values_of(api).bodies(operation.pointer, body.content_type)
        # One value first: a schema that admits none is skipped, naming it, not Unsatisfiable
        # (nor a form that admits no field: it would send nothing).
        values_of(api).value(
            schema,
            f"{operation} (a request body{' with a field' if body.is_form else ''})",
            strategy=strategy.map(lambda d: d.body),
            accept=(lambda v: form_sendable(api, body, v)) if body.is_form else None,
        )
    except NoValue as error:
        skip(error)
    reason = unsendable(base)
    if reason:
        pytest.skip(f"{operation}: {reason}")

    @DRAWN_SETTINGS
    @given(drawn=strategy)
    def check(drawn: Drawn) -> None:
        value = declared_fields(api, body, drawn.body)
        if value is not NO_BODY and not api.spec.is_valid(as_json(value), schema):
            reject()
        if body.is_form and not form_sendable(api, body, value):
            reject()  # e.g. a form without fields sends nothing, and a form field cannot be null
        if value in (b"", "") and body_required(api, body):
            # Empty bytes are no body on the wire, which a required body does not allow
            # (DigitalOcean's required `application/octet-stream` upload drew b"").
            reject()
        call = base if value is NO_BODY else with_body(base, schema, value, "drawn body", None)
        check_call(api, server, operation, call, mode, f"{operation}[drawn body]", reply)

    check()
