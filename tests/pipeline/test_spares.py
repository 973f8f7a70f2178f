"""Files made ahead for a first write into a new folder (`specgen.output.tree.Spares`): used by
`write_tree` for the same bytes and modes, never left behind, never made for a folder that
already holds something."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from specgen.output.tree import Spares, write_tree

FILES = {
    "pkg/__init__.py": b"",
    "pkg/models/a.py": b"A = 1\n",
    "pkg/models/b.py": b"B = 2\n",
    "tests/test_x.py": b"def test(): pass\n",
    "README.md": b"# x\n",
}


def listing(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def test_a_new_folder_is_written_through_spares(tmp_path: Path) -> None:
    out = tmp_path / "new" / "out"
    spares = Spares(out)
    spares.make(10, lambda: False)
    assert len(spares.free) == 10
    result = write_tree(out, FILES, spares=spares)
    assert len(spares.free) == 10 - len(FILES)  # the spares were taken, not new files
    spares.discard()
    assert sorted(result.written) == sorted(FILES)
    assert listing(out) == FILES  # no stage, no spare left
    reference = tmp_path / "reference"
    write_tree(reference, FILES)
    for path in FILES:
        mode = stat.S_IMODE(os.stat(out / path).st_mode)
        assert mode == stat.S_IMODE(os.stat(reference / path).st_mode)


def test_fewer_spares_than_files_and_an_early_stop(tmp_path: Path) -> None:
    calls = []

    def enough() -> bool:
        calls.append(1)
        return len(calls) > 1  # the models arrive after the first round

    spares = Spares(tmp_path / "out")
    spares.make(1000, enough)
    assert 0 < len(spares.free) < 1000
    spares.free = spares.free[:2]  # (fewer than the files: the rest are created as usual)
    write_tree(tmp_path / "out", FILES, spares=spares)
    spares.discard()
    assert listing(tmp_path / "out") == FILES


def test_a_folder_that_holds_something_gets_no_spares(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    spares = Spares(out)
    spares.make(10, lambda: False)
    assert spares.stage is None and not spares.free
    assert listing(out) == {"keep.txt": b"mine"}


def test_discarded_spares_leave_no_folder_they_made(tmp_path: Path) -> None:
    """A build that fails after the spares were made (the models' generation failed): the
    output folder and its new parents are gone again."""
    out = tmp_path / "a" / "b" / "out"
    spares = Spares(out)
    spares.make(5, lambda: False)
    assert out.is_dir()
    spares.discard()
    assert not (tmp_path / "a").exists()


def test_an_output_path_that_is_a_file_is_left_to_write_tree(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("a file", encoding="utf-8")
    spares = Spares(out)
    spares.make(5, lambda: False)
    spares.discard()
    assert out.read_text(encoding="utf-8") == "a file"
