"""What every check shares: the document, its version, findings, and the defects they record.

Checks work in the bundled document's coordinates (a path of segments); `Context.locate` turns
a `Finding` into a `Diagnostic` located in the file a person wrote. Besides reporting, content
checks record *defects*: the parts generated code must not depend on (a default that does not
match its schema, an example that does not conform, a regex Python cannot run). The IR's repair
step (`specgen.ir.repair`) acts on them, whatever severity the rules are set to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specgen.diagnostics import Diagnostic
from specgen.document import jsonpointer
from specgen.load.spec import LoadedSpec

Segments = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # an id of `specgen.rules.RULES`
    path: Segments  # where, in the bundled document
    message: str


@dataclass
class Defects:
    """Defective parts of the document, found by validation, repaired before the IR is built."""

    # Members whose value is invalid (`required: true` in a schema): not used at all.
    invalid_members: set[Segments] = field(default_factory=set)
    # Schema path → the pattern that replaces its `pattern` (translated), or None (dropped).
    patterns: dict[Segments, str | None] = field(default_factory=dict)
    # (schema path, patternProperties key) → the translated key, or None (entry dropped).
    pattern_keys: dict[tuple[Segments, str], str | None] = field(default_factory=dict)
    # Schema path → why its `default` is not used.
    defaults: dict[Segments, str] = field(default_factory=dict)
    # (media type path, example name or "example") → why the example does not conform.
    media_examples: dict[tuple[Segments, str], str] = field(default_factory=dict)
    # Example values of parameters, headers and schemas that do not conform: not kept at all.
    dropped_examples: dict[Segments, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(
            (
                self.invalid_members,
                self.patterns,
                self.pattern_keys,
                self.defaults,
                self.media_examples,
                self.dropped_examples,
            )
        )


@dataclass
class Context:
    spec: LoadedSpec
    version: str  # "3.0", "3.1" or "3.2"
    defects: Defects = field(default_factory=Defects)
    # Nodes a more specific check has reported (structure, references, patterns): the
    # meta-schema's reports at or under them are left out, as they say the same less well.
    claimed: set[Segments] = field(default_factory=set)
    # Whether a `$ref` is broken: examples that reach it cannot be checked, which says nothing new.
    broken_refs: bool = False
    # Schema members the typo check reported, so the meta-schema's "unknown field" about the
    # same key is not reported twice.
    typos: set[Segments] = field(default_factory=set)

    @property
    def document(self) -> dict[str, Any]:
        return self.spec.document

    @property
    def is_30(self) -> bool:
        return self.version == "3.0"

    def locate(self, finding: Finding) -> Diagnostic:
        return self.spec.diagnostic(finding.rule, jsonpointer.join(*finding.path), finding.message)

    def is_claimed(self, path: Segments) -> bool:
        return any(path[:depth] in self.claimed for depth in range(len(path) + 1))


def segments(pointer: str) -> Segments:
    return tuple(jsonpointer.split(pointer))


def lookup(document: Any, pointer: str) -> tuple[bool, Any]:
    """(found, value) of the node at ``pointer``."""
    try:
        return True, jsonpointer.resolve(document, pointer)
    except (KeyError, ValueError):
        return False, None
