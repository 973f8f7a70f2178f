"""The pytest side of the contract tests: command-line options and fixtures.

The generated `conftest.py` imports these names, so that pytest finds them there:

    from contract_testing.plugin import (
        live, pytest_addoption, pytest_collection_modifyitems, recording_server, server
    )
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .client import close_clients
from .collection import pytest_collection_modifyitems
from .live import LiveSettings
from .server import ScriptedServer

__all__ = [
    "LIVE_HINT",
    "live",
    "pytest_addoption",
    "pytest_collection_modifyitems",
    "recording_server",
    "server",
]

LIVE_HINT = (
    "live mode is off: run pytest on this folder with --live-url URL against a running server "
    "(credentials from environment variables; see tests/README.md)"
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("contract", "contract tests of the generated client")
    if any("--live-url" in option.names() for option in group.options):
        # The suites of several clients run in one process (`pytest out/tests_a out/tests_b`):
        # each conftest registers the options, pytest refuses a second --live-url. They are
        # registered once and apply to every suite of the run.
        return
    group.addoption(
        "--live-url",
        default=None,
        help="check real responses of the server at this URL against the spec (live mode)",
    )
    group.addoption(
        "--live-token-prefix",
        default=None,
        help="live mode: send 'Authorization: PREFIX <token>' instead of the spec's prefix "
        "(for mock servers that only know Bearer)",
    )
    group.addoption(
        "--live-require-success",
        action="store_true",
        help="live mode: fail unless the server answers every call with a 2xx status",
    )
    group.addoption(
        "--live-prefer",
        action="store_true",
        help="live mode: ask a mock for every documented response with Prism's "
        "'Prefer: code=..., example=...' header",
    )


@pytest.fixture(scope="session")
def recording_server() -> Iterator[ScriptedServer]:
    """The local server, one for the session."""
    with ScriptedServer() as started:
        yield started
        close_clients()


@pytest.fixture
def server(recording_server: ScriptedServer) -> ScriptedServer:
    """The local server, with nothing recorded or scripted yet."""
    recording_server.reset()
    return recording_server


@pytest.fixture(scope="session")
def live(request: pytest.FixtureRequest) -> LiveSettings:
    """Live mode's settings; tests that use it are skipped without --live-url."""
    url = request.config.getoption("--live-url")
    if not url:
        pytest.skip(LIVE_HINT)
    return LiveSettings(
        url=str(url).rstrip("/"),
        token_prefix=request.config.getoption("--live-token-prefix"),
        require_success=bool(request.config.getoption("--live-require-success")),
        prefer=bool(request.config.getoption("--live-prefer")),
    )
