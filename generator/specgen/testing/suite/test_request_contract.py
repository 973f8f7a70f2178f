"""Requests conform to the spec: every request example, and bodies drawn from the schemas.

Each call goes to a local server (sync and async clients); the captured request is checked
against what the spec requires (method, path, parameters, security, content type, body equal to
what was given) and then validated as a whole with openapi-core.
"""

from __future__ import annotations

import pytest
from contract_testing.api import Operation, api_beside
from contract_testing.client import MODES
from contract_testing.requests import (
    RequestCase,
    body_operations,
    check_drawn_requests,
    check_request_case,
    request_cases,
)
from contract_testing.server import ScriptedServer

API = api_beside(__file__)  # not `import contract_api`: see api_beside


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", request_cases(API))
def test_request_conforms(server: ScriptedServer, case: RequestCase, mode: str) -> None:
    check_request_case(API, server, case, mode)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("operation", body_operations(API))
def test_drawn_bodies_conform(server: ScriptedServer, operation: Operation, mode: str) -> None:
    """Bodies drawn from the request schema (schemathesis, fixed seed) are sent as given."""
    check_drawn_requests(API, server, operation, mode)
