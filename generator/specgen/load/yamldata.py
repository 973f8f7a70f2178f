"""YAML text as plain JSON data, the way OpenAPI needs it, and YAML errors as located diagnostics.

PyYAML composes the node tree; the data is built from it by YAML 1.2's core schema (which OpenAPI
recommends), with duplicate keys reported and alias expansion budgeted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]

from specgen.diagnostics import Diagnostic
from specgen.document import jsonpointer
from specgen.load.positions import MERGE_TAG, LineIndex
from specgen.rules import diagnostic

# Any document that expands to more nodes than this through YAML aliases is an "alias bomb".
MAX_EXPANDED_NODES = 5_000_000

_YamlLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(text: str) -> yaml.Node | None:
    """The node tree of a single-document YAML text (None when it holds no document)."""
    return yaml.compose(text, Loader=_YamlLoader)


# --- syntax errors ---------------------------------------------------------------------------


def syntax_error(display: str, text: str, error: yaml.YAMLError) -> Diagnostic:
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
        line, col = LineIndex(text).position(error.position)
        message = f"unacceptable character #x{error.character:04X}: {error.reason}"
    pointer = _pointer_before_error(text)
    return diagnostic("syntax", display, line, col, pointer, f"invalid YAML: {message}")


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


class YamlBuildError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class YamlBuilder:
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
            raise YamlBuildError(
                self._at(
                    node, "recursive YAML alias: the data would be infinitely deep", rule="syntax"
                )
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
            raise YamlBuildError(
                self._at(
                    node,
                    f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} nodes"
                    " (an alias bomb?); refusing to load",
                    rule="syntax",
                )
            )

    def _at(self, node: yaml.Node, message: str, *, rule: str = "yaml-data") -> Diagnostic:
        mark = node.start_mark
        pointer = jsonpointer.join(*self._path)
        return diagnostic(rule, self.display, mark.line + 1, mark.column + 1, pointer, message)

    def _mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        if node.tag not in _MAP_TAGS:
            self._unsupported_tag(node)
        result: dict[str, Any] = {}
        merges: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
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
            k for k, _ in mapping.value if k.tag != MERGE_TAG and k.value == key_node.value
        )
        self._path.append(key_node.value)
        self.diagnostics.append(
            self._at(
                key_node,
                f"duplicate key {key_node.value!r}"
                f" (first defined at line {first.start_mark.line + 1})",
                rule="duplicate-key",
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
