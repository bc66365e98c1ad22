"""An NXmx detector as a frame picture needs it: excluded pixels, saturation, and geometry.

The detector is the NXdetector of the entry's NXinstrument whose ``pixel_mask`` fits the frame
(or the first one). Excluded pixels are the non-zero ``pixel_mask`` bits plus the gap value
2^N-1 of unsigned data (:func:`nxviz.hdf5.reduce.default_gap`). Geometry, when every piece is
present: beam centre (pixels, or a length converted with the pixel size), distance, pixel sizes
and the incident wavelength of an NXbeam, converted with pint.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import h5py
import numpy as np

from nxviz.errors import EntityNotFoundError
from nxviz.hdf5.locate import Locator
from nxviz.notebook.attrs import groups_of_class, text_attr

_PIXEL_UNITS = ("", "pixel", "pixels", "px")


@dataclass(frozen=True)
class Geometry:
    """Beam centre in pixels (x fast, y slow), lengths in metres, wavelength in Å."""

    beam_x: float
    beam_y: float
    distance: float
    pixel_x: float
    pixel_y: float
    wavelength: float

    def resolution(self, radius: float) -> float:
        """The d-spacing in Å seen at ``radius`` metres from the beam centre."""
        two_theta = math.atan2(radius, self.distance)
        return self.wavelength / (2.0 * math.sin(two_theta / 2.0))

    def radius(self, d_spacing: float) -> float:
        """How far in metres from the beam centre the ring of ``d_spacing`` Å lies."""
        two_theta = 2.0 * math.asin(min(1.0, self.wavelength / (2.0 * d_spacing)))
        return self.distance * math.tan(two_theta)

    def ring_spacings(self, shape: tuple[int, int], count: int = 4) -> list[float]:
        """``count`` rounded d-spacings whose rings are evenly spread over the frame."""
        rows, cols = shape
        corners = [(x, y) for x in (0.0, float(cols)) for y in (0.0, float(rows))]
        far = max(
            math.hypot((x - self.beam_x) * self.pixel_x, (y - self.beam_y) * self.pixel_y)
            for x, y in corners
        )
        spacings: list[float] = []
        for k in range(1, count + 1):
            d = self.resolution(far * k / (count + 1))
            rounded = float(f"{d:.2g}") if d < 10 else round(d)
            if rounded > 0 and rounded not in spacings:
                spacings.append(rounded)
        return spacings


@dataclass(frozen=True)
class Detector:
    """What to leave out of a frame, and where it sits."""

    path: str
    mask: np.ndarray | None = None  # True where excluded
    saturation: float | None = None
    geometry: Geometry | None = None


def _number(group: h5py.Group, name: str) -> tuple[float, str] | None:
    """A scalar numeric field and its units, or None."""
    item = group.get(name) if name in group else None
    if not isinstance(item, h5py.Dataset) or item.dtype.kind not in "uif" or item.size != 1:
        return None
    value = float(np.asarray(item[()]).reshape(-1)[0])
    return (value, (text_attr(item, "units") or "").strip()) if math.isfinite(value) else None


def _convert(found: tuple[float, str] | None, target: str) -> float | None:
    if found is None:
        return None
    value, units = found
    if not units:
        return value  # NXmx names the units; assume the usual ones when a writer forgot
    from nxviz.validation.rules.units import registry

    try:
        return float(registry().Quantity(value, units).to(target).magnitude)
    except Exception:  # noqa: BLE001 - pint raises many unrelated types for bad units
        return None


def _wavelength(entry: h5py.Group) -> float | None:
    for parent_class in ("NXinstrument", "NXsample"):
        for _, parent in groups_of_class(entry, parent_class):
            for _, beam in groups_of_class(parent, "NXbeam"):
                found = _convert(_number(beam, "incident_wavelength"), "angstrom")
                if found:
                    return found
            for _, mono in groups_of_class(parent, "NXmonochromator"):
                found = _convert(_number(mono, "wavelength"), "angstrom")
                if found:
                    return found
    return None


def _centre(detector: h5py.Group, axis: str, pixel: float) -> float | None:
    found = _number(detector, f"beam_center_{axis}")
    if found is None:
        return None
    value, units = found
    if units.lower() in _PIXEL_UNITS:
        return value
    metres = _convert(found, "m")
    return None if metres is None else metres / pixel


def _geometry(entry: h5py.Group, detector: h5py.Group) -> Geometry | None:
    pixel_x = _convert(_number(detector, "x_pixel_size"), "m")
    pixel_y = _convert(_number(detector, "y_pixel_size"), "m")
    distance = _convert(_number(detector, "distance"), "m")
    wavelength = _wavelength(entry)
    if not (pixel_x and pixel_y and distance and wavelength):
        return None
    beam_x, beam_y = _centre(detector, "x", pixel_x), _centre(detector, "y", pixel_y)
    if beam_x is None or beam_y is None:
        return None
    return Geometry(beam_x, beam_y, distance, pixel_x, pixel_y, wavelength)


def _mask(detector: h5py.Group, shape: tuple[int, ...]) -> np.ndarray | None:
    item = detector.get("pixel_mask") if "pixel_mask" in detector else None
    if not isinstance(item, h5py.Dataset) or tuple(item.shape[-2:]) != shape:
        return None
    if item.dtype.kind not in "uib":
        return None
    mask = np.asarray(item[()] if item.ndim == 2 else item[(0,) * (item.ndim - 2)])
    excluded: np.ndarray = mask != 0
    return excluded


def find_detector(
    locator: Locator, h5file: h5py.File, path: str, shape: tuple[int, ...]
) -> Detector | None:
    """The NXmx detector of the entry holding ``path``, for frames of ``shape``."""
    parts = [part for part in path.split("/") if part]
    try:
        entry: Any = locator.find(h5file, "/" + parts[0]).entity if parts else None
    except EntityNotFoundError:
        return None
    if not isinstance(entry, h5py.Group):
        return None
    candidates = [
        (f"/{parts[0]}/{i_name}/{d_name}", det)
        for i_name, instrument in groups_of_class(entry, "NXinstrument")
        for d_name, det in groups_of_class(instrument, "NXdetector")
    ]
    if not candidates:
        return None
    fitting = [(p, d) for p, d in candidates if _mask(d, tuple(shape)) is not None]
    where, detector = (fitting or candidates)[0]
    saturation = _number(detector, "saturation_value")
    return Detector(
        where,
        _mask(detector, tuple(shape)),
        None if saturation is None else saturation[0],
        _geometry(entry, detector),
    )
