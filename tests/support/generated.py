"""Helpers of the tests of generated clients: importing them, recording sleeps, running mypy.

The tests of `generated/zoho_desk` (and of packages generated on the fly, like petstore) use the
generated code exactly as a user would: `from zoho_desk import ZohoDesk`. `use_directory()` makes
a folder importable without relying on the current directory; it appends to `sys.path`, so that
the repository's own `tests` package keeps precedence over the generated `tests/` folder.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[2]
GENERATED = REPO / "generated"
SHARED = REPO.parent / "shared"
SEED_RESPONSE = SHARED / "seed" / "update-ticket-response.json"
CORPUS = SHARED / "corpus"
BIN = Path(sys.executable).parent

__all__ = [
    "BIN",
    "CORPUS",
    "GENERATED",
    "REPO",
    "SEED_RESPONSE",
    "AsyncSleepRecorder",
    "SleepRecorder",
    "assert_backoff",
    "backoff_bounds",
    "error_examples",
    "generate_cli",
    "import_package",
    "leaked",
    "models_source",
    "run_mypy",
    "run_probe",
    "use_directory",
]


def generate_cli(folder: Path, name: str, spec_text: str) -> tuple[Path, str]:
    """A real `python -m specgen generate` of `spec_text` (written to `folder/name`) into
    `folder/out`; it must succeed. Returns the output folder and what it printed on stderr."""
    path = folder / name
    path.write_text(spec_text, encoding="utf-8")
    out = folder / "out"
    result = subprocess.run(
        [sys.executable, "-m", "specgen", "generate", "--spec", str(path), "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out, result.stderr


def run_probe(out: Path, code: str) -> str:
    """`code` run by a fresh Python in `out` (so the generated package imports); must succeed.
    Returns what it printed."""
    ran = subprocess.run(
        [sys.executable, "-c", code], cwd=out, capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


def models_source(package: Path) -> str:
    """The source of a generated package's models: every module of `models/`, in name order."""
    return "".join(
        path.read_text(encoding="utf-8") for path in sorted((package / "models").glob("*.py"))
    )


def use_directory(directory: Path) -> None:
    """Make the packages in `directory` importable (appended to `sys.path`, once)."""
    entry = str(directory)
    if entry not in sys.path:
        sys.path.append(entry)
        importlib.invalidate_caches()


def import_package(name: str, directory: Path) -> ModuleType:
    """Import the package `name` from `directory`, dropping modules of that name cached before."""
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[module]
    use_directory(directory)
    module = importlib.import_module(name)
    origin = Path(module.__file__ or "").resolve()
    assert origin.is_relative_to(directory.resolve()), f"{name} imported from {origin}"
    return module


class SleepRecorder:
    """Stands in for a sync client's `_sleep` (`time.sleep`): records delays, never waits."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


class AsyncSleepRecorder:
    """Stands in for an async client's `_sleep` (`asyncio.sleep`): records delays, never waits."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def backoff_bounds(retry: int) -> tuple[float, float]:
    """The bounds of the jittered backoff before retry number `retry` (from 0) without a
    Retry-After: 0.5 s doubled per retry, capped at 8 s, minus up to 25 % of jitter."""
    base = min(0.5 * 2**retry, 8.0)
    return base * 0.75, base


def assert_backoff(delays: list[float]) -> None:
    """Each delay lies within the bounds of its retry number."""
    for retry, delay in enumerate(delays):
        low, high = backoff_bounds(retry)
        assert low <= delay <= high, f"retry {retry}: waited {delay} s, expected {low}..{high}"


def error_examples(spec: Mapping[str, Any], path: str, method: str) -> dict[int, list[Any]]:
    """The error statuses an operation documents, each with the example bodies of its response
    (`example` or every `examples` value), following a `$ref` to `components/responses`."""
    found: dict[int, list[Any]] = {}
    for status, response in spec["paths"][path][method]["responses"].items():
        if not str(status).isdigit() or int(status) < 400:
            continue
        if "$ref" in response:
            response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
        media = response["content"]["application/json"]
        values = [media["example"]] if "example" in media else []
        values += [example["value"] for example in media.get("examples", {}).values()]
        found[int(status)] = values
    return found


def leaked(texts: Iterable[str], secrets: Iterable[str]) -> list[tuple[str, str]]:
    """The (secret, text) pairs where a secret appears in a text; empty when nothing leaked."""
    found = []
    secret_list = [secret for secret in secrets if secret]
    for text in texts:
        found.extend((secret, text) for secret in secret_list if secret in text)
    return found


def run_mypy(
    script: str,
    directory: Path,
    *,
    mypypath: Path,
    cache_dir: Path,
    name: str = "user_script.py",
    extra_env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Write `script` to `directory/name` and run `mypy --strict` on it, with `mypypath` holding
    the generated package; the run happens in `directory` (no project configuration applies)."""
    path = directory / name
    path.write_text(script, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(mypypath), **(extra_env or {})}
    return subprocess.run(
        [
            str(BIN / "mypy"),
            "--strict",
            "--python-version",
            "3.11",
            "--no-error-summary",
            "--show-error-codes",
            "--cache-dir",
            str(cache_dir),
            name,
        ],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
