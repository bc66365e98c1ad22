"""The image reduction as it was before bands and threads (nxviz 2026-11, one thread, whole
frames), kept verbatim as the reference the banded, parallel implementation must equal."""

# ruff: noqa
# mypy: ignore-errors

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

SAMPLE_SIZE = 1 << 18
BINCOUNT_LIMIT = 1 << 20  # unsigned values below this are counted, not partitioned
BAND_ROWS = 64  # rows reduced at a time on the fast path

Ufunc = Callable[..., Any]


@dataclass(frozen=True)
class Exclusions:
    """What to leave out: ``mask`` True where excluded, the ``gap`` value, and ``saturation``."""

    mask: np.ndarray | None = None
    gap: int | float | None = None
    saturation: int | float | None = None
    saturated: np.ndarray | None = None  # explicit saturated pixels (combined frames)


@dataclass
class Statistics:
    min: float | None
    max: float | None
    valid: int
    excluded: int
    saturated: int
    percentiles: dict[str, float | None] = field(default_factory=dict)
    sampled: bool = False


@dataclass
class Reduced:
    image: np.ndarray  # float32, at most height × width
    factors: tuple[int, int]  # bin size along rows and columns
    stats: Statistics


def default_gap(dtype: np.dtype) -> int | None:
    """2^N-1 for unsigned integers (how Eiger and Pilatus mark gaps and dead pixels)."""
    return int(np.iinfo(dtype).max) if dtype.kind == "u" else None


def bin_factors(shape: tuple[int, int], height: int, width: int) -> tuple[int, int]:
    return (max(1, math.ceil(shape[0] / height)), max(1, math.ceil(shape[1] / width)))


def pool(array: np.ndarray, factors: tuple[int, int], op: Ufunc) -> np.ndarray:
    """Pool ``array`` by ``factors`` with a binary ufunc; edge bins take what remains."""
    fy, fx = factors
    out = _pool_axis(array, fy, 0, op) if fy > 1 else array
    out = _pool_axis(out, fx, 1, op) if fx > 1 else out
    return out if out is not array else array.copy()


def _pool_axis(array: np.ndarray, factor: int, axis: int, op: Ufunc) -> np.ndarray:
    def part(i: int) -> np.ndarray:
        return array[i::factor] if axis == 0 else array[:, i::factor]

    out = part(0).copy()
    for i in range(1, factor):
        view = part(i)
        n = view.shape[axis]
        target = out[:n] if axis == 0 else out[:, :n]
        op(target, view, out=target)
    return out


def reduce_frame(
    data: np.ndarray,
    *,
    width: int,
    height: int,
    how: str = "max",
    exclusions: Exclusions | None = None,
    percentiles: Sequence[float] = (),
) -> Reduced:
    """Reduce a 2D frame to at most ``height`` × ``width`` and describe its valid pixels."""
    if data.ndim != 2:
        raise ValueError("reduce_frame takes a 2D array")
    excl = exclusions or Exclusions()
    factors = bin_factors((data.shape[0], data.shape[1]), height, width)
    if how == "max" and data.dtype.kind == "u" and excl.saturated is None:
        return _reduce_unsigned_max(data, factors, excl, percentiles)
    return _reduce_generic(data, factors, how, excl, percentiles)


def _reduce_unsigned_max(
    data: np.ndarray, factors: tuple[int, int], excl: Exclusions, percentiles: Sequence[float]
) -> Reduced:
    """Band by band (a band of rows stays in the CPU cache through every pass over it)."""
    top = int(np.iinfo(data.dtype).max)
    gap = top if excl.gap is None or int(excl.gap) != excl.gap else int(excl.gap)
    fy, fx = factors
    band = fy * max(1, BAND_ROWS // fy)
    pooled = np.empty((-(-data.shape[0] // fy), -(-data.shape[1] // fx)), dtype=data.dtype)
    excluded, low = 0, top
    for start in range(0, data.shape[0], band):
        rows = data[start : start + band]
        if gap != top:  # a gap value that is not 2^N-1: make it so
            np.putmask(rows, rows == gap, top)
        if excl.mask is not None:
            np.putmask(rows, excl.mask[start : start + band], top)
        if rows.size:
            low = min(low, int(rows.min()))
        excluded += int(np.count_nonzero(rows == top))
        np.add(rows, 1, out=rows, casting="unsafe")  # the gap value wraps to 0
        by_rows = _pool_axis(rows, fy, 0, np.maximum) if fy > 1 else rows
        pooled[start // fy : start // fy + by_rows.shape[0]] = (
            _pool_axis(by_rows, fx, 1, np.maximum) if fx > 1 else by_rows
        )
        np.subtract(rows, 1, out=rows, casting="unsafe")  # the band as it was
    image = pooled.astype(np.float32)
    image -= 1
    image[pooled == 0] = np.nan
    # Max pooling keeps the largest valid value: the frame's maximum when nothing saturates.
    high = int(pooled.max()) - 1 if pooled.size else -1
    stats = _unsigned_stats(data, top, excl.saturation, excluded, low, high, percentiles)
    if excl.saturation is not None:
        image[image > excl.saturation] = np.inf
    return Reduced(image, factors, stats)


def _unsigned_stats(
    data: np.ndarray,
    top: int,
    sat: float | None,
    excluded: int,
    low: int,
    high: int,
    percentiles: Sequence[float],
) -> Statistics:
    flat = data.reshape(-1)
    saturated = 0
    if sat is not None and high > sat:  # rare: only then a pass to count them
        saturated = int(np.count_nonzero((flat > sat) & (flat != top)))
    valid = flat.size - excluded - saturated
    if valid == 0:
        return Statistics(None, None, 0, excluded, saturated, _none(percentiles))
    if saturated:
        high = int(np.max(flat, where=flat <= sat, initial=0))
    # With a valid pixel, the gap value (the largest) is never the minimum: ``low`` is valid.
    sample, sampled = _sample(flat)
    keep = sample != top
    if sat is not None:
        keep &= sample <= sat
    values = _percentiles(sample[keep], percentiles)
    return Statistics(float(low), float(high), valid, excluded, saturated, values, sampled)


def _reduce_generic(
    data: np.ndarray,
    factors: tuple[int, int],
    how: str,
    excl: Exclusions,
    percentiles: Sequence[float],
) -> Reduced:
    values = data.astype(np.float32 if data.dtype.itemsize <= 4 else np.float64)
    invalid = ~np.isfinite(values)
    if excl.gap is not None:
        invalid |= data == excl.gap
    if excl.mask is not None:
        invalid |= excl.mask
    saturated = np.zeros(values.shape, dtype=bool) if excl.saturated is None else excl.saturated
    if excl.saturation is not None:
        saturated = saturated | np.greater(values, excl.saturation)
    saturated &= ~invalid
    stats = _generic_stats(values, invalid | saturated, invalid, saturated, percentiles)
    values[invalid] = np.nan
    if how == "max":
        image = pool(values, factors, np.fmax)
    else:
        valid = (~invalid).astype(np.float32)
        totals = pool(np.where(invalid, 0, values), factors, np.add)
        counts = pool(valid, factors, np.add)
        with np.errstate(invalid="ignore", divide="ignore"):
            image = totals / counts
        image[counts == 0] = np.nan
    if saturated.any():
        image[pool(saturated, factors, np.logical_or)] = np.inf
    return Reduced(image.astype(np.float32, copy=False), factors, stats)


def _generic_stats(
    values: np.ndarray,
    left_out: np.ndarray,
    invalid: np.ndarray,
    saturated: np.ndarray,
    percentiles: Sequence[float],
) -> Statistics:
    kept = values[~left_out]
    n_invalid, n_saturated = int(invalid.sum()), int(saturated.sum())
    if kept.size == 0:
        return Statistics(None, None, 0, n_invalid, n_saturated, _none(percentiles))
    sample, sampled = _sample(kept)
    return Statistics(
        float(kept.min()),
        float(kept.max()),
        int(kept.size),
        n_invalid,
        n_saturated,
        _percentiles(sample, percentiles),
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
    stats = _generic_stats(values, invalid | saturated, invalid, saturated, percentiles)
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
    sample, sampled = _sample(flat)
    keep = np.isfinite(sample) if sample.dtype.kind == "f" else np.ones(sample.size, bool)
    if excl.mask is not None:
        mask = np.broadcast_to(excl.mask, np.shape(data)).reshape(-1)
        keep &= ~_sample(mask)[0]
    if excl.gap is not None:
        keep &= sample != excl.gap
    if excl.saturation is not None:
        keep &= sample <= excl.saturation
    kept = sample[keep]
    if kept.dtype.kind == "b":
        kept = kept.astype(np.uint8)
    counts, edges = np.histogram(kept, bins=bins, range=(stats.min, stats.max))
    if sampled and keep.any():  # scale the sample's counts to the whole array
        counts = np.rint(counts * (stats.valid / max(1, int(keep.sum())))).astype(np.int64)
    return [float(e) for e in edges], [int(c) for c in counts]


def _sample(flat: np.ndarray) -> tuple[np.ndarray, bool]:
    if flat.size <= SAMPLE_SIZE:
        return flat, False
    step = flat.size // SAMPLE_SIZE
    return flat[::step], True


def _percentiles(values: np.ndarray, percentiles: Sequence[float]) -> dict[str, float | None]:
    if not percentiles:
        return {}
    if values.size == 0:
        return _none(percentiles)
    if values.dtype.kind in "ub" and int(values.max()) < BINCOUNT_LIMIT:
        found = _percentiles_from_counts(values, percentiles)
    else:
        found = np.percentile(values, list(percentiles), method="nearest")
    return {_key(p): float(v) for p, v in zip(percentiles, found, strict=True)}


def _percentiles_from_counts(values: np.ndarray, percentiles: Sequence[float]) -> np.ndarray:
    """numpy's ``method="nearest"`` percentiles of small non-negative integers, from a histogram."""
    cumulative = np.cumsum(np.bincount(values.reshape(-1)))
    ranks = np.around(np.asarray(percentiles, dtype=np.float64) / 100 * (values.size - 1))
    found: np.ndarray = np.searchsorted(cumulative, ranks.astype(np.int64), side="right")
    return found


def _none(percentiles: Sequence[float]) -> dict[str, float | None]:
    return {_key(p): None for p in percentiles}


def _key(p: float) -> str:
    return f"{p:g}"


def combined(frames, combine, gap, saturation):
    """image._combined as it was, over frames already read."""
    first = np.array(frames[0])
    if len(frames) == 1:
        return first, None
    if combine == "max":
        for frame in frames[1:]:
            np.maximum(first, frame, out=first)
        return first, None
    total = first.astype(np.float64)
    invalid = first == gap if gap is not None else np.zeros(first.shape, dtype=bool)
    saturated = first > saturation if saturation is not None else np.zeros(first.shape, bool)
    for frame in frames[1:]:
        total += frame
        if gap is not None:
            invalid |= frame == gap
        if saturation is not None:
            saturated |= frame > saturation
    total[invalid] = np.nan
    return total, saturated & ~invalid


def render(frames, region, combine, how, width, height, mask, saturation, percentiles):
    """image.render's pipeline as it was, from the frames (read with plain h5py) on."""
    gap = default_gap(frames[0].dtype)
    data, saturated = combined(frames, combine, gap, saturation)
    r0, r1, c0, c1 = region
    if region != (0, data.shape[0], 0, data.shape[1]):
        data = np.ascontiguousarray(data[r0:r1, c0:c1])
        mask = mask[r0:r1, c0:c1] if mask is not None else None
        saturated = saturated[r0:r1, c0:c1] if saturated is not None else None
    exclusions = Exclusions(
        mask=mask,
        gap=gap if len(frames) == 1 or combine == "max" else None,
        saturation=saturation if saturated is None else None,
        saturated=saturated,
    )
    return reduce_frame(
        data, width=width, height=height, how=how, exclusions=exclusions, percentiles=percentiles
    )
