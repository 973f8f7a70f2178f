# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/testing/validation.py, the same for every API.
# SPDX-License-Identifier: MIT
"""openapi-core, the independent validator: its verdict on captured requests and responses.

A request captured on 127.0.0.1 is presented as if it had been sent to the spec's first server:
the path after the client's base URL is appended to the path of the server URL, so it is matched
against the spec's paths (the host is not checked). openapi-core's check of OAuth2 is a no-op;
`request_checks.security_problems` checks credentials itself.

Multipart bodies are not left to openapi-core: it decodes each part by a content type it derives
from the property's schema alone, so a part whose schema has no `type` (an `enum`, an `allOf`) is
read as `application/octet-stream`, bytes that no schema of strings accepts, whatever the client
sent. `request_checks` reads those parts itself and validates them with the spec's validator.
Nor are urlencoded forms and deepObject parameters: openapi-core reads `style: deepObject` only
for a schema of `type: object` with scalar properties (Stripe's are `anyOf`s, arrays, nested
objects), and rejects the others even when they are not sent; `request_checks` reads them.
"""

from __future__ import annotations

import functools
import json
import warnings
from collections.abc import Callable, Iterator, Sequence
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.exceptions import OpenAPIError
from openapi_core.validation.request.exceptions import (
    ParameterValidationError,
    RequestBodyValidationError,
)
from werkzeug.datastructures import Headers, ImmutableMultiDict

from .schemas import alternatives, kinds, types
from .server import RecordedRequest
from .spec import Spec, is_json

__all__ = [
    "OpenAPIRequest",
    "OpenAPIResponse",
    "cookies_of",
    "request_path",
    "request_problems",
    "response_problems",
]


def cookies_of(headers: Headers) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for value in headers.getlist("Cookie"):
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def request_path(request: RecordedRequest, base_url: str) -> str:
    """The path of a request after the client's base URL (still percent-encoded)."""
    prefix = urlsplit(base_url).path.rstrip("/")
    return request.path.removeprefix(prefix)


class OpenAPIRequest:
    """A request to the operation at `path` as openapi-core reads it, as if sent to its first
    server (the client's `base_url` stands in for every server of the spec)."""

    def __init__(self, spec: Spec, path: str, request: RecordedRequest, base_url: str) -> None:
        server = urlsplit(spec.server_url(path, request.method))
        client = urlsplit(base_url)
        headers = Headers(list(request.headers))
        if server.netloc:
            self.host_url = f"{server.scheme}://{server.netloc}"
        elif server.scheme:
            # A server without a host (DigitalOcean's `https://` for presigned upload URLs that
            # the API hands out): openapi-core matches it as written; the path is judged.
            self.host_url = f"{server.scheme}://"
        else:
            self.host_url = f"{client.scheme}://{client.netloc}"
        sent = request_path(request, base_url)
        self.path = server.path.rstrip("/") + unquote(sent)  # decoded, as web frameworks do
        self.method = request.method.lower()
        self.body = request.body or None
        self.content_type = str(headers.get("Content-Type", "")).lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qsl(request.query, keep_blank_values=True)),
            header=headers,
            cookie=ImmutableMultiDict(cookies_of(headers)),
        )


class OpenAPIResponse:
    """A response as openapi-core reads it."""

    def __init__(self, status: int, headers: Sequence[tuple[str, str]], body: bytes) -> None:
        self.status_code = status
        self.headers = Headers(list(headers))
        self.data = body or None
        self.content_type = str(self.headers.get("Content-Type", "")).lower()


@functools.cache
def _openapi(spec: Spec, path: str, *, reading: bool) -> OpenAPI:
    """openapi-core for the requests of one path: the document with that path item only.

    openapi-core looks the path of each request up among all the paths of the document, which
    on a large one is most of its work; the tests know which operation they called. (A request
    to another path is then "not found", which is a failure too.) The spec was validated when it
    was generated, so openapi-core does not validate it again.
    """
    directed = spec.directed(reading=reading)  # `readOnly` not required of requests (and so on)
    item = _readable_parameters(spec, directed["paths"][path])
    document = {**directed, "paths": {path: item}}
    config = Config(extra_media_type_deserializers=_readers(spec), spec_validator_cls=None)
    return OpenAPI.from_dict(document, config=config)


def _readable_parameters(spec: Spec, item: Any) -> Any:
    """The path item with each parameter schema's 3.1 type array (`type: [string, "null"]`)
    written as openapi-core 0.23 can read it: its style deserializer takes `type` as one string
    and raises TypeError on a list. A value read from a path, query, header or cookie is never
    null, so the non-null types say the same: one becomes `type`, several an `anyOf`."""
    if not isinstance(item, dict):
        return item

    def readable(raw: Any) -> Any:
        param = spec.deref(raw)
        schema = spec.deref(param.get("schema")) if isinstance(param, dict) else None
        if not (isinstance(schema, dict) and isinstance(schema.get("type"), list)):
            return raw
        non_null = [kind for kind in schema["type"] if kind != "null"]
        rest = {key: value for key, value in schema.items() if key != "type"}
        if len(non_null) == 1:
            rest["type"] = non_null[0]
        else:
            rest["allOf"] = [*(rest.get("allOf") or []), {"anyOf": [{"type": k} for k in non_null]}]
        return {**param, "schema": rest}

    def judged(raw: Any) -> bool:
        # openapi-core 0.23 reads an exploded form object (`a_property=..&b=..`) from a key
        # named after the parameter, which such a query never has ("Missing required query
        # parameter"); request_checks compares those pairs with the valid value given.
        param = spec.deref(raw)
        if not isinstance(param, dict) or param.get("in") not in ("query", "cookie"):
            return True
        if str(param.get("style", "form")) != "form" or param.get("explode") is False:
            return True
        return kinds(spec, param.get("schema")) != {"object"}

    def parameters(listed: list[Any]) -> list[Any]:
        return [readable(raw) for raw in listed if judged(raw)]

    copy = dict(item)
    for key, value in item.items():
        if key == "parameters" and isinstance(value, list):
            copy[key] = parameters(value)
        elif isinstance(value, dict) and isinstance(value.get("parameters"), list):
            copy[key] = {**value, "parameters": parameters(value["parameters"])}
    return copy


def _media_types(value: Any) -> Iterator[tuple[str, Any]]:
    """(media type, schema) of every `content` entry in the spec."""
    if isinstance(value, dict):
        content = value.get("content")
        if isinstance(content, dict):
            for media_type, media in content.items():
                if isinstance(media, dict):
                    yield media_type.split(";")[0].strip().lower(), media.get("schema", {})
        for item in value.values():
            yield from _media_types(item)
    elif isinstance(value, list):
        for item in value:
            yield from _media_types(item)


@functools.cache
def _readers(spec: Spec) -> dict[str, Callable[[bytes], Any]]:
    """Media types openapi-core does not decode by itself: any other `+json` type (RFC 6839,
    e.g. application/problem+json) as JSON, and binary media described by a `type: string`
    schema as text (latin-1, lossless), which that schema then validates: with OpenAPI 3.1
    always, with 3.0 unless the schema says `format: binary` (which openapi-core reads as bytes
    itself), e.g. Spotify's base64 `image/jpeg` upload, `format: byte`."""
    readers: dict[str, Callable[[bytes], Any]] = {}
    for media_type, schema in _media_types(spec.document):
        if is_json(media_type):
            if media_type not in ("application/json", "application/vnd.api+json"):
                readers[media_type] = json.loads
        elif _binary_media(media_type) and _read_as_text(spec, schema):
            readers[media_type] = lambda data: data.decode("latin-1")
    return readers


def _binary_media(media_type: str) -> bool:
    if media_type == "application/x-www-form-urlencoded":
        return False
    return not media_type.startswith(("text/", "multipart/"))


def _read_as_text(spec: Spec, schema: Any) -> bool:
    strings = [alt for alt in alternatives(spec, schema) if "string" in types(alt)]
    if spec.is_oas30:
        return bool(strings) and all(alt.get("format") != "binary" for alt in strings)
    return bool(strings)


def _explain(error: BaseException) -> str:
    text = str(error)
    details = getattr(error.__cause__, "schema_errors", None) or getattr(
        error, "schema_errors", None
    )
    if details:
        listed = "; ".join(
            f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}" for e in details
        )
        text += f" [{listed}]"
    return text


def request_problems(
    spec: Spec,
    path: str,
    request: RecordedRequest,
    base_url: str,
    *,
    body: bool = True,
    without: frozenset[tuple[str, str]] = frozenset(),
) -> list[str]:
    """openapi-core's verdict on a request to the operation at `path` (the spec's template);
    `body=False` leaves the body out of it (openapi-core does not read it), `without` the
    parameters (in, name) it lists."""
    key: tuple[Any, ...] = (path, request.method, request.target, request.headers, request.body)
    key += (base_url, body, without)
    verdicts = _verdicts(spec)
    if key not in verdicts:
        # The tests send many identical requests (sync and async, a PATCH body without the
        # property under test): openapi-core, a pure function of the request, judges each once.
        if len(verdicts) > 4096:
            verdicts.clear()
        verdicts[key] = _request_problems(spec, path, request, base_url, body=body, without=without)
    return list(verdicts[key])


@functools.cache
def _verdicts(spec: Spec) -> dict[tuple[Any, ...], list[str]]:
    return {}


def _request_problems(
    spec: Spec,
    path: str,
    request: RecordedRequest,
    base_url: str,
    *,
    body: bool,
    without: frozenset[tuple[str, str]],
) -> list[str]:
    validator = _openapi(spec, path, reading=False).request_validator
    seen = OpenAPIRequest(spec, path, request, base_url)
    if not body:
        # Not even decoded: openapi-core raises TypeError on a multipart part whose schema has
        # a 3.1 type array (Discord's sticker `description: {type: [string, null]}`).
        seen.body = None
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Unsupported scheme type")
        errors = list(validator.iter_errors(seen))
    if not body:
        errors = [e for e in errors if not isinstance(e, RequestBodyValidationError)]
    errors = [
        e
        for e in errors
        if not (isinstance(e, ParameterValidationError) and (e.location, e.name) in without)
    ]
    return [f"openapi-core rejects the request: {_explain(error)}" for error in errors]


def response_problems(
    spec: Spec, path: str, request: RecordedRequest, base_url: str, response: OpenAPIResponse
) -> list[str]:
    """openapi-core's verdict on a response to a request to the operation at `path`."""
    try:
        request_seen = OpenAPIRequest(spec, path, request, base_url)
        _openapi(spec, path, reading=True).validate_response(request_seen, response)
    except OpenAPIError as error:
        return [f"openapi-core rejects the {response.status_code} response: {_explain(error)}"]
    return []
