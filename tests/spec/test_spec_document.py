"""Checks of the handwritten OpenAPI document ``spec/openapi.yaml``.

Independent of the generator package: these tests read the YAML directly and check it with
openapi-spec-validator and jsonschema (Draft 2020-12, the dialect of OpenAPI 3.1 schemas).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from tests.support.paths import ROOT as REPO
from tests.support.paths import SHARED

SPEC_PATH = REPO / "spec" / "openapi.yaml"
SEED_RESPONSE = SHARED / "seed" / "update-ticket-response.json"

SPEC_TEXT = SPEC_PATH.read_text(encoding="utf-8")
DOC: dict[str, Any] = yaml.safe_load(SPEC_TEXT)

# The whole document is one schema resource, so `#/components/...` refs resolve, and any schema
# in it can be addressed as BASE_URI + "#" + JSON pointer.
BASE_URI = "urn:specgen:spec:openapi.yaml"
REGISTRY = Registry().with_resource(BASE_URI, DRAFT202012.create_resource(DOC))

OPERATION_PTR = "/paths/~1api~1v1~1tickets~1{ticket_id}/patch"
TICKET_UPDATE_PTR = "/components/schemas/TicketUpdate"
ERROR_STATUSES = ("400", "401", "403", "404", "405", "413", "415", "422", "429", "500")

# The request fields of the vendor page, except `disableClosureNotification` (a query parameter),
# plus `accountId` and `layoutId` (real Zoho fields the page leaves out; see the reference).
TICKET_UPDATE_FIELDS = {
    "accountId",
    "layoutId",
    "subject",
    "departmentId",
    "contactId",
    "contact",
    "productId",
    "uploads",
    "email",
    "phone",
    "description",
    "status",
    "assigneeId",
    "category",
    "subCategory",
    "resolution",
    "dueDate",
    "priority",
    "language",
    "responseDueDate",
    "channel",
    "classification",
    "customFields",
    "cf",
    "webUrl",
    "teamId",
    "secondaryContacts",
    "entitySkills",
}
PICKLISTS = [
    "status",
    "priority",
    "channel",
    "language",
    "category",
    "subCategory",
    "classification",
]
ID_FIELDS = ("departmentId", "contactId", "productId", "assigneeId", "teamId")
ID_PATTERN = "^[0-9]+$"


# --- helpers --------------------------------------------------------------------------------------


def escape(token: str) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def at(pointer: str) -> Any:
    """The node of DOC at a JSON pointer."""
    node: Any = DOC
    for token in pointer.split("/")[1:]:
        node = node[int(token)] if isinstance(node, list) else node[unescape(token)]
    return node


def deref(node: Any) -> Any:
    """Follow local `$ref`s of OpenAPI objects (parameters, responses, examples)."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local refs are expected, got {ref}"
        node = at(ref[1:])
    return node


def validator_for(schema_pointer: str) -> Draft202012Validator:
    """A validator (format checking on) for the schema at `schema_pointer` in DOC."""
    return Draft202012Validator(
        {"$ref": f"{BASE_URI}#{schema_pointer}"},
        registry=REGISTRY,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def errors_of(schema_pointer: str, instance: Any) -> list[str]:
    return [
        f"{error.json_path}: {error.message}"
        for error in validator_for(schema_pointer).iter_errors(instance)
    ]


def accepts(schema_pointer: str, instance: Any) -> bool:
    return validator_for(schema_pointer).is_valid(instance)


def operation() -> dict[str, Any]:
    return at(OPERATION_PTR)


# --- finding every example in the document --------------------------------------------------------

# Schema keywords whose values are schemas, lists of schemas, or maps of schemas (Draft 2020-12).
SCHEMA_ONE = (
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
)
SCHEMA_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_MAP = ("properties", "patternProperties", "$defs", "dependentSchemas")


@dataclass(frozen=True)
class Example:
    kind: str  # "schema", "media type", "parameter" or "header"
    site: str  # pointer of the `example` / `examples` key
    pointer: str  # pointer of the example value itself
    schema_pointer: str  # pointer of the schema it must satisfy
    value: Any


def schema_examples(schema: Any, pointer: str) -> Iterator[Example]:
    if not isinstance(schema, dict):
        return
    if "example" in schema:  # deprecated in 3.1, but still checked if someone writes it
        site = f"{pointer}/example"
        yield Example("schema", site, site, pointer, schema["example"])
    if "examples" in schema:
        site = f"{pointer}/examples"
        for index, value in enumerate(schema["examples"]):
            yield Example("schema", site, f"{site}/{index}", pointer, value)
    for key in SCHEMA_ONE:
        if key in schema:
            yield from schema_examples(schema[key], f"{pointer}/{key}")
    for key in SCHEMA_LIST:
        for index, child in enumerate(schema.get(key, ())):
            yield from schema_examples(child, f"{pointer}/{key}/{index}")
    for key in SCHEMA_MAP:
        for name, child in schema.get(key, {}).items():
            yield from schema_examples(child, f"{pointer}/{key}/{escape(name)}")


def document_examples(node: Any, pointer: str = "") -> Iterator[Example]:
    """Every example of the document: in schemas, media types, parameters and headers."""
    if isinstance(node, list):
        for index, child in enumerate(node):
            yield from document_examples(child, f"{pointer}/{index}")
        return
    if not isinstance(node, dict):
        return
    if pointer == "/components/schemas":
        for name, schema in node.items():
            yield from schema_examples(schema, f"{pointer}/{escape(name)}")
        return
    if isinstance(node.get("schema"), dict):
        # Only Media Type, Parameter and Header objects have a `schema` field.
        parent = unescape(pointer.split("/")[-2])
        kind = {"content": "media type", "headers": "header"}.get(parent, "parameter")
        schema_pointer = f"{pointer}/schema"
        yield from schema_examples(node["schema"], schema_pointer)
        if "example" in node:
            site = f"{pointer}/example"
            yield Example(kind, site, site, schema_pointer, node["example"])
        for name, example in node.get("examples", {}).items():
            example_object = deref(example)
            if "value" in example_object:  # an `externalValue` cannot be checked here
                site = f"{pointer}/examples"
                value_pointer = f"{site}/{escape(name)}/value"
                yield Example(kind, site, value_pointer, schema_pointer, example_object["value"])
        rest = {k: v for k, v in node.items() if k not in ("schema", "example", "examples")}
        for key, child in rest.items():
            yield from document_examples(child, f"{pointer}/{escape(key)}")
        return
    for key, child in node.items():
        yield from document_examples(child, f"{pointer}/{escape(key)}")


def example_sites(node: Any, pointer: str = "", parent_key: str | None = None) -> set[str]:
    """Brute force: every `example` / `examples` key anywhere (not inside example values)."""
    sites: set[str] = set()
    if isinstance(node, list):
        for index, child in enumerate(node):
            sites |= example_sites(child, f"{pointer}/{index}")
    elif isinstance(node, dict):
        for key, child in node.items():
            # Under a map of names (`properties`, `components`), a key is a name, not a keyword.
            is_name = parent_key in (*SCHEMA_MAP, "components")
            if key in ("example", "examples") and not is_name:
                sites.add(f"{pointer}/{key}")
            else:
                sites |= example_sites(child, f"{pointer}/{escape(key)}", key)
    return sites


EXAMPLES = list(document_examples(DOC))


def test_every_example_in_the_document_is_found() -> None:
    assert {example.site for example in EXAMPLES} == example_sites(DOC)


def test_examples_are_not_vacuous() -> None:
    kinds = [example.kind for example in EXAMPLES]
    assert len(EXAMPLES) >= 60, len(EXAMPLES)
    assert kinds.count("media type") >= 20
    assert kinds.count("parameter") >= 3
    assert kinds.count("header") >= 1
    assert kinds.count("schema") >= 30
    request_examples = [
        e for e in EXAMPLES if e.pointer.startswith(f"{OPERATION_PTR}/requestBody/")
    ]
    assert len(request_examples) >= 3
    # Every error response's examples are among them.
    for name in (
        "BadRequest",
        "Unauthorized",
        "Forbidden",
        "NotFound",
        "PayloadTooLarge",
        "UnsupportedMediaType",
        "UnprocessableEntity",
        "TooManyRequests",
        "InternalServerError",
    ):
        prefix = f"/components/responses/{name}/content/application~1json/"
        assert any(e.pointer.startswith(prefix) for e in EXAMPLES), name


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.pointer for example in EXAMPLES])
def test_example_satisfies_its_schema(example: Example) -> None:
    assert errors_of(example.schema_pointer, example.value) == []


def test_format_checking_is_active() -> None:
    # Needs rfc3339-validator; without it jsonschema silently skips "date-time".
    checker = Draft202012Validator.FORMAT_CHECKER
    assert not checker.conforms("2016-13-45T25:00:00Z", "date-time")
    assert not accepts("/components/schemas/Ticket", {"id": "1", "createdTime": "yesterday"})


# --- 1. the document is valid OpenAPI 3.1 -------------------------------------------------------


def test_document_is_valid_openapi_3_1() -> None:
    assert DOC["openapi"] == "3.1.0"
    validate(DOC)


def test_yaml_has_no_tabs_odd_indentation_or_duplicate_keys() -> None:
    assert "\t" not in SPEC_TEXT
    odd = [
        n
        for n, line in enumerate(SPEC_TEXT.splitlines(), 1)
        if (len(line) - len(line.lstrip(" "))) % 2
    ]
    assert odd == [], f"lines not indented by a multiple of 2 spaces: {odd}"

    class StrictLoader(yaml.SafeLoader):
        pass

    def construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
        keys = [loader.construct_object(key) for key, _ in node.value]
        duplicates = {key for key in keys if keys.count(key) > 1}
        assert not duplicates, f"duplicate keys {duplicates} at line {node.start_mark.line + 1}"
        return loader.construct_mapping(node)

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    assert yaml.load(SPEC_TEXT, Loader=StrictLoader) == DOC


def test_no_unused_components() -> None:
    refs = set(re.findall(r"""\$ref['"]?:\s*['"]?#(/components/[^'"\s]+)""", SPEC_TEXT))
    assert refs, "no $ref found"
    for section, entries in DOC["components"].items():
        if section == "securitySchemes":  # used by name in security requirements
            used = {name for requirement in operation()["security"] for name in requirement}
            assert set(entries) == used
            continue
        for name in entries:
            assert f"/components/{section}/{escape(name)}" in refs, f"unused: {section}/{name}"


def _refs(node: Any) -> list[str]:
    """Every `$ref` value in a parsed document, in document order."""
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def test_every_ref_resolves() -> None:
    refs = _refs(DOC)
    # The same references the text has (the walk misses none), and there are many.
    assert len(refs) == len(re.findall(r"\$ref\b", SPEC_TEXT)) >= 10
    for ref in refs:
        assert ref.startswith("#/"), f"{ref} is not local"
        target = at(ref[1:])
        assert isinstance(target, dict) and target, f"{ref} resolves to {target!r}"


# --- 2. the seed's response example ---------------------------------------------------------------


def seed_response() -> Any:
    if not SEED_RESPONSE.is_file():
        pytest.skip(f"seed example not found at {SEED_RESPONSE} (../shared is absent)")
    return json.loads(SEED_RESPONSE.read_text(encoding="utf-8"))


OK_MEDIA_PTR = f"{OPERATION_PTR}/responses/200/content/application~1json"


def test_seed_example_is_the_200_example_verbatim() -> None:
    seed = seed_response()
    example = at(OK_MEDIA_PTR)["example"]
    assert example == seed
    # Same key order at every level, too.
    assert json.dumps(example) == json.dumps(seed)


def test_seed_example_satisfies_the_200_schema() -> None:
    seed = seed_response()
    assert at(OK_MEDIA_PTR)["schema"] == {"$ref": "#/components/schemas/Ticket"}
    assert errors_of(f"{OK_MEDIA_PTR}/schema", seed) == []


def test_every_key_of_the_seed_example_is_a_ticket_property() -> None:
    seed = seed_response()
    ticket = at("/components/schemas/Ticket")
    assert set(seed) <= set(ticket["properties"])
    for key, value in seed.items():
        if value is None:
            assert accepts(f"/components/schemas/Ticket/properties/{key}", None), key


# --- 3./4. structural facts -----------------------------------------------------------------------


def test_info_and_tags() -> None:
    info = DOC["info"]
    assert info["title"] == "Zoho Desk"
    assert re.fullmatch(r"\d+\.\d+\.\d+", info["version"])
    assert info["description"].strip()
    assert [tag["name"] for tag in DOC["tags"]] == ["tickets"]
    assert DOC["tags"][0]["description"].strip()


def test_operation() -> None:
    assert list(DOC["paths"]) == ["/api/v1/tickets/{ticket_id}"]
    assert list(DOC["paths"]["/api/v1/tickets/{ticket_id}"]) == ["patch"]
    op = operation()
    assert op["operationId"] == "updateTicket"
    assert op["tags"] == ["tickets"]
    assert op["summary"] == "Update a ticket"
    assert "This API updates an existing ticket." in op["description"]
    assert "null" in op["description"] and "omitted" in op["description"]
    assert op["security"] == [{"zohoOAuth": ["Desk.tickets.UPDATE"]}]


def test_servers() -> None:
    (server,) = DOC["servers"]
    assert server["url"] == "https://desk.zoho.{region}"
    region = server["variables"]["region"]
    assert region["default"] == "com"
    assert region["enum"] == ["com", "eu", "in", "com.au", "jp", "com.cn"]
    for value in region["enum"]:
        assert f"`{value}`" in region["description"], value


def test_security_scheme_and_its_extensions() -> None:
    scheme = DOC["components"]["securitySchemes"]["zohoOAuth"]
    assert scheme["type"] == "oauth2"
    assert scheme["x-specgen-token-prefix"] == "Zoho-oauthtoken"
    flow = scheme["flows"]["authorizationCode"]
    assert flow["authorizationUrl"] == "https://accounts.zoho.com/oauth/v2/auth"
    assert flow["tokenUrl"] == "https://accounts.zoho.com/oauth/v2/token"
    assert {"Desk.tickets.UPDATE", "Desk.tickets.ALL"} <= set(flow["scopes"])
    assert all(description.strip() for description in flow["scopes"].values())
    template = flow["x-specgen-token-url"]
    assert template == "https://accounts.zoho.{region}/oauth/v2/token"
    for name in ("x-specgen-token-prefix", "x-specgen-token-url"):
        assert name in scheme["description"], name

    # The template's placeholders are server variables; filled in with the default it is the
    # fixed tokenUrl, and every region yields an accounts host of that data centre.
    variables = DOC["servers"][0]["variables"]
    assert set(re.findall(r"\{(\w+)\}", template)) <= set(variables)
    assert template.format(region=variables["region"]["default"]) == flow["tokenUrl"]
    for region in variables["region"]["enum"]:
        assert template.format(region=region) == f"https://accounts.zoho.{region}/oauth/v2/token"


def parameters() -> dict[str, dict[str, Any]]:
    resolved = [deref(p) for p in operation()["parameters"]]
    return {p["name"]: p for p in resolved}


def test_parameters() -> None:
    params = parameters()
    assert set(params) == {"ticket_id", "orgId", "disableClosureNotification"}
    for p in operation()["parameters"]:
        assert p["$ref"].startswith("#/components/parameters/")

    ticket_id = params["ticket_id"]
    assert (ticket_id["in"], ticket_id["required"]) == ("path", True)
    assert ticket_id["schema"] == {"type": "string", "pattern": ID_PATTERN}
    assert "example" in ticket_id

    org_id = params["orgId"]
    assert (org_id["in"], org_id["required"]) == ("header", True)
    assert org_id["schema"] == {"type": "string", "pattern": ID_PATTERN}
    assert org_id["x-specgen-client-parameter"] is True
    # The note on the extension is for spec readers: a YAML comment, not the user-facing text.
    assert "x-specgen" not in org_id["description"]

    closure = params["disableClosureNotification"]
    assert closure["in"] == "query"
    assert closure.get("required", False) is False
    assert closure["schema"] == {"type": "boolean"}


def test_request_body() -> None:
    body = operation()["requestBody"]
    assert body["required"] is True
    assert list(body["content"]) == ["application/json"]
    media = body["content"]["application/json"]
    assert media["schema"] == {"$ref": "#/components/schemas/TicketUpdate"}
    examples = media["examples"]
    assert {"changeSubjectAndPriority", "reassign", "clearFields"} <= set(examples)
    cleared = [k for k, v in examples["clearFields"]["value"].items() if v is None]
    assert len(cleared) >= 3, cleared


def test_ticket_update_shape() -> None:
    schema = at(TICKET_UPDATE_PTR)
    assert set(schema["properties"]) == TICKET_UPDATE_FIELDS
    assert len(schema["properties"]) == 28
    assert "required" not in schema
    assert schema["minProperties"] == 1  # Zoho answers {} with 422 EMPTY_PAYLOAD
    assert schema["additionalProperties"] is False
    props = schema["properties"]
    for name, prop in props.items():
        assert prop.get("description", "").strip(), f"{name} has no description"
    for name in PICKLISTS:
        assert "enum" not in props[name] and "const" not in props[name], name
        assert props[name]["examples"], name
    for name in ID_FIELDS:
        assert props[name]["pattern"] == ID_PATTERN, name
    limits = {
        "subject": 1000,
        "description": 65535,
        "resolution": 65535,
        "email": 150,
        "phone": 120,
        "webUrl": 5000,
    }
    for name, limit in limits.items():
        assert props[name]["maxLength"] == limit, name
    assert props["secondaryContacts"]["maxItems"] == 20
    assert props["entitySkills"]["maxItems"] == 10
    assert props["contact"]["$ref"] == "#/components/schemas/Contact"
    assert props["responseDueDate"]["type"] == "null"


def field(name: str) -> str:
    return f"{TICKET_UPDATE_PTR}/properties/{name}"


def test_ticket_update_nullability() -> None:
    assert not accepts(field("subject"), None)
    assert not accepts(field("status"), None)
    clearable = (
        "description",
        "resolution",
        "assigneeId",
        "teamId",
        "productId",
        "email",
        "phone",
        "priority",
        "channel",
        "language",
        "category",
        "subCategory",
        "classification",
        "dueDate",
        "responseDueDate",
        "webUrl",
        "secondaryContacts",
        "entitySkills",
    )
    for name in clearable:
        assert accepts(field(name), None), name
    assert accepts(TICKET_UPDATE_PTR, {name: None for name in clearable})


@pytest.mark.parametrize(
    "body",
    [
        {"subject": "x" * 1000},
        {"dueDate": "2016-06-23T12:58:09Z"},
        {"dueDate": "2016-06-23T12:58:09.2Z"},
        {"dueDate": "2026-12-01T09:30:00.123Z"},  # milliseconds, as Zoho writes them
        {"cf": {"cf_a": 1.5, "cf_b": 3, "cf_c": None, "cf_d": "x" * 255}},
        {"customFields": {"Model Name": "F3 2017"}},
        {"contact": {"email": "carol@zylker.com"}},
        {"contact": {"lastName": "Smith", "firstName": "Carol"}},
        {"entitySkills": [str(n) for n in range(10)]},
        {"secondaryContacts": [str(n) for n in range(20)]},
        {"status": "Waiting on customer", "priority": "Urgent", "channel": "Carrier pigeon"},
    ],
    ids=lambda body: json.dumps(body)[:60],
)
def test_ticket_update_accepts(body: dict[str, Any]) -> None:
    assert errors_of(TICKET_UPDATE_PTR, body) == []


@pytest.mark.parametrize(
    "body",
    [
        {},  # minProperties: 1 (Zoho answers 422 EMPTY_PAYLOAD)
        {"disableClosureNotification": True},  # a query parameter, not a body field
        {"unknownField": "x"},
        {"subject": None},
        {"status": None},
        {"subject": "x" * 1001},
        {"departmentId": 1892000000006907},
        {"assigneeId": "18920000000x"},
        {"dueDate": datetime(2016, 6, 23, 12, 58, 9, 211000, tzinfo=UTC).isoformat()},
        {"dueDate": "2016-06-23T12:58:09.211123Z"},
        {"dueDate": "2016-06-23T12:58:09.211+05:30"},
        {"dueDate": "2016-06-23"},
        {"responseDueDate": "2016-06-23T12:58:09.211Z"},
        {"cf": {"cf_a": "x" * 256}},
        {"cf": {"cf_a": True}},
        {"cf": {"cf_a": ["list"]}},
        {"contact": {"firstName": "Carol"}},
        {"contact": {"lastName": "Smith", "mobile": "1"}},
        {"contact": {"lastName": "x" * 201}},
        {"entitySkills": [str(n) for n in range(11)]},
        {"secondaryContacts": [str(n) for n in range(21)]},
        {"uploads": [1892000001100001]},
    ],
    ids=lambda body: json.dumps(body)[:60],
)
def test_ticket_update_rejects(body: dict[str, Any]) -> None:
    assert not accepts(TICKET_UPDATE_PTR, body)


def test_ticket_is_lenient_about_unknown_keys_and_values() -> None:
    ticket = at("/components/schemas/Ticket")
    assert ticket["required"] == ["id"]
    assert ticket["additionalProperties"] is True
    assert "enum" not in ticket["properties"]["statusType"]
    assert ticket["properties"]["isDeleted"]["type"] == "string"
    assert ticket["properties"]["source"]["$ref"] == "#/components/schemas/TicketSource"
    assert accepts(
        "/components/schemas/Ticket",
        {
            "id": "1",
            "statusType": "Archived",
            "someNewKey": {"a": 1},
            "channelRelatedInfo": {"somethingElse": 1},
        },
    )
    assert accepts("/components/schemas/Ticket", {"id": "1", "channelRelatedInfo": None})
    assert not accepts("/components/schemas/Ticket", {"subject": "no id"})
    assert not accepts("/components/schemas/Ticket", {"id": 1892000001054003})
    assert not accepts("/components/schemas/Ticket", {"id": "1", "threadCount": 1})


def test_error_responses() -> None:
    responses = operation()["responses"]
    assert set(responses) == {"200", *ERROR_STATUSES}
    for status in ERROR_STATUSES:
        assert responses[status]["$ref"].startswith("#/components/responses/"), status
        response = deref(responses[status])
        assert response["description"].strip(), status
        media = response["content"]["application/json"]
        assert media["schema"] == {"$ref": "#/components/schemas/Error"}, status
        assert "example" in media or media.get("examples"), status

    def codes(status: str) -> set[str]:
        media = deref(responses[status])["content"]["application/json"]
        values = (
            [media["example"]]
            if "example" in media
            else [deref(e)["value"] for e in media["examples"].values()]
        )
        return {value["errorCode"] for value in values}

    assert "INVALID_OAUTH" in codes("401")
    assert "SCOPE_MISMATCH" in codes("403")
    assert "INVALID_DATA" in codes("422")
    assert codes("429") <= {"THRESHOLD_EXCEEDED", "TOO_MANY_REQUESTS"}

    unprocessable = deref(responses["422"])["content"]["application/json"]["examples"]
    details = [d for e in unprocessable.values() for d in deref(e)["value"].get("errors", [])]
    assert details and all(d["fieldName"].startswith("/") for d in details)
    assert any(d["fieldName"] == "/contactId" for d in details)


def test_retry_after_header_on_429() -> None:
    response = deref(operation()["responses"]["429"])
    header = response["headers"]["Retry-After"]
    assert header["description"].strip()
    assert header["schema"]["type"] == "string"
    assert header.get("required", False) is False  # Zoho does not always send it


def test_error_schema() -> None:
    error = at("/components/schemas/Error")
    assert set(error["required"]) == {"errorCode", "message"}
    assert error.get("additionalProperties", True) is not False
    assert error["properties"]["errors"]["items"] == {"$ref": "#/components/schemas/ErrorDetail"}
    detail = at("/components/schemas/ErrorDetail")
    assert set(detail["required"]) == {"fieldName", "errorType"}
    assert "enum" not in detail["properties"]["errorType"]
    assert accepts(
        "/components/schemas/Error",
        {
            "errorCode": "LICENSE_ACCESS_LIMITED",
            "message": "Upgrade",
            "maxAllowedEntity": 3,
            "feature": "SKILLS",
            "editionType": "STANDARD",
            "isTrial": False,
        },
    )
    assert not accepts("/components/schemas/Error", {"errorCode": "INVALID_DATA"})
    assert not accepts(
        "/components/schemas/Error",
        {"errorCode": "INVALID_DATA", "message": "x", "errors": [{"fieldName": "/a"}]},
    )


@pytest.mark.filterwarnings("ignore:Unsupported scheme type")  # openapi-core skips oauth2
@pytest.mark.parametrize("region", DOC["servers"][0]["variables"]["region"]["enum"])
def test_openapi_core_round_trip(region: str) -> None:
    """An independent implementation accepts a request to every data centre and the seed reply."""
    openapi_core = pytest.importorskip("openapi_core")
    from openapi_core.testing import MockRequest, MockResponse

    api = openapi_core.OpenAPI.from_dict(DOC)
    body = {"subject": "Renamed", "assigneeId": None, "dueDate": "2016-06-23T12:58:09.211Z"}
    request = MockRequest(
        f"https://desk.zoho.{region}",
        "patch",
        "/api/v1/tickets/1892000001054003",
        headers={"orgId": "663951000", "Authorization": "Zoho-oauthtoken 1000.abc"},
        args={"disableClosureNotification": "true"},
        data=json.dumps(body).encode(),
        content_type="application/json",
    )
    result = api.unmarshal_request(request)
    assert result.errors == []
    assert result.parameters.path == {"ticket_id": "1892000001054003"}
    assert result.parameters.header == {"orgId": "663951000"}
    assert result.parameters.query == {"disableClosureNotification": True}
    assert result.body["assigneeId"] is None

    rejected = MockRequest(
        f"https://desk.zoho.{region}",
        "patch",
        "/api/v1/tickets/1892000001054003",
        headers={"orgId": "663951000"},
        data=b'{"subject": null}',
        content_type="application/json",
    )
    assert api.unmarshal_request(rejected).errors

    if SEED_RESPONSE.is_file():
        response = MockResponse(SEED_RESPONSE.read_bytes(), content_type="application/json")
        assert api.unmarshal_response(request, response).errors == []
