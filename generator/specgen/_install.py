"""This installation of specgen: where its built-in templates are, and a digest of its own code.

The digest, not the version number, says which specgen wrote an output tree: the version stays
put while the code changes between releases (and in a checkout).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

from specgen.diagnostics import UsageError

PACKAGE = Path(__file__).resolve().parent  # specgen/


def builtin_templates_dir() -> Path:
    """The templates shipped in the wheel, or the repository's `templates/` in a checkout."""
    # Installed wheel: specgen/_templates. Checkout or editable install: <repo>/templates.
    for candidate in (PACKAGE / "_templates", PACKAGE.parents[1] / "templates"):
        if candidate.is_dir():
            return candidate
    raise UsageError("specgen's built-in templates are missing from this installation")


def tree_digest(folders: Iterable[Path]) -> str:
    """sha256 over the relative names and bytes of the files under `folders` (later ones win)."""
    seen: dict[str, Path] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                seen[path.relative_to(folder).as_posix()] = path
    digest = hashlib.sha256()
    for name in sorted(seen):
        digest.update(name.encode() + b"\0" + seen[name].read_bytes() + b"\0")
    return digest.hexdigest()


@functools.cache
def specgen_fingerprint() -> str:
    """specgen's own code (every module, the vendored runtime too) and built-in templates."""
    code = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" not in path.parts and "_templates" not in path.parts:
            code.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
            code.update(path.read_bytes() + b"\0")
    templates = tree_digest([builtin_templates_dir()])
    return hashlib.sha256(f"{code.hexdigest()} {templates}".encode()).hexdigest()
