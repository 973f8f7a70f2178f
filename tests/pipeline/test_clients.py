"""Several APIs in one project: `[[tool.specgen.clients]]`, through real `specgen` processes.

Two clients share one `out` (each keeps its package, tests folder and manifest apart there) and a
third has an `out` of its own. The project is generated once per module and copied per test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

import specgen
from tests.support.paths import ROOT

MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
PETS = ROOT / "examples" / "build-hook" / "openapi.yaml"

PYPROJECT = """\
[tool.specgen]
out = "out"               # a default for every client
exclude = ["operation:getStats"]

[[tool.specgen.clients]]
spec = "specs/mini.yaml"
package = "mini"

[[tool.specgen.clients]]
spec = "specs/pets.yaml"
package = "pets"
client_name = "Pets"
include = ["operation:listPets", "operation:getPet"]
exclude = []

[[tool.specgen.clients]]
name = "solo"
spec = "specs/mini.yaml"
out = "solo_out"
package = "solo_mini"
"""


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specgen", *args],
        cwd=cwd, env=os.environ.copy(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def files_of(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("clients")
    (root / "specs").mkdir()
    shutil.copy(MINI, root / "specs" / "mini.yaml")
    shutil.copy(PETS, root / "specs" / "pets.yaml")
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    result = run_cli("generate", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def project(generated: Path, tmp_path: Path) -> Iterator[Path]:
    copy = tmp_path / "project"
    shutil.copytree(generated, copy)
    yield copy


def test_each_client_keeps_its_files_apart_in_a_shared_out(project: Path) -> None:
    out = files_of(project / "out")
    tops = {name.split("/")[0] for name in out}
    assert tops == {
        "mini", "tests_mini", ".specgen-manifest.mini.json",
        "pets", "tests_pets", ".specgen-manifest.pets.json",
    }  # fmt: skip
    assert "tests_pets/conftest.py" in out and "tests_mini/conftest.py" in out
    # A client alone in its out has the plain layout.
    solo = {name.split("/")[0] for name in files_of(project / "solo_out")}
    assert solo == {"solo_mini", "tests", ".specgen-manifest.json"}
    # Each entry's options over the table's defaults: pets keeps two operations and drops the
    # default exclude; mini (and solo) get the default exclude.
    pets = (project / "out" / "pets" / "resources" / "pets.py").read_text()
    assert "def list_pets(" in pets and "def get_pet(" in pets and "def create_pet(" not in pets
    mini = "".join(p.read_text() for p in (project / "out" / "mini" / "resources").glob("*.py"))
    assert "def list_items(" in mini and "def get_stats(" not in mini


def test_generate_again_writes_nothing_for_any_client(project: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file()}
    result = run_cli("generate", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[1].strip() for line in lines] == ["mini", "pets", "solo"]
    assert all(" 0 written" in line and " 0 deleted" in line for line in lines)
    assert {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file()} == before


def test_check_reports_drift_for_the_client_it_is_in(project: Path) -> None:
    assert run_cli("check", cwd=project).returncode == 0
    with (project / "out" / "pets" / "__init__.py").open("a") as handle:
        handle.write("# edited by hand\n")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert "specgen: mini: out: up to date" in result.stdout
    assert "specgen: pets: out does not match the spec" in result.stdout
    assert "modified: pets/__init__.py" in result.stdout
    assert "specgen: solo: solo_out: up to date" in result.stdout
    # The client without drift, alone, passes; the edited one, alone, fails.
    assert run_cli("check", "--client", "mini", cwd=project).returncode == 0
    alone = run_cli("check", "--client", "pets", cwd=project)
    assert alone.returncode == 1 and "mini" not in alone.stdout


def test_generating_one_client_leaves_the_others_files_alone(project: Path) -> None:
    (project / "out" / "pets" / "__init__.py").write_text("# broken\n")
    stray = project / "out" / "mini" / "stray.py"
    stray.write_text("# not specgen's\n")
    result = run_cli("generate", "--client", "pets", cwd=project)
    assert result.returncode == 0, result.stderr
    assert all(line.startswith("specgen: pets: ") for line in result.stdout.splitlines())
    assert " 1 written" in result.stdout.splitlines()[-1]
    assert stray.is_file()  # another client's folder: not pets' business
    # ... but mini's own check flags it; pets is clean again.
    check = run_cli("check", cwd=project)
    assert check.returncode == 1
    assert "added (not from the spec): mini/stray.py" in check.stdout
    assert "specgen: pets: out: up to date" in check.stdout


def test_an_unknown_client_is_a_usage_error_naming_the_known_ones(project: Path) -> None:
    for command in ("generate", "check", "validate"):
        result = run_cli(command, "--client", "petz", cwd=project)
        assert result.returncode == 2, command
        assert "unknown client 'petz'" in result.stderr
        assert "mini, pets, solo" in result.stderr


def test_an_option_of_one_client_needs_client(project: Path) -> None:
    result = run_cli("generate", "--out", "elsewhere", cwd=project)
    assert result.returncode == 2
    assert "--out applies to one client: add --client NAME" in result.stderr
    assert not (project / "elsewhere").exists()


def test_validate_handles_every_client(project: Path) -> None:
    result = run_cli("validate", cwd=project)
    assert result.returncode == 0, result.stderr
    for name in ("mini", "pets", "solo"):
        assert f"specgen: {name}: " in result.stderr
    spec = project / "specs" / "pets.yaml"
    spec.write_text(spec.read_text().replace("/pets/{pet_id}:", "/pets/{petId}:"))
    broken = run_cli("validate", cwd=project)
    assert broken.returncode == 1
    assert "pets.yaml:" in broken.stderr and "petId" in broken.stderr
    # The other clients are still validated, and reported valid.
    assert broken.stderr.count("valid: 0 errors") == 2
    assert run_cli("validate", "--client", "mini", cwd=project).returncode == 0


def test_an_invalid_spec_fails_its_client_and_generates_the_others(project: Path) -> None:
    spec = project / "specs" / "pets.yaml"
    spec.write_text(spec.read_text().replace("/pets/{pet_id}:", "/pets/{petId}:"))
    shutil.rmtree(project / "solo_out")
    result = run_cli("generate", cwd=project)
    assert result.returncode == 1
    assert "petId" in result.stderr
    assert (project / "solo_out" / "solo_mini" / "__init__.py").is_file()


def test_a_no_op_check_of_every_client_decides_from_the_manifests(project: Path) -> None:
    probe = (
        "import sys, specgen.cli\n"
        "code = specgen.cli.main(['check'])\n"
        "print(code, 'specgen.validation.checks' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, timeout=300
    )
    assert result.stderr.splitlines()[-1] == "0 False", result.stderr
    # A changed spec of one client means a full run (which loads the stages) for it.
    spec = project / "specs" / "mini.yaml"
    spec.write_text(spec.read_text().replace("title: Mini Shop", "title: Mini Shop 2"))
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, timeout=300
    )
    assert result.stderr.splitlines()[-1] == "1 True", result.stderr


def test_each_clients_contract_tests_collect_in_their_own_folder(project: Path) -> None:
    for folder in ("out/tests_mini", "out/tests_pets", "solo_out/tests"):
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
             folder],
            cwd=project, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        assert " tests collected" in result.stdout or "test_" in result.stdout


def test_the_python_api_takes_the_client(project: Path) -> None:
    assert specgen.clients(cwd=project) == ["mini", "pets", "solo"]
    assert specgen.check(client="pets", cwd=project).clean
    # A spec one client names selects it too.
    assert specgen.check(project / "specs" / "pets.yaml", cwd=project).client == "pets"
    with pytest.raises(specgen.UsageError, match="several clients"):
        specgen.check(cwd=project)
    with pytest.raises(specgen.UsageError, match="unknown client 'nope'"):
        specgen.validate(client="nope", cwd=project)
    result = specgen.validate(client="solo", cwd=project)
    assert result.ok and result.spec.name == "mini.yaml"


def test_entries_are_checked(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(text.replace('name = "solo"\n', 'name = "solo"\nspek = "x"\n'))
    result = run_cli("check", cwd=project)
    assert result.returncode == 2
    assert "unknown key(s) in [[tool.specgen.clients]] #3: spek" in result.stderr
    pyproject.write_text(text.replace('package = "pets"', 'package = "mini"'))
    result = run_cli("check", cwd=project)
    assert result.returncode == 2
    assert "two [[tool.specgen.clients]] are named 'mini'" in result.stderr


def test_one_entry_writes_what_the_plain_table_wrote(tmp_path: Path) -> None:
    """Moving a project's one API into `[[tool.specgen.clients]]` changes no byte: a client
    alone in its `out` has the plain layout and the same manifest, so check is a no-op."""
    (tmp_path / "specs").mkdir()
    shutil.copy(MINI, tmp_path / "specs" / "mini.yaml")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.specgen]\nspec = "specs/mini.yaml"\nout = "out"\npackage = "m"\n')
    assert run_cli("generate", cwd=tmp_path).returncode == 0
    before = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    pyproject.write_text(
        '[tool.specgen]\nout = "out"\n\n'
        '[[tool.specgen.clients]]\nspec = "specs/mini.yaml"\npackage = "m"\n'
    )
    probe = (
        "import sys, specgen.cli\n"
        "code = specgen.cli.main(['check'])\n"
        "sys.exit(code + 10 * ('specgen.validation.checks' in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr  # clean, and no stage loaded
    assert "specgen: m: out: up to date" in result.stdout
    assert {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()} == before


def test_the_suites_of_clients_sharing_an_out_run_in_one_pytest_process(project: Path) -> None:
    """Each conftest registers `--live-url` (registered once), and the suites' modules have the
    same names (`tests_<package>/` are packages; each suite loads its own `contract_api.py`)."""
    report = project / "report.xml"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}",
         "out/tests_mini", "out/tests_pets", "--live-url", "http://127.0.0.1:9"],
        cwd=project, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    cases = ElementTree.parse(report).getroot().iter("testcase")
    by_suite: dict[str, set[str]] = {}
    for case in cases:
        suite = case.get("classname", "").removeprefix("out.").split(".")[0]
        by_suite.setdefault(suite, set()).add(case.get("name", ""))
    assert set(by_suite) == {"tests_mini", "tests_pets"}
    # Each suite tested its own client: mini's operations (items.*) only in tests_mini, pets'
    # (pets.*) only in tests_pets.
    assert any("[items." in name for name in by_suite["tests_mini"])
    assert not any("[pets." in name for name in by_suite["tests_mini"])
    assert any("[pets." in name for name in by_suite["tests_pets"])
    assert not any("[items." in name for name in by_suite["tests_pets"])
    # The README's other form, `pytest <out>`, runs the same tests (live mode on in both: off,
    # one live item per suite stands for all its operations).
    whole = project / "whole.xml"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={whole}",
         "out", "--live-url", "http://127.0.0.1:9"],
        cwd=project, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert junit_cases(whole) == junit_cases(report)


def test_live_mode_off_is_one_skip_per_suite_in_one_process(project: Path) -> None:
    """The contract tests' collection hook runs once per suite's conftest, over the items of
    every suite: each suite keeps one live skip for all its operations, none is lost."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only",
         "out/tests_mini", "out/tests_pets"],
        cwd=project, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    live = [line for line in result.stdout.splitlines() if "test_live_contract.py::" in line]
    assert len(live) == 2, live
    assert any("tests_mini/" in line for line in live) and any(
        "tests_pets/" in line for line in live
    )


def junit_cases(report: Path) -> set[tuple[str | None, str | None]]:
    return {(c.get("classname"), c.get("name")) for c in ElementTree.parse(report).iter("testcase")}


def test_the_tests_readme_names_the_tests_folder_of_its_client(project: Path) -> None:
    shared = (project / "out" / "tests_pets" / "README.md").read_text(encoding="utf-8")
    assert "pytest <out>/tests_pets " in shared
    assert "pytest <out>/tests_pets/test_live_contract.py --live-url URL" in shared
    assert "<out>/tests " not in shared and "<out>/tests/" not in shared
    assert "pytest <out>/tests_a <out>/tests_b" in shared  # how to run them together
    assert (project / "out" / "tests_pets" / "__init__.py").is_file()
    solo = (project / "solo_out" / "tests" / "README.md").read_text(encoding="utf-8")
    assert "pytest <out>/tests " in solo and "tests_" not in solo
    assert not (project / "solo_out" / "tests" / "__init__.py").exists()
