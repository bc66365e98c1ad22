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

import h5py
import numpy as np

from nxviz.hdf5.bands import in_parallel

inflate: ModuleType
try:
    from isal import isal_zlib as inflate
except ImportError:  # the optional "fast" extra is not installed
    inflate = zlib

FILTER_DEFLATE = 1
FILTER_SHUFFLE = 2

Reader = Callable[[tuple[slice, ...]], np.ndarray]


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


def _decode(
    raw: bytes, dtype: np.dtype, shape: tuple[int, ...], shuffled: bool, box: tuple[slice, ...]
) -> np.ndarray:
    """``chunk[box]`` of a raw chunk: inflated whole, un-shuffled only inside ``box``."""
    data = inflate.decompress(raw)
    count = int(np.prod(shape))
    if len(data) != count * dtype.itemsize:
        raise ValueError("a chunk decoded to an unexpected size")
    if not shuffled or dtype.itemsize == 1:
        return np.frombuffer(data, dtype=dtype).reshape(shape)[box]
    # byte k of every element was stored together: put each plane's bytes of the box back in
    # their place (a strided copy a plane is about twice as fast as copying transposed planes)
    planes = np.frombuffer(data, dtype=np.uint8).reshape(dtype.itemsize, *shape)
    part = planes[(slice(None), *box)]
    out = np.empty(part.shape[1:], dtype=dtype)
    places = out.view(np.uint8).reshape(*out.shape, dtype.itemsize)
    for k in range(dtype.itemsize):
        places[..., k] = part[k]
    return out


def _read_chunks(dataset: h5py.Dataset, members: tuple[slice, ...], shuffled: bool) -> np.ndarray:
    spans = [m.indices(n)[:2] for m, n in zip(members, dataset.shape, strict=True)]
    chunks = tuple(int(n) for n in dataset.chunks)
    out = np.empty([b - a for a, b in spans], dtype=dataset.dtype)
    if out.size == 0:
        return out
    grids = [range(a // c * c, b, c) for (a, b), c in zip(spans, chunks, strict=True)]
    offsets = list(product(*grids))
    raws: list[bytes] = []
    try:
        for offset in offsets:
            mask, raw = dataset.id.read_direct_chunk(offset)
            if mask != 0:
                return np.asarray(dataset[members])
            raws.append(raw)
    except (OSError, RuntimeError, ValueError, KeyError):
        return np.asarray(dataset[members])  # a chunk not written yet: HDF5's fill value

    def place(first: int, last: int) -> None:
        for index in range(first, last):
            offset = offsets[index]
            source, target = [], []
            for (a, b), start, size in zip(spans, offset, chunks, strict=True):
                low, high = max(a, start), min(b, start + size)
                source.append(slice(low - start, high - start))
                target.append(slice(low - a, high - a))
            out[tuple(target)] = _decode(
                raws[index], dataset.dtype, chunks, shuffled, tuple(source)
            )

    try:
        in_parallel(place, [(i, i + 1) for i in range(len(offsets))])
    except (zlib.error, inflate.error, ValueError):
        return np.asarray(dataset[members])
    return out
