"""Answer bodies that cross from a worker process to the server through shared memory.

A frame's image (4.5 MB for 1280×1280) or a full frame (72 MB) pickled with the reply costs a
pickle in the worker, the pipe's back-and-forth in 200 KB pieces, and an unpickle in the server
(~17 ms for an image on a loaded machine). Instead each worker slot owns reusable shared-memory
segments (created and unlinked by the server process, which outlives its workers): a task that
answers a body is sent with the name of a free segment; the worker copies its body there (asking
for a larger one when it does not fit) and replies with a :class:`Shared` marker; the server
writes a memoryview of the segment to the socket, with no copy, and gives the segment back to the
slot once the write has finished (a :class:`Lease`). Work that makes a large array for its answer
may make it in the offered segment itself (:meth:`Outbox.array`, through
:func:`nxviz.server.worker.answer_array`): then nothing is copied at all.

Only bodies at known places are lifted: a ``bytes`` value or a C-contiguous numpy array (its
bytes, with no ``tobytes`` copy), the first item of a tuple (``(body, headers)``) or the
``body`` field of a dataclass (:class:`~nxviz.hdf5.values.Encoded`).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.shared_memory import SharedMemory
from typing import Any

import numpy as np

MiB = 1 << 20

#: bodies smaller than this travel pickled with the reply (a segment is not worth it)
SMALL = 64 * 1024
#: the first segment of a slot (an image up to 1448×1448 float32 fits)
FIRST = 8 * MiB
#: segments up to this size are kept for the slot's next request; larger ones are unlinked
KEEP = 80 * MiB
#: free segments a slot keeps (one may be leased to a slow client while the next request runs)
KEPT = 2


@dataclass(frozen=True)
class Shared:
    """In a reply: the body is the first ``size`` bytes of the task's segment."""

    size: int


BODIES = (bytes, np.ndarray, Shared)


def as_bytes(body: bytes | memoryview | np.ndarray) -> bytes | memoryview:
    """A body's bytes without a copy (an array's C-order bytes as a flat memoryview)."""
    if isinstance(body, bytes):
        return body
    if isinstance(body, np.ndarray):
        if body.nbytes == 0:
            return b""
        return memoryview(np.ascontiguousarray(body)).cast("B")  # type: ignore[arg-type]
    return body.cast("B")


def _place(value: Any) -> tuple[Any, Callable[[Any], Any]] | None:
    """The body inside ``value`` (bytes or a Shared marker) and how to put another in its place."""
    if isinstance(value, BODIES):
        return value, lambda body: body
    if type(value) is tuple and value and isinstance(value[0], BODIES):
        rest = value[1:]
        return value[0], lambda body: (body, *rest)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        body = getattr(value, "body", None)
        if isinstance(body, BODIES):
            return body, lambda new: dataclasses.replace(value, body=new)
    return None


# -- worker side -------------------------------------------------------------------------------
class Outbox:
    """The worker's view of the segment its current task may write its body into."""

    def __init__(self) -> None:
        self._segment: SharedMemory | None = None
        self._base = 0  # the address of the attached segment's first byte
        self.copied = 0  # bytes the last lift copied into shared memory

    def array(self, offer: tuple[str, int] | None, shape: tuple[int, ...], dtype: Any) -> Any:
        """A new array at the start of the offered segment when it fits there and is not small
        (else None): an answer whose body is this array is not copied by :meth:`lift`. The
        array is the task's until its reply is sent (the segment then goes to the server)."""
        kind = np.dtype(dtype)
        nbytes = int(np.prod(shape, dtype=np.int64)) * kind.itemsize
        if offer is None or nbytes < SMALL or nbytes > offer[1]:
            return None
        return np.ndarray(shape, dtype=kind, buffer=_buffer(self._attach(offer[0])))

    def lift(
        self, value: Any, offer: tuple[str, int], room: Callable[[int], tuple[str, int]]
    ) -> Any:
        """``value`` with its body (if any, and not small) copied into the offered segment and
        replaced by a :class:`Shared` marker; ``room(size)`` asks the server for a larger one."""
        self.copied = 0
        found = _place(value)
        if found is None or isinstance(found[0], Shared):
            return value
        body, put = as_bytes(found[0]), found[1]
        if len(body) < SMALL:
            return value
        if self._holds(found[0], offer[0]):  # made in place by ``array``: nothing to copy
            return put(Shared(len(body)))
        name, size = offer if len(body) <= offer[1] else room(len(body))
        segment = self._attach(name)
        _buffer(segment)[: len(body)] = body
        self.copied = len(body)
        if size > KEEP:  # the server unlinks it once written: do not keep it mapped here
            self.close()
        return put(Shared(len(body)))

    def _holds(self, body: Any, name: str) -> bool:
        """Whether ``body`` is an array starting at the first byte of the segment ``name``."""
        segment = self._segment
        if not isinstance(body, np.ndarray) or segment is None or segment.name != name:
            return False
        return bool(body.flags.c_contiguous) and body.ctypes.data == self._base

    def _attach(self, name: str) -> SharedMemory:
        if self._segment is None or self._segment.name != name:
            self.close()
            self._segment = SharedMemory(name=name)
            self._base = np.frombuffer(_buffer(self._segment), np.uint8, count=1).ctypes.data
        return self._segment

    def close(self) -> None:
        if self._segment is not None:
            try:
                self._segment.close()
            except BufferError:  # an array of an answer still views it: unmapped when it goes
                pass
            self._segment = None


# -- server side -------------------------------------------------------------------------------
class Segments:
    """One worker slot's segments: offered to its tasks, leased to answers being written."""

    def __init__(self) -> None:
        self._free: list[SharedMemory] = []
        self._lock = threading.Lock()
        self._closed = False

    def offer(self) -> SharedMemory:
        with self._lock:
            if self._free:
                return self._free.pop()
        return SharedMemory(create=True, size=FIRST)

    def grow(self, segment: SharedMemory, size: int) -> SharedMemory:
        """A segment of at least ``size`` bytes in place of ``segment``."""
        self.give_back(segment)
        with self._lock:
            for i, free in enumerate(self._free):
                if free.size >= size:
                    return self._free.pop(i)
        return SharedMemory(create=True, size=-(-size // MiB) * MiB)

    def give_back(self, segment: SharedMemory) -> None:
        with self._lock:
            if segment.size <= KEEP and len(self._free) < KEPT and not self._closed:
                self._free.append(segment)
                self._free.sort(key=lambda s: s.size)
                return
        _discard(segment)

    def close(self) -> None:
        with self._lock:
            free, self._free, self._closed = self._free, [], True
        for segment in free:
            _discard(segment)


def _buffer(segment: SharedMemory) -> memoryview:
    buffer = segment.buf
    assert buffer is not None  # None only once closed
    return buffer


def _discard(segment: SharedMemory) -> None:
    segment.unlink()
    try:
        segment.close()
    except BufferError:  # still exported (a write cut short): unmapped when that view goes
        pass


class Lease:
    """A body in a slot's segment, held until the server has written it."""

    def __init__(self, segments: Segments, segment: SharedMemory, size: int) -> None:
        self._segments: Segments | None = segments
        self._segment = segment
        self.view: memoryview = _buffer(segment)[:size]

    def release(self) -> None:
        """Give the segment back (once; later calls do nothing)."""
        segments, self._segments = self._segments, None
        if segments is None:
            return
        try:
            self.view.release()
        except BufferError:  # the socket's buffer still holds a piece: never reuse it
            _discard(self._segment)
            return
        segments.give_back(self._segment)


def receive(value: Any, segments: Segments, segment: SharedMemory) -> tuple[Any, Lease | None]:
    """The reply's value with its body as a memoryview of ``segment`` and the lease that holds
    it, or the value as it came (and the segment given back) when nothing was shared."""
    found = _place(value)
    if found is None or not isinstance(found[0], Shared):
        segments.give_back(segment)
        return value, None
    marker, put = found
    lease = Lease(segments, segment, marker.size)
    return put(lease.view), lease
