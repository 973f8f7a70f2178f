"""The client runtime: the part of every generated package that is the same for every API.

These modules are plain, typed Python, linted, type-checked (`mypy --strict`) and tested here, in
place, as `specgen.runtime`. The render stage (`specgen.render.runtime`) copies each of them
verbatim into every generated package, under a header that says so; only the per-API modules
(`_client.py`, `resources/<tag>.py`, `models/`, ...) are rendered from templates. So every import
inside the runtime is relative, and this `__init__.py` (like `resources/__init__.py`) is specgen's
own: a generated package has its own, rendered from its spec.

Importing `specgen.runtime` imports nothing else: the generator reads these files as data and does
not need httpx. Import the modules themselves (`specgen.runtime._base_client`) to use them.
"""
