"""Decoded chunks of spectra cubes kept between a worker's requests, bounded in bytes.

A pixel's spectrum lies in one chunk row (or a few chunks) that must be decoded whole: gzip
cannot start mid-stream, and a byte-shuffled pixel has a byte in every plane. Hovering along a
row asks for the pixels of one chunk after another, so the worker keeps the chunks it decoded
last (most recently used first) in at most :func:`capacity` bytes: an eighth of what one request
may hold, and no more than :data:`CACHE_BYTES`. A chunk larger than that is decoded and dropped.

A chunk is found again by the file's identity (its real path, and the modification time and
size it had when the worker opened it: :meth:`~nxviz.hdf5.open.FileCache.stamp_of`), the
dataset's path in it and the chunk's offset. A file that changes is opened afresh with its new
stamp, so chunks decoded before the change are never served again (they age out). A dataset
behind an external link is named by the file it lies in.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import partial
from itertools import product
from pathlib import Path

import h5py
import numpy as np

from nxviz.hdf5 import idle
from nxviz.hdf5.limits import MiB, chunk_bytes, claim, memory_limit
from nxviz.hdf5.locate import Locator
from nxviz.xrf.decode import chunk_box, fast_layout, inflate, inflate_into

#: the most bytes of decoded chunks one worker keeps
CACHE_BYTES = 64 * MiB
#: and never more than this share of what one request may hold
MEMORY_SHARE = 8
#: seconds a spare prepared on a thread (outside a worker) waits: the request that asked for
#: it is still answering (a few milliseconds), and on a busy machine the two would share cores
SPARE_DELAY = 0.02
#: bytes of a spare written between two looks whether a task is waiting
TOUCH = 1 * MiB
#: datasets whose layout the cache remembers
LAYOUTS = 256


@dataclass(frozen=True)
class Decoded:
    """One chunk, decoded: its values, or (byte-shuffled) its inflated byte planes; ``buffer``
    is the kept memory it was inflated into (None when h5py read it)."""

    data: np.ndarray
    dtype: np.dtype
    shuffled: bool
    buffer: np.ndarray | None = None

    @property
    def nbytes(self) -> int:
        return int(self.data.nbytes)

    def box(self, box: tuple[slice, ...]) -> np.ndarray:
        """The values of ``box`` (slices relative to the chunk's first element)."""
        return chunk_box(self.data, self.dtype, self.shuffled, box)


def capacity() -> int:
    limit = memory_limit()
    return CACHE_BYTES if limit is None else min(CACHE_BYTES, limit // MEMORY_SHARE)


def _touched(nbytes: int, busy: Callable[[], bool]) -> np.ndarray:
    """A new buffer with its pages written (the system maps them now, not when a chunk is
    inflated into it; numpy lets other threads run meanwhile), a :data:`TOUCH` at a time while
    not ``busy()``: the pages left are mapped when first written, as they would have been."""
    buffer = np.empty(nbytes, dtype=np.uint8)
    for start in range(0, nbytes, TOUCH):
        if busy():
            break
        buffer[start : start + TOUCH] = 0
    return buffer


class ChunkCache:
    """Decoded chunks, least recently used dropped first, and spare buffers to inflate the next
    ones into: together at most ``capacity()`` bytes.

    Memory a process has never used, or gave back, costs a page fault a page when first written
    (on a virtual machine a trip to the host as well): 2,000 of them for an 8 MB chunk row, as
    long as inflating it. So the memory of a dropped chunk is kept for the next one, and while
    the cache is still filling a spare buffer is prepared after each new chunk, when the worker
    is idle (:meth:`prepare`), so that the next row hovered is inflated into pages already
    mapped."""

    def __init__(self) -> None:
        self._items: OrderedDict[Hashable, Decoded] = OrderedDict()
        self._bytes = 0
        self._spares: list[np.ndarray] = []
        self._lock = threading.Lock()
        self._preparing: threading.Thread | None = None  # preparing a spare (not in a worker)
        #: the generation of the spare being prepared, or to be once idle (None: none coming)
        self._coming: int | None = None
        self._raw = np.empty(0, dtype=np.uint8)  # read into: a chunk's compressed bytes
        self._generation = 0  # counts clear(): a spare prepared before is not kept
        self._layouts: OrderedDict[Hashable, bool | None] = OrderedDict()

    @property
    def nbytes(self) -> int:
        """Bytes of the chunks kept (spares apart)."""
        return self._bytes

    @property
    def spare_bytes(self) -> int:
        return sum(spare.nbytes for spare in self._spares)

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> Decoded | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def layout(self, name: Hashable, dataset: h5py.Dataset) -> bool | None:
        """:func:`~nxviz.xrf.decode.fast_layout` of the dataset ``name`` names, asked of HDF5
        once (a name holds the file's stamp: a changed file is asked again)."""
        with self._lock:
            if name in self._layouts:
                self._layouts.move_to_end(name)
                return self._layouts[name]
        found = fast_layout(dataset)
        with self._lock:
            self._layouts[name] = found
            while len(self._layouts) > LAYOUTS:
                self._layouts.popitem(last=False)
        return found

    def buffer(self, nbytes: int) -> np.ndarray:
        """Memory for a chunk of ``nbytes`` about to be inflated and kept: a spare, or that of
        the least recently used chunks dropped to make room, else new memory."""
        limit = capacity()
        with self._lock:
            self._spares = [spare for spare in self._spares if spare.nbytes == nbytes]
            if nbytes <= limit:
                while not self._spares and self._items and self._bytes + nbytes > limit:
                    self._drop_oldest(limit)
            if self._spares:
                return self._spares.pop()
        return np.empty(nbytes, dtype=np.uint8)

    def raw(self, nbytes: int) -> np.ndarray:
        """Kept memory for a chunk's ``nbytes`` compressed bytes (one chunk's at a time, beside
        the capacity: a compressed chunk is a fraction of a decoded one)."""
        with self._lock:
            if self._raw.nbytes < nbytes:
                self._raw = np.empty(nbytes + nbytes // 4, dtype=np.uint8)
            return self._raw

    def put(self, key: Hashable, item: Decoded) -> None:
        limit = capacity()
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old.nbytes
            if item.nbytes > limit:
                self._shrink(limit)
                return
            self._items[key] = item
            self._bytes += item.nbytes
            self._shrink(limit)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._spares.clear()
            self._layouts.clear()
            self._bytes = 0
            self._generation += 1

    def settle(self) -> None:
        """Wait for the spare being prepared, if any."""
        preparing = self._preparing
        if preparing is not None:
            preparing.join()

    def _shrink(self, limit: int) -> None:
        while self._bytes > limit and self._items:
            self._drop_oldest(limit)

    def _drop_oldest(self, limit: int) -> None:
        _, dropped = self._items.popitem(last=False)
        self._bytes -= dropped.nbytes
        self._keep_spare(dropped.buffer, limit)

    def _keep_spare(self, buffer: np.ndarray | None, limit: int) -> None:
        if buffer is not None and self._bytes + self.spare_bytes + buffer.nbytes <= limit:
            self._spares.append(buffer)

    def prepare(self, nbytes: int) -> None:
        """Have a spare of ``nbytes`` prepared when there is room for one and none is ready or
        coming: in a worker once its answer is sent and no task has come for a moment, and
        stopped when one comes (:mod:`nxviz.hdf5.idle`; on a thread it would compete with the
        answer and with the next requests, and writing 8 MB of new pages on this kind of
        virtual machine takes up to 25 ms of CPU); elsewhere on a thread, :data:`SPARE_DELAY`
        after the request's chunks were read."""
        limit = capacity()
        with self._lock:
            self._prepare(nbytes, limit)

    def _prepare(self, nbytes: int, limit: int) -> None:
        coming = self._coming == self._generation
        if coming or any(s.nbytes == nbytes for s in self._spares):
            return
        if self._bytes + self.spare_bytes + nbytes > limit:
            return
        self._coming = self._generation  # one spare at a time
        work = partial(self._make_spare, nbytes, limit, self._generation)
        if idle.defer(work):  # a worker: once its answer is sent and no task comes
            return
        # elsewhere (a notebook) on a thread, once the request's answer has had time to leave
        self._preparing = threading.Thread(
            target=_later, args=(work,), name="nxviz-xrf-spare", daemon=True
        )
        self._preparing.start()

    def _make_spare(
        self, nbytes: int, limit: int, generation: int, busy: Callable[[], bool]
    ) -> None:
        spare = None
        try:
            spare = _touched(nbytes, busy)
        finally:
            with self._lock:
                if self._coming == generation:
                    self._coming = None
                if spare is not None and generation == self._generation:
                    self._keep_spare(spare, limit)


def _later(work: idle.Work) -> None:
    time.sleep(SPARE_DELAY)
    work(lambda: False)


#: this process's cache (each worker process has its own)
CACHE = ChunkCache()


def cube_at(locator: Locator, h5file: h5py.File, path: str) -> tuple[h5py.Dataset, Hashable | None]:
    """The dataset at ``path`` and its :func:`identity`, looked up once per open file: hovering
    asks for a pixel every few milliseconds, and walking the path, resolving the file's name
    and asking HDF5 about the dataset cost more than taking a kept row's pixel. A dataset that
    lies in another file (behind an external link) is looked up every time (that file may be
    closed while this one stays open)."""

    found: list[h5py.Dataset] = []  # looked up now but not kept

    def look_up() -> tuple[h5py.Dataset, Hashable | None] | None:
        dataset = locator.find(h5file, path).entity
        if not isinstance(dataset, h5py.Dataset) or dataset.file.filename != h5file.filename:
            found.append(dataset)
            return None
        return dataset, identity(locator, h5file, dataset)

    kept: tuple[h5py.Dataset, Hashable | None] | None = locator.cache.memo(
        h5file, ("xrf-cube", path), look_up
    )
    if kept is not None:
        return kept
    dataset = found[0] if found else locator.find(h5file, path).entity
    return dataset, identity(locator, h5file, dataset)


def identity(locator: Locator, h5file: h5py.File, dataset: h5py.Dataset) -> Hashable | None:
    """What names ``dataset``'s chunks in the cache: its file's real path and the stamp that
    file was opened at (``h5file`` or, behind an external link, the file the locator opened
    for it), and the dataset's path; None when its chunks are not to be cached (no chunks, a
    file not opened through the worker's file cache)."""
    if dataset.chunks is None or dataset.name is None:
        return None
    home = h5file if dataset.file.filename == h5file.filename else dataset.file
    stamp = locator.cache.stamp_of(home)
    if stamp is None:
        return None
    return (str(Path(home.filename).resolve()), stamp, dataset.name)


def _read_raw(
    dataset: h5py.Dataset, offset: tuple[int, ...], kept: bool
) -> tuple[int, bytes | memoryview]:
    """A chunk's filter mask and compressed bytes: read into the cache's kept memory when
    ``kept`` (HDF5 tells the size), else into new bytes."""
    if kept:
        size = dataset.id.get_chunk_info_by_coord(offset).size
        if size:
            mask, raw = dataset.id.read_direct_chunk(offset, out=CACHE.raw(size))
            return int(mask), raw
    mask, raw = dataset.id.read_direct_chunk(offset)
    return int(mask), raw


class Unknown:
    """A layout not looked up yet."""


UNKNOWN = Unknown()


def decode_chunk(
    dataset: h5py.Dataset,
    offset: tuple[int, ...],
    buffer: Callable[[int], np.ndarray],
    *,
    kept: bool = False,
    layout: bool | None | Unknown = UNKNOWN,
) -> Decoded:
    """The chunk starting at ``offset``: inflated from its raw bytes into memory ``buffer``
    gives when this module can, else read by h5py (its part inside the dataset). ``kept``: the
    raw bytes are read into the cache's kept memory as well. ``layout``: the dataset's
    :func:`~nxviz.xrf.decode.fast_layout` when known."""
    shuffled = fast_layout(dataset) if isinstance(layout, Unknown) else layout
    if shuffled is not None:
        try:
            mask, raw = _read_raw(dataset, offset, kept)
            if mask == 0:
                dtype, chunks = dataset.dtype, tuple(int(n) for n in dataset.chunks)
                shuffled = shuffled and dtype.itemsize > 1
                memory = buffer(int(np.prod(chunks)) * dtype.itemsize)
                inflate_into(raw, memory)
                data = memory.view(np.uint8 if shuffled else dtype)
                shape = (dtype.itemsize, *chunks) if shuffled else chunks
                return Decoded(data.reshape(shape), dtype, shuffled, memory)
        except (OSError, RuntimeError, ValueError, KeyError, zlib.error, inflate.error):
            pass  # a chunk not written yet, a filter skipped, a damaged chunk: h5py decides
    return read_chunk(dataset, offset)


def read_chunk(dataset: h5py.Dataset, offset: tuple[int, ...]) -> Decoded:
    """The chunk starting at ``offset`` read by h5py (its part inside the dataset)."""
    box = tuple(
        slice(start, min(start + size, n))
        for start, size, n in zip(offset, dataset.chunks, dataset.shape, strict=True)
    )
    return Decoded(np.asarray(dataset[box]), dataset.dtype, False)


def cached_read(
    dataset: h5py.Dataset,
    members: tuple[slice, ...],
    name: Hashable | None,
    *,
    what: str,
    hint: str,
) -> np.ndarray:
    """``dataset[members]`` (unit-step slices of a chunked dataset) from decoded chunks: those
    in the cache, the others decoded (claimed first) and kept (when ``name`` names them)."""
    spans = [m.indices(n)[:2] for m, n in zip(members, dataset.shape, strict=True)]
    chunks = tuple(int(n) for n in dataset.chunks)
    out = np.empty([b - a for a, b in spans], dtype=dataset.dtype)
    if out.size == 0:
        return out
    grids = [range(a // c * c, b, c) for (a, b), c in zip(spans, chunks, strict=True)]
    kept = 0  # bytes of a chunk inflated into a kept buffer
    layout = UNKNOWN if name is None else CACHE.layout(name, dataset)
    for offset in product(*grids):
        key = None if name is None else (name, offset)
        item = CACHE.get(key) if key is not None else None
        if item is None:
            claim(chunk_bytes(dataset), chunk_bytes(dataset) + out.nbytes, what=what, hint=hint)
            if key is None:
                item = decode_chunk(dataset, offset, _new)
            else:
                item = decode_chunk(dataset, offset, CACHE.buffer, kept=True, layout=layout)
            if key is not None:
                CACHE.put(key, item)
                kept = item.nbytes if item.buffer is not None else kept
        source, target = [], []
        for (a, b), start, size in zip(spans, offset, chunks, strict=True):
            low, high = max(a, start), min(b, start + size)
            source.append(slice(low - start, high - start))
            target.append(slice(low - a, high - a))
        out[tuple(target)] = item.box(tuple(source))
    if kept:
        CACHE.prepare(kept)
    return out


def _new(nbytes: int) -> np.ndarray:
    return np.empty(nbytes, dtype=np.uint8)
