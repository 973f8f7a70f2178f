"""Schema shapes from real documents that the models stage must turn into classes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_a_union_of_presence_rules_stays_one_class(tmp_path: Path) -> None:
    """GitHub's gist update: each file is `{content?, filename?}` with `anyOf` saying which keys
    may appear, one member being `{type: object, maxProperties: 0}`. That adds no shape: the
    value is one class, not a union the client could not name."""
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Gists", "version": "1"},
        "paths": {
            "/gists/{id}": {
                "patch": {
                    "operationId": "updateGist",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "files": {
                                            "type": "object",
                                            "additionalProperties": {
                                                "type": "object",
                                                "nullable": True,
                                                "properties": {
                                                    "content": {"type": "string"},
                                                    "filename": {"type": "string"},
                                                },
                                                "anyOf": [
                                                    {"required": ["content"]},
                                                    {"required": ["filename"]},
                                                    {"type": "object", "maxProperties": 0},
                                                ],
                                            },
                                        }
                                    },
                                }
                            }
                        }
                    },
                    "responses": {"204": {"description": "Updated."}},
                }
            }
        },
    }
    path = tmp_path / "gists.json"
    path.write_text(json.dumps(spec))
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "specgen", "generate", "--spec", str(path), "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    probe = (
        "import gists.models as m;"
        "v = m.UpdateGistRequestFilesValue(content='x');"
        "print(v.model_dump(exclude_unset=True))"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "{'content': 'x'}"
