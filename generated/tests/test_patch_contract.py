# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/testing/suite/test_patch_contract.py, the same for every API.
# SPDX-License-Identifier: MIT
"""PATCH semantics of body keywords: omitted, None and a value are three different requests.

For an optional property that the spec lets be null, leaving the keyword out sends no key, None
sends `null` and a value sends the value; all three requests conform to the spec. For an optional
property whose only allowed value is null, left out and None are still checked; only the value case
is skipped (once). For an optional property that may not be null, None is refused before anything
is sent.
"""

from __future__ import annotations

import pytest
from contract_testing.api import api_beside
from contract_testing.client import MODES
from contract_testing.patch import (
    BodyField,
    check_null_refused,
    check_omitted_and_none,
    check_three_states,
    optional_fields,
    valued_cases,
)
from contract_testing.server import ScriptedServer

API = api_beside(__file__)  # not `import contract_api`: see api_beside

NULLABLE = optional_fields(API, nullable=True)
NOT_NULLABLE = optional_fields(API, nullable=False)
FORMS = ("keywords", "body")
VALUED = valued_cases(API, MODES, FORMS)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("field", NULLABLE)
def test_omitted_and_none_differ(
    server: ScriptedServer, field: BodyField, mode: str, form: str
) -> None:
    check_omitted_and_none(API, server, field, mode, form)


@pytest.mark.parametrize(("field", "mode", "form"), VALUED)
def test_omitted_none_and_value_differ(
    server: ScriptedServer, field: BodyField, mode: str, form: str
) -> None:
    check_three_states(API, server, field, mode, form)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("field", NOT_NULLABLE)
def test_none_refused_before_sending(
    server: ScriptedServer, field: BodyField, mode: str, form: str
) -> None:
    check_null_refused(API, server, field, mode, form)
