"""Worker processes that check one file at a time and can be killed: a file on which HDF5 loops
forever (or crashes) costs its time bound and one process, never the batch.

:func:`map_bounded` runs ``one(file, options)`` for each file in up to ``jobs`` such processes;
a call that runs past ``timeout`` seconds has its process killed (a new one takes the next
file), and a process that dies mid-call is replaced the same way; the file's result is then
``lost(file, error=..., error_code=...)``. :func:`call_bounded` is one bounded call in this
thread's own worker (the dask path, where each dask thread calls it).

Processes are forked from this one when it runs a single thread (Linux: milliseconds, nothing
imported twice), else started from a fork server or spawned. Nothing here imports h5py.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["map_bounded", "call_bounded", "TIMEOUT_CODE", "DIED_CODE"]

Opts = TypeVar("Opts")
R = TypeVar("R")

#: ``error_code`` of a file whose check ran past the time bound, or whose process died
TIMEOUT_CODE, DIED_CODE = "timeout", "worker_died"

#: what the fork server imports first (modules named, not imported here)
FORKSERVER_PRELOAD = ["__main__", "nxviz.server.preload"]

#: seconds a worker started for the dask path waits for its next file before it ends itself
IDLE_EXIT = 60.0


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        # A process has one fork server, started by whichever pool forks first: the same preload
        # as the server's workers (nxviz.server.workers.PRELOAD), or theirs would be ignored
        # (slow worker starts, no objects set aside).
        ctx.set_forkserver_preload(FORKSERVER_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _serve(conn: Any, idle: float | None) -> None:
    """The worker's loop: ``(one, file, options)`` in, ``("started", None)`` once it is unpickled
    (the time bound counts from there, not from a new process's imports), then ``("ok",
    result)`` or ``("bug", text)`` out, until ``None`` comes or the pipe closes (or ``idle``
    seconds pass with no work).
    (A forked sibling may hold a copy of the parent's end, so closing it is not enough.)"""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent stops and kills us
    while True:
        try:
            if idle is not None and not conn.poll(idle):
                return
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        one, file, options = job
        try:
            conn.send(("started", None))
            reply: tuple[str, Any] = ("ok", one(file, options))
            conn.send(reply)
        except (BrokenPipeError, EOFError, OSError):
            return
        except Exception:  # a bug in the check, or a result that does not pickle
            conn.send(("bug", traceback.format_exc()))


class _Worker:
    """One process, started when first needed and again after it was killed or died."""

    def __init__(self, ctx: Any, idle: float | None = None) -> None:
        self.ctx, self.idle = ctx, idle
        self.process: Any = None
        self.conn: Any = None

    def send(self, job: tuple[Any, str, Any]) -> None:
        if self.process is None or not self.process.is_alive():
            self.stop()
            ours, theirs = self.ctx.Pipe(duplex=True)
            self.process = self.ctx.Process(
                target=_serve, args=(theirs, self.idle), name="nxviz-check", daemon=True
            )
            self.process.start()
            theirs.close()
            self.conn = ours
        try:
            self.conn.send(job)
        except (BrokenPipeError, OSError):  # it ended itself (idle) just now: once more
            self.stop()
            self.send(job)

    def receive(self) -> tuple[str, Any]:
        """The reply, or ``("died", exit code)`` when the process ended without one."""
        try:
            reply: tuple[str, Any] = self.conn.recv()
            return reply
        except (EOFError, OSError):
            self.process.join(1)
            code = self.process.exitcode
            self.stop()
            return ("died", code)

    def stop(self, kill: bool = False) -> None:
        """End the process: at once when ``kill``, else by telling it to stop."""
        if self.conn is not None:
            if not kill:
                try:
                    self.conn.send(None)
                except (BrokenPipeError, OSError):
                    pass  # it has ended already
            self.conn.close()
        if self.process is not None:
            if not kill:
                self.process.join(2)
            if self.process.is_alive():
                self.process.kill()
                self.process.join(5)
        self.process, self.conn = None, None


def _lost_message(file: str, kind: str, timeout: float | None, code: Any) -> str:
    if kind == TIMEOUT_CODE:
        return f"{file}: not checked: its check ran past {timeout:g} s and was stopped (--timeout)"
    how = f"signal {-code}" if isinstance(code, int) and code < 0 else f"exit code {code}"
    return f"{file}: not checked: the process checking it ended ({how}), e.g. a crash in HDF5"


def _result(reply: tuple[str, Any], file: str, lost: Callable[..., R], timeout: float | None) -> R:
    kind, value = reply
    if kind == "ok":
        result: R = value
        return result
    if kind == "bug":
        raise RuntimeError(f"checking {file} failed:\n{value}")
    code = TIMEOUT_CODE if kind == TIMEOUT_CODE else DIED_CODE
    return lost(file, error=_lost_message(file, kind, timeout, value), error_code=code)


def map_bounded(
    one: Callable[[str, Opts], R],
    files: Sequence[str],
    options: Opts,
    lost: Callable[..., R],
    *,
    jobs: int = 1,
    timeout: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[R]:
    """``one(file, options)`` for each file in up to ``jobs`` killable processes, each call
    bounded by ``timeout`` seconds (None: unbounded); results in the order of ``files``."""
    ctx = _context()
    workers = [_Worker(ctx) for _ in range(max(1, min(jobs, len(files))))]
    idle, todo = list(workers), deque(enumerate(files))
    running: dict[_Worker, tuple[int, float]] = {}  # worker -> (index, deadline)
    results: dict[int, R] = {}
    never = float("inf")
    try:
        while todo or running:
            while idle and todo:
                worker, (index, file) = idle.pop(), todo.popleft()
                worker.send((one, file, options))
                running[worker] = (index, never)  # until it says it has started
            now = time.monotonic()
            wait = max(0.0, min(deadline for _, deadline in running.values()) - now)
            ends = [w.conn for w in running] + [w.process.sentinel for w in running]
            ready = multiprocessing.connection.wait(ends, None if wait == float("inf") else wait)
            for worker, (index, deadline) in list(running.items()):
                if worker.conn in ready or worker.process.sentinel in ready:
                    reply = worker.receive()
                    if reply[0] == "started":
                        running[worker] = (index, time.monotonic() + timeout if timeout else never)
                        continue
                elif time.monotonic() >= deadline:
                    worker.stop(kill=True)
                    reply = (TIMEOUT_CODE, None)
                else:
                    continue
                del running[worker]
                idle.append(worker)
                results[index] = _result(reply, files[index], lost, timeout)
                if progress is not None:
                    progress(len(results), len(files))
    finally:
        for worker in workers:
            worker.stop(kill=bool(running))
    return [results[i] for i in range(len(files))]


_local = threading.local()


def call_bounded(
    file: str,
    one: Callable[[str, Opts], R],
    options: Opts,
    lost: Callable[..., R],
    timeout: float | None = None,
) -> R:
    """One bounded ``one(file, options)`` in this thread's own worker process (kept for the
    next call; it ends itself after ``IDLE_EXIT`` seconds without work). A daemonic process
    (dask's default for its workers, ``distributed.worker.daemon``) may start no process: there
    the call runs unbounded in this thread."""
    if multiprocessing.current_process().daemon:
        return one(file, options)
    worker: _Worker | None = getattr(_local, "worker", None)
    if worker is None:
        worker = _local.worker = _Worker(_context(), idle=IDLE_EXIT)
    worker.send((one, file, options))
    ends = [worker.conn, worker.process.sentinel]
    multiprocessing.connection.wait(ends)  # it has started, or died
    reply = worker.receive()
    if reply[0] == "started":
        if multiprocessing.connection.wait(ends, timeout):
            reply = worker.receive()
        else:
            worker.stop(kill=True)
            reply = (TIMEOUT_CODE, None)
    return _result(reply, file, lost, timeout)
