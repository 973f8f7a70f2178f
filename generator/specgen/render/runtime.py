"""Vendor the client runtime (`specgen.runtime`) into a generated package, byte for byte.

The runtime is the part of a generated package that is the same for every API: the HTTP client,
auth, retries, errors, models' base classes. It is real Python in `specgen/runtime/`, checked and
tested in place; here it is copied verbatim under `<package>/`, each file below a header that says
it is vendored (not generated from the spec) and carries specgen's licence. Its two `__init__.py`
files are specgen's own: a generated package renders its own from the spec.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import PurePosixPath

from specgen.ir import nodes as ir

RUNTIME_PACKAGE = "specgen.runtime"
LICENCE = "MIT"
"""specgen's licence (`license` in its pyproject.toml), which the vendored runtime carries."""
SPECGEN_ONLY = frozenset({"__init__.py", "resources/__init__.py"})
"""Runtime files that are not vendored: a generated package renders these from its spec."""
_SUFFIXES = (".py", ".typed")
VENDORED_MARK = b"# Vendored by specgen;"
"""How every vendored file begins."""
_LICENCE_LINE = f"# SPDX-License-Identifier: {LICENCE}"


def runtime_files() -> dict[str, bytes]:
    """The vendored runtime: path relative to `specgen/runtime/` (posix) → bytes, sorted."""
    found: dict[str, bytes] = {}

    def walk(folder: Traversable, prefix: PurePosixPath) -> None:
        for entry in folder.iterdir():
            relative = prefix / entry.name
            if entry.is_dir():
                if entry.name != "__pycache__":
                    walk(entry, relative)
            elif entry.name.endswith(_SUFFIXES) and str(relative) not in SPECGEN_ONLY:
                found[str(relative)] = entry.read_bytes()

    walk(resources.files(RUNTIME_PACKAGE), PurePosixPath())
    return dict(sorted(found.items()))


def header(relative: str, api: ir.Api) -> str:
    """The comment above a vendored file (ends with a newline)."""
    return (
        f"# Vendored by specgen; do not edit (`{api.regenerate_command}` writes it again). "
        f"Not generated from the\n"
        f"# spec: a verbatim copy of specgen/runtime/{relative}, the same in every package.\n"
        f"{_LICENCE_LINE}\n"
    )


def strip_header(data: bytes) -> bytes:
    """A vendored file without its header: the bytes of the runtime module it was copied from."""
    marker = f"\n{_LICENCE_LINE}\n".encode()
    if not data.startswith(VENDORED_MARK) or marker not in data:
        raise ValueError("not a vendored runtime file (no vendoring header)")
    return data.split(marker, 1)[1]


def vendor_runtime(api: ir.Api) -> dict[str, bytes]:
    """Every runtime file at its place in the generated package: output path → bytes."""
    return {
        str(PurePosixPath(api.package) / relative): header(relative, api).encode("utf-8") + data
        for relative, data in runtime_files().items()
    }
