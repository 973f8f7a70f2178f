"""The IR's shared pieces: where a parameter goes, how a credential travels, docstring text and
examples found by pointer."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


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


def with_not_given(annotation: str) -> str:
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
