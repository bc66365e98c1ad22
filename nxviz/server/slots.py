"""One worker process of the pool (:mod:`nxviz.server.workers`) and the exchange of one request
with it, driven by the event loop.

The task goes down the pipe from the event loop and the loop waits for the reply with a reader
on the pipe (and one on the process's sentinel, which tells its end): no thread hand-over on the
way there or back (each cost a thread wake-up and the GIL passed between threads). A reply that
is already whole in the pipe and small (the usual one: a body comes back in shared memory, see
:mod:`nxviz.server.bodies`) is read on the loop; a larger one, or one still arriving, is read on
an I/O thread, so the loop never waits on the worker. Starting and killing a process (which may
block) run on I/O threads too. Where the platform cannot watch the pipe from the loop (not a
socket, or no readers on the loop), the waiting itself runs on an I/O thread.
"""

from __future__ import annotations

import asyncio
import ctypes
import multiprocessing.connection
import os
import socket
import struct
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

from nxviz.server.bodies import Segments, receive
from nxviz.server.worker import main

if TYPE_CHECKING:
    from nxviz.server.workers import Request

#: a reply up to this size, already whole in the pipe, is read and unpickled on the event loop
LOOP_READ = 256 * 1024
#: the longest the loop waits at once before it looks whether the client has gone
POLL = 0.25


class Slot:
    """One worker process, (re)started on demand; used by one request at a time."""

    def __init__(self, ctx: Any, index: int, niceness: int, io: Executor) -> None:
        self.ctx = ctx
        self.index = index
        self.niceness = niceness
        self.io = io
        self.cancel = ctx.RawValue(ctypes.c_int, 0)
        self.process: Any = None
        self.conn: Any = None
        self._peek: socket.socket | None = None  # the pipe, to look at a reply's length
        self._lock = threading.Lock()
        #: its process may still run a task nobody waits for: replaced before the next one
        self._stale = False
        self.starts = 0
        self.segments = Segments()

    def ensure(self) -> None:
        """Start the process unless it runs (blocks: call it from an I/O thread)."""
        with self._lock:
            if self.process is not None and self.process.is_alive():
                return
            self._close()
            ours, theirs = self.ctx.Pipe(duplex=True)
            process = self.ctx.Process(
                target=main,
                args=(theirs, self.cancel, self.niceness),
                name=f"nxviz-worker-{self.index}",
                daemon=True,
            )
            process.start()
            theirs.close()
            self._peek, self.process, self.conn = _peeker(ours), process, ours
            self.starts += 1

    def restart(self) -> None:
        """Kill the process and start another (blocks: call it from an I/O thread)."""
        self.kill()
        self.ensure()

    def kill(self) -> None:
        """Kill the process and wait for its end (blocks: call it from an I/O thread)."""
        with self._lock:
            if self.process is not None:
                self.process.kill()
                self.process.join(5)
            self._close()

    def _close(self) -> None:
        if self._peek is not None:
            self._peek.close()
            self._peek = None
        if self.conn is not None:
            self.conn.close()
        if self.process is not None and self.process.exitcode is not None:
            self.process.close()
        self.process, self.conn = None, None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    async def exchange(
        self,
        request: Request,
        timeout: float,
        grace: float,
        promote: Callable[[int], bool] | None = None,
    ) -> tuple[Any, ...]:
        """Send the task, wait for the reply; kill the worker past the time bound, or when it
        does not stop ``grace`` seconds after its client left.

        A task that answers a body is sent with a segment for it (``request.lease`` holds the
        segment afterwards when the body came back in it). ``promote(held)`` answers the
        worker's question whether the task may go on in the heavy lane (no when not given)."""
        loop = asyncio.get_running_loop()
        if self._stale:
            self._stale = False
            await loop.run_in_executor(self.io, self.restart)
        elif self.process is None or not self.process.is_alive():
            await loop.run_in_executor(self.io, self.ensure)
        self.cancel.value = 1 if request.gone else 0
        conn, sentinel = self.conn, self.process.sentinel
        segment = self.segments.offer() if request.shares_body else None
        try:
            conn.send((request.task, None if segment is None else (segment.name, segment.size)))
            reply, segment = await self._wait(
                conn, sentinel, request, (timeout, grace), segment, promote
            )
        except BaseException as error:
            if segment is not None:
                self.segments.give_back(segment)
            if isinstance(error, asyncio.CancelledError):  # nobody will read its reply
                self.cancel.value = 1
                self._stale = True
            raise
        if segment is None:
            return reply
        if reply[0] != "ok":
            self.segments.give_back(segment)
            return reply
        value, request.lease = receive(reply[1], self.segments, segment)
        return (reply[0], value, *reply[2:])

    async def _wait(
        self,
        conn: Any,
        sentinel: int,
        request: Request,
        bounds: tuple[float, float],
        segment: Any,
        promote: Callable[[int], bool] | None,
    ) -> tuple[tuple[Any, ...], Any]:
        loop = asyncio.get_running_loop()
        timeout, grace = bounds
        deadline = loop.time() + timeout
        told: float | None = None
        while True:
            now = loop.time()
            if request.gone and told is None:
                told = now
                self.cancel.value = 1
            limit = deadline if told is None else min(deadline, told + grace)
            if now >= limit:
                await loop.run_in_executor(self.io, self.kill)
                return ("killed", "timeout" if told is None else "cancelled"), segment
            ready = await self._ready(conn, sentinel, min(limit - now, POLL))
            if ready == "reply":
                try:
                    reply: tuple[Any, ...] = await self._receive(conn)
                except (EOFError, OSError):
                    await loop.run_in_executor(self.io, self.kill)
                    return ("died",), segment
                if reply[0] == "room" and segment is not None:  # the body needs more
                    segment = self.segments.grow(segment, int(reply[1]))
                    conn.send((segment.name, segment.size))
                    continue
                if reply[0] == "heavy?":  # its claim makes it heavy: may it go on here?
                    conn.send(promote is not None and bool(promote(int(reply[1]))))
                    continue
                return reply, segment
            if ready == "ended":
                await loop.run_in_executor(self.io, self.kill)
                return ("died",), segment

    async def _ready(self, conn: Any, sentinel: int, timeout: float) -> str | None:
        """``"reply"`` when the pipe has something to read, ``"ended"`` when the process has
        ended, None after ``timeout`` seconds."""
        if self._peek is not None:
            try:
                return await _watch(conn.fileno(), sentinel, timeout)
            except NotImplementedError:  # a loop without readers (e.g. Windows' proactor)
                self._peek.close()
                self._peek = None
        loop = asyncio.get_running_loop()
        ready = await loop.run_in_executor(
            self.io, multiprocessing.connection.wait, [conn, sentinel], timeout
        )
        if conn in ready:
            return "reply"
        return "ended" if sentinel in ready else None

    async def _receive(self, conn: Any) -> Any:
        """The next message: read on the loop when it is whole in the pipe and small, else on
        an I/O thread (the loop would wait for the rest)."""
        if self._peek is not None and _waiting_whole(self._peek, LOOP_READ):
            return conn.recv()
        return await asyncio.get_running_loop().run_in_executor(self.io, conn.recv)


async def _watch(fd: int, sentinel: int, timeout: float) -> str | None:
    """Wait on the event loop for the pipe ``fd`` or the process's ``sentinel`` to be readable."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[str | None] = loop.create_future()

    def ready(what: str | None) -> None:
        if not done.done():
            done.set_result(what)

    loop.add_reader(fd, ready, "reply")
    try:
        loop.add_reader(sentinel, ready, "ended")
        timer = loop.call_later(timeout, ready, None)
        try:
            return await done
        finally:
            timer.cancel()
            loop.remove_reader(sentinel)
    finally:
        loop.remove_reader(fd)


def _peeker(conn: Any) -> socket.socket | None:
    """A second handle on the pipe's socket, to look at what waits in it without reading it
    (None where the pipe is not a socket: then the waiting runs on an I/O thread)."""
    try:
        return socket.socket(fileno=os.dup(conn.fileno()))
    except (OSError, AttributeError, ValueError):
        return None


def _waiting_whole(peek: socket.socket, most: int) -> bool:
    """Whether one whole message of at most ``most`` bytes waits in the pipe
    (multiprocessing's framing: a 4-byte big-endian length, then the message)."""
    try:
        head = peek.recv(4, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        if len(head) < 4:
            return False
        size: int = struct.unpack("!i", head)[0]
        if size < 0 or size > most:  # -1: a long message, its length in 8 more bytes
            return False
        return len(peek.recv(4 + size, socket.MSG_PEEK | socket.MSG_DONTWAIT)) == 4 + size
    except (BlockingIOError, InterruptedError, OSError):
        return False
