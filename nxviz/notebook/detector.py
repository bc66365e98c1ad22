"""An NXmx detector as a frame picture needs it: excluded pixels, saturation, and geometry.

The NeXus reading is :mod:`nxviz.hdf5.nexus`'s (the server's ``nexus`` endpoint uses the same):
the entry's NXdetector and :func:`~nxviz.hdf5.nexus.detector_geometry`. This module adds what a
picture needs on top: the ``pixel_mask`` as a boolean array for the frame's shape, and the
resolution-ring arithmetic of :class:`Geometry`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import h5py
import numpy as np

from nxviz.hdf5.locate import Found, Locator
from nxviz.hdf5.nexus import child, detector_geometry, detectors
from nxviz.hdf5.select import read_error

ANGSTROM = 1e-10


@dataclass(frozen=True)
class Geometry:
    """Beam centre in pixels (x fast, y slow); distance, pixel sizes and wavelength in metres."""

    beam_x: float
    beam_y: float
    distance: float
    pixel_x: float
    pixel_y: float
    wavelength: float

    def resolution(self, radius: float) -> float:
        """The d-spacing in Å seen ``radius`` metres from the beam centre."""
        two_theta = math.atan2(radius, self.distance)
        return self.wavelength / ANGSTROM / (2.0 * math.sin(two_theta / 2.0))

    def radius(self, d_spacing: float) -> float:
        """How far in metres from the beam centre the ring of ``d_spacing`` Å lies."""
        sine = min(1.0, self.wavelength / ANGSTROM / (2.0 * d_spacing))
        return self.distance * math.tan(2.0 * math.asin(sine))

    def ring_spacings(self, shape: tuple[int, ...], count: int = 4) -> list[float]:
        """``count`` rounded d-spacings (Å) whose rings are spread evenly over the frame."""
        rows, cols = shape[-2:]
        far = max(
            math.hypot((x - self.beam_x) * self.pixel_x, (y - self.beam_y) * self.pixel_y)
            for x in (0.0, float(cols))
            for y in (0.0, float(rows))
        )
        spacings: list[float] = []
        for k in range(1, count + 1):
            d = self.resolution(far * k / (count + 1))
            rounded = float(f"{d:.2g}")
            if rounded > 0 and rounded not in spacings:
                spacings.append(rounded)
        return spacings


@dataclass(frozen=True)
class Detector:
    """What to leave out of a frame, and where it sits."""

    path: str
    mask: np.ndarray | None = field(default=None, repr=False)  # True where excluded
    saturation: float | None = None
    geometry: Geometry | None = None


def _geometry(info: dict[str, Any]) -> Geometry | None:
    centre, pixel = info["beam_center"], info["pixel_size"]
    values = (
        centre.get("x_px"),
        centre.get("y_px"),
        info["distance"],
        pixel["x"],
        pixel["y"],
        info["wavelength"],
    )
    if any(v is None or not math.isfinite(v) for v in values) or not all(values[2:]):
        return None
    return Geometry(*(float(v) for v in values))


def _mask(locator: Locator, detector: Found, shape: tuple[int, ...]) -> np.ndarray | None:
    found = child(locator, detector, "pixel_mask")
    item = found.entity if found is not None else None
    if not isinstance(item, h5py.Dataset) or item.dtype.kind not in "biu" or item.ndim < 2:
        return None
    if tuple(item.shape[-2:]) != tuple(shape[-2:]):
        return None
    try:
        values = np.asarray(item[(0,) * (item.ndim - 2)] if item.ndim > 2 else item[()])
    except OSError as error:
        raise read_error(item, error) from error
    excluded: np.ndarray = values != 0
    return excluded


def find_detector(locator: Locator, entry: Found, shape: tuple[int, ...]) -> Detector | None:
    """The NXmx detector of ``entry`` for frames of ``shape``: the first whose mask fits."""
    found = detectors(locator, entry)
    if not found:
        return None
    masks = [_mask(locator, d, shape) for d in found]
    index = next((i for i, m in enumerate(masks) if m is not None), 0)
    info = detector_geometry(locator, found[index], entry)
    return Detector(found[index].path, masks[index], info["saturation_value"], _geometry(info))
