"""The build-time workflow of docs/ci/ fits the example project it is written for, and the page
shows it as it is (the committed-output workflow is checked in tests/diff/test_diff_rules.py)."""

from __future__ import annotations

import tomllib

import yaml

from tests.support.paths import ROOT

CI = ROOT / "docs" / "ci"


def test_the_build_workflow_builds_installs_and_imports_the_example_client() -> None:
    text = (CI / "specgen-build.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    job = workflow["jobs"]["wheel"]
    runs = [step.get("run", "") for step in job["steps"]]
    example = tomllib.loads((ROOT / "examples" / "build-hook" / "pyproject.toml").read_text())
    hook = example["tool"]["hatch"]["build"]["hooks"]["specgen"]
    # Copied into the example project as it is, it validates that spec and imports that package.
    assert f"specgen validate {hook['spec']}" in runs
    assert job["env"]["PACKAGES"].split() == [hook["package"]]
    # The wheel is built from the sdist (plain `python -m build`), then installed and imported
    # outside the checkout, in a clean virtualenv.
    assert "python -m build" in runs
    install = next(run for run in runs if "venv" in run)
    assert 'python -m venv "$RUNNER_TEMP/try"' in install
    assert '"$RUNNER_TEMP/try/bin/pip" install dist/*.whl' in install
    assert "for package in $PACKAGES; do" in install and "import $package" in install
    assert any(step.get("uses", "").startswith("actions/upload-artifact@") for step in job["steps"])
    page = (CI / "github-actions.md").read_text(encoding="utf-8")
    assert text.rstrip() in page


def test_the_readme_offers_both_patterns_and_their_workflows() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Which one should I use", 1)[1].split("\n## ", 1)[0]
    assert "docs/ci/specgen.yml" in section and "docs/ci/specgen-build.yml" in section
    slugs = {_slug(line.lstrip("#")) for line in readme.splitlines() if line.startswith("#")}
    for anchor in ("pre-commit", "generating-at-build-time-hatchling-build-hook"):
        assert f"(#{anchor})" in section and anchor in slugs, anchor
    assert "which-one-should-i-use" in slugs  # docs/ci/github-actions.md links to it


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    kept = "".join(c for c in heading.strip().lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")
