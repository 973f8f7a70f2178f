"""schemathesis' views of the document, which the contract tests' values are drawn from.

Drawing is schemathesis' job (`schemathesis.openapi.from_dict`, `APIOperation.as_strategy`): it
turns the spec's schemas (OpenAPI 3.0 or 3.1, `$ref`s, `oneOf` with discriminators, forms and
multipart uploads) into hypothesis strategies of valid requests. Its public API is all that is
used here: a value of an arbitrary schema (a response body, one property) is drawn as the request
body of a synthetic operation added, on first use, to a copy of the document. Responses are
drawn from a copy whose `readOnly` and `writeOnly` are swapped, since schemathesis draws
requests, which leave out `readOnly` properties where a response must have them. What is kept
of the strategies, and for how long, is `forgetting`'s policy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import schemathesis
from hypothesis import strategies as st
from schemathesis.errors import SchemathesisError

from .forgetting import Retention
from .spec import Spec, escape

__all__ = ["NoValue", "Views", "for_drawing"]

_ACCESS_SWAP = {"readOnly": "writeOnly", "writeOnly": "readOnly"}
_DATA_KEYWORDS = frozenset({"example", "examples", "default", "const", "enum", "x-examples"})
_NAMED_CHILDREN = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "schemas", "paths", "responses"}
)


def _date_times() -> st.SearchStrategy[str]:
    """RFC 3339 date-times in the spellings servers use: Z or an offset, 0, 3 or 6 decimals.

    The instants have whole milliseconds: generated clients write date-times with millisecond
    precision (`.mmmZ`), so a finer one would not be sent as given (a known limit, see README).
    """
    moments = st.datetimes(
        min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2099, 12, 31)
    ).map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))
    offsets = st.sampled_from(["Z", "+00:00", "+05:30", "-08:00"])
    decimals = st.sampled_from([3, 0, 6])

    def spell(moment: dt.datetime, offset: str, digits: int) -> str:
        text = moment.strftime("%Y-%m-%dT%H:%M:%S")
        if digits:
            text += "." + f"{moment.microsecond:06d}"[:digits]
        return text + offset

    return st.builds(spell, moments, offsets, decimals)


def _decimals() -> st.SearchStrategy[str]:
    """OpenAPI's format registry: `decimal` is a fixed-point number, in a string (Stripe's
    `amount_decimal`); schemathesis knows no such format and draws any text, which the
    generated models (pydantic's Decimal) rightly refuse."""
    return st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str)


# For the whole test process: schemathesis' own date-times have any precision.
schemathesis.openapi.format("date-time", _date_times())
schemathesis.openapi.format("decimal", _decimals())


class NoValue(Exception):
    """No value can be had for a schema (it admits none, or none that both validators accept)."""


class Views:
    """The two views of the spec's document (for requests, and `reading`: for responses), and
    the strategies of their operations; the latest kept (see `forgetting.Retention`)."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self._documents: dict[bool, dict[str, Any]] = {}
        self._schemas: dict[bool, Any] = {}
        self.retention = Retention(self.loaded)

    def loaded(self) -> list[Any]:
        """The schemathesis views built so far."""
        return list(self._schemas.values())

    def _document(self, reading: bool) -> dict[str, Any]:
        if reading not in self._documents:
            source = self.spec.document
            document = for_drawing(source, swap=reading)
            document["paths"] = dict(document.get("paths") or {})  # synthetic ones go here
            self._documents[reading] = document
        return self._documents[reading]

    def _schema(self, reading: bool) -> Any:
        if reading not in self._schemas:
            self._schemas[reading] = schemathesis.openapi.from_dict(self._document(reading))
        return self._schemas[reading]

    def operation(self, pointer: str) -> Any:
        """A real operation of the spec, built for a strategy (raises schemathesis' errors)."""
        self.retention.building()
        return self._schema(False).find_operation_by_reference("#" + pointer)

    def synthetic(
        self,
        reading: bool,
        path: str,
        item: dict[str, Any],
        convert: Callable[[Any], Any],
    ) -> st.SearchStrategy[Any]:
        """The strategy of a synthetic operation (its one method), added to the document once;
        `convert` makes each drawn case a value."""
        key = (reading, path)
        strategy = self.retention.take(key)
        if strategy is None:
            self.retention.building()
            self._document(reading)["paths"][path] = item
            (method,) = item
            reference = f"#/paths/{escape(path)}/{method}"
            try:
                operation = self._schema(reading).find_operation_by_reference(reference)
            except SchemathesisError as error:
                raise NoValue(f"schemathesis cannot read {path}: {error}") from None
            strategy = operation.as_strategy().map(convert)
        self.retention.keep(key, strategy)
        return strategy


def for_drawing(value: Any, *, swap: bool, names: bool = False) -> Any:
    """A deep copy of the document as the values are drawn from it.

    `swap`: `readOnly` and `writeOnly` swapped (not inside example data), for response values.
    A schema with `properties` and no `type` gets `type: object`: the generated models read it
    as an object (as `specgen.document.schema.is_object_with_properties` does), while the schema
    alone also admits strings, numbers and null, which no model of it parses. `names`: the keys
    of `value` are names (of properties, components), not keywords.
    """
    if isinstance(value, dict):
        copied: dict[str, Any] = {}
        for key, item in value.items():
            if names:
                copied[key] = for_drawing(item, swap=swap)
            elif key in _DATA_KEYWORDS:
                copied[key] = item
            elif key == "nullable" and "type" not in value:
                # Without a `type` beside it, `nullable` admits no null (OAS 3.0.3; 3.1 has no
                # such keyword), as the spec's validator reads it; schemathesis drew null from it
                # (GitHub's `allOf: [git-user]` authors), so few values of a response were valid.
                continue
            elif key.startswith("x-") and _has_ref(item):
                # An extension is no keyword to draw by, but schemathesis follows its `$ref`s and
                # drops a body with one that does not resolve (Spotify's x-spotify-policy-list).
                continue
            elif swap and key in _ACCESS_SWAP and isinstance(item, bool):
                copied[_ACCESS_SWAP[key]] = item
            else:
                copied[key] = for_drawing(item, swap=swap, names=key in _NAMED_CHILDREN)
        untyped = "type" not in value and "$ref" not in value
        if not names and untyped and isinstance(value.get("properties"), dict):
            copied["type"] = "object"
        if not names:
            _pin_inherited_tag(copied)
        return copied
    if isinstance(value, list):
        return [for_drawing(item, swap=swap) for item in value]
    return value


def _has_ref(value: Any) -> bool:
    if isinstance(value, dict):
        return "$ref" in value or any(_has_ref(item) for item in value.values())
    return isinstance(value, list) and any(_has_ref(item) for item in value)


def _pin_inherited_tag(schema: dict[str, Any]) -> None:
    """A base schema whose discriminator maps tags to the schemas that extend it (Adyen's
    `ShopperIdPaymentMethod`: `type` with `pattern: payTo|upi_collect`, unanchored) admits any
    tag as JSON Schema, but a tag that names no schema (`payTo0`) is no valid message: the
    client cannot pick a class for it, nor could a server. Values drawn from it carry one of the
    mapping's tags. (A oneOf/anyOf with a discriminator picks its members by their schemas.)"""
    discriminator = schema.get("discriminator")
    if not isinstance(discriminator, dict) or "oneOf" in schema or "anyOf" in schema:
        return
    name, mapping = discriminator.get("propertyName"), discriminator.get("mapping")
    if isinstance(name, str) and isinstance(mapping, dict) and mapping:
        tags = {"properties": {name: {"enum": sorted(mapping)}}}
        schema["allOf"] = [*(schema.get("allOf") or []), tags]
