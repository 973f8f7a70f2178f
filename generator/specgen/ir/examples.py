"""The examples of a media type, as JSON pointers for the generated contract tests, and the
scalar example of a parameter or property as a Python literal (the README's example call).

The contract tests embed the bundled document and read examples from it at test time, so the IR
carries pointers rather than copies. The IR is built from the prepared document; `prepare` moves
schemas only, so the pointers of operations, parameters, responses and examples it records are
the same in the bundled document.
"""

from __future__ import annotations

from typing import Any

from specgen.document import jsonpointer, refs
from specgen.ir import nodes as ir
from specgen.ir.pycode import string_literal
from specgen.ir.repair import NONCONFORMING_EXAMPLES


def follow(document: Any, pointer: str) -> tuple[str, Any]:
    """The node at `pointer` and its pointer, after following local `$ref`s; ("", None) if none."""
    target = refs.at(document, pointer)
    return (target.pointer, target.node) if target.resolved else ("", None)


def media_examples(document: Any, media_pointer: str) -> tuple[ir.ExampleRef, ...]:
    """The examples of a Media Type Object: each of `examples` (by name), else `example`.

    Those the repair step listed as not matching the schema are marked `conforms=False`.
    """
    media_pointer, media = follow(document, media_pointer)
    if not isinstance(media, dict):
        return ()
    problems = media.get(NONCONFORMING_EXAMPLES)
    problems = problems if isinstance(problems, dict) else {}

    def example_ref(name: str, pointer: str) -> ir.ExampleRef:
        problem = str(problems.get(name, ""))
        return ir.ExampleRef(name, pointer, conforms=name not in problems, problem=problem)

    examples = media.get("examples")
    if isinstance(examples, dict) and examples:
        found = []
        for name in examples:
            pointer, example = follow(document, jsonpointer.append(media_pointer, "examples", name))
            if isinstance(example, dict) and "value" in example:  # externalValue is not read
                found.append(example_ref(str(name), jsonpointer.append(pointer, "value")))
        return tuple(found)
    if "example" in media:
        return (example_ref("example", jsonpointer.append(media_pointer, "example")),)
    return ()


def example_literal(*sources: object) -> str:
    """The first scalar `example` (or first of a schema's `examples` list) of `sources`, as a
    Python literal; "" when none has one (the README's example call uses it)."""
    for source in sources:
        if not isinstance(source, dict):
            continue
        listed = source.get("examples")
        if "example" in source:
            value = source["example"]
        elif isinstance(listed, list) and listed:
            value = listed[0]
        else:
            continue
        if isinstance(value, bool) or value is None:
            return repr(value)
        if isinstance(value, str):
            return string_literal(value)
        if isinstance(value, int | float):
            return repr(value)
    return ""
