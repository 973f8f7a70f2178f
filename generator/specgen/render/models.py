"""The pydantic models module, written by datamodel-code-generator through our templates.

We hand it only `components/schemas` of the prepared document (names already final), adjusted so
that its output means what the client needs:
- `format: date-time` becomes our `DateTime` type (exact wire format, see `_types.py`);
- 3.0 `nullable` becomes 3.1 `type: [..., "null"]` (it otherwise drops nullable in some places);
- `null` inside an `enum` becomes nullability of the field (not an enum member named NoneType_None);
- each class gets a base by use: `RequestModel` (refuses None for non-nullable fields, PATCH-safe),
  `ResponseModel` (keeps unknown keys), `SpecModel` otherwise.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from specgen._files import scratch_parent
from specgen.document.schema import Schema, needs_class, subschemas, types
from specgen.ir import nodes as ir
from specgen.ir.pycode import printable_text, reflow
from specgen.ir.repair import DROPPED_PATTERN, REJECTED_DEFAULT
from specgen.render.constrained_types import (
    SCALAR_LIMITS,
    inline_constrained_types,
    name_limited_values,
)
from specgen.render.model_source import ModelGenerationError, check_class_names, finish_module
from specgen.render.model_split import ModelModule

_PLAIN_STRING_FORMATS = frozenset(
    {"email", "idn-email", "uri", "uri-reference", "iri", "iri-reference", "url"}
)
_CONSTRAINT_ONLY_KEYS = frozenset(
    {
        "required",
        "not",
        "description",
        "title",
        "minProperties",
        "maxProperties",
        "dependentRequired",
    }
)


def model_document(api: ir.Api) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the IR's model schemas that datamodel-code-generator reads."""
    schemas = {model.name: copy.deepcopy(model.schema) for model in api.models}
    for model in api.models:
        schema = schemas[model.name]
        if isinstance(schema, dict):
            # Request bodies are validated before sending, so their nested limits stay (item
            # patterns, value lengths); responses are parsed leniently and need none of them.
            _adjust(schema, keep_nested_limits=model.used_in_request)
    _free_discriminators(schemas)
    name_limited_values(schemas, [model.name for model in api.models if model.used_in_request])
    return {
        "openapi": "3.1.0",
        "info": {"title": api.title, "version": "0"},
        "paths": {},
        "components": {"schemas": schemas},
    }


def _scalar(schema: Schema) -> bool:
    """The schema says its values are strings, numbers or booleans (null allowed), nothing else."""
    kinds = set(types(schema))
    return bool(kinds) and kinds <= {"string", "integer", "number", "boolean", "null"}


def _adjust(schema: Schema, *, keep_nested_limits: bool = False) -> None:
    _flatten_plain_all_of(schema)
    for _tokens, nested in list(subschemas(schema)):
        _adjust(nested, keep_nested_limits=keep_nested_limits)
    _note_repairs(schema)
    if isinstance(schema.get("description"), str):
        # Control characters would land raw in docstrings; datamodel-code-generator escapes the
        # rest (backslashes, triple quotes) itself. Reflowed, so that the templates' wordwrap
        # lays out paragraphs instead of the source's lines.
        schema["description"] = reflow(printable_text(schema["description"]))
    # Examples belong to the spec and its tests; in Field(examples=...) they only add noise.
    schema.pop("examples", None)
    schema.pop("example", None)
    # pydantic's EmailStr needs email-validator, which the generated package does not depend on.
    # Its AnyUrl normalizes (a trailing slash after the host, punycode, re-quoted escapes), so a
    # URL given or received would not be the one sent or read: URLs stay plain strings.
    if schema.get("format") in _PLAIN_STRING_FORMATS:
        del schema["format"]
    limited: list[Any] = [schema.get(key) for key in ("items", "additionalProperties")]
    # A constrained union member becomes a wrapper class named after its field: Stripe's
    # `customer: anyOf: [{type: string, maxLength: 5000}, $ref customer, ...]` made a `Customer`
    # of a string, and renamed the component to `CustomerModel`.
    limited += [m for key in ("anyOf", "oneOf") for m in schema.get(key) or ()]
    for sub in limited:
        if (
            isinstance(sub, dict)
            and not needs_class(sub)
            and "$ref" not in sub
            and not keep_nested_limits
        ):
            # A constrained item type becomes a wrapper class (list[EntitySkill] of RootModel)
            # or a `constr()` call, which `constrained_types.inline_constrained_types` turns back
            # into `Annotated[str, Field(...)]`; response models need no limits at all.
            for constraint in SCALAR_LIMITS:
                sub.pop(constraint, None)
    kinds = schema.get("type")
    if kinds == "number" or (
        isinstance(kinds, list) and "number" in kinds and "integer" not in kinds
    ):
        # JSON's number includes integers; `float` alone would turn 3 into 3.0 on the wire.
        listed = [kinds] if isinstance(kinds, str) else kinds
        schema["type"] = [
            k for kind in listed for k in (("integer", "number") if kind == "number" else (kind,))
        ]
    if schema.pop("nullable", None) is True:
        if "type" in schema:
            schema["type"] = (
                [*types(schema), "null"] if "null" not in types(schema) else types(schema)
            )
        else:
            inner = {k: schema.pop(k) for k in list(schema) if not k.startswith("x-")}
            schema["anyOf"] = [inner, {"type": "null"}]
    for bound in ("exclusiveMinimum", "exclusiveMaximum"):
        if isinstance(schema.get(bound), bool):
            limit = "minimum" if bound == "exclusiveMinimum" else "maximum"
            if schema.pop(bound) and limit in schema:
                schema[bound] = schema.pop(limit)
    if isinstance(schema.get("enum"), list) and "allOf" in schema and _scalar(schema):
        # An enum is at least as tight as its allOf members (Discord: `{type: string, enum: [gc],
        # allOf: [$ref to a oneOf of consts]}`); kept as an allOf, datamodel-code-generator
        # would make it an empty object class, and every response would fail to parse.
        del schema["allOf"]
    for key in ("anyOf", "oneOf"):
        members = schema.get(key)
        # `anyOf: [{required: [a]}, {required: [b]}]` only constrains which keys are present; as
        # a union it would split one class into several. Validators still enforce it.
        if (
            isinstance(members, list)
            and members
            and all(_only_constrains(m, schema) for m in members)
        ):
            del schema[key]
    enum = schema.get("enum")
    if isinstance(enum, list) and None in enum:
        schema["enum"] = [v for v in enum if v is not None]
        if "type" in schema and "null" not in types(schema):
            schema["type"] = [*types(schema), "null"]
        elif "type" not in schema:
            kinds = {_json_type(v) for v in schema["enum"]}
            if len(kinds) == 1:
                schema["type"] = [kinds.pop(), "null"]
            else:
                schema["anyOf"] = [{"enum": schema.pop("enum")}, {"type": "null"}]
    if schema.get("format") == "date-time":
        # The pattern describes the wire format, which DateTime writes; pydantic cannot apply a
        # pattern to a datetime.
        for key in ("pattern", "minLength", "maxLength"):
            schema.pop(key, None)


# Keywords that describe rather than constrain: two allOf members may say them differently.
_ANNOTATIONS = frozenset({"description", "title", "example", "examples", "default", "deprecated"})


def _flatten_plain_all_of(schema: Schema) -> None:
    """`{allOf: [{type: array, ...}, {description: ...}]}` is one plain schema: as an allOf,
    datamodel-code-generator names a wrapper after the field and may rename a schema's class to
    make room (DigitalOcean's `Tags` became `Tags2`). Merged when the members are inline, need
    no class and do not constrain the same keyword differently; the first annotation wins."""
    members = schema.get("allOf")
    if not (isinstance(members, list) and members):
        return
    if not all(isinstance(m, dict) and "$ref" not in m and not needs_class(m) for m in members):
        return
    merged: dict[str, Any] = {}
    for member in members:
        for key, value in member.items():
            if key in merged and merged[key] != value and key not in _ANNOTATIONS:
                return
            merged.setdefault(key, value)
    del schema["allOf"]
    for key, value in merged.items():
        schema.setdefault(key, value)


def _free_discriminators(schemas: dict[str, Any]) -> None:
    """A discriminator property becomes `Literal[...]` in each member class, and pydantic refuses
    a Literal with string constraints (Adyen's `type: {maxLength: 50}`): the value is fixed, so
    the constraints say nothing more and are left out."""
    for name, _class_name, member in _discriminated_members(schemas):
        parts = [member, *(p for p in member.get("allOf") or [] if isinstance(p, dict))]
        for part in parts:
            properties = part.get("properties")
            prop = properties.get(name) if isinstance(properties, dict) else None
            if isinstance(prop, dict):
                for constraint in SCALAR_LIMITS:
                    prop.pop(constraint, None)


def optional_discriminators(schemas: dict[str, Any]) -> dict[str, set[str]]:
    """Class name -> discriminator properties its schema does not require.

    datamodel-code-generator makes a member's discriminator a required `Literal[...]`, but a
    document may leave it optional (Spotify's `ArtistObject.type`, which OpenAPI 3.1 only says
    SHOULD be required): a response without it is valid, and must still read `.type`. The
    template gives those fields their one value as the default."""
    optional: dict[str, set[str]] = {}
    for name, class_name, member in _discriminated_members(schemas):
        if class_name is None:
            continue
        parts = [member, *(p for p in member.get("allOf") or [] if isinstance(p, dict))]
        if not any(name in (part.get("required") or ()) for part in parts):
            optional.setdefault(class_name, set()).add(name)
    return optional


def _discriminated_members(
    schemas: dict[str, Any],
) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
    """(discriminator property, class name or None for the union's own schema, schema) of every
    discriminated union among the model schemas, nested ones included."""
    stack = [s for s in schemas.values() if isinstance(s, dict)]
    while stack:
        schema = stack.pop()
        stack.extend(nested for _tokens, nested in subschemas(schema))
        discriminator = schema.get("discriminator")
        if not isinstance(discriminator, dict):
            continue
        name = discriminator.get("propertyName")
        if not isinstance(name, str):
            continue
        refs = [
            m.get("$ref")
            for k in ("oneOf", "anyOf")
            for m in schema.get(k) or []
            if isinstance(m, dict)
        ]
        mapping = discriminator.get("mapping")
        if isinstance(mapping, dict):
            refs += list(mapping.values())
        yield name, None, schema
        for ref in refs:
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                class_name = ref.removeprefix("#/components/schemas/")
                target = schemas.get(class_name)
                if isinstance(target, dict):
                    yield name, class_name, target


def _only_constrains(member: object, parent: Schema) -> bool:
    """A union member that adds no shape of its own: which keys, how many (GitHub's gist files:
    `{type: object, maxProperties: 0}` beside `{required: [content]}`)."""
    if not isinstance(member, dict):
        return False
    keys = set(member)
    if "type" in member:
        if not (set(types(member)) <= set(types(parent)) | {"null"} and "object" in types(parent)):
            return False
        keys.discard("type")
    return keys <= _CONSTRAINT_ONLY_KEYS


def _note_repairs(schema: Schema) -> None:
    """The repair step's markers (`specgen.ir.repair`): a rejected default is explained in the
    field's docstring, never used; a dropped pattern is simply not there."""
    schema.pop(DROPPED_PATTERN, None)
    rejected = schema.pop(REJECTED_DEFAULT, None)
    if isinstance(rejected, dict):
        value = json.dumps(rejected.get("value"), ensure_ascii=False)
        if len(value) > 60:
            value = value[:57] + "..."
        note = (
            f"The spec's default {value} is not used: it does not match the schema"
            f" ({rejected.get('problem', '')})."
        )
        description = schema.get("description")
        schema["description"] = (
            f"{description.rstrip()}\n\n{note}" if isinstance(description, str) else note
        )


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string" if isinstance(value, str) else "object"


def generate_models(
    api: ir.Api, template_dirs: list[Path]
) -> tuple[tuple[ModelModule, ...], list[str]]:
    """(the modules of the models package, without header and docstring; warnings)."""
    # datamodel-code-generator takes ~0.5 s to import; only generation needs it.
    from datamodel_code_generator import (  # type: ignore[attr-defined]
        DataModelType,
        InputFileType,
        PythonVersion,
        generate,
    )

    package = api.package
    base_for: dict[str, str | list[str]] = {}
    extra: dict[str, dict[str, Any]] = {}
    for model in api.models:
        if model.used_in_request:
            base_for[model.name] = f"{package}._models.RequestModel"
        elif model.used_in_response:
            base_for[model.name] = f"{package}._models.ResponseModel"
        extra[model.name] = {
            "non_nullable": sorted(model.non_nullable),
            "min_properties": model.min_properties,
            "required_any_of": [list(names) for names in model.required_any_of],
            "read_only": sorted(model.read_only),
        }

    if not api.models:
        return (), []  # nothing to model (datamodel-code-generator refuses an empty input)
    document = model_document(api)
    for class_name, names in optional_discriminators(document["components"]["schemas"]).items():
        # Request models keep it required: a default would not be sent (`exclude_unset`), and
        # the server needs the tag to tell the members apart.
        if base_for.get(class_name) != f"{package}._models.RequestModel":
            extra[class_name]["optional_discriminators"] = sorted(names)
    # (a few small files: in the memory-backed folder where there is one, as for formatting)
    with tempfile.TemporaryDirectory(prefix="specgen-models-", dir=scratch_parent()) as scratch:
        merged = Path(scratch) / "templates"
        # Later folders override earlier ones, one file at a time.
        for folder in template_dirs:
            if folder.is_dir():
                shutil.copytree(folder, merged, dirs_exist_ok=True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                output = generate(
                    document,
                    input_file_type=InputFileType.OpenAPI,
                    output_model_type=DataModelType.PydanticV2BaseModel,
                    target_python_version=PythonVersion.PY_311,
                    formatters=[],
                    custom_template_dir=merged if merged.is_dir() else None,
                    extra_template_data=extra,  # type: ignore[arg-type]
                    base_class=f"{package}._models.SpecModel",
                    base_class_map=base_for,
                    collapse_root_models=True,
                    builtin_format_line_length=100,
                    strict_nullable=True,
                    # `format: byte` is base64 text of any bytes; pydantic's Base64Str decodes
                    # it and then requires UTF-8 (Adyen's `cavv` failed), and holds the decoded
                    # text: the field keeps the text as the spec describes it.
                    type_mappings=["string+byte=string"],
                    use_annotated=True,
                    field_constraints=True,
                    use_standard_collections=True,
                    use_union_operator=True,
                    use_double_quotes=True,
                    use_schema_description=True,
                    use_field_description=True,
                    snake_case_field=True,
                    capitalise_enum_members=True,
                    keep_model_order=True,
                    disable_timestamp=True,
                    # Imported always; dropped again below where no enum uses it.
                    additional_imports=[f"{package}._models.open_enum_missing"],
                )
            except Exception as exc:  # the generator raises many kinds; report, never a traceback
                raise ModelGenerationError(f"datamodel-code-generator failed: {exc}") from exc
    if not isinstance(output, str):
        raise ModelGenerationError("datamodel-code-generator returned no single module")
    output = inline_constrained_types(output, {model.name for model in api.models})
    modules, classes = finish_module(output, package)
    check_class_names(classes, {m.name: m.schema for m in api.models})
    notes = sorted({str(w.message) for w in caught})
    return modules, notes
