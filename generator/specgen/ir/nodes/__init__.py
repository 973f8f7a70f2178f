"""The intermediate representation: what the spec means for Python.

Built once from the validated document by `specgen.ir.build`; read by the templates. Every name,
type annotation and decision the templates need is made here, so the templates only lay code out.
All classes are frozen and hold tuples, so an IR can be compared and hashed in tests.

The classes live in private modules by area (`_common`: shared pieces, `_operations`: operations
and resources, `_schemas`: models, `_client`: servers, security and the `Api`); import them from
here (`from specgen.ir import nodes as ir`).
"""

from specgen.ir.nodes._client import Api, SecurityScheme, Server, ServerVariable
from specgen.ir.nodes._common import AuthKind, Docs, ExampleRef, ParameterLocation
from specgen.ir.nodes._operations import (
    TYPE_CHECKING_MODULES,
    BodyField,
    ClientParameter,
    Operation,
    Parameter,
    RequestBody,
    Resource,
    Response,
    ResponseHeader,
)
from specgen.ir.nodes._schemas import Model, ParamKey, ParamsDict

__all__ = [
    "TYPE_CHECKING_MODULES",
    "Api",
    "AuthKind",
    "BodyField",
    "ClientParameter",
    "Docs",
    "ExampleRef",
    "Model",
    "Operation",
    "ParamKey",
    "Parameter",
    "ParameterLocation",
    "ParamsDict",
    "RequestBody",
    "Resource",
    "Response",
    "ResponseHeader",
    "SecurityScheme",
    "Server",
    "ServerVariable",
]
