"""The IR's shapes of classes with readOnly and writeOnly properties (`ir/access.py`): which
class each side uses, their names, and what their schemas require. The generated client is
exercised in tests/generated/test_generated_access.py."""

from __future__ import annotations

import copy
from typing import Any

from specgen.ir import nodes as ir
from specgen.ir.build import Options, build_api


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def document(schemas: dict[str, Any], *, request: str, response: str) -> dict[str, Any]:
    media = {"application/json": {"schema": ref(request)}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1"},
        "paths": {
            "/pets": {
                "post": {
                    "operationId": "addPet",
                    "requestBody": {"required": True, "content": media},
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": ref(response)}},
                        }
                    },
                }
            }
        },
        "components": {"schemas": schemas},
    }


def models(api: ir.Api) -> dict[str, ir.Model]:
    return {model.name: model for model in api.models}


def build(doc: dict[str, Any]) -> ir.Api:
    return build_api(doc, Options(package="pets"))


PET_SCHEMAS: dict[str, Any] = {
    "NewPet": {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "owner": ref("Owner")},
    },
    # 3.0's way: the flag beside a $ref sits on an allOf wrapper.
    "Owner": {
        "type": "object",
        "properties": {
            "id": {"allOf": [ref("OwnerId")], "readOnly": True},
            "name": {"type": "string"},
        },
    },
    "OwnerId": {"type": "object", "properties": {"value": {"type": "string"}}},
    "Pet": {
        "required": ["id", "name"],
        "allOf": [
            ref("NewPet"),
            {"type": "object", "properties": {"id": {"type": "integer", "readOnly": True}}},
        ],
    },
}


def test_each_side_gets_its_shape_and_the_request_one_a_twin_name() -> None:
    api = build(document(copy.deepcopy(PET_SCHEMAS), request="Pet", response="Pet"))
    found = models(api)
    assert list(found) == [
        "NewPet", "NewPetRequest", "Owner", "OwnerRequest", "OwnerId", "Pet", "PetRequest",
    ]  # fmt: skip
    pet, request = found["Pet"], found["PetRequest"]
    assert pet.used_in_response and not pet.used_in_request
    assert request.used_in_request and not request.used_in_response
    assert pet.schema["required"] == ["id", "name"]
    assert request.schema["required"] == ["name"]  # `id` of its own allOf member: dropped
    assert request.schema["allOf"][0] == ref("NewPetRequest")  # its base follows
    assert "id" not in request.schema["allOf"][1].get("properties", {})
    assert request.read_only == ("id",) and pet.read_only == ()
    assert request.pointer == pet.pointer == "/components/schemas/Pet"
    # Through the allOf wrapper: the owner's id is the server's.
    assert set(found["OwnerRequest"].schema["properties"]) == {"name"}
    assert found["NewPetRequest"].schema["properties"]["owner"] == ref("OwnerRequest")
    # OwnerId has no flag and nothing flagged under it: one class, as before.
    assert "OwnerIdRequest" not in found
    (operation,) = api.operations
    assert operation.body is not None and operation.body.annotation == "PetRequest | Pet"
    assert operation.return_annotation == "Pet"
    # The dict form of a twin keeps the schema's name.
    assert {p.model: p.name for p in api.params}["NewPetRequest"] == "NewPetParam"


def test_a_document_without_the_keywords_keeps_its_classes() -> None:
    schemas = copy.deepcopy(PET_SCHEMAS)
    schemas["Owner"]["properties"]["id"] = {"allOf": [ref("OwnerId")]}
    schemas["Pet"]["allOf"][1]["properties"]["id"] = {"type": "integer"}
    found = models(build(document(schemas, request="Pet", response="Pet")))
    assert list(found) == ["NewPet", "Owner", "OwnerId", "Pet"]
    assert all(m.used_in_request and m.used_in_response for m in found.values())


def test_a_write_only_property_that_is_not_required_needs_no_twin() -> None:
    schemas = {
        "Login": {
            "type": "object",
            "required": ["user"],
            "properties": {
                "user": {"type": "string"},
                "password": {"type": "string", "writeOnly": True},
            },
        }
    }
    found = models(build(document(copy.deepcopy(schemas), request="Login", response="Login")))
    assert list(found) == ["Login"]
    schemas["Login"]["required"].append("password")
    found = models(build(document(schemas, request="Login", response="Login")))
    assert list(found) == ["Login", "LoginRequest"]
    assert found["Login"].schema["required"] == ["user"]
    assert "password" in found["Login"].schema["properties"]  # optional, still a field
    assert found["LoginRequest"].schema["required"] == ["user", "password"]


def test_a_twin_name_that_is_taken_gets_a_number_and_one_sided_classes_keep_theirs() -> None:
    schemas = copy.deepcopy(PET_SCHEMAS)
    schemas["PetRequest"] = {"type": "object", "properties": {"note": {"type": "string"}}}
    schemas["Pet"]["properties"] = {"note": ref("PetRequest")}
    found = models(build(document(schemas, request="Pet", response="Pet")))
    assert "PetRequest2" in found and found["PetRequest2"].used_in_request
    assert found["PetRequest2"].schema["allOf"][0] == ref("NewPetRequest")
    request_only = models(
        build(document(copy.deepcopy(PET_SCHEMAS), request="Pet", response="NewPet"))
    )
    # Pet is sent only: it keeps its name, in its request shape; NewPet is on both sides.
    assert request_only["Pet"].schema["required"] == ["name"] and "PetRequest" not in request_only
    assert request_only["Pet"].schema["allOf"][0] == ref("NewPetRequest")


def test_a_discriminated_body_keeps_its_tags() -> None:
    """A tag named only by a member's schema name (no mapping entry) stays that name when the
    member is replaced by its request twin; an explicit entry follows the twin."""
    kind = {"type": "string"}
    schemas: dict[str, Any] = {
        "Cat": {
            "type": "object",
            "required": ["kind", "chip"],
            "properties": {"kind": kind, "chip": {"type": "string", "readOnly": True}},
        },
        "Dog": {"type": "object", "required": ["kind"], "properties": {"kind": kind}},
        "Pets": {"type": "array", "items": ref("Cat")},
        "NewAnimal": {
            "oneOf": [ref("Cat"), ref("Dog")],
            "discriminator": {"propertyName": "kind", "mapping": {"dog": ref("Dog")["$ref"]}},
        },
    }
    found = models(build(document(schemas, request="NewAnimal", response="Pets")))
    assert "CatRequest" in found and "DogRequest" not in found
    union = found["NewAnimal"]  # sent only: its name is kept
    assert union.schema["oneOf"] == [ref("CatRequest"), ref("Dog")]
    assert union.schema["discriminator"]["mapping"] == {
        "dog": ref("Dog")["$ref"],
        "Cat": ref("CatRequest")["$ref"],
    }
    assert found["CatRequest"].schema["required"] == ["kind"]
