"""The Frames view's contrast, from a frame's statistics: automatic limits and the histogram
drawn under the colour bar (the browser draws them; it computes neither).

Both come from the pass that reduces the frame (:mod:`nxviz.hdf5.reduce`): its percentiles and
the sample they were taken from, so masked, gap and saturated pixels are left out exactly as in
the statistics. The limits are the lowest and highest percentiles asked, or the valid minimum
and maximum when those coincide (a sparse frame, mostly one value). The histogram has ``BINS``
equal bins from the valid minimum to half a window above the high limit (at most the valid
maximum); values above its top are counted in its last bin. Its counts estimate the frame's
valid pixels: the sample's counts scaled to them when the frame was sampled.
"""

from __future__ import annotations

from typing import TypedDict

import numpy as np

from nxviz.hdf5.stats import Sample, Statistics

BINS = 64


class Histogram(TypedDict):
    low: float  # the first bin's start: the valid minimum
    high: float  # the last bin's end (values above are counted in the last bin)
    counts: list[int]


class Contrast(TypedDict):
    limits: list[float] | None  # [low, high], low < high; None without a valid pixel
    histogram: Histogram | None


def auto_limits(stats: Statistics) -> tuple[float, float] | None:
    """[low, high] (low < high) from the lowest and highest percentiles of ``stats``, or the
    valid min and max when those coincide (or were not asked); None without a valid pixel."""
    if stats.min is None or stats.max is None:
        return None
    asked = sorted(stats.percentiles, key=float)
    low = stats.percentiles[asked[0]] if asked else None
    high = stats.percentiles[asked[-1]] if asked else None
    if low is not None and high is not None and high > low:
        return low, high
    if stats.max > stats.min:
        return stats.min, stats.max
    return stats.min, stats.min + 1


def histogram_range(stats: Statistics, limits: tuple[float, float]) -> tuple[float, float]:
    """From the valid minimum to half a window above the high limit, at most the valid maximum."""
    assert stats.min is not None and stats.max is not None
    low = stats.min
    top = limits[1] + (limits[1] - limits[0]) * 0.5
    high = min(stats.max, top)
    return low, high if high > low else low + 1


def histogram(
    stats: Statistics, sample: Sample | None, limits: tuple[float, float], bins: int = BINS
) -> Histogram | None:
    """The histogram of the frame's valid pixels between :func:`histogram_range`'s bounds, from
    the ``sample`` of them the statistics were taken from."""
    if sample is None or sample.size == 0 or stats.min is None:
        return None
    low, high = histogram_range(stats, limits)
    if sample.counts is not None:  # counts[v] of each integer v up to high, the rest above
        cut = min(sample.counts.size, int(np.floor(high)) + 1)
        values = np.arange(cut, dtype=np.float64)
        found, _ = np.histogram(values, bins, (low, high), weights=sample.counts[:cut])
        found[-1] += sample.counts[cut:].sum()
    else:
        assert sample.values is not None
        found, _ = np.histogram(sample.values, bins, (low, high))  # none below low: the min
        found[-1] += np.count_nonzero(sample.values > high)
    if sample.size != stats.valid:
        found = found * (stats.valid / sample.size)
    return {"low": low, "high": high, "counts": [int(c) for c in np.rint(found)]}


def contrast(stats: Statistics, sample: Sample | None) -> Contrast:
    """The automatic limits and the histogram of a frame's statistics and their sample."""
    limits = auto_limits(stats)
    if limits is None:
        return {"limits": None, "histogram": None}
    return {"limits": [limits[0], limits[1]], "histogram": histogram(stats, sample, limits)}
