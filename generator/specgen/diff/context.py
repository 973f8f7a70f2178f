"""What every comparison needs: both sides, the date, and where findings go."""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field, replace
from typing import Any

from specgen.diff.findings import Api, Finding, Location, Side
from specgen.diff.resolve import Resolver
from specgen.diff.rules import RULES, SCOPES, Scope
from specgen.document import jsonpointer
from specgen.load.spec import LoadedSpec


def dotted(path: tuple[str, ...]) -> str:
    """("data", "[items]", "id") → "data[items].id"."""
    return "".join(p if p.startswith("[") else f".{p}" for p in path).lstrip(".")


class Emitter:
    """Turns rule hits into located findings."""

    def __init__(self, base: LoadedSpec, revision: LoadedSpec, today: datetime.date) -> None:
        self.base = base
        self.revision = revision
        self.today = today
        self.base_nodes = Resolver(base.document)
        self.revision_nodes = Resolver(revision.document)
        self.findings: list[Finding] = []
        # Schema pairs (keys, scope, xml) compared without a finding, and how often a recursive
        # schema cut a comparison short: see schemas.compare.
        self.unchanged: set[tuple[Any, ...]] = set()
        self.cuts = 0

    def fork(self) -> Emitter:
        """An emitter whose findings are kept apart (for trial comparisons)."""
        child = copy.copy(self)  # the same sides and resolvers
        child.findings = []
        return child

    def emit(
        self,
        rule_id: str,
        *,
        operation: str,
        at: str,
        message: str,
        revision: str | None,
        base: str | None = None,
        anchor: str | None = None,
        api: Api = Api.WIRE,
    ) -> None:
        """Record a finding, located at `revision` (a pointer into the revision) when given, else
        at `base` in the base, with `anchor` (the nearest node the revision still has)."""
        rule = RULES[rule_id]
        if revision is not None:
            side, pointer = Side.REVISION, revision
            location, anchor_location = self._locate(self.revision, revision), None
        else:
            side, pointer = Side.BASE, base or ""
            location = self._locate(self.base, pointer)
            anchor_location = self._locate(self.revision, anchor) if anchor is not None else None
        self.findings.append(
            Finding(
                rule=rule.id,
                level=rule.level,
                api=api,
                operation=operation,
                at=at,
                message=message,
                side=side,
                pointer=pointer,
                location=location,
                anchor=anchor_location,
            )
        )

    @staticmethod
    def _locate(spec: LoadedSpec, pointer: str) -> Location:
        file, line, col, _ = spec.locate(pointer)
        return Location(file, line, col)


@dataclass(frozen=True)
class SchemaContext:
    """Where a schema comparison stands: its scope, operation, logical location and label."""

    emitter: Emitter
    scope: Scope
    operation: str
    at: str  # logical location, e.g. /requestBody/application~1json/properties/name
    where: str  # for messages: "request body (application/json)"
    xml: bool = False
    seen: set[tuple[Any, ...]] = field(default_factory=set, compare=False)
    path: tuple[str, ...] = ()  # property names from the root, for messages

    def into(self, *tokens: str | int) -> SchemaContext:
        """A subschema in the same scope (items, if, a oneOf branch, ...)."""
        label = "[" + " ".join(map(str, tokens)) + "]"
        return replace(self, at=jsonpointer.append(self.at, *tokens), path=(*self.path, label))

    def member(self, name: str, *, via: str = "properties") -> SchemaContext:
        return replace(
            self,
            scope=SCOPES[self.scope.child],
            at=jsonpointer.append(self.at, via, name),
            path=(*self.path, name),
        )

    def with_emitter(self, emitter: Emitter) -> SchemaContext:
        return replace(self, emitter=emitter, seen=set(self.seen))

    @property
    def subject(self) -> str:
        return f"{self.where}: {dotted(self.path)}" if self.path else self.where

    def emit(
        self,
        kind_or_rule: str,
        message: str,
        revision: str | None,
        *,
        base: str | None = None,
        anchor: str | None = None,
        rule: bool = False,
        at: str | None = None,
    ) -> None:
        """A schema rule (`kind` in this scope), or with `rule=True` a rule id as it is."""
        rule_id = kind_or_rule if rule else f"{self.scope.name}-{kind_or_rule}"
        self.emitter.emit(
            rule_id,
            operation=self.operation,
            at=at if at is not None else self.at,
            message=f"{self.subject}: {message}",
            revision=revision,
            base=base,
            anchor=anchor,
        )
