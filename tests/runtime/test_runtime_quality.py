"""Static checks of the runtime in place (`generator/specgen/runtime/`).

`ruff` and `mypy --strict` check these modules with the rest of the generator (`scripts/test`), and
the generated packages that vendor them are type-checked with their generated call sites
(`mypy --strict generated/zoho_desk`, the petstore tests). What is checked here is what a generated
package needs of the files it copies: docstrings on the public interface, and imports that still
work once the files sit in another package.
"""

from __future__ import annotations

import ast
import sys

import pytest

from specgen.render.runtime import runtime_files
from tests.support.paths import ROOT

RUNTIME = ROOT / "generator" / "specgen" / "runtime"
MODULES = sorted(name for name in runtime_files() if name.endswith(".py"))
# What a generated package may import at run time besides the standard library.
THIRD_PARTY = frozenset({"httpx", "pydantic"})
MAX_LINES = 500


def parse(name: str) -> ast.Module:
    return ast.parse((RUNTIME / name).read_text(encoding="utf-8"), filename=name)


def test_the_runtime_has_the_modules_generated_code_imports() -> None:
    expected = {"_base_client.py", "_response.py", "_types.py", "_utils.py", "errors.py"}
    assert expected <= set(MODULES)
    assert "resources/_resource.py" in MODULES
    assert "py.typed" in runtime_files()


@pytest.mark.parametrize("name", MODULES)
def test_public_classes_and_functions_have_docstrings(name: str) -> None:
    tree = parse(name)
    assert ast.get_docstring(tree), f"{name}: no module docstring"
    missing = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if not node.name.startswith("_") and not ast.get_docstring(node):
                missing.append(node.name)
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                missing += [
                    f"{node.name}.{item.name}"
                    for item in node.body
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                    and not item.name.startswith("_")
                    and not ast.get_docstring(item)
                ]
    assert missing == []


@pytest.mark.parametrize("name", MODULES)
def test_imports_are_relative_or_of_the_runtime_dependencies(name: str) -> None:
    """A vendored copy lives in another package: `specgen` is not there, only httpx and pydantic."""
    absolute = set()
    for node in ast.walk(parse(name)):
        if isinstance(node, ast.Import):
            absolute |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            absolute.add(node.module.split(".")[0])
    foreign = sorted(absolute - set(sys.stdlib_module_names) - THIRD_PARTY - {"__future__"})
    assert foreign == [], f"{name} imports {foreign}"


@pytest.mark.parametrize("name", MODULES)
def test_modules_stay_small(name: str) -> None:
    lines = (RUNTIME / name).read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it by job"


def test_importing_the_runtime_package_imports_nothing_else() -> None:
    """The generator reads the runtime as data: `specgen.runtime` itself must not need httpx."""
    init = parse("__init__.py")
    assert not [n for n in ast.walk(init) if isinstance(n, ast.Import | ast.ImportFrom)]
