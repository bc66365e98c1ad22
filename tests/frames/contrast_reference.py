"""The Frames view's contrast computed with numpy from a frame read with h5py: the reference the
server's answer (``nxviz/frames/contrast.py``) and the drawn histogram are compared with."""

from __future__ import annotations

import numpy as np

from nxviz.frames.contrast import BINS
from nxviz.hdf5.stats import SAMPLE_SIZE

PERCENTILES = (0.5, 99.9)


def expected_contrast(
    frame: np.ndarray,
    mask: np.ndarray,
    saturation: float,
    percentiles: tuple[float, float] = PERCENTILES,
) -> tuple[list[float], float, float, np.ndarray]:
    """Limits, the histogram's low and high, and its counts over the valid pixels (not masked,
    not the gap value 2^N-1 of unsigned data, finite, not above ``saturation``). A frame of more
    than SAMPLE_SIZE pixels is sampled as the server samples an unsigned frame: every
    ``size // SAMPLE_SIZE``-th pixel, its valid ones counted and scaled to all valid pixels."""
    values = frame.astype(np.float64).reshape(-1)
    valid = ~mask.reshape(-1) & np.isfinite(values) & (values <= saturation)
    if frame.dtype.kind == "u":
        valid &= values != np.iinfo(frame.dtype).max
    step = values.size // SAMPLE_SIZE if values.size > SAMPLE_SIZE else 1
    kept = values[::step][valid[::step]]
    low_p, high_p = np.percentile(kept, percentiles, method="nearest")
    limits = [low_p, high_p] if high_p > low_p else [kept.min(), kept.max()]
    top = limits[1] + (limits[1] - limits[0]) * 0.5
    low, high = values[valid].min(), min(values[valid].max(), top)
    counts, _ = np.histogram(np.clip(kept, low, high), BINS, (low, high))
    scaled = np.rint(counts * (valid.sum() / kept.size))
    return [float(v) for v in limits], float(low), float(high), scaled
