"""The generated contract tests on real documents written by others: they hold, in bounded time.

Each document is generated, then its own contract tests run in a separate pytest process, as a
user would run them (`pytest <out>/tests`). They must pass: no failure, no collection error, no
`Unsatisfiable` (values are drawn with schemathesis; a schema that admits no value is skipped,
saying which). A wrong answer here is a false failure of the framework or a real bug of the
generated client, and either must be fixed, not hidden. Each run's passed/failed/skipped counts,
wall time and peak RSS are listed at the end of the session (`conftest.py`).

CI runs a representative subset of small and medium documents. The largest (hundreds of
operations, minutes each on two cores) are marked `heavy` and run when asked for
(`./scripts/test -m heavy`); their suites must stay under 1 GiB.
Their time is reported, not asserted (speed lives in the benchmarks); a suite that runs past
`MAX_SECONDS` is killed as hung.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.contract import generate_client, outcome
from tests.support.paths import CORPUS, requires_corpus

pytestmark = requires_corpus

# CI's subset (a few minutes on two cores, each suite seconds to a minute): 3.0 and 3.1, enums in
# multipart bodies, an optional body in a multi-file document, callbacks, links, examples;
# Spotify's 96 operations with its defects (a required name `properties` lacks, a discriminator
# left optional, a base64 `image/jpeg` upload).
DOCUMENTS = [
    "spotify/official-spotify-open-api.yml",
    "oai-examples/v3.0/petstore.yaml",
    "oai-examples/v3.0/callback-example.yaml",
    "oai-examples/v3.1/tictactoe.yaml",
    "openapi-python-client/openapi_3.1_enums.yaml",
    "datamodel-code-generator/paths_external_ref/openapi.yaml",
    "oai-examples/v3.0/api-with-examples.yaml",
    "oai-examples/v3.0/link-example.yaml",
    "redocly-museum/openapi.yaml",
    "swagger-petstore/v3.0/openapi.yaml",
    "train-travel/openapi.yaml",
    "twilio/twilio_lookups_v2.yaml",
    "kubernetes/apis__apps__v1_openapi.json",  # 77 operations, object defaults of `{}`
]
# Hundreds of operations each (minutes on two cores): `-m heavy`.
HUGE = [
    "digitalocean/specification/DigitalOcean-public.v2.yaml",  # 659 operations, 2,900 files
    "discord/openapi.json",  # 242 operations
    "performance/openapi_large.yaml",  # 600 operations
    "stripe/spec3.yaml",  # 468 operations, 800 schemas
]
MAX_SECONDS = 1200  # a hang guard, not a speed bound
MAX_RSS = 1 << 30


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    seconds: float  # wall time
    cpu_seconds: float  # user + system: what the suite costs, whatever else the machine runs
    peak_rss: int  # bytes


def run_measured(out: Path, max_examples: int, timeout: float) -> Run:
    """`pytest tests` in `out` as a child process, with its wall time and peak RSS (wait4)."""
    env = {**os.environ, "SPECGEN_MAX_EXAMPLES": str(max_examples)}
    env.pop("PYTEST_ADDOPTS", None)
    command = [sys.executable, "-m", "pytest", "-q", "-rfEs", "-p", "no:cacheprovider"]
    command += ["-p", "no:schemathesis", "tests"]
    log = out / "contract-tests.log"
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as sink:
        child = subprocess.Popen(command, cwd=out, env=env, stdout=sink, stderr=subprocess.STDOUT)
        # wait4, not Popen.wait: it reaps the child with its resource usage (peak RSS).
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                child.kill()
            time.sleep(0.2)
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    return Run(
        child.returncode, log.read_text(encoding="utf-8"), seconds, cpu, usage.ru_maxrss * 1024
    )


def check_document(document: str, tmp_path: Path, request: pytest.FixtureRequest) -> Run:
    spec = CORPUS / document
    out = generate_client(spec, tmp_path / "out")
    run = run_measured(out, max_examples=5, timeout=MAX_SECONDS)
    counts = outcome_of(run)
    request.node.user_properties.append(
        (
            "contract",
            f"{document}: {counts_text(counts)}; {run.seconds:.0f} s, "
            f"{run.peak_rss / 2**20:.0f} MiB",
        )
    )
    tail = run.stdout[-4000:]
    assert "Unsatisfiable" not in run.stdout, tail
    assert counts.get("failed", 0) == 0 and counts.get("error", 0) == 0, tail
    assert run.returncode == 0 and counts.get("passed", 0) > 0, tail
    return run


def outcome_of(run: Run) -> dict[str, int]:
    return outcome(subprocess.CompletedProcess([], run.returncode, run.stdout, ""))


def counts_text(counts: dict[str, int]) -> str:
    shown = [f"{counts.get(word, 0)} {word}" for word in ("passed", "failed", "skipped")]
    if counts.get("error"):
        shown.append(f"{counts['error']} errors")
    return ", ".join(shown)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_contract_tests_hold_on_a_real_document(
    document: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    check_document(document, tmp_path, request)


@pytest.mark.heavy
@pytest.mark.parametrize("document", HUGE)
def test_contract_tests_of_a_large_document_hold_within_bounds(
    document: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    run = check_document(document, tmp_path, request)
    assert run.peak_rss < MAX_RSS, f"{run.peak_rss / 2**20:.0f} MiB"
