"""`specgen validate` as a user runs it: broken copies of a small spec, located messages, exits.

Every case runs the real command in a subprocess and checks the exact `FILE:LINE:COL: severity:
POINTER: message` prefix, with the expected line and column computed from the fixture text.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

BASE_SPEC = textwrap.dedent(
    """\
    openapi: 3.1.0
    info:
      title: Pet Store
      version: 1.0.0
    servers:
      - url: https://api.example.com/v1
    paths:
      /pets:
        get:
          operationId: listPets
          summary: List pets
          parameters:
            - name: limit
              in: query
              schema:
                type: integer
                maximum: 100
              example: 20
          responses:
            "200":
              description: A list of pets
              content:
                application/json:
                  schema:
                    type: array
                    items:
                      $ref: "#/components/schemas/Pet"
                  example:
                    - id: 1
                      name: Rex
        post:
          operationId: createPet
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  $ref: "#/components/schemas/NewPet"
          responses:
            "201":
              description: Created
              content:
                application/json:
                  schema:
                    $ref: "#/components/schemas/Pet"
            default:
              $ref: "#/components/responses/Error"
      /pets/{petId}:
        parameters:
          - $ref: "#/components/parameters/PetId"
        get:
          operationId: getPet
          responses:
            "200":
              description: One pet
              content:
                application/json:
                  schema:
                    $ref: "#/components/schemas/Pet"
            default:
              $ref: "#/components/responses/Error"
    components:
      parameters:
        PetId:
          name: petId
          in: path
          required: true
          schema:
            type: integer
      responses:
        Error:
          description: An error
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
      schemas:
        NewPet:
          type: object
          required: [name]
          properties:
            name:
              type: string
              maxLength: 20
              example: Rex
            tag:
              type: [string, "null"]
        Pet:
          allOf:
            - $ref: "#/components/schemas/NewPet"
            - type: object
              required: [id]
              properties:
                id:
                  type: integer
                  format: int64
        Error:
          type: object
          required: [code, message]
          properties:
            code:
              type: integer
            message:
              type: string
              description: Human-readable message
    """
)

LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): /")
SUMMARY = re.compile(r"^(valid|invalid): \d+ errors?, \d+ warnings?$")


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    return text.replace(old, new)


def position(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, col) where the ``occurrence``-th ``needle`` starts."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        col = line.find(needle)
        if col >= 0:
            seen += 1
            if seen == occurrence:
                return number, col + 1
    raise AssertionError(f"{needle!r} not found")


@dataclass(frozen=True)
class Expected:
    severity: str
    needle: str  # where the diagnostic must point: the start of this text in the fixture
    pointer: str
    message: str  # the start of the message
    occurrence: int = 1

    def prefix(self, text: str) -> str:
        line, col = position(text, self.needle, self.occurrence)
        return f"spec.yaml:{line}:{col}: {self.severity}: {self.pointer}: {self.message}"


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    expected: list[Expected]
    exit_code: int = 1


def _unused_path_parameter() -> str:
    operation = "    get:\n      operationId: getPet\n"
    return edit(
        BASE_SPEC,
        operation,
        operation + "      parameters:\n"
        "        - name: ownerId\n"
        "          in: path\n"
        "          required: true\n"
        "          schema:\n"
        "            type: string\n",
    )


def _first_line_of(text: str, needle: str) -> int:
    return position(text, needle)[0]


CASES = [
    Case(
        "bad-ref",
        edit(
            BASE_SPEC,
            '              $ref: "#/components/schemas/NewPet"\n',
            '              $ref: "#/components/schemas/NewPett"\n',
        ),
        [
            Expected(
                "error",
                '$ref: "#/components/schemas/NewPett"',
                "/paths/~1pets/post/requestBody/content/application~1json/schema/$ref",
                "$ref target '#/components/schemas/NewPett' does not exist",
            )
        ],
    ),
    Case(
        "example-wrong-type",
        edit(BASE_SPEC, "- id: 1\n", "- id: one\n"),
        [
            Expected(
                "error",
                "id: one",
                "/paths/~1pets/get/responses/200/content/application~1json/example/0/id",
                "example does not match its schema: \"one\" is not of type 'integer'",
            )
        ],
    ),
    Case(
        "duplicate-key",
        edit(
            BASE_SPEC,
            "      summary: List pets\n",
            "      summary: List pets\n      summary: Again\n",
        ),
        [
            Expected(
                "error",
                "summary: Again",
                "/paths/~1pets/get/summary",
                f"duplicate key 'summary' (first defined at line "
                f"{_first_line_of(BASE_SPEC, 'summary: List pets')})",
            )
        ],
    ),
    Case(
        "missing-path-parameter",
        edit(BASE_SPEC, "  /pets/{petId}:\n", "  /pets/{petId}/toys/{toyId}:\n"),
        [
            Expected(
                "error",
                "get:",
                "/paths/~1pets~1{petId}~1toys~1{toyId}/get",
                "path parameter 'toyId' of '/pets/{petId}/toys/{toyId}' is not declared",
                occurrence=2,
            )
        ],
    ),
    Case(
        "unused-path-parameter",
        _unused_path_parameter(),
        [
            Expected(
                "error",
                "name: ownerId",
                "/paths/~1pets~1{petId}/get/parameters/0",
                "path parameter 'ownerId' does not occur in the path '/pets/{petId}'",
            )
        ],
    ),
    Case(
        "bad-indentation",
        edit(BASE_SPEC, "      summary: List pets\n", "     summary: List pets\n"),
        [
            Expected(
                "error",
                "summary: List pets",
                "/paths/~1pets",
                "invalid YAML: did not find expected key",
            )
        ],
    ),
    Case(
        "tab-indentation",
        edit(BASE_SPEC, "      summary: List pets\n", "\tsummary: List pets\n"),
        [
            Expected(
                "error",
                "\tsummary",
                "/paths/~1pets/get/operationId",
                "invalid YAML: found a tab character that violates indentation",
            )
        ],
    ),
    Case(
        "unclosed-quote",
        edit(
            BASE_SPEC, "description: Human-readable message", 'description: "Human-readable message'
        ),
        [
            Expected(
                "error",
                '"Human-readable',
                "/components/schemas/Error/properties/message/description",
                "invalid YAML: found unexpected end of stream (while scanning a quoted scalar)",
            )
        ],
    ),
    Case(
        "keyword-typos",
        edit(
            edit(BASE_SPEC, "      required: [name]\n", "      requried: [name]\n"),
            '          type: [string, "null"]\n',
            "          type: string\n          nulable: true\n",
        ),
        [
            Expected(
                "error",
                "requried:",
                "/components/schemas/NewPet/requried",
                "unknown keyword 'requried' in schema; did you mean 'required'?",
            ),
            Expected(
                "error",
                "nulable:",
                "/components/schemas/NewPet/properties/tag/nulable",
                "unknown keyword 'nulable' in schema; did you mean 'nullable'?",
            ),
        ],
    ),
    Case(
        "duplicate-operation-id",
        edit(BASE_SPEC, "operationId: getPet\n", "operationId: listPets\n"),
        [
            Expected(
                "error",
                "operationId: listPets",
                "/paths/~1pets~1{petId}/get/operationId",
                f"duplicate operationId 'listPets' (first used at spec.yaml:"
                f"{_first_line_of(BASE_SPEC, 'operationId: listPets')},"
                " /paths/~1pets/get/operationId)",
                occurrence=2,
            )
        ],
    ),
    Case(
        "example-too-long",
        edit(BASE_SPEC, "example: Rex\n", "example: Rexxxxxxxxxxxxxxxxxxxxxxx\n"),
        [
            Expected(
                "error",
                "example: Rexxx",
                "/components/schemas/NewPet/properties/name/example",
                "example does not match its schema: 'Rexxxxxxxxxxxxxxxxxxxxxxx' is too long",
            )
        ],
    ),
    Case(
        "path-parameter-not-required",
        edit(
            BASE_SPEC,
            "      in: path\n      required: true\n",
            "      in: path\n      required: false\n",
        ),
        [
            Expected(
                "error",
                "required: false",
                "/components/parameters/PetId/required",
                "must be true, not false",
            )
        ],
    ),
    Case(
        "unused-component",
        edit(BASE_SPEC, "  schemas:\n", "  schemas:\n    Unused:\n      type: string\n"),
        [
            Expected(
                "warning",
                "Unused:",
                "/components/schemas/Unused",
                "unused component: nothing references #/components/schemas/Unused",
            )
        ],
        exit_code=0,
    ),
    Case(
        "swagger-2",
        'swagger: "2.0"\ninfo: {title: Old, version: "1"}\npaths: {}\n',
        [
            Expected(
                "error",
                "swagger:",
                "/swagger",
                "Swagger 2.0 is not supported; convert it to OpenAPI 3 first",
            )
        ],
    ),
    Case(
        "openapi-3.2",
        edit(BASE_SPEC, "openapi: 3.1.0\n", "openapi: 3.2.0\n"),
        [Expected("error", "openapi:", "/openapi", "OpenAPI 3.2.0 is not supported")],
    ),
    Case("valid", BASE_SPEC, [], exit_code=0),
]


def run_validate(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specgen", "validate", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def check_output_shape(stderr: str) -> list[str]:
    """The located lines (sorted by location), then one summary line; never a traceback."""
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert lines, "no output"
    assert SUMMARY.match(lines[-1]), lines[-1]
    located = lines[:-1]
    keys = []
    for line in located:
        match = LOCATED.match(line)
        assert match, line
        keys.append((match["file"], int(match["line"]), int(match["col"])))
    assert keys == sorted(keys)
    return located


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_validate(case: Case, tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(case.text, encoding="utf-8")
    result = run_validate(tmp_path, "spec.yaml")
    located = check_output_shape(result.stderr)
    assert result.returncode == case.exit_code, result.stderr
    assert len(located) == len(case.expected), result.stderr
    for line, expected in zip(located, case.expected, strict=True):
        assert line.startswith(expected.prefix(case.text)), (
            f"{line}\n  expected: {expected.prefix(case.text)}"
        )
    errors = sum(1 for e in case.expected if e.severity == "error")
    warnings = len(case.expected) - errors
    counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    assert result.stderr.splitlines()[-1].endswith(counts)


def test_located_in_the_referenced_file(tmp_path: Path) -> None:
    spec = edit(
        BASE_SPEC,
        "    NewPet:\n      type: object\n",
        "    NewPet:\n      $ref: schemas/new-pet.yaml\n    Unreferenced:\n      type: object\n",
    )
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    schema = "type: object\nproperties:\n  name:\n    type: string\n    example: 42\n"
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "new-pet.yaml").write_text(schema, encoding="utf-8")
    result = run_validate(tmp_path, "spec.yaml")
    located = check_output_shape(result.stderr)
    line, col = position(schema, "example: 42")
    assert any(
        entry.startswith(
            f"{Path('schemas/new-pet.yaml')}:{line}:{col}: error: /properties/name/example: "
            "example does not match its schema: 42 is not of type 'string'"
        )
        for entry in located
    ), result.stderr
    assert result.returncode == 1


@pytest.mark.parametrize(
    ("name", "setup", "message"),
    [
        ("missing", lambda folder: None, "spec.yaml: no such file"),
        ("directory", lambda folder: (folder / "spec.yaml").mkdir(), "spec.yaml: not a file"),
        (
            "not-utf8",
            lambda folder: (folder / "spec.yaml").write_bytes(b"openapi: 3.1.0\ntitle: caf\xe9\n"),
            "spec.yaml: not UTF-8 text",
        ),
    ],
)
def test_unreadable_file_is_a_usage_error(
    name: str, setup: Callable[[Path], object], message: str, tmp_path: Path
) -> None:
    setup(tmp_path)
    result = run_validate(tmp_path, "spec.yaml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"specgen: error: {message}"), result.stderr
