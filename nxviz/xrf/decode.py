"""Read a box of a gzip-compressed chunked dataset by decoding its raw chunks on every core.

A spectra cube is most often stored gzip-compressed (HDF5's deflate filter, after the byte
shuffle or not), one or a few rows per chunk. HDF5 decodes chunks one after another while
holding h5py's lock; here the raw chunks are read (``read_direct_chunk``, cheap) and inflated on
the band threads of :mod:`nxviz.hdf5.bands` (``zlib`` releases the GIL), then un-shuffled and
placed with numpy. ISA-L's inflate (the ``isal`` package, in the ``fast`` extra) is used when
installed, about three times as fast as zlib's; it gives the same bytes. Any other layout or
filter, a chunk a filter was skipped for, or a chunk not written yet, is read by h5py instead:
the values are the same either way.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from itertools import product
from types import ModuleType
from typing import Any

import h5py
import numpy as np

from nxviz.hdf5.bands import in_parallel

inflate: ModuleType
igzip: ModuleType | None
try:
    from isal import igzip_lib as igzip
    from isal import isal_zlib as inflate
except ImportError:  # the optional "fast" extra is not installed
    inflate, igzip = zlib, None

FILTER_DEFLATE = 1
FILTER_SHUFFLE = 2

Reader = Callable[[tuple[slice, ...]], np.ndarray]

#: bytes inflated (and, with ISA-L, fed) a call by :func:`inflate_into`
PIECE = 64 << 10


def _filters(dataset: h5py.Dataset) -> list[int] | None:
    try:
        plist = dataset.id.get_create_plist()
        return [int(plist.get_filter(i)[0]) for i in range(plist.get_nfilters())]
    except (RuntimeError, OSError, ValueError):
        return None


def fast_layout(dataset: h5py.Dataset) -> bool | None:
    """None when the chunks cannot be decoded here, else whether they are byte-shuffled."""
    if dataset.chunks is None or dataset.is_virtual or not dataset.dtype.isnative:
        return None
    if dataset.dtype.kind not in "iuf":
        return None
    filters = _filters(dataset)
    if filters == [FILTER_DEFLATE]:
        return False
    if filters == [FILTER_SHUFFLE, FILTER_DEFLATE]:
        return True
    return None


def band_reader(dataset: h5py.Dataset) -> Reader:
    """A function reading ``dataset[members]`` (unit-step slices) as a numpy array."""
    shuffled = fast_layout(dataset)
    if shuffled is None:
        return lambda members: np.asarray(dataset[members])
    return lambda members: _read_chunks(dataset, members, shuffled)


def band_summer(dataset: h5py.Dataset) -> Reader | None:
    """A function summing ``dataset[members]`` over its last axis, each chunk decoded and
    summed on a band thread (only the sums are kept); None when the chunks cannot be decoded
    here."""
    shuffled = fast_layout(dataset)
    if shuffled is None:
        return None
    return lambda members: _read_chunks(dataset, members, shuffled, summed=True)


def inflate_chunk(
    raw: bytes, dtype: np.dtype, shape: tuple[int, ...], shuffled: bool
) -> np.ndarray:
    """A raw chunk inflated: its values (``shape``), or when byte-shuffled its byte planes
    (``itemsize`` x ``shape`` uint8, put back in place by :func:`chunk_box`)."""
    data = inflate.decompress(raw)
    count = int(np.prod(shape))
    if len(data) != count * dtype.itemsize:
        raise ValueError("a chunk decoded to an unexpected size")
    if not shuffled or dtype.itemsize == 1:
        return np.frombuffer(data, dtype=dtype).reshape(shape)
    return np.frombuffer(data, dtype=np.uint8).reshape(dtype.itemsize, *shape)


def chunk_box(
    inflated: np.ndarray, dtype: np.dtype, shuffled: bool, box: tuple[slice, ...]
) -> np.ndarray:
    """``chunk[box]`` of an inflated chunk (:func:`inflate_chunk`), un-shuffled only inside
    ``box``."""
    if not shuffled or dtype.itemsize == 1:
        return inflated[box]
    # byte k of every element was stored together: put each plane's bytes of the box back in
    # their place (a strided copy a plane is about twice as fast as copying transposed planes)
    part = inflated[(slice(None), *box)]
    out = np.empty(part.shape[1:], dtype=dtype)
    places = out.view(np.uint8).reshape(*out.shape, dtype.itemsize)
    for k in range(dtype.itemsize):
        places[..., k] = part[k]
    return out


def inflate_into(raw: bytes | memoryview, out: np.ndarray) -> None:
    """Inflate a raw chunk into ``out`` (uint8, the chunk's decoded size) a piece
    (:data:`PIECE`) at a time, each piece copied in: a piece's memory is freed and allocated
    again in place, so a kept ``out`` costs almost no new pages, where inflating a whole chunk
    at once allocates (and the system maps) new memory for it. With ISA-L the stream is also
    fed a piece at a time (zlib's inflater copies what is left of its input on every call).
    ValueError (or the inflater's error) when the stream is damaged or does not hold exactly
    ``out``'s size."""
    if igzip is not None:
        _inflate_pieces(igzip.IgzipDecompressor(flag=igzip.DECOMP_ZLIB), raw, out)
        return
    stream = zlib.decompressobj()
    pending, done, size = raw, 0, out.size
    while done < size:
        piece = stream.decompress(pending, max_length=min(PIECE, size - done))
        pending = stream.unconsumed_tail
        if not piece:
            raise ValueError("a chunk decoded to fewer bytes than it holds")
        out[done : done + len(piece)] = np.frombuffer(piece, dtype=np.uint8)
        done += len(piece)
    # the stream ends here, its checksum read
    if stream.decompress(pending, max_length=1) or not stream.eof:
        raise ValueError("a chunk decoded to more bytes than it holds")


def _inflate_pieces(stream: Any, raw: bytes | memoryview, out: np.ndarray) -> None:
    view, taken, done, size = memoryview(raw).cast("B"), 0, 0, out.size
    for _ in range(2 * (len(view) // PIECE + size // PIECE) + 8):  # never endless
        if stream.eof:
            break
        data = view[taken : taken + PIECE] if stream.needs_input else b""
        if stream.needs_input and not data:
            raise ValueError("a chunk's stream stops before its end")
        taken += len(data)
        piece = stream.decompress(data, max_length=max(1, min(PIECE, size - done)))
        if done + len(piece) > size:
            raise ValueError("a chunk decoded to more bytes than it holds")
        out[done : done + len(piece)] = np.frombuffer(piece, dtype=np.uint8)
        done += len(piece)
    if not stream.eof or done != size:
        raise ValueError("a chunk decoded to another size than it holds")


def _decode(
    raw: bytes, dtype: np.dtype, shape: tuple[int, ...], shuffled: bool, box: tuple[slice, ...]
) -> np.ndarray:
    """``chunk[box]`` of a raw chunk: inflated whole, un-shuffled only inside ``box``."""
    return chunk_box(inflate_chunk(raw, dtype, shape, shuffled), dtype, shuffled, box)


def _read_chunks(
    dataset: h5py.Dataset, members: tuple[slice, ...], shuffled: bool, summed: bool = False
) -> np.ndarray:
    spans = [m.indices(n)[:2] for m, n in zip(members, dataset.shape, strict=True)]
    chunks = tuple(int(n) for n in dataset.chunks)
    acc = np.int64 if dataset.dtype.kind in "iub" else np.float64
    shape = [b - a for a, b in spans]
    out = np.zeros(shape[:-1], dtype=acc) if summed else np.empty(shape, dtype=dataset.dtype)

    def fallback() -> np.ndarray:
        values = np.asarray(dataset[members])
        return values.sum(axis=-1, dtype=acc) if summed else values

    if 0 in shape:
        return out
    grids = [range(a // c * c, b, c) for (a, b), c in zip(spans, chunks, strict=True)]
    offsets = list(product(*grids))
    raws: list[bytes] = []
    try:
        for offset in offsets:
            mask, raw = dataset.id.read_direct_chunk(offset)
            if mask != 0:
                return fallback()
            raws.append(raw)
    except (OSError, RuntimeError, ValueError, KeyError):
        return fallback()  # a chunk not written yet: HDF5's fill value

    def place(index: int, _: int) -> tuple[tuple[slice, ...], np.ndarray | None]:
        source, target = [], []
        for (a, b), start, size in zip(spans, offsets[index], chunks, strict=True):
            low, high = max(a, start), min(b, start + size)
            source.append(slice(low - start, high - start))
            target.append(slice(low - a, high - a))
        part = _decode(raws[index], dataset.dtype, chunks, shuffled, tuple(source))
        if summed:  # reduced on this thread: only the sums come back
            return tuple(target[:-1]), part.sum(axis=-1, dtype=acc)
        out[tuple(target)] = part
        return tuple(target), None

    try:
        placed = in_parallel(place, [(i, i + 1) for i in range(len(offsets))])
    except (zlib.error, inflate.error, ValueError):
        return fallback()
    if summed:
        for target, part in placed:
            if part is not None:
                out[target] += part
    return out
