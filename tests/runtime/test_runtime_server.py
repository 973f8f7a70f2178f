"""The scripted test server itself (specgen.testing.server, via tests/support/server.py): the
one HTTP server of specgen's tests and of the generated contract tests."""

from __future__ import annotations

import socket

import httpx
import pytest

from tests.support.server import RecordedRequest, Reply, ScriptedServer, unused_port_url


def test_it_records_requests_exactly_as_sent(server: ScriptedServer) -> None:
    server.enqueue(Reply.json({"ok": True}, status=201, headers={"X-Id": "9"}))
    response = httpx.post(
        server.url + "/a%2Fb/c?x=1&x=2&y=a+b&z=%3A",
        content=b'{"k":1}',
        headers={"X-Custom": "v", "Content-Type": "application/json"},
    )
    assert response.status_code == 201
    assert response.reason_phrase == "Created"
    assert response.json() == {"ok": True}
    assert response.headers["x-id"] == "9"
    request = server.requests[0]
    assert (request.method, request.path) == ("POST", "/a%2Fb/c")
    assert request.query == "x=1&x=2&y=a+b&z=%3A"
    assert request.query_params == [("x", "1"), ("x", "2"), ("y", "a b"), ("z", ":")]
    assert request.header("x-custom") == "v"
    assert "x-custom" in request.header_names
    assert request.body == b'{"k":1}'
    assert request.json() == {"k": 1}


def test_chunked_bodies_are_decoded(server: ScriptedServer) -> None:
    server.enqueue(Reply.empty(204))
    httpx.post(server.url + "/up", content=iter([b"ab", b"cd"]))
    request = server.requests[0]
    assert request.header("Transfer-Encoding") == "chunked"
    assert request.body == b"abcd"


def test_routes_then_default_queue_then_fallbacks(server: ScriptedServer) -> None:
    server.enqueue(Reply.text("token-1"), method="POST", path="/token")
    server.set_fallback(Reply.text("token-fallback"), method="POST", path="/token")
    server.enqueue(Reply.text("first"), Reply.text("second"))
    server.set_fallback(Reply.text("fallback"))
    with httpx.Client(base_url=server.url) as client:
        texts = [
            client.get("/x").text,
            client.post("/token").text,
            client.post("/token").text,
            client.get("/x").text,
            client.get("/x").text,
        ]
    assert texts == ["first", "token-1", "token-fallback", "second", "fallback"]
    assert [r.path for r in server.requests_to("/token", method="post")] == ["/token"] * 2
    assert server.pending == 0


def test_handlers_compute_replies_from_the_request(server: ScriptedServer) -> None:
    def echo(request: RecordedRequest) -> Reply:
        return Reply.json({"method": request.method, "q": request.query})

    server.set_fallback(echo)
    assert httpx.delete(server.url + "/e?a=1").json() == {"method": "DELETE", "q": "a=1"}


def test_unscripted_requests_get_599_and_are_listed() -> None:
    with ScriptedServer() as scripted:
        response = httpx.get(scripted.url + "/nothing")
        assert response.status_code == 599
        assert "nothing scripted for GET /nothing" in response.text
        assert [r.path for r in scripted.unexpected] == ["/nothing"]


def test_delay_and_disconnect(server: ScriptedServer) -> None:
    server.enqueue(Reply.json({}, delay=0.3), Reply(disconnect=True))
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(server.url + "/slow", timeout=0.05)
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.get(server.url + "/gone")


def test_a_route_needs_both_method_and_path(server: ScriptedServer) -> None:
    with pytest.raises(ValueError, match="both method and path"):
        server.enqueue(Reply.empty(), method="GET")


def test_unused_port_refuses_connections() -> None:
    with pytest.raises(httpx.ConnectError):
        httpx.get(unused_port_url() + "/")


def test_connections_are_counted_when_accepted_even_without_a_request(
    server: ScriptedServer,
) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))):
        pass  # closed before sending anything
    assert server.wait_for_connections(1) == 1
    server.set_fallback(Reply.json({}))
    httpx.get(server.url + "/x")
    assert server.wait_for_connections(2) == 2
    assert len(server.requests) == 1


def test_reset_forgets_requests_and_script(server: ScriptedServer) -> None:
    """One server serves many tests (the contract tests' session fixture): reset() starts over."""
    server.enqueue(Reply.text("queued"))
    server.set_fallback(Reply.text("fallback"), method="GET", path="/x")
    httpx.get(server.url + "/x")
    server.reset()
    assert server.requests == [] and server.pending == 0
    server.set_fallback(Reply.empty(204))
    response = httpx.get(server.url + "/x?q=1")
    assert response.status_code == 204
    assert [r.target for r in server.requests] == ["/x?q=1"]
