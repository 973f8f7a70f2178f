"""Schema keywords: typos of known ones, 3.0's `nullable` in 3.1+, regexes Python cannot run,
`required` names that `properties` does not declare."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from specgen.document.schema import KEYWORDS_30, KEYWORDS_31, types
from specgen.document.walk import iter_schemas
from specgen.validation.context import Context, Finding
from specgen.validation.patterns import PatternCheck, check_pattern


def check_keyword_typos(context: Context) -> Iterator[Finding]:
    keywords = KEYWORDS_30 if context.is_30 else KEYWORDS_31
    for path, schema in iter_schemas(context.document):
        # (3.0's `nullable: true` without a `type` is `nullable-untyped`, below.)
        if (
            "null" in types(schema)
            and isinstance(schema.get("enum"), list)
            and None not in schema["enum"]
        ):
            yield Finding(
                "nullable-keyword",
                (*path, "enum"),
                "the type admits null, but the enum does not list it, so null is not allowed "
                "here; add null to the enum",
            )
        for key in schema:
            if key in keywords or key.startswith("x-"):
                continue
            if key == "nullable" and not context.is_30:
                yield Finding(
                    "nullable-keyword",
                    (*path, key),
                    f"'nullable' is not a keyword in OpenAPI {context.version} and is ignored;"
                    " use type: [..., 'null'] instead",
                )
                continue
            # 3.1 dropped `nullable`, but a typo of it is still a typo.
            candidates = keywords | {"nullable"}
            match = difflib.get_close_matches(key, candidates, n=1, cutoff=0.8)
            if match:
                context.typos.add((*path, key))
                hint = f"did you mean {match[0]!r}?"
                if match[0] not in keywords:
                    hint += " (OpenAPI 3.1 has no 'nullable': use type: [..., 'null'])"
                yield Finding(
                    "unknown-keyword", (*path, key), f"unknown keyword {key!r} in schema; {hint}"
                )


def check_nullable_untyped(context: Context) -> Iterator[Finding]:
    """3.0's `nullable: true` in a schema without `type` (GitHub's `milestone: {oneOf: [string,
    integer], nullable: true}`). OpenAPI 3.0.3 says it then adds nothing, and openapi-core
    refuses null; the generated model follows the author's evident intent and accepts None. The
    contract tests do not judge null there (they skip it, naming the schema)."""
    if not context.is_30:
        return
    for path, schema in iter_schemas(context.document):
        if schema.get("nullable") is True and "type" not in schema and "$ref" not in schema:
            yield Finding(
                "nullable-untyped",
                (*path, "nullable"),
                "'nullable: true' without 'type' admits no null in OpenAPI 3.0.3 (validators"
                " refuse it); the model accepts None; add a 'type' to say which",
            )


def check_required_declared(context: Context) -> Iterator[Finding]:
    """`required` names the same schema's `properties` does not declare (Spotify's `uris` beside
    `ids`). JSON Schema allows it, but the models get fields from `properties` only, so the name
    has no keyword. Schemas that combine others (allOf, anyOf, oneOf) are left alone: there the
    name is often declared by a sibling, and `{required: [...]}` members only choose keys."""
    for path, schema in iter_schemas(context.document):
        properties = schema.get("properties")
        required = schema.get("required")
        if not (isinstance(properties, dict) and isinstance(required, list)):
            continue
        if any(key in schema for key in ("allOf", "anyOf", "oneOf")):
            continue
        patterns = schema.get("patternProperties")
        keyed = (
            [key for key in patterns if isinstance(key, str)] if isinstance(patterns, dict) else []
        )
        for index, name in enumerate(required):
            if not isinstance(name, str) or name in properties:
                continue
            if any(_matches(key, name) for key in keyed):
                continue
            yield Finding(
                "required-undeclared",
                (*path, "required", str(index)),
                f"{name!r} is required but not among this schema's properties: where the schema"
                " stands alone, its model has no field for it and no keyword requires it (a"
                " request sends it with extra_body=)",
            )


def _matches(pattern: str, name: str) -> bool:
    try:
        return re.search(pattern, name) is not None
    except re.error:
        return True  # a dialect Python cannot run: assume it declares the name


def check_patterns(context: Context) -> Iterator[Finding]:
    """Every `pattern` (and `patternProperties` key) Python and pydantic cannot run as written."""
    for path, schema in iter_schemas(context.document):
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            result = check_pattern(pattern)
            if result.changed:
                context.defects.patterns[path] = result.python
                context.claimed.add((*path, "pattern"))
                yield Finding("pattern-dialect", (*path, "pattern"), _message(result, "pattern"))
        keyed = schema.get("patternProperties")
        if isinstance(keyed, dict):
            for key in keyed:
                result = check_pattern(key)
                if result.changed:
                    context.defects.pattern_keys[(path, key)] = result.python
                    context.claimed.add((*path, "patternProperties", key))
                    yield Finding(
                        "pattern-dialect",
                        (*path, "patternProperties", key),
                        _message(result, "patternProperties key"),
                    )


def _message(result: PatternCheck, what: str) -> str:
    shown = repr(result.original)
    if result.python is None:
        return (
            f"{what} {shown} is not enforced: {result.problem}"
            " (the generated models and contract tests accept any string here)"
        )
    forms = ", ".join(dict.fromkeys(result.translated))
    return f"{what} {shown} uses {forms}; enforced as its exact equivalent {result.python!r}"
