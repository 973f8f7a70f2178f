"""Static checks of the runtime templates: template hygiene, docstrings, mypy --strict, ruff.

The runtime is rendered into a temporary package (as in the other runtime tests); mypy also
checks `_usage_check.py`, a module written here that uses the interface exactly the way the
generated `_client.py` and `resources/*.py` do, so that interface changes that would break
generated code under `mypy --strict` fail here first.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import jinja2
import jinja2.meta
import pytest

from tests.support.runtime_pkg import (
    HEADER,
    PACKAGE,
    REPO,
    RUNTIME_TEMPLATES,
    TEMPLATES,
    render_runtime,
)

BIN = Path(sys.executable).parent
PYPROJECT = REPO / "pyproject.toml"

USAGE = '''# test
"""Type-checks the runtime's interface the way generated code uses it (never imported)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from functools import cached_property

from pydantic import Field

from ._base_client import (
    AsyncAPIClient,
    AuthScheme,
    Credentials,
    Endpoint,
    RequestOptions,
    SyncAPIClient,
)
from ._models import RequestModel, ResponseModel, open_enum_missing
from ._response import (
    APIResponse,
    AsyncAPIResponse,
    async_to_raw_response_wrapper,
    to_raw_response_wrapper,
)
from ._types import NOT_GIVEN, DateTime, NotGiven, Timeout
from ._utils import build_body
from .resources._resource import AsyncAPIResource, SyncAPIResource


class Status(enum.StrEnum):
    """An open enum, explicit form."""

    OPEN = "Open"

    @classmethod
    def _missing_(cls, value: object) -> Status | None:
        return open_enum_missing(cls, value)


class Channel(enum.Enum):
    """An open enum, short form."""

    EMAIL = "email"

    @classmethod
    def _missing_(cls, value: object) -> Channel | None:
        return open_enum_missing(cls, value)


class TicketUpdate(RequestModel):
    """A request model."""

    __non_nullable__ = frozenset({"subject"})

    subject: str | None = None
    due_date: DateTime | None = Field(default=None, alias="dueDate")
    status: Status | None = None


class Ticket(ResponseModel):
    """A response model."""

    id: str
    channel: Channel | None = None


_UPDATE_TICKET = Endpoint(
    method="PATCH",
    path="/tickets/{ticketId}",
    operation_id="updateTicket",
    security=(("oauth",),),
    responses={"200": Ticket, "4XX": Ticket, "204": None, "default": list[Ticket]},
    content_type="application/json",
)


class TicketsResource(SyncAPIResource):
    """Sync resource."""

    @cached_property
    def with_raw_response(self) -> TicketsResourceWithRawResponse:
        """Raw."""
        return TicketsResourceWithRawResponse(self)

    def update(
        self,
        ticket_id: str,
        *,
        subject: str | NotGiven = NOT_GIVEN,
        body: TicketUpdate | Mapping[str, object] | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> Ticket:
        """Update."""
        result: Ticket = self._client.request(
            _UPDATE_TICKET,
            path_params={"ticketId": ticket_id},
            query={},
            headers={},
            cookies={},
            body=build_body(TicketUpdate, body, {"subject": subject}),
            options=RequestOptions(
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
                max_retries=max_retries,
            ),
        )
        return result


class AsyncTicketsResource(AsyncAPIResource):
    """Async resource."""

    @cached_property
    def with_raw_response(self) -> AsyncTicketsResourceWithRawResponse:
        """Raw."""
        return AsyncTicketsResourceWithRawResponse(self)

    async def update(self, ticket_id: str, *, subject: str | NotGiven = NOT_GIVEN) -> Ticket:
        """Update."""
        result: Ticket = await self._client.request(
            _UPDATE_TICKET,
            path_params={"ticketId": ticket_id},
            query={},
            headers={},
            cookies={},
            body=build_body(TicketUpdate, NOT_GIVEN, {"subject": subject}),
            options=RequestOptions(),
        )
        return result


class TicketsResourceWithRawResponse:
    """Raw sync."""

    def __init__(self, resource: TicketsResource) -> None:
        self.update = to_raw_response_wrapper(resource.update)


class AsyncTicketsResourceWithRawResponse:
    """Raw async."""

    def __init__(self, resource: AsyncTicketsResource) -> None:
        self.update = async_to_raw_response_wrapper(resource.update)


AUTH_SCHEMES = (
    AuthScheme(
        name="oauth",
        kind="oauth2",
        location="header",
        parameter_name="Authorization",
        token_prefix="Zoho-oauthtoken",
        token_url="https://accounts.example.com/oauth/v2/token",
    ),
)


class Client(SyncAPIClient):
    """A generated sync client."""

    def __init__(self, *, api_key: str | None = None, org_id: str | None = None) -> None:
        def provider() -> str:
            return "token"

        super().__init__(
            base_url="https://api.example.com",
            package_name="rtpkg",
            package_version="1.0",
            auth_schemes=[
                AuthScheme(
                    name=s.name,
                    kind=s.kind,
                    location=s.location,
                    parameter_name=s.parameter_name,
                    token_prefix=s.token_prefix,
                    token_url=s.token_url,
                )
                for s in AUTH_SCHEMES
            ],
            credentials=Credentials(token_provider=provider, api_keys={"key": api_key}),
            client_params=[("header", "orgId", org_id)],
            timeout=30.0,
            max_retries=2,
            http_client=None,
            default_headers={"X-A": "b"},
        )
        self.tickets = TicketsResource(self)


class AsyncClient(AsyncAPIClient):
    """A generated async client."""

    def __init__(self) -> None:
        async def provider() -> str:
            return "token"

        super().__init__(
            base_url="https://api.example.com",
            package_name="rtpkg",
            package_version="1.0",
            auth_schemes=AUTH_SCHEMES,
            credentials=Credentials(token_provider=provider),
            client_params=[],
        )
        self.tickets = AsyncTicketsResource(self)


def use_sync() -> str:
    """Calls as a user would."""
    with Client(api_key="k") as client:
        ticket: Ticket = client.tickets.update("1", subject="Hi")
        raw: APIResponse[Ticket] = client.tickets.with_raw_response.update("1")
        parsed: Ticket = raw.parse()
        code: int = raw.status_code
        return f"{ticket.id} {parsed.id} {code} {Status('x').value} {Channel('y').value}"


async def use_async() -> str:
    """Calls as a user would."""
    async with AsyncClient() as client:
        ticket: Ticket = await client.tickets.update("1")
        raw: AsyncAPIResponse[Ticket] = await client.tickets.with_raw_response.update("1")
        parsed: Ticket = raw.parse()
        return f"{ticket.id} {parsed.id} {raw.headers.get('x')}"
'''


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The runtime rendered into <tmp>/rtpkg (returns <tmp>)."""
    root = tmp_path_factory.mktemp("quality")
    render_runtime(root)
    return root


@pytest.mark.parametrize("name", RUNTIME_TEMPLATES)
def test_templates_use_only_the_header_and_the_package_name(name: str) -> None:
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert source.startswith("{{ header }}\n")
    env = jinja2.Environment()
    assert jinja2.meta.find_undeclared_variables(env.parse(source)) <= {"header", "api"}
    body = source.removeprefix("{{ header }}\n").replace("{{ api.package }}", "")
    assert "{{" not in body
    assert "{%" not in body
    assert "{#" not in body


@pytest.mark.parametrize("name", [n for n in RUNTIME_TEMPLATES if n.endswith(".py.jinja")])
def test_public_classes_and_functions_have_docstrings(rendered: Path, name: str) -> None:
    path = rendered / PACKAGE / name.removesuffix(".jinja")
    source = path.read_text(encoding="utf-8")
    assert source.startswith(HEADER + "\n")
    tree = ast.parse(source)
    assert ast.get_docstring(tree), f"{name}: no module docstring"
    missing = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if not node.name.startswith("_") and not ast.get_docstring(node):
                missing.append(node.name)
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                missing += [
                    f"{node.name}.{item.name}"
                    for item in node.body
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                    and not item.name.startswith("_")
                    and not ast.get_docstring(item)
                ]
    assert missing == []


def test_mypy_strict_on_the_runtime_and_a_generated_style_call_site(tmp_path: Path) -> None:
    render_runtime(tmp_path)
    (tmp_path / PACKAGE / "_usage_check.py").write_text(USAGE, encoding="utf-8")
    result = subprocess.run(
        [
            str(BIN / "mypy"),
            "--strict",
            "--python-version",
            "3.11",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            PACKAGE,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check(rendered: Path) -> None:
    result = subprocess.run(
        [str(BIN / "ruff"), "check", "--no-cache", "--config", str(PYPROJECT), PACKAGE],
        cwd=rendered,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format(rendered: Path) -> None:
    result = subprocess.run(
        [
            str(BIN / "ruff"),
            "format",
            "--check",
            "--diff",
            "--no-cache",
            "--config",
            str(PYPROJECT),
            PACKAGE,
        ],
        cwd=rendered,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
