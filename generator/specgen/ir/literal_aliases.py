"""Named `Literal` types for parameters with many allowed values (`params.py`).

An inline `enum` of a parameter is spelled out as `Literal[...]` in the signature of its method,
sync and async, in every operation that takes it: a 3,000-value `fields` parameter of a few list
operations made a resources module of 100,000 lines. Past `MAX_INLINE_VALUES` values the
`Literal` gets a name in `params.py` (`FieldsValue = Literal[...]`), which the signatures use: the
same type for mypy, spelled once.

A name comes from the parameter's name, qualified by its operation's when parameters of that
name allow different values, so it depends only on the names in the spec, not on their order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from specgen.document.refs import resolved_or
from specgen.document.walk import effective_parameters, iter_operations
from specgen.ir import naming
from specgen.ir.hints import literal_values

# Up to this many values a `Literal` stays in the signature, where it reads best.
MAX_INLINE_VALUES = 30


def literal_aliases(document: dict[str, Any], taken: set[str]) -> dict[str, str]:
    """The `Literal` contents (`"a", "b"`) of many-valued parameter enums → the alias's name.

    `taken` holds the names the aliases must not take (model classes, TypedDicts); the aliases'
    names are added to it.
    """
    by_parameter: dict[str, dict[str, list[str]]] = {}  # name → contents → operation names
    for operation, parameter, schema in _parameter_schemas(document):
        for values in _enums(document, schema):
            if len(values) > MAX_INLINE_VALUES:
                contents = literal_values(values)
                by_parameter.setdefault(parameter, {}).setdefault(contents, []).append(operation)
    wanted: dict[str, str] = {}  # contents → name, before uniqueness
    for parameter, contents_of in by_parameter.items():
        for contents, operations in contents_of.items():
            if len(contents_of) == 1:
                name = naming.pascal(parameter)
            else:
                name = naming.pascal(min(operations)) + naming.pascal(parameter)
            # The same values under two parameter names: the first name in order wins.
            if contents not in wanted or name < wanted[contents]:
                wanted[contents] = name
    return {
        contents: naming.unique(f"{name}Value", taken)
        for contents, name in sorted(wanted.items(), key=lambda item: (item[1], item[0]))
    }


def _parameter_schemas(document: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(operation name, parameter name, schema) of every parameter of every operation."""
    for site in iter_operations(document):
        operation = str(site.operation.get("operationId") or f"{site.method} {site.template}")
        for parameter in effective_parameters(document, site):
            schema = parameter.parameter.get("schema")
            if not isinstance(schema, dict):
                content = parameter.parameter.get("content")
                first = next(iter(content.values()), None) if isinstance(content, dict) else None
                schema = first.get("schema") if isinstance(first, dict) else None
            yield operation, str(parameter.parameter.get("name")), schema


def _enums(document: dict[str, Any], schema: Any) -> Iterator[list[Any]]:
    """The enums a parameter schema's annotation spells out: its own or its items', inline or
    a component's (whose class the annotation offers beside its values)."""
    for node in (schema, schema.get("items") if isinstance(schema, dict) else None):
        target = resolved_or(document, node, None) if isinstance(node, dict) else None
        enum = target.get("enum") if isinstance(target, dict) else None
        if isinstance(enum, list):
            values = [value for value in enum if value is not None]  # None: `| None`
            if values:
                yield values
