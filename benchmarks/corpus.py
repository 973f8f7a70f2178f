"""Corpus report: specgen and its peers on every root document of ../shared/corpus, one row each.

    python benchmarks/corpus.py [--subset ci] [--only GLOB ...] [--no-peers] [--no-tests]
        [--generate-timeout S] [--test-timeout S] [--markdown-out PATH] [--json-out PATH]

A root document is a file listed in ../shared/corpus/INDEX.md with a top-level `openapi` or
`swagger` key (so not oasdiff-data/ nor the fragments other files reference). Each row has the
operations in the document, the public methods of the generated sync resource classes,
`specgen validate`'s errors / warnings, and our stages: generate, import (`import pkg, pkg.models`),
`ruff check` on the package with the rules generated code is held to (specgen's `LINT_RULES`;
E9,F for a checkout older than them), and the generated contract tests (pytest),
with the generation time and the test suite's wall time and peak RSS. Then the peers on the same
document: openapi-python-client (full client: exit, operations written, whether every module
imports, time) and datamodel-code-generator (models only: exit, time). Each stage has a timeout;
a hung stage reads "timeout" and the report moves on. Swagger 2.0 documents are reported, not run.
Exit 0 when the report ran, whatever the documents did; 2 on usage errors. Linux only (pidfd).

specgen runs only as a subprocess, `python -m specgen` (`python -m generator` before the rename),
with this checkout's sources first on PYTHONPATH, so the rows describe this commit.

Peers: datamodel-codegen is a dependency of specgen, so it is in specgen's venv (or set DMCG=).
openapi-python-client's dependencies conflict with specgen's pins, so it lives in its own venv,
found at ROOT/.venv-bench (or set OPC=/path/to/openapi-python-client, or put it on PATH):

    python3 -m venv .venv-bench && .venv-bench/bin/pip install openapi-python-client==0.29.1 ruff

(ruff there serves openapi-python-client's own post-generation hooks.)
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.machinery import PathFinder
from pathlib import Path
from typing import Any

import _measure
import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
BENCH_VENV = ROOT / ".venv-bench"
# Small and medium documents (3.0 and 3.1, enums, a multi-file one, 2 to 19 operations): about
# five minutes with contract tests on two busy cores, half that on idle ones.
CI_SUBSET = [
    "oai-examples/v3.0/petstore.yaml",
    "oai-examples/v3.1/tictactoe.yaml",
    "openapi-python-client/openapi_3.1_enums.yaml",
    "datamodel-code-generator/paths_external_ref/openapi.yaml",
    "redocly-museum/openapi.yaml",
    "swagger-petstore/v3.0/openapi.yaml",
]
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
BEGIN, END = "<!-- corpus-report:begin -->", "<!-- corpus-report:end -->"
SKIP = "—"
NOISE = re.compile(r"\s*([│╭╰]|(Error|Warning)\(s\) encountered|If you believe|For further info)")
# `import pkg` does not reach openapi-python-client's api/ modules: import every module.
IMPORT_ALL = (
    "import importlib, pkgutil, sys; p = importlib.import_module(sys.argv[1])\n"
    "for m in pkgutil.walk_packages(p.__path__, p.__name__ + '.'): importlib.import_module(m.name)"
)

Measured = tuple[int | None, str, str, float, int]


class UsageError(Exception):
    pass


def run_measured(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Measured:
    """Run `cmd`: (exit code, or None on timeout; stdout; stderr; seconds; peak RSS in bytes)."""
    run = _measure.run_measured(cmd, cwd=cwd, env=env, timeout=timeout)
    return run.returncode, run.stdout, run.stderr, run.seconds, run.peak_rss


@dataclass
class Row:
    document: str
    version: str
    operations: int | None
    generated: int | None = None
    errors: int | None = None
    warnings: int | None = None
    generate: str = SKIP
    imports: str = SKIP
    ruff: str = SKIP
    tests: str = SKIP
    tests_counts: dict[str, int] = field(default_factory=dict)
    skips: dict[str, int] = field(default_factory=dict)  # skipped tests by `SKIP_CATEGORIES`
    generate_s: float | None = None
    tests_s: float | None = None
    tests_rss: int | None = None
    opc: str = SKIP
    opc_operations: int | None = None
    opc_import: str = SKIP
    opc_s: float | None = None
    dmcg: str = SKIP
    dmcg_s: float | None = None
    problems: list[str] = field(default_factory=list)


def load(path: Path) -> Any:
    data = path.read_bytes()
    if path.suffix == ".json":
        return json.loads(data)
    return yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def root_documents() -> list[tuple[str, Any]]:
    """(corpus-relative path, parsed document) of the INDEX.md entries that are root documents."""
    found = []
    for line in (CORPUS / "INDEX.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`([^`]+)`", line)
        path = CORPUS / match.group(1) if match else CORPUS
        if not path.is_file():  # not a table row, a folder (oasdiff-data/) or absent
            continue
        try:
            doc = load(path)
        except (ValueError, yaml.YAMLError):  # a root if the key is plainly there; specgen says why
            text = path.read_text(encoding="utf-8", errors="replace")
            key = re.search(r'^"?(openapi|swagger)"?\s*:', text, re.MULTILINE)
            doc = {"openapi": "unparsable"} if key else None
        if isinstance(doc, dict) and ("openapi" in doc or "swagger" in doc):
            found.append((str(path.relative_to(CORPUS)), doc))
    return found


def count_operations(doc: dict[str, Any], path: Path) -> int:
    """HTTP methods of the path items (one level of path-item `$ref` followed)."""
    is_32 = str(doc.get("openapi", "")).startswith("3.2")
    methods = (*METHODS, "query") if is_32 else METHODS
    cache: dict[Path, Any] = {}
    total = 0
    for item in (doc.get("paths") or {}).values():
        ref = item.get("$ref") if isinstance(item, dict) else None
        if isinstance(ref, str):
            item = _follow(ref, path.parent, doc, cache)
        if isinstance(item, dict):
            total += sum(isinstance(item.get(method), dict) for method in methods)
            extra = item.get("additionalOperations") if is_32 else None
            total += len(extra) if isinstance(extra, dict) else 0
    return total


def _follow(ref: str, base: Path, doc: Any, cache: dict[Path, Any]) -> Any:
    file, _, pointer = ref.partition("#")
    if file and base / file not in cache:
        try:
            cache[base / file] = load(base / file)
        except (OSError, ValueError, yaml.YAMLError):
            cache[base / file] = None
    target = cache[base / file] if file else doc
    for part in filter(None, pointer.split("/")):
        part = part.replace("~1", "/").replace("~0", "~")
        target = target.get(part) if isinstance(target, dict) else None
    return target


def count_generated(package: Path) -> int:
    """Public methods of the sync resource classes (not Async*, not the raw-response helpers)."""
    total = 0
    for module in sorted((package / "resources").glob("[!_]*.py")):
        for cls in ast.parse(module.read_text(encoding="utf-8")).body:
            if not isinstance(cls, ast.ClassDef) or cls.name.startswith("Async"):
                continue
            if cls.name.endswith(("WithRawResponse", "WithStreamingResponse")):
                continue
            for node in cls.body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    decorators = {ast.unparse(d).rsplit(".", 1)[-1] for d in node.decorator_list}
                    public = not node.name.startswith("_")
                    total += public and not decorators & {"property", "cached_property"}
    return total


def find_package(out: Path) -> Path | None:
    if not out.is_dir():
        return None
    packages = [p for p in sorted(out.iterdir()) if (p / "__init__.py").is_file()]
    return next((p for p in packages if p.name != "tests"), None)


def status(code: int | None) -> str:
    return "timeout" if code is None else "ok" if code == 0 else f"exit {code}"


def reason(text: str, patterns: tuple[str, ...], lines: int = 1) -> str:
    """The first line matching a pattern (tried in order), else the last line, and the `lines - 1`
    after it; rich's traceback boxes and boilerplate left out, paths shortened."""
    kept = [line.strip() for line in text.splitlines() if line.strip() and not NOISE.match(line)]
    hits = (n for pattern in patterns for n, line in enumerate(kept) if re.search(pattern, line))
    start = next(hits, len(kept) - 1)
    hit = " ".join(kept[start : start + lines]) if kept else "(no output)"
    for corpus in {CORPUS, CORPUS.resolve()}:
        hit = hit.replace(f"{corpus}/", "")
    hit = re.sub(r"/\S*specgen-corpus-[^/\s]+/", "<out>/", hit)
    return hit if len(hit) <= 300 else hit[:297] + "..."


def test_reason(stdout: str) -> str:
    """The first failing test and the first line of its failure that says why."""
    first = reason(stdout, (r"^(FAILED|ERROR) ",)).split(" - ")[0]
    why = reason(stdout, (r"^E ", r"^- ")) if re.search(r"^\s*(E|-) ", stdout, re.M) else ""
    return f"{first}: {why}" if why else first


SKIP_CATEGORIES = (
    # (label, pattern of the reason): first match wins. The labels say whose the skip is: the
    # tool's limit ("could not draw" is a defect to fix: the schema may admit values), the
    # document's content, or a check that does not apply.
    ("live off", r"live mode is off|live mode needs credentials"),
    ("no operations", r"the spec has no operations"),
    ("example invalid", r"example .* does not match (its|the) schema"),
    ("no value", r"admits no value|allows (only|no value but) null|admits no null"),
    ("unsendable", r"no wire form|cannot be sent|is not a token"),
    ("status range", r"is a range or default"),
    ("openapi-core", r"openapi-core (does not accept|rejects)"),
    ("no keyword", r"offers no keyword|cannot be given as keywords"),
    ("could not draw", r"could be drawn|cannot draw|schemathesis cannot read"),
)
"""Why the generated contract tests skip, as `pytest -rs` reports it (see docs/corpus.md)."""


def skip_categories(stdout: str) -> dict[str, int]:
    """Skipped tests by category (`SKIP_CATEGORIES`, else "other"), from `-rs`'s summary lines
    (`SKIPPED [N] file:line: reason`), most first."""
    found: dict[str, int] = {}
    for count, text in re.findall(r"^SKIPPED \[(\d+)\] [^:]+:\d+: (.*)$", stdout, re.M):
        label = next((name for name, pattern in SKIP_CATEGORIES if re.search(pattern, text)), None)
        found[label or "other"] = found.get(label or "other", 0) + int(count)
    return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))


def pytest_counts(stdout: str) -> dict[str, int]:
    last = next((line for line in reversed(stdout.splitlines()) if line.strip()), "")
    words = re.findall(r"(\d+) (passed|failed|skipped|errors?|xfailed|xpassed)", last)
    return {"errors" if word.startswith("error") else word: int(n) for n, word in words}


@dataclass
class Tools:
    args: argparse.Namespace
    specgen: list[str]  # [python, -m, specgen|generator]
    specgen_env: dict[str, str]  # PYTHONPATH: this checkout's sources first
    ruff: str
    lint_rules: list[str]  # the checkout's LINT_RULES and LINE_LENGTH as ruff options
    opc: str | None
    dmcg: str | None


def stage(
    row: Row, name: str, run: Measured, timeout: float, *patterns: str, lines: int = 1
) -> Measured:
    """Record a problem when a stage's run did not pass: its `reason` from the output."""
    code, stdout, stderr = run[:3]
    if code is None:
        row.problems.append(f"{name}: timeout after {timeout:g} s")
    elif code != 0 and name == "tests":
        row.problems.append(f"{name}: {test_reason(stdout)}")
    elif code != 0:
        row.problems.append(f"{name}: {reason(stderr + stdout, patterns, lines)}")
    return run


def run_specgen(row: Row, path: Path, work: Path, tools: Tools) -> None:
    spec, env, limit = tools.specgen, tools.specgen_env, tools.args.generate_timeout
    _, _, err, _, _ = run_measured([*spec, "validate", str(path)], work, env, limit)
    found = re.search(r"(\d+) errors?, (\d+) warnings?\s*$", err)
    if found:
        row.errors, row.warnings = int(found.group(1)), int(found.group(2))
    out = work / "specgen"
    run = run_measured(
        [*spec, "generate", "--spec", str(path), "--out", str(out)], work, env, limit
    )
    code, _, _, row.generate_s, _ = stage(row, "generate", run, limit, ": error: ", "^specgen: ")
    row.generate = status(code)
    package = find_package(out) if code == 0 else None
    if package is None:
        row.problems += ["generate: exit 0 but no package written"] if code == 0 else []
        return
    row.generated = count_generated(package)
    env = {**os.environ, "PYTHONPATH": str(out)}
    cmd = [sys.executable, "-c", f"import {package.name}, {package.name}.models"]
    row.imports = status(stage(row, "import", run_measured(cmd, out, env, limit), limit)[0])
    cmd = [tools.ruff, "check", "--isolated", *tools.lint_rules, "--output-format", "concise"]
    run = run_measured([*cmd, str(package)], out, env, limit)
    code, stdout, *_ = stage(row, "ruff", run, limit, r":\d+:\d+: ")
    found = re.search(r"Found (\d+) error", stdout)
    row.ruff = f"{found.group(1)} findings" if code and found else status(code)
    if tools.args.no_tests or row.imports != "ok":
        return
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-rfEs",  # the failures, as without -r, and the skips with their reasons
        "-p",
        "no:cacheprovider",
        str(out / "tests"),
    ]
    limit = tools.args.test_timeout
    run = run_measured(cmd, out, {**env, "COLUMNS": "300"}, limit)  # untruncated summary lines
    code, stdout, _, row.tests_s, row.tests_rss = stage(row, "tests", run, limit)
    row.tests_counts = pytest_counts(stdout) if code is not None else {}
    row.skips = skip_categories(stdout) if code is not None else {}
    order = ("passed", "failed", "skipped", "errors", "xfailed", "xpassed")
    counts = [f"{row.tests_counts[k]} {k}" for k in order if row.tests_counts.get(k)]
    row.tests = ", ".join(counts) if code is not None and counts else status(code)


def run_peers(row: Row, path: Path, work: Path, tools: Tools) -> None:
    limit = tools.args.generate_timeout
    if tools.dmcg:
        (work / "dmcg").mkdir()
        cmd = [tools.dmcg, "--input", str(path), "--input-file-type", "openapi", "--output",
               str(work / "dmcg" / "models"), "--output-model-type", "pydantic_v2.BaseModel",
               "--formatters", "ruff-format", "--disable-timestamp"]  # fmt: skip
        run = run_measured(cmd, work / "dmcg", dict(os.environ), limit)
        code, _, _, row.dmcg_s, _ = stage(row, "datamodel-codegen", run, limit)
        row.dmcg = status(code)
    if not tools.opc:
        return
    bin_dir = Path(tools.opc).resolve().parent  # its venv: ruff for its hooks, python to import
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    client = work / "opc" / "client"
    client.parent.mkdir()
    cmd = [tools.opc, "generate", "--path", str(path), "--output-path", str(client), "--overwrite"]
    run = run_measured(cmd, client.parent, env, limit)
    code, *_, row.opc_s, _ = stage(row, "openapi-python-client", run, limit, ".", lines=4)
    package = find_package(client) if code == 0 else None
    row.opc = "nothing written" if code == 0 and package is None else status(code)
    if package is None:
        return
    row.opc_operations = sum(p.name != "__init__.py" for p in (package / "api").rglob("*.py"))
    python = bin_dir / "python"
    cmd = [str(python if python.exists() else sys.executable), "-c", IMPORT_ALL, package.name]
    run = run_measured(cmd, client, {**env, "PYTHONPATH": str(client)}, limit)
    row.opc_import = status(stage(row, "openapi-python-client import", run, limit)[0])


def run_document(rel: str, doc: dict[str, Any], tools: Tools) -> Row:
    path = CORPUS / rel
    version = str(doc.get("openapi") or f"swagger {doc.get('swagger')}")
    row = Row(rel, version, count_operations(doc, path))
    if "openapi" not in doc:
        row.generate = f"{version}: not supported"
        return row
    with tempfile.TemporaryDirectory(prefix="specgen-corpus-") as scratch:
        run_specgen(row, path, Path(scratch), tools)
        if not tools.args.no_peers:
            run_peers(row, path, Path(scratch), tools)
    return row


def header(peers: bool) -> str:
    columns = ["document", "ops", "ours: ops", "errors / warnings", "generate", "import"]
    columns += ["ruff", "contract tests", "gen s", "tests s", "tests RSS"]
    if peers:
        columns += ["opc", "opc ops", "opc import", "opc s", "dmcg", "dmcg s"]
    align = ["---" if c in {"document", "contract tests"} else "---:" for c in columns]
    return f"| {' | '.join(columns)} |\n|{'|'.join(align)}|"


def markdown_row(row: Row, peers: bool) -> str:
    def text(value: float | None, unit: str = "{:.1f}") -> str:
        return SKIP if value is None else unit.format(value)

    findings = SKIP if row.errors is None else f"{row.errors} / {row.warnings}"
    rss = None if row.tests_rss is None else row.tests_rss / 2**20
    cells = [f"`{row.document}` {row.version}", text(row.operations, "{}")]
    cells += [text(row.generated, "{}"), findings, row.generate, row.imports, row.ruff, row.tests]
    cells += [text(row.generate_s), text(row.tests_s), text(rss, "{:.0f} MB")]
    if peers:
        cells += [row.opc, text(row.opc_operations, "{}"), row.opc_import, text(row.opc_s)]
        cells += [row.dmcg, text(row.dmcg_s)]
    return f"| {' | '.join(cells)} |"


def skip_section(rows: list[Row]) -> list[str]:
    """Why the contract tests skip: per document with skips, the count of each category."""
    lines = ["Why the contract tests skip (`pytest -rs`'s reasons, by category):", ""]
    with_skips = [row for row in rows if row.skips]
    for row in with_skips:
        counts = ", ".join(f"{label} {count}" for label, count in row.skips.items())
        lines.append(f"- `{row.document}`: {counts}")
    return [*lines, ""] if with_skips else []


def write_markdown(path: Path, meta: dict[str, Any], rows: list[Row], peers: bool) -> None:
    """Write the report; in a file that has the BEGIN/END markers, replace only what is between."""
    timeouts = meta["timeouts_s"]
    lines = [
        f"Made by `{meta['command']}` on {meta['date']} at specgen commit `{meta['commit']}` in "
        f"{meta['minutes']} min (timeouts: {timeouts['generate']:g} s a stage, "
        f"{timeouts['tests']:g} s for the contract tests). Tools: "
        + ", ".join(meta["versions"])
        + ".",
        "",
        header(peers),
        *(markdown_row(row, peers) for row in rows),
        "",
        *skip_section(rows),
        "The first located line of each stage that did not pass:",
        "",
    ]
    for row in rows:
        lines += [f"- `{row.document}`"] if row.problems else []
        for problem in row.problems:
            stage, text = problem.split(": ", 1)
            lines.append(f"  - {stage}: `{text.replace('`', chr(39))}`")
    report = "\n".join(lines) + "\n"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if BEGIN in text and END in text.split(BEGIN, 1)[1]:
        head, rest = text.split(BEGIN, 1)
        text = f"{head}{BEGIN}\n{report}{END}{rest.split(END, 1)[1]}"
    else:
        text = f"{BEGIN}\n{report}{END}\n"
    path.write_text(text, encoding="utf-8")


def find_tools(args: argparse.Namespace) -> Tools:
    """The commands to run: specgen from this checkout, ruff, and the peers that are installed."""
    # This checkout's package first (an editable install may point at another checkout): specgen
    # after the rename (ROOT/generator/specgen), generator before; else whatever is installed.
    src = ROOT / "generator" if (ROOT / "generator" / "specgen").is_dir() else ROOT
    own = [m for m in ("specgen", "generator") if PathFinder.find_spec(m, [str(src)])]
    module = own[0] if own else "specgen" if importlib.util.find_spec("specgen") else "generator"
    paths = [str(src), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    found: dict[str, str | None] = {}
    local_dirs = {"OPC": BENCH_VENV / "bin", "DMCG": Path(sys.executable).parent}
    for var, exe in (("OPC", "openapi-python-client"), ("DMCG", "datamodel-codegen")):
        given = os.environ.get(var)
        if given and not os.access(given, os.X_OK):
            raise UsageError(f"{var}={given} is not an executable")
        local = local_dirs[var] / exe
        found[var] = given or (str(local) if local.is_file() else shutil.which(exe))
        if not args.no_peers and not found[var]:
            print(f"corpus: {exe} not found (set {var}=); its columns stay empty", file=sys.stderr)
    specgen = [sys.executable, "-m", module]
    return Tools(args, specgen, env, ruff, lint_rules(env), found["OPC"], found["DMCG"])


def lint_rules(env: dict[str, str]) -> list[str]:
    """The ruff options of the rules the checkout holds generated code to, read from it (its
    `specgen.render.format`); E9,F (syntax errors and pyflakes) where it has none."""
    code = "from specgen.render.format import LINE_LENGTH, LINT_RULES as R; "
    code += "print(*R, f'--line-length={LINE_LENGTH}', sep='\\n')"
    found = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return found.stdout.split() if found.returncode == 0 else ["--select", "E9,F"]


def version_of(cmd: list[str], env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{cmd[0]}: unknown ({exc})"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0].replace(" version:", "") if lines else f"{cmd[0]}: unknown"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    add = parser.add_argument
    add("--only", action="append", default=[], metavar="GLOB", help="corpus paths (fnmatch)")
    add("--subset", choices=["ci"], help="ci: a few small and medium documents")
    add("--no-peers", action="store_true", help="skip openapi-python-client and datamodel-codegen")
    add("--no-tests", action="store_true", help="skip the generated contract tests")
    add("--generate-timeout", type=float, default=600, metavar="S", help="per stage (600)")
    add("--test-timeout", type=float, default=900, metavar="S", help="contract tests (900)")
    add("--markdown-out", type=Path, metavar="PATH", help="write the report as Markdown")
    add("--json-out", type=Path, metavar="PATH", help="write the rows as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    try:
        if not (CORPUS / "INDEX.md").is_file():
            raise UsageError(f"no corpus: {CORPUS}/INDEX.md is missing (see ../shared/README.md)")
        documents = root_documents()
        if args.subset == "ci":
            documents = [d for d in documents if d[0] in CI_SUBSET]
        if args.only:
            documents = [d for d in documents if any(fnmatch.fnmatch(d[0], g) for g in args.only)]
        if not documents:
            raise UsageError("no root document matches --only/--subset")
        tools = find_tools(args)
    except UsageError as exc:
        print(f"corpus: error: {exc}", file=sys.stderr)
        return 2
    peers = not args.no_peers
    print(header(peers), flush=True)
    rows = []
    for number, (rel, doc) in enumerate(documents, 1):
        print(f"corpus: [{number}/{len(documents)}] {rel}", file=sys.stderr, flush=True)
        rows.append(run_document(rel, doc, tools))
        print(markdown_row(rows[-1], peers), flush=True)
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run([*git, "diff", "--quiet", "HEAD"]).returncode != 0
    module = f"python -m {tools.specgen[-1]}"
    versions = [f"{version_of([*tools.specgen, '--version'], tools.specgen_env)} ({module})"]
    versions += [version_of([tools.ruff, "--version"])]
    versions += [version_of([sys.executable, "-m", "pytest", "--version"])]
    versions += [version_of([exe, "--version"]) for exe in (tools.dmcg, tools.opc) if exe and peers]
    meta = {
        "command": shlex.join(["python", "benchmarks/corpus.py", *(argv or sys.argv[1:])]),
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "commit": commit.stdout.strip() + (" + uncommitted changes" if dirty else ""),
        "versions": [*versions, f"Python {platform.python_version()}"],
        "timeouts_s": {"generate": args.generate_timeout, "tests": args.test_timeout},
        "minutes": round((time.perf_counter() - started) / 60, 1),
    }
    if args.json_out:
        args.json_out.write_text(json.dumps({**meta, "rows": [asdict(r) for r in rows]}, indent=2))
    if args.markdown_out:
        write_markdown(args.markdown_out, meta, rows, peers)
    print(f"corpus: {len(rows)} documents in {meta['minutes']} min", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
