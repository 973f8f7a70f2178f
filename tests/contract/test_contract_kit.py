"""The contract-test framework in place (`specgen.testing`), module by module.

These tests use the framework the way the generated tests do, on small documents written here:
values drawn with schemathesis, the spec's examples (a non-conforming one is never sent or served
as valid), how parameters and forms look on the wire, multipart bodies that openapi-core cannot
read, and comparisons. The generated tests run it end to end (test_contract_generated.py).
"""

from __future__ import annotations

import copy
import dataclasses
import decimal
import types
from typing import Any

import httpx
import hypothesis
import pydantic
import pytest

from specgen.runtime._types import DateTime
from specgen.testing import compare, patch, request_checks, validation, wire
from specgen.testing.api import Api, Body, Example, Operation, Parameter, Response
from specgen.testing.calls import Call, parameter_call
from specgen.testing.patch import optional_fields
from specgen.testing.requests import RequestCase, check_request_case, request_cases
from specgen.testing.responses import ResponseCase, check_response_case
from specgen.testing.server import RecordedRequest, ScriptedServer
from specgen.testing.spec import Spec
from specgen.testing.values import NO_BODY, NoValue, Values

PET = {
    "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
    "discriminator": {
        "propertyName": "petType",
        "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"},
    },
}
DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Kit", "version": "1"},
    "paths": {
        "/pets": {
            "post": {
                "operationId": "createPet",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Pet"},
                            "examples": {
                                "cat": {"value": {"petType": "cat", "name": "Tom"}},
                                "nobody": {"value": {"name": "Nobody"}},
                            },
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "stored",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Stored"},
                                "examples": {"broken": {"value": {"id": "seven"}}},
                            }
                        },
                    }
                },
            }
        },
        "/pets/{petId}/photo": {
            "post": {
                "operationId": "upload",
                "parameters": [
                    {"name": "petId", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["file", "kind"],
                                "properties": {
                                    "file": {"type": "string", "format": "binary"},
                                    "kind": {"$ref": "#/components/schemas/Kind"},
                                    "tags": {"type": "array", "items": {"type": "string"}},
                                },
                            }
                        }
                    },
                },
                "responses": {"204": {"description": "stored"}},
            }
        },
    },
    "components": {
        "schemas": {
            "Cat": {
                "type": "object",
                "required": ["petType", "name"],
                "properties": {"petType": {"const": "cat"}, "name": {"type": "string"}},
            },
            "Dog": {
                "type": "object",
                "required": ["petType", "name"],
                "properties": {"petType": {"const": "dog"}, "name": {"type": "string"}},
            },
            "Pet": PET,
            "Stored": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "integer", "readOnly": True}},
            },
            "Kind": {"enum": ["portrait", "landscape"]},
        }
    },
}
CREATE = Operation(
    resource="pets",
    method="create_pet",
    http_method="POST",
    path="/pets",
    pointer="/paths/~1pets/post",
    body=Body(
        content_type="application/json",
        pointer="/paths/~1pets/post/requestBody/content/application~1json",
        examples=(
            Example(
                "cat", "/paths/~1pets/post/requestBody/content/application~1json/examples/cat/value"
            ),
            Example(
                "nobody",
                "/paths/~1pets/post/requestBody/content/application~1json/examples/nobody/value",
            ),
        ),
    ),
    responses=(
        Response(
            status="201",
            pointer="/paths/~1pets/post/responses/201",
            content_type="application/json",
            examples=(
                Example(
                    "broken",
                    "/paths/~1pets/post/responses/201/content/application~1json/examples/broken/value",
                ),
            ),
        ),
    ),
)
UPLOAD = Operation(
    resource="pets",
    method="upload",
    http_method="POST",
    path="/pets/{petId}/photo",
    pointer="/paths/~1pets~1{petId}~1photo/post",
    parameters=(Parameter("pet_id", "/paths/~1pets~1{petId}~1photo/post/parameters/0"),),
    body=Body(
        content_type="multipart/form-data",
        pointer="/paths/~1pets~1{petId}~1photo/post/requestBody/content/multipart~1form-data",
    ),
)


def _api() -> Api:
    """An Api over DOCUMENT; its clients are never called by the tests that use it."""
    return Api(
        spec=Spec(document=DOCUMENT),
        sync_client=object,
        async_client=object,
        errors=types.ModuleType("errors"),
        models=types.ModuleType("models"),
        env_prefix="KIT",
        credentials=(),
        client_parameters=(),
        model_pointers={},
        operations=(CREATE, UPLOAD),
    )


@pytest.fixture(scope="module")
def values() -> Values:
    return Values(Spec(document=DOCUMENT))


# -- values -----------------------------------------------------------------------------------


def test_the_first_value_is_the_same_on_every_run() -> None:
    schema = {"$ref": "#/components/schemas/Pet"}
    first = Values(Spec(document=DOCUMENT)).value(schema, "Pet")
    again = Values(Spec(document=DOCUMENT)).value(schema, "Pet")
    assert first == again
    assert Spec(document=DOCUMENT).is_valid(first, schema)


def test_every_alternative_of_a_discriminated_one_of_can_be_drawn(values: Values) -> None:
    schema = {"$ref": "#/components/schemas/Pet"}
    for kind in ("cat", "dog"):

        def of_kind(value: Any, kind: str = kind) -> bool:
            return bool(value["petType"] == kind)

        pet = values.value(schema, "Pet", accept=of_kind)
        assert pet["petType"] == kind and isinstance(pet["name"], str)


def test_a_schema_that_admits_no_value_is_named_not_unsatisfiable(values: Values) -> None:
    impossible = {"allOf": [{"type": "string"}, {"type": "integer"}]}
    with pytest.raises(NoValue, match="the impossible schema"):
        values.value(impossible, "the impossible schema")


def test_a_response_gets_its_read_only_properties(values: Values) -> None:
    stored = values.value({"$ref": "#/components/schemas/Stored"}, "Stored", reading=True)
    assert isinstance(stored["id"], int)


@pytest.mark.parametrize("reading", [False, True])
def test_a_schema_with_properties_and_no_type_gets_an_object(values: Values, reading: bool) -> None:
    """The schema alone admits any non-object too (the first draw would be null or 0), but the
    generated model of it is an object, as in a vendor's response without `type`."""
    untyped = {"required": ["id"], "properties": {"id": {"type": "string"}}}
    drawn = values.value(untyped, "untyped", reading=reading)
    assert isinstance(drawn, dict) and isinstance(drawn["id"], str)


def test_a_parameter_example_is_used_only_when_it_validates(values: Values) -> None:
    param = {"name": "n", "in": "query", "schema": {"type": "integer"}, "example": "x"}
    assert isinstance(values.parameter_value(param, {}), int)  # drawn: "x" is no integer
    assert values.parameter_value({**param, "example": 3}, {}) == 3
    assert values.parameter_value(param, {("query", "n"): 5}) == 5  # what schemathesis drew
    assert values.parameter_value(param, {("query", "n"): "7"}) == 7  # its query spelling


def test_a_parameter_without_a_wire_form_has_no_value(values: Values) -> None:
    """Null has no spelling in a query, nor an empty value without allowEmptyValue."""
    only_null = {"name": "n", "in": "query", "schema": {"type": "null"}}
    with pytest.raises(NoValue, match="query parameter n"):
        values.parameter_value(only_null, {})
    only_empty = {"name": "e", "in": "query", "schema": {"type": "string", "maxLength": 0}}
    with pytest.raises(NoValue, match="query parameter e"):
        values.parameter_value(only_empty, {})
    assert values.parameter_value({**only_empty, "allowEmptyValue": True}, {}) == ""


def test_multipart_bodies_are_drawn_with_files_as_bytes(values: Values) -> None:
    strategy = values.bodies(UPLOAD.pointer, "multipart/form-data").map(lambda d: d.body)
    body = values.value(
        DOCUMENT["paths"]["/pets/{petId}/photo"]["post"]["requestBody"]["content"][
            "multipart/form-data"
        ]["schema"],
        "upload",
        strategy=strategy,
    )
    assert isinstance(body["file"], bytes) and body["kind"] in ("portrait", "landscape")


# -- examples that do not match their schema --------------------------------------------------


def _case(label: str) -> RequestCase:
    (case,) = [
        p.values[0]
        for p in request_cases(_api())
        if str(p.values[0]) == f"pets.create_pet[{label}]"
    ]
    assert isinstance(case, RequestCase)
    return case


def test_request_examples_become_cases_and_a_minimal_call() -> None:
    labels = [str(p.values[0]) for p in request_cases(_api()) if p.values[0].operation is CREATE]
    assert labels == [
        "pets.create_pet[example cat, body=]",
        "pets.create_pet[example nobody, body=]",
        "pets.create_pet[minimal]",
    ]


def test_a_non_conforming_request_example_is_never_sent() -> None:
    with ScriptedServer() as server, pytest.raises(pytest.skip.Exception) as skipped:
        check_request_case(_api(), server, _case("example nobody, body="), "sync")
    assert "example 'nobody' does not match the schema of the request body" in str(skipped.value)
    assert "it is not sent as a valid request" in str(skipped.value)
    assert server.requests == []


def test_a_non_conforming_response_example_is_never_served() -> None:
    (response,) = CREATE.responses
    case = ResponseCase(CREATE, response, "example broken", response.examples[0])
    with ScriptedServer() as server, pytest.raises(pytest.skip.Exception) as skipped:
        check_response_case(_api(), server, case, "sync")
    assert "example 'broken' of the 201 response does not match its schema" in str(skipped.value)
    assert "at /id" in str(skipped.value)
    assert server.requests == []


def test_an_example_the_generator_marked_non_conforming_is_never_sent() -> None:
    """The generator's verdict (`ExampleRef.conforms`) stands even for a value the framework's
    own validator would accept: "cat" matches the schema, but is marked as not conforming."""
    cat = _case("example cat, body=").example
    assert cat is not None
    marked = Example(cat.name, cat.pointer, conforms=False, problem="at /name: too short")
    case = RequestCase(CREATE, "example cat, body=", "example", example=marked)
    with ScriptedServer() as server, pytest.raises(pytest.skip.Exception) as skipped:
        check_request_case(_api(), server, case, "sync")
    assert "example 'cat' of the request body does not match its schema" in str(skipped.value)
    assert "(at /name: too short)" in str(skipped.value)
    assert server.requests == []


# -- the wire ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "style", "explode", "value", "pairs"),
    [
        ("query", "form", True, ["a", "b"], [("p", "a"), ("p", "b")]),
        ("query", "form", False, ["a", "b"], [("p", "a,b")]),
        ("query", "form", True, {"x": 1, "y": True}, [("x", "1"), ("y", "true")]),
        ("query", "deepObject", True, {"x": 1}, [("p[x]", "1")]),
        ("query", "pipeDelimited", False, [1, 2], [("p", "1|2")]),
        ("path", "simple", False, ["a", "b"], [("p", "a,b")]),
        ("header", "simple", True, {"x": 1}, [("p", "x=1")]),
        ("header", "simple", False, {"x": 1}, [("p", "x,1")]),
        ("query", "form", True, None, []),
    ],
)
def test_parameters_are_spelled_as_their_style_says(
    location: str, style: str, explode: bool, value: Any, pairs: list[tuple[str, str]]
) -> None:
    assert wire.expected_pairs("p", location, style, explode, value) == pairs


def test_texts_match_as_numbers_and_instants() -> None:
    assert wire.texts_match("1.0", "1")
    assert wire.texts_match("2016-06-23T12:58:09.211Z", "2016-06-23T12:58:09.211+00:00")
    assert not wire.texts_match("true", "1")


def _recorded(request: httpx.Request) -> RecordedRequest:
    return RecordedRequest(
        request.method,
        request.url.raw_path.decode().partition("?")[0],
        request.url.query.decode(),
        tuple(request.headers.multi_items()),
        request.read(),
    )


def _upload(data: dict[str, Any], files: dict[str, Any]) -> RecordedRequest:
    url = "http://127.0.0.1/pets/1/photo"
    return _recorded(httpx.Request("POST", url, data=data, files=files))


def test_multipart_bodies_are_read_part_by_part() -> None:
    request = _upload({"kind": "portrait", "tags": ["a", "b"]}, {"file": ("f.png", b"\x89PNG\x00")})
    parts = wire.read_multipart(str(request.header("content-type")), request.body)
    assert parts is not None
    assert [(p.name, p.filename, p.data) for p in parts] == [
        ("kind", None, b"portrait"),
        ("tags", None, b"a"),
        ("tags", None, b"b"),
        ("file", "f.png", b"\x89PNG\x00"),
    ]


def _upload_call(body: dict[str, Any]) -> Call:
    schema = DOCUMENT["paths"]["/pets/{petId}/photo"]["post"]["requestBody"]["content"][
        "multipart/form-data"
    ]["schema"]
    return Call("upload", {}, {("path", "petId"): 1}, body, schema)


def test_an_enum_without_type_in_a_multipart_body_is_accepted() -> None:
    """openapi-core reads such a part as bytes (application/octet-stream) that no enum of
    strings accepts; the framework reads it as the text the client sent."""
    request = _upload({"kind": "portrait"}, {"file": ("f", b"\x00\xff")})
    call = _upload_call({"file": b"\x00\xff", "kind": "portrait"})
    problems = request_checks.request_problems(_api(), UPLOAD, call, request, "http://127.0.0.1")
    assert problems == []


def test_a_multipart_part_with_a_type_array_is_read_by_the_framework() -> None:
    """Discord's sticker upload has `description: {type: [string, null]}`: openapi-core raises
    TypeError deriving that part's content type. It is not given the body at all (the framework
    reads multipart parts itself), so the request is judged, not crashed on."""
    document = copy.deepcopy(DOCUMENT)
    media = document["paths"]["/pets/{petId}/photo"]["post"]["requestBody"]["content"]
    media["multipart/form-data"]["schema"]["properties"]["note"] = {"type": ["string", "null"]}
    api = dataclasses.replace(_api(), spec=Spec(document=document))
    request = _upload({"kind": "portrait", "note": "hi"}, {"file": ("f", b"\x00")})
    call = _upload_call({"file": b"\x00", "kind": "portrait", "note": "hi"})
    assert request_checks.request_problems(api, UPLOAD, call, request, "http://127.0.0.1") == []


def test_a_multipart_body_unlike_the_one_given_is_reported() -> None:
    request = _upload({"kind": "sideways"}, {"file": ("f", b"\x00")})
    call = _upload_call({"file": b"\x00", "kind": "portrait"})
    problems = request_checks.request_problems(_api(), UPLOAD, call, request, "http://127.0.0.1")
    assert any("multipart field kind" in p and "b'sideways'" in p for p in problems), problems
    assert any("does not match its schema" in p and "kind" in p for p in problems), problems


def test_an_object_part_may_list_its_keys_in_another_order() -> None:
    """A model serialises an object part's keys in its fields' order, not in the order of the
    dict given: the same JSON object. Another value is still reported."""
    schema = {
        "type": "object",
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "meta": {"type": "object", "properties": {"b": {"type": "integer"}}},
        },
    }
    call = Call(
        "upload", {}, {("path", "petId"): 1}, {"file": b"x", "meta": {"a": 1, "b": 2}}, schema
    )

    def problems(meta: str) -> list[str]:
        request = _upload({"meta": meta}, {"file": ("f", b"x")})
        return request_checks.request_problems(_api(), UPLOAD, call, request, "http://127.0.0.1")

    assert problems('{"b":2,"a":1}') == []
    assert any("multipart field meta" in p for p in problems('{"b":3,"a":1}'))


def test_a_path_parameter_whose_name_has_a_hyphen_is_found() -> None:
    """re.escape turns `{hyphen-in-path}` into `hyphen\\-in\\-path`; the name must stay the
    spec's, or the parameter the client sent reads as missing."""
    path = "/naming/{hyphen-in-path}"
    parameter = {"name": "hyphen-in-path", "in": "path", "required": True, "schema": {}}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Names", "version": "1"},
        "paths": {path: {"get": {"parameters": [parameter], "responses": {}}}},
    }
    operation = Operation(
        resource="naming",
        method="hyphen_in_path",
        http_method="GET",
        path=path,
        pointer="/paths/~1naming~1{hyphen-in-path}/get",
        parameters=(
            Parameter("hyphen_in_path", "/paths/~1naming~1{hyphen-in-path}/get/parameters/0"),
        ),
    )
    call = Call("parameters", {}, {("path", "hyphen-in-path"): "a b"}, NO_BODY)
    request = RecordedRequest("GET", "/naming/a%20b", "", (), b"")
    spec = Spec(document=document)
    assert request_checks.parameter_problems(spec, operation, call, request, "http://h") == []
    other = RecordedRequest("GET", "/naming/c", "", (), b"")
    assert request_checks.parameter_problems(spec, operation, call, other, "http://h") != []


def test_a_body_that_was_not_given_must_not_be_sent() -> None:
    request = RecordedRequest("PATCH", "/pets", "", (("Content-Type", "application/json"),), b"{}")
    call = Call("minimal", {}, {}, NO_BODY)
    assert request_checks.body_problems(Spec(document=DOCUMENT), CREATE, call, request) == [
        "the request has a body (b'{}'), but none was given"
    ]


# -- comparing values ---------------------------------------------------------------------------


def test_urls_and_instants_compare_as_what_they_mean() -> None:
    spec = Spec(document=DOCUMENT)
    uri = {"type": "string", "format": "uri"}
    assert compare.differences(spec, "https://a.example", "https://A.example:443/", uri) == []
    assert compare.differences(spec, "https://a.example/x", "https://a.example/y", uri) != []
    when = {"type": "string", "format": "date-time"}
    assert (
        compare.differences(spec, "2016-06-23T12:58:09Z", "2016-06-23T14:58:09+02:00", when) == []
    )
    assert (
        compare.differences(spec, "https://a.example", "https://a.example/", {"type": "string"})
        != []
    )


def test_differences_name_the_place() -> None:
    spec = Spec(document=DOCUMENT)
    found = compare.differences(spec, {"a": [1, None]}, {"a": [1, 0], "b": True}, {})
    assert found == ["/a/1: expected null, got 0", "/b: not expected (got true)"]


def test_openapi_core_judges_type_arrays_in_parameters_and_multipart_parts() -> None:
    """openapi-core 0.23 raises TypeError on a 3.1 type array where it reads `type` as one
    string (a parameter's style, a multipart part's content type); the verdict must come
    anyway, and still refuse what the schema refuses."""
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Arrays", "version": "1"},
        "paths": {
            "/items": {
                "post": {
                    "parameters": [
                        {
                            "name": "when",
                            "in": "query",
                            "required": True,
                            "schema": {"type": ["integer", "null"], "maximum": 9},
                        }
                    ],
                    "requestBody": {
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"n": {"type": ["number", "null"]}},
                                }
                            }
                        }
                    },
                    "responses": {"204": {"description": "done"}},
                }
            }
        },
    }
    spec = Spec(document=document)
    headers = (("Content-Type", "multipart/form-data; boundary=b"),)
    body = b'--b\r\nContent-Disposition: form-data; name="n"\r\n\r\n1\r\n--b--\r\n'

    def verdict(query: str) -> list[str]:
        request = RecordedRequest("POST", "/items", query, headers, body)
        return validation.request_problems(spec, "/items", request, "http://127.0.0.1", body=False)

    assert verdict("when=5") == []
    assert any("when" in problem for problem in verdict("when=50"))


# -- PATCH semantics --------------------------------------------------------------------------


def test_null_beside_a_union_without_type_is_not_judged() -> None:
    """GitHub's `milestone: {oneOf: [string, integer], nullable: true}`: OpenAPI 3.0.3 (and
    openapi-core) read it as admitting no null, the model accepts None. The "None is refused"
    case is skipped with a reason naming the rule; a typed non-nullable property keeps it."""
    media = "/paths/~1issues/patch/requestBody/content/application~1json"
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Issues", "version": "1"},
        "paths": {
            "/issues": {
                "patch": {
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "milestone": {
                                            "oneOf": [{"type": "string"}, {"type": "integer"}],
                                            "nullable": True,
                                        },
                                        "title": {"type": "string"},
                                    },
                                }
                            }
                        }
                    },
                    "responses": {"204": {"description": "ok"}},
                }
            }
        },
    }
    update = Operation(
        resource="issues",
        method="update",
        http_method="PATCH",
        path="/issues",
        pointer="/paths/~1issues/patch",
        body=Body("application/json", media, keywords={"milestone": "milestone", "title": "title"}),
    )
    api = dataclasses.replace(_api(), spec=Spec(document=document), operations=(update,))
    fields = {param.id: param for param in optional_fields(api, nullable=False)}
    assert sorted(fields) == ["issues.update.milestone", "issues.update.title"]
    (skip,) = fields["issues.update.milestone"].marks
    assert "nullable-untyped" in skip.kwargs["reason"]
    assert fields["issues.update.title"].marks == ()


def test_a_tag_of_an_inherited_discriminator_names_a_schema() -> None:
    """Adyen's `ShopperIdPaymentMethod.type` (`pattern: payTo|upi_collect`, unanchored) admits
    `payTo0` as JSON Schema, a tag that names no schema: no value drawn carries one."""
    base = {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"type": "string", "pattern": "payTo|upi"}},
        "discriminator": {
            "propertyName": "type",
            "mapping": {"payTo": "#/components/schemas/PayTo", "upi": "#/components/schemas/Upi"},
        },
    }

    def member(extra: str) -> dict[str, Any]:
        return {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {extra: {}}}]}

    document = {
        "openapi": "3.0.3",
        "info": {"title": "Tags", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Base": base, "PayTo": member("a"), "Upi": member("b")}},
    }
    strategy = Values(Spec(document=document)).of_schema({"$ref": "#/components/schemas/Base"})
    with pytest.raises(hypothesis.errors.NoSuchExample):
        hypothesis.find(
            strategy,
            lambda value: value["type"] not in ("payTo", "upi"),
            settings=hypothesis.settings(max_examples=200, database=None),
        )


def test_a_decimal_string_is_drawn_as_a_decimal() -> None:
    """Stripe's `amount_decimal: {type: string, format: decimal}` (OpenAPI's format registry):
    any text would be refused by the generated model, rightly, so only decimals are drawn."""
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Money", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Amount": {"type": "string", "format": "decimal"}}},
    }
    strategy = Values(Spec(document=document)).of_schema({"$ref": "#/components/schemas/Amount"})
    with pytest.raises(hypothesis.errors.NoSuchExample):
        hypothesis.find(
            strategy,
            lambda value: not _is_decimal(value),
            settings=hypothesis.settings(max_examples=200, database=None),
        )


def _is_decimal(value: object) -> bool:
    try:
        return isinstance(value, str) and decimal.Decimal(value).is_finite()
    except decimal.InvalidOperation:
        return False


def test_a_header_that_is_no_http_field_name_is_left_out() -> None:
    """openapi-python-client's `header param`: httpx refuses the name, so the call leaves it
    out when it is optional, and a required one makes the case impossible (NoValue: skipped)."""

    def api_with(required: bool) -> tuple[Api, Operation]:
        params = [
            {"name": "header param", "in": "header", "required": required, "schema": {}},
            {"name": "limit", "in": "query", "schema": {"type": "integer"}},
        ]
        document = {
            "openapi": "3.1.0",
            "info": {"title": "Headers", "version": "1"},
            "paths": {"/h": {"get": {"parameters": params, "responses": {}}}},
        }
        operation = Operation(
            resource="h",
            method="get",
            http_method="GET",
            path="/h",
            pointer="/paths/~1h/get",
            parameters=(
                Parameter("header_param", "/paths/~1h/get/parameters/0"),
                Parameter("limit", "/paths/~1h/get/parameters/1"),
            ),
        )
        api = dataclasses.replace(_api(), spec=Spec(document=document), operations=(operation,))
        return api, operation

    call = parameter_call(*api_with(False))
    assert set(call.kwargs) == {"limit"} and ("header", "header param") not in call.parameters
    with pytest.raises(NoValue, match="parameter-name-invalid"):
        parameter_call(*api_with(True))


def test_exploded_objects_sharing_a_property_are_told_apart() -> None:
    """openapi-python-client's `model_prop` and `required_model_prop`, both exploded form
    objects with `a_property`: the query has `a_property` twice, one pair for each. openapi-core
    0.23 cannot read such a parameter (it looks for a `model_prop` key), so it is not asked; a
    pair the client left out is still missing."""
    model = {"type": "object", "properties": {"a_property": {"type": "string"}}}
    params = [
        {"name": "model_prop", "in": "query", "required": True, "schema": model},
        {"name": "required_model_prop", "in": "query", "required": True, "schema": model},
    ]
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Objects", "version": "1"},
        "paths": {"/q": {"get": {"parameters": params, "responses": {}}}},
    }
    spec = Spec(document=document)
    operation = Operation(
        resource="q", method="get", http_method="GET", path="/q", pointer="/paths/~1q/get"
    )
    given = {("query", "model_prop"): {"a_property": "A"}}
    given[("query", "required_model_prop")] = {"a_property": "A"}
    call = Call("parameters", {}, given, NO_BODY)

    def problems(query: str) -> list[str]:
        request = RecordedRequest("GET", "/q", query, (), b"")
        return [
            *request_checks.parameter_problems(spec, operation, call, request, "http://h"),
            *validation.request_problems(spec, "/q", request, "http://h"),
        ]

    assert problems("a_property=A&a_property=A") == []
    assert any("required_model_prop" in p for p in problems("a_property=A"))


def test_a_text_part_compares_as_the_same_instant() -> None:
    """A model writes `2000-01-01T00:00:00.000Z` for the `...00Z` given: the same instant.
    A file part is still compared byte for byte."""
    schema = {
        "type": "object",
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "at": {"type": "string", "format": "date-time"},
        },
    }
    body = {"file": b"1", "at": "2000-01-01T00:00:00Z"}
    call = Call("upload", {}, {("path", "petId"): 1}, body, schema)

    def problems(at: str, file: bytes) -> list[str]:
        request = _upload({"at": at}, {"file": ("f", file)})
        return request_checks.request_problems(_api(), UPLOAD, call, request, "http://127.0.0.1")

    assert problems("2000-01-01T00:00:00.000Z", b"1") == []
    assert any("multipart field file" in p for p in problems("2000-01-01T00:00:00Z", b"1.0"))


def test_an_operation_with_servers_of_its_own_is_judged_against_them() -> None:
    """DigitalOcean's inference operations: `servers: [{url: https://inference.do-ai.run}]` on
    the operation, the document's server elsewhere. The client's base URL stands in for every
    server; openapi-core must see the request as sent to the operation's own server, not find
    no server for it."""
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Servers", "version": "1"},
        "servers": [{"url": "https://api.example.com/v2"}],
        "paths": {
            "/chat": {
                "post": {
                    "servers": [{"url": "https://inference.example.com"}],
                    "responses": {"200": {"description": "ok"}},
                }
            },
            "/keys": {
                "servers": [{"url": "https://keys.example.com/{version}",
                             "variables": {"version": {"default": "v1"}}}],
                "get": {"responses": {"200": {"description": "ok"}}},
            },
            "/droplets": {"get": {"responses": {"200": {"description": "ok"}}}},
        },
    }  # fmt: skip
    spec = Spec(document=document)
    assert spec.server_url("/chat", "POST") == "https://inference.example.com"
    assert spec.server_url("/keys", "GET") == "https://keys.example.com/v1"
    assert spec.server_url("/droplets", "GET") == spec.server_url() == document["servers"][0]["url"]
    base_url = "http://127.0.0.1:8000/v2"
    chat = RecordedRequest("POST", "/v2/chat", "", (), b"")
    assert validation.request_problems(spec, "/chat", chat, base_url) == []
    droplets = RecordedRequest("GET", "/v2/droplets", "", (), b"")
    assert validation.request_problems(spec, "/droplets", droplets, base_url) == []
    # A request to another path than the operation's is still found wrong.
    stray = RecordedRequest("POST", "/v2/chats", "", (), b"")
    assert validation.request_problems(spec, "/chat", stray, base_url) != []


def test_a_literal_path_part_may_be_sent_percent_encoded() -> None:
    """DigitalOcean's presigned upload: path `/<upload_url>` on the server `https://` (no host:
    the API hands out the URL). A URL must encode `<` and `>`, so the client sends
    `/%3Cupload_url%3E`: that is the template's path, and openapi-core finds the server."""
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Uploads", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/<upload_url>": {"put": {
            "servers": [{"url": "https://"}],
            "responses": {"200": {"description": "ok"}},
        }}},
    }  # fmt: skip
    spec = Spec(document=document)
    upload = Operation(
        resource="uploads", method="upload", http_method="PUT", path="/<upload_url>",
        pointer="/paths/~1<upload_url>/put", responses=(),
    )  # fmt: skip
    call = Call("parameters", {}, {}, NO_BODY)
    for sent in ("/%3Cupload_url%3E", "/<upload_url>"):
        request = RecordedRequest("PUT", sent, "", (), b"")
        assert request_checks.parameter_problems(spec, upload, call, request, "") == []
        assert validation.request_problems(spec, upload.path, request, "http://127.0.0.1:9") == []
    other = RecordedRequest("PUT", "/%3Cupload_uri%3E", "", (), b"")
    assert request_checks.parameter_problems(spec, upload, call, other, "") != []


def test_a_read_only_property_has_no_patch_semantics_to_check() -> None:
    """DigitalOcean's `Domain.ttl` is `{type: integer, readOnly: true, nullable: true}`. The
    client never sends it; in a request the spec admits no value for it, so the framework read
    it as "not nullable" and wanted None refused. Only `name` is checked."""
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Domains", "version": "1"},
        "paths": {"/domains": {"post": {
            "requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Domain"}}}},
            "responses": {"201": {"description": "ok"}},
        }}},
        "components": {"schemas": {"Domain": {"type": "object", "properties": {
            "name": {"type": "string"},
            "label": {"type": "string", "nullable": True},
            "ttl": {"type": "integer", "readOnly": True, "nullable": True},
            "zone": {"$ref": "#/components/schemas/Zone"},
        }}, "Zone": {"type": "string", "readOnly": True}}},
    }  # fmt: skip
    media = "/paths/~1domains/post/requestBody/content/application~1json"
    names = {"name": "name", "label": "label", "ttl": "ttl", "zone": "zone"}
    body = Body(content_type="application/json", pointer=media, keywords=names)
    create = Operation(
        resource="domains", method="create", http_method="POST", path="/domains",
        pointer="/paths/~1domains/post", body=body, responses=(),
    )  # fmt: skip
    api = dataclasses.replace(_api(), spec=Spec(document=document), operations=(create,))

    def fields(nullable: bool) -> list[str]:
        return [param.values[0].name for param in patch.optional_fields(api, nullable=nullable)]

    assert fields(nullable=False) == ["name"]
    assert fields(nullable=True) == ["label"]


def test_a_parsed_instant_is_dumped_with_all_its_precision() -> None:
    """DigitalOcean's app deployment steps: `started_at: "2021-02-10T17:05:35.572287990Z"`. The
    client holds it to the microsecond; dumped with the runtime's request spelling
    (milliseconds) it compared as another instant. A microsecond off is still a difference."""

    class Step(pydantic.BaseModel):
        started_at: DateTime
        retries: list[DateTime] = []

    spec = Spec(document=DOCUMENT)
    when = {"type": "string", "format": "date-time"}
    retries = {"type": "array", "items": when}
    schema = {"type": "object", "properties": {"started_at": when, "retries": retries}}
    sent = {"started_at": "2021-02-10T17:05:35.572287990Z", "retries": ["2021-02-10T17:05:36Z"]}
    parsed = compare.dump(Step.model_validate(sent))
    assert parsed == {"started_at": "2021-02-10T17:05:35.572287Z",
                      "retries": ["2021-02-10T17:05:36Z"]}  # fmt: skip
    assert compare.differences(spec, sent, parsed, schema) == []
    later = {**sent, "started_at": "2021-02-10T17:05:35.572288Z"}
    assert compare.differences(spec, later, parsed, schema) != []
