"""Spec text made safe to embed in Python source: literals, docstrings, comments.

Spec text is data, never code: everything a template writes from the spec goes through here.
"""

from __future__ import annotations

import textwrap


def string_literal(text: str) -> str:
    """A double-quoted Python literal of any text (quotes, backslashes, newlines, unicode)."""
    escaped = text.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    return f'"{escaped}"'


def printable_text(text: str) -> str:
    """Text with one kind of newline and no other control characters (they become spaces)."""
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return "".join(ch if ch == "\n" or ch.isprintable() else " " for ch in cleaned)


def docstring(text: str, indent: int = 0, width: int = 100) -> str:
    """A triple-quoted docstring whose content cannot end the string or form escapes.

    Returns the docstring lines (first line unindented, the rest indented by `indent` spaces).
    """
    cleaned = printable_text(text).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    pad = " " * indent
    lines: list[str] = []
    for paragraph in cleaned.split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        lead = paragraph[: len(paragraph) - len(paragraph.lstrip())]
        lines.extend(
            textwrap.wrap(
                paragraph.rstrip(),
                width=max(40, width - indent),
                subsequent_indent=lead + ("    " if lead else ""),
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [""]
        )
    while lines and not lines[-1]:
        lines.pop()
    if lines and lines[-1].endswith('"'):
        lines[-1] += " "  # a closing quote must not touch the text's own quote
    if not lines:
        return '""""""'
    if len(lines) == 1 and len(lines[0]) + indent + 6 <= width:
        return f'"""{lines[0]}"""'
    body = "\n".join((pad + line) if line else "" for line in lines)
    return f'"""\n{body}\n{pad}"""'


def comment(text: str) -> str:
    """One comment line: newlines and control characters cannot end the comment."""
    return " ".join(text.split())


def tuple_literal(value: tuple[object, ...] | list[object] | str) -> str:
    """A Python literal of nested tuples of strings, as ruff formats a short one."""
    if isinstance(value, str):
        return string_literal(value)
    items = [tuple_literal(v) for v in value]  # type: ignore[arg-type]
    if len(items) == 1:
        return f"({items[0]},)"
    return f"({', '.join(items)})"


def isort_key(name: str) -> tuple[int, str, str]:
    """Order names as ruff's isort does: CONSTANTS, then Classes, then everything else."""
    if name.isupper() and len(name) > 1:
        rank = 0
    elif name[:1].isupper():
        rank = 1
    else:
        rank = 2
    return (rank, name.lower(), name)


def sort_names(names: list[str] | tuple[str, ...]) -> list[str]:
    return sorted(names, key=isort_key)
