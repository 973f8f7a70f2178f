"""Python names from spec names: decided once, safe, and stable.

A name depends only on the spec name it comes from (and on the names it must not collide with in the
same scope), so an unrelated change elsewhere in the spec never renames it.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Iterable

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_BUILTINS = frozenset(dir(builtins))
# Names a generated method or keyword must not shadow inside the generated client code.
RESERVED_ARGUMENTS = frozenset(
    {"self", "cls", "body", "extra_headers", "extra_query", "timeout", "max_retries"}
)


def words(name: str) -> list[str]:
    """Lower-case words of any spec name: "orgId" → ["org", "id"], "HTTPCode" → ["http", "code"]."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return [w.lower() for w in _WORD.findall(ascii_name)]


def snake(name: str) -> str:
    """snake_case identifier; never empty, never starting with a digit."""
    result = "_".join(words(name)) or "value"
    if result[0].isdigit():
        result = f"n{result}"
    return result


def pascal(name: str) -> str:
    """PascalCase identifier; never empty, never starting with a digit."""
    parts = words(name)
    result = "".join(p[:1].upper() + p[1:] for p in parts) or "Model"
    if result[0].isdigit():
        result = f"M{result}"
    return result


def safe_identifier(name: str, *, avoid: Iterable[str] = (), avoid_builtins: bool = False) -> str:
    """Append "_" to keywords, soft keywords, names in `avoid` and, if asked, builtins.

    Keyword arguments and attributes may shadow builtins harmlessly; module-level names may not.
    """
    taken = frozenset(avoid)

    def clashes(candidate: str) -> bool:
        return (
            keyword.iskeyword(candidate)
            or keyword.issoftkeyword(candidate)
            or candidate in taken
            or (avoid_builtins and candidate in _BUILTINS)
        )

    while clashes(name):
        name = f"{name}_"
    return name


def unique(name: str, taken: set[str]) -> str:
    """`name`, or `name2`, `name3`... the first not in `taken`; records the result in `taken`."""
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{name}{n}"
        n += 1
    taken.add(candidate)
    return candidate


def env_prefix(package: str) -> str:
    return snake(package).upper()
