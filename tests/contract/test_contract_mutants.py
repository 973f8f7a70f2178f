"""The generated contract tests can fail: each deliberate defect in a generated client is caught.

The Zoho client is generated once into a temporary folder; each mutant is a copy with one text
edit to the GENERATED code (never to the templates). Its contract tests (`<out>/tests`, run in a
separate process with `-x` and few property-based examples) must fail, with a message that says
what the spec requires. The unmutated copy must pass.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.contract import outcome, run_contract_tests

# Appended to _utils.py: build_body as generated, then every None value dropped from the body.
DROP_NULLS = '''

_generated_build_body = build_body


def build_body(*args, **kwargs):  # type: ignore[no-redef]
    """MUTANT: drops null values, so a PATCH can no longer clear a field."""
    built = _generated_build_body(*args, **kwargs)
    if isinstance(built, dict):
        return {key: value for key, value in built.items() if value is not None}
    return built
'''

# Appended to _utils.py: build_body as generated, then a null responseDueDate dropped. That
# property admits nothing but null, so only its left-out and None cases can catch this.
DROP_NULL_ONLY_FIELD = '''

_generated_build_body = build_body


def build_body(*args, **kwargs):  # type: ignore[no-redef]
    """MUTANT: drops responseDueDate=None, so it can no longer be cleared."""
    built = _generated_build_body(*args, **kwargs)
    if isinstance(built, dict) and built.get("responseDueDate", 0) is None:
        del built["responseDueDate"]
    return built
'''


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str  # in the generated output
    old: str  # replaced everywhere in the file; "" appends `new`
    new: str
    message: str  # the failure must say this

    def apply(self, out: Path) -> None:
        path = out / self.file
        text = path.read_text(encoding="utf-8")
        if not self.old:
            path.write_text(text + self.new, encoding="utf-8")
            return
        assert self.old in text, f"mutant {self.name}: {self.old!r} is no longer in {self.file}"
        path.write_text(text.replace(self.old, self.new), encoding="utf-8")


MUTANTS = [
    Mutant(
        "wrong header name",
        "zoho_desk/_client.py",
        '"orgId"',
        '"org-id"',
        "header parameter orgId required by the spec is missing",
    ),
    Mutant(
        "dropped body field",
        "zoho_desk/resources/tickets.py",
        '"subject": subject,\n',
        "",
        # The PATCH checks send subject as the common part of another property's bodies: its
        # keyword is dropped, so the body lacks it.
        "body /subject: missing (expected",
    ),
    Mutant(
        "wrong JSON alias",
        "zoho_desk/models/_ticket_update.py",
        'alias="departmentId"',
        'alias="departmentID"',
        "the client sent nothing for a call with a body the spec's schema accepts",
    ),
    Mutant(
        "wrong auth prefix",
        "zoho_desk/_client.py",
        'token_prefix="Zoho-oauthtoken"',
        'token_prefix="Bearer"',
        "header Authorization (security scheme zohoOAuth) must be "
        "'Zoho-oauthtoken contract-test-token' (x-specgen-token-prefix), "
        "the client sent 'Bearer contract-test-token'",
    ),
    Mutant(
        "status mapped to the wrong exception",
        "zoho_desk/errors.py",
        "404: NotFoundError,",
        "404: ConflictError,",
        "status 404 must raise errors.NotFoundError, the client raised ConflictError",
    ),
    Mutant(
        "null dropped from a PATCH body",
        "zoho_desk/_utils.py",
        "",
        DROP_NULLS,
        "description=None: body /description: missing (expected null)",
    ),
    Mutant(
        "null dropped for a property that admits only null",
        "zoho_desk/_utils.py",
        "",
        DROP_NULL_ONLY_FIELD,
        "response_due_date=None: body /responseDueDate: missing (expected null)",
    ),
]


@pytest.fixture(scope="module")
def zoho(generated_zoho: Path) -> Path:
    return generated_zoho


def _copy(zoho: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(zoho, tmp_path / "out"))


def test_unmutated_copy_passes(zoho: Path, tmp_path: Path) -> None:
    result = run_contract_tests(_copy(zoho, tmp_path), "-x")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert outcome(result).get("passed", 0) >= 150, result.stdout[-2000:]


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.name)
def test_mutant_fails_and_says_what_the_spec_requires(
    mutant: Mutant, zoho: Path, tmp_path: Path
) -> None:
    out = _copy(zoho, tmp_path)
    mutant.apply(out)
    result = run_contract_tests(out, "-x")
    assert result.returncode == 1, f"the contract tests missed the mutant:\n{result.stdout[-3000:]}"
    assert outcome(result).get("failed") == 1, result.stdout[-3000:]
    assert mutant.message in result.stdout, result.stdout[-3000:]


def test_header_name_case_is_not_a_defect(zoho: Path, tmp_path: Path) -> None:
    """`orgID` is the same header as `orgId`: HTTP header names are case-insensitive (RFC 9110,
    section 5.1), so the contract tests accept it; a different name is caught (above)."""
    out = _copy(zoho, tmp_path)
    Mutant("header case", "zoho_desk/_client.py", '"orgId"', '"orgID"', "").apply(out)
    result = run_contract_tests(out, "-x", target="tests/test_request_contract.py")
    assert result.returncode == 0, result.stdout[-3000:]
