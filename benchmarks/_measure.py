"""Running one whole process and measuring it: wall time and the child's own peak RSS.

Shared by the benchmark scripts. `os.wait4` reports the resource use of exactly the child that
was waited for, so concurrent runs of other tools never mix into the figure.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


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


def run_measured(
    command: list[str],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    timeout: float = 900,
) -> Run:
    """Run `command` to its end (or kill its process group at `timeout`)."""
    out_path, err_path = cwd / ".bench-stdout", cwd / ".bench-stderr"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True
        )
        deadline = start + timeout
        status, usage = 0, None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                _, status, usage = os.wait4(process.pid, 0)
                status = -1
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - start
    process.returncode = 0  # reaped by wait4; keep Popen from waiting again
    stdout = out_path.read_text(errors="replace")
    stderr = err_path.read_text(errors="replace")
    out_path.unlink()
    err_path.unlink()
    code = None if status == -1 else os.waitstatus_to_exitcode(status)
    return Run(code, seconds, usage.ru_maxrss * 1024 if usage else 0, stdout, stderr)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
