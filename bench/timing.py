"""Run child processes with a wall-clock timer, their own peak memory, and a deadline.

`getrusage(RUSAGE_CHILDREN)` only gives the maximum over every child ever
reaped, so one big build would hide all later ones; `os.wait4` gives the
rusage of exactly the child we waited for. A thread does the blocking wait so
the timer stops the moment the child exits (no polling error) while the main
thread enforces the timeout.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


class BenchError(RuntimeError):
    """A measurement could not be taken; the message says which and shows the child's output."""


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_s: float  # user + system: barely moved by other load on the machine, unlike wall time
    max_rss_mib: float
    returncode: int
    output: str


def child_env(root: Path) -> dict[str, str]:
    """`root`'s own copy of hindsight/ first on the path, and MkDocs' banner about its successor muted."""
    path = os.pathsep.join(p for p in (str(root), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": path}


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """Stop a child we started in its own session, and everything it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def run(command: Sequence[str], cwd: Path, timeout: float, log: Path) -> Run:
    """Run to completion; output goes to `log` (no pipe to fill up and block the child)."""
    result: dict[str, tuple[int, int, resource.struct_rusage]] = {}
    with log.open("wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), cwd=cwd, env=child_env(cwd), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        waiter = threading.Thread(target=lambda: result.setdefault("wait", os.wait4(process.pid, 0)), daemon=True)
        waiter.start()
        try:
            waiter.join(timeout)
        except BaseException:  # Ctrl-C: take the child down with us rather than leave it running
            kill_group(process)
            raise
        elapsed = time.perf_counter() - started
        if waiter.is_alive():
            kill_group(process)
            waiter.join(30)
            process.returncode = -9
            raise BenchError(f"timed out after {timeout:.0f} s: {' '.join(command)}\n{tail(log)}")
    _, status, usage = result["wait"]
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: tell Popen so it does not try again
    return Run(
        elapsed,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        process.returncode,
        log.read_text(encoding="utf-8", errors="replace"),
    )


def run_ok(command: Sequence[str], cwd: Path, timeout: float, log: Path) -> Run:
    """Like `run`, but a failing child stops the benchmark with its output."""
    done = run(command, cwd, timeout, log)
    if done.returncode != 0:
        raise BenchError(f"exit {done.returncode}: {' '.join(command)} (in {cwd})\n{tail(log)}")
    return done


def tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")
