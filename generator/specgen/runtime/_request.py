"""Building requests: from what a generated method hands over to the `httpx.Request` sent.

A generated method describes its operation with an `Endpoint` and passes its parameters, body and
`RequestOptions`. `prepare_request()` turns them into a `PreparedRequest`: URL, query, headers,
cookies and encoded body, everything that stays the same across attempts, including the call's
idempotency key when it needs one (made here, once per call, so that every attempt sends the
same). `build_http_request()` adds one attempt's authentication and the caller's extra headers
and query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from ._auth import AuthParts
from ._body import RefusedBody
from ._retries import IDEMPOTENT_METHODS, carries_idempotency_key, new_idempotency_key
from ._types import NOT_GIVEN, NotGiven, Timeout
from ._utils import plural
from ._values import file_part, is_file, json_bytes, param_str, query_items
from .errors import RequestProblem, RequestValidationError

__all__ = [
    "Endpoint",
    "PreparedRequest",
    "RequestOptions",
    "build_http_request",
    "prepare_request",
]

_PATH_PARAMETER = re.compile(r"\{([^{}]+)\}")
_FORM = ("form", True)  # OpenAPI's default style of query parameters and form fields


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One operation of the spec, as a generated method hands it to `request()`.

    Attributes:
        method: the HTTP method, upper case.
        path: the path template, e.g. `/api/v1/tickets/{ticketId}`.
        operation_id: the spec's operationId (for messages and logs).
        security: alternatives of scheme-name sets; `()` means no authentication.
        responses: `"200"`, `"2XX"`, `"default"`, `"404"`... → the type the body is parsed into
            (a model class or an annotation such as `list[Pet]`, or its text, which names the
            package's models and is resolved on first use: see `_lazy`), or None for no body.
        content_type: the media type of the request body, or None when there is none.
        query_styles: query parameter name → (style, explode), where the spec's are not the
            default (`form`, exploded).
        form_styles: field name → (style, explode) of the fields of a form body whose Encoding
            Object says how they are spelled (the others are sent `form`, exploded; a mapping
            as JSON).
        server_url: the operation's own server in the spec (its or its path item's `servers`),
            when it is not the document's: `https://files.stripe.com/`, with `{name}` where a
            server variable of the client goes. None: the client's `base_url`.
        idempotent: True when sending the operation twice has the effect of sending it once
            (the spec's `x-specgen-idempotent`); None: as its method says (`IDEMPOTENT_METHODS`).
        idempotency_header: the header parameter in which the spec says the operation takes an
            idempotency key (`Idempotency-Key`); a call that gives none gets a new one.
    """

    method: str
    path: str
    operation_id: str
    security: tuple[tuple[str, ...], ...] = ()
    responses: Mapping[str, object] = field(default_factory=dict)
    content_type: str | None = None
    query_styles: Mapping[str, tuple[str, bool]] = field(default_factory=dict)
    form_styles: Mapping[str, tuple[str, bool]] = field(default_factory=dict)
    server_url: str | None = None
    idempotent: bool | None = None
    idempotency_header: str | None = None

    @property
    def replayable(self) -> bool:
        """True when a repeat of the operation, without a key, is as good as one call."""
        if self.idempotent is not None:
            return self.idempotent
        return self.method in IDEMPOTENT_METHODS


@dataclass(frozen=True, slots=True)
class RequestOptions:
    """Per-call settings every generated method accepts.

    Attributes:
        extra_headers: sent on top of (and overriding) all other headers.
        extra_query: query parameters added to (and overriding) the others.
        timeout: overrides the client's timeout for this call.
        max_retries: overrides the client's `max_retries` for this call.
    """

    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, object] | None = None
    timeout: Timeout | NotGiven = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    """A request before authentication: everything that stays the same across attempts."""

    endpoint: Endpoint
    url: str
    query: list[tuple[str, str]]
    headers: httpx.Headers
    cookies: dict[str, str]
    content: bytes | None
    form: dict[str, Any] | None
    files: list[tuple[str, Any]] | None
    extra_query: list[tuple[str, str]]
    extra_headers: Mapping[str, str]
    timeout: Timeout
    max_retries: int
    replayable: bool = False
    """True when retrying cannot do the work twice: the operation is idempotent, or the call
    carries an idempotency key (see `_retries`)."""

    def bare_request(self) -> httpx.Request:
        """An `httpx.Request` to attach to an error raised before one was built."""
        return httpx.Request(self.endpoint.method, self.url)


def prepare_request(
    endpoint: Endpoint,
    *,
    base_url: str,
    user_agent: str,
    default_headers: Mapping[str, str],
    client_params: Sequence[tuple[str, str, object]],
    path_params: Mapping[str, object],
    query: Mapping[str, object],
    headers: Mapping[str, object],
    cookies: Mapping[str, object],
    body: object,
    options: RequestOptions,
    timeout: Timeout,
    max_retries: int,
    idempotency_header: str | None = None,
) -> PreparedRequest:
    """One call's request: the client's settings, then the method's parameters and body.

    `client_params` are `(location, name, value)` of the parameters given to the client; a
    parameter of the call with the same name wins. `timeout` and `max_retries` are the client's,
    which `options` may override. `idempotency_header` is the client's: the header in which a
    call that is not replayable gets a key of its own, when the spec names none.

    Raises:
        errors.RequestValidationError: the call cannot be sent (a path parameter is missing, the
            body was refused by `build_body`, a value cannot be encoded); every problem at once.
    """
    problems: list[RequestProblem] = []
    placeholder = _PATH_PARAMETER.search(base_url)
    if placeholder:  # a server variable whose default only says what to put there
        problems.append(
            RequestProblem(
                None,
                "server",
                f"{base_url} has no value for {placeholder.group(0)}; give the client a base_url",
            )
        )
    path = _expand_path(endpoint, path_params, problems)
    url = base_url.rstrip("/") + (path if path.startswith("/") else f"/{path}")
    try:
        prepared = _prepare(
            endpoint,
            url,
            user_agent=user_agent,
            default_headers=default_headers,
            client_params=client_params,
            query=query,
            headers=headers,
            cookies=cookies,
            body=body,
            options=options,
            timeout=timeout,
            max_retries=max_retries,
            idempotency_header=idempotency_header,
            problems=problems,
        )
    except TypeError as exc:  # a value that cannot be encoded (binary text, a set in JSON...)
        problems.append(RequestProblem(None, "", str(exc)))
        prepared = None
    if problems or prepared is None:
        listed = "; ".join(map(str, problems))
        message = f"{endpoint.operation_id}: not sent, {plural(len(problems), 'problem')}: {listed}"
        raise RequestValidationError(
            message, request=httpx.Request(endpoint.method, url), problems=problems
        )
    return prepared


def _prepare(
    endpoint: Endpoint,
    url: str,
    *,
    user_agent: str,
    default_headers: Mapping[str, str],
    client_params: Sequence[tuple[str, str, object]],
    query: Mapping[str, object],
    headers: Mapping[str, object],
    cookies: Mapping[str, object],
    body: object,
    options: RequestOptions,
    timeout: Timeout,
    max_retries: int,
    idempotency_header: str | None,
    problems: list[RequestProblem],
) -> PreparedRequest | None:
    pairs: list[tuple[str, str]] = []
    all_headers = httpx.Headers({"Accept": "application/json", "User-Agent": user_agent})
    all_headers.update(default_headers)
    all_cookies: dict[str, str] = {}
    for location, name, value in client_params:
        if location == "query":
            pairs = _override(pairs, query_items(name, value))
        elif value is not None and not isinstance(value, NotGiven):
            target = all_cookies if location == "cookie" else all_headers
            target[name] = param_str(value)
    styles = endpoint.query_styles
    pairs = _override(
        pairs,
        [p for name, v in query.items() for p in query_items(name, v, *styles.get(name, _FORM))],
    )
    for name, value in headers.items():
        if value is not None and not isinstance(value, NotGiven):
            all_headers[name] = param_str(value)
    for name, value in cookies.items():
        if value is not None and not isinstance(value, NotGiven):
            all_cookies[name] = param_str(value)

    content: bytes | None = None
    form: dict[str, Any] | None = None
    files: list[tuple[str, Any]] | None = None
    if isinstance(body, RefusedBody):
        problems.extend(body.problems)
    elif not isinstance(body, NotGiven):
        content_type = endpoint.content_type or "application/json"
        content, form, files = _encode_body(content_type, body, endpoint.form_styles)
        if files is None:
            all_headers["Content-Type"] = content_type
    if problems:
        return None

    extra_query = [
        pair for name, v in (options.extra_query or {}).items() for pair in query_items(name, v)
    ]
    extra_headers = dict(options.extra_headers or {})
    # The spec's key header, else the client's for a call that needs a key to be retried.
    key_header = endpoint.idempotency_header or (
        None if endpoint.replayable else idempotency_header
    )
    carries_key = carries_idempotency_key([*all_headers.keys(), *extra_headers], key_header)
    if key_header and not carries_key:  # made once: every attempt of the call sends the same
        all_headers[key_header] = new_idempotency_key()
        carries_key = True
    return PreparedRequest(
        endpoint=endpoint,
        url=url,
        query=pairs,
        headers=all_headers,
        cookies=all_cookies,
        content=content,
        form=form,
        files=files,
        extra_query=extra_query,
        extra_headers=extra_headers,
        timeout=timeout if isinstance(options.timeout, NotGiven) else options.timeout,
        max_retries=(
            max_retries if isinstance(options.max_retries, NotGiven) else options.max_retries
        ),
        replayable=endpoint.replayable or carries_key,
    )


def build_http_request(
    http_client: httpx.Client | httpx.AsyncClient, prepared: PreparedRequest, auth: AuthParts
) -> httpx.Request:
    """The request of one attempt: `prepared` with `auth` and the caller's extras on top."""
    headers = httpx.Headers(prepared.headers)
    headers.update(auth.headers)
    cookies = {**prepared.cookies, **auth.cookies}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    headers.update(prepared.extra_headers)
    query = _override(_override(prepared.query, auth.query), prepared.extra_query)
    return http_client.build_request(
        prepared.endpoint.method,
        prepared.url,
        params=tuple(query) or None,
        headers=headers,
        content=prepared.content,
        data=prepared.form,
        files=prepared.files,
        timeout=prepared.timeout,
    )


def _expand_path(
    endpoint: Endpoint, path_params: Mapping[str, object], problems: list[RequestProblem]
) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        value = path_params.get(name, NOT_GIVEN)
        if value is None or isinstance(value, NotGiven):
            problems.append(RequestProblem(name, name, "the path parameter is required"))
            return match.group(0)
        try:
            text = param_str(value)
        except TypeError as exc:
            problems.append(RequestProblem(name, name, str(exc)))
            return match.group(0)
        if not text:
            problems.append(RequestProblem(name, name, "the path parameter must not be empty"))
            return match.group(0)
        if text in (".", ".."):
            return text.replace(".", "%2E")
        return quote(text, safe="")

    return _PATH_PARAMETER.sub(replace, endpoint.path)


def _override(pairs: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """`pairs` without the names that `new` sets, followed by `new`."""
    if not new:
        return pairs
    names = {name for name, _ in new}
    return [pair for pair in pairs if pair[0] not in names] + new


def _encode_body(
    content_type: str, body: object, form_styles: Mapping[str, tuple[str, bool]]
) -> tuple[bytes | None, dict[str, Any] | None, list[tuple[str, Any]] | None]:
    """The request body as bytes, or as the parts of a multipart body."""
    media = content_type.split(";")[0].strip().lower()
    if isinstance(body, bytes | bytearray):
        return bytes(body), None, None
    if media == "application/json" or media.endswith("+json"):
        return json_bytes(body), None, None
    if media == "application/x-www-form-urlencoded" and isinstance(body, Mapping):
        pairs: list[tuple[str, str | bytes]] = []
        for name, value in body.items():
            style = form_styles.get(str(name))
            if style is None or isinstance(value, bytes | bytearray):
                pairs += _form_items(str(name), value)
            else:
                pairs += query_items(str(name), value, *style)
        return urlencode(pairs).encode("ascii"), None, None
    if media.startswith("multipart/") and isinstance(body, Mapping):
        parts: list[tuple[str, Any]] = []
        for name, value in body.items():
            parts.extend(_multipart_parts(str(name), value))
        # Every part goes in `files` (a text part has no filename), so httpx always sends
        # multipart, in the order given, even when there is no file.
        return None, None, parts
    if isinstance(body, str):
        return body.encode("utf-8"), None, None
    raise TypeError(f"cannot send a {type(body).__name__} as {content_type}")


def _form_items(name: str, value: object) -> list[tuple[str, str | bytes]]:
    """The pairs of one urlencoded form field; bytes are sent byte for byte."""
    if isinstance(value, bytes | bytearray):
        return [(name, bytes(value))]
    if isinstance(value, list | tuple):
        return [pair for item in value for pair in _form_items(name, item)]
    if isinstance(value, Mapping):
        return [(name, json_bytes(value).decode("utf-8"))]
    return list(query_items(name, value))


def _multipart_parts(name: str, value: object) -> list[tuple[str, Any]]:
    """The parts of one multipart field: files with their filename and content type, text
    parts for scalars (`true`/`false`, enum values), JSON parts for objects, a part per item of
    an array."""
    if value is None or isinstance(value, NotGiven):
        return []
    if is_file(value):
        return [(name, file_part(name, value))]
    if isinstance(value, list):
        return [part for item in value for part in _multipart_parts(name, item)]
    if isinstance(value, Mapping):
        return [(name, (None, json_bytes(value), "application/json"))]
    return [(name, (None, param_str(value)))]
