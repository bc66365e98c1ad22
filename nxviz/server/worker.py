"""The worker process: runs the server's HDF5 work, one request at a time, off Jupyter's GIL.

h5py holds the GIL inside HDF5 calls, so HDF5 work on a thread of the Jupyter process stalls
its event loop, and a file on which HDF5 loops forever freezes Jupyter. The server therefore
sends every request's work (a module-level function and picklable arguments) to a process
started by :mod:`nxviz.server.workers`, which kills it when it exceeds its time bound.

Each process keeps its own :class:`~nxviz.hdf5.open.FileCache` (files keyed by path and mtime)
and runs each request inside :func:`nxviz.hdf5.limits.scope` with the server's limits and a
cancel flag in shared memory that the server sets when the client leaves. This module imports
no tornado or Jupyter: the fork server preloads it, so a new worker starts in milliseconds.
"""

from __future__ import annotations

import ctypes
import multiprocessing.connection
import os
import signal
import struct
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any, TypeVar

import h5py
import numpy as np

from nxviz.errors import DamagedFileError, FileChangedError, NxvizError
from nxviz.hdf5 import idle, limits
from nxviz.hdf5.guard import guarded
from nxviz.hdf5.locate import Locator
from nxviz.hdf5.open import FileCache
from nxviz.server.bodies import Outbox

T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """What a request's work needs to know of the server's configuration (sent with it)."""

    root_dir: Path
    allow_hidden: bool = False
    allow_outside_root: bool = False
    max_open_files: int = 32
    limits: limits.Limits = field(default_factory=limits.Limits)
    #: the server process's working directory and HDF5's search variables when the task was
    #: sent: HDF5 looks for link targets, virtual sources and external storage there, so the
    #: worker reads (and confines) exactly as the server process would
    cwd: str | None = None
    environment: tuple[tuple[str, str | None], ...] = ()


#: the variables that tell HDF5 where to look for other files
HDF5_SEARCH_VARIABLES = ("HDF5_EXT_PREFIX", "HDF5_VDS_PREFIX", "HDF5_EXTFILE_PREFIX")


def server_place() -> dict[str, Any]:
    """This process's working directory and HDF5 search variables, as Settings fields."""
    return {
        "cwd": os.getcwd(),
        "environment": tuple((name, os.environ.get(name)) for name in HDF5_SEARCH_VARIABLES),
    }


def _adopt(settings: Settings) -> None:
    """Stand where the server stands (its working directory and HDF5 search variables)."""
    if settings.cwd is not None and os.getcwd() != settings.cwd:
        try:
            os.chdir(settings.cwd)
        except OSError:
            pass  # gone: HDF5 and the confinement both go on from where this process is
    for name, value in settings.environment:
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@dataclass(frozen=True)
class Task:
    """One request's work as it crosses the pipe."""

    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    settings: Settings
    heavy: bool = False


class _State:
    settings: Settings | None = None
    files: FileCache | None = None
    #: the current task's answer may be made in this segment (see answer_array)
    outbox: Outbox | None = None
    offer: tuple[str, int] | None = None


_state = _State()


def current_settings() -> Settings:
    if _state.settings is None:
        raise RuntimeError("not inside a worker's request")
    return _state.settings


def answer_array(shape: tuple[int, ...], dtype: Any) -> np.ndarray:
    """A new array for the body of the running task's answer: made in the shared memory the
    server offered for that body when it fits (the answer then crosses with no copy), else an
    ordinary one (and always outside a worker). Only the answer's body may be made here."""
    if _state.outbox is not None:
        made: np.ndarray | None = _state.outbox.array(_state.offer, shape, dtype)
        if made is not None:
            return made
    return np.empty(shape, dtype=dtype)


def file_cache() -> FileCache:
    """This process's open files (created on first use, sized by the server's setting)."""
    if _state.files is None:
        size = _state.settings.max_open_files if _state.settings else 32
        _state.files = FileCache(size)
    return _state.files


def in_file(path: Path, work: Callable[..., T], *args: Any) -> T:
    """``work(locator, h5file, *args)`` with ``path`` opened through this process's cache and a
    :class:`Locator` confined as the server's settings say; what HDF5 raises on a damaged or
    changing file is one readable error (:func:`~nxviz.hdf5.guard.guarded`), and such a file is
    dropped from the cache so that the next request opens it afresh."""
    try:
        result: T = guarded(path, _located, path, work, *args)
        return result
    except (DamagedFileError, FileChangedError):
        file_cache().forget(path)
        raise


def _located(path: Path, work: Callable[..., T], *args: Any) -> T:
    settings = current_settings()
    with Locator(
        file_cache(),
        settings.root_dir,
        allow_hidden=settings.allow_hidden,
        allow_outside_root=settings.allow_outside_root,
    ) as locator:
        h5file: h5py.File = locator.open(path)
        return work(locator, h5file, *args)


def execute(
    task: Task, cancel: limits.Flag | None, promote: Callable[[int], bool] | None = None
) -> tuple[Any, ...]:
    """Run one task; the reply the server reads (never raises). ``promote(held)`` asks the
    server whether the task may go on in the heavy lane (see :mod:`nxviz.hdf5.limits`)."""
    _state.settings = task.settings
    try:
        _adopt(task.settings)
        scope = limits.scope(task.settings.limits, heavy=task.heavy, cancel=cancel, promote=promote)
        with scope as spent:
            try:
                value = task.fn(*task.args, **task.kwargs)
            except limits.NeedsHeavyLane as heavy:
                return ("heavy", heavy.held)
            except NxvizError as error:
                return ("error", type(error), error.message, _spent(spent))
            return ("ok", value, _spent(spent))
    except Exception:
        return ("bug", traceback.format_exc())
    finally:
        _state.settings = None


def _spent(scope: Any) -> dict[str, int]:
    return {"decoded": scope.decoded, "held": scope.held, "checkpoints": scope.checkpoints}


def yield_cpu(niceness: int) -> None:
    """Let the Jupyter process (its event loop) take the CPU from this process's threads (the
    band threads started later inherit both settings): ``niceness`` added to the nice value,
    and Linux's batch policy, under which a thread that wakes up (a band thread given a band)
    never preempts the one running (the event loop answering a request); it still gets its
    nice value's share of the CPU, unlike the idle policy, which another busy process would
    starve. Unprivileged processes may do both; where they cannot, nothing changes."""
    if niceness > 0 and hasattr(os, "nice"):
        try:
            os.nice(niceness)
        except OSError:
            pass
    if hasattr(os, "SCHED_BATCH"):  # Linux
        try:
            os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
        except OSError:
            pass


def _keep_freed_memory() -> None:
    """Let glibc keep up to 64 MiB of freed heap for the next request. By default it hands
    freed buffers back to the system at once, so each frame's buffers (~12 MB for a 16M frame:
    the image, the statistics' temporaries) are page-faulted afresh, request after request.
    Blocks of 32 MiB and more are still mapped apart and returned when freed."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # glibc (elsewhere: no such function, nothing done)
    except (OSError, AttributeError):
        return
    mallopt(-3, 32 << 20)  # M_MMAP_THRESHOLD
    mallopt(-1, 64 << 20)  # M_TRIM_THRESHOLD


def _lifted(
    outbox: Outbox, reply: tuple[Any, ...], offer: tuple[str, int], room: Any
) -> tuple[Any, ...]:
    """The reply with its body in shared memory, or as it was when that failed (pickled)."""
    try:
        return ("ok", outbox.lift(reply[1], offer, room), *reply[2:])
    except (BrokenPipeError, EOFError):
        raise
    except Exception:  # noqa: BLE001 (e.g. no shared memory left: the pipe still works)
        outbox.close()
        return reply


#: a reply up to this size goes down the pipe in one write (the server reads one this size on
#: its event loop when it is whole: ``nxviz.server.slots.LOOP_READ``)
ONE_WRITE = 256 * 1024


def send_whole(conn: Any, message: Any) -> None:
    """Send ``message`` as ``conn.send`` frames it (its length in 4 bytes, big-endian, then its
    pickle), in one write when it is small. ``Connection.send`` writes a message over 16 KB as
    two (the length, then the rest): the server, woken by the first, would find the reply
    incomplete and read it on an I/O thread (a pixel's spectrum, 32 KB, did so: a thread
    woken and the loop woken again from it, each request)."""
    payload = ForkingPickler.dumps(message)
    if len(payload) > ONE_WRITE or type(conn) is not multiprocessing.connection.Connection:
        conn.send_bytes(payload)  # a larger one is read on an I/O thread anyway
        return
    frame = memoryview(b"".join((struct.pack("!i", len(payload)), payload)))
    fd = conn.fileno()
    while frame:
        frame = frame[os.write(fd, frame) :]


def main(conn: Any, cancel: Any, niceness: int) -> None:
    """The worker's loop: a task in, a reply out, until the server closes the pipe; between
    them, once no task has come for a moment, the work tasks deferred (:mod:`nxviz.hdf5.idle`).

    A task comes alone or as ``(task, offer)``: ``offer`` names a shared-memory segment the
    reply's body goes into (:mod:`nxviz.server.bodies`), ``None`` when the body is pickled.
    While a task runs the worker may ask the server for a larger segment (``("room", size)``)
    and whether the task may go on in the heavy lane (``("heavy?", held)``, answered yes or no):
    a light request that finds itself large then needs no second trip."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops Jupyter, which stops us
    yield_cpu(niceness)
    _keep_freed_memory()
    outbox = Outbox()

    def room(size: int) -> tuple[str, int]:
        conn.send(("room", size))
        offer: tuple[str, int] = conn.recv()
        return offer

    def promote(held: int) -> bool:
        conn.send(("heavy?", held))
        answer: bool = conn.recv()
        return answer

    idle.serve()

    def quiet(seconds: float) -> bool:
        return not conn.poll(seconds)

    while True:
        try:
            idle.run(quiet)  # what the last task left for later, while no task comes
            message = conn.recv()
        except (EOFError, OSError):
            return
        task, offer = message if isinstance(message, tuple) else (message, None)
        started = time.perf_counter_ns()
        _state.outbox, _state.offer = outbox, offer
        try:
            reply = execute(task, cancel, promote)
        finally:
            _state.outbox, _state.offer = None, None
        worked = time.perf_counter_ns()
        try:
            if offer is not None and reply[0] == "ok":
                reply = _lifted(outbox, reply, offer, room)
                reply[2]["copied"] = outbox.copied
            if reply[0] == "ok":  # what the answer's Server-Timing tells
                reply[2]["work_ns"] = worked - started
                reply[2]["copy_ns"] = time.perf_counter_ns() - worked
            send_whole(conn, reply)
        except (BrokenPipeError, EOFError, OSError):
            return
        except Exception:  # the value did not pickle: a bug, told to the server
            conn.send(("bug", traceback.format_exc()))
        del task, reply, message
