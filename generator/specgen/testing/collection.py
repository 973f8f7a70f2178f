"""What pytest collects of the contract tests: a test with nothing to check is not one.

Each framework test is parametrized by what the spec has (operations, request bodies, optional
nullable properties...). A test function whose parameter list is empty for the whole document
(no request body anywhere, no operation at all) would be collected as one skipped item per
combination of its other parameters: a document without operations reported 21 skips, none of
which said anything about the API. Such items are removed at collection. So are all live-mode
items but one when live mode is off: one skip says how to turn it on, where one per operation
(760 on GitHub's API) buried the skips that name a schema or an example. When nothing at all
is left of a suite (a document without operations), one item stays, skipped with the reason, so
that the run says why it checked nothing (pytest would otherwise exit 5, "no tests ran").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

__all__ = ["NOTHING_TO_CHECK", "nothing_to_check", "pytest_collection_modifyitems"]

NOTHING_TO_CHECK = "nothing to check: "
"""How the skip reason of a parameter that stands for "the spec has none of these" starts."""
_EMPTY_PARAMETER_SET = "got empty parameter set"  # pytest's own reason for an empty list
_NO_OPERATIONS = "the spec has no operations: the contract tests have nothing to check"
_LIVE_FIXTURE = "live"


def nothing_to_check(reason: str, values: int = 1) -> Any:
    """The one parameter of a test whose list is empty for this spec (`values`: how many
    parameter names it stands for); removed at collection (see the module's docstring)."""
    mark = pytest.mark.skip(reason=NOTHING_TO_CHECK + reason)
    return pytest.param(*([None] * values), id="none", marks=mark)


def _skip_reason(item: pytest.Item) -> str | None:
    mark = item.get_closest_marker("skip")
    if mark is None:
        return None
    return str(mark.kwargs.get("reason", mark.args[0] if mark.args else ""))


def _is_empty(item: pytest.Item) -> bool:
    reason = _skip_reason(item) or ""
    return reason.startswith((NOTHING_TO_CHECK, _EMPTY_PARAMETER_SET))


def _suite_folder(item: pytest.Item) -> Path | None:
    """The folder of the contract-test suite an item belongs to; None for other tests."""
    path = Path(str(getattr(item, "path", "")))
    if path.name.endswith("_contract.py") and (path.parent / "contract_testing").is_dir():
        return path.parent
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from .plugin import LIVE_HINT

    live_off = not config.getoption("--live-url", default=None)
    suites: dict[Path, list[pytest.Item]] = {}
    for item in items:
        folder = _suite_folder(item)
        if folder is not None:
            suites.setdefault(folder, []).append(item)
    dropped: set[int] = set()
    for suite in suites.values():
        empty = [item for item in suite if _is_empty(item)]
        live = [
            item
            for item in suite
            if live_off
            and not _is_empty(item)
            and _LIVE_FIXTURE in getattr(item, "fixturenames", ())
        ]
        if live:
            reason = f"{LIVE_HINT} ({len(live)} operations)"
            live[0].add_marker(pytest.mark.skip(reason=reason), append=False)
        gone = empty + live[1:]
        if len(gone) == len(suite) and suite:
            # Nothing is left: one item says why (it is an empty one, never a live one here).
            keep = empty[0] if empty else suite[0]
            keep.add_marker(pytest.mark.skip(reason=_NO_OPERATIONS), append=False)
            gone = [item for item in gone if item is not keep]
        dropped.update(id(item) for item in gone)
    if dropped:
        items[:] = [item for item in items if id(item) not in dropped]
