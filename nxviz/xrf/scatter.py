"""Two maps against each other: the pixel density of their values, and the pixels in a box."""

from __future__ import annotations

from typing import Any

import h5py
import numpy as np

from nxviz.errors import UsageError
from nxviz.hdf5.limits import claim, decoded_bytes
from nxviz.hdf5.locate import Locator
from nxviz.xrf.reduce import inside

MAX_BINS = 1024


def read_map(locator: Locator, h5file: h5py.File, path: str) -> np.ndarray:
    """A 2-D numeric map as float64 (a 400 for anything else)."""
    found = locator.find(h5file, path)
    dataset = found.entity
    if (
        not isinstance(dataset, h5py.Dataset)
        or dataset.ndim != 2
        or dataset.dtype.kind not in "iuf"
    ):
        raise UsageError(f"{found.path}: not a 2-D numeric map")
    members = (slice(None), slice(None))
    claim(decoded_bytes(dataset, members), dataset.size * 8, what="the map", hint="")
    return np.asarray(dataset[()], dtype=np.float64)


def _pair(locator: Locator, h5file: h5py.File, x: str, y: str) -> tuple[np.ndarray, np.ndarray]:
    a, b = read_map(locator, h5file, x), read_map(locator, h5file, y)
    if a.shape != b.shape:
        raise UsageError(f"the maps differ in shape: {a.shape} and {b.shape}")
    return a, b


def _range(values: np.ndarray) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.0, 1.0
    low, high = float(finite.min()), float(finite.max())
    return (low, high) if high > low else (low, low + 1.0)


def density(locator: Locator, h5file: h5py.File, x: str, y: str, bins: int) -> dict[str, Any]:
    """``counts[j * bins + i]``: pixels whose x value falls in bin i and y value in bin j (equal
    bins from each map's finite minimum to its maximum, the maximum in the last bin)."""
    a, b = _pair(locator, h5file, x, y)
    (x0, x1), (y0, y1) = _range(a), _range(b)
    finite = np.isfinite(a) & np.isfinite(b)
    counts, _, _ = np.histogram2d(b[finite], a[finite], bins=bins, range=[[y0, y1], [x0, x1]])
    return {
        "bins": bins,
        "counts": counts.astype(np.int64).reshape(-1).tolist(),
        "x": {"min": x0, "max": x1, "name": x.rsplit("/", 1)[-1]},
        "y": {"min": y0, "max": y1, "name": y.rsplit("/", 1)[-1]},
    }


def select(
    locator: Locator,
    h5file: h5py.File,
    x: str,
    y: str,
    xrange: tuple[float, float] | None,
    yrange: tuple[float, float] | None,
    polygon: list[tuple[float, float]] | None = None,
) -> tuple[np.ndarray, tuple[int, int]]:
    """uint8 rows x cols: 1 where x lies in ``xrange`` and y in ``yrange`` (both closed), or
    where (x, y) lies inside ``polygon`` (vertices as (x, y) pairs, even-odd rule)."""
    a, b = _pair(locator, h5file, x, y)
    if polygon is not None:
        vertices = np.asarray([(vy, vx) for vx, vy in polygon], dtype=np.float64)
        chosen = inside(vertices, b, a)
    else:
        if xrange is None or yrange is None:
            raise UsageError("give a box (xrange and yrange) or a polygon")
        chosen = (a >= min(xrange)) & (a <= max(xrange)) & (b >= min(yrange)) & (b <= max(yrange))
    return chosen.astype(np.uint8), (int(a.shape[0]), int(a.shape[1]))
