"""`$ref`s by a schema's `$id` or `$anchor` resolve inside the document, never over the network.

A 3.1 document names one schema by `$id` URL and another by `$anchor`, and refers to both that
way (and to parts of them: `$id#/pointer`, a relative `$ref` against an `$id`). `specgen` runs
as a user runs it, with every proxy pointed at a closed port so that a fetch could only fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from specgen.document import schema_ids
from specgen.load.spec import load_spec
from tests.support.generated import models_source

SPEC = textwrap.dedent(
    """
    openapi: 3.1.0
    info: {title: Boards, version: "1.0"}
    servers: [{url: "https://boards.example.com"}]
    paths:
      /boards:
        get:
          operationId: getBoard
          responses:
            "200":
              description: ok
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Board"}
      /labels:
        get:
          operationId: getLabel
          responses:
            "200":
              description: ok
              content:
                application/json:
                  schema: {$ref: "https://example.com/schemas/label"}
    components:
      schemas:
        Board:
          type: object
          required: [label, marker]
          properties:
            label: {$ref: "https://example.com/schemas/label"}
            marker: {$ref: "#marker"}
            labels:
              type: array
              items: {$ref: "https://example.com/schemas/label#"}
            caption: {$ref: "https://example.com/schemas/label#/properties/caption"}
        Label:
          $id: https://example.com/schemas/label
          type: object
          required: [caption]
          properties:
            caption: {type: string}
            colour: {$ref: colour}
            again: {$ref: "#/properties/caption"}
        Colour:
          $id: https://example.com/schemas/colour
          type: string
          enum: [red, green]
        Marker:
          $anchor: marker
          type: object
          required: [glyph]
          properties:
            glyph: {type: string}
    """
)

NO_NETWORK = {
    key: "http://127.0.0.1:9"  # the discard port: nothing listens, any fetch fails
    for key in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy")
}


def specgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **NO_NETWORK, "NO_PROXY": "", "no_proxy": ""},
    )


def write(folder: Path, text: str = SPEC) -> Path:
    (folder / "spec.yaml").write_text(text, encoding="utf-8")
    return folder


def test_validate_strict_finds_every_schema_used(tmp_path: Path) -> None:
    # `Marker` is reached only by `$anchor`, `Colour` only by a relative `$ref` to its `$id`.
    result = specgen("validate", "--strict", "spec.yaml", cwd=write(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "valid: 0 errors, 0 warnings"


def test_a_schema_nobody_names_is_still_unused(tmp_path: Path) -> None:
    text = SPEC.replace('marker: {$ref: "#marker"}', "marker: {type: string}")
    result = specgen("validate", "--strict", "spec.yaml", cwd=write(tmp_path, text))
    assert result.returncode == 1
    [finding, summary] = result.stderr.splitlines()
    assert finding.endswith(
        "error: /components/schemas/Marker: unused component: nothing references "
        "#/components/schemas/Marker [unused-component]"
    )
    assert summary == "invalid: 1 error, 0 warnings"


@pytest.mark.parametrize(
    ("ref", "reason"),
    [
        (
            "https://example.com/schemas/label#nope",
            "the schema with that $id has no such anchor or pointer",
        ),
        (
            "https://example.com/schemas/label#/properties/nope",
            "the schema with that $id has no such anchor or pointer",
        ),
        (
            "https://elsewhere.example/schemas/label",
            "remote $ref is not fetched (no network access while generating)",
        ),
    ],
)
def test_a_ref_to_no_known_schema_is_a_located_error(tmp_path: Path, ref: str, reason: str) -> None:
    text = SPEC.replace(
        'caption: {$ref: "https://example.com/schemas/label#/properties/caption"}',
        f'caption: {{$ref: "{ref}"}}',
    )
    line = next(n for n, row in enumerate(text.splitlines(), 1) if ref in row)
    folder = write(tmp_path, text)
    for command in (["validate", "spec.yaml"], ["generate", "--spec", "spec.yaml", "--out", "out"]):
        result = specgen(*command, cwd=folder)
        assert result.returncode == 1, result.stderr
        assert (
            f"spec.yaml:{line}:" in result.stderr
            and "/components/schemas/Board/properties/caption/$ref: "
            f"cannot resolve $ref {ref!r}: {reason} [unresolved-ref]"
            in result.stderr
        ), result.stderr
        assert "datamodel-code-generator" not in result.stderr
    assert not (folder / "out").exists()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write(tmp_path_factory.mktemp("ids"))
    result = specgen("generate", "--spec", "spec.yaml", "--out", "out", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return folder / "out"


def test_generated_models_use_the_classes_the_refs_name(generated: Path) -> None:
    source = models_source(generated / "boards")
    assert "class Label(" in source and "class Marker(" in source
    assert "    label: Label\n" in source
    assert "    marker: Marker\n" in source
    assert "    labels: list[Label] | None = None\n" in source
    assert "    caption: str | None = None\n" in source
    assert "    colour: Colour | None = None\n" in source
    assert "    again: str | None = None\n" in source
    assert "example.com/schemas" not in source


def test_contract_tests_of_the_document_pass(generated: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=generated,
        capture_output=True,
        text=True,
        timeout=600,
        # The contract tests' own server is on 127.0.0.1; anything else would hit the proxy.
        env={**os.environ, **NO_NETWORK, "NO_PROXY": "127.0.0.1", "PYTHONPATH": str(generated)},
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout.splitlines()[-1]


def _board(document: dict[str, Any]) -> dict[str, Any]:
    return document["components"]["schemas"]["Board"]["properties"]  # type: ignore[no-any-return]


def test_the_loaded_document_has_pointers_and_no_ids(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path) / "spec.yaml")
    assert spec.diagnostics == []
    board = _board(spec.document)
    assert board["label"] == {"$ref": "#/components/schemas/Label"}
    assert board["marker"] == {"$ref": "#/components/schemas/Marker"}
    assert board["caption"] == {"$ref": "#/components/schemas/Label/properties/caption"}
    label = spec.document["components"]["schemas"]["Label"]
    assert "$id" not in label
    assert label["properties"]["colour"] == {"$ref": "#/components/schemas/Colour"}
    assert label["properties"]["again"] == {"$ref": "#/components/schemas/Label/properties/caption"}


def test_30_documents_are_left_alone() -> None:
    document: dict[str, Any] = {
        "openapi": "3.0.3",
        "components": {
            "schemas": {
                "A": {"$id": "https://example.com/a", "type": "string"},
                "B": {"$ref": "https://example.com/a"},
            }
        },
    }
    assert schema_ids.localize(document) == []
    assert document["components"]["schemas"]["A"]["$id"] == "https://example.com/a"
    assert document["components"]["schemas"]["B"] == {"$ref": "https://example.com/a"}


def test_an_anchor_inside_an_id_belongs_to_that_schema() -> None:
    # The same anchor name in two resources: each `$ref` finds its own resource's one.
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "components": {
            "schemas": {
                "A": {
                    "$id": "https://example.com/a",
                    "$defs": {"n": {"$anchor": "n", "type": "string"}},
                    "properties": {"x": {"$ref": "#n"}},
                },
                "B": {
                    "$id": "https://example.com/b",
                    "$defs": {"n": {"$anchor": "n", "type": "integer"}},
                    "properties": {"x": {"$ref": "#n"}},
                },
                "C": {
                    "properties": {"y": {"$ref": "https://example.com/b#n"}, "z": {"$ref": "#n"}}
                },
            }
        },
    }
    assert schema_ids.localize(document) == []
    schemas = document["components"]["schemas"]
    assert schemas["A"]["properties"]["x"] == {"$ref": "#/components/schemas/A/$defs/n"}
    assert schemas["B"]["properties"]["x"] == {"$ref": "#/components/schemas/B/$defs/n"}
    assert schemas["C"]["properties"]["y"] == {"$ref": "#/components/schemas/B/$defs/n"}
    assert schemas["C"]["properties"]["z"] == {"$ref": "#n"}  # ambiguous: validation reports it


DYNAMIC = textwrap.dedent(
    """
    openapi: 3.1.0
    info: {title: Trees, version: "1.0"}
    paths:
      /forest:
        get:
          operationId: getForest
          responses:
            "200":
              description: ok
              content:
                application/json:
                  schema:
                    type: array
                    items: {$dynamicRef: "#node"}
    components:
      schemas:
        Tree:
          $dynamicAnchor: node
          type: object
          properties:
            children: {type: array, items: {$dynamicRef: "#node"}}
    """
)


def test_a_schema_reached_by_dynamic_ref_is_used(tmp_path: Path) -> None:
    result = specgen("validate", "--strict", "spec.yaml", cwd=write(tmp_path, DYNAMIC))
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "valid: 0 errors, 0 warnings"


def test_a_dynamic_anchor_declared_twice_is_a_located_warning(tmp_path: Path) -> None:
    text = DYNAMIC + "    Bush: {$dynamicAnchor: node, type: object}\n"
    result = specgen("validate", "spec.yaml", cwd=write(tmp_path, text))
    assert result.returncode == 0, result.stderr
    findings = [line for line in result.stderr.splitlines() if "[unsupported-feature]" in line]
    assert len(findings) == 2, result.stderr  # the operation's and Tree's own
    assert all(": warning: " in line and "declared 2 times" in line for line in findings)
    assert "/components/schemas/Tree/properties/children/items/$dynamicRef" in findings[-1]


def test_a_relative_ref_outside_the_id_it_would_name_is_a_located_error(tmp_path: Path) -> None:
    # `colour` beside Label's `$id` names Colour; in Board, which has no `$id`, it names a file.
    text = SPEC.replace('marker: {$ref: "#marker"}', "marker: {$ref: colour}")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "{$ref: colour}" in row)
    result = specgen("validate", "spec.yaml", cwd=write(tmp_path, text))
    assert result.returncode == 1
    assert (
        f"spec.yaml:{line}:" in result.stderr
        and "/components/schemas/Board/properties/marker/$ref: cannot resolve $ref 'colour': it "
        "is neither a file nor relative to the $id of a schema around it [unresolved-ref]"
        in result.stderr
    ), result.stderr


def test_a_file_named_like_an_id_is_still_a_file(tmp_path: Path) -> None:
    text = SPEC.replace('marker: {$ref: "#marker"}', "marker: {$ref: colour}")
    (tmp_path / "colour").write_text("type: string\nenum: [cyan]\n", encoding="utf-8")
    spec = load_spec(write(tmp_path, text) / "spec.yaml")
    assert [d.message for d in spec.diagnostics] == []
    marker = _board(spec.document)["marker"]
    assert marker["$ref"].startswith("#/components/schemas/")
    hoisted = spec.document["components"]["schemas"][marker["$ref"].rsplit("/", 1)[1]]
    assert hoisted["enum"] == ["cyan"]


def test_in_30_an_id_is_no_name_so_refs_by_it_are_errors(tmp_path: Path) -> None:
    # 3.0 schemas have no `$id` or `$anchor`: such `$ref`s are a URL (never fetched) and a
    # fragment that names nothing.
    result = specgen("validate", "spec.yaml", cwd=write(tmp_path, SPEC.replace("3.1.0", "3.0.3")))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert any(
        "/components/schemas/Board/properties/label/$ref: cannot resolve $ref "
        "'https://example.com/schemas/label': remote $ref is not fetched" in line
        for line in errors
    ), result.stderr
    assert any(
        "/components/schemas/Board/properties/marker/$ref: $ref '#marker' names no $anchor" in line
        for line in errors
    ), result.stderr
