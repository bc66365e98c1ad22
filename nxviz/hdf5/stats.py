"""What to leave out of a frame's statistics, and the statistics: min, max, counts, percentiles
from a fixed-size, evenly strided sample (all values when few), and histograms.

Excluded pixels (a mask, or the gap value: 2^N-1 for unsigned detector data) never count;
saturated pixels (above the detector's saturation value) are counted apart and left out.
Percentiles are numpy's ``method="nearest"`` over the sample, counted in a histogram for small
non-negative integers, never from sorting the frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

SAMPLE_SIZE = 1 << 18
BINCOUNT_LIMIT = 1 << 20  # unsigned values below this are counted, not partitioned


@dataclass(frozen=True)
class Exclusions:
    """What to leave out: ``mask`` True where excluded, the ``gap`` value, and ``saturation``."""

    mask: np.ndarray | None = None
    gap: int | float | None = None
    saturation: int | float | None = None
    saturated: np.ndarray | None = None  # explicit saturated pixels (combined frames)


@dataclass(frozen=True)
class Sample:
    """The valid, unsaturated values of the statistics' sample (``size`` of them): the values,
    or for small non-negative integers their ``counts`` (``counts[v]``: how many equal ``v``)."""

    size: int
    values: np.ndarray | None = None
    counts: np.ndarray | None = None


@dataclass
class Statistics:
    min: float | None
    max: float | None
    valid: int
    excluded: int
    saturated: int
    percentiles: dict[str, float | None] = field(default_factory=dict)
    sampled: bool = False


def is_sampled(size: int) -> bool:
    """Whether statistics of ``size`` values come from a sample rather than all of them."""
    return size > SAMPLE_SIZE


def sample_step(size: int) -> int:
    """The stride of the sample of ``size`` values (1: all of them)."""
    return size // SAMPLE_SIZE if is_sampled(size) else 1


def sample(flat: np.ndarray) -> tuple[np.ndarray, bool]:
    if flat.size <= SAMPLE_SIZE:
        return flat, False
    return flat[:: sample_step(flat.size)], True


def sample_rows(
    rows: np.ndarray, offset: int, step: int, out: np.ndarray | None = None
) -> np.ndarray:
    """The values of ``rows`` (2D, maybe a view) whose flat index in the whole array, the band
    starting at flat index ``offset``, is a multiple of ``step``: the band's part of
    ``flat[::step]``, a new array or written into ``out``."""
    first = (-offset) % step
    if rows.flags.c_contiguous:
        picked = rows.reshape(-1)[first::step]
    else:
        width = rows.shape[1]
        at = np.arange(first, rows.size, step)
        picked = rows[at // width, at % width]
    if out is None:
        return np.array(picked)
    out[...] = picked
    return out


def percentiles_of(values: np.ndarray, percentiles: Sequence[float]) -> dict[str, float | None]:
    if not percentiles:
        return {}
    if values.size == 0:
        return none_for(percentiles)
    if values.dtype.kind in "ub" and int(values.max()) < BINCOUNT_LIMIT:
        return percentiles_from_counts(np.bincount(values.reshape(-1)), values.size, percentiles)
    found = np.percentile(values, list(percentiles), method="nearest")
    return {_key(p): float(v) for p, v in zip(percentiles, found, strict=True)}


def percentiles_from_counts(
    counts: np.ndarray, size: int, percentiles: Sequence[float]
) -> dict[str, float | None]:
    """numpy's ``method="nearest"`` percentiles of ``size`` small non-negative integers, from
    their counts (``counts[v]``: how many equal ``v``)."""
    cumulative = np.cumsum(counts)
    ranks = np.around(np.asarray(percentiles, dtype=np.float64) / 100 * (size - 1))
    found = np.searchsorted(cumulative, ranks.astype(np.int64), side="right")
    return {_key(p): float(v) for p, v in zip(percentiles, found, strict=True)}


def none_for(percentiles: Sequence[float]) -> dict[str, float | None]:
    return {_key(p): None for p in percentiles}


def _key(p: float) -> str:
    return f"{p:g}"


def generic_stats(
    values: np.ndarray,
    left_out: np.ndarray,
    invalid: np.ndarray,
    saturated: np.ndarray,
    percentiles: Sequence[float],
) -> Statistics:
    kept = values[~left_out]
    n_invalid, n_saturated = int(invalid.sum()), int(saturated.sum())
    if kept.size == 0:
        return Statistics(None, None, 0, n_invalid, n_saturated, none_for(percentiles))
    picked, sampled = sample(kept)
    return Statistics(
        float(kept.min()),
        float(kept.max()),
        int(kept.size),
        n_invalid,
        n_saturated,
        percentiles_of(picked, percentiles),
        sampled,
    )


def array_statistics(
    data: np.ndarray, exclusions: Exclusions | None = None, percentiles: Sequence[float] = ()
) -> tuple[Statistics, float | None]:
    """Statistics of any numeric array (flattened) and the mean of its valid values."""
    excl = exclusions or Exclusions()
    values = np.asarray(data).reshape(-1)
    invalid = ~np.isfinite(values) if values.dtype.kind == "f" else np.zeros(values.size, bool)
    if excl.gap is not None:
        invalid |= values == excl.gap
    if excl.mask is not None:
        invalid |= np.broadcast_to(excl.mask, data.shape).reshape(-1)
    saturated = (values > excl.saturation) & ~invalid if excl.saturation is not None else None
    if saturated is None:
        saturated = np.zeros(values.size, dtype=bool)
    stats = generic_stats(values, invalid | saturated, invalid, saturated, percentiles)
    kept = values[~(invalid | saturated)]
    mean = float(kept.mean(dtype=np.float64)) if kept.size else None
    return stats, mean


def histogram(
    data: np.ndarray, stats: Statistics, bins: int, exclusions: Exclusions | None = None
) -> tuple[list[float], list[int]]:
    """``bins`` equal-width bins between the valid min and max, over a sample if the data is big."""
    if stats.min is None or stats.max is None:
        return [], []
    excl = exclusions or Exclusions()
    flat = np.asarray(data).reshape(-1)
    picked, sampled = sample(flat)
    keep = np.isfinite(picked) if picked.dtype.kind == "f" else np.ones(picked.size, bool)
    if excl.mask is not None:
        mask = np.broadcast_to(excl.mask, np.shape(data)).reshape(-1)
        keep &= ~sample(mask)[0]
    if excl.gap is not None:
        keep &= picked != excl.gap
    if excl.saturation is not None:
        keep &= picked <= excl.saturation
    kept = picked[keep]
    if kept.dtype.kind == "b":
        kept = kept.astype(np.uint8)
    counts, edges = np.histogram(kept, bins=bins, range=(stats.min, stats.max))
    if sampled and keep.any():  # scale the sample's counts to the whole array
        counts = np.rint(counts * (stats.valid / max(1, int(keep.sum())))).astype(np.int64)
    return [float(e) for e in edges], [int(c) for c in counts]
