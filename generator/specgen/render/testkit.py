"""Vendor the contract-test framework (`specgen.testing`) into `<out>/tests/`, byte for byte.

The framework is the part of the generated tests that is the same for every API: the recording
server, reading the spec, drawing values, the request, response, PATCH and live-mode checks. It is
real Python in `specgen/testing/`, linted, type-checked and tested in place; here it is copied
verbatim into `<out>/tests/contract_testing/`, each file below a header that says it is vendored
(not generated from the spec) and carries specgen's licence. Its `suite/` folder holds the files
pytest looks for (`conftest.py`, the `test_*.py` modules); they are the same for every API too, so
they are copied as well, into `<out>/tests/` itself. The generated tests need specgen neither to
run nor to be read; only the per-API part is rendered from templates: `contract_api.py` (what the
generator made of the spec), the embedded `openapi.yaml` and the README.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from specgen.ir import nodes as ir
from specgen.render import vendoring
from specgen.render.vendoring import LICENCE, VENDORED_MARK, strip_header

TESTKIT_PACKAGE = "specgen.testing"
TESTS_FOLDER = PurePosixPath("tests")
TESTKIT_FOLDER = TESTS_FOLDER / "contract_testing"
"""Where the copy goes in the output: an importable package beside the generated tests."""
SUITE = "suite"
"""The framework's folder of pytest entry points, copied into `<out>/tests/` rather than into
the package. It has no `__init__.py`: in place it is no module of specgen (they import the
per-API `contract_api`, which exists only in the output, so mypy checks them there)."""


def framework_files() -> dict[str, bytes]:
    """The framework's modules: path relative to `specgen/testing/` (posix) → bytes, sorted."""
    return vendoring.package_files(TESTKIT_PACKAGE, (".py",))


def header(relative: str, api: ir.Api) -> str:
    """The comment above a vendored framework file (ends with a newline)."""
    return vendoring.header(f"specgen/testing/{relative}", api, "the same for every API")


def output_path(relative: str) -> PurePosixPath:
    """Where a framework file (path relative to `specgen/testing/`) goes in the output."""
    path = PurePosixPath(relative)
    if path.parts[0] == SUITE:
        return TESTS_FOLDER / path.relative_to(SUITE)
    return TESTKIT_FOLDER / path


SHARED_OUT_INIT = (
    '"""The contract tests of one of the clients that share this `out`. A package, so that pytest\n'
    "imports its test modules by this folder's name: the suites of several clients, whose modules\n"
    'have the same names, then run in one process (`pytest out/tests_a out/tests_b`)."""\n'
)


def vendor_testkit(api: ir.Api) -> dict[str, bytes]:
    """Every framework file at its place in the output: output path → bytes."""
    return {
        str(output_path(relative)): header(relative, api).encode("utf-8") + data
        for relative, data in framework_files().items()
    }


def shared_out_files(api: ir.Api, header_comment: str) -> dict[str, bytes]:
    """The `__init__.py` that makes a tests folder shared with other clients a package."""
    if not api.tests_share_out:
        return {}
    return {str(TESTS_FOLDER / "__init__.py"): f"{header_comment}\n{SHARED_OUT_INIT}".encode()}


__all__ = [
    "LICENCE",
    "VENDORED_MARK",
    "framework_files",
    "header",
    "output_path",
    "shared_out_files",
    "strip_header",
    "vendor_testkit",
]
