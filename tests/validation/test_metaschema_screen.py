"""The fast meta-schema screen (jsonschema-rs) must say "valid" exactly when jsonschema finds
nothing, or a document's findings would depend on which validator ran."""

from __future__ import annotations

from pathlib import Path

import pytest

from specgen.load.spec import load_spec
from specgen.validation.metaschema import _passes_screen, meta_schema_validator
from specgen.validation.version import version_of
from tests.support.paths import CORPUS, requires_corpus

ROOT = Path(__file__).resolve().parents[2]
# Valid and invalid ones, 3.0 and 3.1, small enough for jsonschema to run in a second or two.
CORPUS_DOCUMENTS = [
    "swagger-petstore/v3.0/openapi.yaml",
    "openapi-python-client/baseline_openapi_3.0.json",
    "openapi-python-client/baseline_openapi_3.1.yaml",
    "redocly-museum/openapi.yaml",
    "twilio/twilio_verify_v2.yaml",
    "oai-examples/v3.1/webhook-example.yaml",
    "oai-examples/v3.2/3.2-tags-example.yaml",
]


def _agrees(path: Path) -> bool:
    spec = load_spec(path, [])
    version, _ = version_of(spec)
    assert version is not None
    full = next(iter(meta_schema_validator(version).iter_errors(spec.document)), None) is None
    return _passes_screen(version, spec.document) == full


def test_the_screen_agrees_with_jsonschema_on_this_projects_spec() -> None:
    assert _agrees(ROOT / "spec" / "openapi.yaml")


def test_an_invalid_document_fails_the_screen_and_jsonschema_reports_it(tmp_path: Path) -> None:
    text = (ROOT / "spec" / "openapi.yaml").read_text(encoding="utf-8")
    broken = text.replace("openapi: 3.", "x-broken: 1\ninfo2: {}\nopenapi: 3.", 1)
    (tmp_path / "spec.yaml").write_text(broken, encoding="utf-8")
    spec = load_spec(tmp_path / "spec.yaml", [])
    version, _ = version_of(spec)
    assert version is not None
    assert not _passes_screen(version, spec.document)
    assert list(meta_schema_validator(version).iter_errors(spec.document))


@requires_corpus
@pytest.mark.parametrize("name", CORPUS_DOCUMENTS)
def test_the_screen_agrees_with_jsonschema_on_corpus_documents(name: str) -> None:
    assert _agrees(CORPUS / name)


@pytest.mark.parametrize("version", ["3.0", "3.1", "3.2"])
def test_the_meta_schemas_are_openapi_spec_validators_own(version: str) -> None:
    """specgen reads the meta-schemas from openapi-spec-validator's data files without
    importing it; they must be the dicts that the package itself publishes."""
    from openapi_spec_validator import schemas

    from specgen.validation.metaschema import meta_schema

    published = dict(getattr(schemas, "schema_v" + version.replace(".", "")))
    identifier = published.get("$id") or published.get("id")  # (3.0 is draft-04: "id")
    assert identifier.startswith("https://spec.openapis.org/oas/" + version)
    assert meta_schema(version) == published


# Schemas against the 3.1/3.2 dialect: valid ones, and each way one can be invalid that the
# dialect's validator reports (structure, and the one format it checks: `regex`).
DIALECT_SCHEMAS = [
    {"type": "string"},
    {"type": "strin"},
    {"type": ["string", "null"]},
    {"required": True},
    {"properties": {"a": {"type": 1}}},
    {"items": [{"type": "string"}]},  # 2019-09's array form
    {"prefixItems": [{"type": "string"}]},
    {"pattern": "(?<name>a)"},  # JavaScript's named group: not a Python regex
    {"pattern": "^[a-z]+$"},
    {"oneOf": [{"pattern": "(?P<ok>a)"}]},
    {"propertyNames": {"pattern": "("}},
    {"patternProperties": {"(?<x>a)": {}}},
    {"patternProperties": {"^x-": {"type": "string"}}},
    {"properties": {"pattern": {"type": "string"}}},  # a property named `pattern`
    {"properties": {"pattern": {"pattern": "[unclosed"}}},
    {"minimum": "1"},
    {"minLength": -1},
    {"multipleOf": 0},
    {"deprecated": "yes"},
    {"enum": "a"},
    {"anyOf": []},
    {"$ref": 1},
    {"$defs": {"a": {"type": "x"}}},
    {"dependentSchemas": {"a": {"minimum": "x"}}},
    {"if": {"type": 3}},
    {"unevaluatedProperties": {"type": 3}},
    {"items": {"items": {"items": {"type": "bogus"}}}},
    {"additionalProperties": {"maxLength": "3"}},
    {"discriminator": {"propertyName": "kind"}},
    {"discriminator": {"propertyName": 1}},
    {"xml": {"name": 1}},
    {"externalDocs": {}},
    {"const": 2**70},  # beyond 64 bits
]
# Data that only looks like a `pattern`: the screen sends it to jsonschema, which finds it valid.
FALSE_ALARMS = [
    {"example": {"pattern": "(?<x>a)"}},
    {"x-anything": {"pattern": "(?<x>"}},
]


@pytest.mark.parametrize("version", ["3.1", "3.2"])
def test_the_dialect_screen_passes_exactly_the_schemas_jsonschema_finds_valid(version: str) -> None:
    from specgen.validation.metaschema import _dialect_screen, _dialect_validator

    screen, validator = _dialect_screen(version), _dialect_validator(version)
    verdicts = [
        (screen(schema), next(iter(validator.iter_errors(schema)), None) is None)
        for schema in DIALECT_SCHEMAS
    ]
    assert [screened for screened, _ in verdicts] == [valid for _, valid in verdicts]
    assert any(valid for _, valid in verdicts) and not all(valid for _, valid in verdicts)
    for schema in FALSE_ALARMS:
        assert not screen(schema) and next(iter(validator.iter_errors(schema)), None) is None


@requires_corpus
def test_the_dialect_screen_agrees_with_jsonschema_on_corpus_schemas() -> None:
    from specgen.validation.metaschema import _dialect_screen, _dialect_validator, _schema_roots

    compared = 0
    for name in (
        "adyen/CheckoutService-v71.yaml",
        "openapi-python-client/baseline_openapi_3.1.yaml",
    ):
        spec = load_spec(CORPUS / name, [])
        version, _ = version_of(spec)
        assert version in ("3.1", "3.2")
        screen, validator = _dialect_screen(version), _dialect_validator(version)
        for _path, schema in _schema_roots(spec.document):
            valid = next(iter(validator.iter_errors(schema)), None) is None
            assert screen(schema) == valid
            compared += 1
    assert compared > 400
