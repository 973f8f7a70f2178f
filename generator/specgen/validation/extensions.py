"""specgen's own extensions (`x-specgen-*`): a value of the wrong form, or a name specgen does
not know, would otherwise be ignored without a word (`x-specgen-idempotent: "yes"`, a typo such
as `x-specgen-idempotant`).

The expected forms are those of `specgen.document.extensions`, the table the IR reads them by.
A content rule: the generator ignores what is reported, so faithful code is still possible.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from specgen.document.extensions import EXTENSIONS, PREFIX, Form
from specgen.document.openapi import is_extension_key
from specgen.document.walk import iter_objects
from specgen.validation.context import Context, Finding, Segments
from specgen.validation.messages import as_json

RULE = "extension-value"
# What a spec may set (the others are specgen's marks on a repaired document).
_READ = tuple(name for name, extension in EXTENSIONS.items() if extension.form is not Form.WRITTEN)


def check_extensions(context: Context) -> Iterator[Finding]:
    for path, node in iter_objects(context.document):
        for key, value in node.items():
            # Another tool's extension holds its own data: nothing in it is specgen's.
            if is_extension_key(path, str(key)) and str(key).startswith(PREFIX):
                yield from _check_one((*path, str(key)), str(key), value)


def _check_one(path: Segments, name: str, value: object) -> Iterator[Finding]:
    extension = EXTENSIONS.get(name)
    if extension is None:
        close = difflib.get_close_matches(name, _READ, n=1, cutoff=0.8)
        hint = f"did you mean {close[0]!r}?" if close else f"specgen reads {', '.join(_READ)}"
        yield Finding(RULE, path, f"unknown specgen extension {name!r} ({hint}); it is ignored")
    elif not extension.accepts(value):
        yield Finding(
            RULE,
            path,
            f"{name} must be {extension.form.value}, not {as_json(value)}; it is ignored "
            f"(read on {extension.where})",
        )
    else:
        for index, item in extension.ignored_items(value):
            yield Finding(
                RULE,
                (*path, str(index)),
                f"an item of {name} must be a non-empty string, not {as_json(item)}; the item "
                "is ignored",
            )
