"""The intermediate representation: what the spec means for Python.

Built once from the validated document by `specgen.ir.build`; read by the templates. Every name,
type annotation and decision the templates need is made here, so the templates only lay code out.
All classes are frozen and hold tuples, so an IR can be compared and hashed in tests.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class ParameterLocation(enum.StrEnum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"


class AuthKind(enum.StrEnum):
    """How a credential travels; OAuth2 and OpenID Connect send a token like HTTP bearer."""

    OAUTH2 = "oauth2"
    HTTP_BEARER = "http_bearer"
    HTTP_BASIC = "http_basic"
    API_KEY = "api_key"


def _with_not_given(annotation: str) -> str:
    """`str | None` → `str | NotGiven | None`: the type of an optional keyword, None kept last."""
    if annotation == "None":
        return "NotGiven | None"
    if annotation.endswith(" | None"):
        return f"{annotation[: -len(' | None')]} | NotGiven | None"
    return f"{annotation} | NotGiven"


@dataclass(frozen=True, slots=True)
class Docs:
    """Docstring material from the spec, already stripped; render with the `docstring` filter."""

    summary: str = ""
    description: str = ""

    @property
    def text(self) -> str:
        parts = [p for p in (self.summary, self.description) if p]
        if len(parts) == 2 and parts[1].startswith(parts[0]):
            return parts[1]
        return "\n\n".join(parts)


@dataclass(frozen=True, slots=True)
class ServerVariable:
    name: str  # as in the URL template
    python_name: str  # constructor keyword
    default: str
    enum: tuple[str, ...]  # empty when free
    description: str
    annotation: str  # 'Literal["com", "eu"]' for an enum, else "str"


@dataclass(frozen=True, slots=True)
class Server:
    url: str  # a template: "https://desk.zoho.{region}"
    description: str
    variables: tuple[ServerVariable, ...]


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    """One entry of components/securitySchemes, reduced to what a client does with it."""

    name: str  # key in components/securitySchemes
    python_name: str  # the client's credential keyword: "access_token", "api_key", ...
    kind: AuthKind
    location: ParameterLocation  # where the credential goes
    parameter_name: str  # "Authorization" for tokens, the key's name for apiKey
    token_prefix: (
        str  # "Bearer", "Zoho-oauthtoken" (x-specgen-token-prefix), "Basic"; "" for apiKey
    )
    # OAuth2 refresh: a URL template over the server's variables, or "" when there is none.
    token_url: str
    scopes: tuple[str, ...]
    description: str


@dataclass(frozen=True, slots=True)
class ExampleRef:
    """A named example of the spec, found by JSON pointer in the bundled document.

    The generated contract tests read examples through these pointers from the document they
    embed, instead of copying them into Python literals.
    """

    name: str  # the key in `examples`, or "example" for a lone `example`
    pointer: str  # JSON pointer to the example's value, after following $refs


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str  # on the wire
    python_name: str  # keyword in the method (snake_case, safe)
    location: ParameterLocation
    required: bool
    nullable: bool
    annotation: str  # Python type for the signature, e.g. "str", "bool", "Sequence[str]"
    docs: Docs
    style: str  # OpenAPI style, defaulted per location
    explode: bool
    deprecated: bool
    schema: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    pointer: str = ""  # JSON pointer to the Parameter Object in the bundled document

    @property
    def optional_annotation(self) -> str:
        return _with_not_given(self.annotation)


@dataclass(frozen=True, slots=True)
class ClientParameter:
    """A parameter given once per client (x-specgen-client-parameter), e.g. Zoho's orgId."""

    name: str
    python_name: str
    location: ParameterLocation
    required: bool
    annotation: str
    docs: Docs
    pointer: str = ""  # JSON pointer to the Parameter Object in the bundled document


@dataclass(frozen=True, slots=True)
class BodyField:
    """A property of an object request body, offered as a keyword of the method."""

    name: str  # JSON property name
    python_name: str  # keyword in the method and attribute in the model
    annotation: str  # signature type; includes "| None" only when the field is nullable
    required: bool
    nullable: bool
    docs: Docs

    @property
    def optional_annotation(self) -> str:
        return _with_not_given(self.annotation)


@dataclass(frozen=True, slots=True)
class RequestBody:
    content_type: str  # "application/json", "multipart/form-data", ...
    required: bool
    model: str | None  # model class validating the body, when the body is an object schema
    annotation: str  # what `body=` accepts, e.g. "TicketUpdate | Mapping[str, object]"
    fields: tuple[BodyField, ...]  # empty when the body is not an object with properties
    docs: Docs
    schema: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    pointer: str = ""  # JSON pointer to the Media Type Object of `content_type`
    examples: tuple[ExampleRef, ...] = ()  # the media type's `example` / `examples`

    @property
    def optional_annotation(self) -> str:
        return _with_not_given(self.annotation)


@dataclass(frozen=True, slots=True)
class ResponseHeader:
    name: str
    annotation: str
    docs: Docs


@dataclass(frozen=True, slots=True)
class Response:
    status: str  # "200", "4XX", "default"
    is_success: bool
    content_type: str | None  # None when the response has no body
    model: str | None  # model class when the schema is a named model
    annotation: str  # Python type of the parsed body; "None" for no body
    headers: tuple[ResponseHeader, ...]
    docs: Docs
    pointer: str = ""  # JSON pointer to the Response Object in the bundled document
    examples: tuple[ExampleRef, ...] = ()  # the `example` / `examples` of `content_type`


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    python_name: str  # method name
    method: str  # upper case
    path: str  # the template, e.g. "/api/v1/tickets/{ticket_id}"
    docs: Docs
    deprecated: bool
    path_params: tuple[Parameter, ...]
    query_params: tuple[Parameter, ...]
    header_params: tuple[Parameter, ...]
    cookie_params: tuple[Parameter, ...]
    client_params: tuple[ClientParameter, ...]  # the client-level ones this operation uses
    body: RequestBody | None
    responses: tuple[Response, ...]
    return_annotation: str  # parsed type of the success response, "None" if it has no body
    # Alternatives of scheme-name sets: (("zohoOAuth",),). () means the operation needs no auth.
    security: tuple[tuple[str, ...], ...]
    pointer: str = ""  # JSON pointer to the Operation Object in the bundled document

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return self.path_params + self.query_params + self.header_params + self.cookie_params

    @property
    def success_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if r.is_success)

    @property
    def error_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if not r.is_success)


@dataclass(frozen=True, slots=True)
class Resource:
    """One tag: `client.tickets` is a `TicketsResource`."""

    tag: str
    python_name: str  # attribute on the client and module name in resources/
    class_name: str  # "Tickets" → TicketsResource / AsyncTicketsResource are derived in templates
    docs: Docs
    operations: tuple[Operation, ...]
    # What the resource module imports for its signatures: ((module, (names, ...)), ...).
    imports: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def has_body(self) -> bool:
        return any(op.body is not None for op in self.operations)


@dataclass(frozen=True, slots=True)
class Model:
    """A named schema that becomes a pydantic class in models.py."""

    name: str  # class name, identical to the key handed to datamodel-code-generator
    pointer: str  # where the schema came from in the spec
    used_in_request: bool
    used_in_response: bool
    # JSON names of optional, non-nullable properties: None is refused for them (PATCH safety).
    non_nullable: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Api:
    title: str
    version: str
    docs: Docs
    package: str  # import name of the generated package
    client_name: str  # "ZohoDesk"
    async_client_name: str  # "AsyncZohoDesk"
    env_prefix: str  # "ZOHO_DESK" for environment variables
    servers: tuple[Server, ...]
    security_schemes: tuple[SecurityScheme, ...]
    default_security: tuple[tuple[str, ...], ...]
    client_params: tuple[ClientParameter, ...]
    resources: tuple[Resource, ...]
    models: tuple[Model, ...]
    spec_path: str  # as written in generated headers, relative to the project root
    regenerate_command: str  # the command written in generated headers
    # What tests/contract_api.py imports, in isort order: ((module, (names, ...)), ...): the
    # framework's description classes it uses, and the generated package's clients and modules.
    contract_imports: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for resource in self.resources for op in resource.operations)

    @property
    def server(self) -> Server | None:
        return self.servers[0] if self.servers else None

    def schemes_of(self, *kinds: AuthKind) -> tuple[SecurityScheme, ...]:
        return tuple(s for s in self.security_schemes if s.kind in kinds)

    @property
    def token_schemes(self) -> tuple[SecurityScheme, ...]:
        """Schemes that send a token (OAuth2, OpenID Connect, HTTP bearer)."""
        return self.schemes_of(AuthKind.OAUTH2, AuthKind.HTTP_BEARER)

    @property
    def refresh_schemes(self) -> tuple[SecurityScheme, ...]:
        """OAuth2 schemes whose token can be refreshed by the client."""
        return tuple(s for s in self.schemes_of(AuthKind.OAUTH2) if s.token_url)

    @property
    def api_key_schemes(self) -> tuple[SecurityScheme, ...]:
        return self.schemes_of(AuthKind.API_KEY)

    @property
    def basic_schemes(self) -> tuple[SecurityScheme, ...]:
        return self.schemes_of(AuthKind.HTTP_BASIC)

    @property
    def resource_classes(self) -> tuple[str, ...]:
        """The resource class names _client.py imports."""
        names = [f"{p}{r.class_name}Resource" for r in self.resources for p in ("", "Async")]
        return tuple(sorted(names, key=lambda n: (n.lower(), n)))

    @property
    def uses_literal(self) -> bool:
        """Whether _client.py needs typing.Literal (server variables with an enum)."""
        return any(v.enum for s in self.servers[:1] for v in s.variables)
