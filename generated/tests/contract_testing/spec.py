# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/testing/spec.py, the same for every API.
# SPDX-License-Identifier: MIT
"""The spec the contract tests check against: the bundled document embedded beside them.

`Spec` reads it lazily (`openapi.yaml`: JSON after comment lines, so it is YAML too), follows
JSON pointers and local `$ref`s, and validates values against its schemas in the document's own
dialect (OpenAPI 3.0's or 3.1's JSON Schema), in the direction of the exchange: `readOnly`
properties belong to responses, `writeOnly` ones to requests.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS30WriteValidator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)
from referencing import Registry
from referencing.jsonschema import DRAFT4, DRAFT202012

__all__ = ["Spec", "escape", "is_json", "parameter_schema"]

_SPEC_URI = "urn:contract:spec"
# The flag that lifts `required`, by direction (`reading`: a response).
_FLAG = {False: "readOnly", True: "writeOnly"}


def escape(token: str) -> str:
    """A JSON pointer token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def is_json(media_type: str | None) -> bool:
    """application/json, or any `+json` type (RFC 6839)."""
    base = (media_type or "").split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def parameter_schema(param: Mapping[str, Any]) -> Any:
    """The schema of a Parameter or Header Object (`schema`, or the one of its `content`)."""
    if "schema" in param:
        return param["schema"]
    content: dict[str, Any] = param.get("content") or {}
    media: dict[str, Any] = next(iter(content.values()), {})
    return media.get("schema", {})


class Spec:
    """The bundled spec document, read on first use."""

    def __init__(self, path: Path | None = None, document: dict[str, Any] | None = None) -> None:
        if (path is None) == (document is None):
            raise ValueError("give the spec file or the document, not both")
        self.path = path
        self._document = document
        self._directed: dict[str, dict[str, Any]] = {}

    @classmethod
    def beside(cls, module_file: str, name: str = "openapi.yaml") -> Spec:
        """The spec file `name` in the folder of a module (`Spec.beside(__file__)`)."""
        return cls(Path(module_file).resolve().with_name(name))

    def __repr__(self) -> str:
        return f"Spec({str(self.path) if self.path else '<document>'!r})"

    @property
    def document(self) -> dict[str, Any]:
        """The document; a file is read once (JSON that follows its comment lines)."""
        if self._document is None:
            assert self.path is not None
            text = self.path.read_text(encoding="utf-8")
            start = 0 if text.startswith("{") else text.index("\n{") + 1
            self._document = json.loads(text[start:])
        return self._document

    @property
    def is_oas30(self) -> bool:
        return str(self.document.get("openapi", "")).startswith("3.0")

    # -- JSON pointers and references ---------------------------------------------------------

    def resolve(self, pointer: str) -> Any:
        """The value at a JSON pointer of the document."""
        value: Any = self.document
        for token in pointer.split("/")[1:] if pointer else []:
            token = token.replace("~1", "/").replace("~0", "~")
            value = value[int(token)] if isinstance(value, list) else value[token]
        return value

    def deref(self, value: Any) -> Any:
        """`value`, or what its local `$ref` (and theirs) point to."""
        for _ in range(50):
            if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
                return value
            value = self.resolve(unquote(value["$ref"].removeprefix("#")))
        raise ValueError("$ref chain too long")

    def node(self, pointer: str) -> Any:
        """The value at a pointer, its `$ref` followed."""
        return self.deref(self.resolve(pointer))

    # -- servers, parameters, security --------------------------------------------------------

    def server_url(self, path: str | None = None, method: str = "") -> str:
        """The first server URL, variables at their defaults ("" when there is none): of the
        operation `method` at `path` when given, whose own `servers` (else its path item's)
        override the document's (DigitalOcean's inference operations)."""
        servers = self.document.get("servers") or [{"url": ""}]
        if path is not None:
            item = self.deref(self.document["paths"][path])
            operation = self.deref(item.get(method.lower()) or {})
            servers = operation.get("servers") or item.get("servers") or servers
        url = str(servers[0].get("url", ""))
        for name, variable in (servers[0].get("variables") or {}).items():
            url = url.replace("{" + name + "}", str(variable.get("default", "")))
        return url

    def base_path(self) -> str:
        """The path part of the server URL, which operation paths are appended to."""
        return urlsplit(self.server_url()).path.rstrip("/")

    def operation_parameters(self, operation_pointer: str) -> list[dict[str, Any]]:
        """The Parameter Objects of an operation: path-level ones overridden by its own."""
        item = self.node(operation_pointer.rsplit("/", 1)[0])
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for raw in [
            *(item.get("parameters") or []),
            *(self.node(operation_pointer).get("parameters") or []),
        ]:
            param = self.deref(raw)
            merged[(param["in"], param["name"])] = param
        return list(merged.values())

    def security_requirements(self, operation_pointer: str) -> list[dict[str, Any]]:
        """The operation's security alternatives (its own, else the document's)."""
        operation = self.node(operation_pointer)
        if "security" in operation:
            return list(operation["security"] or [])
        return list(self.document.get("security") or [])

    def security_scheme(self, name: str) -> dict[str, Any]:
        schemes = (self.document.get("components") or {}).get("securitySchemes") or {}
        scheme: dict[str, Any] = self.deref(schemes.get(name, {}))
        return scheme

    # -- validation ---------------------------------------------------------------------------

    @functools.cached_property
    def _registries(self) -> dict[bool, Registry[Any]]:
        """The registry of the document's schemas, per direction (`reading`: a response)."""
        specification = DRAFT4 if self.is_oas30 else DRAFT202012
        return {
            reading: Registry().with_resource(
                _SPEC_URI, specification.create_resource(self.directed(reading=reading))
            )
            for reading in (False, True)
        }

    # Validators are jsonschema's (typed as Any: jsonschema ships no type information).
    def validator(self, schema: Any, *, reading: bool = False) -> Any:
        """A validator of values against a schema of the document; `reading` is a response."""
        return self._validator(json.dumps(schema, sort_keys=True), reading)

    @functools.lru_cache(maxsize=256)  # noqa: B019 (one Spec per test session)
    def _validator(self, text: str, reading: bool) -> Any:
        schema = _absolute_refs(json.loads(text))
        if self.is_oas30:
            kind = OAS30ReadValidator if reading else OAS30WriteValidator
            checker = oas30_format_checker
        else:
            kind, checker = OAS31Validator, oas31_format_checker
        schema = _absolute_refs(_relaxed(json.loads(text), _FLAG[reading], self._ref_target))
        return kind(schema, registry=self._registries[reading], format_checker=checker)

    def directed(self, *, reading: bool) -> dict[str, Any]:
        """The document in the direction of the exchange: a `readOnly` property is not required
        of a request, nor a `writeOnly` one of a response (reading). That is OpenAPI's rule;
        3.1's JSON Schema only annotates the two, and openapi-schema-validator's 3.0 validators
        look at the property's own schema only, not through a `$ref` or an allOf."""
        key = "read" if reading else "write"
        if key not in self._directed:
            self._directed[key] = _relaxed(self.document, _FLAG[reading], self._ref_target)
        return self._directed[key]

    def _ref_target(self, ref: str) -> Any:
        """What a local `$ref` names (None: nothing in the document)."""
        pointer = ref.removeprefix(_SPEC_URI)
        if not pointer.startswith("#"):
            return None
        try:
            return self.resolve(unquote(pointer.removeprefix("#")))
        except (KeyError, IndexError, ValueError, TypeError):
            return None

    def is_valid(self, value: Any, schema: Any, *, reading: bool = False) -> bool:
        return bool(self.validator(schema, reading=reading).is_valid(value))

    def first_error(self, value: Any, schema: Any, *, reading: bool = False) -> str | None:
        """Why a value does not validate ("at /path: message"), or None when it does."""
        errors = sorted(
            self.validator(schema, reading=reading).iter_errors(value),
            key=lambda e: (len(e.absolute_path), str(e.message)),
        )
        if not errors:
            return None
        where = "/".join(escape(str(p)) for p in errors[0].absolute_path)
        return f"at /{where}: {errors[0].message}"

    def allows_null(self, schema: Any) -> bool:
        """True when the document accepts null for this schema."""
        return self.is_valid(None, schema)


def _relaxed(node: Any, flag: str, lookup: Callable[[str], Any]) -> Any:
    """`node` with the names of properties carrying `flag` taken out of every `required` (new
    dicts where something changed, the rest shared; example data is left as it is)."""
    if isinstance(node, list):
        items = [_relaxed(item, flag, lookup) for item in node]
        return items if any(a is not b for a, b in zip(items, node, strict=True)) else node
    if not isinstance(node, dict):
        return node
    changed = {
        key: relaxed
        for key, value in node.items()
        if key not in _DATA_KEYS and (relaxed := _relaxed(value, flag, lookup)) is not value
    }
    names = node.get("required")
    if isinstance(names, list) and names:
        kept = [
            name
            for name in names
            if not (
                isinstance(name, str)
                and any(_carries(sub, flag, lookup, 0) for sub in _property(node, name, lookup, 0))
            )
        ]
        if len(kept) != len(names):
            changed["required"] = kept
    if not changed:
        return node
    relaxed_node = {**node, **changed}
    if relaxed_node.get("required") == []:
        del relaxed_node["required"]  # (3.0 wants a non-empty list)
    return relaxed_node


# Keys whose values are data, not schemas.
_DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const"})


def _followed(schema: Any, lookup: Callable[[str], Any]) -> Any:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    return lookup(ref) if isinstance(ref, str) else None


def _property(schema: Any, name: str, lookup: Callable[[str], Any], depth: int) -> Iterator[Any]:
    """The schemas of property `name` in an object schema and in its allOf members."""
    if not isinstance(schema, dict) or depth > 20:
        return
    properties = schema.get("properties")
    if isinstance(properties, dict) and name in properties:
        yield properties[name]
    yield from _property(_followed(schema, lookup), name, lookup, depth + 1)
    for member in schema.get("allOf") or ():
        yield from _property(member, name, lookup, depth + 1)


def _carries(schema: Any, flag: str, lookup: Callable[[str], Any], depth: int) -> bool:
    """Whether a property's schema carries `flag`: itself, through `$ref`s or allOf wrappers."""
    if not isinstance(schema, dict) or depth > 20:
        return False
    if schema.get(flag) is True or _carries(_followed(schema, lookup), flag, lookup, depth + 1):
        return True
    return any(_carries(m, flag, lookup, depth + 1) for m in schema.get("allOf") or ())


def _absolute_refs(schema: Any) -> Any:
    """The schema with its local `$ref`s pointing into the registered document."""
    if isinstance(schema, dict):
        return {
            key: _SPEC_URI + value
            if key == "$ref" and isinstance(value, str) and value.startswith("#")
            else _absolute_refs(value)
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_absolute_refs(item) for item in schema]
    return schema
