"""Model classes named by text, found on first use: how resource modules refer to their models.

A big API's models take seconds to build (pydantic compiles a validator per class), so importing
the package must not import them. Resource modules therefore import models for type checkers only
(`if TYPE_CHECKING:`) and name them at run time by text: an endpoint's response types
(`"list[Pet]"`) and a body's model (`"NewPet"`). The text is resolved here when a request needs
it, importing from the package's `models` only the modules of the classes it names, once.
"""

from __future__ import annotations

import builtins
import importlib
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Literal

__all__ = ["resolve_annotation", "resolve_model"]

# Besides the model classes and builtins, what the generator writes in output annotations.
_NAMES: dict[str, object] = {
    "__builtins__": builtins,
    "Any": Any,
    "Literal": Literal,
    "Mapping": Mapping,
    "Sequence": Sequence,
    "date": date,
    "datetime": datetime,
}
_RESOLVED: dict[str, object] = {}


class _ModelNames(Mapping[str, object]):
    """The package's `models` as a namespace whose names are imported when looked up."""

    def __init__(self) -> None:
        self._models = importlib.import_module(f"{__package__}.models")

    def __getitem__(self, name: str) -> object:
        try:
            return getattr(self._models, name)
        except AttributeError:
            raise KeyError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(getattr(self._models, "__all__", ()))

    def __len__(self) -> int:
        return len(getattr(self._models, "__all__", ()))


def resolve_annotation(annotation: object) -> object:
    """The type an annotation's text names (`"Pet | None"` → `Pet | None`); others unchanged."""
    if not isinstance(annotation, str):
        return annotation
    try:
        return _RESOLVED[annotation]
    except KeyError:
        # Text the generator wrote (class names, builtins, the typing names above), never input.
        value = eval(annotation, dict(_NAMES), _ModelNames())
        return _RESOLVED.setdefault(annotation, value)


def resolve_model(model: object) -> Any:
    """The model class of a request body, named by text or given as the class."""
    return resolve_annotation(model)
