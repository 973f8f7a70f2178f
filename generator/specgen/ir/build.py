"""Build the IR from a validated, bundled document.

`build_api` is the only entry point. It reads the spec through `prepare` (class names decided) and
decides every Python name, type annotation and client-level fact the templates need: the
client-level facts here (and in `client_facts`), the resources with their operations in
`resources`, the models in `models`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from specgen.ir import client_facts, naming
from specgen.ir import nodes as ir
from specgen.ir.access import split_by_direction
from specgen.ir.hints import MODELS_MODULE, TypeHints
from specgen.ir.hoist import RESERVED_CLASS_NAMES, Prepared, prepare
from specgen.ir.imports import contract_imports
from specgen.ir.literal_aliases import literal_aliases
from specgen.ir.models import build_models, model_uses, schemas_of
from specgen.ir.params import params_dicts, params_names
from specgen.ir.resources import ResourceBuilder


@dataclass(frozen=True, slots=True)
class Options:
    package: str | None = None
    client_name: str | None = None
    spec_path: str = "spec/openapi.yaml"
    regenerate_command: str = "specgen generate"
    tests_dir: str = "tests"  # the contract tests' folder in `out` (`tests_<package>` if shared)


def build_api(document: dict[str, Any], options: Options) -> ir.Api:
    api = _build(split_by_direction(prepare(document)), options)
    return dataclasses.replace(api, contract_imports=contract_imports(api))


def _build(prepared: Prepared, options: Options) -> ir.Api:
    doc = prepared.document
    schemas = schemas_of(doc)
    in_request, in_response = model_uses(doc)
    param_names = params_names(schemas, in_request, prepared.request_twins)
    aliases = literal_aliases(doc, {*schemas, *param_names.values(), *RESERVED_CLASS_NAMES})
    annotator = TypeHints(
        doc, params=param_names, literal_aliases=aliases, request_twins=prepared.request_twins
    )
    servers = tuple(client_facts.server(s) for s in doc.get("servers") or [] if isinstance(s, dict))
    info = doc.get("info") or {}
    title = str(info.get("title") or "API")
    package = options.package or naming.snake(title)
    client_name = options.client_name or naming.pascal(title)
    schemes = client_facts.security_schemes(doc)
    default_security = client_facts.security(doc.get("security"))
    builder = ResourceBuilder(doc, annotator, servers)
    resources = builder.resources(default_security)
    models = build_models(prepared, annotator, in_request, in_response)
    params, params_imports = params_dicts(doc, schemas, param_names, aliases)
    client_params = tuple(builder.client_params[k] for k in sorted(builder.client_params))
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
        spec_path=options.spec_path,
        regenerate_command=options.regenerate_command,
        tests_dir=options.tests_dir,
        request_id_headers=client_facts.request_id_headers(doc, info),
        error_code_property=client_facts.error_code_property(
            doc,
            [
                response.model
                for resource in resources
                for op in resource.operations
                for response in op.error_responses
                if response.model
            ],
        ),
        params=params,
        literal_aliases=tuple(sorted((name, contents) for contents, name in aliases.items())),
        params_imports=params_imports,
    )


__all__ = ["MODELS_MODULE", "Options", "build_api"]
