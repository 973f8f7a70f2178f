# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/testing/calls.py, the same for every API.
# SPDX-License-Identifier: MIT
"""The calls the tests make: which keywords, with which values, and what the server must get.

Values come from the spec (`values`): a parameter takes its example when it validates, else what
schemathesis draws for it; a body is the spec's example, one built from the schema's examples, or
the first value drawn from the schema. Everything is computed on first use and kept, so that
collecting the tests of a large API reads the spec only.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

import pytest

from . import wire
from .api import Api, Body, Operation
from .empty_schemas import only_null
from .schemas import alternatives, property_names
from .spec import parameter_schema
from .values import NO_BODY, NoValue, Values, first

__all__ = [
    "BINARY_BODY",
    "Call",
    "body_required",
    "body_schema",
    "body_value",
    "client_parameter_values",
    "declared_fields",
    "fits_keywords",
    "form_encoding",
    "form_sendable",
    "parameter_call",
    "skip",
    "unsendable",
    "values_of",
    "with_body",
]

BINARY_BODY = b"contract test bytes \x00\xff"
"""What the tests send as a body of binary media (any bytes will do)."""


@dataclass
class Call:
    """One call of a method: its keywords, the parameter values given, the body to expect."""

    label: str
    kwargs: dict[str, Any]
    parameters: dict[tuple[str, str], Any]  # (in, name) → value given, client-level ones too
    body: Any = NO_BODY  # what the server must receive: JSON data, a form, bytes, or NO_BODY
    body_schema: Any = field(default_factory=dict)


def skip(error: NoValue) -> NoReturn:
    """Skip the test: the spec allows no value where one is needed (the reason names it)."""
    pytest.skip(str(error))


@functools.cache
def values_of(api: Api) -> Values:
    return Values(api.spec)


def _skipped_header(param: Mapping[str, Any]) -> bool:
    # OpenAPI ignores header parameters named Accept, Content-Type and Authorization.
    name = str(param.get("name", "")).lower()
    return param.get("in") == "header" and name in ("accept", "content-type", "authorization")


@functools.cache
def _drawn_parameters(api: Api, operation: Operation) -> Mapping[tuple[str, str], Any]:
    """What schemathesis draws for every parameter of the operation (all made required, so
    that each gets a value; if one of them admits none, the operation as the spec has it)."""
    values = values_of(api)
    what = f"the parameters of {operation.pointer}"
    try:
        drawn = first(values.parameters(operation.pointer, operation.path), what, lambda _: True)
    except NoValue:
        drawn = first(values.requests(operation.pointer), what, lambda _: True)
    return dict(drawn.parameters)


@functools.cache
def _parameter_value(api: Api, operation: Operation, location: str, name: str) -> Any:
    (param,) = [
        p
        for p in api.spec.operation_parameters(operation.pointer)
        if (p["in"], p["name"]) == (location, name)
    ]
    try:
        drawn = _drawn_parameters(api, operation)
    except NoValue:
        drawn = {}
    try:
        return values_of(api).parameter_value(param, drawn)
    except NoValue:
        schema = parameter_schema(param)
        what = f"{location} parameter {name} ({schema})"
        if only_null(api.spec, schema):
            raise NoValue(
                f"{what}: the spec allows only null (or lists of it), which has no wire form"
            ) from None
        target = api.spec.deref(schema)
        if isinstance(target, dict) and target.get("readOnly") is True:
            # GitHub's `alert-number`: OpenAPI's validators (ours, openapi-core) refuse a
            # read-only value in a request, so every value of it is refused.
            raise NoValue(
                f"{what}: its schema is `readOnly: true`, so it admits no value in a request"
            ) from None
        raise


@functools.cache
def client_parameter_values(api: Api) -> Mapping[str, Any]:
    """Each client-level parameter (`x-specgen-client-parameter`) at a value from the spec."""
    found = {}
    for client_param in api.client_parameters:
        param = api.spec.node(client_param.pointer)
        key = (param["in"], param["name"])
        users = [
            op
            for op in api.operations
            if any((p["in"], p["name"]) == key for p in api.spec.operation_parameters(op.pointer))
        ]
        if users:
            found[client_param.keyword] = _parameter_value(api, users[0], *key)
        else:
            schema = parameter_schema(param)
            found[client_param.keyword] = values_of(api).value(schema, client_param.pointer)
    return found


def _given_client_parameters(api: Api) -> dict[tuple[str, str], Any]:
    given = {}
    values = client_parameter_values(api)
    for client_param in api.client_parameters:
        param = api.spec.node(client_param.pointer)
        if values.get(client_param.keyword) is not None:
            given[(param["in"], param["name"])] = values[client_param.keyword]
    return given


def parameter_call(api: Api, operation: Operation, *, optional: bool = True) -> Call:
    """A call with every parameter (or only the required ones) at its value, but an optional
    one that can have none; NoValue when a parameter that must be given can have none."""
    kwargs: dict[str, Any] = {}
    given = _given_client_parameters(api)
    for parameter in operation.parameters:
        param = api.spec.node(parameter.pointer)
        if _skipped_header(param):
            continue
        if not wire.is_field_name(param):
            # `header param`: no HTTP client can send it (content rule parameter-name-invalid).
            reason = f"{param['in']} parameter {param['name']!r} is not a token"
            if param.get("required"):
                raise NoValue(f"{reason} (content rule parameter-name-invalid): it cannot be sent")
            continue
        required = bool(param.get("required")) or param["in"] == "path"
        if optional or required:
            try:
                value = _parameter_value(api, operation, param["in"], param["name"])
            except NoValue:
                if required:
                    raise
                # No value of it can be sent (Stripe's `lines`, a list of objects in a query):
                # left out, as the spec allows for an optional parameter.
                continue
            kwargs[parameter.keyword] = value
            given[(param["in"], param["name"])] = value
    label = "parameters" if optional else "required-parameters"
    return Call(label, kwargs, given)


def unsendable(call: Call) -> str | None:
    """Why a call cannot be made as the spec says (a parameter whose only value is null)."""
    for (location, name), value in call.parameters.items():
        if value is None or (isinstance(value, list) and value and set(value) == {None}):
            return f"{location} parameter {name}: the spec allows only null, which has no wire form"
    return None


def body_schema(api: Api, body: Body) -> Any:
    return api.spec.node(body.pointer).get("schema", {})


def body_required(api: Api, body: Body) -> bool:
    """The spec's `required` of the Request Body Object."""
    return api.spec.node(body.request_body_pointer).get("required") is True


def with_body(
    call: Call, schema: Any, value: Any, label: str, keywords: Mapping[str, str] | None
) -> Call:
    """The call with a body: as `body=`, or (with the body's keywords) one keyword per property.

    Given by keywords, an empty object is no body at all unless the body is required: the client
    then sends nothing, as the spec allows for an optional body.
    """
    kwargs = dict(call.kwargs)
    if keywords is not None:
        kwargs.update({keywords[name]: item for name, item in value.items() if name in keywords})
        # A key the schema requires without declaring it (Spotify's `uris`) has no keyword; the
        # client's one way to send it is `extra_body=`.
        undeclared = {name: item for name, item in value.items() if name not in keywords}
        if undeclared:
            kwargs["extra_body"] = undeclared
    else:
        kwargs["body"] = value
    return Call(label, kwargs, dict(call.parameters), value, schema)


def declared_fields(api: Api, body: Body, value: Any) -> Any:
    """A form keeps its declared fields only: OpenAPI does not say how a form spells fields it
    does not declare, so there is nothing to check them against. Other bodies are kept whole."""
    if not (body.is_form and isinstance(value, dict)):
        return value
    names = property_names(api.spec, body_schema(api, body))
    return {name: item for name, item in value.items() if name in names}


def form_encoding(api: Api, body: Body) -> Mapping[str, Any]:
    """The Encoding Object of a urlencoded form, by field (OpenAPI reads its `style` and
    `explode` for that media type only)."""
    if body.media_type != "application/x-www-form-urlencoded":
        return {}
    encoding = api.spec.node(body.pointer).get("encoding")
    return encoding if isinstance(encoding, dict) else {}


def form_sendable(api: Api, body: Body, value: Any) -> bool:
    """Whether a drawn form (its declared fields) has a wire form that means it."""
    return wire.form_sendable(declared_fields(api, body, value), form_encoding(api, body))


def fits_keywords(body: Body, value: Any) -> bool:
    """Whether a body can be given property by property (each one has a keyword)."""
    return isinstance(value, dict) and bool(body.keywords) and set(value) <= set(body.keywords)


def body_value(api: Api, operation: Operation, *, minimal: bool = False) -> Any:
    """A body to send: built from the schema's examples (or, `minimal`, the first drawn value);
    for forms an object with fields, for text media a string, for binary media bytes."""
    body = operation.body
    assert body is not None
    schema = body_schema(api, body)
    values = values_of(api)
    what = f"the request body of {operation} ({body.pointer})"
    if body.is_json:
        if minimal:
            return values.value(schema, what)
        return values.example_or_value(schema, what)
    if body.is_form:
        drawn = values.bodies(operation.pointer, body.content_type)
        strategy = drawn.map(lambda d: declared_fields(api, body, d.body))
        return values.example_or_value(
            schema,
            what,
            strategy=strategy,
            accept=lambda value: wire.form_sendable(value, form_encoding(api, body)),
        )
    if body.media_type.startswith("text/"):
        return values.example_or_value(schema, what, accept=lambda v: isinstance(v, str))
    if _base64_text(api, schema):
        # Binary media whose schema says base64 text (Spotify's `image/jpeg` upload with
        # `format: byte`): arbitrary bytes would not be what the spec describes.
        text = values.example_or_value(schema, what, accept=lambda v: isinstance(v, str))
        return str(text).encode("ascii", "replace")
    return BINARY_BODY


def _base64_text(api: Api, schema: Any) -> bool:
    return any(
        alt.get("format") == "byte" or alt.get("contentEncoding") == "base64"
        for alt in alternatives(api.spec, schema)
    )
