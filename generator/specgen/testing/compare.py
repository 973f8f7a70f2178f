"""Comparing JSON values, and turning what the client parsed back into JSON data.

Strings of `format: date-time` compare as instants (`...09.211Z` equals `...09.211+00:00`), and
of `format: uri` (or `url`, `iri`) as URLs (`https://a.example` equals `https://a.example/`, RFC
3986 section 6.2.3), since clients parse them and write them back in one spelling; everything else
is exact (1 and 1.0 are the same JSON number; true and 1 are not).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlsplit

import pydantic

from .api import Api
from .schemas import alternatives, is_date_time, string_formats, sub_schema
from .spec import Spec, escape

__all__ = ["differences", "dump", "json_text", "same", "undeclared"]


def json_text(value: Any) -> str:
    """A value as JSON text (null, true, "text"), shortened for messages."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def same(left: Any, right: Any) -> bool:
    """Equal as JSON values: booleans are not numbers."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    return bool(left == right)


def _instant(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


_URL_FORMATS = frozenset({"uri", "url", "iri"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _url(text: str) -> tuple[str, ...] | None:
    """A URL in a normal form (scheme and host lower case, no default port, `/` for no path)."""
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host += f":{port}"
    path = parts.path or ("/" if parts.netloc else "")
    return (scheme, parts.username or "", host, path, parts.query, parts.fragment)


def differences(spec: Spec, expected: Any, actual: Any, schema: Any, at: str = "") -> list[str]:
    """Where two JSON values differ, by JSON pointer: keys, nulls, values and types."""
    where = at or "/"
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key, value in expected.items():
            pointer = f"{at}/{escape(key)}"
            if key not in actual:
                found.append(f"{pointer}: missing (expected {json_text(value)})")
            else:
                found += differences(
                    spec, value, actual[key], sub_schema(spec, schema, key), pointer
                )
        found += [
            f"{at}/{escape(key)}: not expected (got {json_text(value)})"
            for key, value in actual.items()
            if key not in expected
        ]
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            count = f"expected {len(expected)} items, got {len(actual)}"
            return [f"{where}: {count}: {json_text(actual)}"]
        found = []
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            found += differences(
                spec, left, right, sub_schema(spec, schema, index), f"{at}/{index}"
            )
        return found
    if isinstance(expected, str) and isinstance(actual, str) and expected != actual:
        if is_date_time(spec, schema):
            left, right = _instant(expected), _instant(actual)
            if left is not None and right is not None and left == right:
                return []
        if string_formats(spec, schema) & _URL_FORMATS:
            left_url, right_url = _url(expected), _url(actual)
            if left_url is not None and left_url == right_url:
                return []
    if same(expected, actual):
        return []
    return [f"{where}: expected {json_text(expected)}, got {json_text(actual)}"]


def dump(value: Any) -> Any:
    """A parsed value back as JSON data: models by alias, only the fields that were set.

    Date-times are written with all the precision the client parsed: the runtime writes them
    with milliseconds (for requests), and DigitalOcean's `...35.572287990Z` would then compare
    as another instant than the `...35.572287` the client holds."""
    if isinstance(value, pydantic.RootModel):
        return dump(value.root) if _holds_instants(value.root) else _json(value)
    if isinstance(value, pydantic.BaseModel):
        data = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
        fields = vars(value)
        for name, info in type(value).model_fields.items():
            key = info.serialization_alias or info.alias or name
            if key in data and _holds_instants(fields.get(name)):
                data[key] = dump(fields[name])
        return data
    if isinstance(value, dt.datetime):
        text = value.isoformat()
        return text[: -len("+00:00")] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, list | tuple):
        return [dump(item) for item in value]
    if isinstance(value, dict):
        return {key: dump(item) for key, item in value.items()}
    return _json(value)


def _json(value: Any) -> Any:
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return pydantic.TypeAdapter(Any).dump_python(value, mode="json")


def _holds_instants(value: Any) -> bool:
    """A datetime, a model, or a list or dict holding one (other values keep the JSON form
    their field's serializer gives them)."""
    if isinstance(value, dt.datetime | pydantic.BaseModel):
        return True
    if isinstance(value, list | tuple):
        return any(_holds_instants(item) for item in value)
    if isinstance(value, dict):
        return any(_holds_instants(item) for item in value.values())
    return False


def undeclared(api: Api, value: Any, at: str = "") -> list[str]:
    """Properties the spec documents that the models kept as unknown extras, not as fields."""
    found = []
    if isinstance(value, pydantic.BaseModel):
        pointer = api.model_pointers.get(type(value).__name__)
        documented: set[str] = set()
        if pointer:
            for alt in alternatives(api.spec, api.spec.resolve(pointer)):
                documented |= set(alt.get("properties") or {})
        for key in sorted(set(value.model_extra or {}) & documented):
            found.append(
                f"{at}/{escape(key)}: the spec documents this property of {type(value).__name__}, "
                "but no field of the model has it as alias (it was kept as an unknown extra)"
            )
        # Read from the instance's dict: `getattr` warns on fields the spec marks deprecated.
        fields = vars(value)
        for name, info in type(value).model_fields.items():
            found += undeclared(api, fields.get(name), f"{at}/{escape(info.alias or name)}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found += undeclared(api, item, f"{at}/{index}")
    elif isinstance(value, dict):
        for key, item in value.items():
            found += undeclared(api, item, f"{at}/{escape(str(key))}")
    return found
