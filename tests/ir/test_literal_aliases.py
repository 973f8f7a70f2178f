"""A parameter with many allowed values gets a named `Literal` in params.py, spelled once.

The document has list operations sharing a long `fields` enum (as a list, and as `sort`), a short
enum that stays inline, and two `status` parameters with different long enums. `specgen
generate` runs as a user runs it, and mypy checks calls against the generated package.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from specgen.ir.literal_aliases import MAX_INLINE_VALUES, literal_aliases

FIELDS = [f"field_{n}" for n in range(MAX_INLINE_VALUES * 3)]
OPEN = [f"open_{n}" for n in range(MAX_INLINE_VALUES + 1)]
CLOSED = [f"closed_{n}" for n in range(MAX_INLINE_VALUES + 1)]


def _operation(operation_id: str, status: list[str]) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "parameters": [
            {
                "name": "fields",
                "in": "query",
                "explode": False,
                "schema": {"type": "array", "items": {"type": "string", "enum": FIELDS}},
            },
            {"name": "sort", "in": "query", "schema": {"type": "string", "enum": FIELDS}},
            {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
            {"name": "status", "in": "query", "schema": {"type": "string", "enum": status}},
        ],
        "responses": {"204": {"description": "done"}},
    }


def _document(*, reverse: bool = False) -> dict[str, Any]:
    paths = {
        "/tickets": {"get": _operation("listTickets", OPEN)},
        "/archive": {"get": _operation("listArchive", CLOSED)},
    }
    if reverse:
        paths = dict(reversed(paths.items()))
    return {
        "openapi": "3.1.0",
        "info": {"title": "Desk", "version": "1.0"},
        "servers": [{"url": "https://desk.example.com"}],
        "paths": paths,
    }


def test_names_come_from_the_spec_names_not_their_order() -> None:
    names = literal_aliases(_document(), set())
    assert sorted(names.values()) == [
        "FieldsValue",  # `fields` and `sort` share their values: one alias, the first name
        "ListArchiveStatusValue",  # two `status` enums: each qualified by its operation
        "ListTicketsStatusValue",
    ]
    assert literal_aliases(_document(reverse=True), set()) == names
    assert literal_aliases(_document(), {"FieldsValue"})[", ".join(map(json.dumps, FIELDS))] == (
        "FieldsValue2"
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("aliases")
    (folder / "spec.json").write_text(json.dumps(_document()), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "specgen", "generate", "--spec", "spec.json", "--out", "out"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return folder / "out"


def test_signatures_name_the_alias_and_params_defines_it(generated: Path) -> None:
    resources = (generated / "desk" / "resources" / "default.py").read_text(encoding="utf-8")
    assert "fields: Sequence[FieldsValue] | NotGiven = NOT_GIVEN," in resources
    assert "sort: FieldsValue | NotGiven = NOT_GIVEN," in resources
    assert 'order: Literal["asc", "desc"] | NotGiven = NOT_GIVEN,' in resources
    assert "status: ListTicketsStatusValue | NotGiven = NOT_GIVEN," in resources
    assert resources.count(f'"{FIELDS[-1]}"') == 0
    params = (generated / "desk" / "params.py").read_text(encoding="utf-8")
    assert params.count(f'"{FIELDS[-1]}"') == 1
    assert "FieldsValue = Literal[\n" in params


def test_mypy_checks_calls_against_the_named_literal(generated: Path) -> None:
    (generated / "use.py").write_text(
        "from desk import Desk\n\n"
        "def call(client: Desk) -> None:\n"
        f'    client.default.list_tickets(fields=["{FIELDS[5]}"], sort="{FIELDS[-1]}")\n'
        '    client.default.list_tickets(status="open_0")\n'
        '    client.default.list_tickets(status="closed_0")\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "use.py"],
        cwd=generated,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MYPYPATH": str(generated)},
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, result.stdout
    assert errors[0].startswith('use.py:6: error: Argument "status"')
