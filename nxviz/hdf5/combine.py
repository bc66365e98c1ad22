"""The rows of one frame's rectangle, or of several frames combined (sum or max), for the
image endpoint.

A frame stored one bitshuffle-LZ4 chunk per frame is decoded band by band straight from its raw
chunk (only the rows of the rectangle); any other frame is read through h5py (only the
rectangle). Combined frames are streamed: one frame at a time is read while the bands of the
previous one are decoded and added (or maxed) into one rectangle-sized accumulator, in parallel;
the stack is never held. Sums are float64, as exact as before for integer counts; the gap value
in any frame makes the pixel NaN, a saturated value in any frame marks it saturated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import h5py
import numpy as np

from nxviz.hdf5.bands import ArrayRows, DecodedRows, Rows, band_starts, start_parallel
from nxviz.hdf5.fastread import DecodeError, read_raw
from nxviz.hdf5.select import read_error

Region = tuple[int, int, int, int]
Read = tuple[h5py.Dataset, tuple[int, ...]]
Band = tuple[int, int]


def h5py_rows(dataset: h5py.Dataset, index: tuple[int, ...], region: Region) -> ArrayRows:
    r0, r1, c0, c1 = region
    try:
        frame = np.ascontiguousarray(dataset[(*index, slice(r0, r1), slice(c0, c1))])
    except OSError as error:
        raise read_error(dataset, error) from error
    return ArrayRows(frame)


def frame_rows(dataset: h5py.Dataset, index: tuple[int, ...], region: Region) -> Rows:
    """The rectangle of one frame: decoded on demand from its raw chunk when it can be."""
    try:
        raw = read_raw(dataset, index)
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


def combine_frames(
    reads: list[Read], combine: str, gap: int | None, saturation: float | None, region: Region
) -> Combined:
    r0, r1, c0, c1 = region
    shape = (r1 - r0, c1 - c0)
    total = combine != "max"
    acc = np.zeros(shape, np.float64) if total else np.empty(shape, reads[0][0].dtype)
    invalid = np.zeros(shape, bool) if total else None
    saturated = np.zeros(shape, bool) if total else None
    bands = band_starts(shape[0], 1)
    direct = 0
    wait: Callable[[], None] | None = None
    for n, (dataset, index) in enumerate(reads):
        rows = frame_rows(dataset, index, region)  # while the previous frame's bands run
        if wait is not None:
            wait()
        if isinstance(rows, DecodedRows):
            direct += 1

        def band(start: int, stop: int, rows: Rows = rows, first: bool = n == 0) -> Band | None:
            try:
                data = rows.read(start, stop)
            except DecodeError:  # this band is read again through h5py
                return (start, stop)
            part = acc[start:stop]
            if total:
                np.add(part, data, out=part)
                if gap is not None:
                    invalid[start:stop] |= data == gap  # type: ignore[index]
                if saturation is not None:
                    saturated[start:stop] |= data > saturation  # type: ignore[index]
            elif first:
                part[...] = data
            else:
                np.maximum(part, data, out=part)
            return None

        wait = _redo_failed(start_parallel(band, bands), band, dataset, index, region)
    if wait is not None:
        wait()
    if not total:
        return Combined(acc, None, direct)
    assert invalid is not None and saturated is not None
    acc[invalid] = np.nan
    return Combined(acc, saturated & ~invalid, direct)


def _redo_failed(
    wait: Callable[[], list[Band | None]],
    band: Callable[..., Band | None],
    dataset: h5py.Dataset,
    index: tuple[int, ...],
    region: Region,
) -> Callable[[], None]:
    """Wait for a frame's bands; those whose chunk did not decode are read through h5py."""

    def done() -> None:
        failed = [got for got in wait() if got is not None]
        if failed:
            rows = h5py_rows(dataset, index, region)
            for start, stop in failed:
                band(start, stop, rows)

    return done
