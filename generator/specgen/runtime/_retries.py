"""When a failed call is retried, and how long the client waits before the next attempt.

A call is *replayable* when sending it twice has the effect of sending it once: its method is
idempotent (GET, HEAD, OPTIONS, PUT, DELETE, TRACE: RFC 9110 §9.2.2), the spec says so of the
operation (`x-specgen-idempotent`), or it carries an idempotency key (an `Idempotency-Key`
header, or the one the spec or the client names), which the server uses to recognise a repeat.
A replayable call is retried after connection errors, timeouts, 408, 429 and 5xx.

Any other call (a POST or PATCH without a key) is retried only when the server certainly did not
act on it, since a repeat could create a second customer or charge:
- the connection was never made (`ConnectError`, `ConnectTimeout`, `PoolTimeout`): nothing
  was sent. A read timeout or a dropped connection after sending is not retried: the server may
  have done the work, and only its answer was lost.
- 429 (RFC 6585: the request was refused for the rate), 408 (RFC 9110 §15.5.9: the server
  did not receive the whole request, and a client may repeat it), and 503 *with* `Retry-After`
  (the server refuses for now and says when to come back). A bare 503 is not retried: proxies
  and routers answer 503 when the application was too slow (Heroku's H12), after it may have
  acted; nor are 500, 502, 504, for the same reason.

Backoff is exponential with jitter, unless the server says how long to wait (`Retry-After`,
`retry-after-ms`). A server that asks for a longer wait than `MAX_RETRY_AFTER` (a daily quota,
say) is not retried at all: the error is raised at once, with the wait in `retry_after`, for the
caller to decide.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import uuid
from collections.abc import Iterable

import httpx

from ._idempotency import IDEMPOTENT_METHODS, is_idempotency_header

__all__ = [
    "IDEMPOTENT_METHODS",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "carries_idempotency_key",
    "is_idempotency_header",
    "new_idempotency_key",
    "retries_transport_error",
    "retry_after",
    "retry_delay",
    "should_retry",
    "waits_too_long",
]

INITIAL_RETRY_DELAY = 0.5
"""Seconds before the first retry when the server does not say; doubled for each retry."""
MAX_RETRY_DELAY = 8.0
"""The longest backoff between two attempts."""
MAX_RETRY_AFTER = 60.0
"""A server's `Retry-After` is honoured up to this many seconds; a longer one is not retried."""


# Errors raised before any byte of the request left: the server cannot have acted on it.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def carries_idempotency_key(header_names: Iterable[str], key_header: str | None) -> bool:
    """True when one of `header_names` is an idempotency key (`key_header`, or a usual name)."""
    wanted = key_header.lower() if key_header else None
    return any(name.lower() == wanted or is_idempotency_header(name) for name in header_names)


def new_idempotency_key() -> str:
    """A key for one call, sent unchanged on each of its attempts."""
    return str(uuid.uuid4())


def should_retry(response: httpx.Response, *, replayable: bool) -> bool:
    """True for the statuses worth another attempt (see the module doc): 408, 429 and 5xx for
    a replayable call; 408, 429 and 503 with `Retry-After` for another."""
    status = response.status_code
    if status in (408, 429):
        return True
    if replayable:
        return status >= 500
    return status == 503 and retry_after(response.headers) is not None


def retries_transport_error(exc: httpx.TransportError, *, replayable: bool) -> bool:
    """True when `exc` is worth another attempt: any for a replayable call, else only those
    raised before the request was sent."""
    return replayable or isinstance(exc, _NOT_SENT)


def retry_after(headers: httpx.Headers) -> float | None:
    """Seconds the server asks to wait: `retry-after-ms`, or `Retry-After` (seconds or date)."""
    try:
        return float(headers["retry-after-ms"]) / 1000
    except (KeyError, ValueError):
        pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return (when - dt.datetime.now(dt.UTC)).total_seconds()


def waits_too_long(response: httpx.Response) -> bool:
    """True when the server asks to wait longer than `MAX_RETRY_AFTER` before a retry."""
    requested = retry_after(response.headers)
    return requested is not None and requested > MAX_RETRY_AFTER


def retry_delay(retries_done: int, response: httpx.Response | None) -> float:
    """Seconds to wait before the next attempt, after `retries_done` retries."""
    if response is not None:
        requested = retry_after(response.headers)
        if requested is not None and 0 < requested <= MAX_RETRY_AFTER:
            return requested
    delay = min(INITIAL_RETRY_DELAY * 2.0 ** min(retries_done, 16), MAX_RETRY_DELAY)
    return delay * (1 - 0.25 * random.random())
