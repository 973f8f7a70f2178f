# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/testing/suite/conftest.py, the same for every API.
# SPDX-License-Identifier: MIT
"""Pytest setup of the contract tests: the generated package importable, and the framework's
options (`--live-url`, ...), fixtures (`server`, `live`) and collection hook from
`contract_testing.plugin`."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent):  # the framework and contract_api.py, and the package
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from contract_testing.plugin import (  # noqa: E402
    live,
    pytest_addoption,
    pytest_collection_modifyitems,
    recording_server,
    server,
)

__all__ = [
    "live",
    "pytest_addoption",
    "pytest_collection_modifyitems",
    "recording_server",
    "server",
]
