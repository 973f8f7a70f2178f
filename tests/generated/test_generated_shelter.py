"""A client generated on the fly from our second spec, tests/fixtures/shelter.yaml: a
discriminated oneOf body, a readOnly property, an anyOf-required object, nested item limits, a
bounded query parameter, a multipart upload and a client-level parameter. Used through its public
surface against a real HTTP server on 127.0.0.1, sync and async; then its own contract tests, mypy
--strict and ruff run on it, and mypy --strict on user scripts it must accept and reject.
"""

from __future__ import annotations

import asyncio
import email
import importlib
import inspect
import os
import re
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.generated import BIN, REPO, import_package, run_mypy
from tests.support.server import Reply, ScriptedServer

SPEC_FILE = REPO / "tests" / "fixtures" / "shelter.yaml"
PYPROJECT = REPO / "pyproject.toml"
TOM = {"id": "7", "name": "Tom", "kind": "cat", "tags": ["grey"]}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder `specgen generate` ran in; the package is in `generated/pet_shelter`."""
    folder = tmp_path_factory.mktemp("shelter")
    result = subprocess.run(
        [
            str(BIN / "specgen"),
            "generate",
            "--spec",
            str(SPEC_FILE),
            "--out",
            str(folder / "generated"),
            "--package",
            "pet_shelter",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


@pytest.fixture(scope="module")
def shelter(workdir: Path) -> ModuleType:
    return import_package("pet_shelter", workdir / "generated")


@pytest.fixture(scope="module")
def models(shelter: ModuleType) -> ModuleType:
    return importlib.import_module("pet_shelter.models")


@pytest.fixture(autouse=True)
def _no_shelter_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("PET_SHELTER_"):
            monkeypatch.delenv(name)


def make_client(shelter: ModuleType, server: ScriptedServer, **kwargs: Any) -> Any:
    options: dict[str, Any] = {"api_key": "k", "shelter_id": "42", "base_url": server.url}
    return shelter.PetShelter(**(options | kwargs))


def make_async_client(shelter: ModuleType, server: ScriptedServer) -> Any:
    return shelter.AsyncPetShelter(api_key="k", shelter_id="42", base_url=server.url)


# -- a discriminated oneOf body ----------------------------------------------------------------


def test_a_oneof_body_is_sent_as_the_member_it_validates_as(
    shelter: ModuleType, models: ModuleType, server: ScriptedServer
) -> None:
    server.set_fallback(Reply.json(TOM, status=201))
    with make_client(shelter, server) as client:
        client.animals.admit_animal(body={"kind": "cat", "name": "Tom", "indoor": True})
        client.animals.admit_animal(body=models.Dog(kind="dog", name="Rex", breed="collie"))
        client.animals.admit_animal(body=models.NewAnimal(models.Cat(kind="cat", name="Tom")))
    assert [r.json() for r in server.requests] == [
        {"kind": "cat", "name": "Tom", "indoor": True},
        {"kind": "dog", "name": "Rex", "breed": "collie"},
        {"kind": "cat", "name": "Tom"},
    ]


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "bird", "name": "Tweety"},  # no member has this discriminator value
        {"name": "Tom"},  # no discriminator
        {"kind": "cat", "name": "Tom", "breed": "collie"},  # a dog's field on a cat
        {"kind": "dog", "name": "Rex", "breed": "COLLIE"},  # the member's pattern
        {"kind": "cat", "name": "T" * 51},  # the member's maxLength
    ],
    ids=["unknown-kind", "no-kind", "wrong-member-field", "pattern", "max-length"],
)
def test_a_oneof_body_that_matches_no_member_is_refused_before_sending(
    shelter: ModuleType, server: ScriptedServer, body: dict[str, Any]
) -> None:
    with make_client(shelter, server) as client, pytest.raises(ValueError):
        client.animals.admit_animal(body=body)
    assert server.requests == []


def test_a_required_oneof_body_left_out_is_refused(
    shelter: ModuleType, server: ScriptedServer
) -> None:
    # `{}` matches neither Cat nor Dog, so "nothing" is not a valid body either.
    with make_client(shelter, server) as client, pytest.raises(ValueError):
        client.animals.admit_animal()
    assert server.requests == []


# -- readOnly, anyOf-required, nested limits -----------------------------------------------------


def test_a_read_only_property_is_never_sent_but_is_read(
    shelter: ModuleType, models: ModuleType, server: ScriptedServer
) -> None:
    server.set_fallback(Reply.json(TOM))
    with make_client(shelter, server) as client:
        tom = client.animals.replace_animal("7", body=TOM)
        assert tom.id == "7"  # responses keep it
        client.animals.replace_animal("7", body=tom)  # a parsed response sent back
        client.animals.replace_animal("7", body=models.Animal(id="7", name="Tom", kind="cat"))
    for request in server.requests:
        assert "id" not in request.json(), request.json()
    assert server.requests[0].json() == {"name": "Tom", "kind": "cat", "tags": ["grey"]}
    assert tom.model_dump()["id"] == "7"  # only request bodies leave it out


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"name": "Tom", "kind": "cat", "carer": {}}, "name or email"),
        ({"name": "Tom", "kind": "cat", "carer": {"email": "a@b", "phone": "1"}}, "phone"),
        ({"name": "Tom", "kind": "cat", "tags": ["Grey"]}, "pattern"),
        ({"name": "Tom", "kind": "cat", "tags": ["a"] * 6}, "at most 5"),
        ({"name": "Tom", "kind": "cat", "carer": {"name": "x" * 101}}, "at most 100"),
    ],
    ids=["carer-needs-name-or-email", "carer-extra-key", "item-pattern", "max-items", "nested"],
)
def test_nested_rules_are_checked_before_sending(
    shelter: ModuleType, server: ScriptedServer, body: dict[str, Any], problem: str
) -> None:
    with make_client(shelter, server) as client, pytest.raises(ValueError, match=problem):
        client.animals.replace_animal("7", body=body)
    assert server.requests == []


def test_a_carer_with_only_an_email_is_enough(shelter: ModuleType, server: ScriptedServer) -> None:
    server.enqueue(Reply.json(TOM))
    with make_client(shelter, server) as client:
        client.animals.replace_animal(
            "7", body={"name": "Tom", "kind": "cat", "carer": {"email": "a@b.example"}}
        )
    assert server.requests[0].json()["carer"] == {"email": "a@b.example"}


def test_a_nested_object_below_its_min_properties_is_refused_naming_keyword_and_path(
    shelter: ModuleType, server: ScriptedServer
) -> None:
    """Diet has `minProperties: 1`: an empty diet inside the body is refused, with the keyword
    it came through, its JSON path and the rule; one property is enough and is sent."""
    with make_client(shelter, server) as client:
        for call in (
            lambda: client.animals.replace_animal("7", body={**TOM, "diet": {}}),
            lambda: client.animals.replace_animal("7", name="Tom", kind="cat", diet={}),
        ):
            with pytest.raises(shelter.RequestValidationError) as caught:
                call()
            [problem] = caught.value.problems
            assert (problem.keyword, problem.field) == ("diet", "diet")
            assert "at least 1 property (minProperties), got 0" in problem.message
        assert server.requests == []
        server.enqueue(Reply.json(TOM))
        client.animals.replace_animal("7", body={**TOM, "diet": {"meals": 2}})
    assert server.requests[0].json()["diet"] == {"meals": 2}


@pytest.mark.parametrize(("limit", "sent"), [(1, True), (100, True), (0, False), (1000, False)])
def test_the_limit_parameter_is_bounded(
    shelter: ModuleType, server: ScriptedServer, limit: int, sent: bool
) -> None:
    server.set_fallback(Reply.json([TOM]))
    with make_client(shelter, server) as client:
        if sent:
            client.animals.list_animals(limit=limit)
        else:
            with pytest.raises(ValueError, match=rf"limit: {limit} must be at"):
                client.animals.list_animals(limit=limit)
    assert [r.query_params for r in server.requests] == ([[("limit", str(limit))]] if sent else [])


def test_a_path_parameter_pattern_is_checked(shelter: ModuleType, server: ScriptedServer) -> None:
    with make_client(shelter, server) as client, pytest.raises(ValueError, match="animal_id"):
        client.animals.replace_animal("../admin", body=TOM)
    assert server.requests == []


# -- the client ----------------------------------------------------------------------------------


def test_the_client_level_parameter_falls_back_to_its_environment_variable(
    shelter: ModuleType, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.set_fallback(Reply.json([]))
    with pytest.raises(TypeError, match=r"\$PET_SHELTER_SHELTER_ID"):
        shelter.PetShelter(api_key="k", base_url=server.url)
    monkeypatch.setenv("PET_SHELTER_SHELTER_ID", "9")
    with shelter.PetShelter(api_key="k", base_url=server.url) as client:
        client.animals.list_animals()
    assert server.requests[0].header("Shelter-Id") == "9"


def test_errors_at_the_top_level_and_the_error_code_property(
    shelter: ModuleType, server: ScriptedServer
) -> None:
    client_module = importlib.import_module("pet_shelter._client")
    assert client_module.ERROR_CODE_PROPERTY == "code"  # found by name: Problem.code
    server.enqueue(Reply.json({"code": "not_found", "detail": "No animal"}, status=404))
    with (
        make_client(shelter, server, max_retries=0) as client,
        pytest.raises(shelter.NotFoundError) as caught,
    ):
        client.animals.replace_animal("7", body=TOM)
    assert caught.value.body.code == "not_found"
    assert caught.value.code == "not_found"  # APIStatusError.code reads that property
    assert shelter.NotFoundError is shelter.errors.NotFoundError


def test_raw_responses_parse_into_the_model(
    shelter: ModuleType, models: ModuleType, server: ScriptedServer
) -> None:
    server.enqueue(Reply.json(TOM, status=201, headers={"x-request-id": "r-1"}))
    with make_client(shelter, server) as client:
        raw = client.animals.with_raw_response.admit_animal(body={"kind": "cat", "name": "Tom"})
    assert isinstance(raw, shelter.APIResponse)
    assert (raw.status_code, raw.request_id) == (201, "r-1")
    assert isinstance(raw.parse(), models.Animal)


def test_the_async_client_checks_the_same_rules(
    shelter: ModuleType, models: ModuleType, server: ScriptedServer
) -> None:
    server.enqueue(Reply.json(TOM, status=201), method="POST", path="/animals")
    server.enqueue(Reply.json(TOM), method="PUT", path="/animals/7")

    async def main() -> list[str]:
        refused = []
        async with make_async_client(shelter, server) as client:
            await client.animals.admit_animal(body={"kind": "dog", "name": "Rex"})
            raw = await client.animals.with_raw_response.replace_animal("7", body=TOM)
            assert isinstance(raw, shelter.AsyncAPIResponse)
            assert isinstance(raw.parse(), models.Animal)
            for call in (
                client.animals.admit_animal(body={"kind": "bird", "name": "x"}),
                client.animals.replace_animal("7", body={**TOM, "carer": {}}),
                client.animals.list_animals(limit=1000),
            ):
                try:
                    await call
                except ValueError as error:
                    refused.append(type(error).__name__)
        return refused

    assert len(asyncio.run(main())) == 3
    assert [r.json() for r in server.requests] == [
        {"kind": "dog", "name": "Rex"},
        {"name": "Tom", "kind": "cat", "tags": ["grey"]},
    ]


# -- its contract tests and tools ---------------------------------------------------------------


def run_in(folder: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command), cwd=folder, capture_output=True, text=True, timeout=600, check=False
    )


def test_its_generated_contract_tests_pass(workdir: Path) -> None:
    result = run_in(
        workdir / "generated",
        str(BIN / "python"),
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests",
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def test_mypy_strict_and_ruff_on_the_generated_package(workdir: Path) -> None:
    mypy = run_in(
        workdir / "generated",
        str(BIN / "mypy"),
        "--strict",
        "--python-version",
        "3.11",
        "--cache-dir",
        str(workdir / ".mypy_cache"),
        "pet_shelter",
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    ruff = run_in(
        workdir,
        str(BIN / "ruff"),
        "check",
        "--no-cache",
        "--config",
        str(PYPROJECT),
        "generated/pet_shelter",
    )
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr


ACCEPTED = """\
from __future__ import annotations

from pathlib import Path
from typing import assert_type

from pet_shelter import APIResponse, AsyncAPIResponse, AsyncPetShelter, NotFoundError, PetShelter
from pet_shelter.models import Animal, Cat, Dog, Photo
from pet_shelter.params import AnimalParam


def use(client: PetShelter) -> None:
    assert_type(client.animals.admit_animal(body={"kind": "cat", "name": "Tom"}), Animal)
    client.animals.admit_animal(body=Dog(kind="dog", name="Rex"))
    record: AnimalParam = {"name": "Tom", "kind": "cat", "carer": {"email": "a@b.example"}}
    client.animals.replace_animal("7", body=record)
    client.animals.list_animals(limit=10)
    raw = client.animals.with_raw_response.admit_animal(body=Cat(kind="cat", name="Tom"))
    assert_type(raw, APIResponse[Animal])
    assert_type(raw.parse(), Animal)
    assert_type(client.animals.upload_photo("7", file=b"png", caption="c"), Photo)
    with open("tom.png", "rb") as handle:
        client.animals.upload_photo("7", file=handle, primary=True)
    client.animals.upload_photo("7", file=Path("tom.png"))
    client.animals.upload_photo("7", file=("tom.png", b"png", "image/png"))
    client.animals.admit_animal(body={"kind": "cat", "name": "Tom"}, extra_body={"chip": "1"})
    try:
        client.animals.list_animals()
    except NotFoundError as error:
        print(error.status_code)


async def use_async(client: AsyncPetShelter) -> None:
    raw = await client.animals.with_raw_response.list_animals(limit=5)
    assert_type(raw, AsyncAPIResponse[list[Animal]])
"""

REJECTED = """\
from pet_shelter import APIResponse, PetShelter
from pet_shelter.models import Animal


def misuse(client: PetShelter) -> None:
    client.animals.admit_animal(body={"kind": "bird", "name": "Tweety"})
    client.animals.admit_animal(body={"kind": "cat", "nmae": "Tom"})
    client.animals.replace_animal("7", body={"name": "T", "kind": "c", "carer": {"nmae": "x"}})
    client.animals.list_animals(limit="10")
    parsed: Animal = client.animals.with_raw_response.list_animals()
    raw: APIResponse[list[Animal]] = client.animals.with_raw_response.upload_photo("7", file=b"")
    client.animals.upload_photo("7", file="photo.png")
    client.animals.admit_animal(body={"kind": "cat", "name": "Tom"}, extra_body=["x"])
"""


def test_user_scripts_under_mypy_strict(workdir: Path) -> None:
    accepted = run_mypy(
        ACCEPTED, workdir, mypypath=workdir / "generated", cache_dir=workdir / ".mypy_user"
    )
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    rejected = run_mypy(
        REJECTED,
        workdir,
        mypypath=workdir / "generated",
        cache_dir=workdir / ".mypy_user",
        name="misuse.py",
    )
    failing = {
        int(line.split(":")[1])
        for line in rejected.stdout.splitlines()
        if line.startswith("misuse.py:") and ": error:" in line
    }
    assert failing == {6, 7, 8, 9, 10, 11, 12, 13}, rejected.stdout


# -- a multipart upload --------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\xff"  # not UTF-8


def file_part(request: Any, field: str) -> tuple[str | None, bytes]:
    """(filename, content) of the part named `field` of a multipart request."""
    message = email.message_from_bytes(
        b"Content-Type: " + request.header("Content-Type").encode() + b"\r\n\r\n" + request.body
    )
    for part in message.get_payload():
        if part.get_param("name", header="Content-Disposition") == field:
            return part.get_filename(), part.get_payload(decode=True)
    raise AssertionError(f"no part {field}")


def test_files_are_sent_as_file_parts(
    shelter: ModuleType, server: ScriptedServer, tmp_path: Path
) -> None:
    photo = {"id": "p1", "caption": None}
    server.set_fallback(Reply.json(photo, status=201))
    path = tmp_path / "tom.png"
    path.write_bytes(PNG)
    with make_client(shelter, server) as client, path.open("rb") as handle:
        client.animals.upload_photo("7", file=PNG, caption="Tom", primary=True)
        client.animals.upload_photo("7", file=handle)
        client.animals.upload_photo("7", file=path)
        client.animals.upload_photo("7", file=("t.png", PNG, "image/png"))
    for request in server.requests:
        assert request.header("Content-Type").startswith("multipart/form-data; boundary=")
        assert file_part(request, "file")[1] == PNG
    # A file's name is its own (a file object's and a path's last part) unless given.
    names = [file_part(r, "file")[0] for r in server.requests]
    assert names[1:] == ["tom.png", "tom.png", "t.png"], names
    first = server.requests[0]
    assert file_part(first, "caption") == (None, b"Tom")
    assert file_part(first, "primary") == (None, b"true")


def test_a_multipart_body_checks_its_fields_too(
    shelter: ModuleType, server: ScriptedServer
) -> None:
    with make_client(shelter, server) as client:
        with pytest.raises(ValueError, match="caption"):
            client.animals.upload_photo("7", file=PNG, caption="x" * 201)
        with pytest.raises(ValueError, match="file"):
            client.animals.upload_photo("7", caption="no file")
    assert server.requests == []


# -- the docstrings' claims (the Zoho client's are tested one by one in
# test_generated_docstring_claims.py; the template's are the same here) -------------------------


def test_a_read_only_property_is_no_keyword(shelter: ModuleType, server: ScriptedServer) -> None:
    """ "its `id` is the server's and is never sent": no `id=` keyword that would do nothing."""
    resource = importlib.import_module("pet_shelter.resources.animals")
    for cls in (resource.AnimalsResource, resource.AsyncAnimalsResource):
        assert "never sent" in (cls.replace_animal.__doc__ or "")
        assert "id" not in inspect.signature(cls.replace_animal).parameters
    with make_client(shelter, server) as client, pytest.raises(TypeError, match="'id'"):
        client.animals.replace_animal("7", id="8", name="Tom", kind="cat")
    assert server.requests == []


def test_the_generic_claims_are_the_zoho_client_s(shelter: ModuleType) -> None:
    from tests.generated.test_generated_docstring_claims import GENERIC_CLAIMS, RAISES, args_of

    resource = importlib.import_module("pet_shelter.resources.animals")
    for cls in (resource.AnimalsResource, resource.AsyncAnimalsResource):
        for name in ("list_animals", "admit_animal", "replace_animal", "upload_photo"):
            doc = inspect.getdoc(getattr(cls, name)) or ""
            entries = args_of(doc)
            model = re.match(r"The whole request body \((\w+)\)", entries.get("body", ""))
            for keyword, (text, _test) in GENERIC_CLAIMS.items():
                if keyword in entries:
                    expected = text.replace("TicketUpdate", model[1] if model else "")
                    assert entries[keyword] == expected, (name, keyword)
            for error, text in RAISES.items():
                assert f"    {error}: {text}" in doc


def test_the_async_client_sends_files_as_file_parts(
    shelter: ModuleType, server: ScriptedServer
) -> None:
    server.set_fallback(Reply.json({"id": "p1", "caption": None}, status=201))

    async def main() -> None:
        async with make_async_client(shelter, server) as client:
            await client.animals.upload_photo("7", file=PNG, caption="Tom", primary=False)
            await client.animals.upload_photo("7", file=("t.png", PNG, "image/png"))

    asyncio.run(main())
    first, second = server.requests
    assert file_part(first, "file")[1] == PNG
    assert file_part(first, "primary") == (None, b"false")
    assert file_part(second, "file") == ("t.png", PNG)


@pytest.mark.parametrize(
    ("call", "problem"),
    [
        (("replace_animal", {"name": "Tom", "kind": "cat", "tags": ["Grey"]}), "pattern"),
        (("replace_animal", {"name": "Tom", "kind": "cat", "tags": ["a"] * 6}), "at most 5"),
        (("replace_animal", {"name": "Tom", "kind": "cat", "diet": {}}), "minProperties"),
        (("admit_animal", {"kind": "dog", "name": "Rex", "breed": "Collie"}), "breed"),
        (("admit_animal", {"kind": "dog", "name": "x" * 51}), "name"),
    ],
    ids=["tag-pattern", "at-most-5-tags", "empty-diet", "breed-in-lower-case", "name-length"],
)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_stated_nested_rules_hold_sync_and_async(
    shelter: ModuleType,
    server: ScriptedServer,
    call: tuple[str, dict[str, Any]],
    problem: str,
    mode: str,
) -> None:
    """The docstrings' limits ("at most 5, each 1 to 20 lower-case letters", "an empty diet ...
    is not allowed", "The breed, in lower case") hold for both clients."""
    method, body = call
    arguments = ("7",) if method == "replace_animal" else ()

    async def main() -> None:
        async with make_async_client(shelter, server) as client:
            await getattr(client.animals, method)(*arguments, body=body)

    with pytest.raises(shelter.RequestValidationError, match=problem):
        if mode == "sync":
            with make_client(shelter, server) as client:
                getattr(client.animals, method)(*arguments, body=body)
        else:
            asyncio.run(main())
    assert server.requests == []
