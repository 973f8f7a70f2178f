"""Live mode of the generated contract tests, against a server that is not ours: Prism.

Prism (`@stoplight/prism-cli`, an OpenAPI mock server in Node) serves the spec embedded in the
generated tests (`<out>/tests/openapi.yaml`). It validates each request itself and answers with
the spec's examples; `Prefer: code=..., example=...` picks any documented response. Skipped when
Prism is not installed; scripts/test installs it with

    npm install --no-save --prefix .tools @stoplight/prism-cli@5.14.2

Prism knows nothing of `x-specgen-token-prefix`: it checks an oauth2 scheme as
`Authorization: Bearer <token>` and answers 401 to the `Zoho-oauthtoken` the client sends. Live
mode's `--live-token-prefix Bearer` sends Bearer for such a mock (the local contract tests keep
requiring the spec's prefix); without it the run below gets Prism's 401.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.support.contract import (
    PETSTORE_SPEC,
    REPO,
    generate_client,
    outcome,
    run_contract_tests,
)


def find_prism() -> str | None:
    """`prism` on PATH, else in node_modules/.bin of the repository or of .tools/."""
    for candidate in (
        shutil.which("prism"),
        REPO / "node_modules" / ".bin" / "prism",
        REPO / ".tools" / "node_modules" / ".bin" / "prism",
    ):
        if candidate and Path(candidate).is_file() and shutil.which("node"):
            return str(candidate)
    return None


PRISM = find_prism()
pytestmark = pytest.mark.skipif(
    PRISM is None,
    reason="Prism is not installed: npm install --no-save --prefix .tools "
    "@stoplight/prism-cli@5.14.2 (scripts/test does it)",
)
LIVE = ("--live-require-success", "--live-prefer")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def zoho(generated_zoho: Path) -> Path:
    return generated_zoho


@contextmanager
def _start_prism(spec: Path, log: Path) -> Iterator[str]:
    assert PRISM is not None
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [PRISM, "mock", str(spec), "--host", "127.0.0.1", "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url, timeout=1)  # any answer (404 too) means Prism is listening
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Prism did not start:\n{log.read_text(errors='replace')}")
                time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def prism(zoho: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Prism serving the spec that the generated tests embed."""
    with _start_prism(zoho / "tests" / "openapi.yaml", tmp_path_factory.mktemp("log") / "p") as url:
        yield url


ZOHO_ENV = {"ZOHO_DESK_ACCESS_TOKEN": "prism-token", "ZOHO_DESK_ORG_ID": "663951000"}


def _live(out: Path, url: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_contract_tests(
        out, "--live-url", url, *args, "-rs", target="tests/test_live_contract.py", env=env
    )


def test_every_documented_response_of_prism_conforms(zoho: Path, prism: str) -> None:
    """Prism accepts the client's request and serves each documented status and example; each
    response is valid for openapi-core and the client returns or raises what the spec says."""
    result = _live(zoho, prism, *LIVE, "--live-token-prefix", "Bearer", env=ZOHO_ENV)
    assert result.returncode == 0, result.stdout[-4000:]
    assert outcome(result) == {"passed": 1}, result.stdout


def test_prism_answers_401_to_the_specs_token_prefix(zoho: Path, prism: str) -> None:
    """Without the override the client sends `Zoho-oauthtoken`, which Prism refuses."""
    result = _live(zoho, prism, "--live-require-success", env=ZOHO_ENV)
    assert result.returncode == 1, result.stdout[-4000:]
    assert "the server answered 401 (--live-require-success)" in result.stdout
    assert "INVALID_OAUTH" in result.stdout  # the spec's 401 example, served by Prism


def test_live_mode_catches_a_wrong_exception_class(zoho: Path, prism: str, tmp_path: Path) -> None:
    out = Path(shutil.copytree(zoho, tmp_path / "out"))
    errors = out / "zoho_desk" / "errors.py"
    errors.write_text(errors.read_text().replace("404: NotFoundError,", "404: ConflictError,"))
    result = _live(out, prism, *LIVE, "--live-token-prefix", "Bearer", env=ZOHO_ENV)
    assert result.returncode == 1, result.stdout[-4000:]
    assert "status 404 must raise errors.NotFoundError, the client raised ConflictError" in (
        result.stdout
    )


def test_live_mode_needs_credentials(zoho: Path, prism: str) -> None:
    result = _live(zoho, prism, env={"ZOHO_DESK_ACCESS_TOKEN": ""})
    assert result.returncode == 0, result.stdout[-4000:]
    assert "live mode needs credentials: set ZOHO_DESK_ACCESS_TOKEN" in result.stdout


def test_petstore_against_prism(tmp_path: Path) -> None:
    """A second spec: api_key and OAuth, array responses, bodiless error responses."""
    out = generate_client(PETSTORE_SPEC, tmp_path / "out")
    env = {
        "SWAGGER_PETSTORE_OPEN_API_3_0_ACCESS_TOKEN": "prism-token",
        "SWAGGER_PETSTORE_OPEN_API_3_0_API_KEY": "prism-key",
    }
    with _start_prism(out / "tests" / "openapi.yaml", tmp_path / "prism.log") as url:
        result = _live(out, url, *LIVE, env=env)
        assert result.returncode == 0, result.stdout[-4000:]
        assert outcome(result) == {"passed": 19}, result.stdout
