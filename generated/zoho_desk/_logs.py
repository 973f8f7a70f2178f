# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/runtime/_logs.py, the same in every package.
# SPDX-License-Identifier: MIT
"""Secrets kept out of the logs of httpx and httpcore, which the client does not write itself.

httpx logs every request URL at INFO, and a query parameter may hold an API key; httpcore's DEBUG
trace logs raw headers, tokens included. One filter on each logger, installed once per process,
hides them (the client's own DEBUG log is scrubbed where it is written).
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterable
from typing import Protocol
from urllib.parse import quote

import httpx

from ._utils import REDACTED

__all__ = ["SECRET_QUERY_NAMES", "hide_secrets_in_http_logs", "redact_query"]

SECRET_QUERY_NAMES = frozenset(
    {"access_token", "api_key", "apikey", "client_secret", "password", "refresh_token", "token"}
)
"""Query parameters whose values are hidden in every logged URL (lower case)."""


class _HasSecrets(Protocol):
    """A client: it knows its secrets and removes them from a text."""

    def _scrub(self, text: str) -> str: ...


def redact_query(url: httpx.URL, names: set[str] | frozenset[str]) -> str:
    """The URL as text, with the values of the query parameters named in `names` hidden."""
    if not url.query:
        return str(url)
    pairs = [
        f"{quote(key, safe='')}={REDACTED if key.lower() in names else quote(value, safe='')}"
        for key, value in url.params.multi_items()
    ]
    return f"{url.copy_with(query=None)}?{'&'.join(pairs)}"


class _RedactQuery(logging.Filter):
    """Hides secret query parameters in the URLs of httpx's own log records."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set(SECRET_QUERY_NAMES)

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_query(arg, self.names) if isinstance(arg, httpx.URL) else arg
                for arg in record.args
            )
        return True


class _ScrubSecrets(logging.Filter):
    """Hides the credentials of live clients in httpcore's DEBUG trace, which logs raw headers.

    Logger filters do not reach child loggers, so it is added to each httpcore logger.
    """

    LOGGERS = (
        "httpcore",
        "httpcore.connection",
        "httpcore.http11",
        "httpcore.http2",
        "httpcore.proxy",
    )

    def __init__(self) -> None:
        super().__init__()
        self.clients: weakref.WeakSet[_HasSecrets] = weakref.WeakSet()

    def filter(self, record: logging.LogRecord) -> bool:
        clients = list(self.clients)
        if not clients:
            return True
        message = scrubbed = record.getMessage()
        for client in clients:
            scrubbed = client._scrub(scrubbed)
        if scrubbed != message:
            record.msg, record.args = scrubbed, ()
        return True


_HTTPX_LOG_FILTER = _RedactQuery()
_TRACE_LOG_FILTER = _ScrubSecrets()


def hide_secrets_in_http_logs(client: _HasSecrets, secret_query_names: Iterable[str]) -> None:
    """Keep `client`'s secrets out of httpx's and httpcore's logs, for as long as it lives."""
    _HTTPX_LOG_FILTER.names.update(secret_query_names)
    httpx_logger = logging.getLogger("httpx")
    if _HTTPX_LOG_FILTER not in httpx_logger.filters:
        httpx_logger.addFilter(_HTTPX_LOG_FILTER)
    _TRACE_LOG_FILTER.clients.add(client)
    for name in _ScrubSecrets.LOGGERS:
        trace_logger = logging.getLogger(name)
        if _TRACE_LOG_FILTER not in trace_logger.filters:
            trace_logger.addFilter(_TRACE_LOG_FILTER)
