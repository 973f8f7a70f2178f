"""What the client constructor needs from the document: servers, auth schemes, request ids.

Part of building the IR (`specgen.ir.build`); each function reads the prepared document.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from specgen.document import extensions
from specgen.document.refs import resolved_or
from specgen.ir import naming
from specgen.ir import nodes as ir
from specgen.ir.pycode import string_literal
from specgen.runtime._idempotency import is_idempotency_header

# Property names taken for the error code when the error model names none (in this order).
ERROR_CODE_PROPERTIES = ("code", "errorCode")
_RESERVED_KEYWORDS = naming.RESERVED_ARGUMENTS


def request_id_headers(document: dict[str, Any], info: dict[str, Any]) -> tuple[str, ...]:
    """x-specgen-request-id-header of the document, else of its info: a name or a list."""
    for holder in (document, info):
        found = extensions.names(holder, extensions.REQUEST_ID_HEADER)
        if found:
            return found
    return ()


def error_code_property(document: dict[str, Any], error_models: list[str]) -> str:
    """The JSON property of the error models that holds the error code: named by the model's
    `x-specgen-error-code`, else the first of `code` and `errorCode` it declares; "" if none."""
    schemas = (document.get("components") or {}).get("schemas") or {}
    for name in error_models:
        schema = schemas.get(name)
        if not isinstance(schema, dict):
            continue
        named = extensions.text(schema, extensions.ERROR_CODE)
        if named:
            return named
        properties = schema.get("properties")
        if isinstance(properties, dict):
            for candidate in ERROR_CODE_PROPERTIES:
                if candidate in properties:
                    return candidate
    return ""


def server(server: dict[str, Any]) -> ir.Server:
    variables = []
    taken: set[str] = set()
    for name, variable in (server.get("variables") or {}).items():
        if not isinstance(variable, dict):
            continue
        python_name = naming.unique(
            naming.safe_identifier(naming.snake(name), avoid=_RESERVED_KEYWORDS), taken
        )
        enum = tuple(str(v) for v in variable.get("enum") or [])
        annotation = f"Literal[{', '.join(string_literal(v) for v in enum)}]" if enum else "str"
        variables.append(
            ir.ServerVariable(
                name=name,
                python_name=python_name,
                default=str(variable.get("default", "")),
                enum=enum,
                description=str(variable.get("description") or "").strip(),
                annotation=annotation,
            )
        )
    return ir.Server(
        url=str(server.get("url") or ""),
        description=str(server.get("description") or "").strip(),
        variables=tuple(variables),
    )


_VARIABLE = re.compile(r"\{([^{}]+)\}")


def operation_server(
    operation: dict[str, Any], path_item: dict[str, Any], document_server: ir.Server | None
) -> str:
    """The URL an operation is sent to when it is not the document's server: the first of the
    operation's `servers`, else of its path item's (OpenAPI: they override the document's for
    that operation), as the document's first server is the client's. Its variables are filled
    with their defaults, except those the document's server also has (`region=`), kept as
    `{name}` for the value the client was given. "" when it is the document's server, or when
    it names no host (DigitalOcean's `https://` for a presigned upload URL; a relative URL)."""
    servers = operation.get("servers") or path_item.get("servers")
    if not (isinstance(servers, list) and servers and isinstance(servers[0], dict)):
        return ""
    first = servers[0]
    url = str(first.get("url") or "")
    shared = {v.name for v in document_server.variables} if document_server else set()
    variables = first.get("variables")
    defaults = {
        str(name): str(variable.get("default", ""))
        for name, variable in (variables.items() if isinstance(variables, dict) else ())
        if isinstance(variable, dict) and name not in shared
    }
    url = _VARIABLE.sub(lambda m: defaults.get(m.group(1), m.group(0)), url)
    if document_server is not None and url.rstrip("/") == document_server.url.rstrip("/"):
        return ""
    parts = urlsplit(url)
    return url if parts.scheme and parts.netloc else ""


def idempotent(operation: dict[str, Any]) -> bool | None:
    """The operation's `x-specgen-idempotent` (true: sending it twice has the effect of sending
    it once, whatever its method; false: not, even for a PUT), None without one."""
    return extensions.flag(operation, extensions.IDEMPOTENT)


def idempotency_header(header_params: tuple[ir.Parameter, ...]) -> str:
    """The name of the operation's idempotency-key header parameter (Adyen's `Idempotency-Key`,
    matched as the runtime matches it: `is_idempotency_header`), "" when it declares none."""
    return next((p.name for p in header_params if is_idempotency_header(p.name)), "")


def security_schemes(document: dict[str, Any]) -> tuple[ir.SecurityScheme, ...]:
    raw = (document.get("components") or {}).get("securitySchemes") or {}
    api_keys = [k for k, v in raw.items() if isinstance(v, dict) and v.get("type") == "apiKey"]
    result = []
    for name, scheme in raw.items():
        scheme = resolved_or(document, scheme, {})
        if not isinstance(scheme, dict):
            continue
        kind_name = scheme.get("type")
        description = str(scheme.get("description") or "").strip()
        prefix = extensions.text(scheme, extensions.TOKEN_PREFIX)
        if kind_name in ("oauth2", "openIdConnect"):
            token_url, scopes = oauth_flow(scheme)
            result.append(
                ir.SecurityScheme(
                    name=name,
                    python_name="access_token",
                    kind=ir.AuthKind.OAUTH2,
                    location=ir.ParameterLocation.HEADER,
                    parameter_name="Authorization",
                    token_prefix=str(prefix or "Bearer"),
                    token_url=token_url,
                    scopes=scopes,
                    description=description,
                )
            )
        elif kind_name == "http":
            http_scheme = str(scheme.get("scheme") or "").lower()
            basic = http_scheme == "basic"
            default_prefix = "Basic" if basic else str(scheme.get("scheme") or "Bearer")
            if http_scheme == "bearer":
                default_prefix = "Bearer"
            result.append(
                ir.SecurityScheme(
                    name=name,
                    python_name="username" if basic else "access_token",
                    kind=ir.AuthKind.HTTP_BASIC if basic else ir.AuthKind.HTTP_BEARER,
                    location=ir.ParameterLocation.HEADER,
                    parameter_name="Authorization",
                    token_prefix=str(prefix or default_prefix),
                    token_url="",
                    scopes=(),
                    description=description,
                )
            )
        elif kind_name == "apiKey":
            location = str(scheme.get("in") or "header")
            python_name = (
                "api_key"
                if len(api_keys) == 1
                else naming.safe_identifier(naming.snake(name), avoid=_RESERVED_KEYWORDS)
            )
            result.append(
                ir.SecurityScheme(
                    name=name,
                    python_name=python_name,
                    kind=ir.AuthKind.API_KEY,
                    location=ir.ParameterLocation(location)
                    if location in ("header", "query", "cookie")
                    else ir.ParameterLocation.HEADER,
                    parameter_name=str(scheme.get("name") or "X-API-Key"),
                    token_prefix=str(prefix or ""),
                    token_url="",
                    scopes=(),
                    description=description,
                )
            )
    return tuple(result)


def oauth_flow(scheme: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The refresh URL (x-specgen-token-url template, else tokenUrl/refreshUrl) and scopes."""
    flows = scheme.get("flows") or {}
    token_url = ""
    scopes: list[str] = []
    for flow_name in ("authorizationCode", "clientCredentials", "password", "implicit"):
        flow = flows.get(flow_name)
        if not isinstance(flow, dict):
            continue
        for scope in flow.get("scopes") or {}:
            if scope not in scopes:
                scopes.append(str(scope))
        if not token_url and flow_name != "implicit":
            token_url = str(
                extensions.text(flow, extensions.TOKEN_URL)
                or flow.get("refreshUrl")
                or flow.get("tokenUrl")
                or ""
            )
    return token_url, tuple(scopes)


def security(requirements: Any) -> tuple[tuple[str, ...], ...]:
    if not isinstance(requirements, list):
        return ()
    return tuple(tuple(str(n) for n in r) for r in requirements if isinstance(r, dict))
