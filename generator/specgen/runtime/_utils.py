"""Helpers of the generated methods and the client: request bodies, parameter values, secrets.

`build_body` lives in `_body` and the wire values in `_values`; both are re-exported here, where
generated methods import them from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

from ._body import RefusedBody, build_body
from ._types import NotGiven
from ._values import json_bytes, jsonable, param_str, query_items

__all__ = [
    "REDACTED",
    "RefusedBody",
    "build_body",
    "is_given",
    "json_bytes",
    "jsonable",
    "param_str",
    "plural",
    "query_items",
    "scrub",
]

REDACTED = "[REDACTED]"

# A secret is replaced where it stands as a whole value: not inside a longer word or token.
_TOKEN_CHAR = "A-Za-z0-9"


def scrub(text: str, secrets: Iterable[str]) -> str:
    """Replace every whole occurrence of a secret (also percent-encoded) with `[REDACTED]`.

    Only whole values are replaced: a secret inside a longer run of letters and digits is
    another word (with the secret `e`, "requested" stays as it is; `Bearer e` becomes
    `Bearer [REDACTED]`). So a short secret is still never logged, and no message is garbled.
    """
    variants = {form for secret in secrets if secret for form in _encodings(secret)}
    if not variants:
        return text
    alternatives = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    pattern = f"(?<![{_TOKEN_CHAR}])(?:{alternatives})(?![{_TOKEN_CHAR}])"
    return re.sub(pattern, REDACTED, text)


def _encodings(secret: str) -> tuple[str, ...]:
    return (secret, quote(secret, safe=""), quote_plus(secret, safe=""))


def plural(count: int, word: str) -> str:
    """`1 attempt`, `2 attempts`: a count and a word for messages."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def is_given(value: object) -> bool:
    """True unless the value is NOT_GIVEN."""
    return not isinstance(value, NotGiven)
