"""Schema shapes from real documents that the models stage must turn into classes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.generated import generate_cli, models_source, run_probe


def test_a_union_of_presence_rules_stays_one_class(tmp_path: Path) -> None:
    """GitHub's gist update: each file is `{content?, filename?}` with `anyOf` saying which keys
    may appear, one member being `{type: object, maxProperties: 0}`. That adds no shape: the
    value is one class, not a union the client could not name."""
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Gists", "version": "1"},
        "paths": {
            "/gists/{id}": {
                "patch": {
                    "operationId": "updateGist",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "files": {
                                            "type": "object",
                                            "additionalProperties": {
                                                "type": "object",
                                                "nullable": True,
                                                "properties": {
                                                    "content": {"type": "string"},
                                                    "filename": {"type": "string"},
                                                },
                                                "anyOf": [
                                                    {"required": ["content"]},
                                                    {"required": ["filename"]},
                                                    {"type": "object", "maxProperties": 0},
                                                ],
                                            },
                                        }
                                    },
                                }
                            }
                        }
                    },
                    "responses": {"204": {"description": "Updated."}},
                }
            }
        },
    }
    out, _ = generate_cli(tmp_path, "gists.json", json.dumps(spec))
    probe = (
        "import gists.models as m;"
        "v = m.UpdateGistRequestFilesValue(content='x');"
        "print(v.model_dump(exclude_unset=True))"
    )
    printed = run_probe(out, probe)
    assert printed.strip() == "{'content': 'x'}"


def test_an_enum_with_an_all_of_stays_an_enum(tmp_path: Path) -> None:
    """Discord's channel kinds: `{type: string, enum: [gc], allOf: [$ref to a oneOf of consts]}`.
    The enum is the value (the allOf only repeats a wider rule): a response with `"gc"` parses,
    and the field is not an empty object class."""
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Disc", "version": "1"},
        "paths": {
            "/c": {
                "get": {
                    "operationId": "getC",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Location"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Kinds": {"oneOf": [{"const": "gc"}, {"const": "dm"}]},
                "Location": {
                    "type": "object",
                    "required": ["kind"],
                    "properties": {
                        "kind": {
                            "type": "string",
                            "enum": ["gc"],
                            "allOf": [{"$ref": "#/components/schemas/Kinds"}],
                        }
                    },
                },
            }
        },
    }
    out, _ = generate_cli(tmp_path, "disc.json", json.dumps(spec))
    probe = (
        "import enum, disc.models as m;"
        "v = m.Location.model_validate({'kind': 'gc'});"
        "print(isinstance(m.LocationKind, enum.EnumMeta), v.kind.value, v.model_extra)"
    )
    printed = run_probe(out, probe)
    assert printed.strip() == "True gc {}"


def test_a_discriminator_the_schema_leaves_optional_reads_its_one_value(tmp_path: Path) -> None:
    """Spotify's search items: `oneOf: [ArtistObject, TrackObject]` with `discriminator:
    {propertyName: type}`, where `ArtistObject.type` (`enum: [artist]`) is not required. As a
    required `Literal["artist"]` a valid artist without `type` (from `GET /artists/{id}`) had no
    `.type` at all; its one value is the default. The union still picks members by the tag, and
    a request model keeps the tag required (a default would not be sent)."""
    member = {"type": "string", "enum": ["artist"]}

    def kind(value: str) -> dict[str, object]:
        return {"type": "string", "enum": [value]}

    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Tags", "version": "1"},
        "paths": {
            "/search": {
                "post": {
                    "operationId": "search",
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Query"}}
                        }
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Results"}
                                }
                            },
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Results": {
                    "type": "object",
                    "properties": {
                        "items": {
                            "type": "array",
                            "items": {
                                "oneOf": [
                                    {"$ref": "#/components/schemas/Artist"},
                                    {"$ref": "#/components/schemas/Track"},
                                ],
                                "discriminator": {"propertyName": "type"},
                            },
                        }
                    },
                },
                "Artist": {
                    "type": "object",
                    "properties": {"name": {"type": "string"}, "type": member},
                },
                "Track": {
                    "type": "object",
                    "required": ["type"],
                    "properties": {"type": {"type": "string", "enum": ["track"]}},
                },
                "Query": {
                    "type": "object",
                    "properties": {
                        "filter": {
                            "oneOf": [
                                {"$ref": "#/components/schemas/ByName"},
                                {"$ref": "#/components/schemas/ById"},
                            ],
                            "discriminator": {"propertyName": "kind"},
                        }
                    },
                },
                "ByName": {"type": "object", "properties": {"kind": kind("name")}},
                "ById": {"type": "object", "properties": {"kind": kind("id")}},
            }
        },
    }  # fmt: skip
    out, _ = generate_cli(tmp_path, "tags.json", json.dumps(spec))
    probe = """
import pydantic
import tags.models as m
print(m.Artist.model_validate({"name": "Bach"}).type)
print(m.Artist.model_fields["type"].is_required(), m.Track.model_fields["type"].is_required())
found = m.Results.model_validate({"items": [{"type": "track"}, {"type": "artist", "name": "X"}]})
print([type(item).__name__ for item in found.items])
try:
    m.ByName()
except pydantic.ValidationError:
    print("request tag required")
"""
    printed = run_probe(out, probe)
    assert printed.splitlines() == [
        "artist",
        "False True",
        "['Track', 'Artist']",
        "request tag required",
    ]


def test_urls_are_kept_as_given(tmp_path: Path) -> None:
    """Twilio's `format: uri` fields: pydantic's AnyUrl would send `https://www.example.com` as
    `https://www.example.com/` and re-quote escapes. A URL stays the string given or received."""
    url = {"type": "string", "format": "uri"}
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Hooks", "version": "1"},
        "paths": {
            "/hooks": {
                "post": {
                    "operationId": "createHook",
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Hook"}}
                        }
                    },
                    "responses": {"204": {"description": "ok"}},
                }
            },
        },
        "components": {
            "schemas": {
                "Hook": {
                    "type": "object",
                    "properties": {"callback": url, "links": {"type": "array", "items": url}},
                }
            }
        },
    }
    out, _ = generate_cli(tmp_path, "hooks.json", json.dumps(spec))
    probe = """
import hooks.models as m
given = {"callback": "https://www.example.com", "links": ["HTTPS://Ex.com/a%2fb?q=%7e"]}
print(m.Hook(**given).model_dump(mode="json", exclude_unset=True) == given)
"""
    printed = run_probe(out, probe)
    assert printed.strip() == "True"


def test_a_constrained_union_member_does_not_take_a_components_name(tmp_path: Path) -> None:
    """Stripe's `bank_account.customer: anyOf: [{type: string, maxLength: 5000}, $ref customer,
    $ref deleted_customer]`: datamodel-code-generator made the string member a class named after
    the field, `Customer`, and renamed the `customer` component to `CustomerModel`, so a customer
    read from `GET /v1/customers/{id}` was parsed as another class. The component keeps its
    name; the string stays a `str`."""
    spec = (Path(__file__).parents[1] / "fixtures" / "customer_union.yaml").read_text(
        encoding="utf-8"
    )
    out, _ = generate_cli(tmp_path, "cust.yaml", spec)
    probe = """
import cust.models as m
print(hasattr(m, "CustomerModel"), m.Customer.__mro__[1].__name__)
account = m.BankAccount.model_validate({"customer": {"id": "cus_1", "object": "customer"}})
print(type(account.customer).__name__)
print(m.BankAccount.model_validate({"customer": "cus_1"}).customer)
"""
    printed = run_probe(out, probe)
    assert printed.splitlines() == ["False ResponseModel", "Customer", "cus_1"]


def test_base64_text_of_any_bytes_is_kept_as_the_text(tmp_path: Path) -> None:
    """Adyen's `mpiData.cavv` is `type: string, format: byte`: base64 of 20 arbitrary bytes.
    pydantic's Base64Str decodes it and requires UTF-8, so a valid value (`gIE=`) was refused
    before sending, and a response field held the decoded text, not what the server sent."""
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Cards", "version": "1"},
        "paths": {
            "/auth": {
                "post": {
                    "operationId": "authenticate",
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Auth"}}
                        }
                    },
                    "responses": {"204": {"description": "ok"}},
                }
            },
        },
        "components": {
            "schemas": {
                "Auth": {
                    "type": "object",
                    "properties": {"cavv": {"type": "string", "format": "byte"}},
                }
            }
        },
    }  # fmt: skip
    out, _ = generate_cli(tmp_path, "cards.json", json.dumps(spec))
    probe = """
import cards.models as m
print(m.Auth.model_validate({"cavv": "gIE="}).model_dump(mode="json"))
print(m.Auth.model_validate({"cavv": "YWJj"}).cavv)
"""
    printed = run_probe(out, probe)
    assert printed.splitlines() == ["{'cavv': 'gIE='}", "YWJj"]


def test_a_discriminator_mapping_follows_the_renamed_classes(tmp_path: Path) -> None:
    """Adyen's `upi_collect: #/components/schemas/UPIPaymentMethod`: the class is renamed
    UpiPaymentMethod, and with the mapping left as it was the tag became the class name, so a
    valid `upi_collect` was refused. A member named only implicitly keeps its schema's name."""

    def member(prop: str) -> dict[str, object]:
        return {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"type": "string"}, prop: {"type": "string"}},
        }

    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Pay", "version": "1"},
        "paths": {
            "/pay": {
                "post": {
                    "operationId": "pay",
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Req"}}
                        }
                    },
                    "responses": {"204": {"description": "ok"}},
                }
            },
        },
        "components": {
            "schemas": {
                "Req": {
                    "type": "object",
                    "properties": {
                        "method": {
                            "oneOf": [
                                {"$ref": "#/components/schemas/UPIPaymentMethod"},
                                {"$ref": "#/components/schemas/SEPA_Method"},
                            ],
                            "discriminator": {
                                "propertyName": "kind",
                                "mapping": {"upi_collect": "#/components/schemas/UPIPaymentMethod"},
                            },
                        }
                    },
                },
                "UPIPaymentMethod": member("vpa"),
                "SEPA_Method": member("iban"),
            }
        },
    }  # fmt: skip
    out, _ = generate_cli(tmp_path, "pay.json", json.dumps(spec))
    probe = """
import pay.models as m
for kind in ("upi_collect", "SEPA_Method"):
    print(type(m.Req.model_validate({"method": {"kind": kind}}).method).__name__)
"""
    printed = run_probe(out, probe)
    assert printed.split() == ["UpiPaymentMethod", "SepaMethod"]


def test_union_members_refuse_null_for_the_properties_beside_them(tmp_path: Path) -> None:
    """GitHub's check-run update: `{type: object, properties: {name, status, ...}, anyOf:
    [{properties: {status: {enum: [completed]}}, required: [conclusion]}, {properties: {status:
    ...}}]}`. Each member becomes a class holding the object's properties too; `name` may not be
    null there either, so None for it is refused before sending, as on a plain object."""
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Runs", "version": "1"},
        "paths": {
            "/runs/{id}": {
                "patch": {
                    "operationId": "updateRun",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "name": {"type": "string"},
                                        "note": {"type": "string", "nullable": True},
                                        "status": {"type": "string", "enum": ["queued", "done"]},
                                        "conclusion": {"type": "string"},
                                    },
                                    "anyOf": [
                                        {
                                            "properties": {"status": {"enum": ["done"]}},
                                            "required": ["conclusion"],
                                        },
                                        {"properties": {"status": {"enum": ["queued"]}}},
                                    ],
                                }
                            }
                        }
                    },
                    "responses": {"204": {"description": "Updated."}},
                }
            }
        },
    }
    out, _ = generate_cli(tmp_path, "runs.json", json.dumps(spec))
    probe = (
        "import runs.models as m\n"
        "for data in ({'conclusion': 'x', 'name': None}, {'status': 'queued', 'name': None}):\n"
        "    try:\n"
        "        m.UpdateRunRequest.model_validate(data); print('accepted')\n"
        "    except ValueError as error:\n"
        "        print('refused', 'name cannot be null' in str(error))\n"
        "print(m.UpdateRunRequest.model_validate({'status': 'queued', 'note': None}).root.note)\n"
    )
    printed = run_probe(out, probe)
    assert printed.split() == ["refused", "True", "refused", "True", "None"]


def test_a_nullable_object_property_may_be_sent_as_null(tmp_path: Path) -> None:
    """GitHub's repo update `security_and_analysis: {type: object, nullable: true, properties:
    ...}` (Discord's `type: [object, null]` alike): the object becomes a class of its own, and
    the property a `$ref` to it. Its null is read through the `$ref`: None is sent as null, not
    refused as a property that may not be null."""
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Repos", "version": "1"},
        "paths": {
            "/repo": {
                "patch": {
                    "operationId": "updateRepo",
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "security": {
                                            "type": "object",
                                            "nullable": True,
                                            "properties": {"status": {"type": "string"}},
                                        },
                                        "name": {"type": "string"},
                                    },
                                }
                            }
                        }
                    },
                    "responses": {"204": {"description": "Updated."}},
                }
            }
        },
    }
    out, _ = generate_cli(tmp_path, "repos.json", json.dumps(spec))
    probe = (
        "import repos.models as m\n"
        "print(sorted(m.UpdateRepoRequest.__non_nullable__))\n"
        "print(m.UpdateRepoRequest.model_validate({'security': None}).security)\n"
    )
    printed = run_probe(out, probe)
    assert printed.splitlines() == ["['name']", "None"]


def test_an_object_default_without_the_required_properties_is_not_used(tmp_path: Path) -> None:
    """Kubernetes' `Deployment.spec` is `{$ref: DeploymentSpec, default: {}}`, and DeploymentSpec
    requires `selector`. The model validates its default, so `{}` as the Python default made
    `spec` (and so `spec.selector`) needed by every call that left it out. Such a default is
    reported (`default-mismatch`) and not used; the docstring says why."""
    spec = {
        "openapi": "3.0.0",
        "info": {"title": "Deploys", "version": "1"},
        "paths": {
            "/deployments": {
                "post": {
                    "operationId": "createDeployment",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Deployment"}
                            }
                        },
                    },
                    "responses": {"201": {"description": "Created."}},
                }
            }
        },
        "components": {
            "schemas": {
                "Deployment": {
                    "type": "object",
                    "properties": {
                        "kind": {"type": "string"},
                        "spec": {"$ref": "#/components/schemas/Spec", "default": {}},
                        "meta": {"$ref": "#/components/schemas/Meta", "default": {}},
                    },
                },
                "Spec": {
                    "type": "object",
                    "required": ["selector"],
                    "properties": {"selector": {"type": "string"}},
                },
                "Meta": {"type": "object", "properties": {"name": {"type": "string"}}},
            }
        },
    }
    out, printed_stderr = generate_cli(tmp_path, "deploys.json", json.dumps(spec))
    assert "1 warning (1 default-mismatch)" in printed_stderr
    source = models_source(out / "deploys")
    assert "The spec's default {} is not used" in source
    probe = """
import deploys.models as m
made = m.Deployment(kind="Deployment")
print(made.spec, made.meta)
"""
    printed = run_probe(out, probe)
    # The default that matches its schema is still the Python default.
    assert printed.strip() == "None name=None"


def test_a_nullable_inline_object_is_sent_as_null(tmp_path: Path) -> None:
    """DigitalOcean's `stream_options: {type: object, nullable: true, properties: ...}`: the
    object becomes a class of its own, and the property a `$ref` to it. The client refused
    `stream_options=None` ("the spec does not allow null") though the spec allows it; it sends
    `null`, and leaving the keyword out sends no key."""
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Chats", "version": "1"},
        "paths": {
            "/chat": {
                "post": {
                    "operationId": "chat",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Req"}}
                        },
                    },
                    "responses": {"204": {"description": "Sent."}},
                }
            }
        },
        "components": {
            "schemas": {
                "Req": {
                    "type": "object",
                    "properties": {
                        "model": {"type": "string"},
                        "options": {
                            "type": "object",
                            "nullable": True,
                            "default": None,
                            "properties": {"usage": {"type": "boolean"}},
                        },
                    },
                }
            }
        },
    }
    out, _ = generate_cli(tmp_path, "chats.json", json.dumps(spec))
    probe = """
import http.server, threading
from chats import Chats

bodies = []

class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        bodies.append(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
with Chats(base_url=f"http://127.0.0.1:{server.server_port}") as client:
    client.default.chat(model="m", options=None)
    client.default.chat(model="m")
server.shutdown()
print(*bodies, sep="\\n")
"""
    printed = run_probe(out, probe)
    assert [json.loads(line) for line in printed.splitlines()] == [
        {"model": "m", "options": None},
        {"model": "m"},
    ]
