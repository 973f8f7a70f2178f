"""Time specgen against the peer tools on the same documents, whole processes, in one invocation.

    python benchmarks/generate.py [--runs 5] [--markdown-out docs/performance.md] [DOCUMENT ...]

For each document, after one warm-up run of every command, the commands run `--runs` times each,
alternated (A B C D, A B C D, ...) so that drift of this shared machine hits all of them alike;
a cell is the median wall time, with the median CPU time (user + system, the process and the
children it waited for) beside it: this machine is shared, and wall time grows with its load
while CPU time grows much less. Commands:

- `specgen generate` (everything: validation, client, models, contract tests), cold: a fresh
  process writing into an empty folder;
- `specgen check` on that output (no drift);
- `datamodel-codegen` (models only; specgen's own dependency), with a directory as `--output` so
  that multi-module documents such as Stripe work;
- specgen's models step alone: datamodel-code-generator run, in a process of its own, on the
  classes specgen asks it for (every request and response body, every hoisted inline schema;
  more than the peer writes from the same document), with specgen's post-processing. It is the
  floor of `specgen generate`, which embeds it;
- `openapi-python-client` (a full client), when installed: it conflicts with specgen's
  dependencies, so give it a virtualenv of its own and this script finds it at `.venv-bench/`:

      python3 -m venv .venv-bench && .venv-bench/bin/pip install openapi-python-client

  or set OPC=/path/to/openapi-python-client.

Also measured: peak RSS of each tool's process, and `import <package>` of specgen's generated
package in a fresh process, first from source and then from the bytecode that first import
wrote (medians of the same number of runs). Prints a Markdown table and, with
`--markdown-out`, writes it with the command that reproduces it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from _measure import Run, median, run_measured

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_DOCUMENTS = [
    ROOT / "spec" / "openapi.yaml",
    CORPUS / "performance" / "openapi_large.yaml",
    CORPUS / "stripe" / "spec3.yaml",
    CORPUS / "github" / "api.github.com.json",
]
PACKAGE = "benchpkg"
MODELS_STEP = "specgen's models step alone"

Command = Callable[[Path, Path], list[str]]  # (document, scratch folder) → argv


def specgen_generate(document: Path, scratch: Path) -> list[str]:
    out = scratch / "specgen-out"
    shutil.rmtree(out, ignore_errors=True)  # cold: an empty output folder every run
    return [sys.executable, "-m", "specgen", "generate", "--spec", str(document),
            "--out", str(out), "--package", PACKAGE]  # fmt: skip


def specgen_check(document: Path, scratch: Path) -> list[str]:
    return [sys.executable, "-m", "specgen", "check", "--spec", str(document),
            "--out", str(scratch / "specgen-out"), "--package", PACKAGE]  # fmt: skip


def dmcg(document: Path, scratch: Path) -> list[str]:
    out = scratch / "dmcg-out"
    shutil.rmtree(out, ignore_errors=True)
    exe = os.environ.get("DMCG") or str(Path(sys.executable).with_name("datamodel-codegen"))
    return [exe, "--input", str(document), "--input-file-type", "openapi", "--output", str(out),
            "--output-model-type", "pydantic_v2.BaseModel", "--formatters", "ruff-format",
            "--disable-timestamp"]  # fmt: skip


def models_job(document: Path, scratch: Path) -> Path:
    """specgen's datamodel-code-generator job for `document` (the IR), pickled: the input of
    `models_step`, made once, untimed."""
    import pickle

    from specgen.config import Config
    from specgen.pipeline import prepare

    prepared = prepare(Config(spec=document, out=scratch / "specgen-out", package=PACKAGE))
    job = scratch / "models-job.pickle"
    job.write_bytes(pickle.dumps((prepared.api, prepared.model_template_dirs)))
    return job


def models_step(document: Path, scratch: Path) -> list[str]:
    """specgen's models step alone, in a process of its own: datamodel-code-generator on the
    classes specgen asks it for (with their post-processing). No `generate` can be faster."""
    code = (
        "import pickle, sys; from specgen.render.models import generate_models; "
        "generate_models(*pickle.loads(open(sys.argv[1], 'rb').read()))"
    )
    return [sys.executable, "-c", code, str(scratch / "models-job.pickle")]


def opc_executable() -> str | None:
    for candidate in (
        os.environ.get("OPC"),
        str(ROOT / ".venv-bench" / "bin" / "openapi-python-client"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("openapi-python-client")


def opc(document: Path, scratch: Path) -> list[str]:
    out = scratch / "opc-out"
    shutil.rmtree(out, ignore_errors=True)
    return [opc_executable() or "openapi-python-client", "generate", "--path", str(document),
            "--output-path", str(out), "--overwrite"]  # fmt: skip


@dataclass
class Cell:
    runs: list[Run] = field(default_factory=list)

    def text(self) -> str:
        failed = next((r for r in self.runs if not r.ok), None)
        if failed is not None:
            return "timeout" if failed.timed_out else f"exit {failed.returncode}"
        if not self.runs:
            return "-"
        wall, cpu = self.seconds(), self.cpu_seconds()
        return f"{wall:.2f} s (cpu {cpu:.2f})"

    def seconds(self) -> float | None:
        if not self.runs or not all(r.ok for r in self.runs):
            return None
        return median([r.seconds for r in self.runs])

    def cpu_seconds(self) -> float | None:
        if not self.runs or not all(r.ok for r in self.runs):
            return None
        return median([r.cpu_seconds for r in self.runs])

    def rss(self) -> str:
        if not self.runs or not all(r.ok for r in self.runs):
            return "-"
        return f"{max(r.peak_rss for r in self.runs) / 2**20:,.0f} MiB"


def import_probe(scratch: Path) -> list[str]:
    return [sys.executable, "-c", f"import {PACKAGE}"]


def bench_document(
    document: Path, tools: list[tuple[str, Command]], runs: int, timeout: float
) -> tuple[dict[str, Cell], Cell, Cell]:
    """The tools' cells, and the package's import: the first (which compiles it to bytecode)
    and then one from that bytecode, as an installed package imports."""
    cells = {name: Cell() for name, _ in tools}
    first_imports, imports = Cell(), Cell()
    with tempfile.TemporaryDirectory(prefix="specgen-bench-") as tmp:
        scratch = Path(tmp)
        env = {**os.environ, "PYTHONPATH": str(scratch / "specgen-out")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # the first import writes the bytecode
        if any(command is models_step for _, command in tools):
            models_job(document, scratch)
        for round_number in range(runs + 1):  # round 0 warms caches of the OS, not ours
            for name, command in tools:
                result = run_measured(command(document, scratch), cwd=scratch, timeout=timeout)
                if round_number:
                    cells[name].runs.append(result)
                elif not result.ok:
                    cells[name].runs.append(result)  # a failing tool fails in the warm-up
            if round_number and (scratch / "specgen-out" / PACKAGE).is_dir():
                for cell in (first_imports, imports):
                    cell.runs.append(
                        run_measured(import_probe(scratch), cwd=scratch, env=env, timeout=timeout)
                    )
            tools = [(n, c) for n, c in tools if all(r.ok for r in cells[n].runs)]
    return cells, first_imports, imports


def label(document: Path) -> str:
    for base in (CORPUS.resolve(), ROOT):  # (../shared may be a symbolic link)
        if document.is_relative_to(base):
            return document.relative_to(base).as_posix()
    return str(document)


def ratio(ours: Cell, theirs: Cell | None) -> str:
    """Wall-time ratio, with the CPU-time ratio beside it."""
    wall, cpu = ours.seconds(), ours.cpu_seconds()
    their_wall = theirs.seconds() if theirs else None
    their_cpu = theirs.cpu_seconds() if theirs else None
    if wall is None or cpu is None or their_wall is None or their_cpu is None:
        return "-"
    return f"{wall / their_wall:.2f}x (cpu {cpu / their_cpu:.2f}x)"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("documents", nargs="*", type=Path, help="default: the four of the issue")
    parser.add_argument("--runs", type=int, default=5, help="measured runs per command (median)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per run")
    parser.add_argument("--markdown-out", type=Path, help="also write the table here")
    args = parser.parse_args()
    documents = [d.resolve() for d in args.documents] or DEFAULT_DOCUMENTS
    missing = [d for d in documents if not d.is_file()]
    if missing:
        print(f"missing documents: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    tools: list[tuple[str, Command]] = [
        ("specgen generate", specgen_generate),
        ("specgen check", specgen_check),
        ("datamodel-codegen (models only)", dmcg),
        (MODELS_STEP, models_step),
    ]
    if opc_executable():
        tools.append(("openapi-python-client", opc))
    names = [name for name, _ in tools]
    start_load = load_average()
    lines = [
        "| document | " + " | ".join(names) + " | generate ÷ dmcg | generate ÷ opc "
        "| generate ÷ models step "
        "| import package, first | import package | peak RSS (generate) | load average after |",
        "|---|" + "---:|" * (len(names) + 7),
    ]
    print("\n".join(lines), flush=True)
    for document in documents:
        cells, first_imports, imports = bench_document(document, tools, args.runs, args.timeout)
        ours = cells["specgen generate"]
        dm = cells["datamodel-codegen (models only)"]
        op = cells.get("openapi-python-client")
        row = (
            f"| {label(document)} | " + " | ".join(cells[n].text() for n in names)
            + f" | {ratio(ours, dm)} | {ratio(ours, op)}"
            + f" | {ratio(ours, cells[MODELS_STEP])} | {first_imports.text()}"
            + f" | {imports.text()}"
            + f" | {cells['specgen generate'].rss()} | {load_average()} |"
        )  # fmt: skip
        lines.append(row)
        print(row, flush=True)
    if args.markdown_out:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        command = " ".join(["python", "benchmarks/generate.py", *sys.argv[1:]])
        header = [
            "# Performance",
            "",
            f"Made by `{command}` on {datetime.now(UTC):%Y-%m-%d} at commit `{commit}`, "
            f"{os.cpu_count()} cores shared with other work (load average 1 / 5 / 15 min at the "
            f"start: {start_load}). Each cell is the median of {args.runs} whole-process runs "
            "after a warm-up, the tools alternated: wall time, and CPU time (user + system, with "
            "the children the tool waited for) in brackets; ratios likewise. “import package” "
            "is `import <package>` of specgen's generated package in a fresh process: the "
            "first one (which compiles it to bytecode), then one from that bytecode (as a "
            "package installed by pip imports). Peak RSS is the largest of the process and its "
            "children.",
            "",
        ]
        args.markdown_out.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
