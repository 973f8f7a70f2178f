"""Source files: read, parsed (YAML or JSON) into plain data with positions, each file once.

A file that cannot be used raises SourceError; its syntax errors come as located diagnostics.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]

from specgen.diagnostics import Diagnostic
from specgen.document import jsonpointer
from specgen.load import yamldata
from specgen.load.positions import JsonPositions, Positions, YamlPositions
from specgen.rules import diagnostic


@dataclass(slots=True)
class Source:
    """One parsed file."""

    path: Path  # resolved
    display: str
    data: Any
    positions: Positions
    # Whether a `$ref` with a file part occurs: the root needs no bundling walk without one.
    has_file_refs: bool

    def diagnostic(self, rule_id: str, segments: Sequence[str], message: str) -> Diagnostic:
        """A diagnostic under ``rule_id`` (at its default severity), located in this file."""
        line, col = self.positions.find(segments)
        return diagnostic(rule_id, self.display, line, col, jsonpointer.join(*segments), message)


class SourceError(Exception):
    """A file that cannot be used; ``diagnostics`` are located problems inside it, if any."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = list(diagnostics)


def read_text(path: Path, display: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise SourceError(f"{display}: no such file") from exc
    except IsADirectoryError as exc:
        raise SourceError(f"{display}: is a directory, not a file") from exc
    except PermissionError as exc:
        raise SourceError(f"{display}: cannot read the file: permission denied") from exc
    except OSError as exc:
        raise SourceError(f"{display}: cannot read the file: {exc.strerror or exc}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{display}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from exc


def _looks_like_json(path: Path, text: str) -> bool:
    return path.suffix.lower() == ".json" or text.lstrip()[:1] in ("{", "[")


def parse(path: Path, display: str, text: str) -> tuple[Source, list[Diagnostic]]:
    """Parse ``text``; raise SourceError (with one located diagnostic) on a syntax error."""
    if _looks_like_json(path, text):
        try:
            return _parse_json(path, display, text)
        except SourceError:
            # `{`-led YAML flow mappings are not always JSON; only `.json` files must be.
            if path.suffix.lower() == ".json":
                raise
    return _parse_yaml(path, display, text)


_FILE_REF_IN_JSON = re.compile(r'"\$ref"\s*:\s*"(?!#)')


def _parse_json(path: Path, display: str, text: str) -> tuple[Source, list[Diagnostic]]:
    saw_duplicates = False

    def pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal saw_duplicates
        result = dict(pairs)
        if len(result) != len(pairs):
            saw_duplicates = True
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs_to_dict)
    except json.JSONDecodeError as exc:
        found = diagnostic("syntax", display, exc.lineno, exc.colno, "", f"invalid JSON: {exc.msg}")
        raise SourceError(f"{display}: invalid JSON", [found]) from exc
    except RecursionError as exc:
        raise _too_deep(display) from exc
    positions = JsonPositions(text)
    diagnostics: list[Diagnostic] = []
    if saw_duplicates:
        for duplicate in positions.duplicates():
            line, col = positions.position(duplicate.offset)
            first_line, _ = positions.position(duplicate.first_offset)
            name = duplicate.segments[-1]
            diagnostics.append(
                diagnostic(
                    "duplicate-key",
                    display,
                    line,
                    col,
                    jsonpointer.join(*duplicate.segments),
                    f"duplicate key {name!r} (first defined at line {first_line})",
                )
            )
    has_file_refs = _FILE_REF_IN_JSON.search(text) is not None
    return Source(path, display, data, positions, has_file_refs), diagnostics


def _too_deep(display: str) -> SourceError:
    found = diagnostic("syntax", display, 1, 1, "", "the document is nested too deeply")
    return SourceError(f"{display}: nested too deeply", [found])


def _parse_yaml(path: Path, display: str, text: str) -> tuple[Source, list[Diagnostic]]:
    try:
        root = yamldata.compose(text)
    except yaml.YAMLError as exc:
        raise SourceError(
            f"{display}: invalid YAML", [yamldata.syntax_error(display, text, exc)]
        ) from exc
    except RecursionError as exc:
        raise _too_deep(display) from exc
    if root is None:
        empty = diagnostic("syntax", display, 1, 1, "", "the file is empty")
        raise SourceError(f"{display}: empty file", [empty])
    builder = yamldata.YamlBuilder(display)
    try:
        data = builder.build(root)
    except yamldata.YamlBuildError as exc:
        raise SourceError(f"{display}: {exc.diagnostic.message}", [exc.diagnostic]) from exc
    except RecursionError as exc:
        raise _too_deep(display) from exc
    source = Source(path, display, data, YamlPositions(root), builder.has_file_refs)
    return source, builder.diagnostics


# Reads one file's text: (resolved path, display name) -> text; raises SourceError.
Reader = Callable[[Path, str], str]


class Files:
    """Referenced files, each read and parsed once (by `read`: from disk unless told otherwise)."""

    def __init__(self, cwd: Path, read: Reader = read_text) -> None:
        self.cwd = cwd
        self.read = read
        self.loaded: list[Source] = []
        self.diagnostics: list[Diagnostic] = []
        self._cache: dict[Path, Source | SourceError] = {}

    def add(self, source: Source) -> None:
        self._cache[source.path] = source
        self.loaded.append(source)

    def load(self, path: Path) -> Source:
        cached = self._cache.get(path)
        if cached is None:
            display = self.display(path)
            try:
                text = self.read(path, display)
                cached, diagnostics = parse(path, display, text)
            except SourceError as exc:
                cached = exc
                # Report a broken file's own problems once, however often it is referenced.
                self.diagnostics.extend(exc.diagnostics)
                exc.diagnostics = []
            else:
                self.diagnostics.extend(diagnostics)
                self.loaded.append(cached)
            self._cache[path] = cached
        if isinstance(cached, SourceError):
            raise cached
        return cached

    def display(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.cwd))
        except ValueError:
            return str(path)
