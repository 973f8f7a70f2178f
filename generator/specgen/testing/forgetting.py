"""What the contract tests keep of the strategies they draw values from, and when the rest goes.

A strategy of a large document is heavy: it holds its schema with every component the schema
reaches, and schemathesis and hypothesis keep what they built for it in caches of their own, for
the whole process. Every value drawn is kept (`Values` and the callers' caches), so a strategy
built again later costs CPU only; keeping them all cost Stripe's suite 2 GB. So the latest
strategies are kept (`Retention`), and once every `KEPT_STRATEGIES` built, the libraries' caches
are emptied and schemathesis' views forget the operations they built.

The libraries' caches are private names of the pinned versions (schemathesis 4.32.5, hypothesis):
one that is not there is skipped (tests/contract/test_contract_memory.py says when one is gone).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from hypothesis import strategies as st

__all__ = ["KEPT_STRATEGIES", "Retention", "clear_library_caches", "forget_operations"]

KEPT_STRATEGIES = 8
"""Strategies kept for reuse: the latest ones (a test's sync and async runs draw from the same)."""


class Retention:
    """The latest strategies, by key, and the count of strategies built: once every
    `KEPT_STRATEGIES`, the libraries' caches of the older ones are emptied."""

    def __init__(self, views: Callable[[], Iterable[Any]]) -> None:
        self._views = views  # schemathesis' views of the document, to make them forget
        # Least recently used first.
        self._kept: OrderedDict[Hashable, st.SearchStrategy[Any]] = OrderedDict()
        self._built = 0  # strategies built since the libraries' caches were last emptied

    def __len__(self) -> int:
        return len(self._kept)

    def take(self, key: Hashable) -> st.SearchStrategy[Any] | None:
        """The strategy kept under `key`, taken out (`keep` puts it back as the latest)."""
        return self._kept.pop(key, None)

    def keep(self, key: Hashable, strategy: st.SearchStrategy[Any]) -> None:
        """Keep `strategy` as the latest; the oldest beyond `KEPT_STRATEGIES` are let go."""
        self._kept[key] = strategy
        while len(self._kept) > KEPT_STRATEGIES:
            self._kept.popitem(last=False)

    def building(self) -> None:
        """Count a strategy about to be built; once every `KEPT_STRATEGIES`, empty the libraries'
        caches of the older ones. schemathesis' views of the document stay: rebuilt, each was one
        more copy of the document kept alive by what had been drawn from it (DigitalOcean's suite
        grew from 0.45 to 2.2 GB), where keeping them costs Stripe only tens of megabytes."""
        self._built += 1
        if self._built % KEPT_STRATEGIES == 0:
            clear_library_caches()
            for view in self._views():
                forget_operations(view)


def clear_library_caches() -> None:
    """Empty the process-wide caches where schemathesis and hypothesis keep the strategies they
    built (128 canonical schemas, 1,024 strategies): on a large document each entry holds
    megabytes, and they, not our own, are what kept Stripe's suite above 2 GB."""
    from hypothesis.strategies._internal import utils
    from schemathesis.generation import hypothesis as generation

    for cache in (
        getattr(generation, "canonical_form_cache", None),
        getattr(generation, "canonical_strategy_cache", None),
    ):
        if cache is not None and callable(getattr(cache, "clear", None)):
            cache.clear()
    clear = getattr(utils, "clear_strategy_cache", None)
    if callable(clear):
        clear()


def forget_operations(view: Any) -> None:
    """Make a schemathesis view forget the operations it built, and what it built for them.

    It keeps each operation for good (in its loader, and in its config's cache keyed by
    operation), and each operation keeps the strategies of its body and parameters: on Stripe,
    600 of them held 1.3 GB. It also keeps, for the whole view, each request body's converted
    schemas (`request_body_schema_cache`: a bundled body embeds every component it reaches,
    about a megabyte each on Stripe, 170 MB after 600 response tests) and each parameter's
    bundled copy (`_bundle_cache`). The strategies in use hold their operation and its schemas
    themselves; an operation looked up again is built again.
    """
    loader = getattr(view, "_operations", None)
    clear = getattr(loader, "clear_cache", None)
    if callable(clear):
        clear()
    operations = getattr(getattr(view, "config", None), "operations", None)
    for cache in (
        getattr(operations, "_cache", None),
        getattr(getattr(view, "request_body_schema_cache", None), "_schemas", None),
        getattr(view, "_bundle_cache", None),
    ):
        if isinstance(cache, dict):
            cache.clear()
