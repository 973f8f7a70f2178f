"""Reading one side of a diff: a file, or `git:REV:PATH` read from git with no checkout.

A git side is loaded by the ordinary loader (`load_spec`) with a reader that takes every file from
`git cat-file blob REV:PATH` instead of the disk, so a multi-file spec's relative `$ref`s are read
from the same revision. Paths are mapped onto the repository's top-level folder, which is what
locations are shown against.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from specgen.diagnostics import UsageError
from specgen.load.sources import SourceError
from specgen.load.spec import LoadedSpec, load_spec

GIT_PREFIX = "git:"


@dataclass(frozen=True, slots=True)
class SideSpec:
    """A side as given on the command line."""

    text: str  # as the user wrote it
    path: str  # the file (for git: relative to the repository's top level, or to the cwd)
    rev: str | None = None  # the git revision, for `git:REV:PATH`

    @property
    def label(self) -> str:
        return self.text


def parse_side(text: str) -> SideSpec:
    if not text.startswith(GIT_PREFIX):
        if not text:
            raise UsageError("an empty path is not a spec")
        return SideSpec(text, text)
    rest = text[len(GIT_PREFIX) :]
    rev, sep, path = rest.partition(":")
    if not sep or not rev or not path:
        raise UsageError(f"{text}: expected git:REV:PATH, e.g. git:origin/main:spec/openapi.yaml")
    return SideSpec(text, path, rev)


def load_side(side: SideSpec, *, cwd: Path | None = None) -> LoadedSpec:
    """Load a side; UsageError when it cannot be read, SpecInvalid when it does not parse."""
    if side.rev is None:
        return load_spec(side.path)
    return _GitTree(side.rev, cwd or Path.cwd()).load(side.path)


class _GitTree:
    """The files of one git revision, read without touching the working tree."""

    def __init__(self, rev: str, cwd: Path) -> None:
        self.rev = rev
        self.cwd = cwd
        top = self._git("rev-parse", "--show-toplevel").strip()
        self.top = Path(top).resolve()
        self._verify_rev()

    def _git(self, *args: str) -> str:
        try:
            result = subprocess.run(
                ["git", *args],
                cwd=self.cwd,
                capture_output=True,
                check=False,
                env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
            )
        except FileNotFoundError as exc:
            raise UsageError("git: command not found (needed for git:REV:PATH)") from exc
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UsageError(f"git {' '.join(args)}: {message[-1] if message else 'failed'}")
        return result.stdout.decode("utf-8", "replace")

    def _verify_rev(self) -> None:
        try:
            self._git("rev-parse", "--verify", "--quiet", f"{self.rev}^{{commit}}")
        except UsageError as exc:
            raise UsageError(f"git:{self.rev}: no such revision") from exc

    def repo_path(self, path: str) -> PurePosixPath:
        """`path` as git names it at the top level (`./x` and `../x` are relative to the cwd)."""
        if path.startswith(("./", "../")):
            absolute = Path(os.path.normpath(self.cwd.resolve() / path))
            try:
                return PurePosixPath(absolute.relative_to(self.top).as_posix())
            except ValueError as exc:
                raise UsageError(f"{path}: outside the git repository {self.top}") from exc
        return PurePosixPath(os.path.normpath(path).replace(os.sep, "/"))

    def read(self, path: Path, display: str) -> str:
        """The loader's reader: a resolved path under the top level, read at `rev`."""
        try:
            relative = path.relative_to(self.top).as_posix()
        except ValueError as exc:
            raise SourceError(f"{display}: outside the git repository") from exc
        try:
            result = subprocess.run(
                ["git", "cat-file", "blob", f"{self.rev}:{relative}"],
                cwd=self.top,
                capture_output=True,
                check=False,
            )
        except FileNotFoundError as exc:
            raise SourceError("git: command not found") from exc
        if result.returncode != 0:
            raise SourceError(f"{display}: not in git revision {self.rev}")
        try:
            return result.stdout.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SourceError(f"{display}: not UTF-8 text at {self.rev}") from exc

    def load(self, path: str) -> LoadedSpec:
        file = self.top / self.repo_path(path)
        with contextlib.suppress(ValueError):  # shown as the loader shows files: from the cwd
            file = file.relative_to(Path.cwd().resolve())
        return load_spec(file, read=self.read)
