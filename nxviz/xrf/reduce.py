"""Maps and spectra of a spectra cube, read a band of chunk rows at a time.

Nothing reads the whole cube at once: a band is whole chunk rows (as many as fit in
:data:`BAND_BYTES`), each read is claimed before it is made (:func:`nxviz.hdf5.limits.claim`:
the request's memory and decode limits) and a gone client stops the work between bands. Sums of
integer counts are exact (64-bit integers); of floats, 64-bit floats.

Region coordinates are pixel edges: pixel (r, c) covers [r, r + 1) x [c, c + 1), so the
rectangle ``r0:r1, c0:c1`` holds rows r0..r1-1 and columns c0..c1-1, and a polygon holds the
pixels whose centres (r + 0.5, c + 0.5) lie inside it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass

import h5py
import numpy as np

from nxviz.errors import UsageError
from nxviz.hdf5.bands import threads
from nxviz.hdf5.limits import checkpoint, chunk_bytes, claim, decoded_bytes, memory_limit
from nxviz.xrf.chunks import cached_read
from nxviz.xrf.decode import band_reader, band_summer

#: bytes of decoded cube one band holds (at least one chunk row; at most a quarter of what the
#: request may hold)
BAND_BYTES = 32 << 20
HINT = "ask for a smaller region or channel window"
#: a map whose chunks are summed where they are decoded reads this many times more rows a band
SUMMED_BANDS = 8


@dataclass(frozen=True)
class Region:
    """A half-open rectangle of pixels and, for a polygon, which of its pixels are in."""

    rows: tuple[int, int]
    cols: tuple[int, int]
    mask: np.ndarray | None = None  # (rows, cols) booleans over the rectangle

    @property
    def pixels(self) -> int:
        if self.mask is not None:
            return int(self.mask.sum())
        return (self.rows[1] - self.rows[0]) * (self.cols[1] - self.cols[0])


def accumulator(dtype: np.dtype) -> type[np.generic]:
    return np.int64 if dtype.kind in "iub" else np.float64


def bands(
    dataset: h5py.Dataset, start: int, stop: int, row_bytes: int
) -> Iterator[tuple[int, int]]:
    """Row ranges covering ``start:stop``, each whole chunk rows, each about BAND_BYTES."""
    step = int(dataset.chunks[0]) if dataset.chunks else 1
    limit = memory_limit()
    budget = BAND_BYTES if limit is None else min(BAND_BYTES, limit // 4)
    per_band = max(1, budget // max(1, row_bytes * step)) * step
    row = start
    while row < stop:
        end = min(stop, (row // step) * step + per_band)
        yield row, end
        row = end


def _read(dataset: h5py.Dataset, members: tuple[slice, slice, slice], what: str) -> np.ndarray:
    shape = [len(range(*m.indices(n))) for m, n in zip(members, dataset.shape, strict=True)]
    held = int(np.prod(shape)) * dataset.dtype.itemsize
    claim(decoded_bytes(dataset, members), held, what=what, hint=HINT)
    return band_reader(dataset)(members)


def window_map(
    dataset: h5py.Dataset, channels: tuple[int, int], rows: tuple[int, int] | None = None
) -> np.ndarray:
    """The counts of each pixel summed over channels ``start:stop`` (rows x cols, float64), of
    every row or of the rows ``rows`` (first, last + 1)."""
    first, last = rows if rows is not None else (0, int(dataset.shape[0]))
    cols = int(dataset.shape[1])
    start, stop = channels
    acc = accumulator(dataset.dtype)
    out = np.empty((last - first, cols), dtype=np.float64)
    row_bytes = cols * (stop - start) * dataset.dtype.itemsize
    summer = band_summer(dataset)
    if summer is not None:  # chunks summed where decoded: a band holds one chunk a thread
        row_bytes = max(1, row_bytes // SUMMED_BANDS)
    for a, b in bands(dataset, first, last, row_bytes):
        checkpoint()
        members = (slice(a, b), slice(None), slice(start, stop))
        if summer is not None:
            held = threads() * chunk_bytes(dataset) + (b - a) * cols * 8
            claim(decoded_bytes(dataset, members), held, what="the map", hint=HINT)
            out[a - first : b - first] = summer(members)
        else:
            out[a - first : b - first] = _read(dataset, members, "the map").sum(axis=2, dtype=acc)
    return out


def pixel_spectrum(
    dataset: h5py.Dataset, row: int, col: int, name: Hashable | None = None
) -> np.ndarray:
    """A pixel's counts. Its chunks are decoded whole; with ``name`` (the dataset's
    :func:`~nxviz.xrf.chunks.identity`) they are kept in the worker's cache of decoded chunks,
    so the next pixels of the same chunks decode nothing."""
    rows, cols, _ = dataset.shape
    if not (0 <= row < rows and 0 <= col < cols):
        raise UsageError(f"pixel {row},{col} is outside the {rows} x {cols} map")
    members = (slice(row, row + 1), slice(col, col + 1), slice(None))
    if dataset.chunks is None:  # HDF5 reads only the pixel's bytes
        return _read(dataset, members, "the spectrum").reshape(-1)
    return cached_read(dataset, members, name, what="the spectrum", hint=HINT).reshape(-1)


def region_spectrum(dataset: h5py.Dataset, region: Region) -> np.ndarray:
    """The sum of the region's pixel spectra (one value per channel)."""
    r0, r1 = region.rows
    c0, c1 = region.cols
    channels = int(dataset.shape[2])
    acc = accumulator(dataset.dtype)
    total = np.zeros(channels, dtype=acc)
    row_bytes = (c1 - c0) * channels * dataset.dtype.itemsize
    for a, b in bands(dataset, r0, r1, row_bytes):
        checkpoint()
        block = _read(dataset, (slice(a, b), slice(c0, c1), slice(None)), "the region")
        if region.mask is None:
            total += block.sum(axis=(0, 1), dtype=acc)
        else:
            total += block[region.mask[a - r0 : b - r0]].sum(axis=0, dtype=acc)
    return total


def rectangle(shape: Sequence[int], rows: tuple[int, int], cols: tuple[int, int]) -> Region:
    r0, r1 = max(0, rows[0]), min(int(shape[0]), rows[1])
    c0, c1 = max(0, cols[0]), min(int(shape[1]), cols[1])
    if r1 <= r0 or c1 <= c0:
        raise UsageError("the region holds no pixel of the map")
    return Region((r0, r1), (c0, c1))


def polygon(shape: Sequence[int], vertices: np.ndarray) -> Region:
    """The pixels whose centres lie inside the polygon (vertices as (row, col), pixel edges)."""
    if vertices.ndim != 2 or vertices.shape[0] < 3 or vertices.shape[1] != 2:
        raise UsageError("a polygon needs at least three (row, col) vertices")
    low = np.floor(vertices.min(axis=0)).astype(int)
    high = np.ceil(vertices.max(axis=0)).astype(int)
    box = rectangle(shape, (int(low[0]), int(high[0])), (int(low[1]), int(high[1])))
    r = np.arange(box.rows[0], box.rows[1]) + 0.5
    c = np.arange(box.cols[0], box.cols[1]) + 0.5
    mask = inside(vertices, r[:, None], c[None, :])
    if not mask.any():
        raise UsageError("the polygon holds no pixel centre")
    return Region(box.rows, box.cols, mask)


def inside(vertices: np.ndarray, y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Even-odd rule: whether the points (y, x) (broadcast) lie inside the polygon."""
    result = np.zeros(np.broadcast(y, x).shape, dtype=bool)
    n = len(vertices)
    for i in range(n):
        y1, x1 = vertices[i]
        y2, x2 = vertices[(i + 1) % n]
        if y1 == y2:
            continue
        crosses = (y1 > y) != (y2 > y)
        x_at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        result ^= crosses & (x < x_at)
    return result


def channels_of(energy: np.ndarray, low: float, high: float) -> tuple[int, int]:
    """The channel range ``start:stop`` whose energies lie in [low, high]."""
    if high < low:
        low, high = high, low
    within = np.nonzero((energy >= low) & (energy <= high))[0]
    if within.size == 0:
        raise UsageError(f"no channel has an energy between {low:g} and {high:g}")
    return int(within.min()), int(within.max()) + 1
