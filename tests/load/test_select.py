"""include/exclude: `specgen.document.select` on small documents, the CLI, and GitHub's `repos` tag.

The unit tests build a document in which every kind of reach occurs once (a `$ref` in allOf,
oneOf, items and properties, a discriminator mapping, component parameters, responses, headers,
examples, request bodies, security requirements) beside components nothing selected reaches, and
check what `select` keeps. The CLI tests run `specgen` in a subprocess. The corpus test generates
GitHub's `repos` operations alone and compares them with the document, read independently.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from specgen.document.select import Selection, SelectionError, select
from tests.support.generated import models_source
from tests.support.paths import CORPUS, ROOT, requires_corpus

MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
GITHUB = CORPUS / "github" / "api.github.com.json"
PETSTORE = CORPUS / "swagger-petstore" / "v3.0" / "openapi.yaml"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def ok(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "OK", **json_body(schema)}}


def shop() -> dict[str, Any]:
    """Pets (tag pets), orders (tag store) and users (tag users), with components of each."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Shop", "version": "1"},
        "security": [{"bearer": []}],
        "tags": [{"name": "pets"}, {"name": "store"}, {"name": "users"}],
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "pets/list",
                    "tags": ["pets"],
                    "parameters": [ref("parameters", "Limit")],
                    "responses": ok({"type": "array", "items": ref("schemas", "Pet")}),
                },
                "post": {
                    "operationId": "pets/create",
                    "tags": ["pets"],
                    "requestBody": ref("requestBodies", "NewPet"),
                    "responses": {"201": ref("responses", "Created")},
                },
            },
            "/pets/{id}": {
                "parameters": [ref("parameters", "Id")],
                "get": {
                    "operationId": "pets/get",
                    "tags": ["pets"],
                    "responses": ok(ref("schemas", "Pet")),
                },
                "delete": {
                    "operationId": "pets/delete",
                    "tags": ["pets", "admin"],
                    "security": [{"adminKey": []}],
                    "responses": {"204": {"description": "Gone"}},
                },
            },
            "/store/orders": {
                "get": {
                    "operationId": "store/orders",
                    "tags": ["store"],
                    "responses": ok(
                        {"type": "array", "items": ref("schemas", "Order")},
                    ),
                },
            },
            "/users/{name}": ref("pathItems", "User"),
        },
        "components": {
            "schemas": {
                "Pet": {
                    "allOf": [ref("schemas", "Named")],
                    "properties": {
                        "kind": {"oneOf": [ref("schemas", "Cat"), ref("schemas", "Dog")]},
                        "owner": {"$ref": "#/components/schemas/Owner/properties/id"},
                        "example": {"type": "string"},
                    },
                    "example": {"note": ref("schemas", "OnlyInExample")},
                },
                "Named": {"properties": {"name": {"type": "string"}}},
                "Cat": {
                    "properties": {"lives": {"type": "integer"}},
                    "discriminator": {
                        "propertyName": "breed",
                        "mapping": {"siamese": "#/components/schemas/Siamese", "tabby": "Tabby"},
                    },
                },
                "Dog": {"type": "object"},
                "Siamese": {"type": "object"},
                "Tabby": {"type": "object"},
                "Owner": {"properties": {"id": {"type": "integer"}}},
                "OnlyInExample": {"type": "object"},
                "Order": {"properties": {"pet": ref("schemas", "Pet")}},
                "User": {"type": "object"},
                "Unused": {"type": "object"},
            },
            "parameters": {
                "Limit": {"name": "limit", "in": "query", "schema": ref("schemas", "PageSize")},
                "Id": {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                "UnusedParam": {"name": "x", "in": "query", "schema": {"type": "string"}},
            },
            "requestBodies": {
                "NewPet": {
                    **json_body(ref("schemas", "Pet")),
                    "content": {
                        "application/json": {
                            "schema": ref("schemas", "Pet"),
                            "examples": {"rex": ref("examples", "Rex")},
                        }
                    },
                },
            },
            "responses": {
                "Created": {
                    "description": "Created",
                    "headers": {"Location": ref("headers", "Location")},
                },
                "UnusedResponse": {"description": "never"},
            },
            "headers": {"Location": {"schema": ref("schemas", "Url")}},
            "examples": {"Rex": {"value": {"name": "Rex"}}, "UnusedExample": {"value": 1}},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "adminKey": {"type": "apiKey", "in": "header", "name": "X-Admin"},
                "unusedScheme": {"type": "http", "scheme": "basic"},
            },
            "pathItems": {
                "User": {
                    "get": {
                        "operationId": "users/get",
                        "tags": ["users"],
                        "responses": ok(ref("schemas", "User")),
                    },
                    "delete": {
                        "operationId": "users/delete",
                        "tags": ["users", "admin"],
                        "responses": {"204": {"description": "Gone"}},
                    },
                },
            },
        },
    }
    # PageSize and Url are referenced but missing: validation reports those, select skips them.


def kept_operations(document: dict[str, Any]) -> set[str]:
    found = set()
    for path, item in document.get("paths", {}).items():
        target = item
        if "$ref" in item:
            target = document["components"]["pathItems"][item["$ref"].rsplit("/", 1)[1]]
        for method in METHODS:
            if method in target:
                found.add(target[method].get("operationId", f"{method} {path}"))
    return found


def run(include: list[str] = [], exclude: list[str] = []) -> dict[str, Any]:  # noqa: B006
    return select(shop(), Selection.parse(include, exclude)).document


def components(document: dict[str, Any], kind: str) -> set[str]:
    return set(document.get("components", {}).get(kind, {}))


def test_a_tag_keeps_its_operations_and_the_components_they_reach_transitively() -> None:
    pruned = run(["tag:pets"])
    assert kept_operations(pruned) == {"pets/list", "pets/create", "pets/get", "pets/delete"}
    assert set(pruned["paths"]) == {"/pets", "/pets/{id}"}
    # allOf, oneOf, items, a ref into a schema's property, and both kinds of mapping value;
    # a `$ref` inside example data is data.
    assert components(pruned, "schemas") == {
        "Pet", "Named", "Cat", "Dog", "Siamese", "Tabby", "Owner",
    }  # fmt: skip
    assert components(pruned, "parameters") == {"Limit", "Id"}  # Id from the path item
    assert components(pruned, "requestBodies") == {"NewPet"}
    assert components(pruned, "responses") == {"Created"}
    assert components(pruned, "headers") == {"Location"}  # through a response
    assert components(pruned, "examples") == {"Rex"}  # through a request body
    # The document's default security and an operation's own.
    assert components(pruned, "securitySchemes") == {"bearer", "adminKey"}
    assert "pathItems" not in pruned["components"]
    # Everything else at the top level stays as written.
    assert pruned["info"] == shop()["info"] and pruned["tags"] == shop()["tags"]


def test_an_unselected_tag_takes_its_schemas_along() -> None:
    pruned = run(["tag:store"])
    assert kept_operations(pruned) == {"store/orders"}
    assert "Pet" in components(pruned, "schemas")  # Order reaches Pet
    assert {"Unused", "User", "OnlyInExample"}.isdisjoint(components(pruned, "schemas"))
    assert components(pruned, "securitySchemes") == {"bearer"}
    assert components(pruned, "parameters") == set()
    assert "parameters" not in pruned["components"]


def test_paths_match_exactly_or_by_glob() -> None:
    assert kept_operations(run(["path:/pets"])) == {"pets/list", "pets/create"}
    assert kept_operations(run(["path:/pets/*"])) == {"pets/get", "pets/delete"}
    assert kept_operations(run(["path:/pets*"])) == {
        "pets/list", "pets/create", "pets/get", "pets/delete",
    }  # fmt: skip
    # `*` crosses `/`; `?` and classes work too.
    assert kept_operations(run(["path:/*/orders"])) == {"store/orders"}
    assert kept_operations(run(["path:/[su]*"])) == {"store/orders", "users/get", "users/delete"}


def test_operation_ids_match_exactly_or_by_glob() -> None:
    assert kept_operations(run(["operation:pets/get"])) == {"pets/get"}
    assert kept_operations(run(["operation:*/delete"])) == {"pets/delete", "users/delete"}
    # Several includes add up.
    assert kept_operations(run(["operation:pets/get", "tag:store"])) == {"pets/get", "store/orders"}


def test_exclude_wins_over_include_and_works_alone() -> None:
    pruned = run(["tag:pets"], ["tag:admin"])
    assert kept_operations(pruned) == {"pets/list", "pets/create", "pets/get"}
    # pets/delete was the only operation that required adminKey.
    assert components(pruned, "securitySchemes") == {"bearer"}
    assert kept_operations(run([], ["tag:pets", "tag:users"])) == {"store/orders"}


def test_a_partly_selected_path_item_keeps_its_other_parts_and_a_shared_one_is_inlined() -> None:
    pruned = run(["operation:pets/get"])
    item = pruned["paths"]["/pets/{id}"]
    assert set(item) == {"parameters", "get"}  # delete is gone, the path parameters stay

    pruned = run(["operation:users/get"])
    shared = shop()["components"]["pathItems"]["User"]
    assert pruned["paths"]["/users/{name}"] == {"get": shared["get"]}
    assert components(pruned, "schemas") == {"User"}
    assert "pathItems" not in pruned["components"]  # nothing refers to it any more

    # Wholly selected, the path item keeps its `$ref`, and the component stays.
    pruned = run(["tag:users"])
    assert pruned["paths"]["/users/{name}"] == ref("pathItems", "User")
    assert components(pruned, "pathItems") == {"User"}


def test_webhooks_are_selected_by_tag_and_operation_id_not_by_path() -> None:
    document = shop()
    document["webhooks"] = {
        "petBorn": {"post": {"operationId": "hooks/petBorn", "tags": ["pets"],
                             "requestBody": json_body(ref("schemas", "Dog"))}},
    }  # fmt: skip
    with_hooks = select(document, Selection.parse(["tag:pets"])).document
    assert set(with_hooks["webhooks"]) == {"petBorn"}
    without = select(document, Selection.parse(["path:/pets*"], ["operation:hooks/*"])).document
    assert without["webhooks"] == {}
    assert "Dog" in components(without, "schemas")  # still reached from Pet


def test_anchors_and_ids_keep_the_schema_that_declares_them() -> None:
    document = shop()
    schemas = document["components"]["schemas"]
    schemas["Named"]["properties"]["tag"] = {"$ref": "#label"}
    schemas["Named"]["properties"]["code"] = {"$ref": "https://example.com/code"}
    schemas["Label"] = {"$anchor": "label", "type": "string"}
    schemas["Code"] = {"$id": "https://example.com/code", "type": "string"}
    pruned = select(document, Selection.parse(["operation:pets/get"])).document
    assert {"Label", "Code"} <= components(pruned, "schemas")
    assert "Unused" not in components(pruned, "schemas")


def test_the_input_document_is_left_as_it_was() -> None:
    document = shop()
    before = copy.deepcopy(document)
    select(document, Selection.parse(["operation:pets/get", "operation:users/get"]))
    assert document == before


@pytest.mark.parametrize(
    ("include", "exclude", "message"),
    [
        (["tag:pet"], [], "include selector 'tag:pet' matches no operation (did you mean tag:pets"),
        ([], ["operation:pets/gte"], "exclude selector 'operation:pets/gte' matches no operation"),
        (["path:/nowhere/*"], [], "include selector 'path:/nowhere/*' matches no operation"),
        (["tag:pets"], ["tag:pets"], "the selection (include tag:pets, exclude tag:pets) leaves"),
        (["tags:pets"], [], "selector 'tags:pets' has kind 'tags' (use one of tag:, path:,"),
        (["pets"], [], "selector 'pets' has no kind (use one of tag:, path:, operation:)"),
        (["tag:"], [], "selector 'tag:' has an empty pattern"),
    ],
)  # fmt: skip
def test_bad_selectors_are_usage_errors_that_name_them(
    include: list[str], exclude: list[str], message: str
) -> None:
    with pytest.raises(SelectionError) as caught:
        select(shop(), Selection.parse(include, exclude))
    assert str(caught.value).startswith(message)
    assert caught.value.exit_code == 2


def test_a_ref_into_an_operation_left_out_is_refused() -> None:
    document = shop()
    document["paths"]["/store/orders"]["get"]["parameters"] = [
        {"$ref": "#/paths/~1pets/get/parameters/0"}
    ]
    with pytest.raises(SelectionError, match="include that operation too"):
        select(document, Selection.parse(["tag:store"]))
    assert kept_operations(select(document, Selection.parse(["tag:store", "tag:pets"])).document)


# --- the command line ---------------------------------------------------------------------------


def specgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def endpoints(out: Path, package: str) -> set[tuple[str, str]]:
    """(METHOD, path) of every operation the generated package can call, read by importing it."""
    script = textwrap.dedent(
        f"""
        import importlib, json, pkgutil
        import {package}.resources as resources
        from {package}._base_client import Endpoint
        found = set()
        for info in pkgutil.iter_modules(resources.__path__):
            module = importlib.import_module(f"{package}.resources.{{info.name}}")
            found |= {{(v.method, v.path) for v in vars(module).values()
                       if isinstance(v, Endpoint)}}
        print(json.dumps(sorted(found)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=out, capture_output=True, text=True, check=True
    )
    return {(method, path) for method, path in json.loads(result.stdout)}


def project(tmp_path: Path, table: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.specgen]\nspec = "{MINI.as_posix()}"\nout = "out"\npackage = "mini"\n{table}'
    )
    return tmp_path


def test_cli_include_from_the_table_generates_only_that_and_check_follows_it(
    tmp_path: Path,
) -> None:
    root = project(tmp_path, 'include = ["tag:items"]\nexclude = ["operation:updateItem"]\n')
    result = specgen("generate", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "selection (include tag:items, exclude operation:updateItem): 2 of 4 operations" in (
        result.stdout
    )
    assert endpoints(root / "out", "mini") == {("GET", "/items/{item_id}"), ("GET", "/items")}
    assert not (root / "out" / "mini" / "resources" / "store_admin.py").exists()
    models = models_source(root / "out" / "mini")
    assert "class ItemPatch" not in models and "class Item(" in models

    assert specgen("check", cwd=root).returncode == 0
    # Another selection on the command line replaces the table's: the output is stale now.
    drift = specgen("check", "--include", "tag:Store Admin", cwd=root)
    assert drift.returncode == 1
    assert "mini/resources/store_admin.py" in drift.stdout


def test_cli_bad_selectors_exit_2_and_name_the_selector(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for args, message in (
        (["--include", "tag:item"], "include selector 'tag:item' matches no operation"),
        (["--exclude", "verb:get"], "selector 'verb:get' has kind 'verb'"),
    ):
        result = specgen("generate", "--spec", str(MINI), "--out", str(out), *args, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert message in result.stderr
        assert "Traceback" not in result.stderr
        assert not out.exists()
    bad_table = project(tmp_path, 'include = "tag:items"\n')
    result = specgen("generate", cwd=bad_table)
    assert result.returncode == 2
    assert "[tool.specgen] include must be a list of strings" in result.stderr


def test_cli_validate_checks_the_whole_document_and_says_what_the_selection_keeps(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "broken.yaml"
    text = MINI.read_text()
    broken.write_text(
        text.replace("schema: {type: boolean}", "schema: {type: boolean}\n          example: 3")
    )
    # The bad example is in getItem; a selection without it does not hide it from validate.
    result = specgen(
        "validate", "--strict", str(broken), "--include", "tag:Store Admin", cwd=tmp_path
    )
    assert result.returncode == 1
    assert "example does not match its schema" in result.stderr
    assert "selection (include tag:Store Admin): 1 of 4 operations" in result.stderr
    assert "validate checks the whole document" in result.stderr

    result = specgen("validate", str(MINI), "--include", "tag:items", cwd=tmp_path)
    assert result.returncode == 0
    assert "3 of 4 operations" in result.stderr
    assert specgen("validate", str(MINI), "--include", "tag:nope", cwd=tmp_path).returncode == 2


# --- a real document: GitHub's `repos` tag ------------------------------------------------------

needs_corpus = requires_corpus

# GitHub's one bad example (a string where the schema says integer), fixed by an overlay.
GITHUB_FIX = """\
overlay: 1.0.0
info: {title: Fix GitHub's contributor-activity example, version: 1.0.0}
actions:
  - target: $.components.schemas['contributor-activity'].properties.weeks.example[0]
    update: {w: 1367712000}
"""


def document_operations(document: dict[str, Any], tag: str) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS and tag in operation.get("tags", [])
    }


def reachable_schemas(document: dict[str, Any], roots: list[Any]) -> set[str]:
    """Component schemas named by `#/components/...` refs, followed transitively: a regex over
    the JSON text, nothing shared with the implementation."""
    pattern = re.compile(r'"#/components/(\w+)/([^"/]+)"')
    seen: set[tuple[str, str]] = set()
    todo = set(pattern.findall(json.dumps(roots)))
    while todo:
        kind, name = todo.pop()
        if (kind, name) not in seen:
            seen.add((kind, name))
            target = document["components"].get(kind, {}).get(name, {})
            todo |= set(pattern.findall(json.dumps(target)))
    return {name for kind, name in seen if kind == "schemas"}


@pytest.fixture(scope="module")
def github_repos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("github")
    (folder / "fix.yaml").write_text(GITHUB_FIX)
    result = specgen(
        "generate", "--spec", str(GITHUB), "--out", "out", "--package", "github",
        "--overlay", "fix.yaml", "--include", "tag:repos",
        cwd=folder,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return folder / "out"


@needs_corpus
def test_github_repos_tag_alone_generates_exactly_its_operations(github_repos: Path) -> None:
    document = json.loads(GITHUB.read_text())
    expected = document_operations(document, "repos")
    assert len(expected) > 100
    assert endpoints(github_repos, "github") == expected
    assert [p.name for p in (github_repos / "github" / "resources").glob("[!_]*.py")] == [
        "repos.py"
    ]


@needs_corpus
def test_github_repos_models_hold_only_the_schemas_repos_reaches(github_repos: Path) -> None:
    from specgen.ir.naming import pascal

    document = json.loads(GITHUB.read_text())
    roots = [
        item for path, item in document["paths"].items()
        if any(m in METHODS and "repos" in op.get("tags", []) for m, op in item.items())
    ]  # fmt: skip
    # Path items hold other tags' operations too: take the repos ones and the shared parameters.
    roots = [
        [op for m, op in item.items() if m in METHODS and "repos" in op.get("tags", [])]
        + [item.get("parameters", [])]
        for item in roots
    ]
    reached = reachable_schemas(document, roots)
    embedded = json.loads((github_repos / "tests" / "openapi.yaml").read_text().split("\n", 1)[1])
    assert set(embedded["components"]["schemas"]) == reached

    models = models_source(github_repos / "github")
    classes = set(re.findall(r"^class (\w+)\(", models, re.MULTILINE))
    unreached = set(document["components"]["schemas"]) - reached
    assert len(unreached) > len(reached)  # most of GitHub's schemas are not for repos
    assert sorted(n for n in unreached if pascal(n) in classes) == []
    assert "ContributorActivity" in classes and "WorkflowRun" not in classes


@needs_corpus
def test_petstore_by_tag_with_an_exclude(tmp_path: Path) -> None:
    result = specgen(
        "generate", "--spec", str(PETSTORE), "--out", "out", "--package", "petstore",
        "--include", "tag:store", "--exclude", "operation:deleteOrder",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = __import__("yaml").safe_load(PETSTORE.read_text())
    expected = document_operations(document, "store") - {("DELETE", "/store/order/{orderId}")}
    assert endpoints(tmp_path / "out", "petstore") == expected
    models = models_source(tmp_path / "out" / "petstore")
    assert "class Order(" in models and "class Pet(" not in models
