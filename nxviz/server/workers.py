"""A pool of worker processes (:mod:`nxviz.server.worker`) the server can kill and replace.

Why processes: h5py holds the GIL during HDF5 calls, so HDF5 work on threads of the Jupyter
process stalls the event loop, and a file that makes HDF5 loop forever would freeze Jupyter.

Scheduling, all on the event loop:

- Two lanes. Every request starts in the *light* lane; one that would hold more than
  ``heavy_bytes`` (its read claims it before reading, see :mod:`nxviz.hdf5.limits`) or that is
  slow by nature (validation) runs in the *heavy* lane. Heavy requests never take the last idle
  worker, and light ones go first: a small request never waits behind a huge one. A light
  request whose claim makes it heavy goes on in its worker when the heavy lane has room for it
  now (no heavy request waiting, a worker left for light ones, its bytes within the budget);
  otherwise it is queued again among the heavy ones.
- A memory budget shared by the heavy requests: one waits until its estimate fits.
- A request whose client has gone before a worker took it is skipped; one already running gets
  its cancel flag set (the walks and reads stop at their next checkpoint) and its worker is
  killed if it has not stopped ``cancel_grace`` seconds later.
- A request that runs past ``timeout`` has its worker killed (a new one starts when needed) and
  answers :class:`~nxviz.errors.TimeLimitError`.

Workers start from a fork server that has preloaded nxviz, h5py and numpy (never by forking the
Jupyter process, which runs tornado and threads), lazily or in the background. Each is a
:class:`~nxviz.server.slots.Slot`, whose exchange with its process runs on the event loop too.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import multiprocessing
import sys
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from nxviz.errors import NxvizError, RequestCancelledError, TimeLimitError, TooLargeError
from nxviz.server.bodies import Lease
from nxviz.server.slots import Slot
from nxviz.server.worker import Task
from nxviz.validation.killable import FORKSERVER_PRELOAD

log = logging.getLogger("nxviz.workers")

#: "__main__" first: the fork server imports the main script once (when it is a file, as
#: `jupyter-lab` is), so the workers forked from it do not import it again each.
PRELOAD = FORKSERVER_PRELOAD  # the same list wherever the process's one fork server starts


class ClientGone(Exception):
    """The client left before a worker took the request: nothing was run."""


class WorkerDied(Exception):
    """The worker process ended while it ran the request (e.g. a crash inside HDF5)."""


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods and sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


@dataclass
class Request:
    """One request's work and its place in the schedule."""

    task: Task
    heavy: bool = False
    held: int = 0  # bytes its read claimed (heavy lane)
    gone: bool = False
    slot: Slot | None = None
    spent: dict[str, int] = field(default_factory=dict)
    queued: float = 0.0  # seconds waiting for a worker
    ran: float = 0.0  # seconds in a worker
    #: its answer's body comes back through shared memory (see nxviz.server.bodies)
    shares_body: bool = False
    #: the segment holding that body until the server has written it
    lease: Lease | None = None

    def leave(self) -> None:
        """The client has gone: skip the work, or tell the running worker to stop."""
        self.gone = True
        if self.slot is not None:
            self.slot.cancel.value = 1


@dataclass
class Counters:
    """The pool's own accounting (tests and the log read it)."""

    completed: int = 0
    skipped: int = 0  # client gone before a worker took the request
    cancelled: int = 0  # stopped at a checkpoint after the client left
    killed: int = 0  # workers killed (time bound, or not stopping after the client left)
    timeouts: int = 0
    died: int = 0
    heavy: int = 0  # requests run in the heavy lane
    promoted: int = 0  # of which went on in the worker their light start had
    refused: int = 0  # 413 before any read
    peak_held: int = 0  # most bytes the heavy lane held at once
    decoded: int = 0  # bytes the finished requests claimed to decode
    shared: int = 0  # answers whose body came back in shared memory
    copied: int = 0  # bytes the workers copied there (none for a body made in place)


class WorkerPool:
    def __init__(
        self,
        size: int,
        *,
        timeout: float,
        budget: int,
        niceness: int = 10,
        cancel_grace: float = 2.0,
    ) -> None:
        self.size = max(1, size)
        self.timeout = timeout
        self.budget = budget
        self.cancel_grace = cancel_grace
        self.max_heavy = max(1, self.size - 1)
        self.counters = Counters()
        self._ctx = _context()
        self._io = ThreadPoolExecutor(max_workers=self.size + 1, thread_name_prefix="nxviz-io")
        self._slots = [Slot(self._ctx, i, niceness, self._io) for i in range(self.size)]
        self._idle: list[Slot] = list(self._slots)
        self._light: deque[tuple[Request, asyncio.Future[Slot]]] = deque()
        self._heavy: deque[tuple[Request, asyncio.Future[Slot]]] = deque()
        self._heavy_running = 0
        self._held = 0
        self._closed = False

    # -- lifecycle -------------------------------------------------------------------------
    def start_in_background(self) -> None:
        """Start the workers on I/O threads: Jupyter's start does not wait for them."""
        for slot in self._slots:
            self._io.submit(_quietly, slot.ensure)

    @property
    def running(self) -> int:
        """Requests in a worker now."""
        return self.size - len(self._idle)

    @property
    def waiting(self) -> int:
        """Requests waiting for a worker."""
        return len(self._light) + len(self._heavy)

    def pids(self) -> list[int | None]:
        return [slot.pid for slot in self._slots]

    def close(self) -> None:
        self._closed = True
        for _, future in [*self._light, *self._heavy]:
            if not future.done():
                future.cancel()
        self._light.clear()
        self._heavy.clear()
        for slot in self._slots:
            slot.kill()
            slot.segments.close()
        self._io.shutdown(wait=False, cancel_futures=True)

    # -- running ---------------------------------------------------------------------------
    async def run(self, request: Request) -> Any:
        """The task's value, or its NxvizError; TimeLimitError past the bound; ClientGone
        when the client left before it ran; WorkerDied when its worker crashed."""
        while True:
            asked = time.perf_counter()
            slot = await self._acquire(request)
            started = time.perf_counter()
            request.queued += started - asked
            request.slot = slot
            promote = functools.partial(self._promote, request)
            try:
                reply = await slot.exchange(request, self.timeout, self.cancel_grace, promote)
            finally:
                request.ran += time.perf_counter() - started
                request.slot = None
                self._release(slot, request)
            kind = reply[0]
            if kind == "heavy":
                request.heavy, request.held = True, int(reply[1])
                request.task = _heavy(request.task)
                if request.held > self.budget:
                    self.counters.refused += 1
                    raise TooLargeError(
                        f"the request would hold {request.held} bytes, more than the server's "
                        f"memory budget ({self.budget}): ask for less"
                    )
                continue
            return self._outcome(request, reply)

    def _outcome(self, request: Request, reply: tuple[Any, ...]) -> Any:
        kind = reply[0]
        if kind == "ok":
            self.counters.completed += 1
            request.spent = reply[2]
            self.counters.decoded += request.spent["decoded"]
            self.counters.shared += request.lease is not None
            self.counters.copied += request.spent.get("copied", 0)
            return reply[1]
        if kind == "error":
            cls, message = reply[1], reply[2]
            request.spent = reply[3]
            self.counters.decoded += request.spent["decoded"]
            if issubclass(cls, RequestCancelledError):  # e.g. a volume slice stopped
                self.counters.cancelled += 1
            elif cls is TooLargeError:
                self.counters.refused += 1
            error: NxvizError = cls(message)
            raise error
        if kind == "killed":
            self.counters.killed += 1
            if reply[1] == "cancelled":
                self.counters.cancelled += 1
                raise RequestCancelledError("the client has gone")
            self.counters.timeouts += 1
            raise TimeLimitError(
                f"the request ran past the server's time bound ({self.timeout:g} s) and was stopped"
            )
        if kind == "died":
            self.counters.died += 1
            raise WorkerDied("the worker process ended while reading")
        raise RuntimeError(f"a worker failed:\n{reply[1]}")

    async def _acquire(self, request: Request) -> Slot:
        if request.gone:
            self.counters.skipped += 1
            raise ClientGone
        future: asyncio.Future[Slot] = asyncio.get_running_loop().create_future()
        (self._heavy if request.heavy else self._light).append((request, future))
        self._dispatch()
        try:
            return await future
        except asyncio.CancelledError:
            self._drop(request)
            raise

    def _drop(self, request: Request) -> None:
        for lane in (self._light, self._heavy):
            for item in list(lane):
                if item[0] is request:
                    lane.remove(item)

    def _dispatch(self) -> None:
        while self._idle and not self._closed:
            if self._light:
                request, future = self._light.popleft()
            elif self._heavy and self._heavy_fits(self._heavy[0][0]):
                request, future = self._heavy.popleft()
            else:
                return
            if future.done():
                continue
            if request.gone:
                self.counters.skipped += 1
                future.set_exception(ClientGone())
                continue
            slot = self._idle.pop()
            if request.heavy:
                self._heavy_running += 1
                self._held += request.held
                self.counters.heavy += 1
                self.counters.peak_held = max(self.counters.peak_held, self._held)
            future.set_result(slot)

    def _promote(self, request: Request, held: int) -> bool:
        if self._closed or request.heavy or self._heavy or held > self.budget:
            return False  # heavy requests waiting go first; too large: refused when queued
        if self._heavy_running >= self.max_heavy:
            return False  # the last worker is the light lane's
        if self._heavy_running and self._held + held > self.budget:
            return False
        request.heavy, request.held = True, held
        self._heavy_running += 1
        self._held += held
        self.counters.heavy += 1
        self.counters.promoted += 1
        self.counters.peak_held = max(self.counters.peak_held, self._held)
        return True

    def _heavy_fits(self, request: Request) -> bool:
        if self._heavy_running >= self.max_heavy:
            return False
        return self._heavy_running == 0 or self._held + request.held <= self.budget

    def _release(self, slot: Slot, request: Request) -> None:
        self._idle.append(slot)
        if request.heavy:
            self._heavy_running -= 1
            self._held -= request.held
        asyncio.get_running_loop().call_soon(self._dispatch)


def _heavy(task: Task) -> Task:
    return Task(task.fn, task.args, task.kwargs, task.settings, heavy=True)


def _quietly(fn: Any) -> None:
    try:
        fn()
    except Exception as error:  # noqa: BLE001 (started again on first use, and reported then)
        log.debug("nxviz: a worker did not start in the background: %s", error)
