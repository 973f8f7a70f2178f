# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/testing/request_checks.py, the same for every API.
# SPDX-License-Identifier: MIT
"""What a captured request must look like, each problem naming what the spec requires.

A request is checked in two independent ways: field by field against the spec and what the test
gave (method, path, parameters spelled in their style, security, content type, body equal to what
was given), then as a whole by openapi-core (`validation`), except for form bodies (multipart and
urlencoded) and deepObject parameters, which are read here by their schema and validated with the
spec's validator (see `validation` for why).
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any
from urllib.parse import parse_qsl, quote, unquote

from werkzeug.datastructures import Headers

from . import validation, wire
from .api import Api, Operation
from .calls import Call
from .client import PASSWORD, TOKEN, USERNAME, api_key
from .compare import differences
from .schemas import is_binary, kinds, sub_schema
from .server import RecordedRequest
from .spec import Spec, parameter_schema
from .values import NO_BODY

__all__ = ["body_problems", "parameter_problems", "request_problems", "security_problems"]


def request_problems(
    api: Api, operation: Operation, call: Call, request: RecordedRequest, base_url: str
) -> list[str]:
    """Everything wrong with a captured request."""
    problems = []
    if request.method != operation.http_method:
        problems.append(
            f"method: the spec says {operation.http_method}, the client sent {request.method}"
        )
    problems += parameter_problems(api.spec, operation, call, request, base_url)
    problems += security_problems(api.spec, operation, request)
    problems += body_problems(api.spec, operation, call, request)
    form = operation.body is not None and operation.body.is_form
    deep = frozenset(
        (param["in"], param["name"])
        for param in api.spec.operation_parameters(operation.pointer)
        if param.get("style") == "deepObject"
    )
    problems += validation.request_problems(
        api.spec, operation.path, request, base_url, body=not form, without=deep
    )
    return problems


# -- parameters -------------------------------------------------------------------------------


# RFC 3986 pchar without percent-encoding (and `/`): what a literal path part is sent as.
_PATH_SAFE = "/!$&'()*+,;=:@-._~"


def _literal(text: str) -> str:
    """A literal part of a path template, as sent: itself, or percent-encoded where a URL must
    encode it (DigitalOcean's `/<upload_url>` goes out as `/%3Cupload_url%3E`)."""
    encoded = quote(text, safe=_PATH_SAFE)
    if encoded == text:
        return re.escape(text)
    return f"(?:{re.escape(text)}|{re.escape(encoded)})"


def _path_values(operation: Operation, path: str) -> dict[str, str] | None:
    # The names are read from the template itself: escaped, `{hyphen-in-path}` would read as
    # `hyphen\-in\-path`, a parameter the spec does not have.
    names: list[str] = []
    parts = re.split(r"\{([^{}]+)\}", operation.path)
    pattern = ""
    for index, part in enumerate(parts):
        if index % 2:
            names.append(part)
            pattern += f"(?P<p{len(names) - 1}>[^/]+)"
        else:
            pattern += _literal(part)
    found = re.fullmatch(pattern, path)
    if found is None:
        return None
    return {name: unquote(found.group(f"p{i}")) for i, name in enumerate(names)}


def _sent_pairs(
    location: str,
    name: str,
    names: set[str],
    request: RecordedRequest,
    path_values: dict[str, str],
) -> list[tuple[str, str]]:
    headers = Headers(list(request.headers))
    if location == "path":
        return [(name, path_values[name])] if name in path_values else []
    if location == "query":
        return [(k, v) for k, v in request.query_params if k in names]
    if location == "header":
        values = headers.getlist(name)
        return [(name, ", ".join(values))] if values else []
    cookies = validation.cookies_of(headers)
    return [(k, cookies[k]) for k in sorted(names) if k in cookies]


def _expected_query_pairs(
    spec: Spec, operation: Operation, call: Call
) -> dict[str, list[tuple[str, str]]]:
    """The pairs each given query parameter must send, by parameter name."""
    found: dict[str, list[tuple[str, str]]] = {}
    for param in spec.operation_parameters(operation.pointer):
        name = param["name"]
        if param["in"] != "query" or ("query", name) not in call.parameters:
            continue
        style = str(param.get("style", wire.default_style("query")))
        explode = bool(param.get("explode", wire.default_explode(style)))
        given = call.parameters[("query", name)]
        found[name] = wire.expected_pairs(name, "query", style, explode, given) or []
    return found


def _without(sent: list[tuple[str, str]], taken: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """`sent` less one matching pair for each pair of `taken` (a multiset difference)."""
    rest = list(sent)
    for name, text in taken:
        match = next(
            (i for i, (n, t) in enumerate(rest) if n == name and wire.texts_match(text, t)), None
        )
        if match is not None:
            rest.pop(match)
    return rest


def _pairs_match(expected: list[tuple[str, str]], sent: list[tuple[str, str]]) -> bool:
    if len(expected) != len(sent):
        return False
    by_name: dict[str, list[str]] = {}
    for name, text in sent:
        by_name.setdefault(name, []).append(text)
    for name, text in expected:
        texts = by_name.get(name) or []
        match = next((i for i, t in enumerate(texts) if wire.texts_match(text, t)), None)
        if match is None:
            return False
        texts.pop(match)
    return True


def _is_own_idempotency_key(
    operation: Operation, location: str, name: str, sent: list[tuple[str, str]]
) -> bool:
    """Whether `sent` is the one key the client makes for the operation's idempotency-key
    header when the caller gives none: a single, non-empty value."""
    return (
        location == "header"
        and name.lower() == operation.idempotency_header.lower() != ""
        and len(sent) == 1
        and bool(sent[0][1].strip())
    )


def parameter_problems(
    spec: Spec, operation: Operation, call: Call, request: RecordedRequest, base_url: str
) -> list[str]:
    """Each parameter of the spec: sent as its style spells the value given, absent otherwise."""
    problems = []
    path = validation.request_path(request, base_url)
    path_values = _path_values(operation, path)
    if path_values is None:
        problems.append(f"path: sent {path!r}, which does not match the spec's {operation.path!r}")
        path_values = {}
    security_names = _security_parameter_names(spec, operation)
    documented = set()
    others = _expected_query_pairs(spec, operation, call)
    for param in spec.operation_parameters(operation.pointer):
        location, name = param["in"], param["name"]
        if location == "header" and name.lower() in ("accept", "content-type", "authorization"):
            continue
        style = str(param.get("style", wire.default_style(location)))
        explode = bool(param.get("explode", wire.default_explode(style)))
        given = call.parameters.get((location, name))
        expected = (
            wire.expected_pairs(name, location, style, explode, given)
            if (location, name) in call.parameters
            else None
        )
        names = {n for n, _ in expected or []} | {name}
        if location == "query":
            documented |= names
        sent = _sent_pairs(location, name, names, request, path_values)
        if location == "query":
            # Exploded objects spell their properties as top-level keys, so two of them with a
            # property in common (`model_prop` and `required_model_prop`, each `a_property=..`)
            # share pairs: those the other parameters account for are theirs.
            sent = _without(
                sent, [p for key, pairs in others.items() if key != name for p in pairs]
            )
        what = f"{location} parameter {name}"
        if (location, name) not in call.parameters:
            own_key = _is_own_idempotency_key(operation, location, name, sent)
            if sent and (location, name.lower()) not in security_names and not own_key:
                problems.append(f"{what} was not given, but the client sent {sent!r}")
            continue
        if given is not None and not sent:
            required = (
                "required by the spec " if param.get("required") or location == "path" else ""
            )
            problems.append(f"{what} {required}is missing (the test gave {given!r})")
        elif expected is not None and not _pairs_match(expected, sent):
            problems.append(
                f"{what} ({style}, explode={str(explode).lower()}): the client sent {sent!r}, "
                f"the value given ({given!r}) is {expected!r}"
            )
        if style == "deepObject" and sent:  # read here, not by openapi-core (see `validation`)
            schema = parameter_schema(param)
            node = wire.form_fields(sent, {name: param}).get(name, wire.FormNode())
            error = spec.first_error(_read_node(spec, schema, node), schema)
            if error is not None:
                problems.append(
                    f"{what} (deepObject), read back, does not match its schema {error}"
                )
    for key in sorted({k for k, _ in request.query_params} - documented):
        if ("query", key.lower()) not in security_names:
            problems.append(f"query parameter {key} is not in the spec, but the client sent it")
    return problems


# -- security ---------------------------------------------------------------------------------


def _security_parameter_names(spec: Spec, operation: Operation) -> set[tuple[str, str]]:
    names = set()
    for requirement in spec.security_requirements(operation.pointer):
        for scheme_name in requirement:
            scheme = spec.security_scheme(scheme_name)
            if scheme.get("type") == "apiKey":
                names.add((str(scheme.get("in")), str(scheme.get("name")).lower()))
    return names


def _scheme_problems(spec: Spec, scheme_name: str, request: RecordedRequest) -> list[str]:
    scheme = spec.security_scheme(scheme_name)
    headers = Headers(list(request.headers))
    kind = scheme.get("type")
    if kind == "apiKey":
        location, name = scheme.get("in"), str(scheme.get("name"))
        if location == "query":
            sent = dict(request.query_params).get(name)
        elif location == "cookie":
            sent = validation.cookies_of(headers).get(name)
        else:
            sent = headers.get(name)
        if sent is None:
            return [
                f"{location} {name} required by the spec (security scheme {scheme_name}) is missing"
            ]
        if sent != api_key(scheme_name):
            return [
                f"{location} {name} (security scheme {scheme_name}) is {sent!r}, not the key given"
            ]
        return []
    if kind == "http" and str(scheme.get("scheme")).lower() == "basic":
        token = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode("ascii")
        prefix, rule = "Basic", "HTTP basic"
    else:
        token = TOKEN
        http_scheme = str(scheme.get("scheme"))
        default = "Bearer" if kind != "http" or http_scheme.lower() == "bearer" else http_scheme
        # Read as the generator reads it (specgen/document/extensions.py, which this vendored
        # package cannot import): a non-empty string, else the scheme's default.
        given = scheme.get("x-specgen-token-prefix")
        given = given if isinstance(given, str) and given.strip() else ""
        prefix = given or default
        rule = "x-specgen-token-prefix" if given else f"{kind} default"
    sent = headers.get("Authorization")
    if sent is None:
        return [
            f"header Authorization required by the spec (security scheme {scheme_name}) is missing"
        ]
    word, _, value = sent.partition(" ")
    if word.lower() != prefix.lower() or value != token:
        return [
            (
                f"header Authorization (security scheme {scheme_name}) must be "
                f"{prefix + ' ' + token!r} ({rule}), the client sent {sent!r}"
            )
        ]
    return []


def security_problems(spec: Spec, operation: Operation, request: RecordedRequest) -> list[str]:
    """At least one security alternative of the operation is satisfied, with the given secrets."""
    requirements = spec.security_requirements(operation.pointer)
    if not requirements or any(not r for r in requirements):
        return []
    failures = []
    for requirement in requirements:
        problems = [p for name in requirement for p in _scheme_problems(spec, name, request)]
        if not problems:
            return []
        failures.append(" and ".join(problems))
    if len(failures) == 1:
        return failures
    return ["no security alternative of the spec is satisfied: " + " | or | ".join(failures)]


# -- the body ---------------------------------------------------------------------------------


def body_problems(
    spec: Spec, operation: Operation, call: Call, request: RecordedRequest
) -> list[str]:
    """The body: absent when none was given, else of the spec's media type and as given."""
    if call.body is NO_BODY:
        if request.body:
            return [f"the request has a body ({request.body[:80]!r}), but none was given"]
        return []
    assert operation.body is not None
    body = operation.body
    content_type = str(Headers(list(request.headers)).get("Content-Type", ""))
    media = content_type.split(";")[0].strip().lower()
    problems = []
    if media != body.media_type:
        problems.append(
            f"header Content-Type is {media or None!r}, the spec's body is {body.media_type!r}"
        )
    if isinstance(call.body, bytes):
        if request.body != call.body:
            problems.append(f"the body is {request.body[:80]!r}, not the bytes given")
        return problems
    if body.is_multipart and isinstance(call.body, dict):
        return problems + _multipart_problems(spec, call, content_type, request.body)
    if body.media_type == "application/x-www-form-urlencoded" and isinstance(call.body, dict):
        encoding = spec.node(body.pointer).get("encoding") or {}
        expected = wire.form_pairs(call.body, encoding)
        sent = parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True)
        if not _pairs_match(expected, sent):
            problems.append(f"the form is {sent!r}; the body given ({call.body!r}) is {expected!r}")
        value = _read_form(spec, call.body_schema, wire.form_fields(sent, encoding), encoding)
        error = spec.first_error(value, call.body_schema)
        if error is not None:
            problems.append(f"the form, read field by field, does not match its schema {error}")
        return problems
    if body.is_json:
        try:
            sent_json = json.loads(request.body)
        except ValueError:
            return [*problems, f"the body is not JSON: {request.body[:80]!r}"]
        return problems + [
            f"body {d}" for d in differences(spec, call.body, sent_json, call.body_schema)
        ]
    if isinstance(call.body, str) and request.body != call.body.encode("utf-8"):
        problems.append(f"the body is {request.body[:80]!r}, not the text given")
    return problems


def _multipart_problems(spec: Spec, call: Call, content_type: str, data: bytes) -> list[str]:
    parts = wire.read_multipart(content_type, data)
    if parts is None:
        return [f"the body is not a multipart form: {data[:80]!r}"]
    sent: dict[str, list[bytes]] = {}
    for part in parts:
        sent.setdefault(part.name, []).append(part.data)
    expected: dict[str, list[bytes]] = {}
    for name, part_data in wire.multipart_parts(call.body):
        expected.setdefault(name, []).append(part_data)
    problems = []
    for name in sorted(set(sent) | set(expected)):
        given = call.body.get(name)
        files = isinstance(given, bytes | bytearray) or (
            isinstance(given, list | tuple) and any(isinstance(i, bytes | bytearray) for i in given)
        )
        if not _same_parts(sent.get(name, []), expected.get(name, []), text=not files):
            problems.append(
                f"multipart field {name}: the parts sent are {sent.get(name, [])!r}, "
                f"the value given ({call.body.get(name)!r}) is {expected.get(name, [])!r}"
            )
    value = {
        name: _read_part(spec, sub_schema(spec, call.body_schema, name), datas)
        for name, datas in sent.items()
    }
    error = spec.first_error(value, call.body_schema)
    if error is not None:
        problems.append(
            f"the multipart body, read field by field, does not match its schema {error}"
        )
    return problems


def _same_parts(sent: list[bytes], expected: list[bytes], *, text: bool) -> bool:
    """The parts carry the values given: files byte for byte; text as the same text, number or
    instant (a model writes `2000-01-01T00:00:00.000Z` for `...00Z`); an object's JSON part in
    any order of its keys (a model serialises them in its fields' order)."""
    return len(sent) == len(expected) and all(
        _same_part(one, other, text=text) for one, other in zip(sent, expected, strict=True)
    )


def _same_part(sent: bytes, expected: bytes, *, text: bool) -> bool:
    if sent == expected:
        return True
    if not text:
        return False
    if expected[:1] not in (b"{", b"["):
        return wire.texts_match(
            expected.decode("utf-8", "replace"), sent.decode("utf-8", "replace")
        )
    try:
        return bool(json.loads(sent) == json.loads(expected))
    except ValueError:
        return False


def _read_form(
    spec: Spec, schema: Any, fields: dict[str, wire.FormNode], encoding: dict[str, Any]
) -> dict[str, Any]:
    """A urlencoded form as its schema reads it: each field by its style (a deepObject field's
    brackets as objects and, where the schema has an array, indexes), each text as the value
    its schema accepts (`5` an integer where a string would not do, `true` a boolean)."""
    value = {}
    for name, node in fields.items():
        rules = encoding.get(name) or {}
        field_schema = sub_schema(spec, schema, name)
        if node.children or wire.deep_object(encoding, name):
            value[name] = _read_node(spec, field_schema, node)
            continue
        style = str(rules.get("style", "form"))
        texts = node.texts
        found = kinds(spec, field_schema)
        if "array" in found and "string" not in found:
            if not rules.get("explode", style == "form") and texts:
                separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
                texts = texts[-1].split(separator)
            item_schema = sub_schema(spec, field_schema, 0)
            value[name] = [_read_text(spec, item_schema, text) for text in texts]
        else:
            value[name] = _read_text(spec, field_schema, texts[-1])
    return value


def _read_node(spec: Spec, schema: Any, node: wire.FormNode) -> Any:
    if not node.children:
        return _read_text(spec, schema, node.texts[-1]) if node.texts else None
    if "array" in kinds(spec, schema) and all(key.isdigit() for key in node.children):
        ordered = sorted(node.children.items(), key=lambda item: int(item[0]))
        return [_read_node(spec, sub_schema(spec, schema, 0), child) for _, child in ordered]
    return {
        key: _read_node(spec, sub_schema(spec, schema, key), child)
        for key, child in node.children.items()
    }


def _read_text(spec: Spec, schema: Any, text: str) -> Any:
    """The text of a form field as the first value its schema accepts: the text itself, else
    the JSON it spells (`5`, `true`; else the text, which the schema then rejects)."""
    if spec.is_valid(text, schema):
        return text
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if spec.is_valid(value, schema) else text


def _read_part(spec: Spec, schema: Any, datas: list[bytes]) -> Any:
    """A multipart field as the schema reads it: files as (latin-1) text, lists as lists, JSON
    for objects, numbers and booleans from their text."""
    found = kinds(spec, schema)
    if "array" in found and "string" not in found:
        return [_read_part(spec, sub_schema(spec, schema, 0), [data]) for data in datas]
    data = datas[-1]
    if is_binary(spec, schema):
        return data.decode("latin-1")
    text = data.decode("utf-8", "replace")
    if "string" in found:
        return text
    if "object" in found or "array" in found:
        try:
            return json.loads(text)
        except ValueError:
            return text
    if "boolean" in found and text in ("true", "false"):
        return text == "true"
    for kind, convert in (("integer", int), ("number", float)):
        if kind in found:
            try:
                return convert(text)
            except ValueError:
                pass
    return text
