"""The TypedDicts of request models (`params.py`): the dict forms a caller may pass, so that
mypy checks their keys."""

from __future__ import annotations

from typing import Any

from specgen.document.schema import is_object_with_properties, types
from specgen.ir import naming
from specgen.ir import nodes as ir
from specgen.ir.hints import TypeHints
from specgen.ir.imports import group_imports


def params_names(
    schemas: dict[str, Any], in_request: set[str], stems: dict[str, str] | None = None
) -> dict[str, str]:
    """Request models that are objects with properties → the name of their TypedDict.

    A request twin (`BookingRequest`, see `access`) is named by its schema (`stems`): its dict
    form is `BookingParam`, as it was when one class served both sides."""
    taken = set(schemas)
    names: dict[str, str] = {}
    for name in sorted(in_request, key=lambda n: ((stems or {}).get(n, n), n)):
        schema = schemas.get(name)
        if (
            isinstance(schema, dict)
            and is_object_with_properties(schema)
            and "null" not in types(schema)
        ):
            names[name] = naming.unique(f"{(stems or {}).get(name, name)}Param", taken)
    return names


def params_dicts(
    doc: dict[str, Any],
    schemas: dict[str, Any],
    names: dict[str, str],
    literal_aliases: dict[str, str] | None = None,
) -> tuple[tuple[ir.ParamsDict, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """The TypedDicts, and what params.py imports (for them and for the `literal_aliases`)."""
    hints = TypeHints(
        doc,
        params=names,
        models_module=".models",
        params_module=None,
        literal_aliases=literal_aliases,
    )
    result = []
    for model, name in names.items():
        schema = schemas[model]
        required = set(schema.get("required") or [])
        keys = tuple(
            ir.ParamKey(
                name=str(prop),
                annotation=hints.annotation(sub, input=True),
                required=prop in required,
                docs=ir.Docs.of(sub if isinstance(sub, dict) else {}),
            )
            for prop, sub in schema["properties"].items()
            if not (isinstance(sub, dict) and sub.get("readOnly") is True)
        )
        result.append(ir.ParamsDict(name=name, model=model, docs=ir.Docs.of(schema), keys=keys))
    imports = hints.reset_imports()
    if result:
        imports.add(("typing", "TypedDict"))
    if literal_aliases:
        imports.add(("typing", "Literal"))
    if any(p.required_keys for p in result):
        imports.add(("typing", "Required"))
    own = {p.name for p in result}
    imports = {(m, n) for m, n in imports if not (m == ".models" and n in own)}
    if any(m == ".models" for m, _ in imports):
        # For type checkers only: the TypedDicts' annotations are never evaluated, and the
        # models (seconds to build for a big API) are imported on first use, not by params.
        imports.add(("typing", "TYPE_CHECKING"))
    return tuple(result), group_imports(imports)
