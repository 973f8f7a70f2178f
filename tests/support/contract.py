"""Helpers of the tests of the generated contract tests (`templates/tests/`).

They generate a client with specgen's pipeline into a folder, then run the contract tests that
came with it in a separate pytest process, exactly as a user would (`pytest <out>/tests`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from specgen.config import Config
from specgen.pipeline import generate

REPO = Path(__file__).resolve().parents[2]
ZOHO_SPEC = REPO / "spec" / "openapi.yaml"
PETSTORE_SPEC = REPO.parent / "shared" / "corpus" / "swagger-petstore" / "v3.0" / "openapi.yaml"
BIN = Path(sys.executable).parent
TEST_FILES = ("README.md", "contract_api.py", "openapi.yaml")
"""What `templates/tests/` renders into `<out>/tests/`: the per-API part. The framework is vendored
beside them (`conftest.py`, the `test_*.py` modules, and `contract_testing/`)."""
CORPUS = REPO.parent / "shared" / "corpus"
BODIES_SPEC = REPO / "tests" / "fixtures" / "contract_bodies.yaml"
"""A discriminated oneOf body, an anyOf, an optional body, a multipart upload and a form."""

__all__ = [
    "BIN",
    "BODIES_SPEC",
    "CORPUS",
    "PETSTORE_SPEC",
    "REPO",
    "TEST_FILES",
    "ZOHO_SPEC",
    "generate_client",
    "outcome",
    "ruff",
    "run_contract_tests",
]


def generate_client(
    spec: Path, out: Path, *, package: str | None = None, client_name: str | None = None
) -> Path:
    """`specgen generate` into `out`; a spec outside the repository is copied beside `out` first,
    with its folder (the files its `$ref`s name), so that generated headers name the spec's file,
    not a machine's path. Returns `out`."""
    root = REPO
    if not spec.resolve().is_relative_to(REPO):
        root = out.parent / f"{out.name}-spec"
        shutil.copytree(spec.parent, root, dirs_exist_ok=True)
        spec = root / spec.name
    config = Config(spec=spec, out=out, package=package, client_name=client_name, root=root)
    generate(config)
    return out


def run_contract_tests(
    out: Path,
    *args: str,
    target: str = "tests",
    env: Mapping[str, str] | None = None,
    max_examples: int = 5,
    timeout: float = 900,
) -> subprocess.CompletedProcess[str]:
    """Run `pytest <target> *args` in a fresh process from `out`, output captured."""
    environment = {**os.environ, "SPECGEN_MAX_EXAMPLES": str(max_examples), **(env or {})}
    # The contract tests use schemathesis as a library; its pytest plugin has nothing to do.
    environment.pop("PYTEST_ADDOPTS", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:schemathesis",
            target,
            *args,
        ],
        cwd=out,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def outcome(result: subprocess.CompletedProcess[str]) -> dict[str, int]:
    """The counts of pytest's summary line: {"passed": 162, "skipped": 5, ...}."""
    lines = [line for line in result.stdout.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    if not lines:
        lines = [line for line in result.stdout.splitlines() if re.search(r"\d+ \w+ in ", line)]
    counts = {}
    for number, word in re.findall(r"(\d+) (\w+)", lines[-1] if lines else ""):
        counts[word.rstrip("s") if word in ("errors", "warnings") else word] = int(number)
    return counts


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    """ruff with the repository's configuration (line length 100, its rule selection)."""
    return subprocess.run(
        [str(BIN / "ruff"), *args, "--config", str(REPO / "pyproject.toml")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
