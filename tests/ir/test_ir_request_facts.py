"""The IR's facts about what a request may carry: object rules, TypedDicts of dict forms, union
bodies, parameter limits, the error code property and client-level environment fallbacks.
Shown on Zoho's spec and on our second spec (tests/fixtures/shelter.yaml), plus edited copies."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from specgen.ir import nodes as ir
from specgen.ir.build import Options, build_api
from tests.support.paths import ROOT


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


ZOHO = load(ROOT / "spec" / "openapi.yaml")
SHELTER = load(ROOT / "tests" / "fixtures" / "shelter.yaml")


@pytest.fixture(scope="module")
def zoho() -> ir.Api:
    return build_api(ZOHO, Options(package="zoho_desk", client_name="ZohoDesk"))


@pytest.fixture(scope="module")
def shelter() -> ir.Api:
    return build_api(SHELTER, Options(package="pet_shelter"))


def models_of(api: ir.Api) -> dict[str, ir.Model]:
    return {model.name: model for model in api.models}


def test_object_rules_of_request_models(zoho: ir.Api, shelter: ir.Api) -> None:
    zoho_models, shelter_models = models_of(zoho), models_of(shelter)
    assert zoho_models["TicketUpdate"].min_properties == 1
    assert zoho_models["Contact"].required_any_of == (("lastName",), ("email",))
    assert shelter_models["Carer"].required_any_of == (("name",), ("email",))
    # Animal is sent and read: its request twin leaves `id` (readOnly) out, and still never
    # sends it when a caller passes one; the response class keeps it and no request rules.
    assert shelter_models["AnimalRequest"].read_only == ("id",)
    assert not shelter_models["Animal"].used_in_request and shelter_models["Animal"].read_only == ()
    # Response-only models carry no request rules.
    assert zoho_models["Ticket"].read_only == () and zoho_models["Ticket"].min_properties == 0


def test_a_union_of_shapes_is_not_a_required_key_rule() -> None:
    spec = copy.deepcopy(SHELTER)
    carer = spec["components"]["schemas"]["Carer"]
    carer["anyOf"] = [{"required": ["name"]}, {"type": "object", "properties": {}}]
    api = build_api(spec, Options(package="pet_shelter"))
    assert models_of(api)["Carer"].required_any_of == ()


def test_typed_dicts_of_request_models(zoho: ir.Api, shelter: ir.Api) -> None:
    params = {p.model: p for p in zoho.params}
    assert set(params) == {"Contact", "TicketUpdate"}  # request models only
    contact = params["Contact"]
    assert contact.name == "ContactParam" and contact.class_syntax
    assert [k.name for k in contact.keys] == ["firstName", "lastName", "email", "phone"]
    update = {k.name: k for k in params["TicketUpdate"].keys}
    assert update["contact"].annotation == "Contact | ContactParam"
    assert update["assigneeId"].annotation == "str | None"
    animal = {p.model: p for p in shelter.params}["AnimalRequest"]
    assert animal.name == "AnimalParam"  # the dict form keeps the schema's name
    assert [k.name for k in animal.keys if k.required] == ["name", "kind"]
    assert "id" not in {k.name for k in animal.keys}  # readOnly: never sent
    upload = {k.name: k for k in {p.model: p for p in shelter.params}["PhotoUpload"].keys}
    assert upload["file"].annotation == "FileTypes"
    assert ("._types", ("FileTypes",)) in shelter.params_imports


def test_keys_that_are_not_identifiers_use_the_functional_form() -> None:
    api = build_api(ZOHO, Options(package="zoho_desk"))
    spec = copy.deepcopy(ZOHO)
    spec["components"]["schemas"]["Contact"]["properties"]["e-mail"] = {"type": "string"}
    edited = build_api(spec, Options(package="zoho_desk"))
    assert {p.model: p for p in api.params}["Contact"].class_syntax
    assert not {p.model: p for p in edited.params}["Contact"].class_syntax


def test_a_oneof_body_is_validated_by_its_own_class(shelter: ir.Api) -> None:
    operations = {op.operation_id: op for op in shelter.operations}
    body = operations["admitAnimal"].body
    assert body is not None and body.model == "NewAnimal"
    assert body.annotation == "NewAnimal | Cat | CatParam | Dog | DogParam"
    assert "NewAnimal" in models_of(shelter)
    upload = operations["uploadPhoto"].body
    assert upload is not None and upload.content_type == "multipart/form-data"
    assert {f.name: f.annotation for f in upload.fields}["file"] == "FileTypes"


def test_parameter_limits(zoho: ir.Api, shelter: ir.Api) -> None:
    operations = {op.operation_id: op for op in shelter.operations}
    (limit,) = operations["listAnimals"].query_params
    assert limit.limits == (("minimum", "1"), ("maximum", "100"))
    (animal_id,) = operations["replaceAnimal"].path_params
    assert animal_id.limits == (("pattern", '"^[0-9]+$"'),)
    (update,) = zoho.operations
    assert [p.python_name for p in update.limited_parameters] == ["ticket_id"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda error: None, "errorCode"),  # x-specgen-error-code
        (lambda error: error.pop("x-specgen-error-code"), "errorCode"),  # found by name
        (
            lambda error: (
                error["properties"].pop("errorCode") and error.pop("x-specgen-error-code")
            ),
            "",
        ),
        (lambda error: error.update({"x-specgen-error-code": "message"}), "message"),
    ],
    ids=["extension", "by-name", "none", "extension-wins"],
)
def test_the_error_code_property(edit: Any, expected: str) -> None:
    spec = copy.deepcopy(ZOHO)
    edit(spec["components"]["schemas"]["Error"])
    api = build_api(spec, Options(package="zoho_desk"))
    assert api.error_code_property == expected


def test_the_shelter_error_code_is_found_by_name(shelter: ir.Api) -> None:
    assert shelter.error_code_property == "code"


def test_errors_are_exported_at_the_top_level(zoho: ir.Api) -> None:
    assert {"NotFoundError", "RequestValidationError", "TokenRefreshError"} <= set(
        zoho.error_exports
    )
    assert set(zoho.error_exports) <= set(zoho.package_exports)


def test_client_parameters_have_environment_names(zoho: ir.Api, shelter: ir.Api) -> None:
    assert [(p.python_name, p.env_name) for p in zoho.client_params] == [("org_id", "ORG_ID")]
    assert [(p.python_name, p.env_name) for p in shelter.client_params] == [
        ("shelter_id", "SHELTER_ID")
    ]


def _null_facts(version: str, properties: dict[str, Any]) -> ir.Model:
    spec = {
        "openapi": version,
        "info": {"title": "Nulls", "version": "1"},
        "paths": {
            "/things": {
                "patch": {
                    "operationId": "patchThing",
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Patch"}}
                        }
                    },
                    "responses": {"204": {"description": "done"}},
                }
            }
        },
        "components": {
            "schemas": {
                "Patch": {"type": "object", "properties": properties},
                "Plain": {"type": "object", "properties": {"a": {"type": "string"}}},
            }
        },
    }
    return models_of(build_api(spec, Options(package="nulls")))["Patch"]


def test_a_schema_without_type_admits_null() -> None:
    """openapi-python-client's `any_value: {default: "default"}` takes any value, null too (as
    openapi-core judges it): the client must send None as null, not refuse it."""
    for version in ("3.0.3", "3.1.0"):
        model = _null_facts(
            version,
            {
                "anything": {"default": "default"},
                "described": {"description": "whatever the server keeps"},
                "text": {"type": "string"},
                "choice": {"enum": ["a", "b"]},
                "plain": {"$ref": "#/components/schemas/Plain"},
            },
        )
        assert set(model.non_nullable) == {"text", "choice", "plain"}, version


def test_an_object_whose_members_only_choose_keys_refuses_null() -> None:
    """Zoho's `contact`: `{type: object, anyOf: [{required: [lastName]}, {required: [email]}]}`.
    Its members, typeless, admit null on their own; the object's type does not."""
    for version in ("3.0.3", "3.1.0"):
        model = _null_facts(
            version,
            {
                "contact": {
                    "type": "object",
                    "properties": {"lastName": {"type": "string"}, "email": {"type": "string"}},
                    "anyOf": [{"required": ["lastName"]}, {"required": ["email"]}],
                },
                "either": {"anyOf": [{"required": ["a"]}, {"type": "string"}]},
            },
        )
        assert set(model.non_nullable) == {"contact"}, version


def test_idempotency_facts_of_operations(zoho: ir.Api) -> None:
    (update,) = zoho.operations
    assert (update.method, update.idempotent, update.idempotency_header) == ("PATCH", True, "")
    assert zoho.idempotent_operations == (update,)

    spec = copy.deepcopy(ZOHO)
    operation = spec["paths"]["/api/v1/tickets/{ticket_id}"]["patch"]
    del operation["x-specgen-idempotent"]
    operation["parameters"].append(
        {"name": "X-Idempotency-KEY", "in": "header", "schema": {"type": "string"}}
    )
    (update,) = build_api(spec, Options(package="zoho_desk")).operations
    assert (update.idempotent, update.idempotency_header) == (None, "X-Idempotency-KEY")
    operation["x-specgen-idempotent"] = "yes"  # not a boolean: the method decides
    assert build_api(spec, Options(package="zoho_desk")).operations[0].idempotent is None
