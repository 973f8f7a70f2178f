"""The version gate, and the OpenAPI 3.2 features that specgen does not read yet.

3.0, 3.1 and 3.2 documents are validated with their own meta-schema; 3.2 is read as 3.1 is
(its schemas are the same JSON Schema dialect). What 3.2 adds that the generator would ignore
is reported where it is used, so nothing is left out silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from specgen.document.walk import iter_objects
from specgen.load.spec import LoadedSpec
from specgen.validation.context import Context, Finding, Segments

_SUPPORTED = re.compile(r"3\.([012])\.\d+(?:-[0-9A-Za-z.-]+)?")


def version_of(spec: LoadedSpec) -> tuple[str | None, Finding | None]:
    """The major.minor version ("3.0", "3.1", "3.2"), or None and why it is unusable."""
    document = spec.document
    version = document.get("openapi")
    if version is None:
        if "swagger" in document:
            message = (
                f"Swagger {document['swagger']} is not supported; convert it to OpenAPI 3 first"
                " (e.g. with swagger2openapi)"
            )
            return None, Finding("unsupported-version", ("swagger",), message)
        message = "not an OpenAPI document: the 'openapi' field (e.g. \"3.1.0\") is missing"
        return None, Finding("unsupported-version", (), message)
    if not isinstance(version, str):
        message = f"'openapi' must be a string like \"3.1.0\", not {version!r} (quote it)"
        return None, Finding("unsupported-version", ("openapi",), message)
    match = _SUPPORTED.fullmatch(version)
    if match is None:
        message = f"OpenAPI {version} is not supported (supported: 3.0.x, 3.1.x and 3.2.x)"
        return None, Finding("unsupported-version", ("openapi",), message)
    return f"3.{match.group(1)}", None


def check_32_features(context: Context) -> Iterator[Finding]:
    """3.2 features that the generated client would silently ignore."""
    if context.version != "3.2":
        return
    document = context.document
    if "$self" in document:
        yield Finding(
            "unsupported-feature",
            ("$self",),
            "'$self' is not read yet: references resolve against the file's own location",
        )
    for path, node in _objects(document):
        if node.get("in") == "querystring" and isinstance(node.get("name"), str):
            yield Finding(
                "unsupported-feature",
                path,
                f"parameter {node['name']!r} is 'in: querystring', which specgen does not "
                "generate yet: the client does not send it",
            )
        if "itemSchema" in node and len(path) >= 2 and path[-2] == "content":
            yield Finding(
                "unsupported-feature",
                (*path, "itemSchema"),
                "'itemSchema' (a stream of items) is not read yet: the body is passed through "
                "unparsed",
            )


def _objects(document: Any) -> Iterator[tuple[Segments, dict[str, Any]]]:
    """The OpenAPI objects of the document: not example data, extensions or schemas' insides."""
    return iter_objects(document, lambda _path, key: key in ("schema", "schemas"))
