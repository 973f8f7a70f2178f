"""`specgen validate` over the shared corpus of real OpenAPI documents: findings, never a crash.

Each document must give exit 0, or exit 1 with nothing but located messages (each ending with a
registered rule id) and the summary. Exit 1 means a blocking problem: with the default settings,
content problems are warnings, so the documents listed in BLOCKED are the only ones refused.
Fragments (files that other files reference, marked with version `None` in the corpus INDEX.md),
the oasdiff test data and DigitalOcean's 2,900 referenced files are not documents of their own.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from specgen.rules import RULES
from tests.support.paths import CORPUS

DIGITALOCEAN_ROOT = "digitalocean/specification/DigitalOcean-public.v2.yaml"
SUFFIXES = {".yaml", ".yml", ".json"}

LOCATED = re.compile(r"^.+?:\d+:\d+: (error|warning): /.*?: .+ \[(?P<rule>[a-z0-9-]+)\]$")
SUMMARY = re.compile(r"^(valid|invalid): \d+ errors?, \d+ warnings?$")

if not CORPUS.is_dir():
    pytest.skip(f"the shared corpus is not at {CORPUS}", allow_module_level=True)


def fragments(index: Path) -> set[str]:
    """Files whose version column in INDEX.md is `None`: parts of other documents."""
    found: set[str] = set()
    if not index.is_file():
        return found
    for line in index.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) > 4 and cells[4] == "None":
            found.add(cells[0].strip("`"))
    return found


def documents() -> list[str]:
    skipped = fragments(CORPUS / "INDEX.md")
    found = []
    for path in sorted(CORPUS.rglob("*")):
        relative = path.relative_to(CORPUS).as_posix()
        if path.suffix.lower() not in SUFFIXES or not path.is_file():
            continue
        if relative.startswith("oasdiff-data/") or relative in skipped:
            continue
        if relative.startswith("digitalocean/") and relative != DIGITALOCEAN_ROOT:
            continue
        found.append(relative)
    return found


# Generating validates them too: `tests/corpus/test_generate_corpus.py` covers these once.
LARGEST = {
    "github/api.github.com.json",
    "stripe/spec3.yaml",
    "digitalocean/specification/DigitalOcean-public.v2.yaml",
}
DOCUMENTS = [document for document in documents() if document not in LARGEST]
# Documents with a blocking problem, and the rules that block them.
BLOCKED = {
    "docker/docker-engine.swagger2.yaml": {"unsupported-version"},  # Swagger 2.0
    "swagger-petstore/v3.1/petstore.yaml": {"unresolved-ref"},  # `$ref: #/...` unquoted: null
}


def test_the_corpus_has_documents() -> None:
    assert DIGITALOCEAN_ROOT in documents()
    assert LARGEST.issubset(documents())
    assert len(DOCUMENTS) >= 30


@pytest.mark.parametrize("document", DOCUMENTS, ids=DOCUMENTS)
def test_validate_corpus_document(document: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "specgen", "validate", document],
        cwd=CORPUS,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 1), result.stderr[-3000:]
    lines = result.stderr.splitlines()
    assert lines and SUMMARY.match(lines[-1]), result.stderr[-3000:]
    unlocated = [line for line in lines[:-1] if not LOCATED.match(line)]
    assert not unlocated, unlocated[:5]
    assert (result.returncode == 1) == lines[-1].startswith("invalid")
    rules = [LOCATED.match(line)["rule"] for line in lines[:-1]]  # type: ignore[index]
    assert set(rules) <= set(RULES), set(rules) - set(RULES)
    blocking = {rule for line, rule in zip(lines, rules, strict=False) if ": error: " in line}
    assert blocking == BLOCKED.get(document, set()), result.stderr[-3000:]
