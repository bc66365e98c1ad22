"""The rows of one frame's rectangle, or of several frames combined (sum or max), for the
image endpoint.

A frame stored one bitshuffle-LZ4 chunk per frame is decoded band by band straight from its raw
chunk (only the rows of the rectangle); any other frame is read through h5py (only the
rectangle). Combined frames are streamed: a group of frames is read while the bands of the group
before are decoded and added (or maxed) into one rectangle-sized accumulator, band by band in
parallel; the stack is never held (at most ``GROUP_BYTES`` of raw chunks ahead). Sums are
float64 in the end (integers add up in 64-bit integers), as exact as before; the gap value in
any frame makes the pixel NaN,
a saturated value in any frame marks it saturated.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import h5py
import numpy as np

from nxviz.hdf5.bands import ArrayRows, DecodedRows, Rows, band_starts, start_parallel
from nxviz.hdf5.fastread import DecodeError, read_raw
from nxviz.hdf5.limits import checkpoint
from nxviz.hdf5.select import read_error

Region = tuple[int, int, int, int]
Read = tuple[h5py.Dataset, tuple[int, ...]]
GROUP_BYTES = 128 << 20  # raw chunks read ahead at most (one group; a frame at least)
MAX_GROUP = 16
COMBINE_ROWS = 24  # a band's float64 sums, gap and saturation flags stay in the CPU cache


def h5py_rows(dataset: h5py.Dataset, index: tuple[int, ...], region: Region) -> ArrayRows:
    r0, r1, c0, c1 = region
    try:
        frame = np.ascontiguousarray(dataset[(*index, slice(r0, r1), slice(c0, c1))])
    except OSError as error:
        raise read_error(dataset, error) from error
    return ArrayRows(frame)


def frame_rows(
    dataset: h5py.Dataset, index: tuple[int, ...], region: Region, *, reuse: bool = False
) -> Rows:
    """The rectangle of one frame: decoded on demand from its raw chunk when it can be
    (``reuse``: the chunk in this thread's buffer, see :func:`~nxviz.hdf5.fastread.read_raw`)."""
    try:
        raw = read_raw(dataset, index, reuse=reuse)
    except OSError as error:
        raise read_error(dataset, error) from error
    if raw is not None:
        return DecodedRows(raw, region)
    return h5py_rows(dataset, index, region)


@dataclass
class Combined:
    data: np.ndarray  # the rectangle: float64 sums (NaN where a gap was), or maxima
    saturated: np.ndarray | None  # sums: pixels saturated in any frame (and not NaN)
    direct: int  # frames decoded from their raw chunks


@dataclass
class _Frame:
    rows: Rows
    dataset: h5py.Dataset
    index: tuple[int, ...]


Failed = tuple[_Frame, int, int]  # a frame's band that did not decode


def _groups(reads: list[Read], region: Region) -> Iterator[list[_Frame]]:
    """Frames read (raw chunks, or arrays through h5py) a group at a time."""
    group: list[_Frame] = []
    size = 0
    for dataset, index in reads:
        rows = frame_rows(dataset, index, region)
        group.append(_Frame(rows, dataset, index))
        size += rows.raw.payload.nbytes if isinstance(rows, DecodedRows) else _nbytes(rows)
        if size >= GROUP_BYTES or len(group) >= MAX_GROUP:
            yield group
            group, size = [], 0
    if group:
        yield group


def _nbytes(rows: Rows) -> int:
    return int(rows.shape[0] * rows.shape[1] * rows.dtype.itemsize)


def _sum_type(dtype: np.dtype) -> type[np.generic]:
    """Integers add up exactly in 64-bit integers (cheaper than float64, and as exact: 1000
    frames of 32-bit counts stay far below 2^53); anything else in float64."""
    return {"u": np.uint64, "i": np.int64, "b": np.int64}.get(dtype.kind, np.float64)


def _threshold(dtype: np.dtype, saturation: float | None) -> np.generic | float | None:
    """What ``data > saturation`` compares with: for integers, the same test in their own type
    (comparing with a float would convert every value)."""
    if saturation is None or dtype.kind not in "iu":
        return saturation
    limits = np.iinfo(dtype)
    floor = math.floor(saturation)
    if floor < limits.min:
        return saturation  # every value is above: rare, left to the float comparison
    threshold: np.generic = dtype.type(min(floor, limits.max))
    return threshold


def _lowest(dtype: np.dtype) -> int | float:
    return -np.inf if dtype.kind == "f" else int(np.iinfo(dtype).min) if dtype.kind in "iu" else 0


def combine_frames(
    reads: list[Read], combine: str, gap: int | None, saturation: float | None, region: Region
) -> Combined:
    """Sum or max of the frames' rectangles: the next group of frames is read while the bands
    of the group before run, each band going through all of its group's frames while its
    accumulator stays in the CPU cache."""
    r0, r1, c0, c1 = region
    shape = (r1 - r0, c1 - c0)
    total = combine != "max"
    dtype = reads[0][0].dtype
    acc = np.zeros(shape, _sum_type(dtype)) if total else np.full(shape, _lowest(dtype), dtype)
    invalid = np.zeros(shape, bool)
    saturated = np.zeros(shape, bool)
    above = _threshold(dtype, saturation)

    def add(start: int, stop: int, data: np.ndarray) -> None:
        part = acc[start:stop]
        if not total:
            np.maximum(part, data, out=part)
            return
        np.add(part, data, out=part)
        if gap is not None:
            np.logical_or(invalid[start:stop], data == gap, out=invalid[start:stop])
        if above is not None:
            np.logical_or(saturated[start:stop], data > above, out=saturated[start:stop])

    def run(group: list[_Frame]) -> Callable[[], list[list[Failed]]]:
        def band(start: int, stop: int) -> list[Failed]:
            failed = []
            for frame in group:
                try:
                    data = frame.rows.read(start, stop)
                except DecodeError:  # read again through h5py once the group is done
                    failed.append((frame, start, stop))
                    continue
                add(start, stop, data)
            return failed

        return start_parallel(band, band_starts(shape[0], 1, COMBINE_ROWS))

    direct = 0
    pending: Callable[[], list[list[Failed]]] | None = None
    for group in _groups(reads, region):  # read while the group before is worked on
        checkpoint()  # the client has gone: stop between groups of frames
        direct += sum(isinstance(frame.rows, DecodedRows) for frame in group)
        if pending is not None:
            _redo(pending(), add)
        pending = run(group)
    if pending is not None:
        _redo(pending(), add)
    if not total:
        return Combined(acc, None, direct)
    sums = acc if acc.dtype == np.float64 else acc.astype(np.float64)
    sums[invalid] = np.nan
    return Combined(sums, saturated & ~invalid, direct)


def _redo(results: list[list[Failed]], add: Callable[[int, int, np.ndarray], None]) -> None:
    """Bands whose raw chunk did not decode, read through h5py."""
    for frame, start, stop in (failed for band in results for failed in band):
        rows = h5py_rows(frame.dataset, frame.index, _band_region(frame, start, stop))
        add(start, stop, rows.array)


def _band_region(frame: _Frame, start: int, stop: int) -> Region:
    assert isinstance(frame.rows, DecodedRows)
    r0, _, c0, c1 = frame.rows.region
    return (r0 + start, r0 + stop, c0, c1)
