"""`specgen diff` on real documents: a document compared with itself has no findings (through git
too), every other document pair of oasdiff's test data compares without a crash, and the
refactorings in that data that change nothing are reported as nothing."""

from __future__ import annotations

import datetime
import itertools
from pathlib import Path
from typing import Any

import pytest

from specgen.diagnostics import SpecInvalid
from specgen.diff.engine import compare_specs
from specgen.load.spec import LoadedSpec, load_spec
from tests.support.paths import CORPUS, requires_corpus

OASDIFF = CORPUS / "oasdiff-data"
TODAY = datetime.date(2025, 6, 1)
# Whole real APIs, compared with themselves through the wire and the Python-API comparison.
REAL_DOCUMENTS = (
    "adyen/CheckoutService-v71.yaml",
    "kubernetes/apis__apps__v1_openapi.json",
    "twilio/twilio_messaging_v1.yaml",
    "twilio/twilio_verify_v2.yaml",
)

pytestmark = requires_corpus


def _load(path: Path) -> LoadedSpec | None:
    try:
        spec = load_spec(path)
    except SpecInvalid:
        return None  # not YAML/JSON: nothing to compare
    if not isinstance(spec.document.get("openapi"), str):
        return None  # Swagger 2.0 or a fragment
    return spec


def _oasdiff_documents() -> list[Path]:
    if not OASDIFF.is_dir():
        return []
    return sorted(p for p in OASDIFF.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))


@pytest.mark.parametrize("name", REAL_DOCUMENTS)
def test_a_real_api_compared_with_itself_has_no_findings(name: str) -> None:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{name} is not in the corpus")
    spec = _load(path)
    assert spec is not None
    findings, notes = compare_specs(spec, load_spec(path), today=TODAY)
    assert findings == []
    assert notes == []


def _first_enum(document: dict[str, Any]) -> list[Any] | None:
    """The enum of some component schema property with two values or more (document order)."""
    for schema in (document.get("components") or {}).get("schemas", {}).values():
        for prop in (schema.get("properties") or {}).values() if isinstance(schema, dict) else ():
            enum = prop.get("enum") if isinstance(prop, dict) else None
            if isinstance(enum, list) and len(enum) >= 2:
                return enum
    return None


@pytest.mark.parametrize("name", REAL_DOCUMENTS)
def test_an_enum_value_removed_from_a_real_api_is_found_and_nothing_else(
    name: str, tmp_path: Path
) -> None:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{name} is not in the corpus")
    base = load_spec(path)
    revision = load_spec(path)
    enum = _first_enum(revision.document)
    if enum is None:
        pytest.skip(f"{name} has no property enum to shorten")
    removed = enum.pop()
    findings, _ = compare_specs(base, revision, today=TODAY, python=False)
    kinds = {f.rule.rsplit("-enum-value-removed", 1)[0] for f in findings}
    assert findings, f"removing {removed!r} was not found"
    assert all(f.rule.endswith("-enum-value-removed") for f in findings), kinds
    assert all(repr(removed) in f.message or str(removed) in f.message for f in findings)


def test_every_document_of_oasdiff_s_data_compares_with_itself_and_its_neighbours() -> None:
    documents = [(p, s) for p in _oasdiff_documents() if (s := _load(p)) is not None]
    assert len(documents) > 200
    by_folder: dict[Path, list[tuple[Path, LoadedSpec]]] = {}
    for path, spec in documents:
        by_folder.setdefault(path.parent, []).append((path, spec))
        findings, _ = compare_specs(spec, spec, today=TODAY)
        assert findings == [], path
    compared = 0
    for entries in by_folder.values():
        # Files of one folder are versions of one API in oasdiff's tests: each against the next.
        for (_, old), (_, new) in itertools.pairwise(entries[:40]):
            findings, _ = compare_specs(old, new, today=TODAY, python=False)
            compared += 1
            for finding in findings:
                assert finding.message and "\n" not in finding.message
                assert finding.location.line >= 0
    assert compared > 150


@pytest.mark.parametrize(
    ("base", "revision"),
    [
        # Path-item and operation parameters are merged: moving them is no change.
        ("common-params/params_in_op.yaml", "common-params/params_in_path.yaml"),
        # An inline enum moved to a component.
        ("x-of/inline-to-ref-refactor-base.yaml", "x-of/inline-to-ref-refactor-revision.yaml"),
    ],
)
def test_refactorings_in_oasdiff_s_data_change_nothing_on_the_wire(
    base: str, revision: str
) -> None:
    if not (OASDIFF / base).is_file():
        pytest.skip("oasdiff's data is absent")
    findings, _ = compare_specs(
        load_spec(OASDIFF / base), load_spec(OASDIFF / revision), today=TODAY, python=False
    )
    assert [f.rule for f in findings if f.rule != "api-schema-added"] == []
