"""The IR of the client as a whole: servers, security schemes, and the `Api` that holds the
resources and models."""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from importlib import resources

from specgen.ir.nodes._common import AuthKind, Docs, ParameterLocation
from specgen.ir.nodes._operations import ClientParameter, Operation, Resource
from specgen.ir.nodes._schemas import Model, ParamsDict
from specgen.ir.pycode import in_all_order, module_key, sort_names, string_literal
from specgen.runtime._idempotency import IDEMPOTENT_METHODS


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
    # `Literal` types named in params.py (literal_aliases): (name, contents), by name.
    literal_aliases: tuple[tuple[str, str], ...] = ()
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
    def resource_exports(self) -> tuple[str, ...]:
        """resources/__init__.py's `__all__`: the resource classes, as ruff sorts an `__all__`."""
        return tuple(in_all_order(self.resource_classes))

    @property
    def client_classes(self) -> tuple[str, ...]:
        """The two client classes, as the package's `__init__.py` imports them."""
        return tuple(sort_names((self.client_name, self.async_client_name)))

    @property
    def client_exports(self) -> tuple[str, ...]:
        """_client.py's `__all__`: the two client classes, as ruff sorts an `__all__`."""
        return tuple(in_all_order((self.client_name, self.async_client_name)))

    @property
    def params_import_lines(self) -> tuple[str, ...]:
        """params.py's imports after `from __future__`, laid out as ruff's isort wants them: the
        standard library, then the package's own modules, each block followed by a blank line;
        the models only under `if TYPE_CHECKING:` (they import params.py themselves)."""
        lines: list[str] = []
        for local in (False, True):
            block = [
                f"from {module} import {', '.join(names)}"
                for module, names in self.params_imports
                if module.startswith(".") == local and module != ".models"
            ]
            lines += [*block, ""] if block else []
        for module, names in self.params_imports:
            if module == ".models":
                lines += ["if TYPE_CHECKING:", f"    from {module} import {', '.join(names)}", ""]
        return tuple(lines)

    @property
    def params_exports(self) -> tuple[str, ...]:
        """params.py's `__all__`: its TypedDicts and `Literal` aliases, as ruff sorts an
        `__all__`."""
        names = [item.name for item in self.params]
        return tuple(in_all_order([*names, *(alias for alias, _ in self.literal_aliases)]))

    @property
    def resource_imports(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """What resources/__init__.py imports: ((".tickets", (classes...)), ...), sorted."""
        ordered = sorted(self.resources, key=lambda r: module_key(r.python_name))
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
        return tuple(in_all_order((*common, *clients, *self.error_exports, "errors", "models")))

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
