"""A frame to screen size: max or mean pooling, excluded and saturated pixels, statistics.

Excluded pixels (a mask, or the gap value: 2^N-1 for unsigned detector data) never contribute to
a bin or to the statistics; a bin with no valid pixel is NaN. Saturated pixels (above the
detector's saturation value) are left out of the statistics and make their bin +inf, so the
client can paint both.

The frame is worked through in bands of rows (:mod:`nxviz.hdf5.bands`), in parallel on this
process's cores, each band giving its part of the image and of the statistics in the same pass.
Unsigned integer frames reduced by max pooling take a fast path (:mod:`nxviz.hdf5.reduce_max`)
that copies nothing; other frames are converted to floating point one band at a time.
Functions here may modify the array they are given: callers pass a freshly read frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nxviz.hdf5.bands import ArrayRows, Rows, band_starts, in_parallel
from nxviz.hdf5.pooling import Allocate, bin_factors, new_image, pool, pooled_shape
from nxviz.hdf5.reduce_max import reduce_unsigned_max
from nxviz.hdf5.stats import (
    Exclusions,
    Sample,
    Statistics,
    array_statistics,
    histogram,
    is_sampled,
    none_for,
    percentiles_of,
    sample_step,
)

__all__ = [
    "Exclusions",
    "Reduced",
    "Statistics",
    "array_statistics",
    "bin_factors",
    "default_gap",
    "histogram",
    "pool",
    "reduce_frame",
    "reduce_rows",
]


@dataclass
class Reduced:
    image: np.ndarray  # float32, at most height × width
    factors: tuple[int, int]  # bin size along rows and columns
    stats: Statistics
    sample: Sample | None = None  # the valid values the percentiles were taken from


def default_gap(dtype: np.dtype) -> int | None:
    """2^N-1 for unsigned integers (how Eiger and Pilatus mark gaps and dead pixels)."""
    return int(np.iinfo(dtype).max) if dtype.kind == "u" else None


def reduce_frame(
    data: np.ndarray,
    *,
    width: int,
    height: int,
    how: str = "max",
    exclusions: Exclusions | None = None,
    percentiles: Sequence[float] = (),
) -> Reduced:
    """Reduce a 2D frame to at most ``height`` × ``width`` and describe its valid pixels
    (masked pixels of an unsigned frame are set to its gap value; the rest is left as given)."""
    if data.ndim != 2:
        raise ValueError("reduce_frame takes a 2D array")
    return reduce_rows(
        ArrayRows(data),
        width=width,
        height=height,
        how=how,
        exclusions=exclusions,
        percentiles=percentiles,
        restore=True,
    )


def reduce_rows(
    rows: Rows,
    *,
    width: int,
    height: int,
    how: str = "max",
    exclusions: Exclusions | None = None,
    percentiles: Sequence[float] = (),
    restore: bool = False,
    allocate: Allocate = new_image,
) -> Reduced:
    """Reduce the rows of a frame (read band by band, in parallel) like :func:`reduce_frame`;
    the image is written into ``allocate(shape)``."""
    excl = exclusions or Exclusions()
    factors = bin_factors(rows.shape, height, width)
    fast = how == "max" and rows.dtype.kind == "u" and excl.saturated is None
    if fast and rows.shape[0] * rows.shape[1] > 0:
        image, stats, sample = reduce_unsigned_max(
            rows, factors, excl, percentiles, restore=restore, allocate=allocate
        )
        return Reduced(image, factors, stats, sample)
    return _reduce_generic(rows, factors, how, excl, percentiles, allocate)


@dataclass
class _Band:
    invalid: int
    saturated: int
    kept: np.ndarray  # the valid, unsaturated values, in order


def _reduce_generic(
    source: Rows | np.ndarray,
    factors: tuple[int, int],
    how: str,
    excl: Exclusions,
    percentiles: Sequence[float],
    allocate: Allocate = new_image,
) -> Reduced:
    rows = ArrayRows(source) if isinstance(source, np.ndarray) else source
    kind = np.float32 if rows.dtype.itemsize <= 4 else np.float64
    fy, fx = factors
    image = allocate(pooled_shape(rows.shape, factors))

    def band(start: int, stop: int) -> _Band:
        data = rows.read(start, stop)
        values = data.astype(kind)
        invalid = ~np.isfinite(values)
        if excl.gap is not None:
            invalid |= data == excl.gap
        if excl.mask is not None:
            invalid |= excl.mask[start:stop]
        if excl.saturated is None:
            saturated = np.zeros(values.shape, dtype=bool)
        else:
            saturated = excl.saturated[start:stop].copy()
        if excl.saturation is not None:
            saturated |= np.greater(values, excl.saturation)
        saturated &= ~invalid
        kept = values[~(invalid | saturated)]
        values[invalid] = np.nan
        if how == "max":
            part = pool(values, factors, np.fmax)
        else:
            totals = pool(np.where(invalid, 0, values), factors, np.add)
            counts = pool((~invalid).astype(np.float32), factors, np.add)
            with np.errstate(invalid="ignore", divide="ignore"):
                part = totals / counts
            part[counts == 0] = np.nan
        if saturated.any():
            part[pool(saturated, factors, np.logical_or)] = np.inf
        image[start // fy : start // fy + part.shape[0]] = part
        return _Band(int(invalid.sum()), int(saturated.sum()), kept)

    bands = in_parallel(band, band_starts(rows.shape[0], fy))
    return Reduced(image, (fy, fx), *_generic_statistics(bands, percentiles))


def _generic_statistics(
    bands: list[_Band], percentiles: Sequence[float]
) -> tuple[Statistics, Sample]:
    """As if from all bands at once: the sample is every ``step``-th kept value of the frame."""
    invalid = sum(b.invalid for b in bands)
    saturated = sum(b.saturated for b in bands)
    total = sum(b.kept.size for b in bands)
    if total == 0:
        return Statistics(None, None, 0, invalid, saturated, none_for(percentiles)), Sample(0)
    step, offset, parts = sample_step(total), 0, []
    for b in bands:
        parts.append(b.kept[(-offset) % step :: step])
        offset += b.kept.size
    low = min(float(b.kept.min()) for b in bands if b.kept.size)
    high = max(float(b.kept.max()) for b in bands if b.kept.size)
    sample = np.concatenate(parts)
    values = percentiles_of(sample, percentiles)
    stats = Statistics(low, high, total, invalid, saturated, values, is_sampled(total))
    return stats, Sample(sample.size, values=sample)
