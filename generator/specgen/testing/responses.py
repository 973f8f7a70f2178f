"""Responses are handled as the spec documents them, status by status.

The local server answers with each example of each documented status (or a value drawn from the
schema when there is none). A success returns the documented model, and dumping it gives the
example back; an error status raises the matching exception with `.body` parsed the same way.
An example that does not match its own schema is not served as a valid response: it is skipped,
with the reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from . import validation
from .api import Api, Example, Operation, Response, conforming
from .calls import (
    body_required,
    body_value,
    client_parameter_values,
    parameter_call,
    skip,
    unsendable,
    values_of,
)
from .client import Outcome, fail, invoke, local_base_url
from .compare import differences, dump, undeclared
from .server import RecordedRequest, Reply, ScriptedServer
from .spec import is_json
from .values import NO_BODY, NoValue

__all__ = [
    "ResponseCase",
    "check_response_case",
    "error_class_name",
    "error_problems",
    "parsed_problems",
    "reply_for",
    "response_body",
    "response_cases",
    "response_schema",
    "success_reply",
]

_ERROR_CLASSES = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}


@dataclass(frozen=True, eq=False)
class ResponseCase:
    """One response to serve: an example of a status, a value from its schema, or no body."""

    operation: Operation
    response: Response
    label: str
    example: Example | None = None

    def __str__(self) -> str:
        return f"{self.operation}[{self.response.status} {self.label}]"


def error_class_name(status: int) -> str:
    """The exception class the client must raise for an error status."""
    return "InternalServerError" if status >= 500 else _ERROR_CLASSES.get(status, "APIStatusError")


def response_schema(api: Api, response: Response) -> Any:
    if response.content_type is None:
        return {}
    media = api.spec.node(response.pointer)["content"][response.content_type]
    return api.spec.deref(media).get("schema", {})


def response_body(api: Api, response: Response, example: Example | None = None) -> Any:
    """The body to serve: an example (when it matches its schema), else a value drawn from the
    schema, else NO_BODY. NoValue when there is none to be had."""
    if response.content_type is None:
        return NO_BODY
    schema = response_schema(api, response)
    if example is not None:
        refusal = example.refusal(f"the {response.status} response")
        if refusal is not None:
            raise NoValue(refusal)
        value = api.spec.resolve(example.pointer)
        error = api.spec.first_error(value, schema, reading=True)
        if error is not None:
            raise NoValue(
                f"example {example.name!r} of the {response.status} response does not match its "
                f"schema {error}: it is not served as a valid response"
            )
        return value
    what = f"the {response.status} response ({response.pointer})"
    if is_json(response.content_type):
        return values_of(api).example_or_value(schema, what, reading=True)
    # Served as text or bytes, an empty value is an empty body, which is no body to read:
    # openapi-core refused the text/plain `""` that is the simplest string ("Missing response
    # data"). A non-empty one is as valid and is a body.
    return values_of(api).example_or_value(
        schema, what, reading=True, accept=lambda value: value not in ("", b"")
    )


def _header_value(api: Api, name: str, header: dict[str, Any]) -> str:
    value = values_of(api).parameter_value({**header, "in": "header", "name": name}, {})
    return str(value).lower() if isinstance(value, bool) else str(value)


_NO_BODY_STATUSES = frozenset({204, 205, 304})
"""Statuses whose responses have no body (RFC 9110): never served for a range or `default`."""


def served_status(operation: Operation, response: Response) -> int | None:
    """The status served for a documented response: its own, or for a range (`4XX`) the first
    of the range the operation does not document on its own, and for `default` the first error
    status (400-599) no other response of the operation covers, exactly or by range: the client
    looks a status up in that order too. None when there is none to serve (every one documented
    on its own, or a 1XX or 3XX range: informational and redirect replies are not answers the
    client parses)."""
    status = response.status.upper()
    if status.isdigit():
        return int(status)
    exact = {int(r.status) for r in operation.responses if r.status.isdigit()}
    ranges = {r.status.upper() for r in operation.responses if not r.status.isdigit()}
    if status == "DEFAULT":
        candidates = [code for code in range(400, 600) if f"{code // 100}XX" not in ranges]
    elif len(status) == 3 and status[0] in "245" and status.endswith("XX"):
        start = int(status[0]) * 100
        candidates = list(range(start, start + 100))
    else:
        return None
    return next((c for c in candidates if c not in exact and c not in _NO_BODY_STATUSES), None)


def reply_for(api: Api, response: Response, body: Any, status: int | None = None) -> Reply:
    """The reply that serves a body for a documented response, with its required headers
    (`status`: the one to serve, by default the response's own)."""
    code = int(response.status) if status is None else status
    headers = []
    for name, header in (api.spec.node(response.pointer).get("headers") or {}).items():
        header = api.spec.deref(header)
        if header.get("required") is True and name.lower() != "content-type":
            headers.append((name, _header_value(api, name, header)))
    if body is NO_BODY:
        return Reply(code, tuple(headers))
    assert response.content_type is not None
    if is_json(response.content_type):
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    elif isinstance(body, bytes):
        data = body
    else:
        data = str(body).encode("utf-8")
    return Reply(code, (("Content-Type", response.content_type), *headers), data)


def success_reply(api: Api, operation: Operation) -> Reply:
    """A documented success response, so that a call completes."""
    for response in operation.responses:
        if response.is_success:
            try:
                return reply_for(api, response, response_body(api, response, _first(response)))
            except NoValue:
                continue
    return Reply(200)


def _first(response: Response) -> Example | None:
    valid = conforming(response.examples)
    return valid[0] if valid else None


def response_cases(api: Api) -> list[Any]:
    """Each example of each documented status (or one value from the schema when it has none).

    A range (`4XX`) or `default` is served as a status it alone covers (`served_status`); one
    that covers none is listed as skipped.
    """
    cases: list[Any] = []
    for operation in api.operations:
        for response in operation.responses:
            if served_status(operation, response) is None:
                reason = (
                    f"status {response.status!r} is a range or default with no status to serve:"
                    " each it covers is documented on its own, or it is informational or a"
                    " redirect"
                )
                case = ResponseCase(operation, response, "skipped")
                cases.append(
                    pytest.param(case, id=str(case), marks=pytest.mark.skip(reason=reason))
                )
                continue
            if response.content_type is None:
                found = [ResponseCase(operation, response, "no body")]
            else:
                found = [
                    ResponseCase(operation, response, f"example {e.name}", e)
                    for e in response.examples
                ]
                if not conforming(response.examples):  # none to serve: draw one instead
                    found.append(ResponseCase(operation, response, "value from the schema"))
            cases += [pytest.param(case, id=str(case)) for case in found]
    return cases


def parsed_problems(api: Api, response: Response, body: Any, value: Any, what: str) -> list[str]:
    """What is wrong with the value the client parsed from a served body."""
    if body is NO_BODY:
        return [] if value is None else [f"{what} is {value!r}, but the response has no body"]
    problems = []
    if response.model is not None:
        model = getattr(api.models, response.model)
        if not isinstance(value, model):
            problems.append(
                f"{what} is {type(value).__name__}, not the documented model {response.model}"
            )
    schema = response_schema(api, response)
    problems += [f"{what} {d}" for d in differences(api.spec, body, dump(value), schema)]
    problems += [f"{what} {d}" for d in undeclared(api, value)]
    return problems


def error_problems(
    api: Api, response: Response, body: Any, status: int, outcome: Outcome
) -> list[str]:
    """An error status must raise its exception, with the body parsed."""
    expected = error_class_name(status)
    error = outcome.error
    if error is None:
        return [f"status {status} must raise errors.{expected}; the call returned a value"]
    if type(error) is not getattr(api.errors, expected):
        raised = f"{type(error).__name__}: {error}"
        return [f"status {status} must raise errors.{expected}, the client raised {raised}"]
    problems = []
    if getattr(error, "status_code", None) != status:
        sent = getattr(error, "status_code", None)
        problems.append(f"errors.{expected}.status_code is {sent!r}, not {status}")
    problems += parsed_problems(
        api, response, body, getattr(error, "body", None), f"errors.{expected}.body"
    )
    return problems


def _served(reply: Reply) -> validation.OpenAPIResponse:
    return validation.OpenAPIResponse(reply.status, reply.header_items(), reply.body)


def check_response_case(
    api: Api, server: ScriptedServer, case: ResponseCase, mode: str, raw: bool = False
) -> None:
    """Serve the case's body and check what the client makes of it."""
    status = served_status(case.operation, case.response)
    assert status is not None  # response_cases lists the others as skipped
    try:
        body = response_body(api, case.response, case.example)
        reply = reply_for(api, case.response, body, status)
        call = parameter_call(api, case.operation, optional=False)
        kwargs = dict(call.kwargs)
        if case.operation.body is not None and body_required(api, case.operation.body):
            kwargs["body"] = body_value(api, case.operation, minimal=True)
    except NoValue as error:
        skip(error)
    reason = unsendable(call)
    if reason:
        pytest.skip(f"{case}: {reason}")
    server.set_fallback(reply)
    base_url = local_base_url(api, server)
    outcome = invoke(
        api,
        case.operation,
        kwargs,
        base_url=base_url,
        mode=mode,
        raw=raw,
        client_kwargs=client_parameter_values(api),
    )
    if len(server.requests) != 1:
        fail(f"{case} ({mode}): expected one request", [f"the client raised {outcome.error!r}"])
    request: RecordedRequest = server.requests[0]
    disagreement = validation.response_problems(
        api.spec, case.operation.path, request, base_url, _served(reply)
    )
    if disagreement:
        pytest.skip(
            f"{case}: openapi-core does not accept the response the spec documents: "
            + disagreement[0]
        )
    problems: list[str] = []
    if 200 <= status < 300:
        if outcome.error is not None:
            problems.append(
                f"status {status} is a documented success, but the client raised {outcome.error!r}"
            )
        elif raw:
            problems += _raw_problems(api, case.response, body, outcome.result, status)
        else:
            problems += parsed_problems(api, case.response, body, outcome.result, "the result")
    else:
        problems += error_problems(api, case.response, body, status, outcome)
    if problems:
        fail(f"{case} ({mode}): the client does not handle the documented response", problems)


def _raw_problems(api: Api, response: Response, body: Any, raw: Any, status: int) -> list[str]:
    problems = []
    if getattr(raw, "status_code", None) != status:
        problems.append(f"with_raw_response: status_code is {getattr(raw, 'status_code', None)!r}")
    parsed = raw.parse()
    problems += parsed_problems(api, response, body, parsed, "with_raw_response.parse()")
    return problems
