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

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import PurePosixPath

from specgen.ir import nodes as ir

TESTKIT_PACKAGE = "specgen.testing"
TESTS_FOLDER = PurePosixPath("tests")
TESTKIT_FOLDER = TESTS_FOLDER / "contract_testing"
"""Where the copy goes in the output: an importable package beside the generated tests."""
SUITE = "suite"
"""The framework's folder of pytest entry points, copied into `<out>/tests/` rather than into
the package. It has no `__init__.py`: in place it is no module of specgen (they import the
per-API `contract_api`, which exists only in the output, so mypy checks them there)."""
LICENCE = "MIT"
"""specgen's licence (`license` in its pyproject.toml), which the vendored framework carries."""
VENDORED_MARK = b"# Vendored by specgen;"
"""How every vendored file begins."""
_LICENCE_LINE = f"# SPDX-License-Identifier: {LICENCE}"


def framework_files() -> dict[str, bytes]:
    """The framework's modules: path relative to `specgen/testing/` (posix) → bytes, sorted."""
    found: dict[str, bytes] = {}

    def walk(folder: Traversable, prefix: PurePosixPath) -> None:
        for entry in folder.iterdir():
            relative = prefix / entry.name
            if entry.is_dir():
                if entry.name != "__pycache__":
                    walk(entry, relative)
            elif entry.name.endswith(".py"):
                found[str(relative)] = entry.read_bytes()

    walk(resources.files(TESTKIT_PACKAGE), PurePosixPath())
    return dict(sorted(found.items()))


def header(relative: str, api: ir.Api) -> str:
    """The comment above a vendored file (ends with a newline)."""
    return (
        f"# Vendored by specgen; do not edit (`{api.regenerate_command}` writes it again). "
        f"Not generated from the\n"
        f"# spec: a verbatim copy of specgen/testing/{relative}, the same for every API.\n"
        f"{_LICENCE_LINE}\n"
    )


def strip_header(data: bytes) -> bytes:
    """A vendored file without its header: the bytes of the module it was copied from."""
    marker = f"\n{_LICENCE_LINE}\n".encode()
    if not data.startswith(VENDORED_MARK) or marker not in data:
        raise ValueError("not a vendored file (no vendoring header)")
    return data.split(marker, 1)[1]


def output_path(relative: str) -> PurePosixPath:
    """Where a framework file (path relative to `specgen/testing/`) goes in the output."""
    path = PurePosixPath(relative)
    if path.parts[0] == SUITE:
        return TESTS_FOLDER / path.relative_to(SUITE)
    return TESTKIT_FOLDER / path


def vendor_testkit(api: ir.Api) -> dict[str, bytes]:
    """Every framework file at its place in the output: output path → bytes."""
    return {
        str(output_path(relative)): header(relative, api).encode("utf-8") + data
        for relative, data in framework_files().items()
    }
