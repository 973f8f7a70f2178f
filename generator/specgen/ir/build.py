"""Build the IR from a validated, bundled document.

`build_api` is the only entry point. It reads the spec through `prepare` (class names decided) and
decides every Python name, type annotation and client-level fact the templates need.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from specgen.document import jsonpointer
from specgen.document.schema import is_nullable, is_object_with_properties, types
from specgen.ir import examples, naming
from specgen.ir import nodes as ir
from specgen.ir.hints import MODELS_MODULE, Annotator
from specgen.ir.hoist import HTTP_METHODS, Prepared, prepare, referenced_names
from specgen.ir.pycode import sort_names, string_literal

CLIENT_PARAMETER_EXTENSION = "x-specgen-client-parameter"
TOKEN_PREFIX_EXTENSION = "x-specgen-token-prefix"
TOKEN_URL_EXTENSION = "x-specgen-token-url"
# Headers the client sets itself; OpenAPI says parameters with these names are ignored.
IGNORED_HEADER_PARAMETERS = frozenset({"accept", "content-type", "authorization"})
# Attributes of a generated client or resource that a tag or operation name must not take.
CLIENT_ATTRIBUTES = frozenset(
    {"close", "base_url", "request", "with_raw_response", "copy", "timeout", "max_retries"}
)
_RESERVED_KEYWORDS = naming.RESERVED_ARGUMENTS


@dataclass(frozen=True, slots=True)
class Options:
    package: str | None = None
    client_name: str | None = None
    spec_path: str = "spec/openapi.yaml"
    regenerate_command: str = "specgen generate"


def build_api(document: dict[str, Any], options: Options) -> tuple[ir.Api, Prepared]:
    prepared = prepare(document)
    api = examples.attach(_Builder(prepared, options).build(), document)
    return dataclasses.replace(api, contract_imports=_contract_imports(api)), prepared


class _Builder:
    def __init__(self, prepared: Prepared, options: Options) -> None:
        self.doc = prepared.document
        self.prepared = prepared
        self.options = options
        self.annotator = Annotator(self.doc)
        self.client_params: dict[tuple[str, str], ir.ClientParameter] = {}

    # -- helpers ----------------------------------------------------------------------------
    def deref(self, node: Any) -> Any:
        """Follow local $refs of non-schema objects (parameters, responses, bodies, headers)."""
        for _ in range(50):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return node
            ref = node["$ref"]
            try:
                node = jsonpointer.resolve(self.doc, jsonpointer.local_ref_pointer(ref))
            except (KeyError, ValueError):
                return {}
        return {}

    @staticmethod
    def docs(node: dict[str, Any]) -> ir.Docs:
        summary = node.get("summary")
        description = node.get("description")
        return ir.Docs(
            summary=summary.strip() if isinstance(summary, str) else "",
            description=description.strip() if isinstance(description, str) else "",
        )

    def nullable(self, schema: Any) -> bool:
        return isinstance(schema, dict) and is_nullable(schema, self.annotator.resolve)

    # -- the API ----------------------------------------------------------------------------
    def build(self) -> ir.Api:
        info = self.doc.get("info") or {}
        title = str(info.get("title") or "API")
        package = self.options.package or naming.snake(title)
        client_name = self.options.client_name or naming.pascal(title)
        servers = tuple(
            self.server(s) for s in self.doc.get("servers") or [] if isinstance(s, dict)
        )
        schemes = self.security_schemes()
        default_security = self.security(self.doc.get("security"))
        resources = self.resources(default_security)
        models = self.models()
        client_params = tuple(self.client_params[k] for k in sorted(self.client_params))
        return ir.Api(
            title=title,
            version=str(info.get("version") or "0.0.0"),
            docs=ir.Docs(summary=title, description=str(info.get("description") or "").strip()),
            package=package,
            client_name=client_name,
            async_client_name=f"Async{client_name}",
            env_prefix=naming.env_prefix(package),
            servers=servers,
            security_schemes=schemes,
            default_security=default_security,
            client_params=client_params,
            resources=resources,
            models=models,
            spec_path=self.options.spec_path,
            regenerate_command=self.options.regenerate_command,
        )

    def server(self, server: dict[str, Any]) -> ir.Server:
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

    def security_schemes(self) -> tuple[ir.SecurityScheme, ...]:
        raw = (self.doc.get("components") or {}).get("securitySchemes") or {}
        api_keys = [k for k, v in raw.items() if isinstance(v, dict) and v.get("type") == "apiKey"]
        result = []
        for name, scheme in raw.items():
            scheme = self.deref(scheme)
            if not isinstance(scheme, dict):
                continue
            kind_name = scheme.get("type")
            description = str(scheme.get("description") or "").strip()
            prefix = scheme.get(TOKEN_PREFIX_EXTENSION)
            if kind_name in ("oauth2", "openIdConnect"):
                token_url, scopes = self.oauth_flow(scheme)
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

    def oauth_flow(self, scheme: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
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
                    flow.get(TOKEN_URL_EXTENSION)
                    or flow.get("refreshUrl")
                    or flow.get("tokenUrl")
                    or ""
                )
        return token_url, tuple(scopes)

    @staticmethod
    def security(requirements: Any) -> tuple[tuple[str, ...], ...]:
        if not isinstance(requirements, list):
            return ()
        return tuple(tuple(str(n) for n in r) for r in requirements if isinstance(r, dict))

    # -- resources and operations ---------------------------------------------------------------
    def operations_in_order(self) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
        for path, item in (self.doc.get("paths") or {}).items():
            item = self.deref(item)
            if not isinstance(item, dict):
                continue
            for method in item:
                if method in HTTP_METHODS and isinstance(item[method], dict):
                    yield path, method, item, item[method]

    def resources(self, default_security: tuple[tuple[str, ...], ...]) -> tuple[ir.Resource, ...]:
        tag_docs = {
            str(t.get("name")): t for t in self.doc.get("tags") or [] if isinstance(t, dict)
        }
        grouped: dict[str, list[tuple[str, str, dict[str, Any], dict[str, Any]]]] = {}
        for entry in self.operations_in_order():
            tags = entry[3].get("tags") or []
            tag = str(tags[0]) if tags else "default"
            grouped.setdefault(tag, []).append(entry)
        order = [t for t in tag_docs if t in grouped] + [t for t in grouped if t not in tag_docs]
        taken_attrs: set[str] = set(CLIENT_ATTRIBUTES)
        taken_classes: set[str] = set()
        resources = []
        for tag in order:
            python_name = naming.unique(
                naming.safe_identifier(naming.snake(tag), avoid_builtins=True), taken_attrs
            )
            class_name = naming.unique(naming.pascal(tag), taken_classes)
            taken_methods: set[str] = set(CLIENT_ATTRIBUTES)
            operations = []
            for path, method, item, operation in grouped[tag]:
                operations.append(
                    self.operation(path, method, item, operation, taken_methods, default_security)
                )
            # Every resource module annotates extra_headers with Mapping.
            imports = self.annotator.reset_imports() | {
                ("collections.abc", "Mapping"),
                ("functools", "cached_property"),
            }
            resources.append(
                ir.Resource(
                    tag=tag,
                    python_name=python_name,
                    class_name=class_name,
                    docs=self.docs(tag_docs.get(tag, {})),
                    operations=tuple(operations),
                    imports=_group_imports(imports),
                )
            )
        return tuple(resources)

    def operation(
        self,
        path: str,
        method: str,
        item: dict[str, Any],
        operation: dict[str, Any],
        taken_methods: set[str],
        default_security: tuple[tuple[str, ...], ...],
    ) -> ir.Operation:
        operation_id = str(operation.get("operationId") or f"{method} {path}")
        python_name = naming.unique(
            naming.safe_identifier(naming.snake(operation_id)), taken_methods
        )
        taken_args: set[str] = set(_RESERVED_KEYWORDS)
        params = self.parameters(item, operation, taken_args)
        client_params = tuple(
            self.client_params[(p["in"], p["name"])]
            for p in self.merged_parameters(item, operation)
            if p.get(CLIENT_PARAMETER_EXTENSION) is True
        )
        body = self.request_body(operation, operation_id, taken_args)
        responses = self.responses(operation)
        success = [r.annotation for r in responses if r.is_success]
        return_annotation = _union_text(success) if success else "None"
        security = (
            self.security(operation["security"]) if "security" in operation else default_security
        )
        by_location = {
            loc: tuple(p for p in params if p.location == loc) for loc in ir.ParameterLocation
        }
        return ir.Operation(
            operation_id=operation_id,
            python_name=python_name,
            method=method.upper(),
            path=path,
            docs=self.docs(operation),
            deprecated=operation.get("deprecated") is True,
            path_params=by_location[ir.ParameterLocation.PATH],
            query_params=by_location[ir.ParameterLocation.QUERY],
            header_params=by_location[ir.ParameterLocation.HEADER],
            cookie_params=by_location[ir.ParameterLocation.COOKIE],
            client_params=client_params,
            body=body,
            responses=responses,
            return_annotation=return_annotation,
            security=security,
        )

    def merged_parameters(
        self, item: dict[str, Any], operation: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Path-item parameters overridden by operation ones with the same name and location."""
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for source in (item.get("parameters") or [], operation.get("parameters") or []):
            for raw in source:
                param = self.deref(raw)
                if isinstance(param, dict) and "name" in param and "in" in param:
                    merged[(str(param["in"]), str(param["name"]))] = param
        return list(merged.values())

    def parameters(
        self, item: dict[str, Any], operation: dict[str, Any], taken: set[str]
    ) -> list[ir.Parameter]:
        result = []
        order = {"path": 0, "query": 1, "header": 2, "cookie": 3}
        params = sorted(
            self.merged_parameters(item, operation), key=lambda p: order.get(str(p["in"]), 4)
        )
        for param in params:
            location = str(param["in"])
            name = str(param["name"])
            if location not in order:
                continue
            if location == "header" and name.lower() in IGNORED_HEADER_PARAMETERS:
                continue
            schema = param.get("schema")
            if not isinstance(schema, dict):
                content = param.get("content") or {}
                first: Any = next(iter(content.values()), {}) if isinstance(content, dict) else {}
                schema = first.get("schema", {}) if isinstance(first, dict) else {}
            if param.get(CLIENT_PARAMETER_EXTENSION) is True:
                self.client_param(param, schema)
                continue
            python_name = self.argument_name(name, location, taken)
            required = location == "path" or param.get("required") is True
            nullable = self.nullable(schema)
            style = str(
                param.get("style") or ("form" if location in ("query", "cookie") else "simple")
            )
            explode = param.get("explode")
            result.append(
                ir.Parameter(
                    name=name,
                    python_name=python_name,
                    location=ir.ParameterLocation(location),
                    required=required,
                    nullable=nullable,
                    annotation=self.annotator.annotation(schema, input=True),
                    docs=self.docs(param),
                    style=style,
                    explode=bool(explode) if isinstance(explode, bool) else style == "form",
                    deprecated=param.get("deprecated") is True,
                    schema=schema,
                )
            )
        return result

    def argument_name(self, name: str, location: str, taken: set[str]) -> str:
        base = naming.safe_identifier(naming.snake(name), avoid=_RESERVED_KEYWORDS)
        if base in taken:
            base = f"{base}_{location}"
        return naming.unique(base, taken)

    def client_param(self, param: dict[str, Any], schema: dict[str, Any]) -> None:
        key = (str(param["in"]), str(param["name"]))
        if key in self.client_params:
            return
        taken = {p.python_name for p in self.client_params.values()}
        python_name = naming.unique(
            naming.safe_identifier(naming.snake(key[1]), avoid=_RESERVED_KEYWORDS), taken
        )
        # Client-level annotations live in _client.py, which imports nothing from models.
        annotation = Annotator(self.doc).annotation(schema, input=True)
        self.client_params[key] = ir.ClientParameter(
            name=key[1],
            python_name=python_name,
            location=ir.ParameterLocation(key[0]),
            required=param.get("required") is True,
            annotation=annotation if "." not in annotation and "[" not in annotation else "str",
            docs=self.docs(param),
        )

    def request_body(
        self, operation: dict[str, Any], operation_id: str, taken: set[str]
    ) -> ir.RequestBody | None:
        body = self.deref(operation.get("requestBody"))
        if not isinstance(body, dict) or not isinstance(body.get("content"), dict):
            return None
        content = body["content"]
        content_type = _preferred_media_type(list(content))
        media = content.get(content_type) or {}
        schema = media.get("schema") if isinstance(media, dict) else None
        schema = schema if isinstance(schema, dict) else {}
        model = self.annotator.class_of(schema)
        if model is not None and not is_object_with_properties(self.annotator.resolve(schema)):
            model = None  # an enum, array or union body is sent as given (JSON-encoded)
        fields: list[ir.BodyField] = []
        if model is not None:
            target = self.annotator.resolve(schema)
            if is_object_with_properties(target) and "null" not in types(target):
                required = set(target.get("required") or [])
                for prop, prop_schema in target["properties"].items():
                    nullable = self.nullable(prop_schema)
                    fields.append(
                        ir.BodyField(
                            name=prop,
                            python_name=self.argument_name(prop, "body", taken),
                            annotation=self.annotator.annotation(prop_schema, input=True),
                            required=prop in required,
                            nullable=nullable,
                            docs=self.docs(
                                self.annotator.resolve(prop_schema)
                                if "$ref" in prop_schema and "description" not in prop_schema
                                else prop_schema
                            ),
                        )
                    )
        return ir.RequestBody(
            content_type=content_type,
            required=body.get("required") is True,
            model=model,
            annotation=self.annotator.annotation(schema, input=True),
            fields=tuple(fields),
            docs=self.docs(body),
            schema=schema,
        )

    def responses(self, operation: dict[str, Any]) -> tuple[ir.Response, ...]:
        result = []
        for status, raw in (operation.get("responses") or {}).items():
            response = self.deref(raw)
            if not isinstance(response, dict):
                continue
            status = str(status)
            content = response.get("content")
            content_type = None
            annotation = "None"
            model = None
            if isinstance(content, dict) and content:
                content_type = _preferred_media_type(list(content))
                media = content.get(content_type) or {}
                schema = media.get("schema") if isinstance(media, dict) else None
                if isinstance(schema, dict) and _is_json(content_type):
                    model = self.annotator.class_of(schema)
                    annotation = self.annotator.annotation(schema, input=False)
                elif _is_json(content_type):
                    annotation = self.annotator.annotation({}, input=False)
                else:
                    annotation = "str"
            headers = []
            for header_name, header in (response.get("headers") or {}).items():
                header = self.deref(header)
                if isinstance(header, dict):
                    headers.append(
                        ir.ResponseHeader(
                            name=str(header_name),
                            annotation="str",
                            docs=self.docs(header),
                        )
                    )
            result.append(
                ir.Response(
                    status=status,
                    is_success=status.startswith("2"),
                    content_type=content_type,
                    model=model,
                    annotation=annotation,
                    headers=tuple(headers),
                    docs=self.docs(response),
                )
            )
        return tuple(result)

    # -- models -------------------------------------------------------------------------------
    def models(self) -> tuple[ir.Model, ...]:
        schemas: dict[str, Any] = (self.doc.get("components") or {}).get("schemas") or {}
        request_roots: set[str] = set()
        response_roots: set[str] = set()
        for _path, _method, _item, operation in self.operations_in_order():
            body = self.deref(operation.get("requestBody"))
            if isinstance(body, dict):
                request_roots |= referenced_names(body.get("content"))
            for raw in (operation.get("responses") or {}).values():
                response_roots |= referenced_names(
                    self.deref(raw).get("content") if isinstance(self.deref(raw), dict) else None
                )
        in_request = _closure(request_roots, schemas)
        in_response = _closure(response_roots, schemas)
        models = []
        for name, schema in schemas.items():
            non_nullable: tuple[str, ...] = ()
            if name in in_request and isinstance(schema, dict):
                required = set(schema.get("required") or [])
                non_nullable = tuple(
                    prop
                    for prop, sub in (schema.get("properties") or {}).items()
                    if prop not in required and not self.nullable(sub)
                )
            models.append(
                ir.Model(
                    name=name,
                    pointer=self.prepared.origins.get(
                        name, jsonpointer.join("components", "schemas", name)
                    ),
                    used_in_request=name in in_request,
                    used_in_response=name in in_response,
                    non_nullable=non_nullable,
                )
            )
        return tuple(models)


def _closure(roots: set[str], schemas: dict[str, Any]) -> set[str]:
    seen: set[str] = set()
    stack = sorted(roots)
    while stack:
        name = stack.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        stack.extend(sorted(referenced_names(schemas[name]) - seen))
    return seen


def _is_json(media_type: str | None) -> bool:
    if not media_type:
        return False
    base = media_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json") or base == "*/*"


def _preferred_media_type(media_types: list[str]) -> str:
    for media_type in media_types:
        if _is_json(media_type) and media_type != "*/*":
            return media_type
    return media_types[0] if media_types else "application/json"


def _union_text(annotations: list[str]) -> str:
    parts: list[str] = []
    for annotation in annotations:
        for part in annotation.split(" | "):
            if part not in parts:
                parts.append(part)
    if "None" in parts:
        parts.remove("None")
        parts.append("None")
    return " | ".join(parts)


CONTRACT_TESTING = "contract_testing"
"""The framework's package beside the generated tests (`specgen.render.testkit`)."""


def _contract_imports(api: ir.Api) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The imports of tests/contract_api.py: the description classes its `Api` uses, and the
    package's clients, errors and models; one section of third-party modules, by module name.

    Runs after the examples are attached (`Example` is imported only when there are some).
    """
    operations = api.operations
    described = {"Api", "Operation"}
    if api.security_schemes:
        described.add("Credential")
    if api.client_params:
        described.add("ClientParameter")
    if any(op.parameters for op in operations):
        described.add("Parameter")
    if any(op.body for op in operations):
        described.add("Body")
    if any(op.responses for op in operations):
        described.add("Response")
    if any(
        (op.body and op.body.examples) or any(r.examples for r in op.responses) for op in operations
    ):
        described.add("Example")
    modules = {
        f"{CONTRACT_TESTING}.api": described,
        f"{CONTRACT_TESTING}.spec": {"Spec"},
        api.package: {api.client_name, api.async_client_name, "errors", "models"},
    }
    ordered = sorted(modules, key=lambda m: (m.lower(), m))
    return tuple((m, tuple(sort_names(tuple(modules[m])))) for m in ordered)


def _group_imports(imports: set[tuple[str, str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """((module, (names...)), ...): standard library first, then the package's own modules."""
    modules: dict[str, set[str]] = {}
    for module, name in imports:
        modules.setdefault(module, set()).add(name)
    ordered = sorted(modules, key=lambda m: (m.startswith("."), m))
    return tuple((m, tuple(sort_names(tuple(modules[m])))) for m in ordered)


__all__ = ["MODELS_MODULE", "Options", "build_api"]
