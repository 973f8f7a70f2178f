"""The cases oasdiff's users report, on documents made here: false positives (a property moved into
an allOf member, a parameter moved from the operation to its path item) and false negatives (a
breaking change inside a oneOf branch, an enum value removed in a deepObject parameter)."""

from __future__ import annotations

import copy
import datetime
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from specgen.diff.engine import compare_specs
from specgen.diff.findings import Finding, Side
from specgen.load.spec import load_spec

TODAY = datetime.date(2025, 6, 1)

PETS: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Pets", "version": "1.0.0"},
    "paths": {
        "/pets/{petId}": {
            "get": {
                "operationId": "getPet",
                "parameters": [
                    {"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "fields", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "the pet",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        },
                    }
                },
            },
            "put": {
                "operationId": "putPet",
                "parameters": [
                    {"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                    },
                },
                "responses": {"204": {"description": "stored"}},
            },
        }
    },
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string", "maxLength": 50},
                    "tag": {"type": "string"},
                },
            }
        }
    },
}


def findings(tmp_path: Path, base: dict[str, Any], revision: dict[str, Any]) -> list[Finding]:
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(base, sort_keys=False))
    (tmp_path / "revision.yaml").write_text(yaml.safe_dump(revision, sort_keys=False))
    found, notes = compare_specs(
        load_spec(tmp_path / "base.yaml"), load_spec(tmp_path / "revision.yaml"), today=TODAY
    )
    assert notes == []
    return found


def rules(found: list[Finding]) -> Counter[str]:
    return Counter(f.rule for f in found)


# -- false positives ---------------------------------------------------------------------------
def test_a_property_moved_into_an_allof_member_is_not_a_removal(tmp_path: Path) -> None:
    revision = copy.deepcopy(PETS)
    schemas = revision["components"]["schemas"]
    schemas["Named"] = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string", "maxLength": 50}},
    }
    schemas["Pet"] = {
        "allOf": [
            {"$ref": "#/components/schemas/Named"},
            {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}, "tag": {"type": "string"}},
            },
        ]
    }
    found = findings(tmp_path, PETS, revision)
    # On the wire only the new component is reported: Pet, in the request and the response, is
    # the same schema. The generated package does change: a body that is an allOf is not offered
    # field by field (keywords id=, name=, tag=), and the model's fields come from its bases.
    wire = [f for f in found if f.api.value == "wire"]
    assert rules(wire) == Counter({"api-schema-added": 1})
    python = rules([f for f in found if f.api.value == "python"])
    assert python["python-keyword-removed"] == 3
    assert python["python-model-added"] == 1
    assert "python-model-field-removed" not in python  # the class inherits them from Named


def test_a_change_inside_an_allof_member_is_still_found(tmp_path: Path) -> None:
    base = copy.deepcopy(PETS)
    base["components"]["schemas"]["Pet"] = {
        "allOf": [{"$ref": "#/components/schemas/Named"}, {"properties": {"id": {}}}]
    }
    base["components"]["schemas"]["Named"] = {
        "type": "object",
        "properties": {"name": {"type": "string", "maxLength": 50}},
    }
    revision = copy.deepcopy(base)
    revision["components"]["schemas"]["Named"]["properties"]["name"]["maxLength"] = 20
    found = [f for f in findings(tmp_path, base, revision) if f.api.value == "wire"]
    assert rules(found) == Counter(
        {"request-property-max-length-decreased": 1, "response-property-max-length-decreased": 1}
    )
    request = next(f for f in found if f.rule.startswith("request"))
    assert request.operation == "PUT /pets/{petId}"
    assert request.pointer == "/components/schemas/Named/properties/name/maxLength"
    assert request.location.file.endswith("revision.yaml") and request.location.line > 0


def test_a_parameter_moved_from_the_operation_to_the_path_item_is_no_change(
    tmp_path: Path,
) -> None:
    revision = copy.deepcopy(PETS)
    item = revision["paths"]["/pets/{petId}"]
    item["parameters"] = [item["get"]["parameters"][0]]
    item["get"]["parameters"] = item["get"]["parameters"][1:]
    del item["put"]["parameters"]
    assert findings(tmp_path, PETS, revision) == []


def test_a_renamed_path_variable_pairs_the_operations(tmp_path: Path) -> None:
    revision = copy.deepcopy(PETS)
    item = revision["paths"].pop("/pets/{petId}")
    for operation in ("get", "put"):
        item[operation]["parameters"][0]["name"] = "id"
    revision["paths"]["/pets/{id}"] = item
    found = findings(tmp_path, PETS, revision)
    # Nothing on the wire. In Python the path argument is now `id` (twice), and so the body's
    # `id` field keyword of putPet becomes `id_body`.
    assert {f.api.value for f in found} == {"python"}
    assert rules(found) == Counter({"python-keyword-renamed": 3})
    messages = sorted(f.message for f in found)
    assert "client.default.put_pet(id=) → client.default.put_pet(id_body=)" in messages


# -- false negatives ---------------------------------------------------------------------------
def _with_one_of(doc: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    schemas = doc["components"]["schemas"]
    schemas["Cat"] = {
        "type": "object",
        "properties": {"meow": {"type": "string", "enum": ["soft", "loud"]}},
    }
    schemas["Pet"]["properties"]["kind"] = {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"type": "string"}]
    }
    return doc


def test_a_breaking_change_inside_a_oneof_branch_is_found(tmp_path: Path) -> None:
    base = _with_one_of(PETS)
    revision = copy.deepcopy(base)
    revision["components"]["schemas"]["Cat"]["properties"]["meow"]["enum"] = ["soft"]
    revision["components"]["schemas"]["Cat"]["properties"]["meow"]["maxLength"] = 4
    found = [f for f in findings(tmp_path, base, revision) if f.api.value == "wire"]
    assert rules(found) == Counter(
        {
            "request-property-enum-value-removed": 1,  # PUT: callers sending "loud" fail
            "request-property-max-length-set": 1,
            "response-property-enum-value-removed": 1,  # GET: clients get fewer values
            "response-property-max-length-set": 1,
        }
    )
    removed = next(f for f in found if f.rule == "request-property-enum-value-removed")
    assert (
        removed.at
        == "/requestBody/content/application~1json/properties/kind/oneOf/Cat/properties/meow"
    )
    assert removed.level.value == "error"
    assert "kind[oneOf Cat].meow" in removed.message


def test_a_oneof_branch_added_to_a_response_breaks_clients(tmp_path: Path) -> None:
    base = _with_one_of(PETS)
    revision = copy.deepcopy(base)
    revision["components"]["schemas"]["Pet"]["properties"]["kind"]["oneOf"].append(
        {"type": "integer"}
    )
    found = [f for f in findings(tmp_path, base, revision) if f.api.value == "wire"]
    levels = {f.rule: f.level.value for f in found}
    assert levels == {
        "request-property-one-of-added": "info",
        "response-property-one-of-added": "error",
    }


def test_an_enum_value_removed_in_a_deep_object_parameter_is_found(tmp_path: Path) -> None:
    def with_filter(values: list[str]) -> dict[str, Any]:
        doc = copy.deepcopy(PETS)
        doc["components"]["schemas"]["Colour"] = {"type": "string", "enum": values}
        doc["components"]["parameters"] = {
            "filter": {
                "name": "filter",
                "in": "query",
                "style": "deepObject",
                "explode": True,
                "schema": {
                    "type": "object",
                    "properties": {
                        "colour": {"$ref": "#/components/schemas/Colour"},
                        "size": {"type": "integer"},
                    },
                },
            }
        }
        doc["paths"]["/pets/{petId}"]["parameters"] = [{"$ref": "#/components/parameters/filter"}]
        return doc

    found = findings(tmp_path, with_filter(["red", "green", "blue"]), with_filter(["red", "blue"]))
    wire = [f for f in found if f.api.value == "wire"]
    assert rules(wire) == Counter({"request-parameter-property-enum-value-removed": 2})
    assert {f.operation for f in wire} == {"GET /pets/{petId}", "PUT /pets/{petId}"}
    assert all(f.side is Side.REVISION for f in wire)
    assert all(f.pointer == "/components/schemas/Colour/enum" for f in wire)
    assert "python-enum-member-removed" in rules(found)


def test_removals_are_located_in_the_base_with_an_anchor_in_the_revision(tmp_path: Path) -> None:
    revision = copy.deepcopy(PETS)
    del revision["components"]["schemas"]["Pet"]["properties"]["tag"]
    found = [f for f in findings(tmp_path, PETS, revision) if f.api.value == "wire"]
    assert rules(found) == Counter(
        {"request-property-removed": 1, "response-optional-property-removed": 1}
    )
    for finding in found:
        assert finding.side is Side.BASE
        assert finding.pointer == "/components/schemas/Pet/properties/tag"
        assert finding.location.file.endswith("base.yaml")
        assert finding.anchor is not None and finding.anchor.file.endswith("revision.yaml")


# -- one edit, its findings: the specific rules of paths, parameters, responses, security, servers
def _get(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["paths"]["/pets/{petId}"]["get"]  # type: ignore[no-any-return]


def _with_extras(doc: dict[str, Any]) -> dict[str, Any]:
    """PETS with a server, a security scheme, a response header and a webhook."""
    doc = copy.deepcopy(doc)
    doc["servers"] = [
        {
            "url": "https://api.example.com/{stage}",
            "variables": {"stage": {"default": "v1", "enum": ["v1", "v2"]}},
        }
    ]
    doc["components"]["securitySchemes"] = {
        "key": {"type": "apiKey", "in": "header", "name": "X-Key"}
    }
    doc["security"] = [{"key": []}]
    _get(doc)["responses"]["200"]["headers"] = {
        "X-Rate-Limit": {"required": True, "schema": {"type": "integer"}},
        "X-Trace": {"schema": {"type": "string"}},
    }
    doc["webhooks"] = {
        "petBorn": {
            "post": {
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                    }
                },
                "responses": {"200": {"description": "ok"}},
            }
        }
    }
    return doc


EDITS: dict[str, tuple[Any, set[str]]] = {
    "a response header removed": (
        lambda d: _get(d)["responses"]["200"]["headers"].pop("X-Rate-Limit"),
        {"required-response-header-removed"},
    ),
    "an optional response header widened": (
        lambda d: _get(d)["responses"]["200"]["headers"]["X-Trace"]["schema"].update(
            type=["string", "null"]
        ),
        {"response-header-became-nullable"},
    ),
    "a success status removed": (
        lambda d: d["paths"]["/pets/{petId}"]["put"].update(
            responses={"404": {"description": "gone"}}
        ),
        # putPet returned nothing (204) and still does: no Python change.
        {"response-success-status-removed", "response-non-success-status-added"},
    ),
    "a parameter moved from query to header": (
        lambda d: _get(d)["parameters"][1].update({"in": "header"}),
        {"request-parameter-location-changed"},
    ),
    "a parameter's style changed": (
        lambda d: _get(d)["parameters"][1].update(style="spaceDelimited"),
        {"request-parameter-style-changed", "request-parameter-explode-changed"},
    ),
    "a request media type removed": (
        lambda d: d["paths"]["/pets/{petId}"]["put"]["requestBody"].update(
            content={"application/xml": {"schema": {"type": "string"}}}
        ),
        {
            "request-body-media-type-removed",
            "request-body-media-type-added",
            "python-keyword-removed",
            "python-keyword-type-changed",
        },
    ),
    "the API key moved to a query parameter": (
        lambda d: d["components"]["securitySchemes"]["key"].update({"in": "query"}),
        {"api-security-component-scheme-changed"},
    ),
    "a second way to authenticate": (
        lambda d: (
            d["security"].append({"bearer": []})
            or d["components"]["securitySchemes"].update(
                bearer={"type": "http", "scheme": "bearer"}
            )
        ),
        {
            "api-global-security-alternative-added",
            "api-security-component-added",
            "python-client-keyword-added",
        },
    ),
    "a server removed": (
        lambda d: d.update(servers=[{"url": "https://new.example.com"}]),
        {"api-server-removed", "api-server-added", "python-client-keyword-removed"},
    ),
    "a server variable value removed": (
        lambda d: d["servers"][0]["variables"]["stage"].update(enum=["v1"]),
        {"api-server-variable-enum-value-removed", "python-client-keyword-type-changed"},
    ),
    "a webhook payload widened": (
        lambda d: d["components"]["schemas"]["Pet"]["properties"]["tag"].update(
            type=["string", "integer"]
        ),
        {
            "webhook-payload-property-list-of-types-widened",  # receivers get integers too
            "request-property-list-of-types-widened",  # callers may send them: fine
            "response-property-list-of-types-widened",  # clients get them: an error
            "python-keyword-type-changed",
            "python-model-field-type-changed",
        },
    ),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_one_edit_gives_its_findings(tmp_path: Path, edit: str) -> None:
    change, expected = EDITS[edit]
    base = _with_extras(PETS)
    revision = copy.deepcopy(base)
    change(revision)
    assert set(rules(findings(tmp_path, base, revision))) == expected
