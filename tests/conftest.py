"""Shared fixtures: `server` (a scripted HTTP server on 127.0.0.1) and the generated Zoho client.

The runtime tests import the runtime in place, as `specgen.runtime`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# openapi-spec-validator checks with jsonschema-rs when it is installed (schemathesis, which the
# contract tests use, brings it), and its errors then read differently; specgen's messages are
# written for jsonschema's. Until specgen pins the backend itself, the tests do.
os.environ.setdefault("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", "jsonschema")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.server import ScriptedServer  # noqa: E402


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A started `ScriptedServer`; the test fails if a request arrived that nothing answered."""
    with ScriptedServer() as scripted:
        yield scripted
        assert not scripted.unexpected, f"unscripted requests: {scripted.unexpected}"


@pytest.fixture(scope="session")
def generated_zoho(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Zoho client and its contract tests, generated once into a temporary folder.

    Tests that change it work on a copy.
    """
    from tests.support.contract import ZOHO_SPEC, generate_client

    return generate_client(
        ZOHO_SPEC,
        tmp_path_factory.mktemp("zoho") / "out",
        package="zoho_desk",
        client_name="ZohoDesk",
    )
