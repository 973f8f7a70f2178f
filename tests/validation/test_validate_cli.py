"""`specgen validate` as a user runs it: broken copies of a small spec, located messages, exits.

Every case runs the real command in a subprocess and checks the exact `FILE:LINE:COL: severity:
POINTER: message` prefix and the `[rule-id]` at the end of the line, with the expected line and
column computed from the fixture text. Blocking problems are errors (exit 1); content problems
are warnings (exit 0) unless `--strict`, `strict = true` or a rule setting says otherwise.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from specgen.rules import RULES
from tests.support.paths import CORPUS, ROOT, requires_corpus

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

LOCATED = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): /.*"
    r" \[(?P<rule>[a-z0-9-]+)\]$"
)
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
    rule: str  # the rule id the line ends with
    occurrence: int = 1

    def prefix(self, text: str) -> str:
        line, col = position(text, self.needle, self.occurrence)
        return f"spec.yaml:{line}:{col}: {self.severity}: {self.pointer}: {self.message}"

    def check(self, line: str, text: str) -> None:
        assert line.startswith(self.prefix(text)), f"{line}\n  expected: {self.prefix(text)}"
        assert line.endswith(f" [{self.rule}]"), f"{line}\n  expected rule: {self.rule}"


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


def _with_property(schema_lines: str) -> str:
    """BASE_SPEC with a property `code` of NewPet, written as ``schema_lines`` (YAML, indented)."""
    return edit(
        BASE_SPEC,
        "        tag:\n",
        "        code:\n" + textwrap.indent(schema_lines, "          ") + "        tag:\n",
    )


NEW_PET_PTR = "/components/schemas/NewPet"
PETS_200_EXAMPLE = "/paths/~1pets/get/responses/200/content/application~1json/example"

# Blocking problems: errors whatever the settings, exit 1.
BLOCKING_CASES = [
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
                "unresolved-ref",
            )
        ],
    ),
    Case(
        # YAML reads an unquoted `#` as a comment: the value is null (swagger-petstore v3.1).
        "ref-null",
        edit(
            BASE_SPEC,
            '                  $ref: "#/components/schemas/Pet"\n',
            "                  $ref: #/components/schemas/Pet\n",
        ),
        [
            Expected(
                "error",
                "$ref: #/components/schemas/Pet",
                "/paths/~1pets/get/responses/200/content/application~1json/schema/items/$ref",
                "$ref must be a string, not null (in YAML an unquoted '#' starts a comment",
                "unresolved-ref",
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
                "path-parameter-missing",
                occurrence=2,
            )
        ],
    ),
    Case(
        "parameter-without-in",
        edit(BASE_SPEC, "      name: petId\n      in: path\n", "      name: petId\n"),
        [
            Expected(
                "error",
                "get:",
                "/paths/~1pets~1{petId}/get",
                "path parameter 'petId' of '/pets/{petId}' is not declared",
                "path-parameter-missing",
                occurrence=2,
            ),
            Expected(
                "error",
                "PetId:",
                "/components/parameters/PetId",
                "a parameter needs 'in' (one of path, query, header, cookie); it has no 'in'",
                "structure",
            ),
        ],
    ),
    Case(
        "paths-not-a-mapping",
        edit(
            BASE_SPEC[: BASE_SPEC.index("components:")],
            BASE_SPEC[BASE_SPEC.index("paths:") : BASE_SPEC.index("components:")],
            "paths: [/pets]\n",
        ),
        [
            Expected(
                "error", "paths:", "/paths", "'paths' must be a mapping, not a list", "structure"
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
                "syntax",
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
                "syntax",
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
                "syntax",
            )
        ],
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
                "unsupported-version",
            )
        ],
    ),
    Case(
        "openapi-3.3",
        edit(BASE_SPEC, "openapi: 3.1.0\n", "openapi: 3.3.0\n"),
        [
            Expected(
                "error",
                "openapi:",
                "/openapi",
                "OpenAPI 3.3.0 is not supported (supported: 3.0.x, 3.1.x and 3.2.x)",
                "unsupported-version",
            )
        ],
    ),
]

# Content problems: warnings by default, exit 0.
CONTENT_CASES = [
    Case(
        "example-wrong-type",
        edit(BASE_SPEC, "- id: 1\n", "- id: one\n"),
        [
            Expected(
                "warning",
                "id: one",
                PETS_200_EXAMPLE + "/0/id",
                "example does not match its schema: \"one\" is not of type 'integer'",
                "example-mismatch",
            )
        ],
        exit_code=0,
    ),
    Case(
        "example-too-long",
        edit(BASE_SPEC, "example: Rex\n", "example: Rexxxxxxxxxxxxxxxxxxxxxxx\n"),
        [
            Expected(
                "warning",
                "example: Rexxx",
                NEW_PET_PTR + "/properties/name/example",
                "example does not match its schema: 'Rexxxxxxxxxxxxxxxxxxxxxxx' is too long",
                "example-mismatch",
            )
        ],
        exit_code=0,
    ),
    Case(
        "default-wrong-type",
        _with_property("type: string\ndefault: 1\n"),
        [
            Expected(
                "warning",
                "default: 1",
                NEW_PET_PTR + "/properties/code/default",
                "default does not match its schema: 1 is not of type 'string'",
                "default-mismatch",
            )
        ],
        exit_code=0,
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
                "warning",
                "summary: Again",
                "/paths/~1pets/get/summary",
                f"duplicate key 'summary' (first defined at line "
                f"{_first_line_of(BASE_SPEC, 'summary: List pets')})",
                "duplicate-key",
            )
        ],
        exit_code=0,
    ),
    Case(
        "unused-path-parameter",
        _unused_path_parameter(),
        [
            Expected(
                "warning",
                "name: ownerId",
                "/paths/~1pets~1{petId}/get/parameters/0",
                "path parameter 'ownerId' does not occur in the path '/pets/{petId}'",
                "path-parameter-unused",
            )
        ],
        exit_code=0,
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
                "warning",
                "requried:",
                NEW_PET_PTR + "/requried",
                "unknown keyword 'requried' in schema; did you mean 'required'?",
                "unknown-keyword",
            ),
            Expected(
                "warning",
                "nulable:",
                NEW_PET_PTR + "/properties/tag/nulable",
                "unknown keyword 'nulable' in schema; did you mean 'nullable'?",
                "unknown-keyword",
            ),
        ],
        exit_code=0,
    ),
    Case(
        "duplicate-operation-id",
        edit(BASE_SPEC, "operationId: getPet\n", "operationId: listPets\n"),
        [
            Expected(
                "warning",
                "operationId: listPets",
                "/paths/~1pets~1{petId}/get/operationId",
                f"duplicate operationId 'listPets' (first used at spec.yaml:"
                f"{_first_line_of(BASE_SPEC, 'operationId: listPets')},"
                " /paths/~1pets/get/operationId)",
                "duplicate-operation-id",
                occurrence=2,
            )
        ],
        exit_code=0,
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
                "warning",
                "required: false",
                "/components/parameters/PetId/required",
                "must be true, not false; the value is not used",
                "invalid-value",
            )
        ],
        exit_code=0,
    ),
    Case(
        # openapi-python-client's baseline: a `title` on an operation.
        "field-not-allowed",
        edit(BASE_SPEC, "      summary: List pets\n", "      summary: List pets\n      title: x\n"),
        [
            Expected(
                "warning",
                "get:",
                "/paths/~1pets/get",
                "unknown field 'title' (not allowed here)",
                "field-not-allowed",
            )
        ],
        exit_code=0,
    ),
    Case(
        # Spotify: `required: true` in a schema.
        "schema-keyword-invalid",
        _with_property("type: string\nrequired: true\n"),
        [
            Expected(
                "warning",
                "required: true",
                NEW_PET_PTR + "/properties/code/required",
                "invalid schema: true is not of type 'array'; the value is not used",
                "invalid-schema",
                occurrence=3,
            )
        ],
        exit_code=0,
    ),
    Case(
        "required-undeclared",
        edit(
            BASE_SPEC,
            "    NewPet:\n      type: object\n      required: [name]\n",
            "    NewPet:\n      type: object\n      required: [name, uris]\n",
        ),
        [
            # The response example lacks it: the rule's data (it is required), not a new one.
            Expected(
                "warning",
                "id: 1",
                PETS_200_EXAMPLE + "/0",
                "example does not match its schema: 'uris' is a required property",
                "example-mismatch",
            ),
            Expected(
                "warning",
                "uris]",
                NEW_PET_PTR + "/required/1",
                "'uris' is required but not among this schema's properties: where the schema"
                " stands alone, its model has no field for it",
                "required-undeclared",
            ),
        ],
        exit_code=0,
    ),
    Case(
        "nullable-untyped",
        edit(
            edit(
                _with_property("oneOf: [{type: string}, {type: integer}]\nnullable: true\n"),
                "openapi: 3.1.0",
                "openapi: 3.0.3",
            ),
            'type: [string, "null"]',
            "type: string\n          nullable: true",
        ),
        [
            Expected(
                "warning",
                "nullable: true",
                NEW_PET_PTR + "/properties/code/nullable",
                "'nullable: true' without 'type' admits no null in OpenAPI 3.0.3",
                "nullable-untyped",
            ),
        ],
        exit_code=0,
    ),
    Case(
        "pattern-translated",
        _with_property('type: string\npattern: "^\\\\p{InBasicLatin}+$"\n'),
        [
            Expected(
                "warning",
                "pattern:",
                NEW_PET_PTR + "/properties/code/pattern",
                "pattern '^\\\\p{InBasicLatin}+$' uses \\p{InBasicLatin}; enforced as its exact"
                " equivalent '^[\\\\x00-\\\\x7F]+$'",
                "pattern-dialect",
            )
        ],
        exit_code=0,
    ),
    Case(
        "pattern-dropped",
        _with_property('type: string\npattern: "^\\\\p{L}+$"\n'),
        [
            Expected(
                "warning",
                "pattern:",
                NEW_PET_PTR + "/properties/code/pattern",
                "pattern '^\\\\p{L}+$' is not enforced: \\p{L} has no exact equivalent in"
                " Python's re",
                "pattern-dialect",
            )
        ],
        exit_code=0,
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
                "unused-component",
            )
        ],
        exit_code=0,
    ),
    Case(
        "webhook-not-generated",
        edit(
            BASE_SPEC,
            "components:\n",
            "webhooks:\n  petAdopted:\n    post:\n      responses:\n"
            '        "200":\n          description: ok\ncomponents:\n',
        ),
        [
            Expected(
                "warning",
                "post:",
                "/webhooks/petAdopted/post",
                "POST of the webhook 'petAdopted' is not generated: specgen makes clients for"
                " `paths` only",
                "operation-not-generated",
                occurrence=2,
            )
        ],
        exit_code=0,
    ),
    Case(
        "openapi-3.2-query-method",
        edit(
            edit(BASE_SPEC, "openapi: 3.1.0\n", "openapi: 3.2.0\n"),
            "  /pets/{petId}:\n",
            "  /search:\n    query:\n      responses:\n"
            '        "200":\n          description: ok\n  /pets/{petId}:\n',
        ),
        [
            Expected(
                "warning",
                "query:",
                "/paths/~1search/query",
                "QUERY /search is not generated: OpenAPI 3.2's query method is not supported yet",
                "operation-not-generated",
            )
        ],
        exit_code=0,
    ),
    Case(
        "extension-refs-are-data",
        edit(
            BASE_SPEC,
            "servers:\n",
            "x-topics:\n  - content:\n      $ref: ./docs/missing.md\n"
            "x-policy:\n  $ref: '#/nowhere'\nservers:\n",
        ),
        [],
        exit_code=0,
    ),
    Case("openapi-3.2", edit(BASE_SPEC, "openapi: 3.1.0\n", "openapi: 3.2.0\n"), [], exit_code=0),
    Case("valid", BASE_SPEC, [], exit_code=0),
]
CASES = BLOCKING_CASES + CONTENT_CASES


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
        assert match["rule"] in RULES, line
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
        expected.check(line, case.text)
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
    result = run_validate(tmp_path, "--strict", "spec.yaml")
    located = check_output_shape(result.stderr)
    line, col = position(schema, "example: 42")
    assert any(
        entry.startswith(
            f"{Path('schemas/new-pet.yaml')}:{line}:{col}: error: /properties/name/example: "
            "example does not match its schema: 42 is not of type 'string'"
        )
        and entry.endswith("[example-mismatch]")
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


# -- how severe content problems are: --strict, [tool.specgen], --rule ------------------------

# One content problem (an example of the wrong type) and nothing else.
CONTENT_PROBLEM = edit(BASE_SPEC, "- id: 1\n", "- id: one\n")


def project(folder: Path, table: str = "", spec: str = CONTENT_PROBLEM) -> Path:
    (folder / "spec.yaml").write_text(spec, encoding="utf-8")
    (folder / "pyproject.toml").write_text(
        f'[tool.specgen]\nspec = "spec.yaml"\n{textwrap.dedent(table)}', encoding="utf-8"
    )
    return folder


def only_line(result: subprocess.CompletedProcess[str]) -> str:
    located = check_output_shape(result.stderr)
    assert len(located) == 1, result.stderr
    return located[0]


@pytest.mark.parametrize(
    ("table", "args", "severity", "exit_code"),
    [
        ("", [], "warning", 0),
        ("", ["--strict"], "error", 1),
        ("strict = true\n", [], "error", 1),
        ("strict = true\n", ["--no-strict"], "warning", 0),
        ("", ["--rule", "example-mismatch=error"], "error", 1),
        ('[tool.specgen.rules]\nexample-mismatch = "error"\n', [], "error", 1),
        # A rule's own level wins over strict; the command line wins over the table.
        ('strict = true\n[tool.specgen.rules]\nexample-mismatch = "warning"\n', [], "warning", 0),
        (
            '[tool.specgen.rules]\nexample-mismatch = "error"\n',
            ["--rule", "example-mismatch=warning"],
            "warning",
            0,
        ),
    ],
)
def test_severity_of_a_content_rule(
    tmp_path: Path, table: str, args: list[str], severity: str, exit_code: int
) -> None:
    result = run_validate(project(tmp_path, table), *args)
    line = only_line(result)
    assert f": {severity}: {PETS_200_EXAMPLE}/0/id: example does not match" in line
    assert line.endswith("[example-mismatch]")
    assert result.returncode == exit_code, result.stderr


@pytest.mark.parametrize(
    ("table", "args"),
    [
        ('[tool.specgen.rules]\nexample-mismatch = "off"\n', []),
        ("", ["--rule", "example-mismatch=off"]),
        ("strict = true\n", ["--rule", "example-mismatch=OFF"]),
    ],
)
def test_a_content_rule_set_to_off_is_not_reported(
    tmp_path: Path, table: str, args: list[str]
) -> None:
    result = run_validate(project(tmp_path, table), *args)
    assert check_output_shape(result.stderr) == []
    assert result.stderr.splitlines()[-1] == "valid: 0 errors, 0 warnings"
    assert result.returncode == 0


def test_the_table_settings_belong_to_the_table_spec(tmp_path: Path) -> None:
    project(tmp_path, "strict = true\n")
    (tmp_path / "other.yaml").write_text(CONTENT_PROBLEM, encoding="utf-8")
    result = run_validate(tmp_path, "other.yaml")
    assert ": warning: " in only_line(result)
    assert result.returncode == 0
    assert run_validate(tmp_path, "other.yaml", "--strict").returncode == 1
    assert run_validate(tmp_path, "spec.yaml").returncode == 1  # the table's own spec


def test_blocking_problems_stay_errors_when_content_rules_are_relaxed(tmp_path: Path) -> None:
    spec = edit(
        CONTENT_PROBLEM,
        '              $ref: "#/components/schemas/NewPet"\n',
        '              $ref: "#/components/schemas/Gone"\n',
    )
    table = '[tool.specgen.rules]\nexample-mismatch = "off"\nunused-component = "off"\n'
    result = run_validate(project(tmp_path, table, spec))
    line = only_line(result)
    assert ": error: " in line and line.endswith("[unresolved-ref]")
    assert result.returncode == 1


@pytest.mark.parametrize(
    ("table", "args", "message"),
    [
        (
            "",
            ["--rule", "unresolved-ref=warning"],
            "--rule unresolved-ref=warning: 'unresolved-ref' is a blocking rule: it is always an "
            "error and cannot be set",
        ),
        (
            '[tool.specgen.rules]\nstructure = "off"\n',
            [],
            "[tool.specgen.rules]: 'structure' is a blocking rule",
        ),
        (
            "",
            ["--rule", "exmaple-mismatch=off"],
            "--rule exmaple-mismatch=off: unknown rule 'exmaple-mismatch'; did you mean "
            "'example-mismatch'?",
        ),
        (
            '[tool.specgen.rules]\nunused-components = "off"\n',
            [],
            "[tool.specgen.rules]: unknown rule 'unused-components'; did you mean "
            "'unused-component'?",
        ),
        (
            "",
            ["--rule", "example-mismatch=ignore"],
            "rule 'example-mismatch' must be one of error, warning, off, not 'ignore'",
        ),
        ("", ["--rule", "example-mismatch"], "--rule example-mismatch: expected ID=LEVEL"),
        ('strict = "yes"\n', [], "[tool.specgen] strict must be true or false, not 'yes'"),
    ],
)
def test_bad_rule_settings_are_usage_errors(
    tmp_path: Path, table: str, args: list[str], message: str
) -> None:
    result = run_validate(project(tmp_path, table), *args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("specgen: error: ") and message in result.stderr, result.stderr


# -- versions and the meta-schema backend --------------------------------------------------------


@requires_corpus
def test_an_openapi_32_document_validates_as_31_does() -> None:
    result = run_validate(CORPUS, "oai-examples/v3.2/3.2-tags-example.yaml")
    assert check_output_shape(result.stderr) == []
    assert result.returncode == 0, result.stderr


def test_openapi_32_features_not_read_yet_are_reported(tmp_path: Path) -> None:
    spec = edit(
        edit(BASE_SPEC, "openapi: 3.1.0\n", "openapi: 3.2.0\n$self: https://example.com/api\n"),
        "      operationId: getPet\n",
        "      operationId: getPet\n      parameters:\n        - name: filter\n"
        "          in: querystring\n          content:\n            application/json:\n"
        "              schema: {type: object}\n",
    )
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    result = run_validate(tmp_path, "spec.yaml")
    located = check_output_shape(result.stderr)
    assert result.returncode == 0, result.stderr
    Expected(
        "warning",
        "$self:",
        "/$self",
        "'$self' is not read yet",
        "unsupported-feature",
    ).check(located[0], spec)
    Expected(
        "warning",
        "name: filter",
        "/paths/~1pets~1{petId}/get/parameters/0",
        "parameter 'filter' is 'in: querystring', which specgen does not generate yet",
        "unsupported-feature",
    ).check(located[1], spec)
    assert len(located) == 2


def test_the_meta_schema_is_checked_with_jsonschema_whatever_is_installed(tmp_path: Path) -> None:
    """openapi-spec-validator would switch to jsonschema-rs (other messages) when it is installed
    or when its environment variable asks for it; specgen's messages do not change."""
    from jsonschema.validators import Draft4Validator, Draft202012Validator

    from specgen.validation.metaschema import meta_schema_validator

    assert type(meta_schema_validator("3.0")) is Draft4Validator
    assert type(meta_schema_validator("3.1")) is Draft202012Validator
    assert type(meta_schema_validator("3.2")) is Draft202012Validator
    spec = edit(
        BASE_SPEC, "      summary: List pets\n", "      summary: List pets\n      title: x\n"
    )
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    plain = run_validate(tmp_path, "spec.yaml")
    forced = subprocess.run(
        [sys.executable, "-m", "specgen", "validate", "spec.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND": "jsonschema-rs"},
    )
    assert "unknown field 'title' (not allowed here) [field-not-allowed]" in plain.stderr
    assert (forced.returncode, forced.stderr) == (plain.returncode, plain.stderr)


def test_this_repository_spec_is_held_to_every_rule() -> None:
    """`strict = true` in pyproject.toml: no finding of any rule, not even a warning."""
    result = run_validate(ROOT)
    assert result.stderr.splitlines() == ["valid: 0 errors, 0 warnings"]
    assert result.returncode == 0
    strict = run_validate(ROOT, "--rule", "unused-component=error")
    assert strict.returncode == 0, strict.stderr
