"""OpenAPI Overlay 1.0: patching a document one does not own, without editing it.

An overlay file lists actions, each a JSONPath (RFC 9535) `target` with an `update` (merged into
every object it selects, appended to every array) or `remove: true` (every selected node leaves
its parent). Overlays apply in order, to the bundled document, before validation.

Locations stay honest: a node an overlay brought in is located at the `update` that brought it
(file, line and column in the overlay); every other node at the file it was written in, even after
removals moved array items up. Problems of an overlay itself are located diagnostics in it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonpath_rfc9535 as jsonpath

from specgen.diagnostics import Diagnostic, SpecInvalid, UsageError
from specgen.document import jsonpointer
from specgen.load.sources import Source, SourceError, parse, read_text

if TYPE_CHECKING:
    from specgen.load.spec import Locator

Segments = tuple[str, ...]

_VERSION = re.compile(r"1\.0\.\d+")
_ACTION_FIELDS = ("target", "description", "update", "remove")
_TOP_FIELDS = ("overlay", "info", "extends", "actions")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class _Introduced:
    """The node at `at` (and below) came from the overlay `source`, at `origin` in it."""

    at: Segments
    source: Source
    origin: Segments


@dataclass(frozen=True, slots=True)
class _Shifted:
    """Item `index` of the array at `array` was removed: the items after it moved up by one."""

    array: Segments
    index: int


_Edit = _Introduced | _Shifted


class OverlaySourceMap:
    """Locates pointers into the overlaid document: undoes the edits, newest first."""

    def __init__(self, base: Locator | None, fallback: str, edits: Sequence[_Edit]) -> None:
        self._base = base
        self._fallback = fallback
        self._edits = list(edits)

    def locate(self, pointer: str) -> tuple[str, int, int, str]:
        try:
            segments = jsonpointer.split(pointer)
        except ValueError:
            segments = []
        for edit in reversed(self._edits):
            if isinstance(edit, _Introduced):
                depth = len(edit.at)
                if tuple(segments[:depth]) == edit.at:
                    in_overlay = [*edit.origin, *segments[depth:]]
                    line, col = edit.source.positions.find(in_overlay)
                    return edit.source.display, line, col, jsonpointer.join(*in_overlay)
            else:
                depth = len(edit.array)
                if len(segments) > depth and tuple(segments[:depth]) == edit.array:
                    item = segments[depth]
                    if item.isdigit() and int(item) >= edit.index:
                        segments[depth] = str(int(item) + 1)
        original = jsonpointer.join(*segments)
        if self._base is None:
            return self._fallback, 0, 0, original
        return self._base.locate(original)


@dataclass
class Overlaid:
    """The document after every overlay, and what the loader needs to know about them."""

    document: Any
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)
    edits: list[_Edit] = field(default_factory=list)


def apply_overlays(
    document: Any, overlays: Sequence[str | Path], *, spec_path: Path, digest: Any
) -> Overlaid:
    """Apply the overlay files in order to a copy of `document` (which is not changed).

    Raises UsageError when an overlay file cannot be read and SpecInvalid when it cannot be
    parsed; every other problem with an overlay is a located diagnostic, and its action is
    skipped. `digest` makes the digest of an overlay's data (for the manifest).
    """
    result = Overlaid(_copy(document))
    for given in overlays:
        source, diagnostics = _read(Path(given))
        result.files.append(source.path)
        result.digests.append(digest(source.data))
        result.diagnostics += diagnostics
        _Applier(source, result, spec_path).run()
    return result


def _read(path: Path) -> tuple[Source, list[Diagnostic]]:
    display = str(path)
    resolved = path.resolve()
    try:
        text = read_text(path, display)
    except SourceError as exc:
        raise UsageError(f"overlay {exc.message}") from exc
    try:
        return parse(resolved, display, text)
    except SourceError as exc:
        raise SpecInvalid(exc.diagnostics) from exc


class _Applier:
    def __init__(self, source: Source, result: Overlaid, spec_path: Path) -> None:
        self.source = source
        self.result = result
        self.spec_path = spec_path

    def error(self, segments: Sequence[str | int], message: str) -> None:
        self._report("overlay", segments, message)  # blocking: the action is skipped

    def warning(self, segments: Sequence[str | int], message: str) -> None:
        self._report("overlay-no-effect", segments, message)

    def _report(self, rule_id: str, segments: Sequence[str | int], message: str) -> None:
        self.result.diagnostics.append(
            self.source.diagnostic(rule_id, [str(s) for s in segments], f"overlay: {message}")
        )

    def run(self) -> None:
        data = self.source.data
        if not isinstance(data, dict):
            self.error([], "an overlay must be a mapping with `overlay`, `info` and `actions`")
            return
        if not self._check_header(data):
            return
        for index, action in enumerate(data["actions"]):
            self._action(index, action)

    def _check_header(self, data: dict[str, Any]) -> bool:
        ok = True
        version = data.get("overlay")
        if version is None:
            self.error([], "not an Overlay document: the 'overlay' field (\"1.0.0\") is missing")
            ok = False
        elif not isinstance(version, str) or not _VERSION.fullmatch(version):
            self.error(["overlay"], f"Overlay {version!r} is not supported (supported: 1.0.x)")
            ok = False
        info = data.get("info")
        if not isinstance(info, dict) or not all(
            isinstance(info.get(k), str) for k in ("title", "version")
        ):
            where = ["info"] if "info" in data else []
            self.error(where, "`info` must be a mapping with a `title` and a `version` string")
        actions = data.get("actions")
        if not isinstance(actions, list) or not actions:
            where = ["actions"] if "actions" in data else []
            self.error(where, "`actions` must be a non-empty list of actions")
            ok = False
        for key in data:
            if key not in _TOP_FIELDS and not str(key).startswith("x-"):
                self.error([key], _unknown_field(key, _TOP_FIELDS))
        self._check_extends(data.get("extends"))
        return ok

    def _check_extends(self, extends: Any) -> None:
        if extends is None:
            return
        if not isinstance(extends, str):
            self.error(["extends"], "`extends` must be a URI reference (a string)")
        elif not _SCHEME.match(extends):
            named = (self.source.path.parent / extends.partition("#")[0]).resolve()
            if named != self.spec_path.resolve():
                self.warning(
                    ["extends"],
                    f"this overlay extends {extends!r}, but is applied to {self.spec_path}",
                )

    def _action(self, index: int, action: Any) -> None:
        at: list[str | int] = ["actions", index]
        if not isinstance(action, dict):
            self.error(at, "an action must be a mapping with a `target`")
            return
        unknown = [k for k in action if k not in _ACTION_FIELDS and not str(k).startswith("x-")]
        for key in unknown:
            self.error([*at, key], _unknown_field(key, _ACTION_FIELDS))
        target = action.get("target")
        if not isinstance(target, str):
            self.error(
                at if target is None else [*at, "target"], "`target` (a JSONPath) is required"
            )
            return
        try:
            query = jsonpath.compile(target)
        except jsonpath.JSONPathError as exc:
            self.error([*at, "target"], f"invalid JSONPath {target!r}: {_reason(exc)}")
            return
        remove = action.get("remove", False)
        if not isinstance(remove, bool):
            self.error([*at, "remove"], "`remove` must be true or false")
            return
        if unknown:
            return  # a misspelt `update` or `remove` must not half-apply
        if not remove and "update" not in action:
            self.warning(at, "the action has neither `update` nor `remove: true`; it does nothing")
            return
        nodes = list(query.finditer(self.result.document))
        if not nodes:
            # Overlay 1.0 says this is not an error; it usually means the document changed.
            self.warning([*at, "target"], f"target {target!r} matches nothing")
            return
        if remove:
            self._remove(at, nodes)
        else:
            self._update(at, nodes, action["update"])

    def _remove(self, at: list[str | int], nodes: list[jsonpath.JSONPathNode]) -> None:
        if any(not node.location for node in nodes):
            self.error([*at, "target"], "the whole document cannot be removed")
            return
        # Descendants before ancestors, later array items before earlier ones: a removal moves
        # up only items after it, gone already, so every location (and edit) is still current.
        unique = {node.location: node for node in nodes}
        for location in sorted(unique, key=_order_key, reverse=True):
            node = unique[location]
            parent = node.parent
            container = parent.value if parent is not None else None
            key = node.location[-1]
            if isinstance(container, dict) and key in container:
                del container[key]
            elif isinstance(container, list) and isinstance(key, int) and key < len(container):
                del container[key]
                self.result.edits.append(_Shifted(_segments(node.location[:-1]), key))

    def _update(self, at: list[str | int], nodes: list[jsonpath.JSONPathNode], update: Any) -> None:
        # Every match is checked before any is changed: an action applies whole or not at all.
        for node in nodes:
            if isinstance(node.value, dict) and not isinstance(update, dict):
                message = f"{node.path()} is an object: the update must be a mapping to merge"
                self.error([*at, "update"], message)
                return
            if not isinstance(node.value, dict | list):
                self.error(
                    [*at, "target"],
                    f"{node.path()} is {_json_kind(node.value)}: an update needs objects or "
                    "arrays (target the parent object instead)",
                )
                return
        origin = (*(str(s) for s in at), "update")
        for node in nodes:
            value, where = node.value, _segments(node.location)
            if isinstance(value, dict):
                self._merge(value, update, where, origin)
            elif isinstance(value, list):
                self._append(value, update, where, origin)

    def _merge(
        self, target: dict[str, Any], update: dict[str, Any], where: Segments, origin: Segments
    ) -> None:
        for key, value in update.items():
            current = target.get(key)
            if isinstance(current, dict) and isinstance(value, dict):
                self._merge(current, value, (*where, key), (*origin, key))
            elif isinstance(current, list) and isinstance(value, list):
                self._append(current, value, (*where, key), (*origin, key))
            else:
                target[key] = _copy(value)
                self._introduced((*where, key), (*origin, key))

    def _append(self, target: list[Any], update: Any, where: Segments, origin: Segments) -> None:
        # A list appends its items (what every overlay tool does); any other value is one item.
        items = list(enumerate(update)) if isinstance(update, list) else [(None, update)]
        for index, item in items:
            self._introduced(
                (*where, str(len(target))), origin if index is None else (*origin, str(index))
            )
            target.append(_copy(item))

    def _introduced(self, at: Segments, origin: Segments) -> None:
        self.result.edits.append(_Introduced(at, self.source, origin))


def _order_key(location: tuple[str | int, ...]) -> tuple[tuple[int, str | int], ...]:
    """Document order among the nodes of one document (siblings' keys have one type)."""
    return tuple((0, step) if isinstance(step, int) else (1, step) for step in location)


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a string" if isinstance(value, str) else "a number"


def _segments(location: Sequence[str | int]) -> Segments:
    return tuple(str(s) for s in location)


def _reason(exc: jsonpath.JSONPathError) -> str:
    message = str(exc.args[0]) if exc.args else type(exc).__name__
    token = exc.token
    return f"{message} (at character {token.index + 1})" if token is not None else message


def _unknown_field(key: Any, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(str(key), known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown field {key!r} (known: {', '.join(known)}, or x- extensions){hint}"


def _copy(value: Any) -> Any:
    """A deep copy of JSON data: no node is shared, even where YAML aliases shared them."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value
