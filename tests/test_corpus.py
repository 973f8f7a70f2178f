"""`specgen validate` over the shared corpus of real OpenAPI documents: findings, never a crash.

Each document must give exit 0, or exit 1 with nothing but located messages and the summary.
Fragments (files that other files reference, marked with version `None` in the corpus INDEX.md),
the oasdiff test data and DigitalOcean's 2,900 referenced files are not documents of their own.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
DIGITALOCEAN_ROOT = "digitalocean/specification/DigitalOcean-public.v2.yaml"
SUFFIXES = {".yaml", ".yml", ".json"}

LOCATED = re.compile(r"^.+?:\d+:\d+: (error|warning): /.*?: .+$")
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


DOCUMENTS = documents()


def test_the_corpus_has_documents() -> None:
    assert DIGITALOCEAN_ROOT in DOCUMENTS
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
