"""Generated packages pass ruff's import-order and `__all__` rules whatever the API's names.

The order of imported names, of modules and of `__all__` entries is decided in the IR
(`specgen.ir.pycode`), as ruff orders them: isort's order for imports (natural, case-insensitive:
`.item_2` before `.item_10`), RUF022's for `__all__` (natural, case first: `APIKeyParam` before
`AccountParam`). This document's names sort before and around `Async…`, where a fixed or
case-insensitive order differs from ruff's; our own Zoho Desk spec does not show it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from specgen.render.format import LINE_LENGTH, LINT_RULES
from tests.support.generated import generate_cli

SPEC = """\
openapi: 3.1.0
info: {title: Accounts, version: "1.0"}
servers: [{url: "https://api.example.com"}]
paths:
  /api-keys:
    post:
      operationId: createApiKey
      tags: [API keys]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/APIKey"}
      responses:
        "201":
          description: made
          content:
            application/json:
              schema: {$ref: "#/components/schemas/APIKey"}
  /accounts:
    post:
      operationId: createAccount
      tags: [accounts]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Account"}
      responses:
        "201":
          description: made
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Account"}
  /items2:
    get: {operationId: listItems2, tags: [Item2], responses: {"200": {description: ok}}}
  /items10:
    get: {operationId: listItems10, tags: [Item10], responses: {"200": {description: ok}}}
components:
  schemas:
    APIKey:
      type: object
      properties: {name: {type: string}, scopes: {type: array, items: {type: string}}}
    Account:
      type: object
      properties: {name: {type: string}, key: {$ref: "#/components/schemas/APIKey"}}
"""


def test_names_sorting_before_async_pass_ruff(tmp_path: Path) -> None:
    out, _ = generate_cli(tmp_path, "accounts.yaml", SPEC)
    package = out / "accounts"
    assert (package / "resources" / "item_10.py").is_file()  # the natural-order case is there
    ruff = [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", *LINT_RULES]
    lint = subprocess.run(
        [*ruff, f"--line-length={LINE_LENGTH}", "--output-format=concise", str(package)],
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    init = (package / "__init__.py").read_text(encoding="utf-8")
    assert "from ._client import Accounts, AsyncAccounts\n" in init
