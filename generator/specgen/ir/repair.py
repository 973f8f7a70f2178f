"""The document generation reads: the bundled one, without the defects validation found.

Generated code never depends on a defective part of a vendor's document. Every consumer (the IR,
the models, the contract tests that embed the document) reads this repaired copy, so they all
see the same thing:

- a value the meta-schema finds invalid (`required: true` in a schema) is left out;
- a `pattern` Python and pydantic cannot run is translated to its exact equivalent, or left out
  (`x-specgen-dropped-pattern` keeps it, for the reader of the embedded document);
- a `default` that does not match its schema moves to `x-specgen-rejected-default`, and the
  model field's docstring says why it is not used;
- an example of a media type that does not match its schema is listed in
  `x-specgen-nonconforming-examples` of that media type (name → problem): the IR marks it
  `ExampleRef.conforms = False`, and the contract tests never replay it as a valid message;
- other examples that do not match (of parameters, headers and schemas) are left out.

Only these members change, so every JSON pointer of the bundled document still means the same
node here. A document without defects is returned as it is (not copied).
"""

from __future__ import annotations

from typing import Any

from specgen.document import extensions
from specgen.document.jsondata import copy_json
from specgen.validation.context import Defects, Segments

NONCONFORMING_EXAMPLES = extensions.NONCONFORMING_EXAMPLES.name
REJECTED_DEFAULT = extensions.REJECTED_DEFAULT.name
DROPPED_PATTERN = extensions.DROPPED_PATTERN.name


def repair(document: dict[str, Any], defects: Defects) -> dict[str, Any]:
    if not defects:
        return document
    repaired: dict[str, Any] = copy_json(document)
    for (schema_path, key), translated in defects.pattern_keys.items():
        keyed = _node(repaired, (*schema_path, "patternProperties"))
        if isinstance(keyed, dict) and key in keyed:
            # Rebuilt to keep the order of the entries.
            entries = list(keyed.items())
            keyed.clear()
            for name, value in entries:
                if name != key:
                    keyed[name] = value
                elif translated is not None:
                    keyed[translated] = value
    for schema_path, pattern in defects.patterns.items():
        schema = _node(repaired, schema_path)
        if isinstance(schema, dict) and "pattern" in schema:
            if pattern is None:
                schema[DROPPED_PATTERN] = schema.pop("pattern")
            else:
                schema["pattern"] = pattern
    for schema_path, problem in defects.defaults.items():
        schema = _node(repaired, schema_path)
        if isinstance(schema, dict) and "default" in schema:
            schema[REJECTED_DEFAULT] = {"value": schema.pop("default"), "problem": problem}
    for (media_path, name), problem in sorted(defects.media_examples.items()):
        media = _node(repaired, media_path)
        if isinstance(media, dict):
            media.setdefault(NONCONFORMING_EXAMPLES, {})[name] = problem
    # List items last, from the end, so that the indexes of the others still hold.
    for path in sorted(defects.dropped_examples, key=_removal_order):
        _remove(repaired, path)
    for path in sorted(defects.invalid_members, key=_removal_order):
        _remove(repaired, path)
    return repaired


def _removal_order(path: Segments) -> tuple[int, tuple[tuple[int, str], ...]]:
    """Deeper paths first; of siblings, higher list indexes first."""
    return (-len(path), tuple((-int(t) if t.isdigit() else 0, t) for t in path))


def _node(document: Any, path: Segments) -> Any:
    node = document
    for token in path:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def _remove(document: Any, path: Segments) -> None:
    if not path:
        return
    parent = _node(document, path[:-1])
    key = path[-1]
    if isinstance(parent, dict):
        parent.pop(key, None)
    elif isinstance(parent, list) and key.isdigit() and int(key) < len(parent):
        del parent[int(key)]
