# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/runtime/_retries.py, the same in every package.
# SPDX-License-Identifier: MIT
"""When a failed call is retried, and how long the client waits before the next attempt.

Connection errors, timeouts, 408, 429 and 5xx are retried with exponential backoff and jitter,
unless the server says how long to wait (`Retry-After`, `retry-after-ms`).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random

import httpx

__all__ = [
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "retry_after",
    "retry_delay",
    "should_retry",
]

INITIAL_RETRY_DELAY = 0.5
"""Seconds before the first retry when the server does not say; doubled for each retry."""
MAX_RETRY_DELAY = 8.0
"""The longest backoff between two attempts."""
MAX_RETRY_AFTER = 60.0
"""A server's `Retry-After` is honoured up to this many seconds (else backoff applies)."""


def should_retry(response: httpx.Response) -> bool:
    """True for the statuses worth another attempt: 408, 429 and 5xx."""
    return response.status_code in (408, 429) or response.status_code >= 500


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


def retry_delay(retries_done: int, response: httpx.Response | None) -> float:
    """Seconds to wait before the next attempt, after `retries_done` retries."""
    if response is not None:
        requested = retry_after(response.headers)
        if requested is not None and 0 < requested <= MAX_RETRY_AFTER:
            return requested
    delay = min(INITIAL_RETRY_DELAY * 2.0 ** min(retries_done, 16), MAX_RETRY_DELAY)
    return delay * (1 - 0.25 * random.random())
