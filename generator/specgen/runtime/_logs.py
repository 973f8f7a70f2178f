"""Secrets kept out of logs: request bodies as the client logs them, and the logs of httpx and
httpcore, which the client does not write itself.

httpx logs every request URL at INFO, and a query parameter may hold an API key; httpcore's DEBUG
trace logs raw headers, tokens included. One filter on each logger, installed once per process,
hides them (the client's own DEBUG log is scrubbed where it is written). Secrets are replaced
where they stand as whole values (`_utils.scrub`), and the values of secret-named query
parameters and body fields (`password`, `client_secret`, `*_token`, ...) whatever they are.
"""

from __future__ import annotations

import json
import logging
import weakref
from collections.abc import Callable, Iterable
from typing import Any, Protocol
from urllib.parse import parse_qsl, quote

import httpx

from ._utils import REDACTED

__all__ = [
    "SECRET_QUERY_NAMES",
    "describe_body",
    "hide_secrets_in_http_logs",
    "is_secret_name",
    "redact_query",
]

BODY_LOG_LIMIT = 2000
"""Characters of a request body written to the DEBUG log; the rest is cut."""

SECRET_QUERY_NAMES = frozenset(
    {"access_token", "api_key", "apikey", "client_secret", "password", "refresh_token", "token"}
)
"""Query parameters whose values are hidden in every logged URL (lower case)."""


def is_secret_name(name: str, names: set[str] | frozenset[str] = SECRET_QUERY_NAMES) -> bool:
    """True for a field or parameter whose value is a secret, whatever it holds."""
    lowered = name.lower().replace("-", "_")
    return lowered in names or lowered.endswith(("_token", "_secret", "password", "apikey"))


def _redact_data(data: Any, names: set[str] | frozenset[str]) -> Any:
    if isinstance(data, dict):
        return {
            key: REDACTED if is_secret_name(str(key), names) else _redact_data(value, names)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_redact_data(item, names) for item in data]
    return data


def describe_body(
    content: bytes | None,
    files: list[tuple[str, Any]] | None,
    scrub: Callable[[str], str],
    names: set[str] | frozenset[str] = SECRET_QUERY_NAMES,
) -> str | None:
    """A request body as the DEBUG log shows it: secrets hidden, files as name and size, cut at
    `BODY_LOG_LIMIT` characters; None when there is no body."""
    if files:
        parts = []
        for name, (filename, value, *_) in files:
            if filename is None:
                text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                shown = REDACTED if is_secret_name(name, names) else text
                parts.append(f"{name}={shown}")
            else:
                size = f"{len(value)} bytes" if isinstance(value, bytes) else "a stream"
                parts.append(f"{name}=<file {filename!r}, {size}>")
        text = "multipart: " + ", ".join(parts)
    elif content:
        try:
            text = json.dumps(_redact_data(json.loads(content), names), ensure_ascii=False)
        except ValueError:
            decoded = content.decode("utf-8", "replace")
            pairs = parse_qsl(decoded, keep_blank_values=True) if "=" in decoded else []
            if pairs:
                text = "&".join(
                    f"{key}={REDACTED if is_secret_name(key, names) else value}"
                    for key, value in pairs
                )
            else:
                text = f"<{len(content)} bytes>"
    else:
        return None
    text = scrub(text)
    if len(text) > BODY_LOG_LIMIT:
        text = text[:BODY_LOG_LIMIT] + f"... ({len(text) - BODY_LOG_LIMIT} more characters)"
    return text


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
