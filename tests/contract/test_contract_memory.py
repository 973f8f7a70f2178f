"""What the contract tests keep of their strategies stays bounded, however many are drawn.

schemathesis' views keep, for good, what they build for each operation: its converted request
body schemas and its bundled parameters (about a megabyte each on Stripe, where the suite went
past 1 GiB). `specgen.testing.forgetting` empties those caches once every `KEPT_STRATEGIES`
strategies built. These tests draw values from many more strategies than that, on a small
document, and read the views' caches as they go: they fail when a cache is not emptied (also
when a schemathesis upgrade renames one, which `forget_operations` would then skip silently).
"""

from __future__ import annotations

from typing import Any

import pytest

from specgen.testing.forgetting import KEPT_STRATEGIES
from specgen.testing.spec import Spec
from specgen.testing.values import Values, first

DRAWN = 5 * KEPT_STRATEGIES
BOUND = 2 * KEPT_STRATEGIES
"""Entries one strategy adds to a view's cache (a body's schema as drawn and as validated): at
most two, so between two emptyings at most `2 * KEPT_STRATEGIES`."""

DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Items", "version": "1"},
    "paths": {
        f"/items{i}": {
            "get": {
                "parameters": [
                    {
                        "name": f"q{i}",
                        "in": "query",
                        "required": True,
                        "schema": {"$ref": "#/components/schemas/Name"},
                    }
                ],
                "responses": {"200": {"description": "ok"}},
            }
        }
        for i in range(DRAWN)
    },
    "components": {
        "schemas": {
            "Name": {"type": "string", "minLength": 1},
            "Item": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"$ref": "#/components/schemas/Name"},
                    "id": {"type": "integer", "readOnly": True},
                },
            },
        }
    },
}


def cache_sizes(values: Values) -> list[tuple[int, int]]:
    """(request body schemas, bundled parameters) kept by each of schemathesis' views."""
    return [
        (len(view.request_body_schema_cache._schemas), len(view._bundle_cache))
        for view in values.views.loaded()
    ]


@pytest.mark.parametrize("reading", [False, True])
def test_the_body_schemas_of_many_values_are_not_all_kept(reading: bool) -> None:
    values = Values(Spec(document=DOCUMENT))
    largest = 0
    for i in range(DRAWN):
        # A schema of its own each time: each is one more synthetic operation and body.
        schema = {
            "type": "object",
            "required": [f"p{i}"],
            "properties": {f"p{i}": {"$ref": "#/components/schemas/Item"}},
        }
        value = values.value(schema, f"schema {i}", reading=reading)
        assert isinstance(value[f"p{i}"]["name"], str)
        assert len(values.views.retention) <= KEPT_STRATEGIES
        largest = max([largest, *(bodies for bodies, _ in cache_sizes(values))])
        assert largest <= BOUND, cache_sizes(values)
    assert largest > 0  # the cache read is the one that fills


def test_the_bundled_parameters_of_many_operations_are_not_all_kept() -> None:
    values = Values(Spec(document=DOCUMENT))
    largest = 0
    for i in range(DRAWN):
        pointer = f"/paths/~1items{i}/get"
        drawn = first(values.parameters(pointer, f"/items{i}"), "parameters", lambda _: True)
        assert drawn.parameters[("query", f"q{i}")]
        first(values.requests(pointer), "request", lambda _: True)
        largest = max([largest, *(bundled for _, bundled in cache_sizes(values))])
        assert largest <= BOUND, cache_sizes(values)
    assert largest > 0
