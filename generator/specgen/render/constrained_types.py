"""Rewrites of datamodel-code-generator's output that keep nested limits as plain annotations.

A constrained scalar inside a list or a map (an item `pattern`, a value `maxLength`) comes out
of datamodel-code-generator either as a wrapper class (`class EntitySkill(RootModel[str])`, so
the field reads `list[EntitySkill]`) or as a `constr(max_length=255)` call, which mypy rejects
in an annotation. Both become `Annotated[str, Field(...)]` in place: the limit is checked, and
the field's type stays what a caller passes (`list[str]`).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

from specgen.ir.pycode import sort_names

_CALL_TYPES = {"constr": "str", "conint": "int", "confloat": "float", "conbytes": "bytes"}


def inline_constrained_types(source: str, model_names: set[str]) -> str:
    """`source` with wrapper RootModel classes that are not models of the spec inlined, and
    `con*()` calls turned into `Annotated[...]`; imports adjusted."""
    wrappers = _wrappers(source, model_names)
    if not wrappers and not any(f"{name}(" in source for name in _CALL_TYPES):
        return source
    source = _drop_classes(source, set(wrappers))
    for _ in range(len(wrappers) + 1):  # wrappers may name wrappers
        replaced = _replace_names(source, wrappers)
        if replaced == source:
            break
        source = replaced
    source = _replace_calls(source)
    return _fix_imports(source)


def _wrappers(source: str, model_names: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in ast.parse(source).body:
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


def _drop_classes(source: str, names: set[str]) -> str:
    if not names:
        return source
    lines = source.splitlines(keepends=True)
    for node in sorted(ast.parse(source).body, key=lambda n: n.lineno, reverse=True):
        if isinstance(node, ast.ClassDef) and node.name in names:
            start = node.lineno - 1 - len(node.decorator_list)
            del lines[start : node.end_lineno or node.lineno]
    return re.sub(r"\n{4,}", "\n\n\n", "".join(lines))


def _replace_names(source: str, replacements: dict[str, str]) -> str:
    lines = source.splitlines(keepends=True)
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for token in reversed(tokens):
        if token.type == tokenize.NAME and token.string in replacements:
            row, col = token.start
            line = lines[row - 1]
            end = col + len(token.string)
            lines[row - 1] = line[:col] + replacements[token.string] + line[end:]
    return "".join(lines)


def _replace_calls(source: str) -> str:
    """`constr(max_length=255)` → `Annotated[str, Field(max_length=255)]` (calls only, found
    through the syntax tree, so text in docstrings is never touched)."""
    tree = ast.parse(source)
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _CALL_TYPES
    ]
    if not calls:
        return source
    lines = source.splitlines(keepends=True)
    # Innermost and last first, so the offsets of the others stay valid.
    for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset), reverse=True):
        if call.lineno != call.end_lineno:
            continue  # never seen: constraint calls are short
        assert isinstance(call.func, ast.Name)
        arguments = ", ".join(ast.unparse(k) for k in call.keywords)
        text = f"Annotated[{_CALL_TYPES[call.func.id]}, Field({arguments})]"
        line = lines[call.lineno - 1]
        lines[call.lineno - 1] = line[: call.col_offset] + text + line[call.end_col_offset :]
    return "".join(lines)


def _fix_imports(source: str) -> str:
    """Drop pydantic names no longer used; import `Annotated` and `Field` where now used."""
    tree = ast.parse(source)
    body_names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    lines = source.splitlines(keepends=True)
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
