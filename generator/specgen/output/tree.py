"""Write a rendered tree safely, and compare a tree on disk with the rendered one.

Writing is all or nothing: new bytes are staged beside the output first; then every replaced or
deleted file is moved aside before the new ones are moved in, and any failure (an exception, a
KeyboardInterrupt) puts the previous files back. Files whose bytes did not change are not touched
(their mtime stays). A file is deleted only if the previous manifest says specgen wrote it.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from specgen._files import write_files
from specgen.diagnostics import UsageError

MANIFEST_NAME = ".specgen-manifest.json"
# Caches that tools create inside the output; never drift.
IGNORED_PARTS = frozenset(
    {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis"}
)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(
    files: dict[str, bytes],
    *,
    spec_digest: str,
    templates_digest: str,
    generator_version: str,
    inputs: dict[str, Any] | None = None,
) -> bytes:
    manifest = {
        "inputs": inputs,  # what this tree was made from (see output/fingerprint.py)
        "generator": "specgen",
        "generator_version": generator_version,
        "spec_sha256": spec_digest,
        "templates_sha256": templates_digest,
        "files": {path: sha256(files[path]) for path in sorted(files)},
    }
    return (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8")


def check_relative(path: str) -> PurePosixPath:
    """Refuse any output path that could leave the output directory."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or not pure.parts or any(p in ("", ".", "..") for p in pure.parts):
        raise UsageError(f"refusing to write outside the output directory: {path!r}")
    if "\\" in path or ":" in pure.parts[0]:
        raise UsageError(f"refusing an output path that is not a plain relative path: {path!r}")
    return pure


def read_manifest_files(out: Path, manifest_name: str = MANIFEST_NAME) -> set[str]:
    """Paths the previous run wrote, as its manifest lists them (empty when there is none)."""
    try:
        data = json.loads((out / manifest_name).read_text(encoding="utf-8"))
        listed = data.get("files", {})
    except (OSError, ValueError, AttributeError):
        return set()
    result = set()
    for path in listed if isinstance(listed, dict) else []:
        try:
            check_relative(path)
        except UsageError:
            continue  # a tampered manifest must not make us delete outside the output
        result.add(path)
    return result | {manifest_name}


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


class Spares:
    """Empty files made ahead, in the stage of a first write into a new output folder, while
    `generate` waits for its models.

    Creating a file is what writing a tree costs on a disk file system: on this project's
    machine 1-2 ms each (ext4; openapi_large writes 650 files, Stripe 4,950), where renaming one
    and writing into it take 0.05 ms. `write_tree` renames a spare to each new file's name and
    writes into it. Only for a folder that is new or empty: a regeneration replaces few files."""

    FOLDER = ".specgen-spares"  # (in the stage; no generated path starts with it)

    def __init__(self, out: Path) -> None:
        self.out = out
        self.stage: Path | None = None
        self.free: list[str] = []  # spare files not used yet
        self._made: list[Path] = []  # folders made for the stage, the output folder's included

    def make(self, count: int, enough: Callable[[], bool]) -> None:
        """Up to `count` spares, fewer if `enough()` says to stop (the models are there). Best
        effort: where they cannot be made, `write_tree` creates the files, and reports why."""
        if self.stage is not None or (self.out.exists() and not _empty_folder(self.out)):
            return
        try:
            for folder in reversed([self.out, *self.out.parents]):
                if not folder.exists():
                    folder.mkdir()
                    self._made.append(folder)
            self.stage = Path(tempfile.mkdtemp(prefix=".specgen-stage-", dir=self.out))
            spares = self.stage / self.FOLDER
            spares.mkdir()
            for index in range(count):
                if index % 16 == 0 and enough():
                    break
                path = os.path.join(spares, str(index))
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
                self.free.append(path)
        except OSError:
            return

    def discard(self) -> None:
        """Remove what `make` made and `write_tree` did not use (all of it, if it failed)."""
        if self.stage is not None:
            shutil.rmtree(self.stage, ignore_errors=True)
        for folder in reversed(self._made):
            with contextlib.suppress(OSError):
                folder.rmdir()  # (only if still empty)
        self.stage, self.free, self._made = None, [], []


def _empty_folder(path: Path) -> bool:
    try:
        return not any(path.iterdir())
    except OSError:  # a file, or unreadable
        return False


def write_tree(
    out: Path,
    files: dict[str, bytes],
    *,
    manifest_name: str = MANIFEST_NAME,
    spares: Spares | None = None,
    _before_commit_step: object = None,
) -> WriteResult:
    """Make `out` hold `files` (plus whatever specgen did not write), all or nothing.

    `manifest_name`: the previous run's manifest, which says what may be deleted (clients that
    share an `out` have one each)."""
    for path in files:
        check_relative(path)
    out.mkdir(parents=True, exist_ok=True)
    previous = read_manifest_files(out, manifest_name)
    result = WriteResult()
    changes: dict[str, bytes] = {}
    for path in sorted(files):
        # (strings, not Paths, in the loops over every file: Stripe writes 4,951)
        try:
            with open(os.path.join(out, path), "rb") as existing:
                current: bytes | None = existing.read()
        except OSError:  # missing, or a folder
            current = None
        if current == files[path]:
            result.unchanged.append(path)
        else:
            changes[path] = files[path]
    stale = sorted(p for p in previous - set(files) if (out / p).is_file())
    if not changes and not stale:
        return result

    if spares is not None and spares.stage is not None and spares.stage.parent == out:
        stage, free = spares.stage, spares.free
    else:
        stage, free = Path(tempfile.mkdtemp(prefix=".specgen-stage-", dir=out)), []
    backup = Path(tempfile.mkdtemp(prefix=".specgen-backup-", dir=out))
    moved_aside: list[tuple[Path, Path]] = []  # (original, backup copy)
    moved_in: list[Path] = []
    created_dirs: list[Path] = []
    try:
        write_files(str(stage), changes, spares=free)
        for index, path in enumerate([*changes, *stale]):
            target = out / path
            if target.exists():
                aside = backup / str(index)
                os.replace(target, aside)
                moved_aside.append((target, aside))
        present_dirs: set[str] = set()
        for path in changes:
            target = out / path
            for parent in reversed(PurePosixPath(path).parents[:-1]):
                key = str(parent)
                if key in present_dirs:
                    continue
                folder = out / parent
                if not folder.exists():
                    folder.mkdir()
                    created_dirs.append(folder)
                present_dirs.add(key)
            if callable(_before_commit_step):
                _before_commit_step(path)  # a seam for tests that interrupt the commit
            os.replace(os.path.join(stage, path), target)
            moved_in.append(target)
    except BaseException:
        for target in moved_in:
            target.unlink(missing_ok=True)
        for original, aside in reversed(moved_aside):
            os.replace(aside, original)
        for folder in reversed(created_dirs):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        shutil.rmtree(backup, ignore_errors=True)
    result.written = sorted(changes)
    result.deleted = stale
    _remove_empty_dirs(out, stale)
    return result


def _remove_empty_dirs(out: Path, deleted: list[str]) -> None:
    for path in deleted:
        folder = (out / path).parent
        while folder != out and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


# -- check -------------------------------------------------------------------------------------
@dataclass
class Drift:
    added: list[str] = field(default_factory=list)  # on disk, but generate would not write it
    modified: dict[str, str] = field(default_factory=dict)  # path → unified diff
    deleted: list[str] = field(default_factory=list)  # generate would write it; it is missing

    @property
    def clean(self) -> bool:
        return not (self.added or self.modified or self.deleted)


def on_disk(out: Path, owned: tuple[str, ...] | None = None) -> dict[str, Path]:
    """The files in `out`; with `owned`, only those under these top-level names (a client's
    share of an `out` that several clients write into)."""
    found: dict[str, Path] = {}
    if not out.is_dir():
        return found
    for path in out.rglob("*"):
        relative = path.relative_to(out)
        if any(part in IGNORED_PARTS for part in relative.parts) or path.suffix == ".pyc":
            continue
        if owned is not None and relative.parts[0] not in owned:
            continue
        if path.is_file() or path.is_symlink():
            found[relative.as_posix()] = path
    return found


def compare_tree(out: Path, files: dict[str, bytes], owned: tuple[str, ...] | None = None) -> Drift:
    drift = Drift()
    existing = on_disk(out, owned)
    for path in sorted(set(existing) - set(files)):
        drift.added.append(path)
    for path in sorted(files):
        if path not in existing:
            drift.deleted.append(path)
            continue
        source = existing[path]
        try:
            current = b"" if source.is_symlink() else source.read_bytes()
        except OSError:
            current = b""
        if source.is_symlink() or current != files[path]:
            drift.modified[path] = unified_diff(path, current, files[path])
    return drift


def unified_diff(path: str, current: bytes, expected: bytes) -> str:
    try:
        before = current.decode("utf-8").splitlines(keepends=True)
        after = expected.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return f"Binary files differ: {path}\n"
    lines = difflib.unified_diff(before, after, f"a/{path} (on disk)", f"b/{path} (from spec)")
    text = "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )
    return text or f"{path}: differs (line endings or invisible bytes)\n"


def first_changed_line(diff: str) -> int:
    """The on-disk line number of the first hunk, for annotations."""
    for line in diff.splitlines():
        if line.startswith("@@"):
            try:
                return max(1, int(line.split()[1].split(",")[0].lstrip("-")))
            except (IndexError, ValueError):
                return 1
    return 1
