"""datamodel-code-generator in a second process, started before anything else is done.

It is most of `generate`'s time (Stripe: ~15 of ~22 s of CPU), and its import alone takes ~0.5 s.
In a process of its own it imports while this one loads the spec, and writes the models while this
one validates, renders and formats the client and the contract tests. That shortens the wall time
of `generate`, never the CPU time, and changes no output byte: the worker runs the very same
`generate_models` on the same IR.

The models are submitted before validation, from the IR of the document as loaded
(`pipeline.unvalidated_ir`); when validation's repairs change them, they are submitted again, and
the worker drops the first job. So the worker only imports: each job runs in a process forked
from it (with datamodel-code-generator imported), which it kills when a newer job comes.

The worker is forked, so it starts in milliseconds and needs no re-import of specgen. Where fork is
not available, or not safe (another thread is running, as in an embedding application or a test
server), the models are generated in this process instead, when they are asked for.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import pickle
import signal
import threading
from multiprocessing.connection import Connection, wait
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from specgen._files import scratch_file

if TYPE_CHECKING:  # (imported after the fork: the worker should start as early as it can)
    from specgen.ir import nodes as ir
    from specgen.render.model_split import ModelModule

Models = tuple[tuple["ModelModule", ...], list[str]]  # (the models package's modules, notes)


class ModelsWorker:
    """A process that imports datamodel-code-generator now and runs `generate_models` jobs."""

    def __init__(self) -> None:
        self._connection: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._job: tuple[ir.Api, list[Path]] | None = None  # the latest one submitted
        self._jobs = 0  # how many were submitted: the number of the latest
        self._job_files: list[str] = []  # pickled jobs; the worker deletes those it reads
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

    def submit(self, api: ir.Api, template_dirs: list[Path]) -> None:
        """Start generating the models of `api`, instead of those of any earlier submission;
        `result` waits for them."""
        self._job = (api, template_dirs)
        self._jobs += 1
        if self._connection is None:
            return
        # The job goes in a file, the pipe carries its name: a pipe holds 64 KiB, and the
        # worker may still be importing datamodel-code-generator when the job is ready, so
        # sending the job itself would hold this process up until it is done.
        data = pickle.dumps((models_part(api), template_dirs), protocol=pickle.HIGHEST_PROTOCOL)
        self._job_files.append(scratch_file("specgen-models-job-", data))
        self._connection.send((self._jobs, self._job_files[-1]))

    def ready(self) -> bool:
        """Whether `result` would answer without waiting (or generates here)."""
        return self._connection is None or self._connection.poll()

    def result(self) -> Models:
        """The models of the latest submission (generated here when there is no worker)."""
        if self._job is None:
            raise RuntimeError("no models job was submitted")
        if self._connection is None:
            from specgen.render.models import generate_models

            return generate_models(*self._job)
        while True:
            try:
                number, data = self._connection.recv()
            except EOFError:
                from specgen.render.model_source import ModelGenerationError

                code = self._process.exitcode if self._process is not None else None
                raise ModelGenerationError(
                    f"datamodel-code-generator's process ended without a result (exit code {code})"
                ) from None
            if number == self._jobs:
                break  # (an earlier job's result, sent before the worker heard of this one)
        kind, payload = pickle.loads(data)
        if kind == "error":
            from specgen.render.model_source import ModelGenerationError

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
        for path in self._job_files:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)  # the worker stopped before it read this job
        self._connection = self._process = None
        self._job_files = []

    def __enter__(self) -> ModelsWorker:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def models_part(api: ir.Api) -> ir.Api:
    """`api` without what `generate_models` never reads (its resources and request TypedDicts):
    the job is pickled to the worker, and the operations are three quarters of that pickle
    (openapi_large: 0.9 MB and 0.25 s both ways, the models alone 0.03 s)."""
    return dataclasses.replace(api, resources=(), params=(), params_imports=())


def same_job(api: ir.Api, other: ir.Api) -> bool:
    """Whether `generate_models` makes the same of both.

    The IR's equality leaves the models' schemas out, so they are compared here: as they are,
    else as datamodel-code-generator reads them (a repair that only dropped an example, as on
    GitHub, changes the schema but not the models)."""
    if models_part(api) != models_part(other):
        return False
    if all(a.schema == b.schema for a, b in zip(api.models, other.models, strict=True)):
        return True
    from specgen.render.models import model_document

    return model_document(api) == model_document(other)


def _serve(connection: Connection) -> None:
    """The worker: import the generator while the parent loads the spec, then run each job in
    a process of its own, the latest job only."""
    # Stopped (the spec is invalid, a job replaced) as by an exception, so that the scratch
    # folders of a datamodel-code-generator run are removed on the way out.
    signal.signal(signal.SIGTERM, _exit)
    running: tuple[int, int, Connection] | None = None  # (job number, process id, its pipe)
    try:
        # Imported while the parent loads the spec: the package imports its parser and model
        # modules only when first asked to generate, which is most of its ~0.3 s.
        import datamodel_code_generator.model.pydantic_v2
        import datamodel_code_generator.parser.openapi  # noqa: F401
        import jinja2  # noqa: F401 (its first generation imports it)

        import specgen.render.models  # noqa: F401

        while True:
            ready = wait([connection] if running is None else [connection, running[2]])
            if connection in ready:
                try:
                    number, job_file = connection.recv()
                except EOFError:
                    return  # the parent is done, or stopped (an invalid spec)
                if running is not None:
                    _stop(running)
                    running = None  # (stopped once: `finally` must not wait for it again)
                running = _start_job(number, job_file, connection)
            elif running is not None:
                number, pid, results = running
                try:
                    data = results.recv_bytes()
                except EOFError:
                    _, status = os.waitpid(pid, 0)
                    code = os.waitstatus_to_exitcode(status)
                    data = pickle.dumps(("error", f"the models job ended with exit code {code}"))
                else:
                    os.waitpid(pid, 0)
                results.close()
                running = None
                connection.send((number, data))
    except KeyboardInterrupt:
        return  # Ctrl-C reaches the whole process group; the parent reports it
    finally:
        if running is not None:
            _stop(running)
        connection.close()


def _start_job(number: int, job_file: str, parent: Connection) -> tuple[int, int, Connection]:
    """Fork a process that runs the job and sends its pickled (kind, payload) back."""
    results, child_end = multiprocessing.Pipe(duplex=False)
    # SIGTERM is held across the fork: arriving while the fork's own hooks run (`random`
    # reseeds in the child), the handler's SystemExit was printed as "Exception ignored in:
    # <bound method Random.seed ...>" instead of stopping the job. Held, it arrives below,
    # where it is caught.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        pid = os.fork()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        raise
    if pid == 0:  # the job's process: never returns into the worker's loop
        code = 0
        try:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
            parent.close()
            results.close()
            child_end.send_bytes(pickle.dumps(_run(job_file), protocol=pickle.HIGHEST_PROTOCOL))
        except BaseException:  # stopped (SIGTERM, Ctrl-C): nothing to send
            code = 1
        finally:
            os._exit(code)
    child_end.close()
    running = (number, pid, results)
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    except BaseException:  # the worker itself stopped while the fork was under way
        _stop(running)
        raise
    return running


def _run(job_file: str) -> tuple[str, object]:
    from specgen.render.model_source import ModelGenerationError
    from specgen.render.models import generate_models

    with open(job_file, "rb") as handle:
        job: tuple[Any, list[Path]] = pickle.load(handle)
    os.unlink(job_file)
    try:
        return "ok", generate_models(*job)
    except ModelGenerationError as exc:
        return "error", str(exc)
    except Exception as exc:  # the parent reports it as an error, never a traceback
        return "error", f"datamodel-code-generator failed: {exc}"


def _stop(running: tuple[int, int, Connection]) -> None:
    """End a job's process that is no longer wanted (it cleans up on SIGTERM)."""
    _, pid, results = running
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    # Its pipe closed first: a job that went on (a SIGTERM that Python could only report, in a
    # finalizer) and sends a result larger than the pipe holds fails at once, instead of
    # waiting for a reader while this waits for it to end.
    results.close()
    os.waitpid(pid, 0)


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(0)
