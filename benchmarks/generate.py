"""Time `specgen generate` against the peer tools on the same documents, in one invocation.

    python benchmarks/generate.py [--repeat N] [DOCUMENT ...]

Documents default to a size ladder from ../shared/corpus. Peers are run when installed:
datamodel-code-generator (`datamodel-codegen`, models only: it is specgen's own dependency) and
openapi-python-client (`openapi-python-client`, full client; install it in its own virtualenv and
put it on PATH, or set OPC=/path/to/openapi-python-client). Each cell is the best wall time of N
whole-process runs (best-of, because the machine is shared), or the exit code when the tool
failed. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_DOCUMENTS = [
    "swagger-petstore/v3.0/openapi.yaml",
    "redocly-museum/openapi.yaml",
    "openapi-python-client/baseline_openapi_3.1.yaml",
    "performance/openapi_large.yaml",
    "discord/openapi.json",
    "stripe/spec3.yaml",
]

Command = Callable[[Path, Path], list[str]]


def specgen(document: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "specgen",
        "generate",
        "--spec",
        str(document),
        "--out",
        str(out),
    ]


def dmcg(document: Path, out: Path) -> list[str]:
    exe = shutil.which("datamodel-codegen") or str(
        Path(sys.executable).with_name("datamodel-codegen")
    )
    return [exe, "--input", str(document), "--input-file-type", "openapi",
            "--output", str(out / "models.py"), "--output-model-type", "pydantic_v2.BaseModel",
            "--formatters", "ruff-format"]  # fmt: skip


def opc(document: Path, out: Path) -> list[str]:
    exe = os.environ.get("OPC") or shutil.which("openapi-python-client") or "openapi-python-client"
    return [exe, "generate", "--path", str(document), "--output-path", str(out / "client"),
            "--overwrite"]  # fmt: skip


def available(command: Command) -> bool:
    exe = command(Path("x"), Path("y"))
    first = exe[0]
    return first == sys.executable or Path(first).exists() or shutil.which(first) is not None


def best_time(command: Command, document: Path, repeat: int) -> str:
    best: float | None = None
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="specgen-bench-") as scratch:
            out = Path(scratch) / "out"
            out.mkdir()
            start = time.perf_counter()
            result = subprocess.run(
                command(document, out), cwd=scratch, capture_output=True, text=True, timeout=900
            )
            elapsed = time.perf_counter() - start
        if result.returncode != 0:
            return f"exit {result.returncode}"
        best = elapsed if best is None else min(best, elapsed)
    return f"{best:.2f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("documents", nargs="*", help="OpenAPI documents (default: a corpus ladder)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell; the best counts")
    args = parser.parse_args()
    documents = [Path(d) for d in args.documents] or [CORPUS / d for d in DEFAULT_DOCUMENTS]
    missing = [d for d in documents if not d.is_file()]
    if missing:
        print(f"missing documents: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    tools: list[tuple[str, Command]] = [
        ("specgen (validate + client + models + tests)", specgen),
        ("datamodel-codegen (models only)", dmcg),
        ("openapi-python-client (client)", opc),
    ]
    tools = [(name, command) for name, command in tools if available(command)]
    print("| document | size | " + " | ".join(name for name, _ in tools) + " |")
    print("|---|---:|" + "---:|" * len(tools))
    for document in documents:
        label = document.relative_to(CORPUS) if document.is_relative_to(CORPUS) else document
        size = f"{document.stat().st_size / 1024:,.0f} KB"
        cells = [best_time(command, document, args.repeat) for _, command in tools]
        print(f"| {label} | {size} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
