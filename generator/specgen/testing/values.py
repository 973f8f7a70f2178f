"""Values for the contract tests: the spec's examples, and values drawn from its schemas.

The values are drawn by schemathesis, from the strategies of operations of its views of the
document (`views`): real ones for requests, and synthetic ones whose request body is the schema
of a value wanted (a response body, one property). Every value used is checked with the spec's
own validator (`Spec.is_valid`), so a value is never sent or served unless it conforms.
`first()` gives a deterministic value: the simplest one hypothesis draws (its generation starts
with the simplest choice of everything). When a schema admits no value at all, `NoValue` says
which schema; the tests skip with that reason. (`NotSet` is schemathesis' mark of a body left
out.)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample, Unsatisfiable
from schemathesis.core import NotSet
from schemathesis.errors import SchemathesisError

from . import wire
from .empty_schemas import why_no_value
from .form_schemas import sendable_form_media
from .spec import Spec, parameter_schema
from .views import NoValue, Views, for_drawing

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
    """Strategies over the spec's schemas (the latest kept, see `forgetting`), and the first
    value of each schema, kept for the session."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.views = Views(spec)
        self._values: dict[str, Any] = {}  # the first value of each schema, by its JSON text

    # -- strategies ---------------------------------------------------------------------------

    def requests(self, operation_pointer: str) -> st.SearchStrategy[Drawn]:
        """Requests of a real operation of the spec, drawn by schemathesis."""
        try:
            operation = self.views.operation(operation_pointer)
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
                    "content": {content_type: for_drawing(media, swap=False)},
                },
                "responses": {"200": {"description": "synthetic"}},
            }
        }
        strategy: st.SearchStrategy[Drawn] = self.views.synthetic(False, path, item, _drawn)
        return strategy

    def of_schema(self, schema: Any, *, reading: bool = False) -> st.SearchStrategy[Any]:
        """Values of one schema of the document (inline, its `$ref`s into the document)."""
        key = json.dumps([schema, reading], sort_keys=True)
        path = f"{_SYNTHETIC_PREFIX}/{hashlib.sha256(key.encode()).hexdigest()[:16]}"
        media = {"schema": for_drawing(schema, swap=reading)}
        item = {
            "post": {
                "operationId": path,
                "security": [],
                "requestBody": {"required": True, "content": {"application/json": media}},
                "responses": {"200": {"description": "synthetic"}},
            }
        }
        return self.views.synthetic(reading, path, item, lambda case: plain(case.body))

    def parameters(self, operation_pointer: str, path: str) -> st.SearchStrategy[Drawn]:
        """Requests of an operation with every parameter of it made required (so that each one
        gets a value), drawn by schemathesis."""
        params = [
            {**for_drawing(param, swap=False), "required": True}
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
        strategy: st.SearchStrategy[Drawn] = self.views.synthetic(False, synthetic, item, _drawn)
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
