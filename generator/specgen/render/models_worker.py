"""datamodel-code-generator in a second process, started before anything else is done.

It is most of `generate`'s time (Stripe: ~15 of ~22 s of CPU), and its import alone takes ~0.5 s.
In a process of its own it imports while this one loads and validates the spec, and writes the
models while this one renders and formats the client and the contract tests. That shortens the
wall time of `generate`, never the CPU time, and changes no output byte: the worker runs the very
same `generate_models` on the same IR.

The worker is forked, so it starts in milliseconds and needs no re-import of specgen. Where fork is
not available, or not safe (another thread is running, as in an embedding application or a test
server), the models are generated in this process instead, when they are asked for.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Any

from specgen.ir import nodes as ir
from specgen.render.model_source import ModelGenerationError
from specgen.render.model_split import ModelModule

Models = tuple[tuple[ModelModule, ...], list[str]]  # (the models package's modules, notes)


class ModelsWorker:
    """A process that imports datamodel-code-generator now and runs one `generate_models`."""

    def __init__(self) -> None:
        self._connection: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        if threading.active_count() > 1:
            return  # a fork would copy locks other threads may hold
        context = multiprocessing.get_context("fork")
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child,), name="specgen-models", daemon=True)
        process.start()
        child.close()
        self._connection, self._process = parent, process

    @property
    def forked(self) -> bool:
        """Whether the models are generated in a second process (else here, when asked for)."""
        return self._process is not None

    def submit(self, api: ir.Api, template_dirs: list[Path]) -> Callable[[], Models]:
        """Start generating the models of `api`; the returned call waits for them."""
        if self._connection is None:
            from specgen.render.models import generate_models

            return lambda: generate_models(api, template_dirs)
        connection = self._connection
        connection.send((api, template_dirs))
        return lambda: self._result(connection)

    def _result(self, connection: Connection) -> Models:
        try:
            kind, payload = connection.recv()
        except EOFError:
            code = self._process.exitcode if self._process is not None else None
            raise ModelGenerationError(
                f"datamodel-code-generator's process ended without a result (exit code {code})"
            ) from None
        if kind == "error":
            raise ModelGenerationError(str(payload))
        result: Models = payload
        return result

    def close(self) -> None:
        """Stop the worker (it has nothing left to do, or its result is no longer wanted)."""
        if self._connection is not None:
            self._connection.close()
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
        self._connection = self._process = None

    def __enter__(self) -> ModelsWorker:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _serve(connection: Connection) -> None:
    """The worker: import the generator while the parent loads the spec, then run one job."""
    try:
        # Imported while the parent loads the spec: the package imports its parser and model
        # modules only when first asked to generate, which is most of its ~0.3 s.
        import datamodel_code_generator.model.pydantic_v2
        import datamodel_code_generator.parser.openapi  # noqa: F401

        from specgen.render.models import generate_models

        try:
            job: tuple[Any, list[Path]] = connection.recv()
        except EOFError:
            return  # the parent stopped before it had models to ask for (an invalid spec)
        try:
            result: tuple[str, object] = ("ok", generate_models(*job))
        except ModelGenerationError as exc:
            result = ("error", str(exc))
        except Exception as exc:  # the parent reports it as an error, never a traceback
            result = ("error", f"datamodel-code-generator failed: {exc}")
        connection.send(result)
    except KeyboardInterrupt:
        return  # Ctrl-C reaches the whole process group; the parent reports it
    finally:
        connection.close()
