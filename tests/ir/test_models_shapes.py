"""Schema shapes from real documents that the models stage must turn into classes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


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
    path = tmp_path / "gists.json"
    path.write_text(json.dumps(spec))
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "specgen", "generate", "--spec", str(path), "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    probe = (
        "import gists.models as m;"
        "v = m.UpdateGistRequestFilesValue(content='x');"
        "print(v.model_dump(exclude_unset=True))"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "{'content': 'x'}"


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
    path = tmp_path / "disc.json"
    path.write_text(json.dumps(spec))
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "specgen", "generate", "--spec", str(path), "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    probe = (
        "import enum, disc.models as m;"
        "v = m.Location.model_validate({'kind': 'gc'});"
        "print(isinstance(m.LocationKind, enum.EnumMeta), v.kind.value, v.model_extra)"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "True gc {}"


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
    path = tmp_path / "tags.json"
    path.write_text(json.dumps(spec))
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "specgen", "generate", "--spec", str(path), "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
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
    ran = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == [
        "artist",
        "False True",
        "['Track', 'Artist']",
        "request tag required",
    ]


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
    path = tmp_path / "deploys.json"
    path.write_text(json.dumps(spec))
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "specgen", "generate", "--spec", str(path), "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 warning (1 default-mismatch)" in result.stderr
    source = (out / "deploys" / "models.py").read_text(encoding="utf-8")
    assert "The spec's default {} is not used" in source
    probe = """
import deploys.models as m
made = m.Deployment(kind="Deployment")
print(made.spec, made.meta)
"""
    ran = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    # The default that matches its schema is still the Python default.
    assert ran.stdout.strip() == "None name=None"


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
    path = tmp_path / "chats.json"
    path.write_text(json.dumps(spec))
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "specgen", "generate", "--spec", str(path), "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
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
    ran = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    assert [json.loads(line) for line in ran.stdout.splitlines()] == [
        {"model": "m", "options": None},
        {"model": "m"},
    ]


def test_nullable_without_a_type_admits_no_null(tmp_path: Path) -> None:
    """DigitalOcean's `stop: {nullable: true, oneOf: [{type: string}, {type: array}]}`. OpenAPI
    3.0.3: `nullable` adds null to the `type` beside it, and has no effect without one; the
    validators agree. The client sent `stop: null`; it refuses None before sending, and the
    document gets a located `nullable-keyword` warning. So for `reasoning_effort: {type: string,
    nullable: true, enum: [...]}`: an enum without null refuses it."""
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Stops", "version": "1"},
        "paths": {
            "/runs": {
                "post": {
                    "operationId": "run",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Run"}}
                        },
                    },
                    "responses": {"204": {"description": "Started."}},
                }
            }
        },
        "components": {
            "schemas": {
                "Run": {
                    "type": "object",
                    "properties": {
                        "model": {"type": "string"},
                        "stop": {
                            "nullable": True,
                            "oneOf": [
                                {"type": "string"},
                                {"type": "array", "items": {"type": "string"}},
                            ],
                        },
                        "note": {"type": "string", "nullable": True},
                        "effort": {"type": "string", "nullable": True, "enum": ["low", "high"]},
                    },
                }
            }
        },
    }
    path = tmp_path / "stops.json"
    path.write_text(json.dumps(spec))
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "specgen", "generate", "--spec", str(path), "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "2 warnings (2 nullable-keyword)" in result.stderr
    probe = """
import http.server, threading
from stops import Stops
from stops.errors import RequestValidationError

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
with Stops(base_url=f"http://127.0.0.1:{server.server_port}") as client:
    try:
        client.default.run(model="m", stop=None)
    except RequestValidationError:
        print("stop=None refused")
    try:
        client.default.run(model="m", effort=None)
    except RequestValidationError:
        print("effort=None refused")
    client.default.run(model="m", note=None)
server.shutdown()
print(*bodies, sep="\\n")
"""
    ran = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == [
        "stop=None refused",
        "effort=None refused",
        '{"model":"m","note":null}',
    ]
