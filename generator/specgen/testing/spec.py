"""The spec the contract tests check against: the bundled document embedded beside them.

`Spec` reads it lazily (`openapi.yaml`: JSON after comment lines, so it is YAML too), follows
JSON pointers and local `$ref`s, and validates values against its schemas in the document's own
dialect (OpenAPI 3.0's or 3.1's JSON Schema), in the direction of the exchange: `readOnly`
properties belong to responses, `writeOnly` ones to requests.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
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
    def _registry(self) -> Registry[Any]:
        specification = DRAFT4 if self.is_oas30 else DRAFT202012
        registry: Registry[Any] = Registry().with_resource(
            _SPEC_URI, specification.create_resource(self.document)
        )
        return registry

    # Validators are jsonschema's (typed as Any: jsonschema ships no type information).
    def validator(self, schema: Any, *, reading: bool = False) -> Any:
        """A validator of values against a schema of the document; `reading` is a response."""
        return self._validator(json.dumps(schema, sort_keys=True), reading)

    @functools.lru_cache(maxsize=256)  # noqa: B019 (one Spec per test session)
    def _validator(self, text: str, reading: bool) -> Any:
        schema = _absolute_refs(json.loads(text))
        if self.is_oas30:
            kind = OAS30ReadValidator if reading else OAS30WriteValidator
            return kind(schema, registry=self._registry, format_checker=oas30_format_checker)
        return OAS31Validator(schema, registry=self._registry, format_checker=oas31_format_checker)

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
