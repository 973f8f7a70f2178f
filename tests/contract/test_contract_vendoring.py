"""Generated tests carry the contract-test framework verbatim: the bytes of `specgen/testing/`.

The framework is tested in place as `specgen.testing` (test_contract_kit.py); these tests make
sure that what those tests exercise is exactly what the generated tests run, for the committed
Zoho tests and for another API, that only the per-API part is rendered from templates, and that
the IR, not the template, decides what `contract_api.py` imports.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jinja2.meta
import pytest

from specgen.config import Config
from specgen.ir.build import Options, build_api
from specgen.load.spec import load_spec
from specgen.pipeline import build
from specgen.render.templates import TemplateSet, make_environment
from specgen.render.testkit import (
    LICENCE,
    SUITE,
    TESTKIT_FOLDER,
    VENDORED_MARK,
    framework_files,
    output_path,
    strip_header,
)
from tests.support.contract import BODIES_SPEC, generate_client, outcome, run_contract_tests
from tests.support.paths import ROOT

COMMITTED = ROOT / "generated" / TESTKIT_FOLDER
TEST_TEMPLATES = ROOT / "templates" / "tests"
KIT = framework_files()


def test_the_framework_has_its_modules() -> None:
    for name in ("server.py", "values.py", "requests.py", "responses.py", "patch.py", "live.py"):
        assert name in KIT


@pytest.mark.parametrize("name", sorted(KIT))
def test_the_committed_tests_vendor_the_framework_byte_for_byte(name: str) -> None:
    vendored = (ROOT / "generated" / output_path(name)).read_bytes()
    assert strip_header(vendored) == KIT[name]
    assert f"specgen/testing/{name}," in vendored.decode("utf-8").splitlines()[1]


def test_the_committed_copy_has_no_other_file() -> None:
    found = {p.relative_to(COMMITTED).as_posix() for p in COMMITTED.rglob("*.py")}
    assert found == {name for name in KIT if not name.startswith(f"{SUITE}/")}


def test_the_entry_points_pytest_looks_for_are_vendored_too() -> None:
    suite = {name for name in KIT if name.startswith(f"{SUITE}/")}
    assert {str(output_path(name)) for name in suite} == {
        "tests/conftest.py",
        "tests/test_live_contract.py",
        "tests/test_patch_contract.py",
        "tests/test_request_contract.py",
        "tests/test_response_contract.py",
    }


def test_the_header_says_vendored_and_carries_the_licence() -> None:
    text = (COMMITTED / "values.py").read_text(encoding="utf-8")
    header = text[: text.index('"""')]
    assert header.startswith(VENDORED_MARK.decode())
    assert "Not generated from the\n# spec" in header
    assert f"# SPDX-License-Identifier: {LICENCE}\n" in header


def test_another_api_gets_the_same_framework(tmp_path: Path) -> None:
    config = Config(spec=BODIES_SPEC, out=tmp_path / "out", root=ROOT)
    files = build(config).files
    vendored = {name: strip_header(files[str(output_path(name))]) for name in KIT}
    assert vendored == KIT
    rendered = {p for p in files if p.startswith("tests/")} - {
        str(output_path(name)) for name in KIT
    }
    assert rendered == {
        f"tests/{p.relative_to(TEST_TEMPLATES).with_suffix('')}"
        for p in TEST_TEMPLATES.glob("*.jinja")
    }


@pytest.mark.parametrize("name", sorted(p.name for p in TEST_TEMPLATES.glob("*.jinja")))
def test_every_test_template_uses_the_api(name: str) -> None:
    """What is the same for every API belongs in specgen/testing, not in a template: no test
    template is static text."""
    source = (TEST_TEMPLATES / name).read_text(encoding="utf-8")
    env = make_environment(TemplateSet(builtin=ROOT / "templates"))
    variables = jinja2.meta.find_undeclared_variables(env.parse(source))
    assert variables - {"header"}, f"{name} uses nothing of the API"


def test_the_template_lays_out_what_the_ir_decides() -> None:
    source = (TEST_TEMPLATES / "contract_api.py.jinja").read_text(encoding="utf-8")
    assert "api.contract_imports" in source
    assert "namespace(" not in source and "sort_names" not in source and " < " not in source


def test_the_ir_decides_the_imports_of_contract_api() -> None:
    document = load_spec(ROOT / "spec" / "openapi.yaml").document
    api = build_api(document, Options(package="zoho_desk", client_name="ZohoDesk"))
    assert api.contract_imports == (
        (
            "contract_testing.api",
            (
                "Api",
                "Body",
                "ClientParameter",
                "Credential",
                "Example",
                "Operation",
                "Parameter",
                "Response",
            ),
        ),
        ("contract_testing.spec", ("Spec",)),
        ("zoho_desk", ("AsyncZohoDesk", "ZohoDesk", "errors", "models")),
    )


def test_imports_follow_what_the_spec_has_and_sort_by_module() -> None:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "A", "version": "1"},
        "paths": {
            "/ping": {"get": {"operationId": "ping", "responses": {"204": {"description": "ok"}}}}
        },
    }
    api = build_api(document, Options(package="acme", client_name="Acme"))
    assert api.contract_imports == (
        ("acme", ("Acme", "AsyncAcme", "errors", "models")),
        ("contract_testing.api", ("Api", "Operation", "Response")),
        ("contract_testing.spec", ("Spec",)),
    )


def test_the_framework_imports_nothing_of_specgen() -> None:
    """The copy must run where specgen is not installed: every import in it is relative or of a
    test library."""
    for name, data in KIT.items():
        assert b"import specgen" not in data and b"from specgen" not in data, name


def test_importing_specgen_testing_imports_no_test_library() -> None:
    code = (
        "import sys, specgen.testing, specgen.render.testkit; "
        "print(sorted(m for m in ('pytest', 'hypothesis', 'schemathesis', 'openapi_core') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"


BAD_EXAMPLES = """\
openapi: 3.1.0
info: {title: Bad, version: "1"}
paths:
  /pets:
    post:
      operationId: createPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [name], properties: {name: {type: string}}}
            examples:
              good: {value: {name: Rex}}
              wrong: {value: {name: 7}}
      responses:
        "201":
          description: made
          content:
            application/json:
              schema: {type: object, properties: {id: {type: integer}}}
              example: {id: seven}
"""


def test_examples_the_generator_found_wrong_are_never_replayed(tmp_path: Path) -> None:
    """contract_api.py carries the IR's verdict (`ExampleRef.conforms`, `problem`); the tests
    skip those examples saying why, and still test the response with a drawn value."""
    (tmp_path / "spec").mkdir()
    spec = tmp_path / "spec" / "openapi.yaml"
    spec.write_text(BAD_EXAMPLES, encoding="utf-8")
    out = generate_client(spec, tmp_path / "out")
    source = (out / "tests" / "contract_api.py").read_text(encoding="utf-8")
    assert source.count("conforms=False") == 2
    # The problem says where inside the value: `name`, not the whole body.
    assert "problem=\"/name: 7 is not of type 'string'\"" in source
    result = run_contract_tests(out, "-rs", "-vv", max_examples=2)
    assert result.returncode == 0, result.stdout[-3000:]
    report = result.stdout
    assert "example 'wrong' of the request body does not match its schema" in report
    assert "example 'example' of the 201 response does not match its schema" in report
    drawn = [line for line in report.splitlines() if "201 value from the schema" in line]
    assert len(drawn) == 4 and all("PASSED" in line for line in drawn), drawn  # 2 tests, 2 modes
    assert outcome(result)["passed"] >= 8, outcome(result)
