"""Regular expressions of `pattern`: which ones the generated code can enforce as written.

JSON Schema says patterns are ECMA-262 regexes; vendors' documents also carry Java ones
(`\\p{InBasicLatin}`). The generated models enforce a pattern through pydantic (its Rust regex
engine) and the contract tests through Python's `re`, so a pattern is kept only when both
compile it. Forms with an exact equivalent are translated first:

- Java's `\\p{InBasicLatin}` and `\\p{InLatin-1Supplement}` blocks, and its POSIX classes
  (`\\p{Alpha}`, `\\p{Digit}`, ...: US-ASCII, as Java defines them), negated with `\\P`;
- `\\p{Nd}` (Python's `\\d` is exactly Unicode's decimal digits);
- ECMAScript's `\\u{1F600}`, `\\cJ`, and named groups `(?<name>...)` / `\\k<name>`.

Anything else Python or pydantic cannot run (Unicode categories such as `\\p{L}`, look-arounds in
pydantic) is dropped, with a warning that names it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# Java's POSIX character classes (US-ASCII only, as in java.util.regex.Pattern) and the two
# Unicode blocks of Latin script that vendors' documents use; ranges of code points.
_ASCII_CLASSES: dict[str, tuple[tuple[int, int], ...]] = {
    "lower": ((0x61, 0x7A),),
    "upper": ((0x41, 0x5A),),
    "ascii": ((0x00, 0x7F),),
    "alpha": ((0x41, 0x5A), (0x61, 0x7A)),
    "digit": ((0x30, 0x39),),
    "alnum": ((0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)),
    "punct": ((0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)),
    "graph": ((0x21, 0x7E),),
    "print": ((0x20, 0x7E),),
    "blank": ((0x09, 0x09), (0x20, 0x20)),
    "cntrl": ((0x00, 0x1F), (0x7F, 0x7F)),
    "xdigit": ((0x30, 0x39), (0x41, 0x46), (0x61, 0x66)),
    "space": ((0x09, 0x0D), (0x20, 0x20)),
    "inbasiclatin": ((0x00, 0x7F),),
    "inlatin1supplement": ((0x80, 0xFF),),
}
_MAX_CODE_POINT = 0x10FFFF
_PROPERTY = re.compile(r"\\([pP])\{([^{}]*)\}")


@dataclass(frozen=True, slots=True)
class PatternCheck:
    """What becomes of one pattern: kept as is, translated, or dropped (``python`` None)."""

    original: str
    python: str | None
    translated: tuple[str, ...] = ()  # the forms that were translated, as written
    problem: str = ""  # why it is dropped

    @property
    def changed(self) -> bool:
        return self.python != self.original


@functools.lru_cache(maxsize=4096)
def check_pattern(pattern: str) -> PatternCheck:
    translated, forms, untranslatable = _translate(pattern)
    if untranslatable:
        listed = ", ".join(untranslatable)
        return PatternCheck(
            pattern, None, problem=f"{listed} has no exact equivalent in Python's re"
        )
    problem = _python_problem(translated) or _pydantic_problem(translated)
    if problem:
        return PatternCheck(pattern, None, tuple(forms), problem)
    return PatternCheck(pattern, translated, tuple(forms))


@functools.lru_cache(maxsize=4096)
def python_regex(pattern: str) -> str | None:
    """The pattern as Python's `re` runs it (translated where needed), or None when it cannot.

    What examples are checked with: the pattern's meaning, whether or not pydantic can run it.
    """
    translated, _forms, untranslatable = _translate(pattern)
    if untranslatable or _python_problem(translated):
        return None
    return translated


def _python_problem(pattern: str) -> str:
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError) as exc:
        return f"Python's re cannot compile it ({exc})"
    return ""


def _pydantic_problem(pattern: str) -> str:
    # pydantic-core comes with pydantic, which datamodel-code-generator and
    # openapi-spec-validator need; the generated models validate with its Rust regex engine.
    import pydantic_core
    from pydantic_core import core_schema

    try:
        pydantic_core.SchemaValidator(core_schema.str_schema(pattern=pattern))
    except pydantic_core.SchemaError as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        reason = next((line[len("error: ") :] for line in lines if line.startswith("error: ")), "")
        return f"pydantic's regex engine cannot run it ({reason or lines[-1]})"
    return ""


def _translate(pattern: str) -> tuple[str, list[str], list[str]]:
    """(pattern with exact equivalents substituted, forms translated, forms that have none)."""
    out: list[str] = []
    forms: list[str] = []
    missing: list[str] = []
    index, in_class, length = 0, False, len(pattern)
    while index < length:
        char = pattern[index]
        if char == "\\" and index + 1 < length:
            replacement, end = _escape(pattern, index, in_class)
            written = pattern[index:end]
            if replacement is None:
                if written.startswith(("\\p", "\\P")):
                    missing.append(written)
                out.append(written)
            else:
                if replacement != written:
                    forms.append(written)
                out.append(replacement)
            index = end
            continue
        if in_class:
            if char == "]":
                in_class = False
            out.append(char)
            index += 1
            continue
        if char == "[":
            in_class = True
            out.append(char)
            index += 1
            # A `]` first in a class (or after `^`) is a literal.
            if pattern.startswith("^", index):
                out.append("^")
                index += 1
            if pattern.startswith("]", index):
                out.append("]")
                index += 1
            continue
        named = re.match(r"\(\?<([A-Za-z_][A-Za-z0-9_]*)>", pattern[index:])
        if named:
            forms.append(named.group(0))
            out.append(f"(?P<{named.group(1)}>")
            index += len(named.group(0))
            continue
        out.append(char)
        index += 1
    return "".join(out), forms, missing


def _escape(pattern: str, index: int, in_class: bool) -> tuple[str | None, int]:
    """The translation of the escape at ``index`` (None: keep it) and where it ends."""
    kind = pattern[index + 1]
    if kind in "pP":
        match = _PROPERTY.match(pattern, index)
        if not match:
            return None, index + 2
        name = re.sub(r"[\s_-]", "", match.group(2)).lower()
        negate = kind == "P"
        if name in ("nd", "decimalnumber"):
            return ("\\D" if negate else "\\d"), match.end()
        ranges = _ASCII_CLASSES.get(name)
        if ranges is None:
            return None, match.end()
        return _class_text(ranges, negate, in_class), match.end()
    if kind == "u" and pattern.startswith("{", index + 2):
        match = re.match(r"\\u\{([0-9A-Fa-f]{1,6})\}", pattern[index:])
        if match and int(match.group(1), 16) <= _MAX_CODE_POINT:
            return f"\\U{int(match.group(1), 16):08X}", index + len(match.group(0))
        return None, index + 2
    if kind == "c" and index + 2 < len(pattern) and pattern[index + 2].isascii():
        letter = pattern[index + 2]
        if letter.isalpha():
            return f"\\x{ord(letter) % 32:02X}", index + 3
    if kind == "k" and not in_class:
        match = re.match(r"\\k<([A-Za-z_][A-Za-z0-9_]*)>", pattern[index:])
        if match:
            return f"(?P={match.group(1)})", index + len(match.group(0))
    return pattern[index : index + 2], index + 2


def _class_text(ranges: tuple[tuple[int, int], ...], negate: bool, in_class: bool) -> str:
    if negate and in_class:
        ranges = _complement(ranges)
    body = "".join(_range_text(low, high) for low, high in ranges)
    if in_class:
        return body
    return f"[^{body}]" if negate else f"[{body}]"


def _complement(ranges: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    result, start = [], 0
    for low, high in sorted(ranges):
        if low > start:
            result.append((start, low - 1))
        start = high + 1
    if start <= _MAX_CODE_POINT:
        result.append((start, _MAX_CODE_POINT))
    return tuple(result)


def _code(point: int) -> str:
    return f"\\x{point:02X}" if point <= 0xFF else f"\\U{point:08X}"


def _range_text(low: int, high: int) -> str:
    return _code(low) if low == high else f"{_code(low)}-{_code(high)}"
