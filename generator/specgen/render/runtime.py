"""Vendor the client runtime (`specgen.runtime`) into a generated package, byte for byte.

The runtime is the part of a generated package that is the same for every API: the HTTP client,
auth, retries, errors, models' base classes. It is real Python in `specgen/runtime/`, checked and
tested in place; here it is copied verbatim under `<package>/`, each file below a header that says
it is vendored (not generated from the spec) and carries specgen's licence. Its two `__init__.py`
files are specgen's own: a generated package renders its own from the spec.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from specgen.ir import nodes as ir
from specgen.render import vendoring
from specgen.render.vendoring import LICENCE, VENDORED_MARK, strip_header

RUNTIME_PACKAGE = "specgen.runtime"
SPECGEN_ONLY = frozenset({"__init__.py", "resources/__init__.py"})
"""Runtime files that are not vendored: a generated package renders these from its spec."""
_SUFFIXES = (".py", ".typed")


def runtime_files() -> dict[str, bytes]:
    """The vendored runtime: path relative to `specgen/runtime/` (posix) → bytes, sorted."""
    return vendoring.package_files(RUNTIME_PACKAGE, _SUFFIXES, SPECGEN_ONLY)


def header(relative: str, api: ir.Api) -> str:
    """The comment above a vendored runtime file (ends with a newline)."""
    return vendoring.header(f"specgen/runtime/{relative}", api, "the same in every package")


def vendor_runtime(api: ir.Api) -> dict[str, bytes]:
    """Every runtime file at its place in the generated package: output path → bytes."""
    return {
        str(PurePosixPath(api.package) / relative): header(relative, api).encode("utf-8") + data
        for relative, data in runtime_files().items()
    }


__all__ = [
    "LICENCE",
    "VENDORED_MARK",
    "header",
    "runtime_files",
    "strip_header",
    "vendor_runtime",
]
