"""`extension-value`: specgen's own `x-specgen-*` extensions with a value of the wrong form, or a
name specgen does not know, are reported (located, with what is expected) and ignored.

`specgen validate` runs in a subprocess on small inline documents; the expected line and column
are computed from the document text. The last test builds the IR in process to show that what is
reported as ignored is ignored: the IR equals the one of the document without the extension.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from specgen.document.extensions import EXTENSIONS, Form
from specgen.ir.build import Options, build_api
from specgen.load.spec import load_spec

SPEC = textwrap.dedent(
    """\
    openapi: 3.1.0
    info:
      title: Shop
      version: 1.0.0
    paths:
      /orders:
        parameters:
          - name: shopId
            in: header
            required: true
            schema:
              type: string
        post:
          operationId: createOrder
          requestBody:
            content:
              application/json:
                schema:
                  $ref: "#/components/schemas/Order"
          responses:
            "201":
              description: Created
            default:
              description: Error
              content:
                application/json:
                  schema:
                    $ref: "#/components/schemas/Error"
    components:
      securitySchemes:
        token:
          type: oauth2
          flows:
            clientCredentials:
              tokenUrl: https://auth.example.com/token
              scopes: {}
      schemas:
        Order:
          type: object
          properties:
            item:
              type: string
        Error:
          type: object
          properties:
            code:
              type: string
    security:
      - token: []
    """
)


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    return text.replace(old, new)


def line_col(text: str, needle: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in the document")


def run_validate(folder: Path, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    (folder / "spec.yaml").write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "specgen", "validate", "spec.yaml", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def located_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("spec.yaml:")]


# (name, where in SPEC, what it becomes, the needle it is at, its pointer, message start)
WRONG = [
    (
        "idempotent-string",
        "      operationId: createOrder\n",
        '      operationId: createOrder\n      x-specgen-idempotent: "yes"\n',
        "x-specgen-idempotent",
        "/paths/~1orders/post/x-specgen-idempotent",
        'x-specgen-idempotent must be a boolean (true or false), not "yes"; it is ignored '
        "(read on an Operation Object",
    ),
    (
        "idempotent-typo",
        "      operationId: createOrder\n",
        "      operationId: createOrder\n      x-specgen-idempotant: true\n",
        "x-specgen-idempotant",
        "/paths/~1orders/post/x-specgen-idempotant",
        "unknown specgen extension 'x-specgen-idempotant' (did you mean "
        "'x-specgen-idempotent'?); it is ignored",
    ),
    (
        "unknown-name",
        "info:\n",
        "x-specgen-colour: blue\ninfo:\n",
        "x-specgen-colour",
        "/x-specgen-colour",
        "unknown specgen extension 'x-specgen-colour' (specgen reads x-specgen-client-parameter,",
    ),
    (
        "client-parameter-string",
        "    in: header\n",
        '    in: header\n        x-specgen-client-parameter: "true"\n',
        "x-specgen-client-parameter",
        "/paths/~1orders/parameters/0/x-specgen-client-parameter",
        'x-specgen-client-parameter must be a boolean (true or false), not "true"',
    ),
    (
        "error-code-number",
        "    Error:\n      type: object\n",
        "    Error:\n      type: object\n      x-specgen-error-code: 7\n",
        "x-specgen-error-code",
        "/components/schemas/Error/x-specgen-error-code",
        "x-specgen-error-code must be a non-empty string, not 7",
    ),
    (
        "token-prefix-empty",
        "      type: oauth2\n",
        '      type: oauth2\n      x-specgen-token-prefix: ""\n',
        "x-specgen-token-prefix",
        "/components/securitySchemes/token/x-specgen-token-prefix",
        'x-specgen-token-prefix must be a non-empty string, not ""',
    ),
    (
        "token-url-list",
        "          tokenUrl: https://auth.example.com/token\n",
        "          tokenUrl: https://auth.example.com/token\n"
        "          x-specgen-token-url: [https://a.example.com]\n",
        "x-specgen-token-url",
        "/components/securitySchemes/token/flows/clientCredentials/x-specgen-token-url",
        'x-specgen-token-url must be a non-empty string, not ["https://a.example.com"]',
    ),
    (
        "request-id-number",
        "info:\n",
        "x-specgen-request-id-header: 5\ninfo:\n",
        "x-specgen-request-id-header",
        "/x-specgen-request-id-header",
        "x-specgen-request-id-header must be a non-empty string or a list of them, not 5",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "needle", "pointer", "message"),
    [case[1:] for case in WRONG],
    ids=[case[0] for case in WRONG],
)
def test_a_wrong_extension_is_a_located_warning_and_an_error_under_strict(
    tmp_path: Path, old: str, new: str, needle: str, pointer: str, message: str
) -> None:
    text = edit(SPEC, old, new)
    line, col = line_col(text, needle)
    expected = f"spec.yaml:{line}:{col}: {{}}: {pointer}: {message}"

    default = run_validate(tmp_path, text)
    assert default.returncode == 0, default.stderr
    [found] = located_lines(default)
    assert found.startswith(expected.format("warning")), f"{found}\n{expected}"
    assert found.endswith(" [extension-value]")

    strict = run_validate(tmp_path, text, "--strict")
    assert strict.returncode == 1, strict.stderr
    [found] = located_lines(strict)
    assert found.startswith(expected.format("error")), f"{found}\n{expected}"

    off = run_validate(tmp_path, text, "--strict", "--rule", "extension-value=off")
    assert off.returncode == 0 and located_lines(off) == [], off.stderr


def test_an_item_of_a_list_that_is_not_a_name_is_reported_and_left_out(tmp_path: Path) -> None:
    text = edit(SPEC, "info:\n", "x-specgen-request-id-header: [X-Request-Id, 5, X-Trace]\ninfo:\n")
    result = run_validate(tmp_path, text)
    assert result.returncode == 0, result.stderr
    [found] = located_lines(result)
    line, col = line_col(text, "5, X-Trace")
    assert found.startswith(
        f"spec.yaml:{line}:{col}: warning: /x-specgen-request-id-header/1: an item of "
        "x-specgen-request-id-header must be a non-empty string, not 5; the item is ignored"
    ), found
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    api = build_api(load_spec(tmp_path / "spec.yaml").document, Options())
    assert api.request_id_headers == ("X-Request-Id", "X-Trace")


# Every extension at a value of its form, and x-specgen-* text that is not an extension of
# this document: a property name, another tool's extension data, example data.
VALID = edit(
    edit(
        edit(
            edit(
                edit(
                    SPEC,
                    "info:\n",
                    "x-specgen-request-id-header: [X-Request-Id, X-Trace]\ninfo:\n",
                ),
                "    in: header\n",
                "    in: header\n        x-specgen-client-parameter: true\n",
            ),
            "      operationId: createOrder\n",
            "      operationId: createOrder\n      x-specgen-idempotent: false\n"
            "      x-other-tool: {x-specgen-bogus: 1}\n",
        ),
        "      type: oauth2\n",
        "      type: oauth2\n      x-specgen-token-prefix: Token\n",
    ),
    "        item:\n          type: string\n",
    "        item:\n          type: string\n"
    "        meta:\n          type: object\n"
    "          example: {x-specgen-idempotent: maybe}\n"
    "        x-specgen-note:\n          type: string\n",
)


def test_extensions_of_the_right_form_and_lookalikes_are_not_reported(tmp_path: Path) -> None:
    result = run_validate(tmp_path, VALID, "--strict")
    assert located_lines(result) == [], result.stderr
    assert result.returncode == 0


def test_every_extension_a_spec_sets_is_in_the_readme() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    for name, extension in EXTENSIONS.items():
        assert f"`{name}" in readme, name
        if extension.form is Form.WRITTEN:
            continue
        assert f"| `{name}" in readme, f"{name} has no row in the README's extension table"


def test_what_is_reported_as_ignored_is_ignored(tmp_path: Path) -> None:
    wrong = SPEC
    for _, old, new, *_ in WRONG:
        wrong = edit(wrong, old, new)  # cases that edit the same place add up
    paths = tmp_path / "plain.yaml", tmp_path / "wrong.yaml"
    for path, text in zip(paths, (SPEC, wrong), strict=True):
        path.write_text(text, encoding="utf-8")
    plain, defective = (build_api(load_spec(path).document, Options()) for path in paths)
    assert defective == plain
