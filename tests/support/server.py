"""The scripted HTTP server of the tests: the one the generated contract tests use too.

It lives in `specgen.testing.server` (vendored verbatim into `<out>/tests/contract_testing/`), so
that specgen's own tests and the generated contract tests run against one implementation.
"""

from __future__ import annotations

from specgen.testing.server import (
    Handler,
    RecordedRequest,
    Reply,
    ScriptedServer,
    unused_port_url,
)

__all__ = ["Handler", "RecordedRequest", "Reply", "ScriptedServer", "unused_port_url"]
