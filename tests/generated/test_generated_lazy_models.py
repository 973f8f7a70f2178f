"""The models package of a generated client: one module per group of classes that refer to each
other, imported when a class is first used, while type checkers see every name.

The spec has a self-referring schema (`Node`), two schemas that refer to each other (`Author`,
`Book`), one that refers into that cycle (`Shelf`) and an error model used by no signature
(`Problem`). `specgen generate` runs as a subprocess; the import checks run in fresh processes
(what `import` loads is process-wide state), the calls against a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.generated import BIN, import_package, run_mypy
from tests.support.server import Reply, ScriptedServer

PACKAGE = "library"
STRING = {"type": "string"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS = {
    "Node": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": _ref("Node")},
        },
    },
    "Author": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "books": {"type": "array", "items": _ref("Book")},
        },
    },
    "Book": {
        "type": "object",
        "required": ["title"],
        "properties": {"title": {"type": "string"}, "author": _ref("Author")},
    },
    "Shelf": {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "string"},
            "books": {"type": "array", "items": _ref("Book")},
            "index": _ref("Node"),
        },
    },
    "Problem": {
        "type": "object",
        "required": ["message"],
        "properties": {"message": {"type": "string"}},
    },
}
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Library", "version": "1"},
    "servers": [{"url": "https://library.example"}],
    "paths": {
        "/shelves/{shelf_id}": {
            "get": {
                "operationId": "getShelf",
                "tags": ["shelves"],
                "parameters": [
                    {"name": "shelf_id", "in": "path", "required": True, "schema": STRING}
                ],
                "responses": {
                    "200": {
                        "description": "The shelf.",
                        "content": {"application/json": {"schema": _ref("Shelf")}},
                    },
                    "404": {
                        "description": "No such shelf.",
                        "content": {"application/json": {"schema": _ref("Problem")}},
                    },
                },
            }
        },
        "/books": {
            "post": {
                "operationId": "addBook",
                "tags": ["books"],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("Book")}},
                },
                "responses": {"204": {"description": "Added."}},
            }
        },
    },
    "components": {"schemas": SCHEMAS},
}
SHELF = {
    "id": "s1",
    "books": [{"title": "Dune", "author": {"name": "Herbert", "books": [{"title": "Dune"}]}}],
    "index": {"name": "root", "children": [{"name": "leaf"}]},
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("library")
    spec = folder / "library.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "specgen"), "generate", "--spec", str(spec), "--out", str(folder / "out"),
         "--package", PACKAGE],
        cwd=folder, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "out"


@pytest.fixture(scope="module")
def library(out: Path) -> ModuleType:
    return import_package(PACKAGE, out)


def defining_module(out: Path, name: str) -> Path:
    """The file of `models/` that defines the class `name`."""
    found = [
        path
        for path in (out / PACKAGE / "models").glob("_*.py")
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.ClassDef) and node.name == name
    ]
    assert len(found) == 1, (name, found)
    return found[0]


def fresh_python(out: Path, script: str) -> list[str]:
    """Run `script` in a new interpreter with the package importable; its stdout lines."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=out, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_classes_that_refer_to_each_other_share_a_module_and_no_other(out: Path) -> None:
    author = defining_module(out, "Author")
    assert defining_module(out, "Book") == author
    others = {defining_module(out, name) for name in ("Node", "Shelf", "Problem")}
    assert len(others) == 3 and author not in others
    shelf = defining_module(out, "Shelf").read_text(encoding="utf-8")
    # What Shelf refers to is imported from its module at the top: the imports form no cycle.
    imported = {
        (node.module, alias.name)
        for node in ast.parse(shelf).body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert (author.stem, "Book") in imported
    assert (defining_module(out, "Node").stem, "Node") in imported
    assert (author.stem, "Author") not in imported  # not named by Shelf itself


def test_importing_the_package_imports_no_model_and_a_call_only_what_it_needs(
    out: Path, server: ScriptedServer
) -> None:
    server.set_fallback(Reply.json(SHELF))
    lines = fresh_python(
        out,
        f"""
        import sys
        import {PACKAGE}

        def loaded():
            return sorted(m.rsplit(".", 1)[1] for m in sys.modules
                          if m.startswith("{PACKAGE}.models.") or m == "{PACKAGE}.params")

        print(loaded())
        with {PACKAGE}.Library(base_url={server.url!r}) as client:
            shelf = client.shelves.get_shelf("s1")
        print(type(shelf).__name__, shelf.books[0].author.books[0].title,
              shelf.index.children[0].name)
        print(loaded())
        """,
    )
    assert lines[0] == "[]"
    assert lines[1] == "Shelf Dune leaf"
    wanted = sorted(defining_module(out, n).stem for n in ("Shelf", "Book", "Node"))
    assert lines[2] == repr(wanted)  # not Problem's module, nor params


def test_names_resolve_through_the_package_as_before(library: ModuleType) -> None:
    models = importlib.import_module(f"{PACKAGE}.models")
    from library.models import Author, Book  # type: ignore[import-not-found]

    assert models.Book is Book and Book.__name__ == "Book"
    author = Author.model_validate({"name": "Le Guin", "books": [{"title": "Tehanu"}]})
    assert isinstance(author.books[0], Book)
    assert {"Author", "Book", "Node", "Problem", "Shelf"} <= set(dir(models))
    assert set(models.__all__) == set(SCHEMAS)
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        _ = models.Nope


def test_an_error_model_named_by_no_signature_still_parses_the_error(
    library: ModuleType, server: ScriptedServer
) -> None:
    server.set_fallback(Reply.json({"message": "no shelf s9"}, status=404))
    errors = library.errors
    with library.Library(base_url=server.url) as client, pytest.raises(errors.NotFoundError) as e:
        client.shelves.get_shelf("s9")
    assert type(e.value.body).__name__ == "Problem" and e.value.body.message == "no shelf s9"


def test_a_body_model_named_by_text_still_validates_before_sending(
    library: ModuleType, server: ScriptedServer
) -> None:
    server.set_fallback(Reply(status=204))
    with library.Library(base_url=server.url) as client:
        client.books.add_book(title="Dune", author={"name": "Herbert"})
        with pytest.raises(library.errors.RequestValidationError, match="title"):
            client.books.add_book(author={"name": "Herbert"})
    assert [r.json() for r in server.requests] == [{"title": "Dune", "author": {"name": "Herbert"}}]


def test_type_checkers_see_every_model_and_no_name_that_is_not_one(
    out: Path, tmp_path: Path
) -> None:
    script = textwrap.dedent(
        f"""
        from {PACKAGE} import models
        from {PACKAGE}.models import Author

        author: Author = models.Author(name="Le Guin")
        title: str = author.books[0].title if author.books else ""
        count: int = models.Shelf(id="s").id
        models.Nope
        """
    )
    result = run_mypy(script, tmp_path, mypypath=out, cache_dir=tmp_path / ".mypy")
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 2, result.stdout
    assert 'Incompatible types in assignment (expression has type "str"' in errors[0]
    assert 'Module has no attribute "Nope"' in errors[1]
