"""Plain JSON data as the loader produces it: dicts, lists and scalars."""

from __future__ import annotations

from typing import Any


def copy_json(value: Any) -> Any:
    """A deep copy of JSON data, much faster than `copy.deepcopy`.

    No node of the copy is shared, even where YAML aliases shared them in the source, so editing
    the copy (bundling, overlays, repairs) never changes another place of the document.
    """
    if isinstance(value, dict):
        return {key: copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_json(item) for item in value]
    return value
