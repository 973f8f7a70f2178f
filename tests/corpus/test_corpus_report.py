"""The corpus report says why the generated contract tests skip (benchmarks/corpus.py).

The script runs as a user runs it, on two real corpus documents without the peers: one with
operations (its skips: `default` responses, live mode) and one without any (one skip).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.paths import requires_corpus

REPO = Path(__file__).resolve().parents[2]
DOCUMENTS = ("oai-examples/v3.0/petstore.yaml", "datamodel-code-generator/nullable.yaml")


@requires_corpus
def test_the_report_counts_skips_by_category(tmp_path: Path) -> None:
    markdown, rows_json = tmp_path / "report.md", tmp_path / "rows.json"
    only = [arg for document in DOCUMENTS for arg in ("--only", document)]
    outputs = ["--markdown-out", str(markdown), "--json-out", str(rows_json)]
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "corpus.py"), *only, "--no-peers", *outputs],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = json.loads(rows_json.read_text(encoding="utf-8"))
    rows = {row["document"]: row for row in loaded.get("rows", loaded)}
    report = markdown.read_text(encoding="utf-8")
    assert "Why the contract tests skip" in report
    for document in DOCUMENTS:
        row = rows[document]
        skipped = row["tests_counts"].get("skipped", 0)
        assert skipped and sum(row["skips"].values()) == skipped, row
        assert "other" not in row["skips"] and "could not draw" not in row["skips"], row
        counts = ", ".join(f"{label} {count}" for label, count in row["skips"].items())
        assert f"- `{document}`: {counts}" in report
    assert rows["datamodel-code-generator/nullable.yaml"]["skips"] == {"no operations": 1}
    assert "live off" in rows["oai-examples/v3.0/petstore.yaml"]["skips"]
