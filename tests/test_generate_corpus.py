"""`specgen generate` on real documents written by others: the output imports and is clean.

Every corpus document that `specgen validate` accepts must generate (no internal error, no
traceback), and the generated package must import, pass `ruff check` (errors and pyflakes) and be
`ruff format` clean. Documents the validator rejects must be refused with exit 1 and nothing
written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")

# Valid documents, from small to the largest (Stripe: 4 MB, 800 schemas).
VALID = [
    "oai-examples/v3.0/petstore.yaml",
    "oai-examples/v3.0/api-with-examples.yaml",
    "oai-examples/v3.0/callback-example.yaml",
    "oai-examples/v3.0/link-example.yaml",
    "oai-examples/v3.0/uspto.yaml",
    "oai-examples/v3.0/petstore-expanded.yaml",
    "oai-examples/v3.1/tictactoe.yaml",
    "oai-examples/v3.1/webhook-example.yaml",
    "oai-examples/v3.1/non-oauth-scopes.yaml",
    "openapi-python-client/3.1_specific.openapi.yaml",
    "openapi-python-client/openapi_3.1_enums.yaml",
    "datamodel-code-generator/modular.yaml",
    "datamodel-code-generator/circular_imports_stripe_like.yaml",
    "datamodel-code-generator/paths_external_ref/openapi.yaml",
    "datamodel-code-generator/webhooks_ref_with_external_schema/openapi.yaml",
    "redocly-museum/openapi.yaml",
    "swagger-petstore/v3.0/openapi.yaml",
    # Content problems only (malformed example UUIDs; `$ref`s inside x- extensions are data).
    "train-travel/openapi.yaml",
    "performance/openapi_large.yaml",
    "discord/openapi.json",
    "stripe/spec3.yaml",
]
# Documents with a blocking problem (an unquoted `$ref: #...`, Swagger 2.0): refused, nothing
# written.
INVALID = [
    "swagger-petstore/v3.1/petstore.yaml",
    "docker/docker-engine.swagger2.yaml",
]


def specgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize("document", VALID)
def test_valid_documents_generate_clean_importable_code(document: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = specgen("generate", "--spec", str(CORPUS / document), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    packages = [p for p in out.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    assert len(packages) == 1 and (packages[0] / "_client.py").is_file()
    package = packages[0].name
    imported = subprocess.run(
        [sys.executable, "-c", f"import {package}, {package}.models as m; print(len(dir(m)))"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(out)},
    )
    assert imported.returncode == 0, imported.stderr[-3000:]
    ruff = [sys.executable, "-m", "ruff"]
    config = ["--config", str(ROOT / "pyproject.toml")]
    lint = subprocess.run(
        [*ruff, "check", *config, "--select", "E,F", "--ignore", "E501,E741", str(packages[0])],
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout[-3000:]
    fmt = subprocess.run(
        [*ruff, "format", "--check", *config, str(packages[0])], capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout[-3000:] + fmt.stderr[-1000:]


@pytest.mark.parametrize("document", INVALID)
def test_invalid_documents_are_refused_with_nothing_written(document: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = specgen("generate", "--spec", str(CORPUS / document), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert not out.exists()
