"""A client generated on the fly from the Swagger Petstore (OpenAPI 3.0, ../shared/corpus), used
end to end through its public surface against a real HTTP server on 127.0.0.1, then checked with
mypy --strict, ruff check and ruff format --check.

`specgen generate` runs as a real subprocess, in a temporary folder outside this repository, so
that no `[tool.specgen]` table of a pyproject.toml applies (the client class is named from the
spec's title). The package is written to `<tmp>/generated/petstore`, so that the repository's ruff
configuration treats it exactly like `generated/zoho_desk`.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.generated import (
    BIN,
    CORPUS,
    REPO,
    SleepRecorder,
    assert_backoff,
    import_package,
    leaked,
    run_mypy,
)
from tests.support.server import Reply, ScriptedServer

SPEC_FILE = CORPUS / "swagger-petstore" / "v3.0" / "openapi.yaml"
PYPROJECT = REPO / "pyproject.toml"
DOGGIE = {
    "id": 10,
    "name": "doggie",
    "category": {"id": 1, "name": "Dogs"},
    "photoUrls": ["https://img.example/doggie.jpg"],
    "tags": [{"id": 0, "name": "good"}],
    "status": "available",
}
DOGGIE_BYTES = (
    b'{"id":10,"name":"doggie","category":{"id":1,"name":"Dogs"},'
    b'"photoUrls":["https://img.example/doggie.jpg"],"tags":[{"id":0,"name":"good"}],'
    b'"status":"available"}'
)


# -- generation -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder `specgen generate` ran in; the package is in `generated/petstore`."""
    if not SPEC_FILE.is_file():
        pytest.skip(f"the Swagger Petstore spec is not at {SPEC_FILE} (../shared/corpus is absent)")
    folder = tmp_path_factory.mktemp("petstore")
    result = subprocess.run(
        [
            str(BIN / "specgen"),
            "generate",
            "--spec",
            str(SPEC_FILE),
            "--out",
            str(folder / "generated"),
            "--package",
            "petstore",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "written" in result.stdout, result.stdout
    return folder


@pytest.fixture(scope="module")
def petstore(workdir: Path) -> ModuleType:
    return import_package("petstore", workdir / "generated")


@pytest.fixture(scope="module")
def clients(petstore: ModuleType) -> tuple[type[Any], type[Any]]:
    """The sync and async client classes, found among the package's exports."""
    base = importlib.import_module("petstore._base_client")
    exported = [getattr(petstore, name) for name in petstore.__all__]
    sync = [c for c in exported if isinstance(c, type) and issubclass(c, base.SyncAPIClient)]
    asynchronous = [
        c for c in exported if isinstance(c, type) and issubclass(c, base.AsyncAPIClient)
    ]
    assert len(sync) == 1 and len(asynchronous) == 1, petstore.__all__
    assert asynchronous[0].__name__ == "Async" + sync[0].__name__
    return sync[0], asynchronous[0]


@pytest.fixture(autouse=True)
def _no_petstore_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("PETSTORE_"):
            monkeypatch.delenv(name)


@pytest.fixture
def models(petstore: ModuleType) -> ModuleType:
    return importlib.import_module("petstore.models")


@pytest.fixture
def errors(petstore: ModuleType) -> ModuleType:
    return importlib.import_module("petstore.errors")


def make_client(
    clients: tuple[type[Any], type[Any]], server: ScriptedServer, **kwargs: Any
) -> tuple[Any, SleepRecorder]:
    client = clients[0](base_url=server.url, **kwargs)
    sleeps = SleepRecorder()
    client._sleep = sleeps
    return client, sleeps


def test_the_package_is_generated(workdir: Path, clients: tuple[type[Any], type[Any]]) -> None:
    package = workdir / "generated" / "petstore"
    for name in ("__init__.py", "_client.py", "models/__init__.py", "errors.py", "py.typed"):
        assert (package / name).is_file(), name
    for tag in ("pet", "store", "user"):
        assert (package / "resources" / f"{tag}.py").is_file(), tag
    assert clients[0].__name__ == "SwaggerPetstoreOpenApi30"


# -- the client -------------------------------------------------------------------------------


def test_tags_become_resources(clients: tuple[type[Any], type[Any]]) -> None:
    client = clients[0](api_key="k")
    assert client.base_url == "https://petstore3.swagger.io/api/v3"  # the spec's server
    operations = {
        "pet": {
            "add_pet",
            "update_pet",
            "find_pets_by_status",
            "find_pets_by_tags",
            "get_pet_by_id",
            "update_pet_with_form",
            "delete_pet",
            "upload_file",
        },
        "store": {"get_inventory", "place_order", "get_order_by_id", "delete_order"},
        "user": {
            "create_user",
            "create_users_with_list_input",
            "login_user",
            "logout_user",
            "get_user_by_name",
            "update_user",
            "delete_user",
        },
    }
    for tag, names in operations.items():
        resource = getattr(client, tag)
        public = {n for n in dir(resource) if not n.startswith("_") and n != "with_raw_response"}
        assert public == names, tag
        assert {n for n in dir(resource.with_raw_response) if not n.startswith("_")} == names
    client.close()


def test_api_key_scheme_sends_the_api_key_header(
    clients: tuple[type[Any], type[Any]], server: ScriptedServer, models: ModuleType
) -> None:
    server.enqueue(Reply.json(DOGGIE), Reply.json({"available": 7, "sold": 2}))
    client, _ = make_client(clients, server, api_key="special-key")
    pet = client.pet.get_pet_by_id(5)
    inventory = client.store.get_inventory()
    assert isinstance(pet, models.Pet)
    assert pet.name == "doggie" and pet.photo_urls == ["https://img.example/doggie.jpg"]
    assert inventory == {"available": 7, "sold": 2}
    for request in server.requests:
        assert request.method == "GET"
        assert request.header("api_key") == "special-key"
        assert request.header("Authorization") is None
    assert [r.path for r in server.requests] == ["/pet/5", "/store/inventory"]


def test_oauth_bearer_sends_the_access_token(
    clients: tuple[type[Any], type[Any]], server: ScriptedServer, models: ModuleType
) -> None:
    server.enqueue(Reply.json([DOGGIE, {**DOGGIE, "id": 11, "name": "kitty"}]))
    server.enqueue(Reply.json(DOGGIE))
    client, _ = make_client(clients, server, access_token="tok-123")
    pets = client.pet.find_pets_by_status(status="available")
    client.pet.get_pet_by_id(5)  # api_key or petstore_auth: the token is enough
    assert isinstance(pets, list) and [type(p) for p in pets] == [models.Pet] * 2
    assert [p.name for p in pets] == ["doggie", "kitty"]
    first, _ = server.requests
    assert (first.path, first.query) == ("/pet/findByStatus", "status=available")
    for request in server.requests:
        assert request.header("Authorization") == "Bearer tok-123"
        assert request.header("api_key") is None


def test_environment_variables_are_fallbacks(
    clients: tuple[type[Any], type[Any]], server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PETSTORE_BASE_URL", server.url)
    monkeypatch.setenv("PETSTORE_API_KEY", "env-key")
    server.enqueue(Reply.json(DOGGIE))
    with clients[0]() as client:
        assert client.base_url == server.url
        client.pet.get_pet_by_id(1)
    assert server.requests[0].header("api_key") == "env-key"


def test_missing_credentials_send_nothing_and_public_operations_need_none(
    clients: tuple[type[Any], type[Any]], server: ScriptedServer, errors: ModuleType
) -> None:
    client, _ = make_client(clients, server)
    with pytest.raises(errors.MissingCredentialsError):
        client.pet.get_pet_by_id(5)
    assert server.requests == []
    server.enqueue(Reply.json({"id": 3, "petId": 5, "quantity": 1, "status": "placed"}))
    order = client.store.get_order_by_id(3)  # no security in the spec
    assert order.pet_id == 5
    assert server.requests[0].path == "/store/order/3"
    assert server.requests[0].header("Authorization") is None


def test_path_parameters(clients: tuple[type[Any], type[Any]], server: ScriptedServer) -> None:
    server.enqueue(
        Reply.json(DOGGIE),
        Reply.json({"id": 1, "username": "john doe/x"}),
        Reply.empty(200),
        Reply.empty(200),
    )
    client, _ = make_client(clients, server, access_token="tok")
    client.pet.get_pet_by_id(5)
    user = client.user.get_user_by_name("john doe/x")
    client.pet.delete_pet(7, api_key="delete-key")
    client.store.delete_order(9)
    assert user.username == "john doe/x"
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", "/pet/5"),
        ("GET", "/user/john%20doe%2Fx"),
        ("DELETE", "/pet/7"),
        ("DELETE", "/store/order/9"),
    ]
    assert server.requests[2].header("api_key") == "delete-key"  # a header parameter
    assert server.requests[2].header("Authorization") == "Bearer tok"


def test_query_parameters_and_arrays(
    clients: tuple[type[Any], type[Any]], server: ScriptedServer
) -> None:
    server.set_fallback(Reply.json([]))
    client, _ = make_client(clients, server, access_token="tok")
    assert client.pet.find_pets_by_tags(tags=["tag1", "tag2", "a b"]) == []
    assert client.pet.find_pets_by_tags() == []
    assert client.pet.find_pets_by_status() == []
    assert [r.query for r in server.requests] == ["tags=tag1&tags=tag2&tags=a+b", "", ""]


def test_a_json_body_from_keywords_a_model_and_a_mapping(
    clients: tuple[type[Any], type[Any]], server: ScriptedServer, models: ModuleType
) -> None:
    server.set_fallback(Reply.json(DOGGIE))
    client, _ = make_client(clients, server, access_token="tok")
    pet = client.pet.add_pet(
        id=10,
        name="doggie",
        category={"id": 1, "name": "Dogs"},
        photo_urls=["https://img.example/doggie.jpg"],
        tags=[{"id": 0, "name": "good"}],
        status="available",
    )
    client.pet.add_pet(
        body=models.Pet(
            id=10,
            name="doggie",
            category=models.Category(id=1, name="Dogs"),
            photo_urls=["https://img.example/doggie.jpg"],
            tags=[models.Tag(id=0, name="good")],
            status=models.PetStatus.AVAILABLE,
        )
    )
    client.pet.add_pet(body=DOGGIE)
    client.pet.update_pet(body=DOGGIE)
    assert isinstance(pet, models.Pet)
    assert pet.status == models.PetStatus.AVAILABLE
    assert [(r.method, r.path) for r in server.requests] == [("POST", "/pet")] * 3 + [
        ("PUT", "/pet")
    ]
    for request in server.requests:
        assert request.header("Content-Type") == "application/json"
        assert request.body == DOGGIE_BYTES


def test_an_invalid_body_is_refused_before_sending(
    clients: tuple[type[Any], type[Any]], server: ScriptedServer
) -> None:
    client, _ = make_client(clients, server, access_token="tok")
    with pytest.raises(ValueError, match="photoUrls"):
        client.pet.add_pet(name="doggie")  # photoUrls is required
    with pytest.raises(ValueError, match="status"):
        client.pet.add_pet(name="doggie", photo_urls=[], status=None)
    with pytest.raises(TypeError, match="body="):
        client.pet.add_pet(body=DOGGIE, name="doggie")
    assert server.requests == []


def test_other_bodies(
    clients: tuple[type[Any], type[Any]], server: ScriptedServer, models: ModuleType
) -> None:
    server.enqueue(
        Reply.json({"code": 200, "type": "unknown", "message": "uploaded"}),
        Reply.json({"id": 1, "username": "a"}),
        Reply.json(DOGGIE),
    )
    client, _ = make_client(clients, server, access_token="tok")
    answer = client.pet.upload_file(5, additional_metadata="front", body=b"\x89PNG\r\n")
    client.user.create_users_with_list_input(body=[models.User(username="a"), {"username": "b"}])
    client.pet.update_pet_with_form(5, name="rex", status="sold")
    assert answer.message == "uploaded"
    upload, users, form = server.requests
    assert (upload.path, upload.query) == ("/pet/5/uploadImage", "additionalMetadata=front")
    assert upload.header("Content-Type") == "application/octet-stream"
    assert upload.body == b"\x89PNG\r\n"
    assert users.body == b'[{"username":"a"},{"username":"b"}]'
    assert (form.method, form.path, form.query) == ("POST", "/pet/5", "name=rex&status=sold")


def test_an_unknown_enum_value_does_not_fail(
    clients: tuple[type[Any], type[Any]], server: ScriptedServer, models: ModuleType
) -> None:
    server.enqueue(Reply.json({**DOGGIE, "status": "adopted", "mood": "happy"}))
    client, _ = make_client(clients, server, api_key="k")
    pet = client.pet.get_pet_by_id(10)
    assert isinstance(pet.status, models.PetStatus)
    assert pet.status.value == "adopted"
    assert pet.model_extra == {"mood": "happy"}


@pytest.mark.parametrize(
    ("status", "class_name"),
    [
        (400, "BadRequestError"),
        (404, "NotFoundError"),
        (422, "UnprocessableEntityError"),
        (500, "InternalServerError"),
        (418, "APIStatusError"),
    ],
)
def test_error_statuses_raise_their_class(
    clients: tuple[type[Any], type[Any]],
    server: ScriptedServer,
    errors: ModuleType,
    status: int,
    class_name: str,
) -> None:
    body = {"code": status, "message": "Pet not found"}
    server.enqueue(Reply.json(body, status=status, headers={"X-Request-Id": "pet-1"}))
    client, _ = make_client(clients, server, api_key="k", max_retries=0)
    with pytest.raises(errors.APIStatusError) as caught:
        client.pet.get_pet_by_id(404)
    error = caught.value
    assert type(error) is getattr(errors, class_name)
    assert error.status_code == status
    assert error.body == body  # the spec documents no error body: the JSON as it came
    assert str(error).startswith(f"{status} ") and "Pet not found" in str(error)
    assert error.request_id == "pet-1"


def test_retries(clients: tuple[type[Any], type[Any]], server: ScriptedServer) -> None:
    server.enqueue(
        Reply.json({}, status=503),
        Reply.json({}, status=429, headers={"Retry-After": "2"}),
        Reply.json(DOGGIE),
    )
    client, sleeps = make_client(clients, server, api_key="k")
    assert client.pet.get_pet_by_id(10).id == 10
    assert len(server.requests) == 3
    assert len(sleeps.delays) == 2
    assert_backoff(sleeps.delays[:1])
    assert sleeps.delays[1] == 2.0


def test_raw_response(
    clients: tuple[type[Any], type[Any]], server: ScriptedServer, models: ModuleType
) -> None:
    server.enqueue(Reply.json([DOGGIE], headers={"X-Rate-Limit": "5000"}))
    client, _ = make_client(clients, server, access_token="tok")
    raw = client.pet.with_raw_response.find_pets_by_status(status="sold")
    assert raw.status_code == 200
    assert raw.headers["x-rate-limit"] == "5000"
    assert raw.http_response.json() == [DOGGIE]
    pets = raw.parse()
    assert [type(p) for p in pets] == [models.Pet]
    assert server.requests[0].query == "status=sold"


def test_login_password_stays_out_of_logs(
    clients: tuple[type[Any], type[Any]], server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.enqueue(Reply.json("logged in user session:1234"), Reply.empty(200))
    client, _ = make_client(clients, server, api_key="key-SECRET")
    session = client.user.login_user(username="theUser", password="pass-SECRET")
    client.user.logout_user()
    assert session == "logged in user session:1234"
    assert server.requests[0].query == "username=theUser&password=pass-SECRET"
    assert any("GET" in r.getMessage() and "/user/login" in r.getMessage() for r in caplog.records)
    texts = [r.getMessage() for r in caplog.records] + [caplog.text]
    assert leaked(texts, ["pass-SECRET", "key-SECRET"]) == []


def test_the_async_client(
    clients: tuple[type[Any], type[Any]], server: ScriptedServer, models: ModuleType
) -> None:
    server.enqueue(Reply.json({}, status=500), Reply.json(DOGGIE), Reply.json([DOGGIE]))

    async def main() -> tuple[Any, Any, Any, list[float]]:
        delays: list[float] = []

        async def record(seconds: float) -> None:
            delays.append(seconds)

        async with clients[1](base_url=server.url, access_token="tok") as client:
            client._sleep = record
            pet = await client.pet.get_pet_by_id(10)
            raw = await client.pet.with_raw_response.find_pets_by_tags(tags=["a", "b"])
            return pet, raw.status_code, raw.parse(), delays

    pet, status, pets, delays = asyncio.run(main())
    assert isinstance(pet, models.Pet) and pet.id == 10
    assert status == 200 and [p.name for p in pets] == ["doggie"]
    assert len(delays) == 1
    assert_backoff(delays)
    assert [(r.path, r.query) for r in server.requests] == [
        ("/pet/10", ""),
        ("/pet/10", ""),
        ("/pet/findByTags", "tags=a&tags=b"),
    ]
    assert all(r.header("Authorization") == "Bearer tok" for r in server.requests)


# -- static checks of the generated package ---------------------------------------------------


def run_tool(workdir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / arguments[0]), *arguments[1:]],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_mypy_strict_on_the_generated_package(workdir: Path) -> None:
    result = run_tool(
        workdir / "generated",
        "mypy",
        "--strict",
        "--python-version",
        "3.11",
        "--cache-dir",
        str(workdir / ".mypy_cache"),
        "petstore",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check_on_the_generated_package(workdir: Path) -> None:
    """With the repository's configuration, as CI checks `generated/zoho_desk` (the run happens
    in `workdir`, so that its `generated/**` per-file rules apply to `generated/petstore`)."""
    result = run_tool(
        workdir, "ruff", "check", "--no-cache", "--config", str(PYPROJECT), "generated/petstore"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_check_on_the_generated_package(workdir: Path) -> None:
    result = run_tool(
        workdir,
        "ruff",
        "format",
        "--check",
        "--no-cache",
        "--config",
        str(PYPROJECT),
        "generated/petstore",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_user_script_passes_mypy_strict(
    workdir: Path, clients: tuple[type[Any], type[Any]]
) -> None:
    name = clients[0].__name__
    script = f'''\
"""Uses the generated petstore client the way an application would."""

from __future__ import annotations

from typing import assert_type

from petstore import Async{name}, {name}, errors
from petstore.models import Category, Order, Pet, PetStatus, Tag, User


def use() -> None:
    with {name}(api_key="k", access_token="t", base_url="http://127.0.0.1:1") as client:
        assert_type(client.pet.get_pet_by_id(5), Pet)
        assert_type(client.pet.find_pets_by_status(status="available"), list[Pet])
        assert_type(client.pet.find_pets_by_tags(tags=["a", "b"]), list[Pet])
        client.pet.add_pet(
            name="doggie",
            photo_urls=["u"],
            category=Category(id=1, name="Dogs"),
            tags=[Tag(id=1, name="t"), {{"name": "u"}}],
            status=PetStatus.AVAILABLE,
        )
        client.pet.add_pet(body=Pet(name="doggie", photo_urls=[]), max_retries=0)
        client.pet.delete_pet(5, api_key="k")
        client.pet.upload_file(5, additional_metadata="m", body=b"png")
        raw = client.pet.with_raw_response.get_pet_by_id(5)
        assert_type(raw.parse(), Pet)
        assert_type(raw.status_code, int)
        assert_type(client.store.get_inventory(), dict[str, int])
        assert_type(client.store.place_order(pet_id=5, quantity=1, status="placed"), Order)
        assert_type(client.user.login_user(username="u", password="p"), str)
        assert_type(client.user.get_user_by_name("u"), User)
        client.user.create_users_with_list_input(body=[User(username="a")])
        try:
            client.pet.get_pet_by_id(5)
        except errors.NotFoundError as error:
            print(error.status_code, error.body, error.request_id)


async def use_async() -> Pet:
    async with Async{name}(access_token="t") as client:
        return await client.pet.get_pet_by_id(5)
'''
    result = run_mypy(
        script,
        workdir,
        mypypath=workdir / "generated",
        cache_dir=workdir / ".mypy_cache_user",
    )
    # Problems of the package itself are the business of the test above.
    own = [line for line in result.stdout.splitlines() if line.startswith("user_script.py:")]
    assert own == [], result.stdout + result.stderr


def test_mypy_refuses_wrong_argument_types(
    workdir: Path, clients: tuple[type[Any], type[Any]]
) -> None:
    name = clients[0].__name__
    script = f"""\
from petstore import {name}


def misuse(client: {name}) -> None:
    client.pet.get_pet_by_id("5")
    client.pet.find_pets_by_status(status="adopted")
    client.pet.add_pet(name="doggie", photo_urls=["u"], status=None)
"""
    result = run_mypy(
        script,
        workdir,
        mypypath=workdir / "generated",
        cache_dir=workdir / ".mypy_cache_user",
        name="misuse.py",
    )
    failing = {
        int(line.split(":")[1])
        for line in result.stdout.splitlines()
        if line.startswith("misuse.py:") and ": error:" in line
    }
    assert failing == {5, 6, 7}, result.stdout
