"""Max pooling of unsigned frames, band by band in parallel, statistics in the same pass.

Masked pixels are set to the gap value (2^N-1), and adding 1 in place wraps the gap value to 0,
which max pooling ignores: a bin whose pixels are all excluded pools to 0 (NaN on screen), and
every other bin keeps its largest valid value, so every Bragg peak survives. While a band is in
the CPU cache it also gives its part of the statistics: its minimum, its excluded pixels, its
part of the percentile sample (the frame's flat index a multiple of the sample's stride), and,
only when its largest value is above the saturation value, its saturated pixels and its largest
unsaturated value; the sample's valid values are counted there too (when they are small
integers), so that only the bands' counts are added up at the end. Nothing copies the frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nxviz.hdf5.bands import Rows, band_starts, in_parallel
from nxviz.hdf5.pooling import pool_axis, pooled_shape
from nxviz.hdf5.stats import (
    Exclusions,
    Statistics,
    countable,
    is_sampled,
    none_for,
    percentiles_from_counts,
    percentiles_of,
    sample_rows,
    sample_step,
)

#: the bands' counts are added up when they hold at most this many values in all (else the
#: bands' samples are joined and counted once)
COUNTS_LIMIT = 1 << 21


@dataclass
class _Band:
    low: int
    excluded: int
    saturated: int
    high: int  # the largest valid (unsaturated) value, -1 when none
    kept: np.ndarray  # the band's part of the sample, valid and unsaturated values only
    counts: np.ndarray | None  # np.bincount(kept) when they are small integers


def reduce_unsigned_max(
    rows: Rows,
    factors: tuple[int, int],
    excl: Exclusions,
    percentiles: Sequence[float],
    *,
    restore: bool,
) -> tuple[np.ndarray, Statistics]:
    """The float32 image and the statistics; ``restore`` puts each band back as it was read
    (masked pixels apart) for callers that keep the array."""
    dtype = rows.dtype
    top = int(np.iinfo(dtype).max)
    gap = top if excl.gap is None or int(excl.gap) != excl.gap else int(excl.gap)
    sat = excl.saturation
    height, width = rows.shape
    fy, fx = factors
    image = np.empty(pooled_shape(rows.shape, factors), dtype=np.float32)
    step = sample_step(height * width)

    def band(start: int, stop: int) -> _Band:
        data = rows.read(start, stop)
        if gap != top:  # a gap value that is not 2^N-1: make it so
            np.putmask(data, data == gap, top)
        if excl.mask is not None:
            np.putmask(data, excl.mask[start:stop], top)
        low = int(data.min())
        sample = sample_rows(data, start * width, step)
        keep = sample != top
        if sat is not None:
            keep &= sample <= sat
        kept = sample[keep]
        np.add(data, 1, out=data, casting="unsafe")  # the gap value wraps to 0
        excluded = data.size - int(np.count_nonzero(data))  # no boolean array on the way
        by_rows = pool_axis(data, fy, 0, np.maximum) if fy > 1 else data
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
        return _Band(low, excluded, saturated, high, kept, countable(kept))

    bands = in_parallel(band, band_starts(height, fy))
    return image, _statistics(bands, height * width, percentiles)


def _statistics(
    bands: list[_Band],
    size: int,
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
    size_kept = sum(b.kept.size for b in bands)
    counts = [b.counts for b in bands if b.kept.size]
    if size_kept and all(c is not None for c in counts):
        lengths = [len(c) for c in counts if c is not None]
        if sum(lengths) <= COUNTS_LIMIT:
            total = np.zeros(max(lengths), dtype=np.int64)
            for c in counts:
                if c is not None:
                    total[: len(c)] += c
            values = percentiles_from_counts(total, size_kept, percentiles)
            return Statistics(
                float(low), float(high), valid, excluded, saturated, values, is_sampled(size)
            )
    values = percentiles_of(np.concatenate([b.kept for b in bands]), percentiles)
    return Statistics(float(low), float(high), valid, excluded, saturated, values, is_sampled(size))
