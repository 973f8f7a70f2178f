# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/testing/suite/test_response_contract.py, the same for every API.
# SPDX-License-Identifier: MIT
"""Responses are handled as the spec documents them, status by status.

The local server answers with each example of each documented status (or a value drawn from the
schema when there is none). A success returns the documented model, and dumping it gives the
example back; an error status raises the matching exception with `.body` parsed the same way.
"""

from __future__ import annotations

import pytest
from contract_testing.api import api_beside
from contract_testing.client import MODES
from contract_testing.responses import ResponseCase, check_response_case, response_cases
from contract_testing.server import ScriptedServer

API = api_beside(__file__)  # not `import contract_api`: see api_beside

RESPONSE_CASES = response_cases(API)
SUCCESS_CASES = [case for case in RESPONSE_CASES if case.values[0].response.is_success]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", RESPONSE_CASES)
def test_response_handled_as_documented(
    server: ScriptedServer, case: ResponseCase, mode: str
) -> None:
    check_response_case(API, server, case, mode)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", SUCCESS_CASES)
def test_raw_response(server: ScriptedServer, case: ResponseCase, mode: str) -> None:
    """`with_raw_response` gives the status and parses the same value."""
    check_response_case(API, server, case, mode, raw=True)
