"""Scratch folders (`specgen._files.in_scratch`): in a memory-backed folder when there is one,
in the system's temporary folder when it is full or `$TMPDIR` says so, and gone afterwards."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from specgen import _files
from specgen.render.format import format_python


@pytest.fixture
def memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder standing in for /dev/shm, and no $TMPDIR."""
    folder = tmp_path / "shm"
    folder.mkdir()
    monkeypatch.setattr(_files, "MEMORY_FOLDERS", (str(folder),))
    monkeypatch.delenv("TMPDIR", raising=False)
    return folder


def test_scratch_goes_to_the_memory_folder_and_is_removed(memory: Path) -> None:
    used = _files.in_scratch("specgen-test-", lambda scratch: scratch)
    assert Path(used).parent == memory
    assert not Path(used).exists()
    assert list(memory.iterdir()) == []


def test_tmpdir_set_by_the_user_wins(
    memory: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    monkeypatch.setenv("TMPDIR", str(chosen))
    monkeypatch.setattr("tempfile.tempdir", None)  # re-read $TMPDIR
    used = _files.in_scratch("specgen-test-", lambda scratch: scratch)
    assert Path(used).parent == chosen


def test_no_usable_memory_folder_means_the_system_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_files, "MEMORY_FOLDERS", (str(tmp_path / "missing"),))
    monkeypatch.delenv("TMPDIR", raising=False)
    assert _files.scratch_parent() is None


def test_a_full_memory_folder_is_given_up_for_the_temporary_folder(memory: Path) -> None:
    tried: list[str] = []

    def work(scratch: str) -> str:
        tried.append(scratch)
        if Path(scratch).parent == memory:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        Path(scratch, "file").write_bytes(b"x")
        return scratch

    used = _files.in_scratch("specgen-test-", work)
    assert len(tried) == 2 and Path(tried[0]).parent == memory
    assert Path(used).parent != memory
    assert list(memory.iterdir()) == []


def test_other_errors_are_not_retried(memory: Path) -> None:
    def work(scratch: str) -> str:
        raise PermissionError(errno.EACCES, "denied")

    with pytest.raises(PermissionError):
        _files.in_scratch("specgen-test-", work)


def test_formatting_in_the_memory_folder_leaves_nothing_behind(memory: Path) -> None:
    files = {"pkg/a.py": b"x  =  [1,2]\n", "pkg/b/c.py": b"def f( ):\n  return 1\n", "d.md": b"#"}
    formatted = format_python(files)
    assert formatted == {
        "pkg/a.py": b"x = [1, 2]\n",
        "pkg/b/c.py": b"def f():\n    return 1\n",
        "d.md": b"#",
    }
    assert list(memory.iterdir()) == []
