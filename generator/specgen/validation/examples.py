"""Examples and defaults against their schemas, with the OpenAPI flavour of JSON Schema.

Each one that does not match is reported (`example-mismatch`, `default-mismatch`) and recorded
as a defect: the IR marks a media type's example as not conforming (the contract tests never
replay it as a valid message), leaves out other examples, and does not use such a default as
the Python default.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from typing import Any
from urllib.parse import urljoin

from jsonschema import FormatChecker  # type: ignore[import-untyped, unused-ignore]
from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped, unused-ignore]
from jsonschema.protocols import Validator  # type: ignore[import-untyped, unused-ignore]
from jsonschema.validators import extend  # type: ignore[import-untyped, unused-ignore]
from openapi_schema_validator import (
    OAS30Validator,
    OAS31Validator,
    OAS32Validator,
    oas30_format_checker,
    oas31_format_checker,
    oas32_format_checker,
)
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT4, DRAFT202012

from specgen.document import jsonpointer
from specgen.document.openapi import uri_fragment
from specgen.document.refs import deref
from specgen.document.walk import iter_objects, iter_schemas
from specgen.validation.context import Context, Finding, Segments, segments
from specgen.validation.messages import deepest, most_telling, shorten, value_message
from specgen.validation.patterns import python_regex


def _pattern(validator: Any, pattern: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """`pattern` with the regex's meaning: a Java form is translated, and one Python cannot run
    is not checked (it is reported as `pattern-dialect`), instead of failing the whole check."""
    if not validator.is_type(instance, "string") or not isinstance(pattern, str):
        return
    python = python_regex(pattern)
    if python is not None and re.search(python, instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_VALIDATORS: dict[str, tuple[Any, FormatChecker]] = {
    version: (extend(validator_class, {"pattern": _pattern}), format_checker)
    for version, validator_class, format_checker in (
        ("3.0", OAS30Validator, oas30_format_checker),
        ("3.1", OAS31Validator, oas31_format_checker),
        ("3.2", OAS32Validator, oas32_format_checker),
    )
}


def check_examples(context: Context) -> Iterator[Finding]:
    yield from _ExampleChecker(context).run()


class _ExampleChecker:
    def __init__(self, context: Context) -> None:
        self.context = context
        self.document = context.document
        self.base_uri = context.spec.path.resolve().as_uri()
        self._validator_class, self._format_checker = _VALIDATORS[context.version]
        self._registry: Registry[Any] | None = None
        self._schema_paths: dict[int, Segments] | None = None

    def run(self) -> Iterator[Finding]:
        defects = self.context.defects
        for path, holder in _example_holders(self.document):
            schema_path = (*path, "schema")
            is_media = len(path) >= 2 and path[-2] == "content"
            if "example" in holder:
                value_path = (*path, "example")
                problem = yield from self._check(holder["example"], value_path, schema_path)
                if problem and is_media:
                    defects.media_examples[(path, "example")] = problem
                elif problem:
                    defects.dropped_examples[value_path] = problem
            examples = holder.get("examples")
            if isinstance(examples, dict):
                for name, example in examples.items():
                    target = deref(
                        self.document, example, jsonpointer.join(*path, "examples", name)
                    )
                    resolved = target.node
                    if isinstance(resolved, dict) and "value" in resolved:
                        value_path = (*segments(target.pointer), "value")
                        problem = yield from self._check(resolved["value"], value_path, schema_path)
                        if problem and is_media:
                            defects.media_examples[(path, str(name))] = problem
                        elif problem:
                            defects.dropped_examples[(*path, "examples", str(name))] = problem
        for path, schema in iter_schemas(self.document):
            if "example" in schema:
                value_path = (*path, "example")
                problem = yield from self._check(schema["example"], value_path, path)
                if problem:
                    defects.dropped_examples[value_path] = problem
            if isinstance(schema.get("examples"), list):
                for index, value in enumerate(schema["examples"]):
                    value_path = (*path, "examples", str(index))
                    problem = yield from self._check(value, value_path, path)
                    if problem:
                        defects.dropped_examples[value_path] = problem
            if "default" in schema and not (schema["default"] is None and schema.get("nullable")):
                problem = yield from self._check(
                    schema["default"], (*path, "default"), path, what="default"
                )
                if problem:
                    defects.defaults[path] = problem

    def _check(
        self, value: Any, value_path: Segments, schema_path: Segments, what: str = "example"
    ) -> Generator[Finding, None, str]:
        """Report each offending node; the generator's value is the first problem ("" if none)."""
        wrapper = {"$ref": f"{self.base_uri}#{uri_fragment(jsonpointer.join(*schema_path))}"}
        validator: Validator = self._validator_class(
            wrapper, registry=self.registry, format_checker=self._format_checker
        )
        try:
            errors = list(validator.iter_errors(value))
        except Exception as exc:  # a broken schema must not stop the other checks
            if not self.context.broken_refs:  # (a broken `$ref` is reported, and blocks)
                problem = f"cannot check this {what}: {shorten(str(exc), 120)}"
                yield Finding("example-unchecked", value_path, problem)
            return ""  # unchecked is not known to be wrong
        # One finding per offending node: its first problem, and how many more it has.
        by_node: dict[Segments, list[ValidationError]] = {}
        for error in errors:
            # A default is checked against the whole schema, not only its type: the model
            # validates its default, so Kubernetes' `spec: {$ref: DeploymentSpec, default: {}}`
            # (with `required: [selector, template]`) made `selector` a keyword every call needs.
            best = deepest(error)
            by_node.setdefault(tuple(str(part) for part in best.absolute_path), []).append(best)
        first_problem = ""
        for node_path, node_errors in by_node.items():
            first = most_telling(node_errors)
            more = len(node_errors) - 1
            where = self._schema_location(first, value_path)
            problem = shorten(value_message(first), 150)
            # The value's own pointer leads the text that travels into docstrings and skip reasons,
            # which have no finding line beside them to say where inside the value it went wrong.
            inside = jsonpointer.join(*node_path)
            first_problem = first_problem or (f"{inside}: {problem}" if inside else problem)
            yield Finding(
                f"{what}-mismatch",
                (*value_path, *node_path),
                f"{what} does not match its schema: {problem} ({where}{first.validator})"
                + (f"; and {more} more problem(s) here" if more else ""),
            )
        return first_problem

    def _schema_location(self, error: ValidationError, value_path: Segments) -> str:
        """Which schema demanded it, as written: `schema /components/schemas/Pet: `."""
        if self._schema_paths is None:
            self._schema_paths = {id(schema): path for path, schema in iter_schemas(self.document)}
        path = self._schema_paths.get(id(error.schema))
        if path is None:
            return ""
        locate = self.context.spec.locate
        file, _, _, pointer = locate(jsonpointer.join(*path))
        if file != locate(jsonpointer.join(*value_path))[0]:
            return f"schema {file}#{pointer}: "
        return f"schema {pointer or '/'}: "

    @property
    def registry(self) -> Registry[Any]:
        if self._registry is None:
            specification = DRAFT4 if self.context.is_30 else DRAFT202012
            resources = [(self.base_uri, specification.create_resource(self.document))]
            if not self.context.is_30:
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
    for path, node in iter_objects(document, _holds_no_example_holder):
        if "schema" in node and ("example" in node or "examples" in node):
            yield path, node


def _holds_no_example_holder(path: Segments, key: str) -> bool:
    # Schemas hold no media types or parameters (and may have a property `schema`).
    return key in ("schema", "examples") or path == ("components", "schemas")
