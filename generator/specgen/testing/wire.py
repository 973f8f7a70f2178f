"""How values look on the wire: parameters by their OpenAPI style, and form bodies.

The request checks compare what a client sent with what the spec says a value must look like:
`expected_pairs` spells a parameter value the way its `style` and `explode` say (RFC 6570 as
OpenAPI applies it), `form_pairs` and `multipart_parts` do the same for the fields of a form
body, and `read_multipart` takes a multipart body apart.
"""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "FormNode",
    "Part",
    "deep_object",
    "default_explode",
    "default_style",
    "expected_pairs",
    "form_fields",
    "form_pairs",
    "form_sendable",
    "has_null",
    "multipart_parts",
    "read_multipart",
    "scalar_text",
    "sendable",
    "texts_match",
]

_COOKIE_TEXT = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+")


def default_style(location: str) -> str:
    return "form" if location in ("query", "cookie") else "simple"


def default_explode(style: str) -> bool:
    return style == "form"


def scalar_text(value: Any) -> str:
    """A scalar as text: booleans as `true`/`false`, null as empty, numbers and strings as is."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def _text_sendable(location: str, text: str) -> bool:
    if location == "path":
        return bool(text) and text.isprintable() and "/" not in text and text not in (".", "..")
    if location == "header":
        return bool(text) and text == text.strip() and all(" " <= c <= "~" for c in text)
    if location == "cookie":
        return _COOKIE_TEXT.fullmatch(text) is not None
    return text.isprintable()


def sendable(location: str, value: Any) -> bool:
    """Whether a parameter value has a wire form that means it and only it: no null anywhere
    (a query string has no null), no empty list or object (they send nothing), scalars and
    flat lists or objects of them, and text the location carries unchanged (no `/` in a path
    segment, visible ASCII in a header, cookie-octets in a cookie)."""
    if value is None:
        return False
    if isinstance(value, bool | int):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, str):
        return _text_sendable(location, value)
    if isinstance(value, list | tuple):
        return bool(value) and all(
            not isinstance(item, list | tuple | dict) and sendable(location, item) for item in value
        )
    if isinstance(value, dict):
        return bool(value) and all(
            isinstance(key, str)
            and _text_sendable(location, key)
            and not isinstance(item, list | tuple | dict)
            and sendable(location, item)
            for key, item in value.items()
        )
    return False


def has_null(value: Any) -> bool:
    """Whether a value holds a null anywhere (a form field, like a query, cannot send one)."""
    if value is None:
        return True
    if isinstance(value, dict):
        return any(has_null(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(has_null(item) for item in value)
    return False


def form_sendable(value: Any, encoding: Mapping[str, Any] | None = None) -> bool:
    """Whether a form body has a wire form that means it and only it: at least one field, and
    each a scalar, bytes (a file), a non-empty list of those, or an object of scalars; no null
    (a form field cannot be null) and no nesting beyond that (forms do not say how to spell it),
    except in a field whose Encoding Object says `deepObject` (see `expected_pairs`)."""

    def scalar(item: Any) -> bool:
        return isinstance(item, str | bytes | int | float | bool) and not has_null(item)

    def field_sendable(name: str, item: Any) -> bool:
        if deep_object(encoding or {}, name) and not isinstance(item, bytes):
            return _deep_sendable(item)
        if isinstance(item, list | tuple):
            return bool(item) and all(scalar(i) for i in item)
        if isinstance(item, dict):
            return bool(item) and all(scalar(i) for i in item.values())
        return scalar(item)

    if not isinstance(value, dict) or not value:
        return False
    return all(field_sendable(name, item) for name, item in value.items())


def deep_object(encoding: Mapping[str, Any], name: str) -> bool:
    """Whether the Encoding Object of a form field says `style: deepObject`."""
    rules = encoding.get(name)
    return isinstance(rules, Mapping) and rules.get("style") == "deepObject"


def texts_match(expected: str, sent: str) -> bool:
    """The same text, the same number (`1.0` and `1`), or the same instant (`Z` and `+00:00`)."""
    if expected == sent:
        return True
    try:
        return float(expected) == float(sent)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(expected) == dt.datetime.fromisoformat(sent)
    except ValueError:
        return False


def expected_pairs(
    name: str, location: str, style: str, explode: bool, value: Any
) -> list[tuple[str, str]] | None:
    """The (name, text) pairs a parameter value is sent as; None for a style not checked here.

    For path and header parameters the name of each pair is the parameter's name and its text
    the whole value; for query and cookie parameters there is one pair per field or item.
    """
    if value is None:
        return []
    items: list[Any] | None = list(value) if isinstance(value, list | tuple) else None
    fields: Mapping[str, Any] | None = value if isinstance(value, Mapping) else None
    if location in ("path", "header") and style == "simple":
        if items is not None:
            return [(name, ",".join(scalar_text(item) for item in items))]
        if fields is not None:
            joined = [
                f"{k}={scalar_text(v)}" if explode else f"{k},{scalar_text(v)}"
                for k, v in fields.items()
            ]
            return [(name, ",".join(joined))]
        return [(name, scalar_text(value))]
    if location not in ("query", "cookie"):
        return None
    if style == "form":
        if items is not None:
            if explode:
                return [(name, scalar_text(item)) for item in items if item is not None]
            return [(name, ",".join(scalar_text(item) for item in items))]
        if fields is not None:
            if explode:
                return [(str(k), scalar_text(v)) for k, v in fields.items() if v is not None]
            return [(name, ",".join(f"{k},{scalar_text(v)}" for k, v in fields.items()))]
        return [(name, scalar_text(value))]
    if style in ("spaceDelimited", "pipeDelimited") and items is not None and not explode:
        separator = " " if style == "spaceDelimited" else "|"
        return [(name, separator.join(scalar_text(item) for item in items))]
    if style == "deepObject":
        return _bracketed(name, value)
    return None


def _bracketed(name: str, value: Any) -> list[tuple[str, str]]:
    """deepObject: `name[key]=text` for each field of an object. OpenAPI leaves nesting
    undefined; nested objects take more brackets and arrays their indexes (`a[b][0]=x`), as
    Stripe, Rails and `qs` read them, and a scalar is `name=text`."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [pair for k, v in value.items() for pair in _bracketed(f"{name}[{k}]", v)]
    if isinstance(value, list | tuple):
        return [pair for i, v in enumerate(value) for pair in _bracketed(f"{name}[{i}]", v)]
    return [(name, scalar_text(value))]


def _deep_sendable(value: Any) -> bool:
    """Whether a deepObject value has a wire form that means it and only it: no null and no
    empty object or array anywhere (they send nothing), keys that are names (not empty, no
    brackets), scalars at the leaves."""
    if isinstance(value, Mapping):
        return bool(value) and all(
            isinstance(k, str) and k and not set(k) & set("[]") and _deep_sendable(v)
            for k, v in value.items()
        )
    if isinstance(value, list | tuple):
        return bool(value) and all(_deep_sendable(item) for item in value)
    return isinstance(value, str | int | float | bool)


def form_pairs(body: Mapping[str, Any], encoding: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The pairs of an application/x-www-form-urlencoded body (each field: style form, explode
    true, unless its Encoding Object says otherwise)."""
    pairs: list[tuple[str, str]] = []
    for name, value in body.items():
        rules = encoding.get(name) or {}
        style = str(rules.get("style", "form"))
        explode = bool(rules.get("explode", default_explode(style)))
        found = expected_pairs(name, "query", style, explode, value)
        pairs += found if found is not None else [(name, scalar_text(value))]
    return pairs


@dataclass
class FormNode:
    """A form field as sent: the texts sent under its name and, for a deepObject field, the
    fields bracketed under it (`a[b]=x` is `a`'s child `b` with text `x`)."""

    texts: list[str] = field(default_factory=list)
    children: dict[str, FormNode] = field(default_factory=dict)


_BRACKETS = re.compile(r"([^\[\]]+)((?:\[[^\[\]]*\])+)")


def form_fields(pairs: list[tuple[str, str]], encoding: Mapping[str, Any]) -> dict[str, FormNode]:
    """The fields of a urlencoded form, by name; the brackets of a deepObject field's pairs
    (`card[address][city]`) are read as nesting (see `expected_pairs`)."""
    fields: dict[str, FormNode] = {}
    for key, text in pairs:
        path = [key]
        found = _BRACKETS.fullmatch(key)
        if found is not None and deep_object(encoding, found.group(1)):
            path = [found.group(1), *found.group(2)[1:-1].split("][")]
        node = fields.setdefault(path[0], FormNode())
        for name in path[1:]:
            node = node.children.setdefault(name, FormNode())
        node.texts.append(text)
    return fields


@dataclass(frozen=True)
class Part:
    """One part of a multipart body: its field name, file name (None for a text field), bytes."""

    name: str
    filename: str | None
    data: bytes


def multipart_parts(body: Mapping[str, Any]) -> list[tuple[str, bytes]]:
    """The (name, bytes) of each part a multipart body must have: bytes as they are (a file),
    a list as one part per item, an object as JSON (OpenAPI's default for objects), text as
    UTF-8; null and missing fields send no part."""
    parts: list[tuple[str, bytes]] = []
    for name, value in body.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            if item is None:
                continue
            if isinstance(item, bytes | bytearray):
                parts.append((name, bytes(item)))
            else:
                parts.append((name, scalar_text(item).encode("utf-8")))
    return parts


def read_multipart(content_type: str, body: bytes) -> list[Part] | None:
    """The parts of a multipart body, in order; None when it is not one."""
    header = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + body)
    if not message.is_multipart():
        return None
    parts = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(data, bytes):
            return None
        parts.append(Part(name, part.get_filename(), data))
    return parts


_FIELD_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def is_field_name(param: Mapping[str, Any]) -> bool:
    """False for a header or cookie parameter whose name is no token (RFC 9110, RFC 6265):
    `header param` has a space, which clients refuse to send."""
    if param.get("in") not in ("header", "cookie"):
        return True
    return _FIELD_NAME.fullmatch(str(param.get("name", ""))) is not None
