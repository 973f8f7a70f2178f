"""Spec text is data, never code: quotes, backslashes, template syntax and newlines in names,
descriptions, enums and examples reach the generated code only as escaped literals."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from specgen.ir import pycode
from tests.support.generated import generate_cli, models_source
from tests.support.paths import ROOT

NASTY = [
    'He said "hi"',
    "triple \"\"\" quotes ''' both",
    "back\\slash at the end\\",
    "new\nline\r\nand tab\t",
    "{{ api.title }} {% raw %} {#",
    "'); import os; os.system('echo pwned'); ('",
    "\x00 nul \x1b escape \u2028 line separator",
    "emoji 🎫 and accents café",
    '"""; raise SystemExit("pwned"); """',
]


@pytest.mark.parametrize("text", NASTY)
def test_string_literal_round_trips(text: str) -> None:
    literal = pycode.string_literal(text)
    assert ast.literal_eval(literal) == text
    assert "\n" not in literal


@pytest.mark.parametrize("text", NASTY)
def test_docstring_cannot_end_early(text: str) -> None:
    source = f"def f():\n    {pycode.docstring(text, 4)}\n    return 1\n"
    tree = ast.parse(source)
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef) and len(function.body) == 2
    assert ast.get_docstring(function) is not None


def test_comment_stays_one_line() -> None:
    assert "\n" not in pycode.comment("a\nb\r\nc")


HOSTILE_SPEC = {
    "openapi": "3.1.0",
    "info": {
        "title": 'Evil """ API\'); import os #',
        "version": '1.0"; import os',
        "description": NASTY[1] + "\n\n" + NASTY[8],
    },
    "servers": [
        {
            "url": "https://{env}.example.com/\"'",
            "variables": {"env": {"default": 'a"b', "enum": ['a"b', "c\\d"]}},
        }
    ],
    "paths": {
        "/items/{item-id}": {
            "get": {
                "operationId": "get\"Item'; import os",
                "summary": NASTY[4],
                "description": NASTY[8],
                "tags": ['tag"; import os'],
                "parameters": [
                    {
                        "name": "item-id",
                        "in": "path",
                        "required": True,
                        "description": NASTY[2],
                        "schema": {"type": "string"},
                    },
                    {
                        "name": 'q"uery',
                        "in": "query",
                        "schema": {"type": "string", "enum": ['x"y', "z\\"]},
                    },
                ],
                "responses": {
                    "200": {
                        "description": NASTY[3],
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Item"},
                                "example": {"name": NASTY[8], "kind": 'x"y'},
                            }
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Item": {
                "type": "object",
                "description": NASTY[8],
                "properties": {
                    "name": {"type": "string", "description": NASTY[1]},
                    "kind": {"type": "string", "enum": ['x"y', "z\\", "{{ x }}"]},
                    "class": {"type": "string", "description": NASTY[5]},
                },
            }
        }
    },
}


def imported_modules(folder: Path) -> set[str]:
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # Modules from outside the package (spec-derived names are the package's own).
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


def test_a_hostile_spec_generates_code_that_only_carries_the_text(tmp_path: Path) -> None:
    spec = tmp_path / "evil.json"
    spec.write_text(json.dumps(HOSTILE_SPEC), encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "specgen",
            "generate",
            "--spec",
            str(spec),
            "--out",
            str(out),
            "--package",
            "evil",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    # Every generated file parses; nothing from the spec became a call or an import: the
    # hostile tree imports nothing that a benign spec's tree does not.
    benign = tmp_path / "benign"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "specgen",
            "generate",
            "--spec",
            str(ROOT / "tests" / "fixtures" / "mini.yaml"),
            "--out",
            str(benign),
            "--package",
            "evil",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert imported_modules(out) <= imported_modules(benign)
    for path in out.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr != "system", f"{path}: spec text became a call"
    # The package imports, and the text survives intact where it is data.
    probe = (
        "import evil, evil.models as m, evil._client as c;"
        "print(repr(c.SERVER_URL));"
        "print(repr([e.value for e in m.ItemKind]))"
    )
    imported = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True, timeout=120
    )
    assert imported.returncode == 0, imported.stderr
    lines = imported.stdout.splitlines()
    assert ast.literal_eval(lines[0]) == "https://{env}.example.com/\"'"
    assert ast.literal_eval(lines[1]) == ['x"y', "z\\", "{{ x }}"]
    assert "pwned" not in imported.stdout + imported.stderr


@pytest.mark.parametrize("package", ["evil; import os", "../escape", "class", "zoho-desk"])
def test_package_and_client_names_must_be_identifiers(package: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "specgen",
            "generate",
            "--spec",
            str(ROOT / "spec" / "openapi.yaml"),
            "--out",
            str(tmp_path / "out"),
            "--package",
            package,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2
    assert "must be a Python identifier" in result.stderr
    assert not (tmp_path / "out").exists()


def test_model_docstrings_carry_the_description_once_escaped(tmp_path: Path) -> None:
    """Backslashes, triple quotes and control characters in schema descriptions (the models are
    written by datamodel-code-generator, which escapes; specgen must not escape a second time)."""
    text = 'Path C:\\temp\\new, a BEL \x07 here, """quoted""" and a final "quote"'
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Docs", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "description": text,
                    "properties": {"name": {"type": "string", "description": text}},
                }
            }
        },
    }
    out, _ = generate_cli(tmp_path, "docs.json", json.dumps(document))
    source = models_source(out / "docs")
    assert "\x07" not in source
    tree = ast.parse(source)
    (thing,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Thing"]
    expected = " ".join(text.replace("\x07", " ").split())
    assert " ".join((ast.get_docstring(thing) or "").split()) == expected
    field_doc = next(
        n.value.value
        for n in ast.walk(thing)
        if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) and n is not thing.body[0]
    )
    assert " ".join(field_doc.split()) == expected
