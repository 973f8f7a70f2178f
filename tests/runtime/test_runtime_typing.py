"""The runtime's public types, as a user's `mypy --strict` sees them (a real mypy run)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.support.paths import ROOT

ACCEPTED = """
    import io
    import pathlib
    from specgen.runtime._types import FileTypes

    def upload(file: FileTypes) -> None: ...

    upload(b"\\x89PNG")
    upload(io.BytesIO(b"x"))
    upload(open("logo.png", "rb"))
    upload(pathlib.Path("logo.png"))
    upload(("logo.png", b"x"))
    upload(("logo.png", open("logo.png", "rb"), "image/png"))
    upload((None, pathlib.Path("logo.png"), None))
"""

REJECTED = {
    "text": 'upload("logo.png")',
    "a text file": 'upload(open("notes.txt"))',
    "a number": "upload(5)",
    "a tuple of text": 'upload(("logo.png", "text"))',
    "a four-tuple": 'upload(("a", b"x", "image/png", "extra"))',
}


def run_mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "user.py"
    script.write_text(textwrap.dedent(source))
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        cwd=ROOT / "generator",
        capture_output=True,
        text=True,
        check=False,
    )


def test_mypy_accepts_every_documented_file_form_and_rejects_the_rest(tmp_path: Path) -> None:
    accepted = textwrap.dedent(ACCEPTED)
    result = run_mypy(tmp_path, accepted + "\n".join(REJECTED.values()) + "\n")
    first_rejected = len(accepted.splitlines()) + 1
    flagged = {
        int(line.split(":")[1]) - first_rejected
        for line in result.stdout.splitlines()
        if ": error:" in line
    }
    # one error on each rejected line, none on the accepted ones
    assert flagged == set(range(len(REJECTED))), result.stdout
