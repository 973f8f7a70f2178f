"""Read an OpenAPI document (YAML or JSON, one file or many) into one bundled, located document.

Everything later stages see is the *bundled* document: plain JSON data in one dict, where every
`$ref` to another file has been replaced, as `redocly bundle` does, by an internal one or by an
inlined copy of its target. Any pointer into it can be traced back to the file, line and column a
person wrote. This module composes the parts: `sources` (reading and parsing files, with
`yamldata` and `positions`), `bundle` (the multi-file walk), `document.schema_ids` (`$ref`s by
`$id` or `$anchor` made pointers) and `sourcemap` (locating).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from specgen.diagnostics import Diagnostic, SpecInvalid, UsageError
from specgen.document import jsonpointer, schema_ids
from specgen.load.bundle import Bundler
from specgen.load.sourcemap import SourceMap
from specgen.load.sources import Files, Reader, SourceError, parse, read_text
from specgen.load.yamldata import MAX_EXPANDED_NODES
from specgen.rules import diagnostic

__all__ = [
    "MAX_EXPANDED_NODES",
    "LoadedSpec",
    "Locator",
    "SourceMap",
    "document_digest",
    "load_spec",
]


class Locator(Protocol):
    """A source map: `SourceMap`, or `OverlaySourceMap` over one."""

    def locate(self, pointer: str) -> tuple[str, int, int, str]: ...


@dataclass
class LoadedSpec:
    path: Path  # the root file as given
    document: dict[str, Any]  # the bundled document
    files: list[Path]  # every file read (resolved), root first
    diagnostics: list[Diagnostic]  # non-fatal load problems
    digest: str  # sha256 of the canonical JSON of `document` (and of each overlay's data)
    source_map: Locator | None = field(default=None, repr=False, compare=False)

    def locate(self, pointer: str) -> tuple[str, int, int, str]:
        """(display file, line, col, pointer inside that file) for a pointer into `document`.

        A node without a position of its own (e.g. a missing member) gets its nearest existing
        ancestor's line and column; line and col are 0 when nothing is known.
        """
        if self.source_map is None:
            return str(self.path), 0, 0, pointer
        return self.source_map.locate(pointer)

    def diagnostic(self, rule_id: str, pointer: str, message: str) -> Diagnostic:
        """A diagnostic under ``rule_id`` (default severity) for a pointer into `document`."""
        file, line, col, in_file = self.locate(pointer)
        return diagnostic(rule_id, file, line, col, in_file, message)


def document_digest(document: Any) -> str:
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_spec(
    path: str | Path, overlays: Sequence[str | Path] = (), *, read: Reader | None = None
) -> LoadedSpec:
    """Load and bundle the document at ``path``, then apply the ``overlays`` files in order.

    The document's own files are read by ``read`` (default: from disk; `specgen diff` reads a
    revision's files from git).

    Raises UsageError when the root file (or an overlay) cannot be read and SpecInvalid when it
    is not well-formed YAML/JSON (or the root not a mapping); every other problem is returned in
    ``diagnostics``.
    """
    given = Path(path)
    display = str(path)
    resolved = given.resolve()
    if read is None and resolved.exists() and not resolved.is_file():
        raise UsageError(f"{display}: not a file")
    try:
        text = read(resolved, display) if read is not None else read_text(given, display)
    except SourceError as exc:
        raise UsageError(exc.message) from exc
    try:
        root, diagnostics = parse(resolved, display, text)
    except SourceError as exc:
        raise SpecInvalid(exc.diagnostics) from exc
    if not isinstance(root.data, dict):
        kind = "a list" if isinstance(root.data, list) else f"a {type(root.data).__name__}"
        raise SpecInvalid(
            [
                root.diagnostic(
                    "syntax",
                    [],
                    f"the document must be a mapping (an OpenAPI object), not {kind}",
                ),
                *diagnostics,
            ]
        )
    files = Files(Path.cwd().resolve(), read or read_text)
    files.add(root)
    bundler = Bundler(root, files)
    try:
        document = bundler.bundle()
    except RecursionError as exc:
        raise SpecInvalid(
            [root.diagnostic("syntax", [], "the document is nested too deeply")]
        ) from exc
    unresolved = schema_ids.localize(document)
    spec = LoadedSpec(
        path=given,
        document=document,
        files=[source.path for source in files.loaded],
        diagnostics=[*diagnostics, *files.diagnostics, *bundler.diagnostics],
        digest=document_digest(document),
        source_map=SourceMap(root, bundler.origins),
    )
    spec.diagnostics.extend(_unresolved_ids(spec, unresolved))
    return _with_overlays(spec, overlays) if overlays else spec


def _unresolved_ids(
    spec: LoadedSpec, unresolved: Sequence[schema_ids.Unresolved]
) -> Iterator[Diagnostic]:
    for item in unresolved:
        yield spec.diagnostic(
            "unresolved-ref",
            jsonpointer.join(*item.path),
            f"cannot resolve $ref {item.ref!r}: {item.reason}",
        )


def _with_overlays(spec: LoadedSpec, overlays: Sequence[str | Path]) -> LoadedSpec:
    from specgen.load.overlay import OverlaySourceMap, apply_overlays

    overlaid = apply_overlays(spec.document, overlays, spec_path=spec.path, digest=document_digest)
    # An overlay may add `$ref`s by `$anchor` (the `$id`s are gone by now, already followed).
    unresolved = schema_ids.localize(overlaid.document)
    # An edited overlay must show in the manifest even when the document comes out the same.
    digest = hashlib.sha256(
        " ".join([document_digest(overlaid.document), *overlaid.digests]).encode("ascii")
    ).hexdigest()
    result = LoadedSpec(
        path=spec.path,
        document=overlaid.document,
        files=[*spec.files, *overlaid.files],
        diagnostics=[*spec.diagnostics, *overlaid.diagnostics],
        digest=digest,
        source_map=OverlaySourceMap(spec.source_map, str(spec.path), overlaid.edits),
    )
    result.diagnostics.extend(_unresolved_ids(result, unresolved))
    return result
