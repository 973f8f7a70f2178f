"""Selecting part of a document: the operations a user includes, and what they reach.

A vendor's document may hold hundreds of operations of which a project calls a few. `select`
takes the bundled document and returns a pruned one: the operations that `include` selects (all,
when it is empty) less those that `exclude` selects, and only the components they reach through
`$ref` (transitively), discriminator mappings and security requirements. Everything else at the
top level (info, servers, tags, security) is kept as it is.

Selectors are `KIND:PATTERN`, the pattern a glob (`*`, `?`, `[...]`, case-sensitive):

- `tag:repos` — operations with that tag (any of their tags);
- `path:/repos/{owner}/{repo}` — every operation of that path template; `path:/repos/*` those
  below `/repos/` (`*` crosses `/`);
- `operation:repos/get` — the operation with that operationId.

Webhook operations are selected by tag and operationId alike (they have no path).
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from specgen.diagnostics import UsageError
from specgen.document import jsonpointer
from specgen.document.openapi import COMPONENT_KINDS, NAME_MAPS, is_literal
from specgen.document.refs import deref
from specgen.document.walk import HTTP_METHODS, OperationSite, iter_operations

SELECTOR_KINDS = ("tag", "path", "operation")


class SelectionError(UsageError):
    """A selector that is malformed or matches nothing: a usage error (exit 2)."""


@dataclass(frozen=True, slots=True)
class Selector:
    kind: str  # one of SELECTOR_KINDS
    pattern: str  # a glob
    text: str  # as the user wrote it, for messages

    @classmethod
    def parse(cls, text: str) -> Selector:
        kind, colon, pattern = text.partition(":")
        if not colon or kind not in SELECTOR_KINDS:
            known = ", ".join(f"{k}:" for k in SELECTOR_KINDS)
            shown = f"kind {kind!r}" if colon else "no kind"
            raise SelectionError(f"selector {text!r} has {shown} (use one of {known})")
        if not pattern:
            raise SelectionError(f"selector {text!r} has an empty pattern")
        return cls(kind, pattern, text)

    def matches(self, operation: Operation) -> bool:
        values = operation.values(self.kind)
        return any(fnmatch.fnmatchcase(value, self.pattern) for value in values)


@dataclass(frozen=True, slots=True)
class Selection:
    """Which operations to keep: include (all when empty) minus exclude; exclude wins."""

    include: tuple[Selector, ...] = ()
    exclude: tuple[Selector, ...] = ()

    @classmethod
    def parse(cls, include: Iterable[str] = (), exclude: Iterable[str] = ()) -> Selection:
        return cls(
            tuple(Selector.parse(text) for text in include),
            tuple(Selector.parse(text) for text in exclude),
        )

    def __bool__(self) -> bool:
        return bool(self.include or self.exclude)

    def describe(self) -> str:
        parts = [f"include {s.text}" for s in self.include]
        parts += [f"exclude {s.text}" for s in self.exclude]
        return ", ".join(parts)

    def keeps(self, operation: Operation) -> bool:
        if self.include and not any(s.matches(operation) for s in self.include):
            return False
        return not any(s.matches(operation) for s in self.exclude)


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation as selectors see it."""

    root: str  # "paths" or "webhooks"
    key: str  # the path template or webhook name
    method: str
    site: OperationSite

    def values(self, kind: str) -> list[str]:
        if kind == "tag":
            tags = self.site.operation.get("tags")
            return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
        if kind == "path":
            return [self.key] if self.root == "paths" else []
        operation_id = self.site.operation.get("operationId")
        return [operation_id] if isinstance(operation_id, str) else []


@dataclass(frozen=True, slots=True)
class Selected:
    """The pruned document, with counts for a one-line summary."""

    document: dict[str, Any]
    operations: int
    operations_total: int
    components: int
    components_total: int

    def describe(self, selection: Selection) -> str:
        return (
            f"selection ({selection.describe()}): {self.operations} of "
            f"{self.operations_total} operations, {self.components} of "
            f"{self.components_total} components"
        )


def operations(document: dict[str, Any]) -> list[Operation]:
    """The operations under `paths` and `webhooks`, in document order."""
    result = [
        Operation("paths", str(site.template), site.method, site)
        for site in iter_operations(document)
    ]
    webhooks = document.get("webhooks")
    if isinstance(webhooks, dict):
        # iter_operations walks `paths`; a view whose `paths` holds one webhook walks that the
        # same way (and names it), and `$ref`s in it still resolve against the document.
        for name in webhooks:
            single = {**document, "paths": {name: webhooks[name]}}
            result += [Operation("webhooks", name, s.method, s) for s in iter_operations(single)]
    return result


def select(document: dict[str, Any], selection: Selection) -> Selected:
    """The document with only the selected operations and the components they reach.

    Raises SelectionError when a selector matches no operation, or nothing is left selected.
    The input is not changed; unchanged subtrees are shared with it, not copied.
    """
    every = operations(document)
    for label, selectors in (("include", selection.include), ("exclude", selection.exclude)):
        for selector in selectors:
            if not any(selector.matches(op) for op in every):
                raise SelectionError(_matches_nothing(label, selector, every))
    kept = [op for op in every if selection.keeps(op)]
    if not kept:
        raise SelectionError(f"the selection ({selection.describe()}) leaves no operation")
    pruned = {key: value for key, value in document.items() if key not in ("paths", "webhooks")}
    for root in ("paths", "webhooks"):
        if isinstance(document.get(root), dict):
            pruned[root] = _prune_items(document, document[root], root, kept)
    closure = _Closure(document)
    closure.visit({key: value for key, value in pruned.items() if key != "components"})
    pruned_components = closure.components()
    if pruned_components is not None:
        pruned["components"] = pruned_components
    for ref in closure.into_operations:
        try:
            jsonpointer.resolve(pruned, jsonpointer.local_ref_pointer(ref))
        except KeyError:
            if _resolves(document, ref):
                raise SelectionError(
                    f"the selection ({selection.describe()}) keeps a $ref {ref!r} into an "
                    "operation it leaves out: include that operation too"
                ) from None
    return Selected(
        document=pruned,
        operations=len(kept),
        operations_total=len(every),
        components=closure.kept_count,
        components_total=closure.total_count,
    )


def _matches_nothing(label: str, selector: Selector, every: list[Operation]) -> str:
    message = f"{label} selector {selector.text!r} matches no operation"
    known = sorted({value for op in every for value in op.values(selector.kind)})
    close = difflib.get_close_matches(selector.pattern, known, n=3)
    if close:
        message += f" (did you mean {', '.join(f'{selector.kind}:{c}' for c in close)}?)"
    return message


def _prune_items(
    document: dict[str, Any], items: dict[str, Any], root: str, kept: list[Operation]
) -> dict[str, Any]:
    """`paths` (or `webhooks`) with the kept operations only; untouched path items are shared."""
    methods: dict[str, set[str]] = {}
    for op in kept:
        if op.root == root:
            methods.setdefault(op.key, set()).add(op.method)
    result: dict[str, Any] = {}
    for key, item in items.items():
        if key.startswith("x-"):
            result[key] = item
            continue
        wanted = methods.get(key)
        if not wanted:
            continue
        target = deref(document, item, jsonpointer.join(root, key)).node
        if not isinstance(target, dict):
            continue
        dropped = {m for m in HTTP_METHODS if isinstance(target.get(m), dict)} - wanted
        if not dropped:
            result[key] = item
            continue
        # A path item given by `$ref` is inlined here: the component may be shared by others.
        siblings = {k: v for k, v in item.items() if k != "$ref"} if item is not target else {}
        result[key] = {k: v for k, v in {**target, **siblings}.items() if k not in dropped}
    return result


class _Closure:
    """The components reached from the kept parts of a document, found breadth-first."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        raw = document.get("components")
        self.source: dict[str, Any] = raw if isinstance(raw, dict) else {}
        self.kept: dict[str, set[str]] = {}
        self._queue: list[Any] = []
        self._ids: dict[str, tuple[str, str]] | None = None
        self._keep_all_schemas = False
        # `$ref`s into `paths` or `webhooks`: their targets must survive the pruning.
        self.into_operations: list[str] = []

    @property
    def total_count(self) -> int:
        return sum(len(self._kind(kind)) for kind in COMPONENT_KINDS)

    @property
    def kept_count(self) -> int:
        return sum(len(names) for names in self.kept.values())

    def _kind(self, kind: str) -> dict[str, Any]:
        members = self.source.get(kind)
        return members if isinstance(members, dict) else {}

    def visit(self, node: Any) -> None:
        self._queue.append(node)
        while self._queue:
            for reference in _references(self._queue.pop()):
                self._follow(reference)

    def keep(self, kind: str, name: str) -> None:
        names = self.kept.setdefault(kind, set())
        if name in names or name not in self._kind(kind):
            return
        names.add(name)
        self._queue.append(self._kind(kind)[name])

    def _follow(self, reference: _Reference) -> None:
        if reference.kind == "security":
            self.keep("securitySchemes", reference.value)
        elif reference.kind == "mapping" and not _looks_like_ref(reference.value):
            self.keep("schemas", reference.value)  # a bare schema name
        elif reference.value.startswith("#/"):
            segments = jsonpointer.split(jsonpointer.local_ref_pointer(reference.value))
            if segments[:1] != ["components"]:
                if segments[:1] in (["paths"], ["webhooks"]):
                    self.into_operations.append(reference.value)
            elif len(segments) >= 3:
                if segments[1] in COMPONENT_KINDS:
                    self.keep(segments[1], segments[2])
            else:  # `#/components` or `#/components/schemas`: odd, but keep what it names
                for kind in segments[1:] or list(COMPONENT_KINDS):
                    for name in self._kind(kind):
                        self.keep(kind, name)
        else:
            self._follow_schema_id(reference.value)

    def _follow_schema_id(self, ref: str) -> None:
        """`$ref`s by `$id` or `$anchor`: keep the component schema that declares it."""
        if self._ids is None:
            self._ids = _declared_ids(self._kind("schemas"))
        base, _, fragment = ref.partition("#")
        found = self._ids.get(base) if base else self._ids.get("#" + fragment)
        if found is not None:
            self.keep(*found)
        elif not self._keep_all_schemas:
            # Not ours to resolve (validation reports it): keeping every schema is always safe.
            self._keep_all_schemas = True
            for name in self._kind("schemas"):
                self.keep("schemas", name)

    def components(self) -> dict[str, Any] | None:
        if "components" not in self.document:
            return None
        raw = self.document["components"]
        if not isinstance(raw, dict):
            return raw  # type: ignore[no-any-return]  # validation's business, not ours
        result: dict[str, Any] = {}
        for key, value in raw.items():
            if key in COMPONENT_KINDS and isinstance(value, dict):
                names = self.kept.get(key, set())
                members = {name: item for name, item in value.items() if name in names}
                if members:
                    result[key] = members
            else:
                result[key] = value  # extensions and malformed kinds are kept as written
        return result


@dataclass(frozen=True, slots=True)
class _Reference:
    kind: str  # "ref" ($ref), "mapping" (a discriminator mapping value), "security"
    value: str


def _references(node: Any) -> Iterator[_Reference]:
    """What a subtree refers to: `$ref`s outside example data, discriminator mappings and the
    security schemes its security requirements name."""
    stack: list[tuple[tuple[str, ...], Any]] = [((), node)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, list):
            stack.extend(((*path, str(i)), item) for i, item in enumerate(value))
            continue
        if not isinstance(value, dict):
            continue
        ref = value.get("$ref")
        if isinstance(ref, str):
            yield _Reference("ref", ref)
        # In a map of names (`properties`, `responses`, ...) `security` is just a name.
        names = bool(path) and path[-1] in NAME_MAPS
        for key, child in value.items():
            child_path = (*path, key)
            if names:
                stack.append((child_path, child))
            elif key == "security" and isinstance(child, list):
                for requirement in child:
                    if isinstance(requirement, dict):
                        yield from (_Reference("security", str(name)) for name in requirement)
            elif key == "discriminator" and isinstance(child, dict):
                mapping = child.get("mapping")
                if isinstance(mapping, dict):
                    values = (v for v in mapping.values() if isinstance(v, str))
                    yield from (_Reference("mapping", v) for v in values)
            elif isinstance(child, dict | list) and not is_literal(child_path, child):
                stack.append((child_path, child))


def _resolves(document: dict[str, Any], ref: str) -> bool:
    try:
        jsonpointer.resolve(document, jsonpointer.local_ref_pointer(ref))
    except KeyError:
        return False
    return True


def _looks_like_ref(value: str) -> bool:
    return "#" in value or "/" in value


def _declared_ids(schemas: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """`$id` and `#`+`$anchor` values declared inside component schemas → the component."""
    found: dict[str, tuple[str, str]] = {}
    for name, schema in schemas.items():
        stack = [schema]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                for keyword, prefix in (("$id", ""), ("$anchor", "#"), ("$dynamicAnchor", "#")):
                    declared = value.get(keyword)
                    if isinstance(declared, str):
                        found.setdefault(prefix + declared.partition("#")[0], ("schemas", name))
                stack.extend(value.values())
            elif isinstance(value, list):
                stack.extend(value)
    return found
