"""Bands of rows, worked on in parallel by the threads of this process.

A frame is decoded and reduced band by band: each band is a few dozen rows that stay in the
CPU cache from their decode to their last pass. Bands go to a pool of threads, one per core this
process may use; each step of a band releases the GIL (bitshuffle's decode through ctypes,
numpy's ufunc loops on arrays of this size), so the bands of one request run on every core,
and the Python between the steps is short enough for the event loop (or a worker process's
other requests) to get the GIL back every few milliseconds. Each step also hands the GIL over:
when both band threads want it, one sleeps until woken, which costs both CPU and time, so a
band makes few steps (its decode is one call, its sample one copy, no small per-band arrays).

:class:`Rows` is what the reductions read: rows of a frame's rectangle, from an array in memory
(:class:`ArrayRows`) or decoded from a raw bitshuffle-LZ4 chunk on demand (:class:`DecodedRows`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol, TypeVar, cast

import numpy as np

from nxviz.hdf5.fastread import RawFrame, single_threaded_decoder
from nxviz.hdf5.limits import checkpoint

BAND_ROWS = 64  # rows per band: 64 rows of a 16M frame (uint32) are about 1 MB
T = TypeVar("T")

_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_threads = 0
_local = threading.local()


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def set_threads(count: int | None) -> None:
    """The threads that work one request's bands (None: one per usable core)."""
    global _pool, _threads
    with _lock:
        wanted = max(1, count if count is not None else usable_cores())
        if wanted != _threads and _pool is not None:
            _pool.shutdown(wait=False)
            _pool = None
        _threads = wanted


def threads() -> int:
    if _threads == 0:
        set_threads(None)
    return _threads


def _executor() -> ThreadPoolExecutor | None:
    global _pool
    count = threads()
    if count == 1:
        return None
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                count, thread_name_prefix="nxviz-band", initializer=single_threaded_decoder
            )
        return _pool


def _band(fn: Callable[[int, int], T], start: int, stop: int) -> T:
    """One band, unless the request's client has gone (then RequestCancelledError: a frame
    whose client left, e.g. a prefetch the browser cancelled, stops within a band)."""
    checkpoint()
    return fn(start, stop)


def in_parallel(fn: Callable[[int, int], T], starts: Iterable[tuple[int, int]]) -> list[T]:
    """``fn(start, stop)`` for each band, results in band order: on the calling thread and
    ``threads() - 1`` of the pool's. The caller, already running on its core, takes bands at
    once instead of waking a pool thread and going to sleep until the last band is done (one
    thread fewer to wake and put to sleep a call; a core that sat idle while the caller worked
    alone, e.g. reading the chunk, is the only one that has to start)."""
    bands = list(starts)
    pool = _executor() if len(bands) > 1 else None
    if pool is None:
        return [_band(fn, a, b) for a, b in bands]
    results: list[T | None] = [None] * len(bands)
    left = iter(range(len(bands)))

    def take() -> None:
        for k in left:
            results[k] = _band(fn, *bands[k])

    helpers = [pool.submit(take) for _ in range(min(threads(), len(bands)) - 1)]
    try:
        take()
    finally:
        # the helpers write into the caller's arrays: none is still at it once this returns
        errors = [future.exception() for future in helpers]
    for error in errors:
        if error is not None:
            raise error
    return cast(list[T], results)  # every band has its result now


def start_parallel(
    fn: Callable[[int, int], T], starts: Iterable[tuple[int, int]]
) -> Callable[[], list[T]]:
    """Like :func:`in_parallel`, returning at once: call the result to wait for the results
    (meanwhile the calling thread may read the next frame).

    One task a thread, not one a band: each thread takes the next band left until none is
    (taking one is a step of a shared iterator, atomic under the GIL), so a frame's ~70 bands
    cost two submissions and two wake-ups rather than seventy."""
    bands = list(starts)
    pool = _executor() if len(bands) > 1 else None
    if pool is None:
        return lambda: [_band(fn, a, b) for a, b in bands]
    results: list[T | None] = [None] * len(bands)
    left = iter(range(len(bands)))

    def take() -> None:
        for k in left:
            results[k] = _band(fn, *bands[k])

    futures = [pool.submit(take) for _ in range(min(threads(), len(bands)))]

    def wait() -> list[T]:
        # every thread first: one that stopped (its client gone) must not leave another still
        # writing into the caller's arrays (an answer's shared memory is reused)
        errors = [future.exception() for future in futures]
        for error in errors:
            if error is not None:
                raise error
        return cast(list[T], results)  # every band has its result now

    return wait


def band_starts(rows: int, factor: int, size: int | None = None) -> list[tuple[int, int]]:
    """Bands of about ``size`` (BAND_ROWS) rows, each a whole number of ``factor``-row bins."""
    step = factor * max(1, (size or BAND_ROWS) // factor)
    return [(start, min(rows, start + step)) for start in range(0, rows, step)]


def scratch(shape: tuple[int, int], dtype: np.dtype, slot: str = "rows") -> np.ndarray:
    """A buffer of this thread's own, reused from band to band (no page faults per band)."""
    key = (slot, np.dtype(dtype).str)
    buffers: dict[tuple[str, str], np.ndarray] = getattr(_local, "buffers", None) or {}
    _local.buffers = buffers
    size = shape[0] * shape[1]
    buffer = buffers.get(key)
    if buffer is None or buffer.size < size:
        buffer = np.empty(size, dtype=dtype)
        buffers[key] = buffer
    return buffer[:size].reshape(shape)


class Rows(Protocol):
    """Rows of a rectangle; ``read`` gives a writable array its caller may modify."""

    @property
    def shape(self) -> tuple[int, int]: ...

    @property
    def dtype(self) -> np.dtype: ...

    def read(self, start: int, stop: int) -> np.ndarray: ...


class ArrayRows:
    """Rows of an array in memory (reads are views: changes reach the array)."""

    def __init__(self, array: np.ndarray) -> None:
        self.array = array

    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.array.shape[0]), int(self.array.shape[1]))

    @property
    def dtype(self) -> np.dtype:
        return self.array.dtype

    def read(self, start: int, stop: int) -> np.ndarray:
        rows: np.ndarray = self.array[start:stop]
        return rows


class DecodedRows:
    """Rows of ``region`` (row start, stop, column start, stop) of a raw frame, decoded on read
    into the reading thread's scratch buffer (valid until that thread's next read)."""

    def __init__(self, raw: RawFrame, region: tuple[int, int, int, int], slot: str = "rows"):
        self.raw, self.region, self.slot = raw, region, slot

    @property
    def shape(self) -> tuple[int, int]:
        r0, r1, c0, c1 = self.region
        return (r1 - r0, c1 - c0)

    @property
    def dtype(self) -> np.dtype:
        return self.raw.dtype

    def read(self, start: int, stop: int) -> np.ndarray:
        r0, _, c0, c1 = self.region
        width = self.raw.shape[1]
        first, last = (r0 + start) * width, (r0 + stop) * width
        buffer = scratch((1, self.raw.span_size(first, last)), self.raw.dtype, self.slot)
        out = self.raw.decode_span(first, last, buffer[0]).reshape(stop - start, width)
        rows: np.ndarray = out[:, c0:c1] if (c0, c1) != (0, width) else out
        return rows


def decode_frame(raw: RawFrame) -> np.ndarray:
    """A whole frame decoded from its raw chunk, bands in parallel."""
    out = np.empty(raw.shape, dtype=raw.dtype)
    width = raw.shape[1]

    def band(start: int, stop: int) -> None:
        raw.decode_into(out[start:stop], start * width, stop * width)

    in_parallel(band, band_starts(raw.shape[0], max(1, raw.shape[0] // (4 * threads()))))
    return out
