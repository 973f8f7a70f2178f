# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/testing/suite/test_live_contract.py, the same for every API.
# SPDX-License-Identifier: MIT
"""Live mode: real responses of a running server conform to the spec (`--live-url URL`).

One call per operation (its first request example) goes to the server; the request and the
response are validated with openapi-core, and the client must return or raise what the spec
documents for the status it got. Skipped unless --live-url is given; see README.md.
"""

from __future__ import annotations

import pytest
from contract_testing.api import Operation, api_beside
from contract_testing.live import LiveSettings, check_live_case, live_cases

API = api_beside(__file__)  # not `import contract_api`: see api_beside


@pytest.mark.parametrize("operation", live_cases(API))
def test_live_response_conforms(live: LiveSettings, operation: Operation) -> None:
    check_live_case(API, live, operation)
