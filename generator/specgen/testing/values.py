"""Values for the contract tests: the spec's examples, and values drawn from its schemas.

Drawing is schemathesis' job (`schemathesis.openapi.from_dict`, `APIOperation.as_strategy`): it
turns the spec's schemas (OpenAPI 3.0 or 3.1, `$ref`s, `oneOf` with discriminators, forms and
multipart uploads) into hypothesis strategies of valid requests. Its public API is all that is
used (and `NotSet`, its mark of a body left out): a value of an arbitrary schema (a response body,
one property) is drawn as the request body of a synthetic operation added, on first use, to a
copy of the document. Responses are drawn from a copy
whose `readOnly` and `writeOnly` are swapped, since schemathesis draws requests, which leave out
`readOnly` properties where a response must have them.

Every value used is checked with the spec's own validator (`Spec.is_valid`), so a value is never
sent or served unless it conforms. `first()` gives a deterministic value: the simplest one
hypothesis draws (its generation starts with the simplest choice of everything). When a schema
admits no value at all, `NoValue` says which schema; the tests skip with that reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample, Unsatisfiable
from schemathesis.core import NotSet
from schemathesis.errors import SchemathesisError

from . import wire
from .empty_schemas import why_no_value
from .form_schemas import sendable_form_media
from .spec import Spec, parameter_schema

__all__ = ["NO_BODY", "Drawn", "NoValue", "Values", "as_json", "first", "own_example", "plain"]


class _NoBody:
    def __repr__(self) -> str:
        return "NO_BODY"


NO_BODY: Any = _NoBody()
"""Marks a request or response without a body."""

_SYNTHETIC_PREFIX = "/x-specgen-values"
_FIRST = settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.generate],
    print_blob=False,
    suppress_health_check=list(HealthCheck),
)
"""One value: no shrinking (the first draw is the simplest one already), no example database."""
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


_KEPT_STRATEGIES = 8
"""Strategies kept for reuse: the latest ones (a test's sync and async runs draw from the same).
Every value drawn is kept (`Values._values` and the callers' caches), so a strategy built again
later costs CPU only, where keeping them all costs megabytes each on a large document (a
strategy holds its schema with every component it reaches)."""


def _clear_library_caches() -> None:
    """Empty the process-wide caches where schemathesis and hypothesis keep the strategies they
    built (128 canonical schemas, 1,024 strategies): on a large document each entry holds
    megabytes, and they, not our own, are what kept Stripe's suite above 2 GB. These are private
    names of the pinned versions; one that is not there is skipped."""
    from hypothesis.strategies._internal import utils
    from schemathesis.generation import hypothesis as generation

    for cache in (
        getattr(generation, "canonical_form_cache", None),
        getattr(generation, "canonical_strategy_cache", None),
    ):
        if cache is not None and callable(getattr(cache, "clear", None)):
            cache.clear()
    clear = getattr(utils, "clear_strategy_cache", None)
    if callable(clear):
        clear()


def _forget_operations(schema: Any) -> None:
    """Make a schemathesis view forget the operations it built. It keeps each one for good (in
    its loader, and in its config's cache keyed by operation), and each operation keeps the
    strategies of its body and parameters: on Stripe, 600 of them held 1.3 GB. The strategies
    in use hold their operation themselves; an operation looked up again is built again.
    Private names of the pinned version (4.32.5); one that is not there is skipped."""
    loader = getattr(schema, "_operations", None)
    clear = getattr(loader, "clear_cache", None)
    if callable(clear):
        clear()
    operations = getattr(getattr(schema, "config", None), "operations", None)
    cache = getattr(operations, "_cache", None)
    if isinstance(cache, dict):
        cache.clear()


class NoValue(Exception):
    """No value can be had for a schema (it admits none, or none that both validators accept)."""


@dataclass(frozen=True)
class Drawn:
    """A request drawn by schemathesis: parameter values by (in, name), and the body."""

    parameters: Mapping[tuple[str, str], Any]
    body: Any  # NO_BODY when the drawn request has none (an optional body left out)
    media_type: str | None


def first(strategy: st.SearchStrategy[Any], what: str, accept: Callable[[Any], bool]) -> Any:
    """The first value of `strategy` that `accept` takes, the same on every run."""
    try:
        return find(strategy, accept, settings=_FIRST)
    except (NoSuchExample, Unsatisfiable) as error:
        detail = str(error).strip().splitlines()[0] if str(error).strip() else "none found"
        raise NoValue(f"{what}: no valid value could be drawn ({detail})") from None
    except SchemathesisError as error:
        detail = str(error).strip().splitlines()[0]
        raise NoValue(f"{what}: schemathesis cannot draw a value ({detail})") from None


def plain(value: Any, *, files: bool = False) -> Any:
    """A drawn value as plain data: schemathesis' binary strings become bytes where a client
    uploads them (`files`: a raw body, the parts of a form and their lists), text elsewhere."""
    if isinstance(value, str) and isinstance(getattr(value, "data", None), bytes):
        data: bytes = value.data  # type: ignore[attr-defined]
        return data if files else data.decode("latin-1")
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item, files=files) for item in value]
    return value


def as_json(value: Any) -> Any:
    """A value as the JSON its schema describes: bytes (files) as latin-1 text."""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("latin-1")
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [as_json(item) for item in value]
    return value


def own_example(schema: Any) -> tuple[bool, Any]:
    """(found, value): a schema's own `example`, or the first of its `examples`."""
    if not isinstance(schema, dict):
        return False, None
    if "example" in schema:
        return True, schema["example"]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return True, examples[0]
    return False, None


class Values:
    """Strategies over the spec's schemas, built on first use and kept for the session."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self._documents: dict[bool, dict[str, Any]] = {}
        self._schemas: dict[bool, Any] = {}
        # The latest strategies, least recently used first (see `_KEPT_STRATEGIES`).
        self._strategies: OrderedDict[tuple[bool, str], st.SearchStrategy[Any]] = OrderedDict()
        self._built = 0  # strategies built since the libraries' caches were last emptied
        self._values: dict[str, Any] = {}  # the first value of each schema, by its JSON text

    # -- schemathesis' views of the document --------------------------------------------------

    def _document(self, reading: bool) -> dict[str, Any]:
        if reading not in self._documents:
            source = self.spec.document
            document = _for_drawing(source, swap=reading)
            document["paths"] = dict(document.get("paths") or {})  # synthetic ones go here
            self._documents[reading] = document
        return self._documents[reading]

    def _schema(self, reading: bool) -> Any:
        if reading not in self._schemas:
            self._schemas[reading] = schemathesis.openapi.from_dict(self._document(reading))
        return self._schemas[reading]

    def _synthetic(
        self,
        reading: bool,
        path: str,
        item: dict[str, Any],
        convert: Callable[[Any], Any],
    ) -> st.SearchStrategy[Any]:
        """The strategy of a synthetic operation (its one method), added to the document once;
        `convert` makes each drawn case a value."""
        key = (reading, path)
        strategy = self._strategies.pop(key, None)
        if strategy is None:
            self._release()
            self._document(reading)["paths"][path] = item
            (method,) = item
            reference = "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method
            try:
                operation = self._schema(reading).find_operation_by_reference(reference)
            except SchemathesisError as error:
                raise NoValue(f"schemathesis cannot read {path}: {error}") from None
            strategy = operation.as_strategy().map(convert)
        self._strategies[key] = strategy
        while len(self._strategies) > _KEPT_STRATEGIES:
            self._strategies.popitem(last=False)
        return strategy

    def _release(self) -> None:
        """Once every `_KEPT_STRATEGIES` strategies built, empty the libraries' caches of the
        older ones. schemathesis' views of the document stay: rebuilt, each was one more copy
        of the document kept alive by what had been drawn from it (DigitalOcean's suite grew
        from 0.45 to 2.2 GB), where keeping them costs Stripe only tens of megabytes."""
        self._built += 1
        if self._built % _KEPT_STRATEGIES == 0:
            _clear_library_caches()
            for schema in self._schemas.values():
                _forget_operations(schema)

    # -- strategies ---------------------------------------------------------------------------

    def requests(self, operation_pointer: str) -> st.SearchStrategy[Drawn]:
        """Requests of a real operation of the spec, drawn by schemathesis."""
        self._release()
        try:
            operation = self._schema(False).find_operation_by_reference("#" + operation_pointer)
        except SchemathesisError as error:
            raise NoValue(f"{operation_pointer}: {str(error).splitlines()[0]}") from None
        strategy: st.SearchStrategy[Drawn] = operation.as_strategy().map(_drawn)
        return strategy

    def bodies(self, operation_pointer: str, content_type: str) -> st.SearchStrategy[Drawn]:
        """Request bodies of an operation in one of its media types (the one the client sends),
        as schemathesis draws them (forms field by field, files as bytes; an optional body is
        sometimes left out)."""
        request_body = self.spec.deref(self.spec.node(operation_pointer).get("requestBody"))
        media = self.spec.deref((request_body.get("content") or {}).get(content_type)) or {}
        media = sendable_form_media(self.spec, media, content_type)  # see form_schemas
        digest = hashlib.sha256(f"{operation_pointer} {content_type}".encode()).hexdigest()[:16]
        path = f"{_SYNTHETIC_PREFIX}/{digest}"
        item = {
            "post": {
                "operationId": path,
                "security": [],
                "requestBody": {
                    "required": request_body.get("required") is True,
                    "content": {content_type: _for_drawing(media, swap=False)},
                },
                "responses": {"200": {"description": "synthetic"}},
            }
        }
        strategy: st.SearchStrategy[Drawn] = self._synthetic(False, path, item, _drawn)
        return strategy

    def of_schema(self, schema: Any, *, reading: bool = False) -> st.SearchStrategy[Any]:
        """Values of one schema of the document (inline, its `$ref`s into the document)."""
        key = json.dumps([schema, reading], sort_keys=True)
        path = f"{_SYNTHETIC_PREFIX}/{hashlib.sha256(key.encode()).hexdigest()[:16]}"
        media = {"schema": _for_drawing(schema, swap=reading)}
        item = {
            "post": {
                "operationId": path,
                "security": [],
                "requestBody": {"required": True, "content": {"application/json": media}},
                "responses": {"200": {"description": "synthetic"}},
            }
        }
        return self._synthetic(reading, path, item, lambda case: plain(case.body))

    def parameters(self, operation_pointer: str, path: str) -> st.SearchStrategy[Drawn]:
        """Requests of an operation with every parameter of it made required (so that each one
        gets a value), drawn by schemathesis."""
        params = [
            {**_for_drawing(param, swap=False), "required": True}
            for param in self.spec.operation_parameters(operation_pointer)
            if not (
                param["in"] == "header"
                and param["name"].lower() in ("accept", "content-type", "authorization")
            )
        ]
        digest = hashlib.sha256(operation_pointer.encode()).hexdigest()[:16]
        synthetic = f"{_SYNTHETIC_PREFIX}/{digest}{path}"
        item = {
            "get": {
                "operationId": synthetic,
                "security": [],
                "parameters": params,
                "responses": {"200": {"description": "synthetic"}},
            }
        }
        strategy: st.SearchStrategy[Drawn] = self._synthetic(False, synthetic, item, _drawn)
        return strategy

    # -- single values ------------------------------------------------------------------------

    def value(
        self,
        schema: Any,
        what: str,
        *,
        reading: bool = False,
        accept: Callable[[Any], bool] | None = None,
        strategy: st.SearchStrategy[Any] | None = None,
    ) -> Any:
        """The first value of a schema (drawn from `strategy`, by default the schema's own) that
        the spec's validator accepts, and `accept` too."""

        def valid(value: Any) -> bool:
            ok = self.spec.is_valid(as_json(value), schema, reading=reading)
            return ok and (accept is None or accept(value))

        empty = why_no_value(self.spec, schema)  # known to admit none: say why, do not draw
        if empty is not None:
            raise NoValue(f"{what}: the schema admits no value: {empty}")
        if strategy is not None:
            return first(strategy, what, valid)
        if accept is not None:
            return first(self.of_schema(schema, reading=reading), what, valid)
        key = json.dumps([schema, reading], sort_keys=True)
        if key not in self._values:
            self._values[key] = first(self.of_schema(schema, reading=reading), what, valid)
        return self._values[key]

    def example_or_value(
        self,
        schema: Any,
        what: str,
        *,
        reading: bool = False,
        accept: Callable[[Any], bool] | None = None,
        strategy: st.SearchStrategy[Any] | None = None,
    ) -> Any:
        """A valid value for a schema: its own example; else the first drawn value with each
        top-level property that has a valid example set to it; else the first drawn value."""

        def wanted(value: Any) -> bool:
            valid = self.spec.is_valid(as_json(value), schema, reading=reading)
            return valid and (accept is None or accept(value))

        target = self.spec.deref(schema)
        found, value = own_example(schema)
        if not found:
            found, value = own_example(target)
        if found and wanted(value):
            return value
        drawn = self.value(schema, what, reading=reading, accept=accept, strategy=strategy)
        if isinstance(drawn, dict) and isinstance(target, dict):
            overlaid = dict(drawn)
            for name, sub in (target.get("properties") or {}).items():
                has, example = own_example(sub)
                if not has:
                    has, example = own_example(self.spec.deref(sub))
                if has and self.spec.is_valid(example, sub, reading=reading):
                    overlaid[name] = example
            if overlaid != drawn and wanted(overlaid):
                return overlaid
        return drawn

    def parameter_value(
        self, param: Mapping[str, Any], drawn: Mapping[tuple[str, str], Any]
    ) -> Any:
        """A parameter's value: its example, else what schemathesis drew for it (`drawn`), else
        a value drawn from its schema; each only when it validates and has a wire form."""
        schema = parameter_schema(param)
        location, name = str(param["in"]), str(param["name"])

        def sendable(value: Any) -> bool:
            # An empty query value is one the spec must allow (`allowEmptyValue`).
            empty = value == "" or (isinstance(value, list | tuple) and "" in value)
            if empty and location == "query" and param.get("allowEmptyValue") is not True:
                return False
            return wire.sendable(location, value)

        def usable(value: Any) -> bool:
            return sendable(value) and self.spec.is_valid(value, schema)

        candidates: list[Any] = []
        if "example" in param:
            candidates.append(param["example"])
        for example in (param.get("examples") or {}).values():
            example = self.spec.deref(example)
            if isinstance(example, dict) and "value" in example:
                candidates.append(example["value"])
        found, value = own_example(self.spec.deref(schema))
        if found:
            candidates.append(value)
        if (location, name) in drawn:
            # schemathesis spells query values as their wire text (`true`, `null`): read it back.
            candidates += [drawn[(location, name)], _unspelled(drawn[(location, name)])]
        for candidate in candidates:
            if usable(candidate):
                return candidate
        return self.value(
            schema,
            f"{location} parameter {name} (schema {json.dumps(schema)[:200]})",
            accept=sendable,
        )


def _unspelled(value: Any) -> Any:
    """A value with the JSON text schemathesis puts in query strings read back as JSON."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return [_unspelled(item) for item in value]
    if isinstance(value, dict):
        return {key: _unspelled(item) for key, item in value.items()}
    return value


def _drawn(case: Any) -> Drawn:
    parameters: dict[tuple[str, str], Any] = {}
    for location, values in (
        ("path", case.path_parameters),
        ("query", case.query),
        ("header", case.headers),
        ("cookie", case.cookies),
    ):
        for name, value in (values or {}).items():
            parameters[(location, str(name))] = plain(value)
    body = NO_BODY if isinstance(case.body, NotSet) else case.body
    media = str(case.media_type or "").split(";")[0].strip().lower()
    is_form = media.startswith("multipart/") or media == "application/x-www-form-urlencoded"
    if is_form and isinstance(body, dict):
        body = {str(key): plain(item, files=True) for key, item in body.items()}
    elif body is not NO_BODY:
        body = plain(body, files=not (media.endswith("json") or media.startswith("text/")))
    return Drawn(parameters, body, case.media_type)


def _for_drawing(value: Any, *, swap: bool, names: bool = False) -> Any:
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
                copied[key] = _for_drawing(item, swap=swap)
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
                copied[key] = _for_drawing(item, swap=swap, names=key in _NAMED_CHILDREN)
        untyped = "type" not in value and "$ref" not in value
        if not names and untyped and isinstance(value.get("properties"), dict):
            copied["type"] = "object"
        if not names:
            _pin_inherited_tag(copied)
        return copied
    if isinstance(value, list):
        return [_for_drawing(item, swap=swap) for item in value]
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
