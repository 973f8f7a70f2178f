"""readOnly and writeOnly properties, end to end: a generated client against 127.0.0.1.

The defect: one `Account` class (`required: [id, name, password]`, `id` readOnly, `password`
writeOnly) served a request body and a 201 response. `create_account(name=, password=)` was
refused before sending (`id: Field required`: the caller had to send a server-owned field), and
with `strict_response_validation=True` a conforming response without `password` was refused
(`password: Field required`). Now the request class (`AccountRequest`) has no `id`, the response
class (`Account`) does not demand `password`, nested classes (through `$ref`, items, allOf)
follow, and the generated contract suite of the document passes. Then train-travel's payments
from the corpus: a card's `cvc` is writeOnly, and a strict client refused every payment read.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from specgen.config import Config
from specgen.pipeline import generate
from tests.support.generated import import_package
from tests.support.paths import CORPUS, requires_corpus
from tests.support.server import Reply, ScriptedServer

PACKAGE = "accounts_api"


def body(name: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}


def reply(name: str, status: str = "200") -> dict[str, Any]:
    return {status: {"description": "ok", **body(name)}}


DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Accounts", "version": "1"},
    "servers": [{"url": "https://accounts.example.com"}],
    "paths": {
        "/accounts": {
            "post": {
                "operationId": "createAccount",
                "tags": ["accounts"],
                "requestBody": {"required": True, **body("Account")},
                "responses": reply("Account", "201"),
            }
        },
        "/accounts/{id}": {
            "put": {
                "operationId": "replaceAccount",
                "tags": ["accounts"],
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "requestBody": {"required": True, **body("Account")},
                "responses": reply("Account"),
            }
        },
        "/signups": {
            "post": {
                "operationId": "signUp",
                "tags": ["accounts"],
                "requestBody": {"required": True, **body("Signup")},
                "responses": reply("Session", "201"),
            }
        },
    },
    "components": {
        "schemas": {
            "Account": {
                "type": "object",
                "required": ["id", "name", "password"],
                "properties": {
                    "id": {"$ref": "#/components/schemas/Id"},
                    "name": {"type": "string"},
                    "password": {"type": "string", "writeOnly": True},
                    "profile": {"$ref": "#/components/schemas/Profile"},
                    "keys": {"type": "array", "items": {"$ref": "#/components/schemas/ApiKey"}},
                    "tag": {"$ref": "#/components/schemas/Tag"},
                },
            },
            # The flag on a primitive component, inlined where it is used.
            "Id": {"type": "string", "readOnly": True},
            "Profile": {
                "type": "object",
                "required": ["created_at", "nickname"],
                "properties": {
                    "created_at": {"type": "string", "format": "date-time", "readOnly": True},
                    "nickname": {"type": "string"},
                },
            },
            # readOnly in an allOf member, required beside it.
            "ApiKey": {
                "required": ["key_id", "label"],
                "allOf": [
                    {"$ref": "#/components/schemas/Labelled"},
                    {
                        "type": "object",
                        "properties": {"key_id": {"readOnly": True, "type": "string"}},
                    },
                ],
            },
            "Labelled": {"type": "object", "properties": {"label": {"type": "string"}}},
            "Tag": {"type": "object", "properties": {"label": {"type": "string"}}},
            "Signup": {
                "type": "object",
                "required": ["id", "email"],
                "properties": {
                    "id": {"type": "string", "readOnly": True},
                    "email": {"type": "string"},
                },
            },
            "Session": {
                "type": "object",
                "required": ["token", "secret"],
                "properties": {
                    "token": {"type": "string"},
                    "secret": {"type": "string", "writeOnly": True},
                },
            },
        }
    },
}
CREATED = {
    "id": "acc_1",
    "name": "Ada",
    "profile": {"created_at": "2026-01-02T03:04:05Z", "nickname": "ada"},
    "keys": [{"key_id": "k1", "label": "ci"}],
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("accounts")
    spec = folder / "openapi.yaml"
    spec.write_text(yaml.safe_dump(DOCUMENT, sort_keys=False))
    generate(Config(spec=spec, out=folder / "out", package=PACKAGE, root=folder))
    return folder / "out"


@pytest.fixture(scope="module")
def api(out: Path) -> ModuleType:
    return import_package(PACKAGE, out)


def test_a_create_sends_no_read_only_field_and_reads_a_response_without_write_only_ones(
    api: ModuleType, server: ScriptedServer
) -> None:
    server.set_fallback(Reply.json(CREATED, status=201))
    with api.Accounts(base_url=server.url, strict_response_validation=True) as client:
        account = client.accounts.create_account(
            name="Ada", password="s3cret", profile={"nickname": "ada"}, keys=[{"label": "ci"}]
        )
    assert server.requests[0].json() == {
        "name": "Ada",
        "password": "s3cret",
        "profile": {"nickname": "ada"},
        "keys": [{"label": "ci"}],
    }
    assert type(account).__name__ == "Account" and account.id == "acc_1"
    assert account.password is None  # not demanded of a response
    assert account.profile.created_at.year == 2026 and account.keys[0].key_id == "k1"


def test_a_resource_read_is_sent_back_without_its_read_only_fields(
    api: ModuleType, server: ScriptedServer
) -> None:
    server.set_fallback(Reply.json(CREATED))
    with api.Accounts(base_url=server.url) as client:
        account = client.accounts.replace_account("acc_1", body={**CREATED, "password": "x"})
        client.accounts.replace_account("acc_1", body=account.model_copy(update={"password": "y"}))
    for request in server.requests:
        sent = request.json()
        assert "id" not in sent and "created_at" not in sent["profile"], sent
        assert "key_id" not in sent["keys"][0], sent
    assert server.requests[1].json()["password"] == "y"


def test_nested_objects_read_are_sent_back_as_their_request_shape(
    api: ModuleType, server: ScriptedServer
) -> None:
    """`profile=account.profile`: a response `Profile` where the request class is
    `ProfileRequest` (the annotation names both); its readOnly `created_at` is not sent."""
    server.set_fallback(Reply.json(CREATED, status=201))
    read = api.models.Account.model_validate(CREATED)
    with api.Accounts(base_url=server.url) as client:
        client.accounts.create_account(
            name="Ada", password="p", profile=read.profile, keys=read.keys
        )
    assert server.requests[0].json() == {
        "name": "Ada",
        "password": "p",
        "profile": {"nickname": "ada"},
        "keys": [{"label": "ci"}],
    }


def test_the_write_only_field_is_still_required_of_a_request(
    api: ModuleType, server: ScriptedServer
) -> None:
    with (
        api.Accounts(base_url=server.url) as client,
        pytest.raises(api.errors.RequestValidationError, match="password"),
    ):
        client.accounts.create_account(name="Ada")
    assert server.requests == []


def test_one_sided_classes_keep_their_names_and_unflagged_ones_are_untouched(
    api: ModuleType, server: ScriptedServer
) -> None:
    models = api.models
    classes = set(models.__all__)
    assert {"Account", "AccountRequest", "Profile", "ProfileRequest"} <= classes
    assert {"ApiKey", "ApiKeyRequest", "Tag", "Labelled", "Signup", "Session"} <= classes
    assert not {"TagRequest", "LabelledRequest", "SignupRequest", "SessionRequest"} & classes
    assert "id" not in models.Signup.model_fields  # request only: readOnly left out in place
    assert not models.Session.model_fields["secret"].is_required()  # response only
    server.set_fallback(Reply.json({"token": "t"}, status=201))
    with api.Accounts(base_url=server.url, strict_response_validation=True) as client:
        session = client.accounts.sign_up(email="a@b.example")
    assert session.token == "t" and server.requests[0].json() == {"email": "a@b.example"}


def test_the_generated_contract_suite_agrees(out: Path) -> None:
    """Drawn requests leave the readOnly properties out and are valid; drawn and example
    responses leave the writeOnly ones out and the client reads them."""
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "tests"],
        cwd=out, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stdout[-3000:]
    summary = ran.stdout.strip().splitlines()[-1]
    assert "passed" in summary and "failed" not in summary, summary
    skipped_for_no_value = [line for line in ran.stdout.splitlines() if "no valid value" in line]
    assert skipped_for_no_value == [], json.dumps(skipped_for_no_value)


@pytest.fixture(scope="module")
def train_travel(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    folder = tmp_path_factory.mktemp("train")
    spec = CORPUS / "train-travel" / "openapi.yaml"
    generate(Config(spec=spec, out=folder / "out", package="train_travel_api", root=folder))
    return import_package("train_travel_api", folder / "out")


@requires_corpus
def test_train_travel_s_payment_is_sent_with_its_card_code_and_read_without_it(
    train_travel: ModuleType, server: ScriptedServer
) -> None:
    card = {
        "object": "card",
        "name": "J. Doe",
        "number": "4242424242424242",
        "cvc": "123",
        "exp_month": 12,
        "exp_year": 2030,
        "address_country": "gb",
    }
    paid = {
        "id": "2e3b4f5a-6b7c-4d9e-8f1a-2b3c4d5e6f7a",
        "amount": 49.99,
        "currency": "gbp",
        "status": "succeeded",
        "source": {key: value for key, value in card.items() if key != "cvc"},
    }
    server.set_fallback(Reply.json(paid))
    client = train_travel.TrainTravelApi(
        base_url=server.url, access_token="t", strict_response_validation=True
    )
    with client:
        payment = client.payments.create_booking_payment(
            "1725ff48-ab45-4bb5-9d02-88745177dedb", amount=49.99, currency="gbp", source=card
        )
    assert server.requests[0].json()["source"] == card  # the writeOnly code is sent
    assert payment.source.cvc is None and payment.source.number == card["number"]
    models = train_travel.models
    assert "id" not in models.BookingPaymentRequest.model_fields  # readOnly: not a field to send
    assert models.BookingPayment.model_fields["id"].annotation is not None
