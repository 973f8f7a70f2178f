"""specgen.load: parsing with positions, duplicate keys, scalars, multi-file bundling."""

from __future__ import annotations

import json
import socket
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from specgen.diagnostics import Severity, SpecInvalid, UsageError
from specgen.load.spec import MAX_EXPANDED_NODES, LoadedSpec, load_spec


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def position_of(path: Path, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, col) of the ``occurrence``-th ``needle`` in the file."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        col = line.find(needle)
        if col >= 0:
            seen += 1
            if seen == occurrence:
                return number, col + 1
    raise AssertionError(f"{needle!r} not in {path}")


def load_in(folder: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> LoadedSpec:
    # Display paths are relative to the working directory.
    monkeypatch.chdir(folder)
    return load_spec(name)


SMALL_YAML = """
openapi: 3.1.0
info:
  title: Positions
  version: "1.0"
tags:
  - name: first
  - name: second
paths:
  /pets:
    get:
      responses:
        200:
          description: ok
"""


def test_yaml_positions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "spec.yaml", SMALL_YAML)
    spec = load_in(tmp_path, "spec.yaml", monkeypatch)
    assert spec.locate("/info/title") == ("spec.yaml", *position_of(path, "title:"), "/info/title")
    assert spec.locate("/tags/1") == ("spec.yaml", *position_of(path, "name: second"), "/tags/1")
    pointer = "/paths/~1pets/get/responses/200/description"
    assert spec.locate(pointer) == ("spec.yaml", *position_of(path, "description:"), pointer)
    # A node that does not exist is placed at its nearest existing ancestor.
    missing = "/paths/~1pets/get/parameters/0"
    assert spec.locate(missing) == ("spec.yaml", *position_of(path, "get:"), missing)
    assert spec.locate("")[1:3] == (1, 1)
    diagnostic = spec.diagnostic("unresolved-ref", "/info/title", "bad title")
    assert (
        diagnostic.format()
        == f"spec.yaml:{position_of(path, 'title:')[0]}:3: error: /info/title: bad title"
        " [unresolved-ref]"
    )


def test_json_positions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Positions", "version": "1.0"},
        "paths": {"/pets/{id}": {"get": {"tags": ["a", "b"], "responses": {}}}},
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    spec = load_in(tmp_path, "spec.json", monkeypatch)
    assert spec.document == document
    assert spec.locate("/info/version") == (
        "spec.json",
        *position_of(path, '"version"'),
        "/info/version",
    )
    assert spec.locate("/paths/~1pets~1{id}/get/tags/1")[1:3] == position_of(path, '"b"')
    assert spec.locate("/paths/~1pets~1{id}/get/nothing")[1:3] == position_of(path, '"get"')


def test_duplicate_keys_in_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(
        tmp_path,
        "spec.yaml",
        """
        openapi: 3.1.0
        info:
          title: first
          version: "1"
          title: second
        """,
    )
    spec = load_in(tmp_path, "spec.yaml", monkeypatch)
    assert spec.document["info"]["title"] == "second"  # the last one wins, as in PyYAML
    [diagnostic] = spec.diagnostics
    first_line, _ = position_of(path, "title: first")
    assert (diagnostic.line, diagnostic.col) == position_of(path, "title: second")
    # A content problem (the last value is used): a warning unless the rules say otherwise.
    assert diagnostic.severity is Severity.WARNING
    assert diagnostic.rule == "duplicate-key"
    assert diagnostic.pointer == "/info/title"
    assert diagnostic.message == f"duplicate key 'title' (first defined at line {first_line})"


def test_duplicate_keys_in_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = '{\n  "openapi": "3.1.0",\n  "info": {\n    "title": "a",\n    "title": "b"\n  }\n}\n'
    (tmp_path / "spec.json").write_text(text, encoding="utf-8")
    spec = load_in(tmp_path, "spec.json", monkeypatch)
    assert spec.document["info"] == {"title": "b"}
    [diagnostic] = spec.diagnostics
    assert diagnostic.format() == (
        "spec.json:5:5: warning: /info/title: duplicate key 'title' (first defined at line 4)"
        " [duplicate-key]"
    )


def test_scalars_are_json_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path,
        "spec.yaml",
        """
        date: 2016-06-21
        stamp: 2001-12-14t21:59:43.10-05:00
        closes: 18:00
        country: NO
        on: yes
        quoted: "200"
        numbers: [1, -2, 1.5, 1e3, 0x1F, .inf]
        nothing: ~
        flags: [true, false]
        responses:
          200: {description: ok}
          404: {description: missing}
        """,
    )
    document = load_in(tmp_path, "spec.yaml", monkeypatch).document
    assert document["date"] == "2016-06-21"
    assert document["stamp"] == "2001-12-14t21:59:43.10-05:00"
    # YAML 1.2 (what OpenAPI recommends), not PyYAML's 1.1: no sexagesimals, no yes/no booleans.
    assert document["closes"] == "18:00"
    assert document["country"] == "NO"
    assert document["on"] == "yes"
    assert document["quoted"] == "200"
    assert document["numbers"] == [1, -2, 1.5, 1000.0, 31, float("inf")]
    assert document["nothing"] is None
    assert document["flags"] == [True, False]
    assert list(document["responses"]) == ["200", "404"]  # keys are strings, as written
    json.dumps(document)  # nothing that JSON cannot hold


def test_digest_is_the_same_for_equal_yaml_and_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "a.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
    document = {"paths": {}, "openapi": "3.1.0", "info": {"version": "1", "title": "t"}}
    (tmp_path / "b.json").write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    first, second = load_spec("a.yaml"), load_spec("b.json")
    assert first.digest == second.digest
    assert len(first.digest) == 64


def write_multi_file_spec(folder: Path) -> None:
    write(
        folder,
        "openapi.yaml",
        """
        openapi: 3.1.0
        info: {title: Cats, version: "1"}
        paths:
          /cats:
            $ref: paths/cats.yaml
        components:
          schemas:
            cat:
              type: string
        """,
    )
    write(
        folder,
        "paths/cats.yaml",
        """
        get:
          operationId: listCats
          responses:
            "200":
              $ref: ../responses.yaml#/components/responses/CatList
            default:
              $ref: ../responses.yaml#/Problem
              description: Overridden here
        """,
    )
    write(
        folder,
        "responses.yaml",
        """
        Problem:
          description: Something went wrong
        components:
          responses:
            CatList:
              description: cats
              content:
                application/json:
                  schema:
                    type: array
                    items:
                      $ref: schemas/cat.yaml
                  example:
                    $ref: examples/cats.yaml
        """,
    )
    write(
        folder,
        "schemas/cat.yaml",
        """
        type: object
        properties:
          name:
            type: string
          owner:
            $ref: ./person.yaml
        """,
    )
    write(
        folder,
        "schemas/person.yaml",
        """
        type: object
        properties:
          pets:
            type: array
            items:
              $ref: cat.yaml
        """,
    )
    write(folder, "examples/cats.yaml", "- name: Tom\n- name: Felix\n")


def test_multi_file_refs_are_bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_multi_file_spec(tmp_path)
    spec = load_in(tmp_path, "openapi.yaml", monkeypatch)
    assert spec.diagnostics == []
    document = spec.document
    operation = document["paths"]["/cats"]["get"]  # a path item is inlined
    assert operation["operationId"] == "listCats"
    # Another file's component is hoisted under the same name.
    assert operation["responses"]["200"] == {"$ref": "#/components/responses/CatList"}
    # Other targets are inlined; reference siblings override the target's fields.
    assert operation["responses"]["default"] == {"description": "Overridden here"}
    components = document["components"]
    media = components["responses"]["CatList"]["content"]["application/json"]
    # Schemas are hoisted, named after the file; the root's own `cat` keeps its name.
    assert media["schema"]["items"] == {"$ref": "#/components/schemas/cat2"}
    assert components["schemas"]["cat"] == {"type": "string"}
    cat = components["schemas"]["cat2"]
    assert cat["properties"]["owner"] == {"$ref": "#/components/schemas/person"}
    # The cycle cat → person → cat ends at the hoisted name.
    person = components["schemas"]["person"]
    assert person["properties"]["pets"]["items"] == {"$ref": "#/components/schemas/cat2"}
    # `$ref` to a file inside example data is inlined too (multi-file specs do that).
    assert media["example"] == [{"name": "Tom"}, {"name": "Felix"}]
    assert [path.name for path in spec.files] == [
        "openapi.yaml",
        "cats.yaml",
        "responses.yaml",
        "cat.yaml",
        "person.yaml",
        "cats.yaml",
    ]
    assert spec.files[0] == (tmp_path / "openapi.yaml").resolve()


def test_locate_reports_the_original_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_multi_file_spec(tmp_path)
    spec = load_in(tmp_path, "openapi.yaml", monkeypatch)
    person = tmp_path / "schemas" / "person.yaml"
    assert spec.locate("/components/schemas/person/properties/pets/items") == (
        str(Path("schemas/person.yaml")),
        *position_of(person, "items:"),
        "/properties/pets/items",
    )
    cats = tmp_path / "paths" / "cats.yaml"
    assert spec.locate("/paths/~1cats/get/operationId") == (
        str(Path("paths/cats.yaml")),
        *position_of(cats, "operationId"),
        "/get/operationId",
    )
    responses = tmp_path / "responses.yaml"
    assert spec.locate("/components/responses/CatList/content") == (
        "responses.yaml",
        *position_of(responses, "content:"),
        "/components/responses/CatList/content",
    )
    # An overriding sibling stays where it was written; the rest comes from the target.
    default = "/paths/~1cats/get/responses/default"
    assert spec.locate(f"{default}/description")[:3] == (
        str(Path("paths/cats.yaml")),
        *position_of(cats, "description: Overridden"),
    )
    assert spec.locate(default)[:3] == ("responses.yaml", *position_of(responses, "Problem:"))
    example = "/components/responses/CatList/content/application~1json/example/1"
    assert spec.locate(example)[:3] == (str(Path("examples/cats.yaml")), 2, 3)
    # Nodes of the root file stay in the root file.
    root = tmp_path / "openapi.yaml"
    assert spec.locate("/components/schemas/cat")[:3] == (
        "openapi.yaml",
        *position_of(root, "cat:"),
    )


def test_missing_file_and_pointer_are_reported_at_the_ref(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write(
        tmp_path,
        "openapi.yaml",
        """
        openapi: 3.1.0
        info: {title: Broken, version: "1"}
        paths: {}
        components:
          schemas:
            Gone:
              $ref: gone.yaml
            Elsewhere:
              $ref: other.yaml#/Nope
        """,
    )
    write(tmp_path, "other.yaml", "Cat: {type: object}\n")
    spec = load_in(tmp_path, "openapi.yaml", monkeypatch)
    gone, nope = spec.diagnostics
    assert (gone.line, gone.col) == position_of(root, "$ref: gone.yaml")
    assert gone.pointer == "/components/schemas/Gone/$ref"
    assert gone.severity is Severity.ERROR and gone.rule == "unresolved-ref"
    assert "gone.yaml" in gone.message and "no such file" in gone.message
    assert (nope.line, nope.col) == position_of(root, "$ref: other.yaml#/Nope")
    assert nope.message == "cannot resolve $ref 'other.yaml#/Nope': other.yaml has no /Nope"
    # Unresolvable references stay in place.
    assert spec.document["components"]["schemas"]["Gone"] == {"$ref": "gone.yaml"}


def test_remote_refs_are_refused_without_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    root = write(
        tmp_path,
        "openapi.yaml",
        """
        openapi: 3.1.0
        info: {title: Remote, version: "1"}
        paths: {}
        components:
          schemas:
            Pet:
              $ref: https://example.com/schemas/pet.yaml
            Holder:
              properties:
                pet:
                  $ref: "#/components/schemas/Pet"
              example: {pet: 1}
        """,
    )
    spec = load_in(tmp_path, "openapi.yaml", monkeypatch)
    [diagnostic] = spec.diagnostics
    assert (diagnostic.line, diagnostic.col) == position_of(root, "$ref: https")
    assert "remote $ref is not fetched" in diagnostic.message

    from specgen.validation.checks import validate_spec

    # Checking the example needs Pet: the validator must not fetch it either.
    messages = [d.message for d in validate_spec(spec)]
    assert any(message.startswith("cannot check this example") for message in messages)


def test_alias_bomb_is_refused_quickly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{','.join(['*' + previous] * 9)}]")
    write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    started = time.perf_counter()
    with pytest.raises(SpecInvalid) as raised:
        load_in(tmp_path, "bomb.yaml", monkeypatch)
    assert time.perf_counter() - started < 5
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.file == "bomb.yaml"
    assert diagnostic.line > 0
    assert f"more than {MAX_EXPANDED_NODES:,} nodes" in diagnostic.message


def test_shared_aliases_are_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path,
        "spec.yaml",
        """
        base: &base {type: string, maxLength: 5}
        one: *base
        two:
          <<: *base
          maxLength: 9
        """,
    )
    document = load_in(tmp_path, "spec.yaml", monkeypatch).document
    assert document["one"] == {"type": "string", "maxLength": 5}
    assert document["two"] == {"type": "string", "maxLength": 9}


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        ("a: b\n  c: d\n", 2, 4, "mapping values are not allowed"),
        ("a:\n\tb: c\n", 2, 1, "tab"),
        ('a: "open\n', 1, 4, "quoted scalar"),
        ("a: [1, 2\nb: 3\n", 2, 2, "expected ',' or ']'"),
    ],
)
def test_yaml_syntax_errors_are_located(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, line: int, col: int, words: str
) -> None:
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SpecInvalid) as raised:
        load_in(tmp_path, "spec.yaml", monkeypatch)
    [diagnostic] = raised.value.diagnostics
    assert (diagnostic.file, diagnostic.line, diagnostic.col) == ("spec.yaml", line, col)
    assert diagnostic.message.startswith("invalid YAML: ")
    assert words in diagnostic.message


def test_json_syntax_error_is_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "spec.json").write_text('{\n  "openapi": "3.1.0",\n  "info": }\n', encoding="utf-8")
    with pytest.raises(SpecInvalid) as raised:
        load_in(tmp_path, "spec.json", monkeypatch)
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.format() == (
        "spec.json:3:11: error: /: invalid JSON: Expecting value [syntax]"
    )


def test_root_must_be_a_mapping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "spec.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(SpecInvalid) as raised:
        load_in(tmp_path, "spec.yaml", monkeypatch)
    assert "must be a mapping" in raised.value.diagnostics[0].message


def test_unusable_root_files_are_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="no such file"):
        load_spec("missing.yaml")
    (tmp_path / "folder").mkdir()
    with pytest.raises(UsageError, match="not a file"):
        load_spec("folder")
    (tmp_path / "latin1.yaml").write_bytes("title: caf\xe9\n".encode("latin-1"))
    with pytest.raises(UsageError, match="not UTF-8"):
        load_spec("latin1.yaml")


def test_a_cycle_that_cannot_be_inlined_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path,
        "openapi.yaml",
        """
        openapi: 3.1.0
        info: {title: Cycle, version: "1"}
        paths:
          /a:
            $ref: a.yaml
        """,
    )
    write(tmp_path, "a.yaml", 'get:\n  responses:\n    "200":\n      $ref: b.yaml\n')
    b = write(tmp_path, "b.yaml", "description: loops\nlinks:\n  again:\n    $ref: a.yaml\n")
    spec = load_in(tmp_path, "openapi.yaml", monkeypatch)
    [diagnostic] = spec.diagnostics
    assert (diagnostic.file, diagnostic.pointer) == ("b.yaml", "/links/again/$ref")
    assert (diagnostic.line, diagnostic.col) == position_of(b, "$ref")
    assert diagnostic.message == "cannot resolve $ref 'a.yaml': circular $ref cannot be inlined"


def test_refs_in_extensions_are_data_not_references(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spotify's and Train Travel's `x-` extensions point at files that are not there."""
    write(
        tmp_path,
        "openapi.yaml",
        """
        openapi: 3.1.0
        info: {title: Extensions, version: "1"}
        x-topics:
          - title: Getting started
            content:
              $ref: ./docs/getting-started.md
        paths:
          /pets:
            get:
              x-policy:
                $ref: "#/components/x-policies/Missing"
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        $ref: schemas/pet.yaml
        components:
          x-policies:
            $ref: ../policies.yaml
        """,
    )
    write(tmp_path, "schemas/pet.yaml", "type: object\nproperties: {name: {type: string}}\n")
    spec = load_in(tmp_path, "openapi.yaml", monkeypatch)
    assert spec.diagnostics == []
    document = spec.document
    # The file reference outside extensions is bundled; those inside are kept as written.
    assert "pet" in document["components"]["schemas"]
    assert document["x-topics"][0]["content"] == {"$ref": "./docs/getting-started.md"}
    assert document["components"]["x-policies"] == {"$ref": "../policies.yaml"}

    from specgen.validation.checks import validate_spec

    assert validate_spec(spec) == []


def test_a_broken_ref_in_example_data_is_a_content_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write(
        tmp_path,
        "openapi.yaml",
        """
        openapi: 3.1.0
        info: {title: Examples, version: "1"}
        paths: {}
        components:
          schemas:
            Pet:
              type: object
              example:
                $ref: examples/missing.yaml
        """,
    )
    spec = load_in(tmp_path, "openapi.yaml", monkeypatch)
    [diagnostic] = spec.diagnostics
    assert (diagnostic.line, diagnostic.col) == position_of(root, "$ref: examples/missing.yaml")
    assert diagnostic.rule == "example-ref" and diagnostic.severity is Severity.WARNING
