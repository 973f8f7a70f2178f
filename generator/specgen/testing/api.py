"""What the generator says about a generated client: its methods, keywords and models.

The per-API `contract_api.py` builds one `Api` of these. Only names come from the generator here;
what the spec requires is read at test time from the embedded spec, through the JSON pointers.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from .spec import Spec, is_json

__all__ = [
    "Api",
    "Body",
    "ClientParameter",
    "Credential",
    "Example",
    "Operation",
    "Parameter",
    "Response",
    "api_beside",
    "conforming",
]


@dataclass(frozen=True)
class Example:
    """A named example of the spec, by JSON pointer to its value.

    `conforms` is the generator's verdict (`ExampleRef.conforms`): an example the generator found
    not to match its schema (`problem` says how) is never sent or served as a valid message.
    """

    name: str
    pointer: str
    conforms: bool = True
    problem: str = ""

    def refusal(self, what: str) -> str | None:
        """Why this example is not used as a valid `what` (None when it may be)."""
        if self.conforms:
            return None
        return (
            f"example {self.name!r} of {what} does not match its schema ({self.problem}): "
            f"it is not used as a valid message"
        )


def conforming(examples: tuple[Example, ...]) -> tuple[Example, ...]:
    """The examples that may be replayed as valid messages."""
    return tuple(example for example in examples if example.conforms)


@dataclass(frozen=True)
class Parameter:
    """A parameter of an operation: the method's keyword and the spec's Parameter Object."""

    keyword: str
    pointer: str


@dataclass(frozen=True, eq=False)
class Body:
    """The request body: its media type, the model and keywords the client offers, examples."""

    content_type: str
    pointer: str  # the Media Type Object
    model: str | None = None
    keywords: Mapping[str, str] = field(default_factory=dict)  # JSON name → method keyword
    examples: tuple[Example, ...] = ()

    @property
    def media_type(self) -> str:
        """The content type without parameters, lower case."""
        return self.content_type.split(";")[0].strip().lower()

    @property
    def is_json(self) -> bool:
        return is_json(self.content_type)

    @property
    def is_form(self) -> bool:
        """An urlencoded or multipart form: an object sent field by field."""
        return self.media_type == "application/x-www-form-urlencoded" or self.is_multipart

    @property
    def is_multipart(self) -> bool:
        return self.media_type.startswith("multipart/")

    @property
    def request_body_pointer(self) -> str:
        """The Request Body Object (where `required` is)."""
        return self.pointer.rsplit("/content/", 1)[0]


@dataclass(frozen=True)
class Response:
    """A documented response: status, media type, the model it is parsed into, examples."""

    status: str
    pointer: str  # the Response Object
    content_type: str | None = None
    model: str | None = None
    examples: tuple[Example, ...] = ()

    @property
    def is_success(self) -> bool:
        return self.status.isdigit() and self.status.startswith("2")


@dataclass(frozen=True, eq=False)
class Operation:
    """One method of the client: `client.<resource>.<method>(...)`."""

    resource: str
    method: str
    http_method: str
    path: str
    pointer: str  # the Operation Object
    parameters: tuple[Parameter, ...] = ()
    body: Body | None = None
    responses: tuple[Response, ...] = ()
    # The header in which the client sends a key it made itself when the caller gives none
    # (the spec's idempotency-key parameter), "" for none.
    idempotency_header: str = ""

    def __str__(self) -> str:
        return f"{self.resource}.{self.method}"


@dataclass(frozen=True)
class Credential:
    """A security scheme and the client keyword that takes its credential."""

    scheme: str
    keyword: str


@dataclass(frozen=True)
class ClientParameter:
    """A parameter given once to the client (x-specgen-client-parameter)."""

    keyword: str
    pointer: str


@dataclass(frozen=True, eq=False)
class Api:
    """Everything the tests need to know about the generated package, and its spec."""

    spec: Spec
    sync_client: type[Any]
    async_client: type[Any]
    errors: ModuleType
    models: ModuleType
    env_prefix: str
    credentials: tuple[Credential, ...]
    client_parameters: tuple[ClientParameter, ...]
    model_pointers: Mapping[str, str]  # class name → its schema in the spec
    operations: tuple[Operation, ...]


def api_beside(test_file: str) -> Api:
    """The `API` of the `contract_api.py` in the folder of a test module.

    Loaded from that file under a module name of its own (one per folder), not by
    `import contract_api`: with the suites of several clients in one pytest process
    (`pytest out/tests_a out/tests_b`), that import would give every suite the first one loaded.
    """
    path = Path(test_file).resolve().with_name("contract_api.py")
    name = "contract_api_" + hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:16]
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"no contract_api.py beside {test_file}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
    api = getattr(module, "API", None)
    if isinstance(api, Api):
        return api
    raise ImportError(f"{path} defines no API = Api(...)")
