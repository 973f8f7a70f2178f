# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/testing/server.py, the same for every API.
# SPDX-License-Identifier: MIT
"""A real HTTP server on 127.0.0.1 for tests: it records every request and answers from a script.

    with ScriptedServer() as server:
        server.enqueue(Reply.json({"id": 1}))
        httpx.get(server.url + "/pets/1")
        assert server.requests[0].path == "/pets/1"

Answers are looked up, for each request, in this order:

1. the queue of its route (`enqueue(..., method="POST", path="/oauth/token")`), first in first out;
2. the route's fallback (`set_fallback(..., method=..., path=...)`), used for every request;
3. the default queue (`enqueue(...)` without method/path);
4. the default fallback (`set_fallback(...)`).

An answer is a `Reply` or a handler: a callable taking the `RecordedRequest` and returning a
`Reply`. A request nothing answers gets a 599 reply and is listed in `server.unexpected`.

It runs in a thread (one more per connection), speaks HTTP/1.1 with keep-alive, and needs nothing
but the standard library. The contract tests and specgen's own tests both use it.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl

__all__ = ["Handler", "RecordedRequest", "Reply", "ScriptedServer", "unused_port_url"]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as it arrived on the wire.

    Attributes:
        method: e.g. "GET".
        path: the path exactly as sent, still percent-encoded, without the query.
        query: the raw query string (without "?"), "" when there is none.
        headers: the header lines in order, names as sent.
        body: the raw body bytes (chunked bodies are de-chunked).
    """

    method: str
    path: str
    query: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The value of a header (case-insensitive) or None; repeated ones are joined by ", "."""
        values = self.header_values(name)
        return ", ".join(values) if values else None

    def header_values(self, name: str) -> list[str]:
        """Every value of a header (case-insensitive), in order."""
        return [value for key, value in self.headers if key.lower() == name.lower()]

    @property
    def header_names(self) -> set[str]:
        """The names of the headers sent, lower case."""
        return {key.lower() for key, _ in self.headers}

    @property
    def query_params(self) -> list[tuple[str, str]]:
        """The query string decoded into (name, value) pairs, in order, blanks kept."""
        return parse_qsl(self.query, keep_blank_values=True)

    @property
    def target(self) -> str:
        """The request target as sent: the path and, when there is one, `?` and the query."""
        return f"{self.path}?{self.query}" if self.query else self.path

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        """The body decoded as an application/x-www-form-urlencoded form (last value wins)."""
        return dict(parse_qsl(self.body.decode("ascii"), keep_blank_values=True))


@dataclass(frozen=True)
class Reply:
    """A scripted answer.

    Attributes:
        status: the HTTP status.
        headers: extra headers; Content-Length is added from the body.
        body: the raw body bytes.
        delay: seconds to wait before answering (to provoke client timeouts).
        disconnect: close the connection without answering (to provoke connection errors).
    """

    status: int = 200
    headers: Mapping[str, str] | Iterable[tuple[str, str]] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0
    disconnect: bool = False

    @classmethod
    def json(
        cls,
        data: Any,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        delay: float = 0.0,
    ) -> Reply:
        """A JSON reply (compact encoding, Content-Type: application/json)."""
        body = json.dumps(data, separators=(",", ":")).encode()
        return cls(status, {"Content-Type": "application/json", **(headers or {})}, body, delay)

    @classmethod
    def text(cls, text: str, status: int = 200, headers: Mapping[str, str] | None = None) -> Reply:
        """A text/plain reply."""
        all_headers = {"Content-Type": "text/plain; charset=utf-8", **(headers or {})}
        return cls(status, all_headers, text.encode())

    @classmethod
    def empty(cls, status: int = 204, headers: Mapping[str, str] | None = None) -> Reply:
        """A reply without a body."""
        return cls(status, dict(headers or {}))

    def header_items(self) -> list[tuple[str, str]]:
        """The headers as (name, value) pairs."""
        if isinstance(self.headers, Mapping):
            return list(self.headers.items())
        return list(self.headers)


Handler = Callable[[RecordedRequest], Reply]
"""Computes a reply from the request, e.g. to echo it or to count calls."""

Answer = Reply | Handler
_Route = tuple[str, str] | None


class ScriptedServer:
    """The server: start it (or use it as a context manager), script replies, inspect requests.

    Attributes:
        url: the base URL, e.g. "http://127.0.0.1:51234" (no trailing slash).
        requests: every request received since the start (or the last `reset()`), in order.
        unexpected: the requests nothing was scripted for.
        connections: how many connections were accepted, counted as they are accepted, before
            anything is read from them. A client that gives up very early (a timeout of a few
            milliseconds) may close its connection before its request is read: it is counted
            here, though not in `requests`.
    """

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.unexpected: list[RecordedRequest] = []
        self.connections = 0
        self._lock = threading.Lock()
        self._queues: dict[_Route, deque[Answer]] = {}
        self._fallbacks: dict[_Route, Answer] = {}
        self._httpd = _CountingServer(self, ("127.0.0.1", 0), _make_handler_class(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        host, port = self._httpd.server_address[:2]
        self.url = f"http://{host!s}:{port}"

    def start(self) -> ScriptedServer:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and free the port."""
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def enqueue(self, *answers: Answer, method: str | None = None, path: str | None = None) -> None:
        """Queue answers, used once each in order; with `method` and `path`, only for that route."""
        route = _route(method, path)
        with self._lock:
            self._queues.setdefault(route, deque()).extend(answers)

    def set_fallback(
        self, answer: Answer, *, method: str | None = None, path: str | None = None
    ) -> None:
        """Answer every request (of the route, if given) whose queue is empty with `answer`."""
        with self._lock:
            self._fallbacks[_route(method, path)] = answer

    def reset(self) -> None:
        """Forget the requests received and every answer scripted (one server, many tests)."""
        with self._lock:
            self.requests.clear()
            self.unexpected.clear()
            self._queues.clear()
            self._fallbacks.clear()

    def requests_to(self, path: str, method: str | None = None) -> list[RecordedRequest]:
        """The requests received for `path` (and `method`, if given)."""
        with self._lock:
            return [
                r
                for r in self.requests
                if r.path == path and (method is None or r.method == method.upper())
            ]

    def wait_for_connections(self, count: int, timeout: float = 5.0) -> int:
        """Wait until `count` connections were accepted (or `timeout` passes); the number.

        A connection the client opened may be accepted a little after the client gave up.
        """
        deadline = time.monotonic() + timeout
        while self.connections < count and time.monotonic() < deadline:
            time.sleep(0.005)
        return self.connections

    @property
    def pending(self) -> int:
        """How many queued answers have not been used yet."""
        with self._lock:
            return sum(len(queue) for queue in self._queues.values())

    def _answer(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            answer: Answer | None = None
            for route in ((request.method, request.path), None):
                queue = self._queues.get(route)
                if queue:
                    answer = queue.popleft()
                elif route in self._fallbacks:
                    answer = self._fallbacks[route]
                if answer is not None:
                    break
            if answer is None:
                self.unexpected.append(request)
                what = f"{request.method} {request.path}"
                return Reply.text(f"ScriptedServer: nothing scripted for {what}", status=599)
        return answer if isinstance(answer, Reply) else answer(request)


class _CountingServer(ThreadingHTTPServer):
    """Counts each connection in `ScriptedServer.connections` as soon as it is accepted."""

    def __init__(self, scripted: ScriptedServer, *args: Any) -> None:
        self._scripted = scripted
        super().__init__(*args)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._scripted._lock:
            self._scripted.connections += 1
        super().process_request(request, client_address)


def _route(method: str | None, path: str | None) -> _Route:
    if (method is None) != (path is None):
        raise ValueError("give both method and path, or neither")
    return None if method is None or path is None else (method.upper(), path)


def _make_handler_class(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def _handle(self) -> None:
            path, _, query = self.path.partition("?")
            request = RecordedRequest(
                method=self.command,
                path=path,
                query=query,
                headers=tuple(self.headers.items()),
                body=self._read_body(),
            )
            reply = server._answer(request)
            if reply.delay:
                time.sleep(reply.delay)
            if reply.disconnect:
                self.close_connection = True
                self.connection.close()
                return
            try:
                phrase = HTTPStatus(reply.status).phrase
            except ValueError:
                phrase = "Scripted"
            self.send_response(reply.status, phrase)
            for name, value in reply.header_items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.body)
            self.wfile.flush()

        def _read_body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                chunks: list[bytes] = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return b"".join(chunks)
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle
        do_TRACE = _handle

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output quiet."""

        def handle(self) -> None:
            # The client may give up (e.g. time out) before the answer: nothing to do then.
            with contextlib.suppress(ConnectionError, TimeoutError):
                super().handle()

    return _Handler


def unused_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
