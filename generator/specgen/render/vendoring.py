"""Copying one of specgen's packages into the output verbatim, below a vendoring header.

Shared by the client runtime (`render/runtime.py`) and the contract-test framework
(`render/testkit.py`): how their files are found, what header they carry, and how a copy is
read back to the bytes it came from.
"""

from __future__ import annotations

from collections.abc import Collection
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import PurePosixPath

from specgen.ir import nodes as ir

LICENCE = "MIT"
"""specgen's licence (`license` in its pyproject.toml), which every vendored file carries."""
VENDORED_MARK = b"# Vendored by specgen;"
"""How every vendored file begins."""
_LICENCE_LINE = f"# SPDX-License-Identifier: {LICENCE}"


def package_files(
    package: str, suffixes: tuple[str, ...], exclude: Collection[str] = ()
) -> dict[str, bytes]:
    """A package's files: path relative to it (posix) → bytes, sorted; caches left out."""
    found: dict[str, bytes] = {}

    def walk(folder: Traversable, prefix: PurePosixPath) -> None:
        for entry in folder.iterdir():
            relative = prefix / entry.name
            if entry.is_dir():
                if entry.name != "__pycache__":
                    walk(entry, relative)
            elif entry.name.endswith(suffixes) and str(relative) not in exclude:
                found[str(relative)] = entry.read_bytes()

    walk(resources.files(package), PurePosixPath())
    return dict(sorted(found.items()))


def header(source: str, api: ir.Api, sameness: str) -> str:
    """The comment above a vendored copy of `source` (e.g. `specgen/runtime/_auth.py`)."""
    return (
        f"# Vendored by specgen; do not edit (`{api.regenerate_command}` writes it again). "
        f"Not generated from the\n"
        f"# spec: a verbatim copy of {source}, {sameness}.\n"
        f"{_LICENCE_LINE}\n"
    )


def strip_header(data: bytes) -> bytes:
    """A vendored file without its header: the bytes of the module it was copied from."""
    marker = f"\n{_LICENCE_LINE}\n".encode()
    if not data.startswith(VENDORED_MARK) or marker not in data:
        raise ValueError("not a vendored file (no vendoring header)")
    return data.split(marker, 1)[1]
