"""The IR of the API's operations: parameters, bodies, responses, and the tag resources that
group them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specgen.ir.nodes._common import Docs, ExampleRef, ParameterLocation, with_not_given
from specgen.ir.pycode import in_all_order, sort_names, string_literal

# Resource modules import these for type checkers only (see `Resource.type_checking_imports`).
TYPE_CHECKING_MODULES = frozenset({"..models", "..params"})


def _example_of(value: Parameter | BodyField) -> str:
    """A parameter's or body field's example literal; a placeholder string when it has none."""
    return value.example_literal or string_literal(value.name)


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str  # on the wire
    python_name: str  # keyword in the method (snake_case, safe)
    location: ParameterLocation
    required: bool
    nullable: bool
    annotation: str  # Python type for the signature, e.g. "str", "bool", "Sequence[str]"
    docs: Docs
    style: str  # OpenAPI style, defaulted per location
    explode: bool
    deprecated: bool
    schema: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    pointer: str = ""  # JSON pointer to the Parameter Object in the bundled document
    # The schema's scalar limits as keys of the runtime's `check_parameters`, in order:
    # (("minimum", "1"), ("maximum", "100")), values as Python literals.
    limits: tuple[tuple[str, str], ...] = ()
    example_literal: str = ""  # the spec's example as a Python literal, "" without a scalar one

    @property
    def optional_annotation(self) -> str:
        return with_not_given(self.annotation)


@dataclass(frozen=True, slots=True)
class ClientParameter:
    """A parameter given once per client (x-specgen-client-parameter), e.g. Zoho's orgId."""

    name: str
    python_name: str
    location: ParameterLocation
    required: bool
    annotation: str
    docs: Docs
    pointer: str = ""  # JSON pointer to the Parameter Object in the bundled document

    @property
    def env_name(self) -> str:
        """The parameter's environment variable after `<env_prefix>_`: "ORG_ID"."""
        return self.python_name.upper()


@dataclass(frozen=True, slots=True)
class BodyField:
    """A property of an object request body, offered as a keyword of the method."""

    name: str  # JSON property name
    python_name: str  # keyword in the method and attribute in the model
    annotation: str  # signature type; includes "| None" only when the field is nullable
    required: bool
    nullable: bool
    docs: Docs
    example_literal: str = ""  # the spec's example as a Python literal, "" without a scalar one

    @property
    def optional_annotation(self) -> str:
        return with_not_given(self.annotation)


@dataclass(frozen=True, slots=True)
class RequestBody:
    content_type: str  # "application/json", "multipart/form-data", ...
    required: bool
    model: str | None  # model class validating the body, when the body is an object schema
    annotation: str  # what `body=` accepts, e.g. "TicketUpdate | Mapping[str, object]"
    fields: tuple[BodyField, ...]  # empty when the body is not an object with properties
    docs: Docs
    schema: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    pointer: str = ""  # JSON pointer to the Media Type Object of `content_type`
    examples: tuple[ExampleRef, ...] = ()  # the media type's `example` / `examples`
    nullable: bool = False  # the schema admits null: `body=None` sends JSON `null`
    # A form's fields whose Encoding Object sets `style` or `explode`: (name, style, explode).
    field_styles: tuple[tuple[str, str, bool], ...] = ()

    @property
    def optional_annotation(self) -> str:
        return with_not_given(self.annotation)


@dataclass(frozen=True, slots=True)
class ResponseHeader:
    name: str
    annotation: str
    docs: Docs


@dataclass(frozen=True, slots=True)
class Response:
    status: str  # "200", "4XX", "default"
    is_success: bool
    content_type: str | None  # None when the response has no body
    model: str | None  # model class when the schema is a named model
    annotation: str  # Python type of the parsed body; "None" for no body
    headers: tuple[ResponseHeader, ...]
    docs: Docs
    pointer: str = ""  # JSON pointer to the Response Object in the bundled document
    examples: tuple[ExampleRef, ...] = ()  # the `example` / `examples` of `content_type`

    @property
    def runtime_annotation(self) -> str:
        """The annotation as the endpoint holds it: its text (resolved on first use, so that
        importing a resource module imports no model), or None for no body."""
        return "None" if self.annotation == "None" else string_literal(self.annotation)


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    python_name: str  # method name
    method: str  # upper case
    path: str  # the template, e.g. "/api/v1/tickets/{ticket_id}"
    docs: Docs
    deprecated: bool
    path_params: tuple[Parameter, ...]
    query_params: tuple[Parameter, ...]
    header_params: tuple[Parameter, ...]
    cookie_params: tuple[Parameter, ...]
    client_params: tuple[ClientParameter, ...]  # the client-level ones this operation uses
    body: RequestBody | None
    responses: tuple[Response, ...]
    return_annotation: str  # parsed type of the success response, "None" if it has no body
    # Alternatives of scheme-name sets: (("zohoOAuth",),). () means the operation needs no auth.
    security: tuple[tuple[str, ...], ...]
    pointer: str = ""  # JSON pointer to the Operation Object in the bundled document
    # The operation's own server (its or its path item's `servers`), "" for the document's:
    # "https://files.stripe.com/"; `{name}` where the client's server variable goes.
    server_url: str = ""
    # x-specgen-idempotent: True/False overrides what the method says (runtime `Endpoint`).
    idempotent: bool | None = None
    # The header parameter that takes an idempotency key ("Idempotency-Key"), "" for none.
    idempotency_header: str = ""

    @property
    def example_arguments(self) -> tuple[str, ...]:
        """The arguments of the README's example call, one that the client sends: path and
        required parameters at their examples, and a body that must not be empty with its
        first field that has an example (a required one first)."""
        params = [*self.query_params, *self.header_params, *self.cookie_params]
        arguments = [_example_of(p) for p in self.path_params]
        arguments += [f"{p.python_name}={_example_of(p)}" for p in params if p.required]
        body = self.body
        if body is not None and body.required and body.fields:
            fields = sorted(body.fields, key=lambda f: (not f.required, not f.example_literal))
            arguments.append(f"{fields[0].python_name}={_example_of(fields[0])}")
        return tuple(arguments)

    @property
    def endpoint_name(self) -> str:
        """The module constant holding the operation's `Endpoint`: "_UPDATE_TICKET"."""
        return f"_{self.python_name.upper()}"

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return self.path_params + self.query_params + self.header_params + self.cookie_params

    @property
    def styled_query_params(self) -> tuple[Parameter, ...]:
        """The query parameters not spelled in OpenAPI's default style (`form`, exploded)."""
        return tuple(p for p in self.query_params if (p.style, p.explode) != ("form", True))

    @property
    def limited_parameters(self) -> tuple[Parameter, ...]:
        """The parameters with limits the method checks before sending."""
        return tuple(p for p in self.parameters if p.limits)

    @property
    def success_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if r.is_success)

    @property
    def error_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if not r.is_success)


@dataclass(frozen=True, slots=True)
class Resource:
    """One tag: `client.tickets` is a `TicketsResource` (an `AsyncTicketsResource` when async)."""

    tag: str
    python_name: str  # attribute on the client and module name in resources/
    class_name: str  # "Tickets": the stem of the four class names below
    docs: Docs
    operations: tuple[Operation, ...]
    # What the resource module imports: ((module, (names, ...)), ...), the standard library first,
    # then the package's own modules (relative), each group in isort's order.
    imports: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def has_body(self) -> bool:
        return any(op.body is not None for op in self.operations)

    @property
    def sync_class_name(self) -> str:
        return f"{self.class_name}Resource"

    @property
    def async_class_name(self) -> str:
        return f"Async{self.class_name}Resource"

    @property
    def sync_raw_class_name(self) -> str:
        """The class of `client.<resource>.with_raw_response`."""
        return f"{self.sync_class_name}WithRawResponse"

    @property
    def async_raw_class_name(self) -> str:
        return f"{self.async_class_name}WithRawResponse"

    @property
    def class_names(self) -> tuple[str, ...]:
        """The sync and async resource classes, in isort's order (as imported)."""
        return tuple(sort_names((self.sync_class_name, self.async_class_name)))

    @property
    def exports(self) -> tuple[str, ...]:
        """The module's `__all__`: its four classes, as ruff sorts an `__all__`."""
        classes = (self.sync_class_name, self.async_class_name)
        return tuple(in_all_order((*classes, self.sync_raw_class_name, self.async_raw_class_name)))

    @property
    def doc_text(self) -> str:
        """The docstring of the resource: the tag's description, else a sentence naming it."""
        return self.docs.text or f"Operations of the {self.tag} tag."

    @property
    def stdlib_imports(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple(entry for entry in self.imports if not entry[0].startswith("."))

    @property
    def local_imports(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple(
            entry
            for entry in self.imports
            if entry[0].startswith(".") and entry[0] not in TYPE_CHECKING_MODULES
        )

    @property
    def type_checking_imports(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Imports of models and params, for type checkers only: at run time the methods name
        their models by text (`runtime_annotation`), so that importing the package stays cheap."""
        return tuple(entry for entry in self.imports if entry[0] in TYPE_CHECKING_MODULES)
