"""Python-API findings: what a spec change does to the package specgen generates from it.

Both sides' IRs are built (`specgen.ir.build.build_api`, the very names and annotations the
templates render) and compared: the package and client names, the client's constructor keywords,
each operation's method (name, resource, keywords, return type) and each model class (fields,
enum members). A renamed operationId is harmless on the wire and breaks every caller here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from specgen.diff.context import Emitter
from specgen.diff.findings import Api
from specgen.diff.operations import normalised_path, parameter_key
from specgen.diff.python_models import compare_models, same_type
from specgen.diff.resolve import Resolver
from specgen.document import jsonpointer
from specgen.ir import nodes as ir
from specgen.ir.access import split_by_direction
from specgen.ir.build import Options, build_api
from specgen.ir.hints import TypeHints
from specgen.ir.hoist import prepare


@dataclass(frozen=True, slots=True)
class Keyword:
    python_name: str
    required: bool
    annotation: str
    pointer: str


@dataclass(frozen=True, slots=True)
class Side:
    api: ir.Api
    hints: TypeHints  # over the prepared document the IR is built from
    schemas: Resolver  # the same document, resolved: a model's fields include its bases'


def build(document: dict[str, Any], options: Options) -> Side:
    prepared = split_by_direction(prepare(document)).document  # as `build_api` reads it
    return Side(build_api(document, options), TypeHints(prepared), Resolver(prepared))


def compare(emitter: Emitter, options: Options) -> None:
    """Emit python-* findings. Raises whatever building an IR raises (the caller notes it)."""
    old = build(emitter.base.document, options)
    new = build(emitter.revision.document, options)
    _Compare(emitter, old, new).run()


class _Compare:
    def __init__(self, emitter: Emitter, old: Side, new: Side) -> None:
        self.emitter = emitter
        self.old, self.new = old, new

    def emit(
        self,
        rule: str,
        text: str,
        *,
        operation: str = "",
        at: str,
        revision: str | None,
        base: str | None = None,
        anchor: str | None = None,
    ) -> None:
        self.emitter.emit(
            rule,
            operation=operation,
            at=at,
            message=text,
            revision=revision,
            base=base,
            anchor=anchor,
            api=Api.PYTHON,
        )

    def _retired(self, pointer: str) -> bool:
        """Whether the base's node at `pointer` was deprecated and its x-sunset has passed, so
        removing it follows the deprecation policy (as on the wire)."""
        from specgen.diff.wire import sunset_state

        try:
            node = jsonpointer.resolve(self.emitter.base.document, pointer)
        except KeyError:
            return False
        return isinstance(node, dict) and sunset_state(node, self.emitter.today)[0] == "deprecated"

    def run(self) -> None:
        old, new = self.old.api, self.new.api
        if old.package != new.package:
            self.emit(
                "python-package-renamed",
                f"import {old.package} → import {new.package}",
                at="/python/package",
                revision="/info/title",
            )
        if old.client_name != new.client_name:
            self.emit(
                "python-client-renamed",
                f"{old.client_name} → {new.client_name}",
                at="/python/client",
                revision="/info/title",
            )
        self.client_keywords()
        self.operations()
        compare_models(self.emit, self.old, self.new)

    # -- the client's constructor --------------------------------------------------------------
    @staticmethod
    def _client_keywords(api: ir.Api) -> dict[tuple[str, str], Keyword]:
        result: dict[tuple[str, str], Keyword] = {}
        for param in api.client_params:
            key = (param.location.value, param.name.lower())
            result[key] = Keyword(
                param.python_name, param.required, param.annotation, param.pointer
            )
        if api.server is not None:
            for variable in api.server.variables:
                pointer = jsonpointer.join("servers", 0, "variables", variable.name)
                result[("server", variable.name)] = Keyword(
                    variable.python_name, False, variable.annotation, pointer
                )
        credentials = [s.python_name for s in api.api_key_schemes]
        if api.token_schemes:
            credentials.append("access_token")
        if api.basic_schemes:
            credentials += ["username", "password"]
        for name in credentials:
            result[("credential", name)] = Keyword(
                name, False, "str | None", "/components/securitySchemes"
            )
        return result

    def client_keywords(self) -> None:
        old = self._client_keywords(self.old.api)
        new = self._client_keywords(self.new.api)
        client = self.new.api.client_name
        for key, keyword in old.items():
            at = f"/python/client/{key[0]}/{key[1]}"
            if key not in new:
                self.emit(
                    "python-client-keyword-removed",
                    f"{client}({keyword.python_name}=...) was removed",
                    at=at,
                    revision=None,
                    base=keyword.pointer,
                )
                continue
            now = new[key]
            if now.python_name != keyword.python_name:
                self.emit(
                    "python-client-keyword-renamed",
                    f"{client}({keyword.python_name}=) → {client}({now.python_name}=)",
                    at=at,
                    revision=now.pointer,
                )
            if now.required and not keyword.required:
                self.emit(
                    "python-client-keyword-became-required",
                    f"{client}({now.python_name}=) is now required",
                    at=at,
                    revision=now.pointer,
                )
            if not same_type(now.annotation, keyword.annotation):
                self.emit(
                    "python-client-keyword-type-changed",
                    f"{client}({now.python_name}: {now.annotation}) was {keyword.annotation}",
                    at=at,
                    revision=now.pointer,
                )
        for key, keyword in new.items():
            if key not in old:
                self.emit(
                    "python-client-keyword-added",
                    f"{client}({keyword.python_name}=) was added",
                    at=f"/python/client/{key[0]}/{key[1]}",
                    revision=keyword.pointer,
                )

    # -- methods -------------------------------------------------------------------------------
    @staticmethod
    def _methods(api: ir.Api) -> dict[tuple[str, str], tuple[ir.Resource, ir.Operation]]:
        return {
            (op.method, normalised_path(op.path)): (resource, op)
            for resource in api.resources
            for op in resource.operations
        }

    def operations(self) -> None:
        old = self._methods(self.old.api)
        new = self._methods(self.new.api)
        for key, (resource, op) in old.items():
            if key not in new:
                retired = self._retired(op.pointer)
                self.emit(
                    "python-method-removed-with-deprecation"
                    if retired
                    else "python-method-removed",
                    f"client.{resource.python_name}.{op.python_name}() was removed"
                    + (" (deprecated, past its sunset)" if retired else ""),
                    operation=f"{op.method} {op.path}",
                    at="/python/method",
                    revision=None,
                    base=op.pointer,
                )
                continue
            self.method(resource, op, *new[key])
        for key, (resource, op) in new.items():
            if key not in old:
                self.emit(
                    "python-method-added",
                    f"client.{resource.python_name}.{op.python_name}() was added",
                    operation=f"{op.method} {op.path}",
                    at="/python/method",
                    revision=op.pointer,
                )

    def method(
        self, old_res: ir.Resource, old: ir.Operation, new_res: ir.Resource, new: ir.Operation
    ) -> None:
        label = f"{new.method} {new.path}"
        old_call = f"client.{old_res.python_name}.{old.python_name}"
        new_call = f"client.{new_res.python_name}.{new.python_name}"
        if old_res.python_name != new_res.python_name:
            self.emit(
                "python-method-moved",
                f"{old_call}() → {new_call}()",
                operation=label,
                at="/python/method/resource",
                revision=jsonpointer.append(new.pointer, "tags"),
            )
        if old.python_name != new.python_name:
            self.emit(
                "python-method-renamed",
                f"{old_call}() → {new_call}()",
                operation=label,
                at="/python/method/name",
                revision=jsonpointer.append(new.pointer, "operationId"),
            )
        if not same_type(old.return_annotation, new.return_annotation):
            text = f"{new_call}() returns {new.return_annotation} (was {old.return_annotation})"
            self.emit(
                "python-return-type-changed",
                text,
                operation=label,
                at="/python/method/return",
                revision=new.pointer,
            )
        old_kw, new_kw = _keywords(old), _keywords(new)
        # A parameter that moved (query to header, ...) keeps its keyword: pair it by name.
        for old_key in [k for k in old_kw if k not in new_kw]:
            same = [
                k
                for k in new_kw
                if k not in old_kw and new_kw[k].python_name == old_kw[old_key].python_name
            ]
            if len(same) == 1:
                new_kw[old_key] = new_kw.pop(same[0])
        for key, keyword in old_kw.items():
            at = f"/python/method/keywords/{key[0]}/{key[1]}"
            if key not in new_kw:
                retired = key[0] != "body" and self._retired(keyword.pointer)
                self.emit(
                    "python-keyword-removed-with-deprecation"
                    if retired
                    else "python-keyword-removed",
                    f"{new_call}({keyword.python_name}=...) was removed"
                    + (" (deprecated, past its sunset)" if retired else ""),
                    operation=label,
                    at=at,
                    revision=None,
                    base=keyword.pointer,
                    anchor=new.pointer,
                )
                continue
            now = new_kw[key]
            if now.python_name != keyword.python_name:
                self.emit(
                    "python-keyword-renamed",
                    f"{new_call}({keyword.python_name}=) → {new_call}({now.python_name}=)",
                    operation=label,
                    at=at,
                    revision=now.pointer,
                )
            if now.required != keyword.required:
                rule = (
                    "python-keyword-became-required"
                    if now.required
                    else "python-keyword-became-optional"
                )
                state = "required" if now.required else "optional"
                self.emit(
                    rule,
                    f"{new_call}({now.python_name}=) is now {state}",
                    operation=label,
                    at=at,
                    revision=now.pointer,
                )
            if not same_type(now.annotation, keyword.annotation):
                self.emit(
                    "python-keyword-type-changed",
                    f"{new_call}({now.python_name}: {now.annotation}) was {keyword.annotation}",
                    operation=label,
                    at=at,
                    revision=now.pointer,
                )
        for key, keyword in new_kw.items():
            if key in old_kw:
                continue
            rule = "python-keyword-added-required" if keyword.required else "python-keyword-added"
            state = "required" if keyword.required else "optional"
            self.emit(
                rule,
                f"{new_call}({keyword.python_name}=) was added ({state})",
                operation=label,
                at=f"/python/method/keywords/{key[0]}/{key[1]}",
                revision=keyword.pointer,
            )


def _keywords(op: ir.Operation) -> dict[tuple[str, str], Keyword]:
    result: dict[tuple[str, str], Keyword] = {}
    for param in op.parameters:
        key = parameter_key(op.path, {"in": param.location.value, "name": param.name})
        if key is None:
            continue
        annotation = param.annotation
        result[key] = Keyword(param.python_name, param.required, annotation, param.pointer)
    if op.body is not None:
        for field in op.body.fields:
            result[("body", field.name)] = Keyword(
                field.python_name, field.required, field.annotation, op.body.pointer
            )
        result[("body", "")] = Keyword(
            "body", op.body.required, op.body.annotation, op.body.pointer
        )
    return result
