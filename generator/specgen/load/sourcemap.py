"""The source map: from a pointer into the bundled document to the file, line and column."""

from __future__ import annotations

from dataclasses import dataclass

from specgen.document import jsonpointer
from specgen.load.sources import Source


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a hoisted or inlined node of the bundled document was written."""

    source: Source
    pointer: str  # inside ``source``


class SourceMap:
    """Traces pointers into the bundled document back to the files they were written in."""

    def __init__(self, root: Source, origins: dict[str, Origin]) -> None:
        self._root = root
        self._origins = origins

    def locate(self, pointer: str) -> tuple[str, int, int, str]:
        try:
            segments = jsonpointer.split(pointer)
        except ValueError:
            segments = []  # not a pointer: the best we can say is "this document"
        source, base, rest = self._root, [], segments
        if self._origins:
            for depth in range(len(segments), 0, -1):
                origin = self._origins.get(jsonpointer.join(*segments[:depth]))
                if origin is not None:
                    source, base, rest = (
                        origin.source,
                        jsonpointer.split(origin.pointer),
                        segments[depth:],
                    )
                    break
        in_file = base + rest
        line, col = source.positions.find(in_file)
        return source.display, line, col, jsonpointer.join(*in_file)
