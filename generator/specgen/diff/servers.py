"""Servers of the document: paired by URL template; their variables and values.

Servers of path items and operations are not compared (they are rare, and override these).
"""

from __future__ import annotations

from typing import Any

from specgen.diff.context import Emitter
from specgen.diff.resolve import as_dict
from specgen.document import jsonpointer


def _servers(document: dict[str, Any]) -> dict[str, tuple[dict[str, Any], str]]:
    raw = document.get("servers")
    result: dict[str, tuple[dict[str, Any], str]] = {}
    if isinstance(raw, list):
        for index, server in enumerate(raw):
            if isinstance(server, dict) and isinstance(server.get("url"), str):
                result.setdefault(server["url"], (server, jsonpointer.join("servers", index)))
    return result


def compare(emitter: Emitter) -> None:
    old = _servers(emitter.base.document)
    new = _servers(emitter.revision.document)

    def emit(
        rule: str,
        url: str,
        text: str,
        revision: str | None,
        base: str | None = None,
        anchor: str | None = None,
    ) -> None:
        emitter.emit(
            rule,
            operation="",
            at=f"/servers/{url}",
            message=f"server {url}: {text}",
            revision=revision,
            base=base,
            anchor=anchor,
        )

    anchor = "/servers" if "servers" in emitter.revision.document else ""
    for url, (_, pointer) in new.items():
        if url not in old:
            emit("api-server-added", url, "was added", pointer)
    for url, (server, pointer) in old.items():
        if url not in new:
            emit("api-server-removed", url, "was removed", None, base=pointer, anchor=anchor)
            continue
        new_server, new_pointer = new[url]
        old_vars = as_dict(server.get("variables"))
        new_vars = as_dict(new_server.get("variables"))
        for name in new_vars:
            if name not in old_vars:
                at = jsonpointer.append(new_pointer, "variables", name)
                emit("api-server-variable-added", url, f"variable {name!r} was added", at)
        for name, variable in old_vars.items():
            at = jsonpointer.append(new_pointer, "variables", name)
            if name not in new_vars:
                emit(
                    "api-server-variable-removed",
                    url,
                    f"variable {name!r} was removed",
                    None,
                    base=jsonpointer.append(pointer, "variables", name),
                    anchor=new_pointer,
                )
                continue
            _compare_variable(emit, url, name, variable, new_vars[name], at)


def _compare_variable(emit: Any, url: str, name: str, old: Any, new: Any, at: str) -> None:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return
    old_enum = [str(v) for v in old.get("enum") or []]
    new_enum = [str(v) for v in new.get("enum") or []]
    if old_enum and new_enum:
        if removed := [v for v in old_enum if v not in new_enum]:
            emit(
                "api-server-variable-enum-value-removed",
                url,
                f"variable {name!r}: value(s) removed: {', '.join(removed)}",
                at,
            )
        if added := [v for v in new_enum if v not in old_enum]:
            emit(
                "api-server-variable-enum-value-added",
                url,
                f"variable {name!r}: value(s) added: {', '.join(added)}",
                at,
            )
    if old.get("default") != new.get("default"):
        emit(
            "api-server-variable-default-changed",
            url,
            f"variable {name!r}: default {old.get('default')!r} → {new.get('default')!r}",
            at,
        )
