"""The intermediate representation: what the spec means for Python.

Built once from the validated document by `specgen.ir.build`; read by the templates. Every name,
type annotation and decision the templates need is made here, so the templates only lay code out.
All classes are frozen and hold tuples, so an IR can be compared and hashed in tests.
"""

from __future__ import annotations

import ast
import enum
import functools
import keyword
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from specgen.ir.pycode import sort_names, string_literal
from specgen.runtime._idempotency import IDEMPOTENT_METHODS

# Resource modules import these for type checkers only (see `Resource.type_checking_imports`).
TYPE_CHECKING_MODULES = frozenset({"..models", "..params"})


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

    @classmethod
    def of(cls, node: dict[str, Any]) -> Docs:
        """The summary and description of a spec object (operation, schema, parameter...)."""
        summary = node.get("summary")
        description = node.get("description")
        return cls(
            summary=summary.strip() if isinstance(summary, str) else "",
            description=description.strip() if isinstance(description, str) else "",
        )

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

    @property
    def env_name(self) -> str:
        """The credential's environment variable after `<env_prefix>_`: "API_KEY"."""
        return self.python_name.upper()


@dataclass(frozen=True, slots=True)
class ExampleRef:
    """A named example of the spec, found by JSON pointer in the bundled document.

    The generated contract tests read examples through these pointers from the document they
    embed, instead of copying them into Python literals. An example that does not match its
    schema (a vendor's mistake, reported as `example-mismatch`) has ``conforms`` False: it must
    never be replayed as a valid request or response.
    """

    name: str  # the key in `examples`, or "example" for a lone `example`
    pointer: str  # JSON pointer to the example's value, after following $refs
    conforms: bool = True  # False: the value does not match the media type's schema
    problem: str = ""  # why it does not conform (the first mismatch), when it does not


def _example_of(value: Parameter | BodyField) -> str:
    """A parameter's or body field's example literal; a placeholder string when it has none."""
    return value.example_literal or string_literal(value.name)


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
    # The schema's scalar limits as keys of the runtime's `check_parameters`, in order:
    # (("minimum", "1"), ("maximum", "100")), values as Python literals.
    limits: tuple[tuple[str, str], ...] = ()
    example_literal: str = ""  # the spec's example as a Python literal, "" without a scalar one

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

    @property
    def env_name(self) -> str:
        """The parameter's environment variable after `<env_prefix>_`: "ORG_ID"."""
        return self.python_name.upper()


@dataclass(frozen=True, slots=True)
class BodyField:
    """A property of an object request body, offered as a keyword of the method."""

    name: str  # JSON property name
    python_name: str  # keyword in the method and attribute in the model
    annotation: str  # signature type; includes "| None" only when the field is nullable
    required: bool
    nullable: bool
    docs: Docs
    example_literal: str = ""  # the spec's example as a Python literal, "" without a scalar one

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
    nullable: bool = False  # the schema admits null: `body=None` sends JSON `null`
    # A form's fields whose Encoding Object sets `style` or `explode`: (name, style, explode).
    field_styles: tuple[tuple[str, str, bool], ...] = ()

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

    @property
    def runtime_annotation(self) -> str:
        """The annotation as the endpoint holds it: its text (resolved on first use, so that
        importing a resource module imports no model), or None for no body."""
        return "None" if self.annotation == "None" else string_literal(self.annotation)


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
    # The operation's own server (its or its path item's `servers`), "" for the document's:
    # "https://files.stripe.com/"; `{name}` where the client's server variable goes.
    server_url: str = ""
    # x-specgen-idempotent: True/False overrides what the method says (runtime `Endpoint`).
    idempotent: bool | None = None
    # The header parameter that takes an idempotency key ("Idempotency-Key"), "" for none.
    idempotency_header: str = ""

    @property
    def example_arguments(self) -> tuple[str, ...]:
        """The arguments of the README's example call, one that the client sends: path and
        required parameters at their examples, and a body that must not be empty with its
        first field that has an example (a required one first)."""
        params = [*self.query_params, *self.header_params, *self.cookie_params]
        arguments = [_example_of(p) for p in self.path_params]
        arguments += [f"{p.python_name}={_example_of(p)}" for p in params if p.required]
        body = self.body
        if body is not None and body.required and body.fields:
            fields = sorted(body.fields, key=lambda f: (not f.required, not f.example_literal))
            arguments.append(f"{fields[0].python_name}={_example_of(fields[0])}")
        return tuple(arguments)

    @property
    def endpoint_name(self) -> str:
        """The module constant holding the operation's `Endpoint`: "_UPDATE_TICKET"."""
        return f"_{self.python_name.upper()}"

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return self.path_params + self.query_params + self.header_params + self.cookie_params

    @property
    def styled_query_params(self) -> tuple[Parameter, ...]:
        """The query parameters not spelled in OpenAPI's default style (`form`, exploded)."""
        return tuple(p for p in self.query_params if (p.style, p.explode) != ("form", True))

    @property
    def limited_parameters(self) -> tuple[Parameter, ...]:
        """The parameters with limits the method checks before sending."""
        return tuple(p for p in self.parameters if p.limits)

    @property
    def success_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if r.is_success)

    @property
    def error_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if not r.is_success)


@dataclass(frozen=True, slots=True)
class Resource:
    """One tag: `client.tickets` is a `TicketsResource` (an `AsyncTicketsResource` when async)."""

    tag: str
    python_name: str  # attribute on the client and module name in resources/
    class_name: str  # "Tickets": the stem of the four class names below
    docs: Docs
    operations: tuple[Operation, ...]
    # What the resource module imports: ((module, (names, ...)), ...), the standard library first,
    # then the package's own modules (relative), each group in isort's order.
    imports: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def has_body(self) -> bool:
        return any(op.body is not None for op in self.operations)

    @property
    def sync_class_name(self) -> str:
        return f"{self.class_name}Resource"

    @property
    def async_class_name(self) -> str:
        return f"Async{self.class_name}Resource"

    @property
    def sync_raw_class_name(self) -> str:
        """The class of `client.<resource>.with_raw_response`."""
        return f"{self.sync_class_name}WithRawResponse"

    @property
    def async_raw_class_name(self) -> str:
        return f"{self.async_class_name}WithRawResponse"

    @property
    def class_names(self) -> tuple[str, ...]:
        """The sync and async resource classes, in isort's order (as imported)."""
        return tuple(sort_names((self.sync_class_name, self.async_class_name)))

    @property
    def exports(self) -> tuple[str, ...]:
        """The module's `__all__`: its four classes, sorted."""
        classes = (self.sync_class_name, self.async_class_name)
        return tuple(sort_names((*classes, self.sync_raw_class_name, self.async_raw_class_name)))

    @property
    def doc_text(self) -> str:
        """The docstring of the resource: the tag's description, else a sentence naming it."""
        return self.docs.text or f"Operations of the {self.tag} tag."

    @property
    def stdlib_imports(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple(entry for entry in self.imports if not entry[0].startswith("."))

    @property
    def local_imports(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple(
            entry
            for entry in self.imports
            if entry[0].startswith(".") and entry[0] not in TYPE_CHECKING_MODULES
        )

    @property
    def type_checking_imports(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Imports of models and params, for type checkers only: at run time the methods name
        their models by text (`runtime_annotation`), so that importing the package stays cheap."""
        return tuple(entry for entry in self.imports if entry[0] in TYPE_CHECKING_MODULES)


@dataclass(frozen=True, slots=True)
class ParamKey:
    """One key of a `ParamsDict`: the JSON property name and what it takes."""

    name: str  # JSON property name, the TypedDict key
    annotation: str  # input type, nested objects as their own ParamsDict
    required: bool
    docs: Docs


@dataclass(frozen=True, slots=True)
class ParamsDict:
    """The TypedDict of a request model's dict form (`contact={"lastName": "Smith"}`), so that
    mypy checks keys and values of a dict passed where the model is accepted."""

    name: str  # "ContactParam"
    model: str  # "Contact"
    docs: Docs
    keys: tuple[ParamKey, ...]

    @property
    def class_syntax(self) -> bool:
        """Whether every key is an identifier (class syntax); else the functional form."""
        return all(k.name.isidentifier() and not keyword.iskeyword(k.name) for k in self.keys)

    @property
    def required_keys(self) -> tuple[ParamKey, ...]:
        return tuple(k for k in self.keys if k.required)


@dataclass(frozen=True, slots=True)
class Model:
    """A named schema that becomes a pydantic class in the package's `models`."""

    name: str  # class name, identical to the key handed to datamodel-code-generator
    pointer: str  # where the schema came from in the spec
    used_in_request: bool
    used_in_response: bool
    # JSON names of optional, non-nullable properties: None is refused for them (PATCH safety).
    non_nullable: tuple[str, ...]
    # Object rules pydantic fields cannot say, checked by `RequestModel` before sending:
    # `minProperties`, `anyOf`/`oneOf` members that only require keys (Zoho's contact needs
    # `lastName` or `email`: (("lastName",), ("email",))), and `readOnly` properties (never sent).
    min_properties: int = 0
    required_any_of: tuple[tuple[str, ...], ...] = ()
    read_only: tuple[str, ...] = ()
    # The normalised JSON Schema the class is made from ($refs name other models' schemas).
    schema: Any = field(default=None, compare=False, repr=False)


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
    # The contract tests' folder in `out`: `tests`, or `tests_<package>` when clients share `out`
    # (then it is a package, so that pytest can run several clients' suites in one process).
    tests_dir: str = "tests"
    # Response headers carrying the server's id of a request (x-specgen-request-id-header);
    # () leaves the runtime's default list (errors.DEFAULT_REQUEST_ID_HEADERS).
    request_id_headers: tuple[str, ...] = ()
    # The JSON property of the error model holding the error code (`APIStatusError.code`):
    # x-specgen-error-code, else `code` or `errorCode`; "" when the error model has none.
    error_code_property: str = ""
    # TypedDicts of the request models' dict forms (params.py), and what that module imports.
    params: tuple[ParamsDict, ...] = ()
    params_imports: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # What tests/contract_api.py imports, in isort order: ((module, (names, ...)), ...): the
    # framework's description classes it uses, and the generated package's clients and modules.
    contract_imports: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for resource in self.resources for op in resource.operations)

    @property
    def tests_share_out(self) -> bool:
        """The contract tests are in a folder beside other clients' (`tests_<package>`)."""
        return self.tests_dir != "tests"

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
    def has_server(self) -> bool:
        """Whether the spec names a server; without one the client requires `base_url=`."""
        return bool(self.servers)

    @property
    def server_url(self) -> str:
        """The URL template of the first server (the default base URL), or ""."""
        return self.server.url if self.server else ""

    @property
    def server_variables(self) -> tuple[ServerVariable, ...]:
        """The first server's variables: constructor keywords such as `region=`."""
        return self.server.variables if self.server else ()

    @property
    def own_server_operations(self) -> tuple[Operation, ...]:
        """The operations the spec sends to another server than the document's (`server_url`)."""
        return tuple(op for op in self.operations if op.server_url)

    @property
    def idempotent_operations(self) -> tuple[Operation, ...]:
        """The operations the spec says are idempotent although their method is not."""
        return tuple(
            op for op in self.operations if op.idempotent and op.method not in IDEMPOTENT_METHODS
        )

    @property
    def idempotency_key_operations(self) -> tuple[Operation, ...]:
        """The operations that declare an idempotency-key header (`idempotency_header`)."""
        return tuple(op for op in self.operations if op.idempotency_header)

    @property
    def resource_classes(self) -> tuple[str, ...]:
        """The resource class names _client.py imports and resources/__init__.py exports."""
        names = [name for r in self.resources for name in r.class_names]
        return tuple(sort_names(names))

    @property
    def resource_imports(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """What resources/__init__.py imports: ((".tickets", (classes...)), ...), sorted."""
        ordered = sorted(self.resources, key=lambda r: r.python_name)
        return tuple((f".{r.python_name}", r.class_names) for r in ordered)

    @property
    def uses_literal(self) -> bool:
        """Whether _client.py needs typing.Literal (server variables with an enum)."""
        return any(v.enum for v in self.server_variables)

    @property
    def client_imports(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The `from ... import ...` of the standard library in _client.py."""
        abc = ("Awaitable", "Callable", "Mapping") if self.token_schemes else ("Mapping",)
        imports: list[tuple[str, tuple[str, ...]]] = [("collections.abc", abc)]
        if self.uses_literal:
            imports.append(("typing", ("Literal",)))
        return tuple(imports)

    @property
    def package_exports(self) -> tuple[str, ...]:
        """The package's `__all__`: the two clients, `errors`, `models` and the common types."""
        common = ("NOT_GIVEN", "APIResponse", "AsyncAPIResponse", "NotGiven", "__version__")
        clients = (self.client_name, self.async_client_name)
        return tuple(sort_names((*common, *clients, *self.error_exports, "errors", "models")))

    @property
    def error_exports(self) -> tuple[str, ...]:
        """The exception classes of the runtime's errors module, re-exported by the package
        (`zoho_desk.NotFoundError`), sorted."""
        return tuple(sort_names(tuple(n for n in _runtime_errors_all() if n.endswith("Error"))))

    @property
    def example_arguments(self) -> tuple[str, ...]:
        """The constructor arguments of the README's example: credentials, required client
        parameters, and a non-default choice of each enum server variable."""
        arguments = ['access_token="..."'] if self.token_schemes else []
        arguments += [f'{s.python_name}="..."' for s in self.api_key_schemes]
        arguments += [f'{p.python_name}="..."' for p in self.client_params if p.required]
        arguments += [
            f"{v.python_name}={string_literal(v.enum[1])}"
            for v in self.server_variables
            if len(v.enum) > 1
        ]
        return tuple(arguments)


@functools.cache
def _runtime_errors_all() -> tuple[str, ...]:
    """The `__all__` of the runtime's errors module, read from its source: importing it would
    import httpx and pydantic, a tenth of a second of every `generate` for one list of names."""
    source = resources.files("specgen.runtime").joinpath("errors.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            names = ast.literal_eval(node.value)
            return tuple(str(name) for name in names)
    raise ValueError("specgen/runtime/errors.py has no __all__")
