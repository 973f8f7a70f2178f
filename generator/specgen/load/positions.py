"""Where a node of a parsed file was written: 1-based line and column by JSON pointer segments.

YAML files keep their composed node tree, which has marks anyway; JSON files are scanned for
positions only when a diagnostic first needs one.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import yaml  # type: ignore[import-untyped, unused-ignore]

# The tag of a YAML merge key (`<<: *base`): it brings another mapping's members in.
MERGE_TAG = "tag:yaml.org,2002:merge"


class Positions(Protocol):
    def find(self, segments: Sequence[str]) -> tuple[int, int]:
        """1-based (line, col) of the node at ``segments``, or of its nearest existing ancestor.

        A mapping member is located at its key, a sequence item at its first character.
        """
        ...


class YamlPositions:
    """Positions read from the composed YAML node tree, which the loader keeps anyway."""

    def __init__(self, root: yaml.Node) -> None:
        self._root = root
        # Per-mapping key index, built only for mappings that a lookup passes through.
        self._keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    def find(self, segments: Sequence[str]) -> tuple[int, int]:
        node = self._root
        mark = node.start_mark
        for segment in segments:
            if isinstance(node, yaml.MappingNode):
                member = self._members(node).get(segment)
                if member is None:
                    break
                mark = member[0].start_mark
                node = member[1]
            elif isinstance(node, yaml.SequenceNode):
                if not segment.isdigit() or int(segment) >= len(node.value):
                    break
                node = node.value[int(segment)]
                mark = node.start_mark
            else:
                break
        return mark.line + 1, mark.column + 1

    def _members(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        members = self._keys.get(id(node))
        if members is None:
            members = {}
            for key_node, value_node in node.value:
                if key_node.tag == MERGE_TAG:
                    # setdefault here, plain assignment below: explicit keys win over merged.
                    for source in _merge_sources(value_node):
                        for name, member in self._members(source).items():
                            members.setdefault(name, member)
                elif isinstance(key_node, yaml.ScalarNode):
                    members[key_node.value] = (key_node, value_node)
            self._keys[id(node)] = members
        return members


def _merge_sources(node: yaml.Node) -> list[yaml.MappingNode]:
    if isinstance(node, yaml.MappingNode):
        return [node]
    if isinstance(node, yaml.SequenceNode):
        return [item for item in node.value if isinstance(item, yaml.MappingNode)]
    return []


class LineIndex:
    """Offsets → 1-based (line, col), for text that was not parsed into marks."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


# A JSON value's shadow: (offset of its key or first character, its children).
_JsonShadow = tuple[int, "dict[str, _JsonShadow] | list[_JsonShadow] | None"]

_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


@dataclass(frozen=True, slots=True)
class JsonDuplicate:
    segments: tuple[str, ...]
    offset: int
    first_offset: int


class JsonPositions:
    """Positions in JSON text, found by a token scan that runs only when first needed.

    ``json.loads`` keeps no positions, and a full position index of a 4 MB file costs more than
    parsing it, so the happy path (no diagnostics) never pays for it.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._shadow: _JsonShadow | None = None
        self._duplicates: list[JsonDuplicate] = []
        self._lines: LineIndex | None = None

    def find(self, segments: Sequence[str]) -> tuple[int, int]:
        node = self._scan()
        offset = node[0]
        for segment in segments:
            children = node[1]
            if isinstance(children, dict) and segment in children:
                node = children[segment]
            elif isinstance(children, list) and segment.isdigit() and int(segment) < len(children):
                node = children[int(segment)]
            else:
                break
            offset = node[0]
        return self.position(offset)

    def position(self, offset: int) -> tuple[int, int]:
        if self._lines is None:
            self._lines = LineIndex(self._text)
        return self._lines.position(offset)

    def duplicates(self) -> list[JsonDuplicate]:
        self._scan()
        return self._duplicates

    def _scan(self) -> _JsonShadow:
        if self._shadow is not None:
            return self._shadow
        root: _JsonShadow = (0, None)
        # Frames of open containers: [children, own segment, pending key, pending key offset].
        stack: list[list[Any]] = []
        for match in _JSON_TOKEN.finditer(self._text):
            token = match.group()
            first = token[0]
            if first in ",:":
                continue
            if first in "}]":
                stack.pop()
                continue
            top = stack[-1] if stack else None
            if top is not None and isinstance(top[0], dict) and top[2] is None:
                top[2] = json.loads(token) if "\\" in token else token[1:-1]
                top[3] = match.start()
                continue
            children: dict[str, _JsonShadow] | list[_JsonShadow] | None = None
            if first == "{":
                children = {}
            elif first == "[":
                children = []
            if top is None:
                root = (match.start(), children)
                segment = ""
            elif isinstance(top[0], dict):
                segment = top[2]
                if segment in top[0]:
                    path = (*(frame[1] for frame in stack[1:]), segment)
                    self._duplicates.append(JsonDuplicate(path, top[3], top[0][segment][0]))
                top[0][segment] = (top[3], children)
                top[2] = None
            else:
                segment = str(len(top[0]))
                top[0].append((match.start(), children))
            if children is not None:
                stack.append([children, segment, None, 0])
        self._shadow = root
        return root
