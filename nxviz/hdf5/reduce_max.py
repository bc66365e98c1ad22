"""Max pooling of unsigned frames, band by band in parallel, statistics in the same pass.

Masked pixels are set to the gap value (2^N-1), and adding 1 in place wraps the gap value to 0,
which max pooling ignores: a bin whose pixels are all excluded pools to 0 (NaN on screen), and
every other bin keeps its largest valid value, so every Bragg peak survives. While a band is in
the CPU cache it also gives its part of the statistics: its minimum, its excluded pixels, its
part of the percentile sample (the frame's flat index a multiple of the sample's stride, copied
into one array for the frame), and, only when its largest value is above the saturation value,
its saturated pixels and its largest unsaturated value. The sample's valid values are picked and
counted once, after the bands. Nothing copies the frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nxviz.hdf5.bands import Rows, band_starts, in_parallel, threads
from nxviz.hdf5.pooling import Allocate, new_image, pool_axis, pooled_shape
from nxviz.hdf5.stats import (
    BINCOUNT_LIMIT,
    Exclusions,
    Sample,
    Statistics,
    is_sampled,
    none_for,
    percentiles_from_counts,
    percentiles_of,
    sample_rows,
    sample_step,
)


@dataclass
class _Band:
    low: int
    excluded: int
    saturated: int
    high: int  # the largest valid (unsaturated) value, -1 when none


def reduce_unsigned_max(
    rows: Rows,
    factors: tuple[int, int],
    excl: Exclusions,
    percentiles: Sequence[float],
    *,
    restore: bool,
    allocate: Allocate = new_image,
) -> tuple[np.ndarray, Statistics, Sample | None]:
    """The float32 image, the statistics and the sample's valid values (None when no
    percentiles are asked); ``restore`` puts each band back as it was read (masked pixels
    apart) for callers that keep the array."""
    dtype = rows.dtype
    top = int(np.iinfo(dtype).max)
    gap = top if excl.gap is None or int(excl.gap) != excl.gap else int(excl.gap)
    sat = excl.saturation
    height, width = rows.shape
    fy, fx = factors
    image = allocate(pooled_shape(rows.shape, factors))
    step = sample_step(height * width)

    # The percentile sample (flat indices a multiple of ``step``): each band copies its part
    # into this array; which values count, and counting them, is done once at the end, not
    # in a few small steps per band (each numpy call lets go of the GIL and takes it back,
    # and every small step a band thread makes is one more chance for the other to wait).
    samples = np.empty(-(-height * width // step), dtype=dtype)

    def band(start: int, stop: int) -> _Band:
        data = rows.read(start, stop)
        if gap != top:  # a gap value that is not 2^N-1: make it so
            np.putmask(data, data == gap, top)
        if excl.mask is not None:
            np.putmask(data, excl.mask[start:stop], top)
        low = int(data.min())
        share = samples[-(-start * width // step) : -(-stop * width // step)]
        sample_rows(data, start * width, step, out=share)
        np.add(data, 1, out=data, casting="unsafe")  # the gap value wraps to 0
        excluded = data.size - int(np.count_nonzero(data))  # no boolean array on the way
        by_rows = _pool_rows(data, fy)
        pooled = pool_axis(by_rows, fx, 1, np.maximum) if fx > 1 else by_rows
        high = int(pooled.max()) - 1
        saturated = 0
        if sat is not None and high > sat:  # rare: only then a pass to count them
            saturated = int(np.count_nonzero(data > sat + 1))
            high = int(np.max(data, where=data <= sat + 1, initial=0)) - 1
        part = image[start // fy : start // fy + pooled.shape[0]]
        np.subtract(pooled, 1, out=part, dtype=np.float32, casting="unsafe")
        np.copyto(part, np.nan, where=pooled == 0)
        if sat is not None:
            part[part > sat] = np.inf
        if restore:
            np.subtract(data, 1, out=data, casting="unsafe")  # the band as it was
        return _Band(low, excluded, saturated, high)

    bands = in_parallel(band, band_starts(height, fy))
    values, kept = _sample_percentiles(samples, top, sat, percentiles)
    return image, _statistics(bands, height * width, values, percentiles), kept


def _sample_percentiles(
    samples: np.ndarray, top: int, sat: float | None, percentiles: Sequence[float]
) -> tuple[dict[str, float | None], Sample | None]:
    """The percentiles of the sample's valid, unsaturated values, and those values: picked and
    counted in one part a thread, the counts added up (numpy's percentiles of the joined
    values when they are not small integers)."""
    if not percentiles:
        return {}, None

    def part(start: int, stop: int) -> tuple[np.ndarray, np.ndarray | None]:
        values = samples[start:stop]
        keep = values != top
        if sat is not None:
            keep &= values <= sat
        kept = values[keep]
        small = kept.size == 0 or int(kept.max()) < BINCOUNT_LIMIT
        return kept, np.bincount(kept) if small else None

    n, k = samples.size, threads()
    parts = in_parallel(part, [(n * i // k, n * (i + 1) // k) for i in range(k)])
    size = sum(kept.size for kept, _ in parts)
    if size == 0:
        return none_for(percentiles), Sample(0)
    counts = [c for _, c in parts if c is not None]
    if len(counts) < len(parts):
        joined = np.concatenate([kept for kept, _ in parts])
        return percentiles_of(joined, percentiles), Sample(size, values=joined)
    total = np.zeros(max(len(c) for c in counts), dtype=np.int64)
    for c in counts:
        total[: len(c)] += c
    return percentiles_from_counts(total, size, percentiles), Sample(size, counts=total)


def _pool_rows(data: np.ndarray, fy: int) -> np.ndarray:
    """Max over each ``fy`` rows: one numpy call when the band is whole bins (all but the
    last band), else :func:`pool_axis`."""
    if fy == 1:
        return data
    if data.shape[0] % fy == 0:
        pooled: np.ndarray = np.maximum.reduce(data.reshape(-1, fy, data.shape[1]), axis=1)
        return pooled
    return pool_axis(data, fy, 0, np.maximum)


def _statistics(
    bands: list[_Band],
    size: int,
    values: dict[str, float | None],
    percentiles: Sequence[float],
) -> Statistics:
    excluded = sum(b.excluded for b in bands)
    saturated = sum(b.saturated for b in bands)
    valid = size - excluded - saturated
    if valid == 0:
        return Statistics(None, None, 0, excluded, saturated, none_for(percentiles))
    # With a valid pixel, the gap value (the largest) is never the minimum: ``low`` is valid.
    low = min(b.low for b in bands)
    high = max(b.high for b in bands)
    return Statistics(float(low), float(high), valid, excluded, saturated, values, is_sampled(size))
