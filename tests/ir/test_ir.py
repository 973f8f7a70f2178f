"""The IR: names, annotations and client-level facts decided once, from any spec."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from specgen.ir import naming
from specgen.ir import nodes as ir
from specgen.ir.build import Options, build_api
from specgen.ir.hoist import prepare
from tests.support.paths import CORPUS, ROOT, requires_corpus


def load(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def zoho() -> ir.Api:
    options = Options(package="zoho_desk", client_name="ZohoDesk")
    api = build_api(load(ROOT / "spec" / "openapi.yaml"), options)
    return api


@pytest.fixture(scope="module")
def mini() -> ir.Api:
    api = build_api(load(ROOT / "tests" / "fixtures" / "mini.yaml"), Options())
    return api


@pytest.mark.parametrize(
    ("spec_name", "snake", "pascal"),
    [
        ("orgId", "org_id", "OrgId"),
        ("HTTPCode", "http_code", "HttpCode"),
        (
            "disableClosureNotification",
            "disable_closure_notification",
            "DisableClosureNotification",
        ),
        ("Store Admin", "store_admin", "StoreAdmin"),
        ("x-request-id", "x_request_id", "XRequestId"),
        ("2fa", "n2_fa", "M2Fa"),
        ("", "value", "Model"),
        ("café", "cafe", "Cafe"),
    ],
)
def test_names(spec_name: str, snake: str, pascal: str) -> None:
    assert naming.snake(spec_name) == snake
    assert naming.pascal(spec_name) == pascal


def test_keywords_and_collisions_are_made_safe() -> None:
    assert naming.safe_identifier("class") == "class_"
    assert naming.safe_identifier("match") == "match_"  # soft keyword
    assert naming.safe_identifier("list") == "list"
    assert naming.safe_identifier("list", avoid_builtins=True) == "list_"
    assert naming.safe_identifier("timeout", avoid=naming.RESERVED_ARGUMENTS) == "timeout_"
    taken: set[str] = set()
    assert [naming.unique("Pet", taken) for _ in range(3)] == ["Pet", "Pet2", "Pet3"]


def test_zoho_operation(zoho: ir.Api) -> None:
    (resource,) = zoho.resources
    assert (resource.python_name, resource.class_name) == ("tickets", "Tickets")
    (op,) = resource.operations
    assert (op.python_name, op.method, op.path) == (
        "update_ticket",
        "PATCH",
        "/api/v1/tickets/{ticket_id}",
    )
    assert [p.python_name for p in op.path_params] == ["ticket_id"]
    assert [(p.python_name, p.annotation, p.required) for p in op.query_params] == [
        ("disable_closure_notification", "bool", False)
    ]
    assert op.header_params == ()  # orgId is client-level
    assert [p.python_name for p in op.client_params] == ["org_id"]
    assert op.return_annotation == "Ticket"
    assert op.security == (("zohoOAuth",),)
    assert op.body is not None and op.body.model == "TicketUpdate"
    fields = {f.python_name: f for f in op.body.fields}
    assert len(fields) == 28
    assert fields["subject"].annotation == "str" and not fields["subject"].nullable
    assert fields["due_date"].annotation == "datetime | str | None"
    assert fields["due_date"].optional_annotation == "datetime | str | NotGiven | None"
    assert fields["cf"].annotation == "Mapping[str, str | float | None]"
    # The dict form is a TypedDict, so that mypy checks its keys.
    assert fields["contact"].annotation == "Contact | ContactParam"
    statuses = {r.status: r for r in op.responses}
    assert sorted(statuses) == [
        "200",
        "400",
        "401",
        "403",
        "404",
        "405",
        "413",
        "415",
        "422",
        "429",
        "500",
    ]
    assert statuses["429"].headers[0].name == "Retry-After"
    assert all(statuses[s].model == "Error" for s in statuses if s != "200")


def test_zoho_client_facts(zoho: ir.Api) -> None:
    (scheme,) = zoho.security_schemes
    assert scheme.kind is ir.AuthKind.OAUTH2
    assert scheme.token_prefix == "Zoho-oauthtoken"
    assert scheme.token_url == "https://accounts.zoho.{region}/oauth/v2/token"
    assert zoho.refresh_schemes == (scheme,)
    assert zoho.server is not None
    (region,) = zoho.server.variables
    assert (region.python_name, region.default) == ("region", "com")
    assert region.annotation.startswith('Literal["com", "eu"')
    assert [(p.python_name, p.location, p.required) for p in zoho.client_params] == [
        ("org_id", ir.ParameterLocation.HEADER, True)
    ]
    models = {m.name: m for m in zoho.models}
    assert models["TicketUpdate"].used_in_request and not models["TicketUpdate"].used_in_response
    assert set(models["TicketUpdate"].non_nullable) >= {"subject", "status"}
    assert models["Ticket"].used_in_response and models["Ticket"].non_nullable == ()
    assert "TicketChannelRelatedInfo" in models  # an inline object, hoisted and named


def test_names_and_imports_the_package_templates_lay_out(zoho: ir.Api) -> None:
    (resource,) = zoho.resources
    assert resource.class_names == ("AsyncTicketsResource", "TicketsResource")
    assert resource.exports == (
        "AsyncTicketsResource",
        "AsyncTicketsResourceWithRawResponse",
        "TicketsResource",
        "TicketsResourceWithRawResponse",
    )
    assert resource.operations[0].endpoint_name == "_UPDATE_TICKET"
    stdlib = [module for module, _ in resource.stdlib_imports]
    assert stdlib == sorted(stdlib) and {"collections.abc", "functools"} <= set(stdlib)
    local = dict(resource.local_imports)
    assert list(local) == [
        ".._base_client",
        ".._response",
        ".._types",
        ".._utils",
        "._resource",
    ]
    # Models and params for type checkers only: the Endpoint names its response types by text,
    # so the error model (named by no signature) is not imported at all.
    assert resource.type_checking_imports == (
        ("..models", ("Contact", "Ticket", "TicketUpdate")),
        ("..params", ("ContactParam", "TicketUpdateParam")),
    )
    assert "typing" in stdlib
    assert resource.operations[0].responses[1].runtime_annotation == '"Error"'
    # The operation has a body, and a path parameter with a pattern.
    assert local[".._utils"] == ("build_body", "check_parameters")
    assert local[".._types"] == ("NOT_GIVEN", "NotGiven", "Timeout")
    assert zoho.resource_imports == ((".tickets", resource.class_names),)
    assert zoho.client_imports == (
        ("collections.abc", ("Awaitable", "Callable", "Mapping")),
        ("typing", ("Literal",)),
    )
    assert zoho.has_server and zoho.server_url == "https://desk.zoho.{region}"
    assert zoho.example_arguments == ('access_token="..."', 'org_id="..."', 'region="eu"')
    assert "ZohoDesk" in zoho.package_exports and "errors" in zoho.package_exports


def test_layout_facts_without_servers_bodies_or_tokens() -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"get": {"operationId": "listA", "tags": ["Admin"], "responses": {}}},
        },
    }
    api = build_api(doc, Options())
    assert (api.has_server, api.server_url, api.server_variables) == (False, "", ())
    assert api.client_imports == (("collections.abc", ("Mapping",)),)
    assert api.example_arguments == ()
    (admin,) = api.resources
    # isort's order, which is not always Async first.
    assert admin.class_names == ("AdminResource", "AsyncAdminResource")
    assert api.resource_imports == ((".admin", ("AdminResource", "AsyncAdminResource")),)
    assert ".._utils" not in dict(admin.local_imports)
    assert admin.doc_text == "Operations of the Admin tag."


@pytest.mark.parametrize(
    ("root", "info", "expected"),
    [
        (None, None, ()),
        ("X-Trace-Id", None, ("X-Trace-Id",)),
        (None, ["X-A", " X-B ", "", 7], ("X-A", "X-B")),
        ("X-Root", "X-Info", ("X-Root",)),  # the document root wins over info
        (42, "X-Info", ("X-Info",)),  # not a name: ignored
    ],
)
def test_the_request_id_header_extension(
    root: object, info: object, expected: tuple[str, ...]
) -> None:
    doc: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    if root is not None:
        doc["x-specgen-request-id-header"] = root
    if info is not None:
        doc["info"]["x-specgen-request-id-header"] = info
    api = build_api(doc, Options())
    assert api.request_id_headers == expected


def test_mini_names_and_hoisting(mini: ir.Api) -> None:
    assert (mini.package, mini.client_name, mini.async_client_name) == (
        "mini_shop",
        "MiniShop",
        "AsyncMiniShop",
    )
    assert [r.python_name for r in mini.resources] == ["items", "store_admin"]
    items = mini.resources[0]
    assert [op.python_name for op in items.operations] == ["get_item", "update_item", "list_items"]
    get_item = items.operations[0]
    assert [p.python_name for p in get_item.parameters] == ["item_id", "expand", "x_trace"]
    assert get_item.path_params[0].annotation == "int"  # path-item level parameter
    assert items.operations[2].return_annotation == "list[Item]"
    assert items.operations[2].query_params[0].annotation == "Sequence[str]"
    stats = mini.resources[1].operations[0]
    assert stats.return_annotation == "GetStatsResponse"  # inline response object, hoisted
    assert stats.security == (("apiKey",),)
    update = items.operations[1]
    assert update.body is not None
    assert {f.python_name: f.annotation for f in update.body.fields} == {
        "name": "str",
        "price": "float | None",
        "state": 'ItemPatchState | Literal["new", "used"]',
    }
    assert {s.python_name for s in mini.security_schemes} == {"access_token", "api_key"}


def test_names_are_stable_when_unrelated_parts_change() -> None:
    base = load(ROOT / "tests" / "fixtures" / "mini.yaml")
    grown = copy.deepcopy(base)
    grown["components"]["schemas"]["Zebra"] = {
        "type": "object",
        "properties": {"a": {"type": "string"}},
    }
    grown["paths"]["/zebras"] = {
        "get": {
            "operationId": "listZebras",
            "tags": ["zoo"],
            "responses": {"200": {"description": "ok"}},
        }
    }
    first = build_api(base, Options())
    second = build_api(grown, Options())
    assert first.resources[0] == second.resources[0]
    assert {m.name for m in first.models} <= {m.name for m in second.models}


def test_component_names_become_safe_unique_classes() -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "pet": {"type": "object", "properties": {"a": {"type": "string"}}},
                "Pet": {
                    "type": "object",
                    "properties": {"b": {"$ref": "#/components/schemas/pet"}},
                },
                "BaseModel": {"type": "object", "properties": {"c": {"type": "string"}}},
                "id": {"type": "string", "pattern": "^[0-9]+$"},
                "Holder": {
                    "type": "object",
                    "properties": {"id": {"$ref": "#/components/schemas/id"}},
                },
            }
        },
    }
    prepared = prepare(doc)
    schemas = prepared.document["components"]["schemas"]
    assert set(schemas) == {"Pet", "Pet2", "BaseModel2", "Holder"}  # "id" was inlined
    assert schemas["Pet"]["properties"]["b"] == {"$ref": "#/components/schemas/Pet2"}
    assert schemas["Holder"]["properties"]["id"] == {"type": "string", "pattern": "^[0-9]+$"}


@requires_corpus
def test_petstore_ir() -> None:
    api = build_api(load(CORPUS / "swagger-petstore" / "v3.0" / "openapi.yaml"), Options())
    assert [r.python_name for r in api.resources] == ["pet", "store", "user"]
    kinds = {s.name: (s.kind, s.python_name) for s in api.security_schemes}
    assert kinds == {
        "petstore_auth": (ir.AuthKind.OAUTH2, "access_token"),
        "api_key": (ir.AuthKind.API_KEY, "api_key"),
    }
    ops = {op.operation_id: op for op in api.operations}
    assert ops["findPetsByStatus"].return_annotation == "list[Pet]"
    assert ops["getPetById"].path_params[0].annotation == "int"
