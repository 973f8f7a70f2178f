"""Python type annotations for schemas, with the imports they need.

Inputs (method keywords) are lenient in what they accept (`datetime | str`, `Sequence[...]`,
`Model | Mapping[str, object]`); outputs are what the parsed models hold (`datetime`, `list[...]`).
"""

from __future__ import annotations

from typing import Any

from specgen.document import jsonpointer
from specgen.document.refs import resolved_or
from specgen.document.schema import Schema, is_enum, is_object_with_properties, types
from specgen.ir.hoist import SCHEMAS_PREFIX
from specgen.ir.pycode import string_literal

MODELS_MODULE = "..models"
PARAMS_MODULE = "..params"


class TypeHints:
    """Turns schemas of one prepared document into annotations; collects the imports used."""

    def __init__(
        self,
        document: dict[str, Any],
        *,
        params: dict[str, str] | None = None,
        models_module: str = MODELS_MODULE,
        params_module: str | None = PARAMS_MODULE,
        literal_aliases: dict[str, str] | None = None,
        request_twins: dict[str, str] | None = None,
    ) -> None:
        """`params`: model class → the TypedDict of its dict form (`Contact` → `ContactParam`),
        offered beside the model in input annotations; `params_module` None when the
        annotations are for the params module itself (no import). `literal_aliases`: the
        contents of a `Literal` (`literal_values`) → its name in the params module.
        `request_twins`: request class → the response class of the same schema (`access`),
        accepted in its place."""
        self._document = document
        self._twins = request_twins or {}
        self._schemas: dict[str, Schema] = (document.get("components") or {}).get("schemas") or {}
        self._params = params or {}
        self._models_module = models_module
        self._params_module = params_module
        self._literal_aliases = literal_aliases or {}
        self._types_module = ".._types" if models_module == MODELS_MODULE else "._types"
        self.imports: set[tuple[str, str]] = set()

    def reset_imports(self) -> set[tuple[str, str]]:
        collected, self.imports = self.imports, set()
        return collected

    def _need(self, module: str, name: str) -> str:
        self.imports.add((module, name))
        return name

    def class_of(self, schema: Schema) -> str | None:
        """The model class a `$ref` schema names, if it names one."""
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMAS_PREFIX):
            tokens = jsonpointer.split(jsonpointer.local_ref_pointer(ref))
            if len(tokens) == 3 and tokens[2] in self._schemas:
                return tokens[2]
        return None

    def resolve(self, schema: Schema) -> Schema:
        """The schema a `$ref` chain ends at; {} (anything) when the chain is broken."""
        target = resolved_or(self._document, schema, {})
        return target if isinstance(target, dict) else {}

    def annotation(self, schema: Any, *, input: bool) -> str:
        return _union(self._parts(schema, input=input, depth=0))

    def body_annotation(self, schema: Any) -> str:
        """The annotation of a whole request body: a request twin's response class is taken too,
        so that a resource read can be sent back (`replace(body=client.get(...))`); the client
        validates it as the request class, and its `readOnly` fields are not sent."""
        parts = self._parts(schema, input=True, depth=0)
        class_name = self.class_of(schema) if isinstance(schema, dict) else None
        if class_name is not None and class_name in self._twins:
            parts.append(self._need(self._models_module, self._twins[class_name]))
        return _union(parts)

    def _parts(self, schema: Any, *, input: bool, depth: int) -> list[str]:
        if depth > 20 or not isinstance(schema, dict) or not schema:
            return ["object" if input else self._need("typing", "Any")]
        class_name = self.class_of(schema)
        if class_name is not None:
            return self._class_parts(class_name, input=input, depth=depth)
        if "$ref" in schema:
            return self._parts(self.resolve(schema), input=input, depth=depth + 1)
        for key in ("anyOf", "oneOf"):
            if isinstance(schema.get(key), list):
                parts: list[str] = []
                for member in schema[key]:
                    parts += self._parts(member, input=input, depth=depth + 1)
                return parts + (["None"] if "null" in types(schema) else [])
        if isinstance(schema.get("allOf"), list) and len(schema["allOf"]) == 1:
            return self._parts(schema["allOf"][0], input=input, depth=depth + 1)
        if input and _is_binary(schema):
            # bytes, a file object, a path or (filename, content, content_type)
            return [self._need(self._types_module, "FileTypes")]
        if "const" in schema:
            return [self._literal([schema["const"]])]
        kinds = types(schema)
        nullable = "null" in kinds or (
            isinstance(schema.get("enum"), list) and None in schema["enum"]
        )
        if is_enum(schema):
            values = [v for v in schema["enum"] if v is not None]
            if input or all(isinstance(v, str) for v in values):
                parts = [self._literal(values)] if input else ["str"]
            else:
                parts = [self._need("typing", "Any")]
            return parts + (["None"] if nullable else [])
        if not kinds:
            kinds = _implied_types(schema)
        parts = []
        for kind in kinds:
            parts += self._kind_parts(kind, schema, input=input, depth=depth)
        return parts or ["object" if input else self._need("typing", "Any")]

    def _class_parts(self, class_name: str, *, input: bool, depth: int = 0) -> list[str]:
        target = self._schemas[class_name]
        self._need(self._models_module, class_name)
        nullable = "null" in types(target)
        members = _union_members(target)
        if input and is_enum(target):
            parts = [class_name, self._literal([v for v in target["enum"] if v is not None])]
        elif input and class_name in self._params:
            parts = [class_name, self._param(class_name)]
            if class_name in self._twins:  # a response instance, read and sent back
                parts.append(self._need(self._models_module, self._twins[class_name]))
        elif input and is_object_with_properties(target):
            parts = [class_name, f"{self._need('collections.abc', 'Mapping')}[str, object]"]
        elif input and members and depth < 5:
            # A union body (`oneOf: [Cat, Dog]`): its class, or any member in either form.
            parts = [class_name]
            for member in members:
                parts += self._parts(member, input=True, depth=depth + 1)
        else:
            parts = [class_name]
        return parts + (["None"] if nullable else [])

    def _param(self, class_name: str) -> str:
        name = self._params[class_name]
        return self._need(self._params_module, name) if self._params_module else name

    def _kind_parts(self, kind: str, schema: Schema, *, input: bool, depth: int) -> list[str]:
        if kind == "null":
            return ["None"]
        if kind == "boolean":
            return ["bool"]
        if kind == "integer":
            return ["int"]
        if kind == "number":
            return ["float"]
        if kind == "string":
            fmt = schema.get("format")
            if fmt == "date-time":
                name = self._need("datetime", "datetime")
                return [name, "str"] if input else [name]
            if fmt == "date":
                name = self._need("datetime", "date")
                return [name, "str"] if input else [name]
            return ["str"]
        if kind == "array":
            items = _union(self._parts(schema.get("items", {}), input=input, depth=depth + 1))
            if input:
                return [f"{self._need('collections.abc', 'Sequence')}[{items}]"]
            return [f"list[{items}]"]
        if kind == "object":
            extra = schema.get("additionalProperties")
            value = (
                _union(self._parts(extra, input=input, depth=depth + 1))
                if isinstance(extra, dict) and extra
                else ("object" if input else self._need("typing", "Any"))
            )
            if input:
                return [f"{self._need('collections.abc', 'Mapping')}[str, {value}]"]
            return [f"dict[str, {value}]"]
        return ["object" if input else self._need("typing", "Any")]

    def _literal(self, values: list[Any]) -> str:
        contents = literal_values(values)
        alias = self._literal_aliases.get(contents)
        if alias is not None:
            return alias if self._params_module is None else self._need(self._params_module, alias)
        return f"{self._need('typing', 'Literal')}[{contents}]"


def literal_values(values: list[Any]) -> str:
    """What `Literal[...]` holds for these values."""
    return ", ".join(_py_literal(v) for v in values)


def _is_binary(schema: Schema) -> bool:
    """A file's content: `format: binary` (OpenAPI 3.0), or 3.1's `contentMediaType` without a
    JSON type (or with `type: string` and no `contentEncoding`, which would make it text)."""
    kinds = types(schema)
    if schema.get("format") == "binary" and kinds in (["string"], []):
        return True
    return (
        isinstance(schema.get("contentMediaType"), str)
        and "contentEncoding" not in schema
        and kinds in (["string"], [])
    )


def _union_members(schema: Schema) -> list[Any]:
    for key in ("oneOf", "anyOf"):
        members = schema.get(key)
        if (
            isinstance(members, list)
            and members
            and all(isinstance(m, dict) and "$ref" in m for m in members)
        ):
            return members
    return []


def _implied_types(schema: Schema) -> list[str]:
    if "properties" in schema or "additionalProperties" in schema:
        return ["object"]
    if "items" in schema:
        return ["array"]
    return []


def _py_literal(value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return repr(value)
    return string_literal(str(value))


def _union(parts: list[str]) -> str:
    seen: list[str] = []
    for part in parts:
        if part not in seen:
            seen.append(part)
    # None last reads naturally: `str | None`.
    if "None" in seen:
        seen.remove("None")
        seen.append("None")
    if "object" in seen and len(seen) > 1:
        seen = ["object"]
    return " | ".join(_one_literal(seen))


def _one_literal(parts: list[str]) -> list[str]:
    """The `Literal[...]` parts of a union merged into one, where the first stood (PYI030):
    `A | Literal["x"] | B | Literal[1]` is `A | Literal["x", 1] | B`."""
    literals = [p for p in parts if p.startswith("Literal[") and p.endswith("]")]
    if len(literals) < 2:
        return parts
    merged = f"Literal[{', '.join(p[len('Literal[') : -1] for p in literals)}]"
    first = parts.index(literals[0])
    rest = [p for p in parts if p not in literals]
    return [*rest[:first], merged, *rest[first:]]
