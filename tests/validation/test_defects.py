"""A vendor's document with content problems: `generate` proceeds, and the code does not use them.

One small spec holds one of each defect a real document has (a default of the wrong type, Java
regexes, a look-ahead pydantic cannot run, `required: true` in a schema, examples that do not
match, a webhook). `specgen generate` runs as a user runs it; the package it writes is imported
in a fresh interpreter and used.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support.generated import models_source

SPEC = textwrap.dedent(
    r"""
    openapi: 3.1.0
    info:
      title: Widget Shop
      version: "1.0"
    servers:
      - url: https://widgets.example.com
    paths:
      /widgets:
        post:
          operationId: createWidget
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  $ref: "#/components/schemas/Widget"
                examples:
                  good:
                    value: {size: 3, ascii: plain}
                  bad:
                    value: {size: big}
          responses:
            "201":
              description: Created
              content:
                application/json:
                  schema:
                    $ref: "#/components/schemas/Widget"
                  example: {size: 1}
      /widgets/{id}:
        get:
          operationId: getWidget
          parameters:
            - name: id
              in: path
              required: true
              schema: {type: integer}
              example: not-a-number
          responses:
            "200":
              description: One widget
              content:
                application/json:
                  schema:
                    $ref: "#/components/schemas/Widget"
    webhooks:
      widgetMade:
        post:
          requestBody:
            content:
              application/json:
                schema:
                  $ref: "#/components/schemas/Widget"
          responses:
            "200":
              description: ok
    components:
      schemas:
        Widget:
          type: object
          properties:
            size:
              type: integer
              required: true
            code:
              type: string
              description: The widget's code.
              default: 1
            ascii:
              type: string
              pattern: "^\\p{InBasicLatin}+$"
            letters:
              type: string
              pattern: "^\\p{L}+$"
            slug:
              type: string
              pattern: "^(?!admin)[a-z]+$"
              examples: [fine, "NOT A SLUG"]
    """
).lstrip()

EXPECTED_RULES = {
    "default-mismatch": 1,
    "example-mismatch": 3,  # the body's `bad`, the parameter's, the schema's second one
    "invalid-schema": 1,
    "operation-not-generated": 1,
    "pattern-dialect": 3,
}


def specgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def generated(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("defects")
    (folder / "spec.yaml").write_text(SPEC, encoding="utf-8")
    result = specgen("generate", "--spec", "spec.yaml", "--out", "out", cwd=folder)
    return folder, result


def run_python(out: Path, code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(out)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_validate_lists_each_content_problem_as_a_warning(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    result = specgen("validate", "spec.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    found: dict[str, int] = {}
    for line in lines[:-1]:
        assert ": warning: " in line, line
        rule = line.rsplit("[", 1)[1].rstrip("]")
        found[rule] = found.get(rule, 0) + 1
    assert found == EXPECTED_RULES
    assert lines[-1] == f"valid: 0 errors, {sum(EXPECTED_RULES.values())} warnings"


def test_generate_proceeds_with_one_summary_line(
    generated: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    folder, result = generated
    assert result.returncode == 0, result.stderr
    [line] = result.stderr.splitlines()
    total = sum(EXPECTED_RULES.values())
    assert line.startswith(
        f"specgen: spec.yaml: {total} warnings (3 example-mismatch, 3 pattern-dialect"
    )
    assert line.endswith("; `specgen validate spec.yaml` lists them")
    assert (folder / "out" / "widget_shop" / "models" / "__init__.py").is_file()


def test_check_reports_the_same_line_and_no_drift(
    generated: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    folder, _ = generated
    result = specgen("check", "--spec", "spec.yaml", "--out", "out", cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.startswith(
        f"specgen: spec.yaml: {sum(EXPECTED_RULES.values())} warnings ("
    )
    assert result.stdout.strip() == "specgen: out: up to date"


def test_a_check_with_nothing_to_do_applies_the_rules_as_now_set(
    generated: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """The manifest records the findings by rule; severities are applied to them afresh."""
    folder, _ = generated
    strict = specgen("check", "--strict", "--spec", "spec.yaml", "--out", "out", cwd=folder)
    assert strict.returncode == 1
    assert (
        strict.stderr.splitlines()[-1]
        == f"invalid: {sum(EXPECTED_RULES.values())} errors, 0 warnings"
    )
    relaxed = specgen(
        "check", "--rule", "example-mismatch=off", "--spec", "spec.yaml", "--out", "out", cwd=folder
    )
    assert relaxed.returncode == 0, relaxed.stderr
    total = sum(EXPECTED_RULES.values()) - EXPECTED_RULES["example-mismatch"]
    assert relaxed.stderr.startswith(f"specgen: spec.yaml: {total} warnings (3 pattern-dialect")
    assert relaxed.stdout.strip() == "specgen: out: up to date"


def test_strict_refuses_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    result = specgen("generate", "--strict", "--spec", "spec.yaml", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert not (tmp_path / "out").exists()
    lines = result.stderr.splitlines()
    assert lines[-1] == f"invalid: {sum(EXPECTED_RULES.values())} errors, 0 warnings"
    assert all(": error: " in line for line in lines[:-1])


def test_a_blocking_problem_refuses_whatever_the_rules_say(tmp_path: Path) -> None:
    spec = SPEC.replace(
        '$ref: "#/components/schemas/Widget"\n', "$ref: #/components/schemas/Widget\n", 1
    )
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    result = specgen("generate", "--spec", "spec.yaml", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert not (tmp_path / "out").exists()
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].endswith("[unresolved-ref]")
    [(line, col)] = [
        (number, text.index("$ref") + 1)
        for number, text in enumerate(spec.splitlines(), start=1)
        if "$ref: #/" in text
    ]
    assert errors[0].startswith(f"spec.yaml:{line}:{col}: error: ")


def test_models_do_not_use_the_defective_parts(
    generated: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    folder, _ = generated
    out = folder / "out"
    source = models_source(out / "widget_shop")
    # The default of the wrong type is not the Python default; the docstring says why.
    assert "The spec's default 1 is not used: it does not match the schema (1 is not of" in source
    printed = run_python(
        out,
        """
        import pydantic
        from widget_shop.models import Widget

        widget = Widget()
        print(widget.code, widget.size)
        # Java's \\p{InBasicLatin} is enforced as [\\x00-\\x7F].
        Widget(ascii="plain")
        try:
            Widget(ascii="café")
        except pydantic.ValidationError:
            print("ascii enforced")
        # \\p{L} and the look-ahead cannot run as written: not enforced.
        Widget(letters="123", slug="admin")
        print("dropped patterns not enforced")
        """,
    )
    assert printed.splitlines() == ["None None", "ascii enforced", "dropped patterns not enforced"]
    assert "p{" not in source and "(?!" not in source


def test_nonconforming_examples_are_marked_or_left_out(
    generated: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    folder, _ = generated
    embedded = json.loads(
        "\n".join(
            line
            for line in (folder / "out" / "tests" / "openapi.yaml").read_text().splitlines()
            if not line.startswith("#")
        )
    )
    post = embedded["paths"]["/widgets"]["post"]
    media = post["requestBody"]["content"]["application/json"]
    assert list(media["x-specgen-nonconforming-examples"]) == ["bad"]
    assert (
        "x-specgen-nonconforming-examples"
        not in (post["responses"]["201"]["content"]["application/json"])
    )
    # Examples the IR does not address are left out of the document the tests read.
    [parameter] = embedded["paths"]["/widgets/{id}"]["get"]["parameters"]
    assert "example" not in parameter
    widget = embedded["components"]["schemas"]["Widget"]
    assert widget["properties"]["slug"]["examples"] == ["fine"]
    assert "required" not in widget["properties"]["size"]


def test_the_ir_marks_nonconforming_examples(tmp_path: Path) -> None:
    from specgen.config import Config
    from specgen.ir.build import Options, build_api
    from specgen.ir.repair import repair
    from specgen.pipeline import validate

    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    checked = validate(Config(spec=tmp_path / "spec.yaml", out=tmp_path / "out"))
    api = build_api(repair(checked.spec.document, checked.validation.defects), Options())
    create = next(op for op in api.operations if op.operation_id == "createWidget")
    assert create.body is not None
    marks = {(ref.name, ref.conforms) for ref in create.body.examples}
    assert marks == {("good", True), ("bad", False)}
    [bad] = [ref for ref in create.body.examples if not ref.conforms]
    # The problem says where inside the value it lies (the finding line is not beside it).
    assert bad.problem == "/size: \"big\" is not of type 'integer'"
    [created] = [r for r in create.responses if r.status == "201"]
    assert [(ref.name, ref.conforms) for ref in created.examples] == [("example", True)]
    # The webhook is reported, not generated; its schema is still a model.
    assert {op.operation_id for op in api.operations} == {"createWidget", "getWidget"}
    assert "Widget" in {model.name for model in api.models}
