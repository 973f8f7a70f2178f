"""Render the static runtime templates into a throw-away package and import it.

The runtime (`templates/package/_base_client.py.jinja` and friends) is plain Python whose only
template variables are `header` and `api.package`, so the tests render it on their own, without
the generator's pipeline, into `<dir>/rtpkg/` and import it as the package `rtpkg`.
"""

from __future__ import annotations

import atexit
import importlib
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType, SimpleNamespace

import jinja2

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "templates" / "package"
PACKAGE = "rtpkg"
HEADER = "# test"

RUNTIME_TEMPLATES = (
    "_auth.py.jinja",
    "_base_client.py.jinja",
    "_models.py.jinja",
    "_response.py.jinja",
    "_types.py.jinja",
    "_utils.py.jinja",
    "errors.py.jinja",
    "py.typed.jinja",
    "resources/_resource.py.jinja",
)
"""The templates of the static runtime, relative to templates/package/."""

_INIT = '''# test
"""A package holding only the static runtime, rendered for the tests."""

from . import errors
from ._response import APIResponse, AsyncAPIResponse
from ._types import NOT_GIVEN, NotGiven

__all__ = ["NOT_GIVEN", "APIResponse", "AsyncAPIResponse", "NotGiven", "errors"]
'''

_RESOURCES_INIT = '''# test
"""Resources (none in the runtime-only package)."""
'''


def render_runtime(directory: Path, package: str = PACKAGE) -> Path:
    """Render the runtime templates into `directory/<package>/`; return the package folder."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    target = directory / package
    context = {"header": HEADER, "api": SimpleNamespace(package=package)}
    for name in RUNTIME_TEMPLATES:
        out = target / name.removesuffix(".jinja")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(env.get_template(name).render(context), encoding="utf-8")
    (target / "__init__.py").write_text(_INIT, encoding="utf-8")
    (target / "resources" / "__init__.py").write_text(_RESOURCES_INIT, encoding="utf-8")
    return target


def import_runtime(directory: Path, package: str = PACKAGE) -> ModuleType:
    """Render the runtime into `directory` and import it (with all its modules)."""
    render_runtime(directory, package)
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]
    sys.path.insert(0, str(directory))
    importlib.invalidate_caches()
    module = importlib.import_module(package)
    for sub in ("_auth", "_base_client", "_models", "_response", "_types", "_utils"):
        importlib.import_module(f"{package}.{sub}")
    importlib.import_module(f"{package}.resources._resource")
    return module


_RUNTIME: ModuleType | None = None


def ensure_runtime() -> ModuleType:
    """Render and import the runtime once per test session (removed again at exit).

    After this, test modules can simply `import rtpkg` and `from rtpkg._base_client import ...`.
    """
    global _RUNTIME
    if _RUNTIME is None:
        directory = Path(tempfile.mkdtemp(prefix="specgen-runtime-"))
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        _RUNTIME = import_runtime(directory)
    return _RUNTIME
