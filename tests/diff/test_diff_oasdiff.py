"""`specgen diff` over oasdiff's own checker test data: 115 named base/revision pairs, each with the
wire findings expected from reading it (tests/diff/oasdiff_pairs.py), plus the cases its users
report as false positives and false negatives."""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path

import pytest

from specgen.diff.engine import compare_specs
from specgen.load.spec import load_spec
from tests.diff.oasdiff_pairs import PAIRS
from tests.support.paths import SHARED

CHECKER = SHARED / "corpus" / "oasdiff-data" / "checker"
TODAY = datetime.date(2025, 6, 1)

needs_corpus = pytest.mark.skipif(
    not CHECKER.is_dir(), reason=f"oasdiff's test data is not at {CHECKER} (../shared/corpus)"
)


def wire_findings(base: Path, revision: Path) -> Counter[str]:
    findings, _ = compare_specs(load_spec(base), load_spec(revision), today=TODAY, python=False)
    return Counter(f"{f.rule} {f.level.value}" for f in findings)


def test_the_table_covers_at_least_100_pairs() -> None:
    assert len(PAIRS) >= 100


@needs_corpus
def test_every_pair_of_the_checker_data_is_in_the_table() -> None:
    on_disk = {
        p.name.removesuffix("_base.yaml")
        for p in CHECKER.glob("*_base.yaml")
        if (CHECKER / p.name.replace("_base.yaml", "_revision.yaml")).is_file()
    }
    assert on_disk == set(PAIRS)


@needs_corpus
@pytest.mark.parametrize("name", sorted(PAIRS))
def test_pair(name: str) -> None:
    found = wire_findings(CHECKER / f"{name}_base.yaml", CHECKER / f"{name}_revision.yaml")
    assert found == Counter(PAIRS[name])
