"""Helpers of the generated methods and the client: request bodies, parameter values, secrets.

`build_body` lives in `_body` and the wire values in `_values`; both are re-exported here, where
generated methods import them from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus

import httpx

from ._body import RefusedBody, build_body
from ._types import NotGiven
from ._values import json_bytes, jsonable, param_str, query_items
from .errors import RequestProblem, RequestValidationError

if TYPE_CHECKING:
    from ._request import Endpoint

__all__ = [
    "REDACTED",
    "RefusedBody",
    "build_body",
    "check_parameters",
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


def check_parameters(
    endpoint: Endpoint, checks: Sequence[tuple[str, str, object, Mapping[str, Any]]]
) -> None:
    """Refuse parameter values outside the spec's limits, before anything is sent.

    Args:
        endpoint: the operation (named in the error's request).
        checks: (Python keyword, name on the wire, value, limits) per limited parameter; the
            limits are JSON Schema's, snake_case: minimum, maximum, exclusive_minimum,
            exclusive_maximum, min_length, max_length, pattern. NOT_GIVEN and None pass (they
            are not sent), and so do values of another type than a limit is about.

    Raises:
        errors.RequestValidationError: every value that breaks a limit, listed at once.
    """
    problems = [
        RequestProblem(keyword, name, message)
        for keyword, name, value, limits in checks
        if (message := _limit_problem(value, **limits))
    ]
    if problems:
        text = "; ".join(str(p) for p in problems)
        raise RequestValidationError(
            f"{endpoint.operation_id} was not sent: {text}",
            request=httpx.Request(endpoint.method, endpoint.path),
            problems=problems,
        )


def _limit_problem(
    value: object,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive_minimum: float | None = None,
    exclusive_maximum: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
) -> str:
    if value is None or isinstance(value, NotGiven):
        return ""
    broken: list[str] = []
    if isinstance(value, int | float) and not isinstance(value, bool):
        if minimum is not None and value < minimum:
            broken.append(f"at least {minimum}")
        if maximum is not None and value > maximum:
            broken.append(f"at most {maximum}")
        if exclusive_minimum is not None and value <= exclusive_minimum:
            broken.append(f"more than {exclusive_minimum}")
        if exclusive_maximum is not None and value >= exclusive_maximum:
            broken.append(f"less than {exclusive_maximum}")
    if isinstance(value, str):
        if min_length is not None and len(value) < min_length:
            broken.append(f"at least {min_length} characters")
        if max_length is not None and len(value) > max_length:
            broken.append(f"at most {max_length} characters")
        if pattern is not None and re.search(pattern, value) is None:
            broken.append(f"matching {pattern}")
    return f"{value!r} must be " + " and ".join(broken) if broken else ""


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
