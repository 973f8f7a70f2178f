"""Following local `$ref`s: the one implementation every stage uses.

Only references inside the document (`#/...`) are followed here; the loader has already bundled
relative-file references into the document and rewritten those by `$id` or `$anchor` to
pointers (`schema_ids`), and remote ones are never fetched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from specgen.document import jsonpointer

# A chain of refs longer than this is a cycle in practice (validation reports cycles); the limit
# keeps every caller from looping on one.
MAX_REF_HOPS = 50


@dataclass(frozen=True, slots=True)
class Target:
    """Where a chain of `$ref`s ends."""

    pointer: str  # JSON pointer of `node` in the document
    node: Any  # the node reached; the last one before a broken link when not `resolved`
    resolved: bool  # False when a `$ref` on the way is not local, does not resolve, or cycles


def deref(document: Any, node: Any, pointer: str = "") -> Target:
    """Follow `node`'s local `$ref`s (`pointer` says where `node` itself sits)."""
    for _ in range(MAX_REF_HOPS):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str):
            return Target(pointer, node, True)
        try:
            target_pointer = jsonpointer.local_ref_pointer(ref)
            target = jsonpointer.resolve(document, target_pointer)
        except (KeyError, ValueError):
            return Target(pointer, node, False)
        pointer, node = target_pointer, target
    return Target(pointer, node, False)


def at(document: Any, pointer: str) -> Target:
    """The node at `pointer`, its `$ref`s followed; unresolved (node None) when there is none."""
    try:
        node = jsonpointer.resolve(document, pointer)
    except (KeyError, ValueError):
        return Target(pointer, None, False)
    return deref(document, node, pointer)


def resolved_or(document: Any, node: Any, fallback: Any) -> Any:
    """`node` with its refs followed, or `fallback` when the chain is broken."""
    target = deref(document, node)
    return target.node if target.resolved else fallback
