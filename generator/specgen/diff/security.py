"""Security: requirements (document-wide and per operation) and the schemes they name.

A requirement is a list of alternatives; each alternative names schemes (all needed) with their
scopes. A caller who met an alternative of the base is still served when some alternative of the
revision asks for no more schemes and no more scopes. A new alternative that leaves some base
caller unserved is an error (`*-security-added`), one that only adds a way in is not.
"""

from __future__ import annotations

from typing import Any

from specgen.diff.context import Emitter
from specgen.diff.operations import Operation
from specgen.diff.resolve import as_dict
from specgen.document import jsonpointer
from specgen.document.refs import deref

Alternative = dict[str, frozenset[str]]


def _alternatives(raw: Any) -> list[Alternative]:
    """A security requirement list; no requirement is one empty alternative (no credentials)."""
    if not isinstance(raw, list) or not raw:
        return [{}]
    result = []
    for entry in raw:
        if isinstance(entry, dict):
            result.append(
                {
                    str(k): frozenset(str(s) for s in v) if isinstance(v, list) else frozenset()
                    for k, v in entry.items()
                }
            )
    return result or [{}]


def _served(caller: Alternative, alternatives: list[Alternative]) -> bool:
    return any(
        set(alt) <= set(caller) and all(alt[s] <= caller[s] for s in alt) for alt in alternatives
    )


def _describe(alternative: Alternative) -> str:
    if not alternative:
        return "no credentials"
    return " + ".join(
        f"{name}[{', '.join(sorted(scopes))}]" if scopes else name
        for name, scopes in sorted(alternative.items())
    )


def compare_requirements(
    emitter: Emitter,
    prefix: str,
    label: str,
    old_raw: Any,
    new_raw: Any,
    revision_at: str,
    base_at: str,
) -> None:
    """Emit `{prefix}-security-*` rules (prefix "api" or "api-global")."""
    old, new = _alternatives(old_raw), _alternatives(new_raw)
    old_by = {frozenset(a): a for a in old}
    new_by = {frozenset(a): a for a in new}
    everyone_served = all(_served(alt, new) for alt in old)

    def emit(kind: str, text: str, *, removed: bool = False) -> None:
        where = "the API" if prefix == "api-global" else "the operation"
        emitter.emit(
            f"{prefix}-security-{kind}",
            operation=label,
            at="/security",
            message=f"{where}: {text}",
            revision=None if removed else revision_at,
            base=base_at if removed else None,
            anchor=revision_at if removed else None,
        )

    for key, alternative in new_by.items():
        if key in old_by:
            continue
        if not key or everyone_served:
            kind = "relaxed" if not key else "alternative-added"
            emit(kind, f"now accepts {_describe(alternative)}")
        else:
            emit("added", f"now requires {_describe(alternative)}")
    for key, alternative in old_by.items():
        if key in new_by or not key:
            continue  # no-credential callers losing access is reported as `added`
        if _served(alternative, new):
            emit("relaxed", f"no longer requires {_describe(alternative)}")
        else:
            emit("removed", f"no longer accepts {_describe(alternative)}", removed=True)
    for key in old_by.keys() & new_by.keys():
        for scheme in sorted(key):
            added = new_by[key][scheme] - old_by[key][scheme]
            dropped = old_by[key][scheme] - new_by[key][scheme]
            if added:
                emit("scope-added", f"{scheme} needs scope(s) {', '.join(sorted(added))}")
            if dropped:
                emit("scope-removed", f"{scheme} no longer needs {', '.join(sorted(dropped))}")


def compare_operation(emitter: Emitter, old: Operation, new: Operation) -> None:
    if "security" not in old.operation and "security" not in new.operation:
        return  # the document's requirement applies to both: compared once, for the document
    old_raw = old.operation.get("security", emitter.base.document.get("security"))
    new_raw = new.operation.get("security", emitter.revision.document.get("security"))
    revision_at = jsonpointer.append(new.pointer, "security")
    if "security" not in new.operation:
        revision_at = new.pointer
    base_at = jsonpointer.append(old.pointer, "security")
    compare_requirements(emitter, "api", new.label, old_raw, new_raw, revision_at, base_at)


def compare_document(emitter: Emitter) -> None:
    old_doc, new_doc = emitter.base.document, emitter.revision.document
    at = "/security" if "security" in new_doc else ""
    compare_requirements(
        emitter, "api-global", "", old_doc.get("security"), new_doc.get("security"), at, "/security"
    )
    _compare_schemes(emitter)


def _schemes(document: dict[str, Any]) -> dict[str, tuple[dict[str, Any], str]]:
    raw = (document.get("components") or {}).get("securitySchemes")
    result: dict[str, tuple[dict[str, Any], str]] = {}
    if isinstance(raw, dict):
        for name, scheme in raw.items():
            pointer = jsonpointer.join("components", "securitySchemes", name)
            target = deref(document, scheme, pointer)
            if isinstance(target.node, dict):
                result[str(name)] = (target.node, target.pointer)
    return result


def _compare_schemes(emitter: Emitter) -> None:
    old = _schemes(emitter.base.document)
    new = _schemes(emitter.revision.document)

    def emit(
        rule: str, name: str, text: str, revision: str | None, base: str | None = None
    ) -> None:
        emitter.emit(
            f"api-security-component-{rule}",
            operation="",
            at=jsonpointer.join("components", "securitySchemes", name),
            message=f"security scheme {name!r}: {text}",
            revision=revision,
            base=base,
        )

    for name, (_, pointer) in new.items():
        if name not in old:
            emit("added", name, "was added", pointer)
    for name, (scheme, pointer) in old.items():
        if name not in new:
            emit("removed", name, "was removed", None, pointer)
            continue
        new_scheme, new_pointer = new[name]
        if scheme.get("type") != new_scheme.get("type"):
            emit(
                "type-changed",
                name,
                f"type {scheme.get('type')} → {new_scheme.get('type')}",
                new_pointer,
            )
            continue
        for key in ("scheme", "name", "in"):
            old_value, new_value = scheme.get(key), new_scheme.get(key)
            if key == "scheme" and isinstance(old_value, str) and isinstance(new_value, str):
                old_value, new_value = old_value.lower(), new_value.lower()
            if old_value != new_value:
                emit("scheme-changed", name, f"{key} {old_value} → {new_value}", new_pointer)
        if scheme.get("openIdConnectUrl") != new_scheme.get("openIdConnectUrl"):
            emit("openid-url-changed", name, "openIdConnectUrl changed", new_pointer)
        _compare_flows(emit, name, scheme, new_scheme, new_pointer)


def _compare_flows(
    emit: Any, name: str, old: dict[str, Any], new: dict[str, Any], pointer: str
) -> None:
    old_flows = as_dict(old.get("flows"))
    new_flows = as_dict(new.get("flows"))
    for flow in new_flows:
        if flow not in old_flows:
            emit("oauth-flow-added", name, f"flow {flow} was added", pointer)
    for flow, old_flow in old_flows.items():
        if flow not in new_flows:
            emit("oauth-flow-removed", name, f"flow {flow} was removed", pointer)
            continue
        new_flow = new_flows[flow]
        if not isinstance(old_flow, dict) or not isinstance(new_flow, dict):
            continue
        at = jsonpointer.append(pointer, "flows", flow)
        if old_flow.get("authorizationUrl") != new_flow.get("authorizationUrl"):
            emit("oauth-url-changed", name, f"{flow} authorizationUrl changed", at)
        for key in ("tokenUrl", "refreshUrl"):
            if old_flow.get(key) != new_flow.get(key):
                emit("oauth-token-url-changed", name, f"{flow} {key} changed", at)
        old_scopes = set(old_flow.get("scopes") or {})
        new_scopes = set(new_flow.get("scopes") or {})
        if added := sorted(new_scopes - old_scopes):
            emit("oauth-scope-added", name, f"{flow} scope(s) added: {', '.join(added)}", at)
        if removed := sorted(old_scopes - new_scopes):
            emit("oauth-scope-removed", name, f"{flow} scope(s) removed: {', '.join(removed)}", at)
