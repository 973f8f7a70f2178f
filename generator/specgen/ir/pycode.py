"""Spec text made safe to embed in Python source: literals, docstrings, comments.

Spec text is data, never code: everything a template writes from the spec goes through here.
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Iterable


def string_literal(text: str) -> str:
    """A double-quoted Python literal of any text (quotes, backslashes, newlines, unicode)."""
    escaped = text.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    return f'"{escaped}"'


def printable_text(text: str) -> str:
    """Text with one kind of newline and no other control characters (they become spaces)."""
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if cleaned.replace("\n", "").isprintable():
        return cleaned  # the common case, decided at C speed
    return "".join(ch if ch == "\n" or ch.isprintable() else " " for ch in cleaned)


# A list item's marker: `-`, `*`, `+` or `1.`/`1)`, then a space (so `*emphasis*` is not one).
_LIST_ITEM = re.compile(r"([-*+]|\d{1,3}[.)])\s+")
_LIST_START = frozenset("-*+0123456789")


def _logical_lines(text: str) -> list[tuple[str, str | None]]:
    """Text's lines with soft line breaks undone: each paragraph and each list item becomes one
    line, so a description whose source lines were wrapped at another width lays out afresh.

    Returns (line, hanging indent for wrapping it) pairs; the indent is None for a line to keep as
    it is (fenced and indented code blocks, markdown table rows, blank lines). Indented lines
    that follow a text line (`Args:` entries) stay lines of their own; a list item's indented or
    lazy continuation lines join the item.
    """
    lines: list[tuple[str, str | None]] = []
    fence = ""
    continues = ""  # "text" or "item": what the previous line was, if a next line can continue it
    after_blank = True
    for raw in text.split("\n"):
        line = raw.rstrip()
        stripped = line.lstrip()
        if fence:
            lines.append((line, None))
            if stripped.startswith(fence):
                fence = ""
            continue
        if not stripped:
            lines.append(("", None))
            continues, after_blank = "", True
            continue
        lead = line[: len(line) - len(stripped)]
        was_after_blank, after_blank = after_blank, False
        if stripped.startswith(("```", "~~~")):
            fence, continues = stripped[:3], ""
            lines.append((line, None))
            continue
        if stripped.startswith("|") or (len(lead) >= 4 and was_after_blank):
            # A table row, or a code block (in markdown only a blank line can start one).
            lines.append((line, None))
            after_blank, continues = was_after_blank and not stripped.startswith("|"), ""
            continue
        item = _LIST_ITEM.match(stripped) if stripped[0] in _LIST_START else None
        if item is not None:
            lines.append((line, " " * (len(lead) + item.end())))
            continues = "item"
        elif continues == "item" or (continues == "text" and not lead):
            lines[-1] = (f"{lines[-1][0]} {stripped}", lines[-1][1])
        elif lead:
            lines.append((line, lead + "    "))  # an entry of a section (`Args:`), hanging
            continues = ""
        else:
            lines.append((line, ""))
            continues = "text"
        if stripped.startswith("#") or raw.endswith("  "):
            continues = ""  # a heading, or a markdown hard line break
    return lines


def reflow(text: str) -> str:
    """Text with soft line breaks undone (see `_logical_lines`): one line per paragraph and per
    list item, code blocks and tables as they are. For text that is wrapped afterwards."""
    if "\n" not in text:
        return text
    return "\n".join(line for line, _hang in _logical_lines(text))


@functools.lru_cache(maxsize=4096)  # big APIs repeat descriptions (parameters, responses)
def docstring(text: str, indent: int = 0, width: int = 100) -> str:
    """A triple-quoted docstring whose content cannot end the string or form escapes.

    Paragraphs are reflowed to the width (not wrapped line by line, which would keep the source's
    line breaks mid-sentence); list items, code blocks and tables keep their lines.
    Returns the docstring lines (first line unindented, the rest indented by `indent` spaces).
    """
    cleaned = printable_text(text).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    pad = " " * indent
    fits = max(40, width - indent)
    logical = [(cleaned, "")] if "\n" not in cleaned else _logical_lines(cleaned)
    lines: list[str] = []
    for line, hang in logical:
        if hang is None or len(line) <= fits:
            lines.append(line)  # what textwrap would return for a line that fits
            continue
        lines.extend(
            textwrap.wrap(
                line,
                width=fits,
                subsequent_indent=hang,
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


NaturalKey = tuple[tuple[int, int | str], ...]


@functools.cache  # (the same names come back in thousands of import blocks)
def natural_key(text: str, *, fold_case: bool = True) -> NaturalKey:
    """Numbers by value (`_a2` before `_a10`), case-insensitive unless told, as ruff orders."""
    parts: list[tuple[int, int | str]] = []
    digits = ""
    for char in text.lower() if fold_case else text:
        if char.isdigit():
            digits += char
            continue
        if digits:
            parts.append((0, int(digits)))
            digits = ""
        parts.append((1, char))
    if digits:
        parts.append((0, int(digits)))
    return tuple(parts)


def _member_rank(name: str) -> int:
    """ruff's kinds of names: CONSTANTS (0), then Classes (1), then everything else (2)."""
    if name.isupper() and len(name) > 1:
        return 0
    return 1 if name[:1].isupper() else 2


def isort_key(name: str) -> tuple[int, NaturalKey, NaturalKey]:
    """Order imported names as ruff's isort does: by kind, then in natural order ignoring case
    (`AdyenApi` before `AsyncAdyenApi`, `Item2` before `Item10`), case breaking ties."""
    return (_member_rank(name), natural_key(name), natural_key(name, fold_case=False))


def module_key(module: str) -> tuple[int, NaturalKey, NaturalKey]:
    """Order modules as ruff's isort does: relative ones furthest first (`..x` before `.y`),
    then in natural order ignoring case (`.item_2` before `.item_10`), case breaking ties."""
    name = module.lstrip(".")
    return (len(name) - len(module), natural_key(name), natural_key(name, fold_case=False))


def sort_names(names: Iterable[str]) -> list[str]:
    """Names as ruff's isort orders them in one `from ... import ...`."""
    return sorted(names, key=isort_key)


def in_all_order(names: Iterable[str]) -> list[str]:
    """Names as ruff sorts an `__all__` (RUF022): by kind, then in natural order with case
    first (`APIError` before `AdyenApi`, `CustomField` before `Customer`)."""
    return sorted(names, key=lambda n: (_member_rank(n), natural_key(n, fold_case=False)))
