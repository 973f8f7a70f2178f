"""Rewrites of datamodel-code-generator's output that keep nested limits as plain annotations.

A constrained scalar inside a list or a map (an item `pattern`, a value `maxLength`) comes out
of datamodel-code-generator either as a wrapper class (`class EntitySkill(RootModel[str])`, so
the field reads `list[EntitySkill]`) or as a `constr(max_length=255)` call, which mypy rejects
in an annotation. Both become `Annotated[str, Field(...)]` in place: the limit is checked, and
the field's type stays what a caller passes (`list[str]`).
"""

from __future__ import annotations

import ast
import itertools
import re
from collections import Counter
from typing import Any, TypeGuard

from specgen.document.schema import Schema, needs_class, subschemas, types
from specgen.ir.pycode import sort_names

_CALL_TYPES = {"constr": "str", "conint": "int", "confloat": "float", "conbytes": "bytes"}
SCALAR_LIMITS = frozenset(  # the keywords that limit a scalar value
    {
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    }
)
_SCALARS = frozenset({"string", "integer", "number", "boolean", "null"})
LIMITED_VALUE_PREFIX = "SpecgenLimitedValue"


def name_limited_values(schemas: dict[str, Any], models: list[str]) -> None:
    """Give each constrained scalar that datamodel-code-generator would wrap in a class of its
    own (a list item, a map value, a union member: `tags: items: {maxLength: 5}`) a schema of
    its own under a name no component has, in place, for the request models in `models`.

    Left inline, the wrapper class is named after the field (`tags` → `Tag`); when a component
    has that name, the component's class is renamed (`Tag3`, `CustomerModel`) and the client's
    `Tag` is the wrapper. Named here, the wrapper is no model of the spec, so
    `inline_constrained_types` turns it back into `Annotated[str, Field(max_length=5)]`.
    """
    taken = {name.lower() for name in schemas}
    numbers = itertools.count(1)
    added: dict[str, Schema] = {}

    def ref_to(member: Schema) -> dict[str, str]:
        name = next(
            f"{LIMITED_VALUE_PREFIX}{n}"
            for n in numbers
            if f"{LIMITED_VALUE_PREFIX}{n}".lower() not in taken
        )
        added[name] = member
        return {"$ref": f"#/components/schemas/{name}"}

    def visit(schema: Schema) -> None:
        for _tokens, nested in list(subschemas(schema)):
            visit(nested)
        for key in ("items", "additionalProperties"):
            if _wrapped(schema.get(key)):
                schema[key] = ref_to(schema[key])
        for key in ("anyOf", "oneOf"):
            members = schema.get(key)
            if isinstance(members, list):
                schema[key] = [ref_to(m) if _wrapped(m) else m for m in members]

    for name in models:
        schema = schemas.get(name)
        if isinstance(schema, dict):
            visit(schema)
    schemas.update(added)


def _wrapped(member: object) -> bool:
    """A scalar with limits, which datamodel-code-generator makes a class of where it is nested."""
    if not isinstance(member, dict) or "$ref" in member or needs_class(member):
        return False
    kinds = set(types(member))
    return bool(kinds) and kinds <= _SCALARS and not SCALAR_LIMITS.isdisjoint(member)


def inline_constrained_types(source: str, model_names: set[str]) -> str:
    """`source` with wrapper RootModel classes that are not models of the spec inlined, and
    `con*()` calls turned into `Annotated[...]`; imports adjusted.

    Stripe's module is large (92,000 lines), so it is parsed once: every edit is located in that
    one tree and applied to its lines, last first; the names the result uses are counted from
    the tree and the inserted text, not parsed again.
    """
    if "RootModel[" not in source and not any(f"{name}(" in source for name in _CALL_TYPES):
        return source
    tree = ast.parse(source)
    wrappers = _expanded(_wrappers(tree, model_names))
    if not wrappers and not any(f"{name}(" in source for name in _CALL_TYPES):
        return source
    lines = source.splitlines(keepends=True)
    edits: dict[int, list[tuple[int, int, str]]] = {}  # row → (start, end column, new text)
    used: Counter[str] = Counter()
    dropped: list[tuple[int, int]] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in wrappers:
            dropped.append((node.lineno - 1 - len(node.decorator_list), node.end_lineno or 0))
            continue
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name):
                replacement = wrappers.get(sub.id)
                if replacement is None:
                    used[sub.id] += 1
                    continue
                _edit(edits, lines, sub, replacement)
                used.update(_names(replacement))
            elif _is_constraint_call(sub) and sub.lineno == sub.end_lineno:
                assert isinstance(sub.func, ast.Name)
                text = _annotated(sub)
                _edit(edits, lines, sub, text)
                used[sub.func.id] -= 1  # (counted as its Name, which the edit removes)
                used.update(_names(text))
    for row, changes in edits.items():
        line = lines[row - 1]
        for start, end, text in sorted(changes, reverse=True):
            line = line[:start] + text + line[end:]
        lines[row - 1] = line
    for start, end in reversed(dropped):
        del lines[start:end]
    result = "".join(lines)
    if dropped:
        result = re.sub(r"\n{4,}", "\n\n\n", result)
    imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    split = (imports[-1].end_lineno or 0) if imports else 0
    head_lines = result.splitlines(keepends=True)
    head, body = "".join(head_lines[:split]), "".join(head_lines[split:])
    return _fix_imports(head, {name for name, count in used.items() if count > 0}) + body


def _wrappers(tree: ast.Module, model_names: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or node.name in model_names:
            continue
        bases = [ast.unparse(base) for base in node.bases]
        if len(bases) != 1 or not bases[0].startswith("RootModel["):
            continue
        fields = [n for n in node.body if isinstance(n, ast.AnnAssign)]
        others = [n for n in node.body if not isinstance(n, ast.AnnAssign | ast.Expr)]
        if len(fields) != 1 or others or fields[0].value is not None:
            continue
        annotation = ast.unparse(fields[0].annotation)
        if "Field(" not in annotation:
            continue  # a wrapper without limits is a real alias; leave it
        found[node.name] = annotation
    return found


def _expanded(wrappers: dict[str, str]) -> dict[str, str]:
    """Each wrapper's annotation with the wrappers it names inlined in turn (and its `con*()`
    calls rewritten), so that one pass over the module replaces everything."""
    result = dict(wrappers)
    for _ in range(len(wrappers) + 1):  # wrappers may name wrappers
        changed = False
        for name, annotation in result.items():
            tree = ast.parse(annotation, mode="eval")
            lines = [annotation]
            edits: dict[int, list[tuple[int, int, str]]] = {}
            for sub in ast.walk(tree):
                if isinstance(sub, ast.Name) and sub.id in result:
                    _edit(edits, lines, sub, result[sub.id])
            if edits:
                changes = sorted(edits[1], reverse=True)
                for start, end, text in changes:
                    annotation = annotation[:start] + text + annotation[end:]
                result[name] = annotation
                changed = True
        if not changed:
            break
    return {name: _calls_rewritten(annotation) for name, annotation in result.items()}


def _calls_rewritten(annotation: str) -> str:
    calls = [n for n in ast.walk(ast.parse(annotation, mode="eval")) if _is_constraint_call(n)]
    for call in sorted(calls, key=lambda c: c.col_offset, reverse=True):
        start, end = _columns(annotation, call)
        annotation = annotation[:start] + _annotated(call) + annotation[end:]
    return annotation


def _is_constraint_call(node: ast.AST) -> TypeGuard[ast.Call]:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _CALL_TYPES
    )


def _annotated(call: ast.Call) -> str:
    """`constr(max_length=255)` → `Annotated[str, Field(max_length=255)]`."""
    assert isinstance(call.func, ast.Name)
    arguments = ", ".join(ast.unparse(k) for k in call.keywords)
    return f"Annotated[{_CALL_TYPES[call.func.id]}, Field({arguments})]"


def _columns(line: str, node: ast.expr) -> tuple[int, int]:
    """A one-line node's start and end as character columns (ast counts UTF-8 bytes)."""
    start, end = node.col_offset, node.end_col_offset or node.col_offset
    if line.isascii():
        return start, end
    data = line.encode("utf-8")
    return len(data[:start].decode("utf-8")), len(data[:end].decode("utf-8"))


def _edit(
    edits: dict[int, list[tuple[int, int, str]]], lines: list[str], node: ast.expr, text: str
) -> None:
    start, end = _columns(lines[node.lineno - 1], node)
    edits.setdefault(node.lineno, []).append((start, end, text))


_NAME_CACHE: dict[str, Counter[str]] = {}


def _names(text: str) -> Counter[str]:
    """The names an inserted annotation uses, counted."""
    if text not in _NAME_CACHE:
        tree = ast.parse(text, mode="eval")
        _NAME_CACHE[text] = Counter(n.id for n in ast.walk(tree) if isinstance(n, ast.Name))
    return _NAME_CACHE[text]


def _fix_imports(head: str, body_names: set[str]) -> str:
    """Drop pydantic names no longer used; import `Annotated` and `Field` where now used."""
    tree = ast.parse(head)
    lines = head.splitlines(keepends=True)
    has_typing_annotated = False
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "typing":
            has_typing_annotated |= any(a.name == "Annotated" for a in node.names)
    for node in sorted(tree.body, key=lambda n: n.lineno, reverse=True):
        if not isinstance(node, ast.ImportFrom) or node.module not in ("pydantic", "typing"):
            continue
        names = [a.name for a in node.names]
        if node.module == "pydantic":
            names = [n for n in names if n in body_names]
            if "Field" in body_names and "Field" not in names:
                names.append("Field")
        elif "Annotated" in body_names and "Annotated" not in names:
            names.append("Annotated")
            has_typing_annotated = True
        text = f"from {node.module} import {', '.join(sort_names(names))}\n" if names else ""
        lines[node.lineno - 1 : node.end_lineno or node.lineno] = [text]
    if "Annotated" in body_names and not has_typing_annotated:
        future = [
            n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == "__future__"
        ]
        at = (future[-1].end_lineno or 0) if future else 0
        lines.insert(at, ("\n" if future else "") + "from typing import Annotated\n")
    return "".join(lines)
