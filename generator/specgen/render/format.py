"""Format the rendered Python files with ruff, pinned, isolated from any user configuration.

Templates lay code out almost as ruff would, but where a line breaks depends on how long spec names
are, which templates cannot know. So the rendered tree goes through `ruff format` once, in memory
(a scratch folder). The ruff version is pinned exactly in specgen's own dependencies and checked
here, and `--isolated` keeps pyproject/ruff.toml settings out: the output depends on specgen's
version only, never on what else is installed or configured.
"""

from __future__ import annotations

import os
import subprocess

from specgen._files import in_scratch, write_files
from specgen.diagnostics import SpecgenError

RUFF_VERSION = "0.17.5"
LINE_LENGTH = 100
TARGET_VERSION = "py311"
# The ruff rules generated code is held to (the tests check them on our spec and the corpus):
# the repository's own selection and PYI. Left out: line length, `l`-like names and ambiguous
# Unicode (E501, E741, RUF001-003), which come from text copied from the spec; mutable field
# defaults (RUF012: `= {}` for a `default: {}`), which pydantic copies for each instance; and
# quoted forward references (UP037), `Union[...]` (UP007: in a base class, `"A" | B` of a
# forward reference fails at run time) and a `Literal` beside its own type (PYI051:
# `Literal["prefix"] | str` for prefixItems), as datamodel-code-generator writes them.
LINT_RULES = (
    "--select=E,F,W,I,B,UP,SIM,RUF,PYI",
    "--ignore=E501,E741,RUF001,RUF002,RUF003,RUF012,UP007,UP037,PYI051",
)


_VERIFIED: set[str] = set()  # ruff executables found to be RUFF_VERSION in this process


class FormatterError(SpecgenError):
    """ruff is missing, of another version, or failed on the rendered code: exit 2."""


def _ruff() -> str:
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]
    except ImportError as exc:
        raise FormatterError(
            f"ruff {RUFF_VERSION} is required (pip install ruff=={RUFF_VERSION})"
        ) from exc
    return str(find_ruff_bin())


def check_version(ruff: str) -> None:
    if ruff in _VERIFIED:
        return  # `generate` formats twice (the client, then the models): one `ruff version`
    found = subprocess.run([ruff, "version"], capture_output=True, text=True, check=False)
    version = found.stdout.split()[1] if found.returncode == 0 and found.stdout.split() else "?"
    if version != RUFF_VERSION:
        raise FormatterError(
            f"specgen formats generated code with ruff {RUFF_VERSION} exactly (found {version}); "
            f"install it with: pip install ruff=={RUFF_VERSION}"
        )
    _VERIFIED.add(ruff)


def format_python(files: dict[str, bytes]) -> dict[str, bytes]:
    """The same tree with every `.py` file formatted; other files untouched."""
    python = {path: data for path, data in files.items() if path.endswith(".py")}
    if not python:
        return files
    ruff = _ruff()
    check_version(ruff)
    formatted = in_scratch("specgen-format-", lambda scratch: _format_in(scratch, ruff, python))
    return {**files, **formatted}


def _format_in(scratch: str, ruff: str, python: dict[str, bytes]) -> dict[str, bytes]:
    """`python` written under `scratch`, formatted there by ruff, and read back."""
    write_files(scratch, python)
    result = subprocess.run(
        [
            ruff,
            "format",
            "--isolated",
            "--quiet",
            "--no-cache",
            f"--line-length={LINE_LENGTH}",
            f"--target-version={TARGET_VERSION}",
            ".",
        ],
        cwd=scratch,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise FormatterError(f"ruff could not format the generated code: {result.stderr.strip()}")
    return {path: _read(os.path.join(scratch, path)) for path in python}


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()
