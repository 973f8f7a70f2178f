"""Running one whole process and measuring it: wall time and the child's own peak RSS.

Shared by the benchmark scripts. `os.wait4` reports the resource use of exactly the child that
was waited for, so concurrent runs of other tools never mix into the figure.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO


@dataclass(frozen=True, slots=True)
class Run:
    returncode: int | None  # None: killed at the timeout
    seconds: float
    peak_rss: int  # bytes; of the process itself (its own children are not included)
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def timed_out(self) -> bool:
        return self.returncode is None


def _wait_exit(pid: int, timeout: float) -> bool:
    """Wait until `pid` has exited, leaving it unreaped; False if `timeout` passed first."""
    fd = os.pidfd_open(pid)  # Linux; the pidfd turns readable when the process exits
    try:
        return bool(select.select([fd], [], [], timeout)[0])
    finally:
        os.close(fd)


def _read(file: IO[bytes]) -> str:
    file.seek(0)
    return file.read().decode(errors="replace")


def run_measured(
    command: list[str],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    timeout: float = 900,
) -> Run:
    """Run `command` to its end, or kill its process group at `timeout`.

    The child leads its own process group; `os.wait4` reaps it and gives that child's own
    ru_maxrss. The group is killed just before the reap (stragglers, or everything on a
    timeout), while the unreaped child still holds its pid, so no other process can be hit.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            start_new_session=True,
        )  # fmt: skip
        try:
            exited = _wait_exit(proc.pid, timeout)
        finally:  # also on Ctrl-C, which the child (its own session) does not see
            seconds = time.perf_counter() - start
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            _, wait_status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(wait_status)
        stdout, stderr = _read(out), _read(err)
    code = proc.returncode if exited else None
    return Run(code, seconds, usage.ru_maxrss * 1024, stdout, stderr)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
