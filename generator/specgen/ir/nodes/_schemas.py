"""The IR of the schemas: the models that become pydantic classes, and the TypedDicts of
their dict forms."""

from __future__ import annotations

import keyword
from dataclasses import dataclass, field
from typing import Any

from specgen.ir.nodes._common import Docs


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
