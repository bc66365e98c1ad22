"""The values along a segment drawn on a slice: a line profile, sampled once, on the server.

The segment runs from ``start`` to ``end``, both (row, column) positions in the slice's picture
(dataset indices along the picture's two axes, fractions allowed). It is sampled at ``samples``
evenly spaced points, both ends included (by default one a voxel: ⌈length⌉ + 1), each value
interpolated bilinearly from the four voxels around the point (the voxel's value at a whole
position). The slice is the exact one (:func:`~nxviz.volumes.slices.read_slice`, whose decoded
chunks the view has usually just read), so the profile never shows a coarse level's values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import h5py
import numpy as np

from nxviz.errors import SelectionError, UsageError
from nxviz.hdf5.locate import Locator
from nxviz.hdf5.nexus import attr_text
from nxviz.volumes.chunks import CancelFlag
from nxviz.volumes.render import file_version
from nxviz.volumes.slices import SliceRequest, read_slice

MAX_SAMPLES = 1 << 14


@dataclass(frozen=True)
class Segment:
    start: tuple[float, float]
    end: tuple[float, float]
    samples: int | None = None  # None: one a voxel along the segment


def bilinear(picture: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The picture's values at fractional (row, column) positions inside it, bilinearly."""
    values = picture.astype(np.float64)
    r0 = np.clip(np.floor(rows).astype(np.int64), 0, max(0, picture.shape[0] - 2))
    c0 = np.clip(np.floor(cols).astype(np.int64), 0, max(0, picture.shape[1] - 2))
    r1 = np.minimum(r0 + 1, picture.shape[0] - 1)
    c1 = np.minimum(c0 + 1, picture.shape[1] - 1)
    fr, fc = rows - r0, cols - c0
    top = values[r0, c0] * (1 - fc) + values[r0, c1] * fc
    bottom = values[r1, c0] * (1 - fc) + values[r1, c1] * fc
    found: np.ndarray = top * (1 - fr) + bottom * fr
    return found


def segment_profile(
    locator: Locator,
    h5file: h5py.File,
    path: str | None,
    request: SliceRequest,
    segment: Segment,
    max_bytes: int,
    cancel: CancelFlag | None = None,
) -> dict[str, Any]:
    """The ``line`` endpoint's answer (see the module's docstring)."""
    found = locator.find(h5file, path)
    dataset = found.entity
    if not isinstance(dataset, h5py.Dataset):
        raise UsageError(f"{found.path} is not a dataset")
    got = read_slice(dataset, file_version(found.file), request, max_bytes=max_bytes, cancel=cancel)
    picture = got.picture
    size = picture.shape
    for name, (row, col) in (("start", segment.start), ("end", segment.end)):
        if not (0 <= row <= size[0] - 1 and 0 <= col <= size[1] - 1):
            raise SelectionError(
                f"'{name}' ({row:g}, {col:g}) is outside the slice's {size[0]} × {size[1]} voxels"
            )
    length = math.hypot(segment.end[0] - segment.start[0], segment.end[1] - segment.start[1])
    count = math.ceil(length) + 1 if segment.samples is None else segment.samples
    if not 2 <= count <= MAX_SAMPLES:
        raise UsageError(f"a profile takes 2 to {MAX_SAMPLES} samples, not {count}")
    t = np.linspace(0.0, 1.0, count)
    rows = segment.start[0] + t * (segment.end[0] - segment.start[0])
    cols = segment.start[1] + t * (segment.end[1] - segment.start[1])
    values = bilinear(picture, rows, cols)
    return {
        "axis": request.axis,
        "index": request.index,
        "axes": list(got.axes),
        "start": list(segment.start),
        "end": list(segment.end),
        "length": length,
        "interpolation": "bilinear",
        "distance": (t * length).tolist(),
        "rows": rows.tolist(),
        "cols": cols.tolist(),
        "values": [float(v) if math.isfinite(v) else None for v in values],
        "dtype": dataset.dtype.str,
        "units": attr_text(dataset, "units"),
    }
