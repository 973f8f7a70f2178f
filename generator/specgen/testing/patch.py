"""PATCH semantics of body keywords: omitted, None and a value are three different requests.

For an optional property that the spec lets be null, leaving the keyword out sends no key, None
sends `null` and a value sends the value; all three requests conform to the spec. A property whose
only allowed value is null still has two states to check (left out, None); only the third is
impossible. For an optional property that may not be null, None is refused before anything is sent.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pytest

from . import request_checks
from .api import Api, Operation, conforming
from .calls import (
    Call,
    body_schema,
    client_parameter_values,
    parameter_call,
    skip,
    unsendable,
    values_of,
    with_body,
)
from .client import fail, invoke, local_base_url
from .collection import nothing_to_check
from .responses import success_reply
from .schemas import kinds, required_names, sub_schema
from .server import ScriptedServer
from .values import NoValue

__all__ = [
    "BodyField",
    "check_null_refused",
    "check_omitted_and_none",
    "check_three_states",
    "optional_fields",
    "valued_cases",
]


@dataclass(frozen=True, eq=False)
class BodyField:
    """An optional property of a JSON request body, offered as a keyword of the method."""

    operation: Operation
    name: str  # JSON name
    schema: Any

    @property
    def keyword(self) -> str:
        assert self.operation.body is not None
        return self.operation.body.keywords[self.name]

    def __str__(self) -> str:
        return f"{self.operation}.{self.name}"


def optional_fields(api: Api, *, nullable: bool) -> list[Any]:
    """Optional body properties offered as keywords whose schema allows null (or not).

    `readOnly` ones are not among them: the client never sends them (None or a value alike), and
    in a request the spec admits no value for them, null included (DigitalOcean's nullable
    `Domain.ttl` was expected to refuse None)."""
    found = []
    for operation in api.operations:
        body = operation.body
        if body is None or not body.is_json:
            continue
        schema = body_schema(api, body)
        required = required_names(api.spec, schema)
        for name in body.keywords:
            item = BodyField(operation, name, sub_schema(api.spec, schema, name))
            if name in required or _read_only(api, item.schema):
                continue
            if api.spec.allows_null(item.schema) == nullable:
                marks: tuple[Any, ...] = ()
                if not nullable and _nullable_untyped(api, item.schema):
                    # The document's `nullable` says null, its 3.0.3 reading says no: the
                    # model accepts None, and which of the two is right is not for us to say.
                    reason = (
                        f"{item}: its schema has 'nullable: true' without 'type', which admits"
                        " no null in OpenAPI 3.0.3 (content rule nullable-untyped)"
                    )
                    marks = (pytest.mark.skip(reason=reason),)
                found.append(pytest.param(item, id=str(item), marks=marks))
    if not found:
        kind = "nullable" if nullable else "non-nullable"
        found.append(
            nothing_to_check(f"no request body of the spec has an optional {kind} property")
        )
    return found


def _nullable_untyped(api: Api, schema: Any) -> bool:
    target = api.spec.deref(schema)
    return (
        api.spec.is_oas30
        and isinstance(target, dict)
        and target.get("nullable") is True
        and "type" not in target
    )


def _read_only(api: Api, schema: Any) -> bool:
    target = api.spec.deref(schema)
    return isinstance(target, dict) and target.get("readOnly") is True


def valued_cases(api: Api, modes: Iterable[str], forms: Iterable[str]) -> list[Any]:
    """(field, mode, form) for each nullable optional property and way of calling; a property
    whose schema admits nothing but null gets one skipped case instead (no value to send)."""
    modes, forms = list(modes), list(forms)
    cases = []
    for param in optional_fields(api, nullable=True):
        (item,) = param.values
        if item is not None and kinds(api.spec, item.schema) == {"null"}:
            reason = f"{item}: the spec allows no value but null, so only omitted and None apply"
            cases.append(
                pytest.param(item, None, None, id=str(item), marks=pytest.mark.skip(reason=reason))
            )
            continue
        for mode, form in itertools.product(modes, forms):
            cases.append(
                pytest.param(item, mode, form, id=f"{param.id}-{mode}-{form}", marks=param.marks)
            )
    return cases


@functools.cache
def field_value(api: Api, item: BodyField) -> Any:
    """A valid non-null value for a property: from the spec's examples, else drawn."""
    body = item.operation.body
    assert body is not None
    values = values_of(api)
    candidates = []
    for example in conforming(body.examples):
        value = api.spec.resolve(example.pointer)
        if isinstance(value, dict) and item.name in value:
            candidates.append(value[item.name])
    for value in candidates:
        if value is not None and api.spec.is_valid(value, item.schema):
            return value
    try:
        return values.example_or_value(item.schema, str(item), accept=lambda v: v is not None)
    except NoValue:
        raise NoValue(f"{item}: the spec allows no value but null") from None


@functools.cache
def _anchor(api: Api, item: BodyField) -> dict[str, Any]:
    """The rest of the body: its required properties, else one other property (a body must not
    be empty when required, and three bodies are easier to compare with a common part)."""
    body = item.operation.body
    assert body is not None
    schema = body_schema(api, body)
    smallest = values_of(api).value(schema, f"the request body of {item.operation}")
    base = (
        {k: v for k, v in smallest.items() if k != item.name} if isinstance(smallest, dict) else {}
    )
    if base:
        return base
    for name in body.keywords:
        other = BodyField(item.operation, name, sub_schema(api.spec, schema, name))
        if name != item.name and not api.spec.allows_null(other.schema):
            try:
                return {name: field_value(api, other)}
            except NoValue:
                continue
    return {}


def _calls(api: Api, item: BodyField, form: str, *, value: bool) -> list[tuple[str, Call]]:
    body = item.operation.body
    assert body is not None
    schema = body_schema(api, body)
    call = parameter_call(api, item.operation, optional=False)
    anchor = _anchor(api, item)
    bodies = [("omitted", anchor), ("None", {**anchor, item.name: None})]
    if value:
        bodies.append(("a value", {**anchor, item.name: field_value(api, item)}))
    keywords = body.keywords if form == "keywords" else None
    return [(label, with_body(call, schema, value, label, keywords)) for label, value in bodies]


def check_omitted_and_none(
    api: Api, server: ScriptedServer, item: BodyField, mode: str, form: str
) -> None:
    """Left out sends no key, None sends null: two valid, different bodies (this holds for a
    property whose only allowed value is null too)."""
    _check_states(api, server, item, mode, form, value=False)


def check_three_states(
    api: Api, server: ScriptedServer, item: BodyField, mode: str, form: str
) -> None:
    """Left out, None and a value: three valid, different bodies."""
    _check_states(api, server, item, mode, form, value=True)


def _check_states(
    api: Api, server: ScriptedServer, item: BodyField, mode: str, form: str, *, value: bool
) -> None:
    try:
        calls = _calls(api, item, form, value=value)
        reply = success_reply(api, item.operation)
    except NoValue as error:
        skip(error)
    reason = unsendable(calls[0][1])
    if reason:
        pytest.skip(f"{item}: {reason}")
    base_url = local_base_url(api, server)
    problems = []
    sent = []
    for label, call in calls:
        server.reset()
        server.set_fallback(reply)
        outcome = invoke(
            api,
            item.operation,
            call.kwargs,
            base_url=base_url,
            mode=mode,
            client_kwargs=client_parameter_values(api),
        )
        if not server.requests:
            problems.append(
                f"{item.keyword}={label}: nothing was sent (the client raised {outcome.error!r})"
            )
            continue
        request = server.requests[0]
        found = request_checks.request_problems(api, item.operation, call, request, base_url)
        problems += [f"{item.keyword}={label}: {p}" for p in found]
        sent.append(request.body)
    if len(set(sent)) != len(sent):
        states = ", ".join(label for label, _ in calls)
        problems.append(f"{states} must send {len(calls)} different bodies, got {sent!r}")
    if problems:
        fail(f"{item} ({mode}, {form}): PATCH semantics broken", problems)


def check_null_refused(
    api: Api, server: ScriptedServer, item: BodyField, mode: str, form: str
) -> None:
    body = item.operation.body
    assert body is not None
    try:
        call = parameter_call(api, item.operation, optional=False)
        value = {**_anchor(api, item), item.name: None}
    except NoValue as error:
        skip(error)
    keywords = body.keywords if form == "keywords" else None
    call = with_body(call, body_schema(api, body), value, "None", keywords)
    outcome = invoke(
        api,
        item.operation,
        call.kwargs,
        base_url=local_base_url(api, server),
        mode=mode,
        client_kwargs=client_parameter_values(api),
    )
    if server.requests:
        fail(
            f"{item} ({mode}, {form}): the spec does not allow null for {item.name}",
            [f"{item.keyword}=None was sent as {server.requests[0].body!r}; it must raise instead"],
        )
    if not isinstance(outcome.error, TypeError | ValueError):
        fail(
            f"{item} ({mode}, {form})",
            [f"{item.keyword}=None must raise TypeError or ValueError, got {outcome.error!r}"],
        )
