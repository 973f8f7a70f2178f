"""Comparing two resolved schemas: the keywords of each node, then its structure.

Properties are paired by name, subschemas by keyword, `oneOf`/`anyOf` branches by `$ref` name,
title, shape and finally order, and every pair is compared in turn: a breaking change deep inside
a oneOf branch is found like one at the top. A schema that becomes a branch of a new oneOf
("wrapped") is compared with the branch that fits it best.
"""

from __future__ import annotations

from collections.abc import Callable

from specgen.diff import keywords
from specgen.diff.context import SchemaContext, dotted
from specgen.diff.findings import Level
from specgen.diff.resolve import Node
from specgen.document import jsonpointer

# Subschemas that constrain the same value (or its items, names, ...): (keyword, rule kind).
SUBSCHEMAS = (
    ("items", "items"),
    ("contains", "contains"),
    ("propertyNames", "property-names"),
    ("if", "if"),
    ("then", "then"),
    ("else", "else"),
    ("unevaluatedItems", "unevaluated-items"),
    ("unevaluatedProperties", "unevaluated-properties"),
    ("contentSchema", "content-schema"),
)
# Keywords whose presence makes an unevaluated* keyword of the same node a no-op.
_EVALUATES_ALL = {"unevaluatedProperties": "additionalProperties", "unevaluatedItems": "items"}
_BRANCH_KINDS = {"oneOf": "one-of", "anyOf": "any-of"}


def compare(ctx: SchemaContext, base: Node, rev: Node) -> None:
    key = (base.key, rev.key, ctx.scope.name, ctx.xml)
    emitter = ctx.emitter
    if key in emitter.unchanged:
        return  # compared before (for another operation): nothing to report
    if key in ctx.seen:
        emitter.cuts += 1
        return  # a recursive schema: this pair is being compared further up
    ctx.seen.add(key)
    found, cuts = len(emitter.findings), emitter.cuts
    _compare(ctx, base, rev)
    if len(emitter.findings) == found and emitter.cuts == cuts:
        # Nothing found, and nothing left to a comparison further up: the same pair in the same
        # scope finds nothing anywhere else either.
        emitter.unchanged.add(key)


def _compare(ctx: SchemaContext, base: Node, rev: Node) -> None:
    if _wrapped(ctx, base, rev) or _unwrapped(ctx, base, rev):
        return
    if not keywords.compare_types(ctx, base, rev):
        return  # another type: its constraints and structure are not comparable
    keywords.compare_nullable(ctx, base, rev)
    keywords.compare_format(ctx, base, rev)
    keywords.compare_values(ctx, base, rev)
    keywords.compare_bounds(ctx, base, rev)
    keywords.compare_pattern(ctx, base, rev)
    keywords.compare_flags(ctx, base, rev)
    keywords.compare_discriminator(ctx, base, rev)
    keywords.compare_dependencies(ctx, base, rev)
    compare_properties(ctx, base, rev)
    compare_additional(ctx, base, rev)
    compare_subschemas(ctx, base, rev)
    for list_key in _BRANCH_KINDS:
        compare_branches(ctx, list_key, base, rev)


# -- properties --------------------------------------------------------------------------------
def _hidden(ctx: SchemaContext, node: Node) -> bool:
    """readOnly properties are not sent by callers; writeOnly ones are not returned."""
    return node.flag("writeOnly") if ctx.scope.output else node.flag("readOnly")


def compare_properties(ctx: SchemaContext, base: Node, rev: Node) -> None:
    from specgen.diff.rules import PROPERTY_RULES

    rules = PROPERTY_RULES[ctx.scope.properties]
    old, new = base.properties(), rev.properties()
    parent = rev.site("properties")
    for name, old_node in old.items():
        child = ctx.member(name)
        if name not in new:
            if _hidden(ctx, old_node):
                continue
            required = name in base.required
            if ctx.scope.output:
                kind = "required-removed" if required else "removed"
            else:
                kind = "closed-removed" if rev.additional()[0] == "closed" else "removed"
            _property_rule(
                child, rules[kind], f"property {name!r} was removed", None, old_node, parent
            )
            continue
        new_node = new[name]
        if _hidden(ctx, old_node) and _hidden(ctx, new_node):
            continue
        was, now = name in base.required, name in rev.required
        if was != now and not _hidden(ctx, new_node):
            kind = "became-required" if now else "became-optional"
            text = f"property {name!r} became {'required' if now else 'optional'}"
            _property_rule(child, rules[kind], text, rev.site("required"), None, None)
        compare(child, old_node, new_node)
    for name, new_node in new.items():
        if name in old or _hidden(ctx, new_node):
            continue
        required = name in rev.required
        kind = "required-added" if required else "optional-added"
        text = f"{'required' if required else 'optional'} property {name!r} was added"
        _property_rule(ctx.member(name), rules[kind], text, new_node.pointer, None, None)


def _property_rule(
    ctx: SchemaContext,
    rule: tuple[str, Level, str],
    text: str,
    revision: str | None,
    base: Node | None,
    anchor: str | None,
) -> None:
    parent = ctx.path[:-1]
    where = f"{ctx.where}: {dotted(parent)}" if parent else ctx.where
    ctx.emitter.emit(
        rule[0],
        operation=ctx.operation,
        at=ctx.at,
        message=f"{where}: {text}",
        revision=revision,
        base=base.pointer if base is not None else None,
        anchor=anchor,
    )


def compare_additional(ctx: SchemaContext, base: Node, rev: Node) -> None:
    (old, old_node), (new, new_node) = base.additional(), rev.additional()
    at = rev.site("additionalProperties")
    if old == new:
        if old_node is not None and new_node is not None:
            compare(ctx.member("*", via="additionalProperties"), old_node, new_node)
        return
    if new == "closed":
        ctx.emit("additional-properties-closed", "no other properties are allowed now", at)
    elif old == "closed":
        ctx.emit("additional-properties-opened", "other properties are allowed now", at)
    elif new == "schema":
        ctx.emit("additional-properties-narrowed", "other properties must match a schema", at)
    else:
        ctx.emit("additional-properties-widened", "other properties may be anything now", at)


# -- subschemas --------------------------------------------------------------------------------
def _effective_sub(node: Node, key: str) -> Node | None:
    covering = _EVALUATES_ALL.get(key)
    if covering is not None and node.has(covering):
        return None
    return node.sub(key)


def compare_subschemas(ctx: SchemaContext, base: Node, rev: Node) -> None:
    for key, kind in SUBSCHEMAS:
        old, new = _effective_sub(base, key), _effective_sub(rev, key)
        if old is None and new is None:
            continue
        if old is None:
            ctx.emit(f"{kind}-added", f"{key} was added", rev.site(key))
        elif new is None:
            ctx.emit(f"{kind}-removed", f"{key} was removed", rev.pointer)
        else:
            compare(ctx.into(key), old, new)
    old_not, new_not = base.sub("not"), rev.sub("not")
    if old_not is None and new_not is not None:
        ctx.emit("not-added", "a `not` schema was added", rev.site("not"))
    elif old_not is not None and new_not is None:
        ctx.emit("not-removed", "the `not` schema was removed", rev.pointer)
    elif old_not is not None and new_not is not None and old_not.shape() != new_not.shape():
        ctx.emit("not-changed", "the `not` schema changed", rev.site("not"))
    _compare_prefix_items(ctx, base, rev)
    _compare_map(ctx, "patternProperties", "pattern-property", base, rev, child=True)
    _compare_map(ctx, "dependentSchemas", "dependent-schema", base, rev, child=False)


def _compare_prefix_items(ctx: SchemaContext, base: Node, rev: Node) -> None:
    old, new = base.schema_list("prefixItems"), rev.schema_list("prefixItems")
    for index, (old_item, new_item) in enumerate(zip(old, new, strict=False)):
        compare(ctx.into("prefixItems", index), old_item, new_item)
    if len(new) > len(old):
        ctx.emit(
            "prefix-items-added",
            f"{len(new) - len(old)} prefixItems added",
            rev.site("prefixItems"),
        )
    elif len(old) > len(new):
        ctx.emit("prefix-items-removed", f"{len(old) - len(new)} prefixItems removed", rev.pointer)


def _compare_map(
    ctx: SchemaContext, key: str, kind: str, base: Node, rev: Node, *, child: bool
) -> None:
    old, new = base.schema_map(key), rev.schema_map(key)
    for name, new_node in new.items():
        at = jsonpointer.append(ctx.at, key, name)
        if name not in old:
            ctx.emit(f"{kind}-added", f"{key} {name!r} was added", new_node.pointer, at=at)
        else:
            sub = ctx.member(name, via=key) if child else ctx.into(key, name)
            compare(sub, old[name], new_node)
    for name, old_node in old.items():
        if name not in new:
            at = jsonpointer.append(ctx.at, key, name)
            text = f"{key} {name!r} was removed"
            ctx.emit(
                f"{kind}-removed", text, None, base=old_node.pointer, anchor=rev.pointer, at=at
            )


# -- oneOf / anyOf -----------------------------------------------------------------------------
def _label(node: Node, index: int) -> str:
    return node.ref or node.title or str(index)


def match_branches(
    old: list[Node], new: list[Node]
) -> tuple[list[tuple[Node, Node]], list[Node], list[Node]]:
    """Pair branches by $ref name, then title, then shape, then order (inline ones only)."""
    pairs: list[tuple[Node, Node]] = []
    left, right = list(old), list(new)
    tests: tuple[Callable[[Node, Node], bool], ...] = (
        lambda a, b: a.ref is not None and a.ref == b.ref,
        lambda a, b: a.ref is None and b.ref is None and a.title is not None and a.title == b.title,
        lambda a, b: a.shape() == b.shape(),
    )
    for same in tests:
        for a in list(left):
            for b in right:
                if same(a, b):
                    pairs.append((a, b))
                    left.remove(a)
                    right.remove(b)
                    break
    inline_left = [a for a in left if a.ref is None]
    inline_right = [b for b in right if b.ref is None]
    for a, b in zip(inline_left, inline_right, strict=False):
        pairs.append((a, b))
        left.remove(a)
        right.remove(b)
    return pairs, left, right


def compare_branches(ctx: SchemaContext, key: str, base: Node, rev: Node) -> None:
    old, new = base.schema_list(key), rev.schema_list(key)
    if not old and not new:
        return
    kind = _BRANCH_KINDS[key]
    pairs, removed, added = match_branches(old, new)
    if key == "anyOf":
        # A branch equal to one on the other side accepts nothing more or less (anyOf is not
        # exclusive; for oneOf, overlapping branches do change which values are valid).
        old_shapes = {n.shape() for n in old}
        new_shapes = {n.shape() for n in new}
        removed = [n for n in removed if n.shape() not in new_shapes]
        added = [n for n in added if n.shape() not in old_shapes]
    for old_node, new_node in pairs:
        label = _label(new_node, new.index(new_node))
        compare(ctx.into(key, label), old_node, new_node)
    for old_node in removed:
        label = _label(old_node, old.index(old_node))
        ctx.emit(
            f"{kind}-removed",
            f"{key} branch {label!r} was removed",
            None,
            base=old_node.pointer,
            anchor=rev.site(key),
            at=jsonpointer.append(ctx.at, key, label),
        )
    for new_node in added:
        label = _label(new_node, new.index(new_node))
        at = jsonpointer.append(ctx.at, key, label)
        ctx.emit(f"{kind}-added", f"{key} branch {label!r} was added", new_node.pointer, at=at)


def _only_branches(node: Node) -> str | None:
    """The key (oneOf/anyOf) when the node is nothing but a list of branches."""
    if node.types or node.properties():
        return None
    for key in _BRANCH_KINDS:
        if node.schema_list(key):
            return key
    return None


def _best_fit(
    ctx: SchemaContext, single: Node, key: str, branches: list[Node], *, single_is_base: bool
) -> tuple[int, SchemaContext]:
    """The branch closest to `single` (fewest, least severe findings), and its trial findings."""
    best: tuple[tuple[int, int, int], int, SchemaContext] | None = None
    for index, branch in enumerate(branches):
        trial = ctx.with_emitter(ctx.emitter.fork())
        label = _label(branch, index)
        if single_is_base:
            compare(trial.into(key, label), single, branch)
        else:
            compare(trial.into(key, label), branch, single)
        found = trial.emitter.findings
        score = (
            sum(f.level is Level.ERROR for f in found),
            sum(f.level is Level.WARNING for f in found),
            len(found),
        )
        if best is None or score < best[0]:
            best = (score, index, trial)
    assert best is not None
    return best[1], best[2]


def _wrapped(ctx: SchemaContext, base: Node, rev: Node) -> bool:
    """A schema that became one branch of a new oneOf/anyOf."""
    key = _only_branches(rev)
    if key is None or base.schema_list("oneOf") or base.schema_list("anyOf"):
        return False
    branches = rev.schema_list(key)
    index, trial = _best_fit(ctx, base, key, branches, single_is_base=True)
    label = _label(branches[index], index)
    ctx.emit("wrapped-in-one-of", f"now a branch ({label!r}) of a new {key}", rev.site(key))
    if any(f.level is not Level.INFO for f in trial.emitter.findings):
        ctx.emitter.findings.extend(trial.emitter.findings)
    return True


def _unwrapped(ctx: SchemaContext, base: Node, rev: Node) -> bool:
    """A oneOf/anyOf replaced by one of its branches: the other branches are gone."""
    key = _only_branches(base)
    if key is None or rev.schema_list("oneOf") or rev.schema_list("anyOf"):
        return False
    branches = base.schema_list(key)
    index, trial = _best_fit(ctx, rev, key, branches, single_is_base=False)
    ctx.emitter.findings.extend(trial.emitter.findings)
    kind = _BRANCH_KINDS[key]
    for other_index, branch in enumerate(branches):
        if other_index != index:
            label = _label(branch, other_index)
            at = jsonpointer.append(ctx.at, key, label)
            text = f"{key} branch {label!r} was removed (the {key} was replaced by one branch)"
            ctx.emit(f"{kind}-removed", text, None, base=branch.pointer, anchor=rev.pointer, at=at)
    return True
