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
from specgen.diff.resolve import Resolver
from specgen.document import jsonpointer
from specgen.ir import naming
from specgen.ir import nodes as ir
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
class _Side:
    api: ir.Api
    hints: TypeHints  # over the prepared document the IR is built from
    schemas: Resolver  # the same document, resolved: a model's fields include its bases'


def build(document: dict[str, Any], options: Options) -> _Side:
    prepared = prepare(document).document
    return _Side(build_api(document, options), TypeHints(prepared), Resolver(prepared))


def compare(emitter: Emitter, options: Options) -> None:
    """Emit python-* findings. Raises whatever building an IR raises (the caller notes it)."""
    old = build(emitter.base.document, options)
    new = build(emitter.revision.document, options)
    _Compare(emitter, old, new).run()


class _Compare:
    def __init__(self, emitter: Emitter, old: _Side, new: _Side) -> None:
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
        self.models()

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

    # -- models --------------------------------------------------------------------------------
    def models(self) -> None:
        old = {m.name: m for m in self.old.api.models}
        new = {m.name: m for m in self.new.api.models}
        for name, model in old.items():
            at = f"/python/models/{name}"
            if name not in new:
                self.emit(
                    "python-model-removed",
                    f"models.{name} was removed or renamed",
                    at=at,
                    revision=None,
                    base=model.pointer,
                )
                continue
            self.model(model, new[name])
        for name, model in new.items():
            if name not in old:
                self.emit(
                    "python-model-added",
                    f"models.{name} was added",
                    at=f"/python/models/{name}",
                    revision=model.pointer,
                )

    def model(self, old: ir.Model, new: ir.Model) -> None:
        old_schema = old.schema if isinstance(old.schema, dict) else {}
        new_schema = new.schema if isinstance(new.schema, dict) else {}
        at = f"/python/models/{new.name}"
        old_enum = [v for v in old_schema.get("enum") or [] if v is not None]
        new_enum = [v for v in new_schema.get("enum") or [] if v is not None]
        for value in old_enum:
            if value not in new_enum and isinstance(new_schema.get("enum"), list):
                self.emit(
                    "python-enum-member-removed",
                    f"models.{new.name}: the member for {value!r} was removed",
                    at=f"{at}/members/{value}",
                    revision=new.pointer,
                )
        for value in new_enum:
            if value not in old_enum and isinstance(old_schema.get("enum"), list):
                self.emit(
                    "python-enum-member-added",
                    f"models.{new.name}: a member for {value!r} was added",
                    at=f"{at}/members/{value}",
                    revision=new.pointer,
                )
        old_fields = _fields(old.name, self.old)
        new_fields = _fields(new.name, self.new)
        constructed = new.used_in_request  # user code builds request models; responses are parsed
        for name, (python_name, required, annotation) in old_fields.items():
            field_at = f"{at}/fields/{name}"
            pointer = jsonpointer.append(new.pointer, "properties", name)
            if name not in new_fields:
                self.emit(
                    "python-model-field-removed",
                    f"models.{new.name}.{python_name} was removed",
                    at=field_at,
                    revision=None,
                    base=jsonpointer.append(old.pointer, "properties", name),
                    anchor=new.pointer,
                )
                continue
            _, now_required, now_annotation = new_fields[name]
            if now_required and not required and constructed:
                self.emit(
                    "python-model-field-became-required",
                    f"models.{new.name}({python_name}=) is now required",
                    at=field_at,
                    revision=pointer,
                )
            if not same_type(now_annotation, annotation):
                self.emit(
                    "python-model-field-type-changed",
                    f"models.{new.name}.{python_name}: {now_annotation} (was {annotation})",
                    at=field_at,
                    revision=pointer,
                )
        for name, (python_name, required, _) in new_fields.items():
            if name in old_fields:
                continue
            rule = (
                "python-model-field-added-required"
                if required and constructed
                else "python-model-field-added"
            )
            self.emit(
                rule,
                f"models.{new.name}.{python_name} was added",
                at=f"{at}/fields/{name}",
                revision=jsonpointer.append(new.pointer, "properties", name),
            )


def union_members(annotation: str) -> list[str]:
    """The top-level members of a `A | B[C | D]` annotation."""
    members, depth, start = [], 0, 0
    for index, char in enumerate(annotation):
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == "|" and depth == 0:
            members.append(annotation[start:index].strip())
            start = index + 1
    members.append(annotation[start:].strip())
    return members


def same_type(a: str, b: str) -> bool:
    """Whether two annotations mean the same type (union members in any order)."""
    return a == b or sorted(union_members(a)) == sorted(union_members(b))


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


def _fields(model: str, side: _Side) -> dict[str, tuple[str, bool, str]]:
    """JSON name → (attribute name, required, annotation) of a model's fields, allOf bases'
    included (the generated class inherits them)."""
    node = side.schemas.at(jsonpointer.join("components", "schemas", model))
    return {
        name: (
            naming.snake(name),
            name in node.required,
            side.hints.annotation(sub.sites[0][0] if sub.sites else {}, input=False),
        )
        for name, sub in node.properties().items()
    }
