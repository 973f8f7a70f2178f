"""`specgen generate` on real documents written by others: the output imports and is clean.

Every corpus document without a blocking problem must generate (no internal error, no traceback),
whatever content problems it has (they are warnings, named in one line), and the generated
package must import, pass `ruff check` (the rules generated code is held to, `LINT_RULES`) and
be `ruff format` clean. Documents with a blocking problem must be refused with exit 1, located
errors under that rule, and nothing written.

The largest documents are marked `slow`; `tests/corpus/test_corpus.py` leaves them out, as
generating validates them too.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from specgen.render.format import LINT_RULES
from tests.support.paths import CORPUS, ROOT, requires_corpus

pytestmark = requires_corpus

# The slowest documents (minutes each on 2 cores): generated here only.
SLOW = (
    "github/api.github.com.json",  # 760 operations, 3.7 MB
    "stripe/spec3.yaml",  # 468 operations, 800 schemas, 4 MB
    "digitalocean/specification/DigitalOcean-public.v2.yaml",  # 2,900 files
)
# Documents that generate, from small to large. Those in the second half have content problems
# only (examples, defaults, fields not allowed, an invalid schema keyword, OpenAPI 3.2): specgen
# refused them before content problems became warnings.
GENERATE = [
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
    "performance/openapi_large.yaml",
    "discord/openapi.json",
    # -- content problems only ------------------------------------------------------------------
    "oai-examples/v3.2/3.2-tags-example.yaml",  # OpenAPI 3.2
    "datamodel-code-generator/nullable.yaml",  # a field not allowed (`default_factory`)
    "datamodel-code-generator/discriminator.yaml",  # components only: no `info`, no `paths`
    "openapi-python-client/baseline_openapi_3.0.json",  # a default of the wrong type, `title`
    "openapi-python-client/baseline_openapi_3.1.yaml",
    "train-travel/openapi.yaml",  # examples; `$ref`s to missing files inside `x-` extensions
    "twilio/twilio_lookups_v2.yaml",  # examples (null where the schema says object)
    "twilio/twilio_verify_v2.yaml",
    "twilio/twilio_messaging_v1.yaml",
    "spotify/official-spotify-open-api.yml",  # `required: true` in a schema; `x-` refs
    "kubernetes/apis__apps__v1_openapi.json",  # `default: {}` on date-time strings
    "adyen/CheckoutService-v71.yaml",  # examples
    *(pytest.param(document, marks=pytest.mark.slow) for document in SLOW),
]
# Documents with a blocking problem: refused, nothing written.
REFUSED = {
    "swagger-petstore/v3.1/petstore.yaml": "unresolved-ref",  # `$ref: #/...` unquoted is null
    "docker/docker-engine.swagger2.yaml": "unsupported-version",  # Swagger 2.0
}

FINDINGS_LINE = re.compile(
    r"^specgen: .+: \d+ warnings? \(\d+ [a-z0-9-]+(, \d+ [a-z0-9-]+)*(, \.\.\.)?\); "
    r"`specgen validate .+` lists them$"
)


def specgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=1200,
    )


@pytest.mark.parametrize("document", GENERATE)
def test_documents_generate_clean_importable_code(document: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = specgen("generate", "--spec", str(CORPUS / document), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    # Content problems are named in one line, not listed (`specgen validate` lists them).
    lines = result.stderr.splitlines()
    assert len(lines) <= 1 and all(FINDINGS_LINE.match(line) for line in lines), lines
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
        [*ruff, "check", *config, *LINT_RULES, str(packages[0])],
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout[-3000:]
    # Python files: ruff also formats the code blocks of Markdown files, and the package README's
    # example lines are as long as the vendor's names (a README matter, not the code's).
    sources = sorted(str(path) for path in packages[0].rglob("*.py"))
    fmt = subprocess.run(
        [*ruff, "format", "--check", *config, *sources], capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout[-3000:] + fmt.stderr[-1000:]


@pytest.mark.parametrize("document", sorted(REFUSED))
def test_documents_with_a_blocking_problem_are_refused(document: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = specgen("generate", "--spec", str(CORPUS / document), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors and all(line.endswith(f"[{REFUSED[document]}]") for line in errors), errors
    assert not out.exists()
