"""Read an OpenAPI document (YAML or JSON, one file or many) into one bundled, located document.

Everything later stages see is the *bundled* document: plain JSON data in one dict, where every
`$ref` to another file has been replaced, as `redocly bundle` does, by an internal one (schemas and
other files' components are hoisted into ``components``) or by an inlined copy of its target.
Source positions are kept cheaply (the YAML node tree, or a lazy scan of the JSON text) together
with an origin map, so that any pointer into the bundled document can be traced back to the
file, line and column a person wrote.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, unquote

import yaml  # type: ignore[import-untyped, unused-ignore]

from generator import jsonpointer
from generator.diagnostics import Diagnostic, Severity, SpecInvalid, UsageError
from generator.schema import SUBSCHEMA_KEYS, SUBSCHEMA_LIST_KEYS, SUBSCHEMA_MAP_KEYS

# Any document that expands to more nodes than this through YAML aliases is an "alias bomb".
MAX_EXPANDED_NODES = 5_000_000

_YamlLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --- JSON pointers ---------------------------------------------------------------------------


def _lookup(document: Any, segments: Sequence[str]) -> tuple[bool, Any]:
    """(found, value) of the node at ``segments`` inside ``document``."""
    try:
        return True, jsonpointer.resolve(document, jsonpointer.join(*segments))
    except KeyError:
        return False, None


# --- source positions ------------------------------------------------------------------------


class _Positions(Protocol):
    def find(self, segments: Sequence[str]) -> tuple[int, int]:
        """1-based (line, col) of the node at ``segments``, or of its nearest existing ancestor.

        A mapping member is located at its key, a sequence item at its first character.
        """
        ...


class _YamlPositions:
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
                if key_node.tag == _MERGE_TAG:
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


class _LineIndex:
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
class _JsonDuplicate:
    segments: tuple[str, ...]
    offset: int
    first_offset: int


class _JsonPositions:
    """Positions in JSON text, found by a token scan that runs only when first needed.

    ``json.loads`` keeps no positions, and a full position index of a 4 MB file costs more than
    parsing it, so the happy path (no diagnostics) never pays for it.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._shadow: _JsonShadow | None = None
        self._duplicates: list[_JsonDuplicate] = []
        self._lines: _LineIndex | None = None

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
            self._lines = _LineIndex(self._text)
        return self._lines.position(offset)

    def duplicates(self) -> list[_JsonDuplicate]:
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
                    self._duplicates.append(_JsonDuplicate(path, top[3], top[0][segment][0]))
                top[0][segment] = (top[3], children)
                top[2] = None
            else:
                segment = str(len(top[0]))
                top[0].append((match.start(), children))
            if children is not None:
                stack.append([children, segment, None, 0])
        self._shadow = root
        return root


# --- reading files ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Source:
    """One parsed file."""

    path: Path  # resolved
    display: str
    data: Any
    positions: _Positions
    # Whether a `$ref` with a file part occurs: the root needs no bundling walk without one.
    has_file_refs: bool

    def diagnostic(self, severity: Severity, segments: Sequence[str], message: str) -> Diagnostic:
        line, col = self.positions.find(segments)
        return Diagnostic(severity, self.display, line, col, jsonpointer.join(*segments), message)


class _SourceError(Exception):
    """A file that cannot be used; ``diagnostics`` are located problems inside it, if any."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = list(diagnostics)


def _read_text(path: Path, display: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise _SourceError(f"{display}: no such file") from exc
    except IsADirectoryError as exc:
        raise _SourceError(f"{display}: is a directory, not a file") from exc
    except PermissionError as exc:
        raise _SourceError(f"{display}: cannot read the file: permission denied") from exc
    except OSError as exc:
        raise _SourceError(f"{display}: cannot read the file: {exc.strerror or exc}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _SourceError(
            f"{display}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from exc


def _looks_like_json(path: Path, text: str) -> bool:
    return path.suffix.lower() == ".json" or text.lstrip()[:1] in ("{", "[")


def _parse(path: Path, display: str, text: str) -> tuple[_Source, list[Diagnostic]]:
    """Parse ``text``; raise _SourceError (with one located diagnostic) on a syntax error."""
    if _looks_like_json(path, text):
        try:
            return _parse_json(path, display, text)
        except _SourceError:
            # `{`-led YAML flow mappings are not always JSON; only `.json` files must be.
            if path.suffix.lower() == ".json":
                raise
    return _parse_yaml(path, display, text)


_FILE_REF_IN_JSON = re.compile(r'"\$ref"\s*:\s*"(?!#)')


def _parse_json(path: Path, display: str, text: str) -> tuple[_Source, list[Diagnostic]]:
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
        diagnostic = Diagnostic(
            Severity.ERROR, display, exc.lineno, exc.colno, "", f"invalid JSON: {exc.msg}"
        )
        raise _SourceError(f"{display}: invalid JSON", [diagnostic]) from exc
    except RecursionError as exc:
        raise _too_deep(display) from exc
    positions = _JsonPositions(text)
    diagnostics: list[Diagnostic] = []
    if saw_duplicates:
        for duplicate in positions.duplicates():
            line, col = positions.position(duplicate.offset)
            first_line, _ = positions.position(duplicate.first_offset)
            name = duplicate.segments[-1]
            diagnostics.append(
                Diagnostic(
                    Severity.ERROR,
                    display,
                    line,
                    col,
                    jsonpointer.join(*duplicate.segments),
                    f"duplicate key {name!r} (first defined at line {first_line})",
                )
            )
    has_file_refs = _FILE_REF_IN_JSON.search(text) is not None
    return _Source(path, display, data, positions, has_file_refs), diagnostics


def _too_deep(display: str) -> _SourceError:
    diagnostic = Diagnostic(Severity.ERROR, display, 1, 1, "", "the document is nested too deeply")
    return _SourceError(f"{display}: nested too deeply", [diagnostic])


def _parse_yaml(path: Path, display: str, text: str) -> tuple[_Source, list[Diagnostic]]:
    try:
        root = yaml.compose(text, Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        raise _SourceError(f"{display}: invalid YAML", [_yaml_error(display, text, exc)]) from exc
    except RecursionError as exc:
        raise _too_deep(display) from exc
    if root is None:
        diagnostic = Diagnostic(Severity.ERROR, display, 1, 1, "", "the file is empty")
        raise _SourceError(f"{display}: empty file", [diagnostic])
    builder = _YamlBuilder(display)
    try:
        data = builder.build(root)
    except _YamlBuildError as exc:
        raise _SourceError(f"{display}: {exc.diagnostic.message}", [exc.diagnostic]) from exc
    except RecursionError as exc:
        raise _too_deep(display) from exc
    source = _Source(path, display, data, _YamlPositions(root), builder.has_file_refs)
    return source, builder.diagnostics


def _yaml_error(display: str, text: str, error: yaml.YAMLError) -> Diagnostic:
    """One located diagnostic for a YAML syntax error."""
    line, col = 1, 1
    message = str(error)
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        if error.context_mark is not None and "end of stream" in (error.problem or ""):
            # An unclosed quote or bracket: where it opens is where the fix goes, not the end.
            mark = error.context_mark
        if mark is not None:
            line, col = mark.line + 1, mark.column + 1
        message = error.problem or error.context or "syntax error"
        at_tab = mark is not None and text[mark.index : mark.index + 1] == "\t"
        if at_tab and "tab" not in message:
            message += " (a tab: YAML indents with spaces only)"
        context_mark = error.context_mark
        if error.context and error.problem and error.context.startswith("expected"):
            message = f"{error.context}, {error.problem}"  # "expected a single document, but..."
        elif error.context and error.problem and context_mark is not None:
            if (context_mark.line, context_mark.column) == (line - 1, col - 1):
                message += f" ({error.context})"
            else:
                message += (
                    f" ({error.context} that starts at line {context_mark.line + 1},"
                    f" column {context_mark.column + 1})"
                )
    elif isinstance(error, yaml.reader.ReaderError):
        line, col = _LineIndex(text).position(error.position)
        message = f"unacceptable character #x{error.character:04X}: {error.reason}"
    pointer = _pointer_before_error(text)
    return Diagnostic(Severity.ERROR, display, line, col, pointer, f"invalid YAML: {message}")


def _pointer_before_error(text: str) -> str:
    """The pointer of the node the parser was in when it failed: replays the event stream."""
    # Frames: [is mapping, current key or index, expecting a key].
    stack: list[list[Any]] = []

    def enter_value() -> None:
        if not stack:
            return
        top = stack[-1]
        if top[0]:
            top[2] = not top[2]
        else:
            top[1] += 1

    try:
        for event in yaml.parse(text, Loader=_YamlLoader):
            if isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
                if stack and stack[-1][0] and stack[-1][2]:
                    stack[-1][1] = event.value if isinstance(event, yaml.ScalarEvent) else "*"
                enter_value()
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                enter_value()
                is_mapping = isinstance(event, yaml.MappingStartEvent)
                stack.append([is_mapping, None if is_mapping else -1, True])
            elif isinstance(event, yaml.CollectionEndEvent) and stack:
                stack.pop()
    except yaml.YAMLError:
        pass
    segments: list[str] = []
    for index, (is_mapping, key, expecting_key) in enumerate(stack):
        innermost = index == len(stack) - 1
        if is_mapping:
            if key is not None and not (innermost and expecting_key):
                segments.append(str(key))
        elif key >= 0:
            segments.append(str(key))
    return jsonpointer.join(*segments)


# --- building plain data from YAML nodes -----------------------------------------------------

_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:set", "tag:yaml.org,2002:omap"}
_SEQ_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:pairs", "tag:yaml.org,2002:omap"}


# Tags PyYAML's YAML 1.1 resolver gives plain scalars: they are resolved again, the 1.2 way.
_IMPLICIT_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_CORE_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_CORE_BOOL = {
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
}
_CORE_INT = re.compile(r"[-+]?[0-9]+")
_CORE_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_CORE_SPECIAL_FLOAT = re.compile(r"([-+]?)\.(?:(inf|Inf|INF)|nan|NaN|NAN)")
_MAYBE_NOT_STR = frozenset("0123456789+-.~nNtTfF")


def _plain_scalar(text: str) -> Any:
    """A plain scalar by YAML 1.2's core schema (the JSON-compatible one)."""
    if text and text[0] not in _MAYBE_NOT_STR:
        return text  # the common case: a word
    if text in _CORE_NULL:
        return None
    if text in _CORE_BOOL:
        return _CORE_BOOL[text]
    if _CORE_INT.fullmatch(text):
        return int(text)
    if text.startswith("0o") and len(text) > 2 and all(c in "01234567" for c in text[2:]):
        return int(text[2:], 8)
    if text.startswith("0x") and len(text) > 2:
        try:
            return int(text[2:], 16)
        except ValueError:
            return text
    if _CORE_FLOAT.fullmatch(text):
        return float(text)
    special = _CORE_SPECIAL_FLOAT.fullmatch(text)
    if special:
        if special.group(2):
            return float("-inf") if special.group(1) == "-" else float("inf")
        return float("nan")
    return text


class _YamlBuildError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class _YamlBuilder:
    """Turns a composed node tree into JSON-like data, the way OpenAPI needs it.

    Differs from PyYAML's SafeConstructor on purpose: duplicate keys are reported, keys are
    always strings (the text as written), and alias expansion is budgeted so that a "billion
    laughs" document fails fast instead of exhausting memory. Plain scalars follow YAML 1.2's
    core schema, which OpenAPI recommends, not PyYAML's YAML 1.1 rules: `18:00`, `no`, `on`
    and `2016-06-21` stay strings (1.1 reads 1080, False, True and a date).
    """

    def __init__(self, display: str) -> None:
        self.display = display
        self.diagnostics: list[Diagnostic] = []
        self.has_file_refs = False
        self._expanded = 0
        # Collections already built, by node identity: an alias yields the same object again.
        self._built: dict[int, tuple[Any, int]] = {}
        self._building: set[int] = set()
        self._path: list[str] = []
        self._scalars = yaml.constructor.SafeConstructor()
        self._scalar_rules: dict[str, Callable[[yaml.ScalarNode], Any]] = {
            "tag:yaml.org,2002:int": self._scalars.construct_yaml_int,
            "tag:yaml.org,2002:float": self._scalars.construct_yaml_float,
            "tag:yaml.org,2002:bool": self._scalars.construct_yaml_bool,
            "tag:yaml.org,2002:null": lambda node: None,
            # OpenAPI is JSON data: dates are strings, binary stays its base64 text.
            "tag:yaml.org,2002:timestamp": lambda node: node.value,
            "tag:yaml.org,2002:binary": lambda node: node.value,
            "tag:yaml.org,2002:value": lambda node: node.value,
            "tag:yaml.org,2002:merge": lambda node: node.value,
            "!": lambda node: node.value,
        }

    def build(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            self._expanded += 1
            return self._scalar(node)
        key = id(node)
        done = self._built.get(key)
        if done is not None:
            self._expanded += done[1]
            self._check_budget(node)
            return done[0]
        if key in self._building:
            raise _YamlBuildError(
                self._at(node, "recursive YAML alias: the data would be infinitely deep")
            )
        self._building.add(key)
        before = self._expanded
        self._expanded += 1
        if isinstance(node, yaml.MappingNode):
            value: Any = self._mapping(node)
        else:
            value = self._sequence(node)
        self._building.discard(key)
        self._built[key] = (value, self._expanded - before)
        self._check_budget(node)
        return value

    def _check_budget(self, node: yaml.Node) -> None:
        if self._expanded > MAX_EXPANDED_NODES:
            raise _YamlBuildError(
                self._at(
                    node,
                    f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} nodes"
                    " (an alias bomb?); refusing to load",
                )
            )

    def _at(
        self, node: yaml.Node, message: str, *, severity: Severity = Severity.ERROR
    ) -> Diagnostic:
        mark = node.start_mark
        pointer = jsonpointer.join(*self._path)
        return Diagnostic(severity, self.display, mark.line + 1, mark.column + 1, pointer, message)

    def _mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        if node.tag not in _MAP_TAGS:
            self._unsupported_tag(node)
        result: dict[str, Any] = {}
        merges: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merges.append(value_node)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.append(
                    self._at(key_node, "mapping keys must be plain strings, not collections")
                )
                continue
            # The text as written: `200:` is the status code "200", `on:` is "on", not True.
            key = key_node.value
            if key in result:
                self._duplicate(node, key_node)
            self._path.append(key)
            result[key] = self.build(value_node)
            self._path.pop()
            if key == "$ref" and isinstance(result[key], str) and not result[key].startswith("#"):
                self.has_file_refs = True
        if merges:
            result = self._merged(merges, result)
        return result

    def _merged(self, merges: list[yaml.Node], explicit: dict[str, Any]) -> dict[str, Any]:
        """YAML 1.1 merge keys (`<<: *base`): explicit keys win, earlier sources win."""
        merged: dict[str, Any] = {}
        for merge in merges:
            sources = merge.value if isinstance(merge, yaml.SequenceNode) else [merge]
            for source in sources:
                value = self.build(source)
                if not isinstance(value, dict):
                    self.diagnostics.append(self._at(source, "a merge key (<<) needs a mapping"))
                    continue
                for name, item in value.items():
                    merged.setdefault(name, item)
        merged.update(explicit)
        return merged

    def _duplicate(self, mapping: yaml.MappingNode, key_node: yaml.ScalarNode) -> None:
        first = next(
            k for k, _ in mapping.value if k.tag != _MERGE_TAG and k.value == key_node.value
        )
        self._path.append(key_node.value)
        self.diagnostics.append(
            self._at(
                key_node,
                f"duplicate key {key_node.value!r}"
                f" (first defined at line {first.start_mark.line + 1})",
            )
        )
        self._path.pop()

    def _sequence(self, node: yaml.SequenceNode) -> list[Any]:
        if node.tag not in _SEQ_TAGS:
            self._unsupported_tag(node)
        result: list[Any] = []
        for index, item in enumerate(node.value):
            self._path.append(str(index))
            result.append(self.build(item))
            self._path.pop()
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if not node.style and tag in _IMPLICIT_TAGS:
            return _plain_scalar(node.value)
        if tag == _STR_TAG:
            return node.value
        rule = self._scalar_rules.get(tag)
        if rule is None:
            self._unsupported_tag(node)
            return node.value
        try:
            return rule(node)
        except (ValueError, yaml.YAMLError):
            self.diagnostics.append(self._at(node, f"{node.value!r} is not a valid {tag}"))
            return node.value

    def _unsupported_tag(self, node: yaml.Node) -> None:
        self.diagnostics.append(
            self._at(node, f"unsupported YAML tag {node.tag!r}: OpenAPI documents are plain data")
        )


# --- bundling multi-file documents -----------------------------------------------------------

COMPONENT_KINDS = (
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
)

# Keys whose members are schemas ("schemas" of components, "schema" of parameters and media).
_SCHEMA_MAPS = frozenset({*SUBSCHEMA_MAP_KEYS, "schemas"})
_SCHEMA_LISTS = frozenset(SUBSCHEMA_LIST_KEYS)
_SCHEMA_SLOTS = frozenset({"schema", *SUBSCHEMA_KEYS})
# Keys whose members are names chosen by the author, never keywords.
NAME_MAPS = _SCHEMA_MAPS | frozenset(
    {
        "headers",
        "content",
        "examples",
        "links",
        "callbacks",
        "encoding",
        "responses",
        "parameters",
        "requestBodies",
        "securitySchemes",
        "pathItems",
        "webhooks",
        "variables",
        "mapping",
        "scopes",
    }
)
# Keys whose values are data, not OpenAPI objects: a `$ref` in them is just data.
LITERAL_KEYS = frozenset({"example", "default", "enum", "const"})


def is_literal(path: Sequence[str], value: Any) -> bool:
    """Whether the value at ``path`` (ending in its key) is example/default data."""
    if len(path) >= 2 and path[-2] in NAME_MAPS:
        return False
    key = path[-1] if path else ""
    if key in LITERAL_KEYS:
        return True
    if key == "examples" and isinstance(value, list):
        return True  # JSON Schema `examples`; the OpenAPI one is a map of Example Objects
    return key == "value" and len(path) >= 3 and path[-3] == "examples"


def is_extension(path: Sequence[str]) -> bool:
    """Whether ``path`` runs through a specification extension (`x-...` keyword)."""
    return any(
        segment.startswith("x-") and (index == 0 or path[index - 1] not in NAME_MAPS)
        for index, segment in enumerate(path)
    )


def _is_schema_position(path: Sequence[str]) -> bool:
    if not path:
        return False
    key = path[-1]
    parent = path[-2] if len(path) >= 2 else ""
    if parent in _SCHEMA_MAPS:
        return True
    if parent in _SCHEMA_LISTS and key.isdigit():
        return True
    return key in _SCHEMA_SLOTS and parent not in NAME_MAPS


_FILE_SUFFIX = re.compile(r"\.(ya?ml|json)$", re.IGNORECASE)
_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class _Origin:
    source: _Source
    pointer: str  # inside ``source``


@dataclass(slots=True)
class _Context:
    """Where the walk reads from: output ``path[base_depth:]`` is below ``base`` in ``source``."""

    source: _Source
    base: list[str]
    base_depth: int
    # Inside example/default data: only file references are resolved there (inlined), because
    # multi-file specs do write `example: {$ref: examples.yml#/x}`.
    literal: bool = False

    def as_literal(self) -> _Context:
        return _Context(self.source, self.base, self.base_depth, literal=True)

    def segments(self, path: Sequence[str]) -> list[str]:
        return self.base + list(path[self.base_depth :])


class _Bundler:
    def __init__(self, root: _Source, files: _Files) -> None:
        self.root = root
        self.files = files
        self.origins: dict[str, _Origin] = {}
        self.diagnostics: list[Diagnostic] = []
        self._hoisted: dict[tuple[Path, str], str] = {}
        self._new_components: dict[str, dict[str, Any]] = {}
        self._taken: dict[str, set[str]] = {kind: set() for kind in COMPONENT_KINDS}
        self._inlining: set[tuple[Path, str]] = set()
        self._schema_ids: dict[Path, set[str]] = {}
        self._resolved_paths: dict[tuple[Path, str], Path] = {}

    def bundle(self) -> dict[str, Any]:
        document = self.root.data
        if not self.root.has_file_refs:
            return document  # type: ignore[no-any-return]
        components = document.get("components")
        if isinstance(components, dict):
            for kind in COMPONENT_KINDS:
                if isinstance(components.get(kind), dict):
                    self._taken[kind].update(components[kind])
        result: dict[str, Any] = self._walk(document, _Context(self.root, [], 0), [])
        if self._new_components:
            merged = result.setdefault("components", {})
            if not isinstance(merged, dict):
                return result
            for kind, entries in self._new_components.items():
                target = merged.setdefault(kind, {})
                if isinstance(target, dict):
                    target.update(entries)
        return result

    def _walk(self, value: Any, context: _Context, path: list[str]) -> Any:
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and self._is_bundled(ref, context):
                return self._resolve(value, ref, context, path)
            result: dict[str, Any] = {}
            for key, child in value.items():
                path.append(key)
                result[key] = self._walk_member(child, context, path)
                path.pop()
            return result
        if isinstance(value, list):
            items: list[Any] = []
            for index, child in enumerate(value):
                path.append(str(index))
                items.append(self._walk(child, context, path))
                path.pop()
            return items
        return value

    def _walk_member(self, value: Any, context: _Context, path: list[str]) -> Any:
        if context.literal:
            return self._walk(value, context, path)
        if is_literal(path, value):
            return self._walk(value, context.as_literal(), path)
        if path[-1] == "mapping" and path[-2:-1] == ["discriminator"]:
            return self._mapping(value, context, path)
        return self._walk(value, context, path)

    def _is_bundled(self, ref: str, context: _Context) -> bool:
        """Whether a `$ref` must be rewritten: it names another file (or, in another file, any)."""
        if not ref.startswith("#"):
            return True
        return context.source is not self.root and not context.literal

    def _mapping(self, mapping: Any, context: _Context, path: list[str]) -> Any:
        """Discriminator mappings name schemas by reference too: `cat: ./cat.yaml`."""
        if not isinstance(mapping, dict):
            return _copy(mapping)
        result: dict[str, Any] = {}
        for name, ref in mapping.items():
            result[name] = ref
            if self._is_mapping_ref(ref, context):
                path.append(name)
                resolved = self._resolve({"$ref": ref}, ref, context, path, schema=True)
                path.pop()
                result[name] = resolved.get("$ref", ref) if isinstance(resolved, dict) else ref
        return result

    def _is_mapping_ref(self, ref: Any, context: _Context) -> bool:
        if not isinstance(ref, str):
            return False
        if ref.startswith("#"):
            return context.source is not self.root
        # A bare name (`Cat`) names a schema directly; anything path-like is a reference.
        return "/" in ref or "#" in ref or _FILE_SUFFIX.search(ref) is not None

    def _resolve(
        self,
        node: dict[str, Any],
        ref: str,
        context: _Context,
        path: list[str],
        *,
        schema: bool = False,
    ) -> Any:
        file_part, _, fragment = ref.partition("#")
        source = context.source
        if file_part and self._is_schema_id(source, file_part):
            return self._keep(node, context, path)  # a JSON Schema `$id`, not a file
        if _REMOTE.match(file_part):
            if context.literal:
                return self._keep(node, context, path)  # data such as SCIM's `$ref` URLs
            scheme = file_part.split(":", 1)[0].lower()
            if scheme in ("http", "https"):
                reason = "remote $ref is not fetched (no network access while generating)"
            else:
                reason = f"{scheme}: $ref is not supported"
            return self._fail(node, ref, reason, context, path)
        target_path = self._file_path(source, file_part) if file_part else source.path
        pointer = unquote(fragment)
        if pointer and not pointer.startswith("/"):
            return self._fail(node, ref, "anchors in other files are not supported", context, path)
        if target_path == self.root.path:
            internal = dict(self._keep(node, context, path))
            internal["$ref"] = "#" + uri_fragment(pointer)
            return internal
        try:
            target = self.files.load(target_path)
        except _SourceError as exc:
            return self._fail(node, ref, exc.message, context, path)
        segments = jsonpointer.split(pointer)
        found, content = _lookup(target.data, segments)
        if not found:
            reason = f"{target.display} has no {pointer or '/'}"
            return self._fail(node, ref, reason, context, path)
        if context.literal:
            return self._inline(node, ref, target, segments, content, context, path)
        kind = _component_kind(segments)
        if kind is None and (
            schema
            or _is_schema_position(path)
            or (len(segments) >= 2 and segments[-2] in _SCHEMA_MAPS)
        ):
            kind = "schemas"
        if kind is not None:
            internal_ref = self._hoist(kind, target, segments, content)
            result = self._siblings(node, context, path)
            result["$ref"] = internal_ref
            return result
        return self._inline(node, ref, target, segments, content, context, path)

    def _file_path(self, source: _Source, file_part: str) -> Path:
        # Resolving touches the disk for every path component: do it once per spelling.
        key = (source.path.parent, file_part)
        path = self._resolved_paths.get(key)
        if path is None:
            path = (source.path.parent / unquote(file_part)).resolve()
            self._resolved_paths[key] = path
        return path

    def _hoist(self, kind: str, target: _Source, segments: list[str], content: Any) -> str:
        key = (target.path, jsonpointer.join(*segments))
        internal_ref = self._hoisted.get(key)
        if internal_ref is not None:
            return internal_ref
        name = self._unique_name(kind, segments[-1] if segments else Path(target.display).stem)
        internal_ref = f"#/components/{jsonpointer.escape(kind)}/{jsonpointer.escape(name)}"
        # Registered before the walk, so that a cycle back to this target ends here.
        self._hoisted[key] = internal_ref
        out_path = ["components", kind, name]
        self.origins[jsonpointer.join(*out_path)] = _Origin(target, key[1])
        walked = self._walk(content, _Context(target, list(segments), len(out_path)), out_path)
        self._new_components.setdefault(kind, {})[name] = walked
        return internal_ref

    def _unique_name(self, kind: str, wanted: str) -> str:
        base = re.sub(r"[^A-Za-z0-9._-]", "_", wanted) or "Component"
        taken = self._taken[kind]
        name, number = base, 1
        while name in taken:
            number += 1
            name = f"{base}{number}"
        taken.add(name)
        return name

    def _inline(
        self,
        node: dict[str, Any],
        ref: str,
        target: _Source,
        segments: list[str],
        content: Any,
        context: _Context,
        path: list[str],
    ) -> Any:
        key = (target.path, jsonpointer.join(*segments))
        if key in self._inlining:
            return self._fail(node, ref, "circular $ref cannot be inlined", context, path)
        self._inlining.add(key)
        out_pointer = jsonpointer.join(*path)
        self.origins[out_pointer] = _Origin(target, key[1])
        inner = _Context(target, list(segments), len(path), literal=context.literal)
        result = self._walk(content, inner, path)
        self._inlining.discard(key)
        if isinstance(result, dict) and len(node) > 1:
            # Reference siblings (`description`, `summary`) override the target's fields.
            ref_segments = context.segments(path)
            for name, value in self._siblings(node, context, path).items():
                result[name] = value
                self.origins[f"{out_pointer}/{jsonpointer.escape(name)}"] = _Origin(
                    context.source, jsonpointer.join(*ref_segments, name)
                )
        return result

    def _siblings(self, node: dict[str, Any], context: _Context, path: list[str]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in node.items():
            if key != "$ref":
                path.append(key)
                result[key] = self._walk_member(value, context, path)
                path.pop()
        return result

    def _keep(self, node: dict[str, Any], context: _Context, path: list[str]) -> dict[str, Any]:
        result = self._siblings(node, context, path)
        result["$ref"] = node["$ref"]
        return result

    def _fail(
        self, node: dict[str, Any], ref: str, reason: str, context: _Context, path: list[str]
    ) -> dict[str, Any]:
        """Report an unusable reference at its `$ref` and leave it in place."""
        # Tools do not read extensions, and `$ref` in example data may be just data: a broken
        # reference there only deserves a warning.
        severity = Severity.WARNING if context.literal or is_extension(path) else Severity.ERROR
        segments = [*context.segments(path), "$ref"]
        self.diagnostics.append(
            context.source.diagnostic(severity, segments, f"cannot resolve $ref {ref!r}: {reason}")
        )
        return self._keep(node, context, path)

    def _is_schema_id(self, source: _Source, uri: str) -> bool:
        ids = self._schema_ids.get(source.path)
        if ids is None:
            ids = set(_find_schema_ids(source.data))
            self._schema_ids[source.path] = ids
        return uri in ids


def _find_schema_ids(value: Any) -> Iterator[str]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            schema_id = item.get("$id")
            if isinstance(schema_id, str):
                yield schema_id
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _component_kind(segments: Sequence[str]) -> str | None:
    if len(segments) == 3 and segments[0] == "components" and segments[1] in COMPONENT_KINDS:
        return segments[1]
    return None


def uri_fragment(pointer: str) -> str:
    """A JSON pointer as a URI fragment: `#/paths/~1pets~1{id}` (readable, yet unquotes back)."""
    return quote(pointer, safe="/~!$&'()*+,;=:@{}[]")


def _copy(value: Any) -> Any:
    """A deep copy of JSON data (much faster than copy.deepcopy)."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


class _Files:
    """Referenced files, each read and parsed once."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.loaded: list[_Source] = []
        self.diagnostics: list[Diagnostic] = []
        self._cache: dict[Path, _Source | _SourceError] = {}

    def add(self, source: _Source) -> None:
        self._cache[source.path] = source
        self.loaded.append(source)

    def load(self, path: Path) -> _Source:
        cached = self._cache.get(path)
        if cached is None:
            display = self.display(path)
            try:
                text = _read_text(path, display)
                cached, diagnostics = _parse(path, display, text)
            except _SourceError as exc:
                cached = exc
                # Report a broken file's own problems once, however often it is referenced.
                self.diagnostics.extend(exc.diagnostics)
                exc.diagnostics = []
            else:
                self.diagnostics.extend(diagnostics)
                self.loaded.append(cached)
            self._cache[path] = cached
        if isinstance(cached, _SourceError):
            raise cached
        return cached

    def display(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.cwd))
        except ValueError:
            return str(path)


# --- the public API --------------------------------------------------------------------------


class SourceMap:
    """Traces pointers into the bundled document back to the files they were written in."""

    def __init__(self, root: _Source, origins: dict[str, _Origin]) -> None:
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


@dataclass
class LoadedSpec:
    path: Path  # the root file as given
    document: dict[str, Any]  # the bundled document
    files: list[Path]  # every file read (resolved), root first
    diagnostics: list[Diagnostic]  # non-fatal load problems
    digest: str  # sha256 of the canonical JSON of `document`
    source_map: SourceMap | None = field(default=None, repr=False, compare=False)

    def locate(self, pointer: str) -> tuple[str, int, int, str]:
        """(display file, line, col, pointer inside that file) for a pointer into `document`.

        A node without a position of its own (e.g. a missing member) gets its nearest existing
        ancestor's line and column; line and col are 0 when nothing is known.
        """
        if self.source_map is None:
            return str(self.path), 0, 0, pointer
        return self.source_map.locate(pointer)

    def diagnostic(self, severity: Severity, pointer: str, message: str) -> Diagnostic:
        file, line, col, in_file = self.locate(pointer)
        return Diagnostic(severity, file, line, col, in_file, message)


def document_digest(document: Any) -> str:
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_spec(path: str | Path) -> LoadedSpec:
    """Load and bundle the document at ``path``.

    Raises UsageError when the root file cannot be read and SpecInvalid when it is not a
    well-formed YAML/JSON mapping; every other problem is returned in ``diagnostics``.
    """
    given = Path(path)
    display = str(path)
    resolved = given.resolve()
    if resolved.exists() and not resolved.is_file():
        raise UsageError(f"{display}: not a file")
    try:
        text = _read_text(given, display)
    except _SourceError as exc:
        raise UsageError(exc.message) from exc
    try:
        root, diagnostics = _parse(resolved, display, text)
    except _SourceError as exc:
        raise SpecInvalid(exc.diagnostics) from exc
    if not isinstance(root.data, dict):
        kind = "a list" if isinstance(root.data, list) else f"a {type(root.data).__name__}"
        raise SpecInvalid(
            [
                root.diagnostic(
                    Severity.ERROR,
                    [],
                    f"the document must be a mapping (an OpenAPI object), not {kind}",
                ),
                *diagnostics,
            ]
        )
    files = _Files(Path.cwd().resolve())
    files.add(root)
    bundler = _Bundler(root, files)
    try:
        document = bundler.bundle()
    except RecursionError as exc:
        raise SpecInvalid(
            [root.diagnostic(Severity.ERROR, [], "the document is nested too deeply")]
        ) from exc
    return LoadedSpec(
        path=given,
        document=document,
        files=[source.path for source in files.loaded],
        diagnostics=[*diagnostics, *files.diagnostics, *bundler.diagnostics],
        digest=document_digest(document),
        source_map=SourceMap(root, bundler.origins),
    )
