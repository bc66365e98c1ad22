"""One plane of a chunk, decoded off the GIL where the filters allow it, on every core.

h5py's read of a chunk goes through HDF5's filter pipeline with h5py's global lock held: threads
reading chunks through h5py take turns. Reading the stored bytes (``read_direct_chunk``, quick)
and inflating them with ISA-L's inflate (the ``isal`` package of the ``fast`` extra; else
:func:`zlib.decompress`; both release the GIL) lets the decoding of many chunks share the cores.
Chunks stored with no filter, gzip, or shuffle then gzip are decoded so; a bitshuffle-LZ4 chunk
goes through the ``bitshuffle`` package; any other pipeline, a chunk with a skipped filter, or a
chunk never written goes through h5py (with the lock).

Only the plane that the slice needs is taken from a decoded chunk: with the shuffle filter, the
bytes of those elements are gathered before unshuffling, so the rest of the chunk is never
rearranged.
"""

from __future__ import annotations

import os
import threading
import zlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from types import ModuleType
from typing import Protocol

import h5py
import numpy as np

from nxviz.errors import RequestCancelledError
from nxviz.hdf5.fastread import BSHUF_FILTER, decode_chunk
from nxviz.hdf5.select import read_error

_inflater: ModuleType
try:
    from isal import isal_zlib as _inflater  # ISA-L: about twice as quick as zlib, same bytes
except ImportError:  # the optional "fast" extra is not installed
    _inflater = zlib

DEFLATE, SHUFFLE = 1, 2
DECODE_NICENESS = 10  # decoding threads yield the CPU to the server's event loop


class CancelFlag(Protocol):
    """Set when the answer is no longer wanted (``threading.Event`` is one)."""

    def is_set(self) -> bool: ...


class Cancelled(RequestCancelledError):
    """The slice was given up between chunks; ``decoded`` chunks had been decoded."""

    def __init__(self, decoded: int) -> None:
        super().__init__(f"cancelled after {decoded} chunks")
        self.decoded = decoded


class Counters:
    """The process's own counts of chunks decoded and slices cancelled (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.chunks = 0
        self.cancelled = 0

    def add(self, chunks: int = 0, cancelled: int = 0) -> None:
        with self._lock:
            self.chunks += chunks
            self.cancelled += cancelled


COUNTERS = Counters()


@dataclass(frozen=True)
class Pipeline:
    """How a dataset's chunks are stored: ``direct`` names the way around HDF5's pipeline."""

    direct: str | None  # "raw", "deflate", "shuffle-deflate", "bitshuffle" or None (use h5py)
    chunks: tuple[int, ...]
    dtype: np.dtype


def pipeline(dataset: h5py.Dataset) -> Pipeline:
    chunks = tuple(int(c) for c in (dataset.chunks or dataset.shape))
    if dataset.chunks is None or dataset.dtype.kind not in "biuf":
        return Pipeline(None, chunks, dataset.dtype)
    plist = dataset.id.get_create_plist()
    ids = [plist.get_filter(i)[0] for i in range(plist.get_nfilters())]
    direct = {
        (): "raw",
        (DEFLATE,): "deflate",
        (SHUFFLE, DEFLATE): "shuffle-deflate",
        (BSHUF_FILTER,): "bitshuffle",
    }.get(tuple(ids))
    if direct == "bitshuffle" and dataset.dtype.byteorder == ">":
        direct = None
    return Pipeline(direct, chunks, dataset.dtype)


def _plane_shape(chunks: tuple[int, ...], axis: int) -> tuple[int, ...]:
    return tuple(c for i, c in enumerate(chunks) if i != axis)


def unshuffle(planes: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """The values whose bytes the shuffle filter stored as ``planes`` (``itemsize`` rows of
    bytes, byte ``i`` of every value in row ``i``): each row copied into its byte of the values
    (a strided copy per row, several times quicker than transposing the rows)."""
    size = dtype.itemsize
    values = np.empty(planes.shape[1:], dtype=dtype)
    view = values.reshape(-1).view(np.uint8).reshape(-1, size)
    for i in range(size):
        view[:, i] = planes[i].reshape(-1)
    return values


def inflate(raw: bytes, size: int) -> bytes | None:
    """The ``size`` bytes deflated into ``raw`` (ISA-L's inflate when installed), or None."""
    try:
        data: bytes = _inflater.decompress(raw, bufsize=size)
    except _inflater.error:
        return None
    return data if len(data) == size else None


def decode_plane(raw: bytes, pipe: Pipeline, axis: int, local: int) -> np.ndarray | None:
    """The plane at ``local`` along ``axis`` of one stored chunk (None: let h5py read it).

    The whole chunk is inflated (deflate cannot start midway), but only the plane's values are
    un-shuffled and copied."""
    chunks, dtype = pipe.chunks, pipe.dtype
    count = int(np.prod(chunks))
    if pipe.direct == "bitshuffle":
        whole = decode_chunk(raw, chunks, dtype)
        return None if whole is None else np.take(whole, local, axis=axis)
    size = count * dtype.itemsize
    data = inflate(raw, size) if pipe.direct in ("deflate", "shuffle-deflate") else raw
    if data is None or len(data) != size:
        return None
    if pipe.direct == "shuffle-deflate" and dtype.itemsize > 1:
        planes = np.frombuffer(data, dtype=np.uint8).reshape(dtype.itemsize, *chunks)
        if chunks[axis] != 1:
            planes = np.take(planes, local, axis=axis + 1)
        return unshuffle(planes, dtype).reshape(_plane_shape(chunks, axis))
    whole = np.frombuffer(data, dtype=dtype).reshape(chunks)
    plane: np.ndarray = np.take(whole, local, axis=axis)  # a copy: the bytes are not kept
    return plane


def read_plane_h5py(
    dataset: h5py.Dataset, chunks: tuple[int, ...], origin: tuple[int, ...], axis: int, index: int
) -> np.ndarray:
    """The same plane through h5py, clipped to the dataset (edge chunks, unwritten chunks)."""
    box = tuple(
        index if i == axis else slice(o, min(o + c, n))
        for i, (o, c, n) in enumerate(zip(origin, chunks, dataset.shape, strict=True))
    )
    try:
        plane: np.ndarray = dataset[box]
    except OSError as error:
        raise read_error(dataset, error) from error
    return plane


def _lower_priority() -> None:
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + DECODE_NICENESS)
    except (OSError, AttributeError):
        pass  # not allowed here, or not Linux: normal priority


def cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def decode_pool() -> ThreadPoolExecutor:
    """One pool per process, one thread per core the process may use."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=cores(), thread_name_prefix="nxviz-decode", initializer=_lower_priority
            )
        return _pool


@dataclass(frozen=True)
class Task:
    """One chunk to read: its origin in the dataset and where its plane goes."""

    origin: tuple[int, ...]
    place: Callable[[np.ndarray], None]


def decode_all(
    dataset: h5py.Dataset,
    axis: int,
    index: int,
    tasks: list[Task],
    cancel: CancelFlag | None = None,
    threads: int | None = None,
) -> int:
    """Read each task's chunk, decode its plane at ``index`` along ``axis`` and place it.

    The stored bytes are read here, one chunk at a time (h5py holds its lock for that); the
    decoding runs on the pool. ``cancel`` is looked at before each chunk is read and before each
    is decoded: once set, no further chunk is decoded and :class:`Cancelled` is raised.
    Returns the number of chunks decoded.
    """
    pipe = pipeline(dataset)
    local = index % pipe.chunks[axis]
    threads = cores() if threads is None else max(1, threads)
    decoded = [0]
    lock = threading.Lock()

    def gone() -> bool:
        return cancel is not None and cancel.is_set()

    def work(task: Task, raw: bytes | None) -> None:
        if gone():
            return
        plane = decode_plane(raw, pipe, axis, local) if raw is not None else None
        if plane is None:  # h5py takes its lock: only the GIL-free path runs in parallel
            plane = read_plane_h5py(dataset, pipe.chunks, task.origin, axis, index)
        task.place(plane)
        with lock:
            decoded[0] += 1
        COUNTERS.add(chunks=1)

    pool = decode_pool() if threads > 1 else None
    pending: list[Future[None]] = []
    try:
        for task in tasks:
            if gone():
                break
            raw = _stored_bytes(dataset, task.origin) if pipe.direct is not None else None
            if pool is None:
                work(task, raw)
                continue
            pending.append(pool.submit(work, task, raw))
            if len(pending) >= 2 * threads:
                pending.pop(0).result()
        for future in pending:
            future.result()
    finally:
        for future in pending:
            future.cancel()
    if gone() and decoded[0] < len(tasks):
        COUNTERS.add(cancelled=1)
        raise Cancelled(decoded[0])
    return decoded[0]


def _stored_bytes(dataset: h5py.Dataset, origin: tuple[int, ...]) -> bytes | None:
    try:
        mask, raw = dataset.id.read_direct_chunk(origin)
    except (OSError, ValueError, KeyError):
        return None  # e.g. a chunk never written: h5py answers with the fill value
    return bytes(raw) if mask == 0 else None
