"""Writing a tree of files under a folder, as output and formatting both do; scratch folders."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Mapping
from typing import TypeVar

T = TypeVar("T")

# Memory-backed folders to put scratch trees in, when the system has one. Formatting writes the
# whole rendered tree to a scratch folder for ruff and deletes it again: on a disk file system
# (ext4 here) creating a file costs ~1-2 ms, so openapi_large's 650 files spent ~1 s of every
# `generate` in the kernel; on tmpfs the same tree takes ~0.03 s.
MEMORY_FOLDERS = ("/dev/shm",)


def write_files(root: str, files: Mapping[str, bytes], spares: list[str] | None = None) -> None:
    """Each relative posix path of `files` written under `root`, its folders made once each.

    Plain strings, not Paths, and one `makedirs` per folder: Stripe's tree has ~4,900 files.
    `spares`: empty files on the same file system, renamed to the first files' names (and
    taken from the list) instead of creating them (`output.tree.Spares`).
    """
    made: set[str] = set()
    for path, data in files.items():
        target = os.path.join(root, path)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        if spares:
            os.rename(spares.pop(), target)
        with open(target, "wb") as handle:
            handle.write(data)


def scratch_parent() -> str | None:
    """Where scratch folders go: `$TMPDIR` when it is set (the user's choice), else a writable
    memory-backed folder, else None (the system's temporary folder)."""
    if os.environ.get("TMPDIR"):
        return None
    for folder in MEMORY_FOLDERS:
        if os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK):
            return folder
    return None


def in_scratch(prefix: str, work: Callable[[str], T]) -> T:
    """`work(folder)` in a fresh scratch folder, deleted after. A memory-backed folder that runs
    out of room (a container's small /dev/shm) is given up for the system's temporary folder."""
    parent = scratch_parent()
    try:
        with tempfile.TemporaryDirectory(prefix=prefix, dir=parent) as scratch:
            return work(scratch)
    except OSError as exc:
        if parent is None or exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
    with tempfile.TemporaryDirectory(prefix=prefix) as scratch:
        return work(scratch)


def scratch_file(prefix: str, data: bytes) -> str:
    """The path of a new file holding `data`, where scratch folders go (`in_scratch`, the same
    fallback when that is full); the caller deletes it."""
    parent = scratch_parent()
    while True:
        handle, path = tempfile.mkstemp(prefix=prefix, dir=parent)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            return path
        except OSError as exc:
            os.unlink(path)
            if parent is None or exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            parent = None
