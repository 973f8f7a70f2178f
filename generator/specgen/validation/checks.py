"""Check a loaded OpenAPI document and report every problem, located in its source files.

The OpenAPI meta-schema (through openapi-spec-validator) checks the structure; the small checks
below add what a code generator needs and the meta-schema cannot say: examples that match their
schemas, unique operationIds, path templates that agree with their parameters, references
that resolve, schema keywords that are typos, components nobody uses.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from jsonschema import FormatChecker  # type: ignore[import-untyped, unused-ignore]
from jsonschema.exceptions import (  # type: ignore[import-untyped, unused-ignore]
    SchemaError,
    ValidationError,
    best_match,
)
from jsonschema.protocols import Validator  # type: ignore[import-untyped, unused-ignore]
from openapi_schema_validator import (
    OAS30Validator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT4, DRAFT202012

from specgen.diagnostics import Diagnostic, Severity, sort_diagnostics
from specgen.document import jsonpointer
from specgen.document.openapi import (
    COMPONENT_KINDS,
    is_extension,
    is_extension_key,
    is_literal,
    uri_fragment,
)
from specgen.document.refs import deref
from specgen.document.schema import (
    KEYWORDS_30,
    KEYWORDS_31,
)
from specgen.document.walk import (
    OperationSite,
    Segments,
    effective_parameters,
    iter_operations,
    iter_refs,
    iter_schemas,
    listed_parameters,
)
from specgen.load.spec import LoadedSpec

_MAX_MESSAGE = 200


def validate_spec(spec: LoadedSpec) -> list[Diagnostic]:
    """Every problem with ``spec`` (load problems included), sorted by location."""
    diagnostics = list(spec.diagnostics)
    version = _check_version(spec, diagnostics)
    if version is not None:
        checker = _Checker(spec, version)
        for check in checker.checks():
            diagnostics.extend(check())
    return sort_diagnostics(diagnostics)


# --- the version gate ------------------------------------------------------------------------

_SUPPORTED = re.compile(r"3\.([01])\.\d+(?:-[0-9A-Za-z.-]+)?")


def _check_version(spec: LoadedSpec, diagnostics: list[Diagnostic]) -> str | None:
    """The major.minor version ("3.0", "3.1"), or None after reporting why it is unusable."""
    document = spec.document
    version = document.get("openapi")
    if version is None:
        if "swagger" in document:
            message = (
                f"Swagger {document['swagger']} is not supported; convert it to OpenAPI 3 first"
                " (e.g. with swagger2openapi)"
            )
            diagnostics.append(spec.diagnostic(Severity.ERROR, "/swagger", message))
        else:
            message = "not an OpenAPI document: the 'openapi' field (e.g. \"3.1.0\") is missing"
            diagnostics.append(spec.diagnostic(Severity.ERROR, "", message))
        return None
    if not isinstance(version, str):
        message = f"'openapi' must be a string like \"3.1.0\", not {version!r} (quote it)"
        diagnostics.append(spec.diagnostic(Severity.ERROR, "/openapi", message))
        return None
    match = _SUPPORTED.fullmatch(version)
    if match is None:
        message = f"OpenAPI {version} is not supported (supported: 3.0.x and 3.1.x)"
        diagnostics.append(spec.diagnostic(Severity.ERROR, "/openapi", message))
        return None
    return f"3.{match.group(1)}"


# --- walking the document --------------------------------------------------------------------


def _deref(document: Any, path: Segments, node: Any) -> tuple[Segments, Any]:
    """Follow internal `$ref`s from ``node``; a broken chain stops at its last good node."""
    target = deref(document, node, jsonpointer.join(*path))
    return tuple(jsonpointer.split(target.pointer)), target.node


def _segments(pointer: str) -> Segments:
    return tuple(jsonpointer.split(pointer))


def _lookup(document: Any, pointer: str) -> tuple[bool, Any]:
    """(found, value) of the node at ``pointer``."""
    try:
        return True, jsonpointer.resolve(document, pointer)
    except (KeyError, ValueError):
        return False, None


def _shorten(text: str, limit: int = _MAX_MESSAGE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _short_repr(value: Any, limit: int = 60) -> str:
    return _shorten(repr(value), limit)


# --- the checks ------------------------------------------------------------------------------


@dataclass
class _Checker:
    spec: LoadedSpec
    version: str  # "3.0" or "3.1"
    # Pointers of schema members that the typo check reported, so the meta-schema's
    # "additional properties" error about the same key is not reported twice.
    _typo_pointers: set[str] = field(default_factory=set)

    @property
    def document(self) -> dict[str, Any]:
        return self.spec.document

    def checks(self) -> list[Callable[[], Iterable[Diagnostic]]]:
        # Typos run before the meta-schema so that its duplicates can be dropped.
        return [
            self.keyword_typos,
            self.meta_schema,
            self.schema_dialect,
            self.references,
            self.operation_ids,
            self.path_parameters,
            self.duplicate_parameters,
            self.duplicate_tags,
            self.examples,
            self.unused_components,
        ]

    def _error(self, path: Sequence[str], message: str) -> Diagnostic:
        return self.spec.diagnostic(Severity.ERROR, jsonpointer.join(*path), message)

    def _warning(self, path: Sequence[str], message: str) -> Diagnostic:
        return self.spec.diagnostic(Severity.WARNING, jsonpointer.join(*path), message)

    # The OpenAPI meta-schema. Only its JSON Schema half is run: the library's second half
    # reports without locations and may try to resolve references over the network.
    def meta_schema(self) -> Iterator[Diagnostic]:
        spec_validator = (
            OpenAPIV31SpecValidator if self.version == "3.1" else OpenAPIV30SpecValidator
        )
        seen: set[tuple[str, str]] = set()
        for error in spec_validator.schema_validator.iter_errors(self.document):
            best = _deepest(error)
            path = [str(part) for part in best.absolute_path]
            if self._is_typo_duplicate(best, path):
                continue
            message = _meta_message(best)
            key = (jsonpointer.join(*path), message)
            if key not in seen:
                seen.add(key)
                yield self._error(path, message)

    def _is_typo_duplicate(self, error: ValidationError, path: list[str]) -> bool:
        if error.validator not in ("additionalProperties", "unevaluatedProperties"):
            return False
        extras = _unexpected_keys(error)
        return bool(extras) and all(
            jsonpointer.join(*path, key) in self._typo_pointers for key in extras
        )

    # OpenAPI 3.1's meta-schema only says "object or boolean" about schemas: check them against
    # their JSON Schema dialect (what openapi-spec-validator does, but located here).
    # (check_schema reports one problem per schema: the most relevant one.)
    def schema_dialect(self) -> Iterator[Diagnostic]:
        if self.version != "3.1":
            return
        for path, schema in _schema_roots(self.document):
            if "$schema" in schema:
                continue  # another dialect: not ours to judge
            try:
                OAS31Validator.check_schema(schema)
            except SchemaError as error:
                best = _deepest(error)
                full = [*path, *(str(part) for part in best.absolute_path)]
                if not self._is_typo_duplicate(best, full):
                    yield self._error(full, f"invalid schema: {_meta_message(best)}")

    def keyword_typos(self) -> Iterator[Diagnostic]:
        keywords = KEYWORDS_31 if self.version == "3.1" else KEYWORDS_30
        for path, schema in iter_schemas(self.document):
            for key in schema:
                if key in keywords or key.startswith("x-"):
                    continue
                if key == "nullable" and self.version == "3.1":
                    yield self._warning(
                        (*path, key),
                        "'nullable' is not a keyword in OpenAPI 3.1 and is ignored;"
                        " use type: [..., 'null'] instead",
                    )
                    continue
                # 3.1 dropped `nullable`, but a typo of it is still a typo.
                candidates = keywords | {"nullable"}
                match = difflib.get_close_matches(key, candidates, n=1, cutoff=0.8)
                if match:
                    self._typo_pointers.add(jsonpointer.join(*path, key))
                    hint = f"did you mean {match[0]!r}?"
                    if match[0] not in keywords:
                        hint += " (OpenAPI 3.1 has no 'nullable': use type: [..., 'null'])"
                    yield self._error((*path, key), f"unknown keyword {key!r} in schema; {hint}")

    def references(self) -> Iterator[Diagnostic]:
        anchors: set[str] | None = None
        for path, ref in iter_refs(self.document):
            ref_path = (*path, "$ref")
            report = self._warning if is_extension(path) else self._error
            if not isinstance(ref, str):
                hint = (
                    " (in YAML an unquoted '#' starts a comment: quote the value)"
                    if ref is None
                    else ""
                )
                yield report(ref_path, f"$ref must be a string, not {_json(ref)}{hint}")
                continue
            if not ref.startswith("#"):
                continue  # other files: the loader bundled or reported them
            fragment = jsonpointer.local_ref_pointer(ref)
            if fragment and not fragment.startswith("/"):
                if anchors is None:
                    anchors = _anchors(self.document)
                if fragment not in anchors:
                    yield report(ref_path, f"$ref {ref!r} names no $anchor in this document")
                continue
            found, _ = _lookup(self.document, fragment)
            if not found:
                yield report(ref_path, f"$ref target {ref!r} does not exist")

    def operation_ids(self) -> Iterator[Diagnostic]:
        first_seen: dict[str, Segments] = {}
        for operation in iter_operations(self.document, everywhere=True):
            if "operationId" not in operation.operation:
                continue
            operation_id = operation.operation["operationId"]
            id_path = (*_segments(operation.pointer), "operationId")
            if not isinstance(operation_id, str):
                continue  # the meta-schema reports the type
            if not operation_id.strip():
                yield self._error(id_path, "operationId must not be empty")
                continue
            if re.search(r"\s", operation_id):
                # OpenAPI allows it (its own petstore-expanded example has one); code generators
                # only recommend identifiers, and the method name is snake_cased anyway.
                yield self._warning(
                    id_path,
                    f"operationId {operation_id!r} contains whitespace; tools that use it as an "
                    "identifier may mangle it",
                )
            first = first_seen.setdefault(operation_id, id_path)
            if first != id_path:
                file, line, _, pointer = self.spec.locate(jsonpointer.join(*first))
                yield self._error(
                    id_path,
                    f"duplicate operationId {operation_id!r} (first used at {file}:{line},"
                    f" {pointer})",
                )

    def path_parameters(self) -> Iterator[Diagnostic]:
        reported_item_params: set[Segments] = set()
        for operation in iter_operations(self.document, everywhere=True):
            if operation.template is None:
                continue
            names = re.findall(r"\{([^{}]+)\}", operation.template)
            in_template = set(names)
            declared: dict[str, Segments] = {}
            for param_path, parameter in self._parameters(operation):
                if parameter.get("in") != "path" or not isinstance(parameter.get("name"), str):
                    continue
                declared[parameter["name"]] = param_path
            for name in dict.fromkeys(names):
                if name not in declared:
                    yield self._error(
                        _segments(operation.pointer),
                        f"path parameter {name!r} of {operation.template!r} is not declared"
                        " (add a parameter with in: path)",
                    )
            for name, param_path in declared.items():
                if name in in_template or param_path in reported_item_params:
                    continue
                reported_item_params.add(param_path)
                yield self._error(
                    param_path,
                    f"path parameter {name!r} does not occur in the path {operation.template!r}",
                )

    def _parameters(self, operation: OperationSite) -> list[tuple[Segments, dict[str, Any]]]:
        """The effective parameters, each where it is listed: a shared one may fit one path only."""
        return [
            (_segments(p.listed_at), p.parameter)
            for p in effective_parameters(self.document, operation)
        ]

    def duplicate_parameters(self) -> Iterator[Diagnostic]:
        owners: list[tuple[str, Any]] = []
        seen_items: set[str] = set()
        for operation in iter_operations(self.document, everywhere=True):
            owners.append((operation.pointer, operation.operation))
            if operation.path_item_pointer not in seen_items:
                seen_items.add(operation.path_item_pointer)
                owners.append((operation.path_item_pointer, operation.path_item))
        for owner_pointer, owner in owners:
            seen: set[tuple[str, str]] = set()
            for parameter in listed_parameters(self.document, owner, owner_pointer):
                if parameter.key in seen:
                    name, location = parameter.key[1], parameter.key[0]
                    yield self._error(
                        _segments(parameter.listed_at),
                        f"duplicate parameter {name!r} (in: {location})",
                    )
                seen.add(parameter.key)

    def duplicate_tags(self) -> Iterator[Diagnostic]:
        tags = self.document.get("tags")
        if not isinstance(tags, list):
            return
        seen: set[str] = set()
        for index, tag in enumerate(tags):
            name = tag.get("name") if isinstance(tag, dict) else None
            if isinstance(name, str):
                if name in seen:
                    yield self._error(("tags", str(index), "name"), f"duplicate tag {name!r}")
                seen.add(name)

    def examples(self) -> Iterator[Diagnostic]:
        yield from _ExampleChecker(self).run()

    def unused_components(self) -> Iterator[Diagnostic]:
        components = self.document.get("components")
        if not isinstance(components, dict):
            return
        used = _used_components(self.document)
        for kind in COMPONENT_KINDS:
            entries = components.get(kind)
            if kind == "pathItems" or not isinstance(entries, dict):
                continue
            for name in entries:
                if (kind, name) not in used and not name.startswith("x-"):
                    yield self._warning(
                        ("components", kind, name),
                        f"unused component: nothing references #/components/{kind}/{name}",
                    )


# --- example checking ------------------------------------------------------------------------


class _ExampleChecker:
    """Examples and defaults against their schemas, with the OpenAPI flavour of JSON Schema."""

    def __init__(self, checker: _Checker) -> None:
        self.checker = checker
        self.document = checker.document
        self.base_uri = checker.spec.path.resolve().as_uri()
        self._validator_class: Any = OAS31Validator if checker.version == "3.1" else OAS30Validator
        self._format_checker: FormatChecker = (
            oas31_format_checker if checker.version == "3.1" else oas30_format_checker
        )
        self._registry: Registry[Any] | None = None
        self._schema_paths: dict[int, Segments] | None = None

    def run(self) -> Iterator[Diagnostic]:
        for path, holder in _example_holders(self.document):
            schema_path = (*path, "schema")
            if "example" in holder:
                yield from self._check(
                    holder["example"], (*path, "example"), schema_path, "example"
                )
            examples = holder.get("examples")
            if isinstance(examples, dict):
                for name, example in examples.items():
                    example_path, resolved = _deref(
                        self.document, (*path, "examples", name), example
                    )
                    if isinstance(resolved, dict) and "value" in resolved:
                        yield from self._check(
                            resolved["value"], (*example_path, "value"), schema_path, "example"
                        )
        for path, schema in iter_schemas(self.document):
            if "example" in schema:
                yield from self._check(schema["example"], (*path, "example"), path, "example")
            if isinstance(schema.get("examples"), list):
                for index, value in enumerate(schema["examples"]):
                    yield from self._check(value, (*path, "examples", str(index)), path, "example")
            if "default" in schema and not (schema["default"] is None and schema.get("nullable")):
                yield from self._check(schema["default"], (*path, "default"), path, "default")

    def _check(
        self, value: Any, value_path: Segments, schema_path: Segments, what: str
    ) -> Iterator[Diagnostic]:
        wrapper = {"$ref": f"{self.base_uri}#{uri_fragment(jsonpointer.join(*schema_path))}"}
        validator: Validator = self._validator_class(
            wrapper, registry=self.registry, format_checker=self._format_checker
        )
        try:
            errors = list(validator.iter_errors(value))
        except Exception as exc:  # a broken schema must not stop the other checks
            yield self.checker._warning(
                value_path, f"cannot check this {what}: {_shorten(str(exc), 120)}"
            )
            return
        # One diagnostic per offending node: its first problem, and how many more it has.
        by_node: dict[Segments, list[ValidationError]] = {}
        for error in errors:
            best = _deepest(error)
            if what == "default" and best.validator not in _DEFAULT_KEYWORDS:
                continue
            by_node.setdefault(tuple(str(part) for part in best.absolute_path), []).append(best)
        for node_path, node_errors in by_node.items():
            first = _most_telling(node_errors)
            more = len(node_errors) - 1
            where = self._schema_location(first, value_path)
            yield self.checker._error(
                (*value_path, *node_path),
                f"{what} does not match its schema: {_shorten(_value_message(first), 150)}"
                f" ({where}{first.validator})"
                + (f"; and {more} more problem(s) here" if more else ""),
            )

    def _schema_location(self, error: ValidationError, value_path: Segments) -> str:
        """Which schema demanded it, as written: `schema /components/schemas/Pet: `."""
        if self._schema_paths is None:
            self._schema_paths = {id(schema): path for path, schema in iter_schemas(self.document)}
        path = self._schema_paths.get(id(error.schema))
        if path is None:
            return ""
        locate = self.checker.spec.locate
        file, _, _, pointer = locate(jsonpointer.join(*path))
        if file != locate(jsonpointer.join(*value_path))[0]:
            return f"schema {file}#{pointer}: "
        return f"schema {pointer or '/'}: "

    @property
    def registry(self) -> Registry[Any]:
        if self._registry is None:
            specification = DRAFT202012 if self.checker.version == "3.1" else DRAFT4
            resources = [(self.base_uri, specification.create_resource(self.document))]
            if self.checker.version == "3.1":
                # Schemas with their own `$id` are resources of their own (and hold `$anchor`s).
                for _, schema in iter_schemas(self.document):
                    schema_id = schema.get("$id")
                    if isinstance(schema_id, str):
                        resource = DRAFT202012.create_resource(schema)
                        resources.append((urljoin(self.base_uri, schema_id), resource))
            # (referencing's attrs classes confuse mypy about their constructors.)
            registry: Registry[Any] = Registry(retrieve=_refuse_retrieval)  # type: ignore[call-arg]
            self._registry = registry.with_resources(resources).crawl()
        return self._registry


def _refuse_retrieval(uri: str) -> Resource[Any]:
    # Never fetch anything: generation must not depend on the network.
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


def _example_holders(document: Any) -> Iterator[tuple[Segments, dict[str, Any]]]:
    """Media types, parameters and headers: objects with a `schema` and examples of it."""
    stack: list[tuple[Segments, Any]] = [((), document)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, list):
            stack.extend(((*path, str(i)), item) for i, item in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        if "schema" in node and ("example" in node or "examples" in node):
            yield path, node
        for key, child in node.items():
            child_path = (*path, key)
            # Schemas hold no media types or parameters (and may have a property `schema`).
            if key in ("schema", "examples") or child_path == ("components", "schemas"):
                continue
            if is_literal(child_path, child):
                continue
            if isinstance(child, dict | list) and not is_extension_key(path, key):
                stack.append((child_path, child))


def _schema_roots(document: Any) -> Iterator[tuple[Segments, dict[str, Any]]]:
    """Schemas that are not inside another schema."""
    for path, schema in iter_schemas(document):
        if path[-1] == "schema" or (path[:2] == ("components", "schemas") and len(path) == 3):
            yield path, schema


# --- message helpers -------------------------------------------------------------------------


# OpenAPI 3.0: a default "MUST conform to the defined type"; its other constraints (required
# properties of a `default: {}`, say) are not checked, as the specification does not ask it.
_DEFAULT_KEYWORDS = frozenset({"type", "enum", "const"})


def _deepest(error: ValidationError) -> ValidationError:
    """The most specific error: `anyOf`/`oneOf` failures descend into their best branch."""
    while error.context:
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            branch = sub.relative_schema_path[0] if sub.relative_schema_path else None
            branches.setdefault(branch, []).append(sub)
        # A Reference Object branch fails on "'$ref' is required" for every non-reference:
        # the other branch says what is really wrong.
        candidates = [errors for errors in branches.values() if not _is_missing_ref(errors)]
        if len(candidates) != 1:
            best = best_match([error])
            return best if best is not None else error
        error = best_match(candidates[0]) or candidates[0][0]
    return error


def _is_missing_ref(errors: list[ValidationError]) -> bool:
    return any(
        error.validator == "required" and "$ref" in (error.validator_value or ())
        for error in errors
    )


def _most_telling(errors: list[ValidationError]) -> ValidationError:
    # OAS30Validator reports null twice ("None for not nullable", "None is not of type ...").
    plain = [error for error in errors if error.message != "None for not nullable"]
    return plain[0] if plain else errors[0]


def _value_message(error: ValidationError) -> str:
    if error.message == "None for not nullable":
        return "null is not allowed (the schema is not nullable)"
    if error.validator == "type":
        expected = error.validator_value
        names = expected if isinstance(expected, list) else [expected]
        return f"{_json(error.instance)} is not of type {' or '.join(repr(n) for n in names)}"
    if error.validator == "oneOf" and not error.context:
        return f"{_json(error.instance)} matches more than one oneOf alternative"
    if error.validator in ("oneOf", "anyOf"):
        return f"{_json(error.instance)} matches none of the {error.validator} alternatives"
    return str(error.message)


def _meta_message(error: ValidationError) -> str:
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        extras = _unexpected_keys(error)
        if extras:
            listed = ", ".join(repr(key) for key in extras)
            noun = "field" if len(extras) == 1 else "fields"
            return f"unknown {noun} {listed} (not allowed here)"
    if error.validator == "required" and isinstance(error.validator_value, list):
        missing = [
            key
            for key in error.validator_value
            if isinstance(error.instance, dict) and key not in error.instance
        ]
        if missing:
            return _shorten(f"missing required field {', '.join(repr(k) for k in missing)}")
    if error.validator in ("oneOf", "anyOf"):
        # e.g. OpenAPI 3.1's root: anyOf required paths / components / webhooks.
        if error.context and all(sub.validator == "required" for sub in error.context):
            names = ", ".join(repr(n) for sub in error.context for n in sub.validator_value)
            return f"needs at least one of the fields {names}"
        return _value_message(error).replace(" alternative", " allowed form")
    if error.validator == "type":
        return _value_message(error)
    if error.validator == "const":
        return f"must be {_json(error.validator_value)}, not {_json(error.instance)}"
    if error.validator == "enum" and isinstance(error.validator_value, list):
        allowed = ", ".join(_json(value) for value in error.validator_value)
        return _shorten(f"must be one of {allowed}; not {_json(error.instance)}")
    return _shorten(error.message)


def _json(value: Any) -> str:
    """A value as the spec's author wrote it (JSON spelling: true, null), kept short."""
    try:
        return _shorten(json.dumps(value), 60)
    except (TypeError, ValueError):
        return _short_repr(value)


def _unexpected_keys(error: ValidationError) -> list[str]:
    instance = error.instance
    if not isinstance(instance, dict):
        return []
    if error.validator == "unevaluatedProperties":
        match = re.search(r"\((.*) (?:was|were) unexpected\)", error.message)
        return re.findall(r"'((?:[^'\\]|\\.)*)'", match.group(1)) if match else []
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    return [
        key
        for key in instance
        if key not in known and not any(re.search(pattern, key) for pattern in patterns)
    ]


# --- components in use -----------------------------------------------------------------------


def _used_components(document: dict[str, Any]) -> set[tuple[str, str]]:
    used: set[tuple[str, str]] = set()
    ids: dict[str, tuple[str, str]] = {}
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if isinstance(schemas, dict):
        for name, schema in schemas.items():
            if isinstance(schema, dict) and isinstance(schema.get("$id"), str):
                ids[schema["$id"]] = ("schemas", name)
    for path, ref in iter_refs(document):
        if not isinstance(ref, str):
            continue
        target = _component_of(ref) or ids.get(ref.partition("#")[0])
        # A component that only refers to itself is still unused.
        if target is not None and path[:3] != ("components", *target):
            used.add(target)
    for _, schema in iter_schemas(document):
        discriminator = schema.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if isinstance(mapping, dict):
            for value in mapping.values():
                if isinstance(value, str):
                    used.add(_component_of(value) or ("schemas", value))
    for requirement in _security_requirements(document):
        used.update(("securitySchemes", name) for name in requirement)
    return used


def _component_of(ref: str) -> tuple[str, str] | None:
    if not ref.startswith("#/components/"):
        return None
    segments = jsonpointer.split(jsonpointer.local_ref_pointer(ref))
    return (segments[1], segments[2]) if len(segments) >= 3 else None


def _security_requirements(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    requirement_lists = [document.get("security")]
    requirement_lists.extend(
        operation.operation.get("security")
        for operation in iter_operations(document, everywhere=True)
    )
    for requirements in requirement_lists:
        if isinstance(requirements, list):
            yield from (item for item in requirements if isinstance(item, dict))


def _anchors(document: Any) -> set[str]:
    anchors: set[str] = set()
    for _, schema in iter_schemas(document):
        for key in ("$anchor", "$dynamicAnchor"):
            if isinstance(schema.get(key), str):
                anchors.add(schema[key])
    return anchors
