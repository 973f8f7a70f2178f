"""Import lists the templates print as they are: decided here, in isort order."""

from __future__ import annotations

from specgen.ir import nodes as ir
from specgen.ir.pycode import module_key, sort_names

CONTRACT_TESTING = "contract_testing"
"""The framework's package beside the generated tests (`specgen.render.testkit`)."""


def contract_imports(api: ir.Api) -> tuple[tuple[str, tuple[str, ...]], ...]:
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
    ordered = sorted(modules, key=module_key)
    return tuple((m, tuple(sort_names(tuple(modules[m])))) for m in ordered)


def group_imports(imports: set[tuple[str, str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """((module, (names...)), ...): standard library first, then the package's own modules."""
    modules: dict[str, set[str]] = {}
    for module, name in imports:
        modules.setdefault(module, set()).add(name)
    ordered = sorted(modules, key=lambda m: (m.startswith("."), module_key(m)))
    return tuple((m, tuple(sort_names(tuple(modules[m])))) for m in ordered)
