"""specgen's own `x-specgen-*` extensions: each one's name, where it is read, and the value it
takes, in one table.

The IR reads the extensions through `flag`, `text` and `names`, which take a value only when it
has the form its entry says; the validator's `extension-value` rule reports every other value,
and every `x-specgen-*` name the table does not know (a typo such as `x-specgen-idempotant`).
So what is reported as ignored is exactly what the generator ignores.

Three extensions are specgen's marks on the document it repairs (a pattern dropped, a default or
an example rejected) for the reader of the document the contract tests embed; a spec does not
set them, and the validator leaves them alone.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

PREFIX = "x-specgen-"


class Form(enum.StrEnum):
    """What an extension's value must be; the text completes "... must be ..."."""

    BOOLEAN = "a boolean (true or false)"
    STRING = "a non-empty string"
    STRINGS = "a non-empty string or a list of them"
    WRITTEN = "written by specgen"  # any value: specgen's own mark, not read from a spec


@dataclass(frozen=True, slots=True)
class Extension:
    name: str
    form: Form
    where: str  # where specgen reads it, for messages and the README

    def accepts(self, value: object) -> bool:
        """Whether `value` has the extension's form (so that the generator uses it)."""
        if self.form is Form.BOOLEAN:
            return isinstance(value, bool)
        if self.form is Form.STRING:
            return _is_text(value)
        if self.form is Form.STRINGS:
            return _is_text(value) or (isinstance(value, list) and any(map(_is_text, value)))
        return True

    def ignored_items(self, value: object) -> list[tuple[int, object]]:
        """(index, item) of the items a list value of `STRINGS` has that are not names: the
        generator leaves them out and uses the others."""
        if self.form is not Form.STRINGS or not isinstance(value, list):
            return []
        return [(index, item) for index, item in enumerate(value) if not _is_text(item)]


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


CLIENT_PARAMETER = Extension(
    "x-specgen-client-parameter",
    Form.BOOLEAN,
    "a Parameter Object: true makes it a keyword of the client, given once",
)
IDEMPOTENT = Extension(
    "x-specgen-idempotent",
    Form.BOOLEAN,
    "an Operation Object: true or false overrides what its method says about retrying it",
)
ERROR_CODE = Extension(
    "x-specgen-error-code",
    Form.STRING,
    "an error response's schema: the property holding the error code",
)
REQUEST_ID_HEADER = Extension(
    "x-specgen-request-id-header",
    Form.STRINGS,
    "the document or its `info`: the response headers carrying the server's request id",
)
TOKEN_PREFIX = Extension(
    "x-specgen-token-prefix",
    Form.STRING,
    "a Security Scheme Object: the word before the token in `Authorization`",
)
TOKEN_URL = Extension(
    "x-specgen-token-url",
    Form.STRING,
    "an OAuth Flow Object: the refresh URL, a template over the server's variables",
)
DROPPED_PATTERN = Extension(
    "x-specgen-dropped-pattern", Form.WRITTEN, "a repaired schema: the `pattern` not enforced"
)
REJECTED_DEFAULT = Extension(
    "x-specgen-rejected-default", Form.WRITTEN, "a repaired schema: the `default` not used"
)
NONCONFORMING_EXAMPLES = Extension(
    "x-specgen-nonconforming-examples",
    Form.WRITTEN,
    "a repaired media type: its examples that do not match the schema",
)

EXTENSIONS: dict[str, Extension] = {
    extension.name: extension
    for extension in (
        CLIENT_PARAMETER,
        IDEMPOTENT,
        ERROR_CODE,
        REQUEST_ID_HEADER,
        TOKEN_PREFIX,
        TOKEN_URL,
        DROPPED_PATTERN,
        REJECTED_DEFAULT,
        NONCONFORMING_EXAMPLES,
    )
}


def _value(node: Any, extension: Extension) -> Any:
    value = node.get(extension.name) if isinstance(node, dict) else None
    return value if value is not None and extension.accepts(value) else None


def flag(node: Any, extension: Extension) -> bool | None:
    """A boolean extension's value on `node`; None when absent or not a boolean."""
    assert extension.form is Form.BOOLEAN
    value: bool | None = _value(node, extension)
    return value


def text(node: Any, extension: Extension) -> str | None:
    """A string extension's value on `node`; None when absent, empty or not a string."""
    assert extension.form is Form.STRING
    value: str | None = _value(node, extension)
    return value


def names(node: Any, extension: Extension) -> tuple[str, ...]:
    """A string-or-list extension's strings on `node`, stripped, without the items that are not
    names (`ignored_items`); () when absent or of another form."""
    assert extension.form is Form.STRINGS
    value = _value(node, extension)
    listed = [value] if isinstance(value, str) else value or []
    return tuple(item.strip() for item in listed if _is_text(item))
