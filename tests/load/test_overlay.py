"""Overlay 1.0: updates, appends, removals, several overlays in order, and honest locations.

Overlays are written as files and applied by the real loader (`load_spec(path, overlays)`), the
command line runs in a subprocess, and the corpus test fixes GitHub's one bad example.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import specgen
from specgen.diagnostics import Diagnostic, Severity, SpecInvalid, UsageError
from specgen.load.spec import LoadedSpec, document_digest, load_spec
from specgen.validation.checks import validate_spec
from tests.support.paths import CORPUS, ROOT, requires_corpus

GITHUB = CORPUS / "github" / "api.github.com.json"
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"

SPEC = """\
openapi: 3.1.0
info:
  title: Pets
  version: 1.0.0
tags:
  - name: pets
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      parameters:
        - {name: a, in: query, schema: {type: string}}
        - {name: b, in: header, schema: {type: string}}
        - {name: c, in: query, schema: {type: string}}
        - {name: d, in: header, schema: {type: string}}
        - {name: e, in: query, schema: {type: integer}, example: 5}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
components:
  schemas:
    Pet:
      type: object
      description: A pet.
      properties:
        name: {type: string}
        legs: {type: integer, minimum: 0}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def overlay(*actions: str, header: str = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\n") -> str:
    return (
        header + "actions:\n" + "".join(textwrap.indent(textwrap.dedent(a), "  ") for a in actions)
    )


def load(tmp_path: Path, *overlays: str, monkeypatch: pytest.MonkeyPatch) -> LoadedSpec:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "spec.yaml", SPEC)
    names = []
    for index, text in enumerate(overlays):
        names.append(f"o{index}.yaml")
        write(tmp_path, names[-1], text)
    return load_spec("spec.yaml", names)


def line_col(path: Path, needle: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


def findings(spec: LoadedSpec, severity: Severity | None = None) -> list[Diagnostic]:
    return [d for d in validate_spec(spec) if severity is None or d.severity is severity]


def pet(spec: LoadedSpec) -> dict[str, Any]:
    return spec.document["components"]["schemas"]["Pet"]  # type: ignore[no-any-return]


def test_update_merges_objects_recursively_and_appends_to_arrays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = load(
        tmp_path,
        overlay(
            """\
            - target: $.components.schemas.Pet
              update:
                description: A pet, patched.
                required: [name]
                properties:
                  legs: {maximum: 8}
                  tail: {type: boolean}
            """,
            """\
            - target: $.tags
              update: {name: extra}
            - target: $.tags
              update: [{name: more}, {name: most}]
            - target: $.paths.*.get
              update: {tags: [extra]}
            """,
        ),
        monkeypatch=monkeypatch,
    )
    assert pet(spec) == {
        "type": "object",
        "description": "A pet, patched.",
        "properties": {
            "name": {"type": "string"},
            "legs": {"type": "integer", "minimum": 0, "maximum": 8},
            "tail": {"type": "boolean"},
        },
        "required": ["name"],
    }
    assert [t["name"] for t in spec.document["tags"]] == ["pets", "extra", "more", "most"]
    assert spec.document["paths"]["/pets"]["get"]["tags"] == ["pets", "extra"]
    assert findings(spec) == []


def test_remove_deletes_every_match_and_later_items_keep_their_locations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = load(
        tmp_path,
        overlay(
            """\
            - target: $.paths['/pets'].get.parameters[?@.in == 'header']
              remove: true
            - target: $.components.schemas.Pet.description
              remove: true
            """
        ),
        monkeypatch=monkeypatch,
    )
    parameters = spec.document["paths"]["/pets"]["get"]["parameters"]
    assert [p["name"] for p in parameters] == ["a", "c", "e"]
    assert "description" not in pet(spec)
    # `e` moved from index 4 to 2; it is still located where it was written.
    file, line, col, pointer = spec.locate("/paths/~1pets/get/parameters/2")
    assert (file, (line, col)) == ("spec.yaml", line_col(tmp_path / "spec.yaml", "{name: e"))
    assert pointer == "/paths/~1pets/get/parameters/4"
    assert (tmp_path / "spec.yaml").read_text() == SPEC  # the document itself is not edited


def test_overlays_apply_in_order_and_a_later_one_sees_what_an_earlier_one_did(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = overlay(
        """\
        - target: $.components.schemas.Pet
          update: {description: first, properties: {owner: {type: string}}}
        """
    )
    second = overlay(
        """\
        - target: $.components.schemas.Pet
          update: {description: second}
        - target: $.components.schemas.Pet.properties.owner
          update: {maxLength: 10}
        """
    )
    spec = load(tmp_path, first, second, monkeypatch=monkeypatch)
    assert pet(spec)["description"] == "second"
    assert pet(spec)["properties"]["owner"] == {"type": "string", "maxLength": 10}
    reversed_order = load(tmp_path, second, first, monkeypatch=monkeypatch)
    assert pet(reversed_order)["description"] == "first"
    assert pet(reversed_order)["properties"]["owner"] == {"type": "string"}
    # The second order finds no `owner` yet: a warning, located at that action's target.
    (warning,) = findings(reversed_order, Severity.WARNING)
    assert warning.file == "o0.yaml" and warning.pointer == "/actions/1/target"
    assert "matches nothing" in warning.message


def test_introduced_nodes_are_located_at_the_overlay_action_that_introduced_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = overlay(
        """\
        - target: $.components.schemas.Pet.properties.legs
          description: A bad example, brought in by the overlay.
          update:
            example: many
        """
    )
    spec = load(tmp_path, text, monkeypatch=monkeypatch)
    (error,) = [d for d in findings(spec) if d.rule == "example-mismatch"]  # a content problem
    assert "example does not match its schema" in error.message
    assert (error.file, error.line, error.col) == (
        "o0.yaml",
        *line_col(tmp_path / "o0.yaml", "example:"),
    )
    assert error.pointer == "/actions/0/update/example"
    # The original example of `e` is still in spec.yaml; a node the overlay did not touch.
    assert spec.locate("/paths/~1pets/get/parameters/4/example")[0] == "spec.yaml"


def test_shared_yaml_anchors_are_patched_at_one_place_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shared = SPEC.replace("name: {type: string}", "name: &text {type: string}") + (
        "    Owner:\n      type: object\n      properties:\n        name: *text\n"
    )
    write(tmp_path, "spec.yaml", shared)
    write(
        tmp_path,
        "o.yaml",
        overlay("- target: $.components.schemas.Owner.properties.name\n  update: {maxLength: 3}\n"),
    )
    spec = load_spec("spec.yaml", ["o.yaml"])
    assert spec.document["components"]["schemas"]["Owner"]["properties"]["name"]["maxLength"] == 3
    assert pet(spec)["properties"]["name"] == {"type": "string"}


V2 = "overlay: 2.0.0\ninfo: {title: t, version: '1'}\n"
INVALID = [
    # (overlay text, pointer of the error, text at its line and column, message start)
    (overlay("- target: $.info\n  update: {x-a: 1}\n", header=V2), "/overlay", "overlay:",
     "overlay: Overlay '2.0.0' is not supported (supported: 1.0.x)"),
    ("info: {title: t, version: '1'}\nactions: [{target: $.info, remove: true}]\n", "", "info:",
     "overlay: not an Overlay document"),
    (overlay("- target: $.paths[\n  remove: true\n"), "/actions/0/target", "target:",
     "overlay: invalid JSONPath '$.paths['"),
    (overlay("- target: paths\n  remove: true\n"), "/actions/0/target", "target:",
     "overlay: invalid JSONPath 'paths'"),
    (overlay("- target: $.info\n  updaet: {}\n  remove: true\n"), "/actions/0/updaet", "updaet",
     "overlay: unknown field 'updaet'"),
    (overlay("- target: $.info.title\n  update: {a: 1}\n"), "/actions/0/target", "target:",
     "overlay: $['info']['title'] is a string"),
    (overlay("- target: $.info\n  update: [1]\n"), "/actions/0/update", "update:",
     "overlay: $['info'] is an object"),
    (overlay("- target: $\n  remove: true\n"), "/actions/0/target", "target:",
     "overlay: the whole document cannot"),
    (overlay("- target: $.info\n  remove: yes please\n"), "/actions/0/remove", "remove:",
     "overlay: `remove` must be true"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "pointer", "needle", "message"), INVALID)
def test_an_invalid_overlay_gets_located_errors(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    pointer: str,
    needle: str,
    message: str,
) -> None:
    spec = load(tmp_path, text, monkeypatch=monkeypatch)
    errors = findings(spec, Severity.ERROR)
    assert [(d.file, d.pointer) for d in errors] == [("o0.yaml", pointer)], errors
    assert errors[0].message.startswith(message), errors[0].message
    assert (errors[0].line, errors[0].col) == line_col(tmp_path / "o0.yaml", needle)


def test_an_action_applies_to_all_its_matches_or_to_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `info` could take the update; `openapi` (a string) cannot: neither is changed.
    text = overlay("- target: $['info', 'openapi']\n  update: {x-patched: true}\n")
    spec = load(tmp_path, text, monkeypatch=monkeypatch)
    assert spec.document["info"] == {"title": "Pets", "version": "1.0.0"}
    (error,) = findings(spec, Severity.ERROR)
    assert error.message.startswith("overlay: $['openapi'] is a string: an update needs objects")


def test_an_unreadable_overlay_is_a_usage_error_and_a_broken_one_invalid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "spec.yaml", SPEC)
    with pytest.raises(UsageError, match=r"overlay missing\.yaml: no such file"):
        load_spec("spec.yaml", ["missing.yaml"])
    write(tmp_path, "broken.yaml", "overlay: 1.0.0\nactions: [\n")
    with pytest.raises(SpecInvalid) as caught:
        load_spec("spec.yaml", ["broken.yaml"])
    assert caught.value.diagnostics[0].file == "broken.yaml"


def test_the_digest_covers_the_overlays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = load(tmp_path, monkeypatch=monkeypatch)
    assert plain.digest == document_digest(plain.document)
    patch = "- target: $.info\n  update: {x-note: 1}\n"
    with_overlay = load(tmp_path, overlay(patch), monkeypatch=monkeypatch)
    assert with_overlay.digest != plain.digest
    # Same effect on the document, different overlay: a different digest still.
    renamed = overlay(patch, header="overlay: 1.0.0\ninfo: {title: renamed, version: '1'}\n")
    other = load(tmp_path, renamed, monkeypatch=monkeypatch)
    assert other.document == with_overlay.document and other.digest != with_overlay.digest
    assert with_overlay.files[-1] == (tmp_path / "o0.yaml").resolve()


# --- the command line ---------------------------------------------------------------------------


def specgen_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_cli_validate_with_overlays_and_their_exit_codes(tmp_path: Path) -> None:
    broken = SPEC.replace("example: 5", "example: five")
    write(tmp_path, "spec.yaml", broken)
    write(
        tmp_path,
        "fix.yaml",
        overlay("- target: $.paths['/pets'].get.parameters[4]\n  update: {example: 5}\n"),
    )
    write(tmp_path, "bad.yaml", overlay("- target: $$\n  remove: true\n"))
    # The bad example is a content problem: a warning, unless --strict.
    assert specgen_cli("validate", "spec.yaml", cwd=tmp_path).returncode == 0
    assert specgen_cli("validate", "--strict", "spec.yaml", cwd=tmp_path).returncode == 1
    fixed = specgen_cli("validate", "spec.yaml", "--overlay", "fix.yaml", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert "valid: 0 errors, 0 warnings" in fixed.stderr
    bad = specgen_cli(
        "validate", "spec.yaml", "--overlay", "fix.yaml", "--overlay", "bad.yaml", cwd=tmp_path
    )
    assert bad.returncode == 1
    line, col = line_col(tmp_path / "bad.yaml", "target:")
    assert (
        f"bad.yaml:{line}:{col}: error: /actions/0/target: overlay: invalid JSONPath" in bad.stderr
    )
    missing = specgen_cli("validate", "spec.yaml", "--overlay", "nope.yaml", cwd=tmp_path)
    assert missing.returncode == 2 and "overlay nope.yaml: no such file" in missing.stderr


def test_cli_check_notices_an_edited_overlay(tmp_path: Path) -> None:
    write(tmp_path, "o.yaml", overlay("- target: $.info\n  update: {description: Patched shop.}\n"))
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.specgen]\nspec = "{MINI.as_posix()}"\nout = "out"\npackage = "mini"\n'
        'overlays = ["o.yaml"]\n'
    )
    generated = specgen_cli("generate", cwd=tmp_path)
    assert generated.returncode == 0, generated.stderr
    assert "Patched shop." in (tmp_path / "out" / "mini" / "_client.py").read_text()
    assert specgen_cli("check", cwd=tmp_path).returncode == 0
    # Only the overlay's own title changes: the code is the same, the manifest is not.
    (tmp_path / "o.yaml").write_text(
        (tmp_path / "o.yaml").read_text().replace("title: t", "title: u")
    )
    drift = specgen_cli("check", cwd=tmp_path)
    assert drift.returncode == 1
    assert ".specgen-manifest.json" in drift.stdout


# --- a real document: GitHub's one bad example ----------------------------------------------------

GITHUB_FIX = """\
overlay: 1.0.0
info: {title: Fix GitHub's contributor-activity example, version: 1.0.0}
actions:
  - target: $.components.schemas['contributor-activity'].properties.weeks.example[0]
    description: The week `w` is a Unix timestamp, an integer as the schema says.
    update: {w: 1367712000}
"""
BAD_EXAMPLE = "/components/schemas/contributor-activity/properties/weeks/example/0/w"


@requires_corpus
def test_an_overlay_fixes_githubs_bad_example_without_touching_the_file(tmp_path: Path) -> None:
    before = hashlib.sha256(GITHUB.read_bytes()).hexdigest()
    original = specgen.validate(GITHUB, cwd=tmp_path)
    # A content problem, its only bad example (other rules report other parts of the document).
    (bad,) = [d for d in original.warnings if d.rule == "example-mismatch"]
    assert bad.pointer == BAD_EXAMPLE
    assert "\"1367712000\" is not of type 'integer'" in bad.message

    fix = write(tmp_path, "github-fix.yaml", GITHUB_FIX)
    patched = specgen.validate(GITHUB, overlays=[fix], cwd=tmp_path)
    assert patched.ok and [d for d in patched.diagnostics if d.pointer == BAD_EXAMPLE] == []
    assert len(patched.diagnostics) == len(original.diagnostics) - 1
    assert hashlib.sha256(GITHUB.read_bytes()).hexdigest() == before
