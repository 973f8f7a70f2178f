"""The operations of one side, keyed so that the two sides' operations can be paired.

Operations are found by the document layer's walker (`iter_operations`) and their parameters are
the *effective* ones (`effective_parameters`: path item and operation merged), so a parameter that
moves from the operation to its path item is no change. Paths are paired with their template
variables' names left out (`/pets/{id}` is `/pets/{petId}`), and path parameters by their position
in the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from specgen.document import jsonpointer
from specgen.document.refs import deref
from specgen.document.walk import (
    OperationSite,
    ParameterSite,
    effective_parameters,
    iter_operations,
)

_VARIABLE = re.compile(r"\{[^}/]*\}")
# Header parameters OpenAPI says are ignored (the client sets them itself).
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
ParamKey = tuple[str, str]  # (location, name) — ("path", "#0") for the first template variable


@dataclass(frozen=True, slots=True)
class Operation:
    key: tuple[str, str]  # (METHOD, normalised path) or (METHOD, "webhook:NAME")
    label: str  # "GET /pets/{id}" as this side writes it
    site: OperationSite
    parameters: dict[ParamKey, ParameterSite]
    webhook: bool

    @property
    def operation(self) -> dict[str, Any]:
        return self.site.operation

    @property
    def pointer(self) -> str:
        return self.site.pointer


def normalised_path(template: str) -> str:
    return _VARIABLE.sub("{}", template)


def path_variables(template: str) -> list[str]:
    return [match[1:-1] for match in _VARIABLE.findall(template)]


def parameter_key(template: str | None, parameter: dict[str, Any]) -> ParamKey | None:
    location, name = parameter.get("in"), parameter.get("name")
    if not isinstance(location, str) or not isinstance(name, str):
        return None
    if location == "header":
        if name.lower() in IGNORED_HEADERS:
            return None
        return location, name.lower()  # header names are case-insensitive
    if location == "path" and template is not None:
        variables = path_variables(template)
        if name in variables:
            return location, f"#{variables.index(name)}"
    return location, name


def operations(document: dict[str, Any]) -> dict[tuple[str, str], Operation]:
    """Every operation under `paths` and `webhooks` (callbacks are not compared)."""
    webhook_names = _webhook_names(document)
    result: dict[tuple[str, str], Operation] = {}
    for site in iter_operations(document, everywhere=True):
        method = site.method.upper()
        if site.template is not None:
            key = (method, normalised_path(site.template))
            label = f"{method} {site.template}"
            webhook = False
        elif site.path_item_pointer in webhook_names:
            name = webhook_names[site.path_item_pointer]
            key = (method, f"webhook:{name}")
            label = f"{method} webhook:{name}"
            webhook = True
        else:
            continue  # a callback
        parameters: dict[ParamKey, ParameterSite] = {}
        for parameter in effective_parameters(document, site):
            param_key = parameter_key(site.template, parameter.parameter)
            if param_key is not None:
                parameters[param_key] = parameter
        result.setdefault(key, Operation(key, label, site, parameters, webhook))
    return result


def _webhook_names(document: dict[str, Any]) -> dict[str, str]:
    """Path item pointer (refs followed) → webhook name."""
    webhooks = document.get("webhooks")
    if not isinstance(webhooks, dict):
        return {}
    names: dict[str, str] = {}
    for name, item in webhooks.items():
        target = deref(document, item, jsonpointer.join("webhooks", name))
        names.setdefault(target.pointer, str(name))
    return names


def parameter_label(parameter: dict[str, Any]) -> str:
    return f"{parameter.get('in')} parameter '{parameter.get('name')}'"
