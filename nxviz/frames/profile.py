"""The radial profile of one frame as the ``profile`` endpoint serves it.

The frame is read as the ``image`` endpoint reads it (one frame, or several combined; a group
of ``data_NNNNNN`` blocks counts frames across its files), at full resolution: masked pixels
(``pixel_mask`` bits or a given mask), gap pixels (2^N-1 of unsigned data) and saturated pixels
(above the detector's ``saturation_value``) are left out before any pixel is binned. The
geometry comes from the file's NXdetector unless the request gives it (a hand-edited geometry).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import h5py
import numpy as np

from nxviz.errors import UsageError
from nxviz.frames.geometry import Geometry
from nxviz.frames.radial import Profile, radial_profile
from nxviz.hdf5.image import ImageRequest, render
from nxviz.hdf5.locate import Found, Locator
from nxviz.hdf5.nexus import child, detector_for, detector_geometry

MAX_BINS = 8192
GEOMETRY_FIELDS = ("beam_x", "beam_y", "distance", "wavelength", "pixel_x", "pixel_y")


@dataclass(frozen=True)
class ProfileRequest:
    """What to read (as for ``image``), the axis and bin count, and geometry overrides."""

    selection: str | None = None
    frames: str | None = None
    combine: str = "sum"
    mask: str | None = None
    axis: str = "q"
    bins: int | None = None  # None: one bin per detector pixel of radius
    geometry: tuple[tuple[str, float], ...] = ()  # (field, value) pairs given by the client
    max_bytes: int = 1 << 30


def _file_geometry(locator: Locator, detector: Found | None) -> dict[str, float | None]:
    """Beam centre (pixels), distance (m), wavelength (Å), pixel size (m) from the file."""
    if detector is None:
        return {}
    parts = [p for p in detector.path.split("/") if p]
    entry = (
        child(locator, Found(detector.file["/"], detector.file, "/"), parts[0]) if parts else None
    )
    info = detector_geometry(locator, detector, entry)
    centre = info["beam_center"]
    wavelength = info["wavelength"]
    return {
        "beam_x": centre.get("x_px"),
        "beam_y": centre.get("y_px"),
        "distance": info["distance"],
        "wavelength": wavelength * 1e10 if wavelength is not None else None,
        "pixel_x": info["pixel_size"]["x"],
        "pixel_y": info["pixel_size"]["y"] or info["pixel_size"]["x"],
    }


def _geometry(values: dict[str, float | None]) -> Geometry:
    missing = [name for name in GEOMETRY_FIELDS if values.get(name) is None]
    if missing:
        raise UsageError(
            "a radial profile needs the detector geometry; missing: " + ", ".join(missing)
        )
    numbers = {name: float(values[name]) for name in GEOMETRY_FIELDS}  # type: ignore[arg-type]
    if (
        not all(math.isfinite(v) for v in numbers.values())
        or min(numbers["distance"], numbers["wavelength"], numbers["pixel_x"], numbers["pixel_y"])
        <= 0
    ):
        raise UsageError("distance, wavelength and pixel sizes must be positive numbers")
    return Geometry(**numbers)


def peaks(
    mean: np.ndarray, counts: np.ndarray, *, prominence: float = 1.5, window: int = 12
) -> list[int]:
    """Bins that are local maxima standing ``prominence`` × above the median of the bins
    around them (``window`` on each side), with at least 16 valid pixels: rings, not noise."""
    filled = np.where(np.isfinite(mean), mean, np.nan)
    found = []
    for k in range(1, filled.size - 1):
        v = filled[k]
        if not np.isfinite(v) or counts[k] < 16:
            continue
        if not (
            v >= np.nan_to_num(filled[k - 1], nan=-np.inf)
            and v > np.nan_to_num(filled[k + 1], nan=-np.inf)
        ):
            continue
        around = filled[max(0, k - window) : k + window + 1]
        around = around[np.isfinite(around)]
        if v > prominence * float(np.median(around)) and v > 0:
            found.append(k)
    return found


def frame_profile(
    locator: Locator, h5file: h5py.File, path: str | None, request: ProfileRequest
) -> dict[str, Any]:
    """The ``profile`` answer: bin centres, mean of the valid pixels, counts, peaks, geometry."""
    if request.axis not in ("q", "two_theta"):
        raise UsageError("'axis' must be q or two_theta")
    found = locator.find(h5file, path)
    detector = detector_for(locator, h5file, path, found)
    values = _file_geometry(locator, detector)
    values.update(dict(request.geometry))
    geometry = _geometry(values)
    image = render(
        locator,
        found,
        ImageRequest(
            selection=request.selection,
            frames=request.frames,
            combine=request.combine,
            width=1 << 30,
            height=1 << 30,
            how="max",
            mask=request.mask,
            percentiles=(),
            max_bytes=request.max_bytes,
        ),
        detector=detector,
    )
    frame = image.reduced.image  # full resolution: NaN masked or gap, +inf saturated
    excluded = ~np.isfinite(frame)
    bins = request.bins or _pixel_bins(geometry, image.frame_shape)
    profile: Profile = radial_profile(
        frame, geometry, bins=bins, axis=request.axis, excluded=excluded
    )
    return {
        "axis": request.axis,
        "unit": "1/angstrom" if request.axis == "q" else "deg",
        "centres": profile.centres,
        "mean": [float(v) if math.isfinite(v) else None for v in profile.mean],
        "counts": profile.counts,
        "peaks": peaks(profile.mean, profile.counts),
        "bin_width": float(profile.centres[1] - profile.centres[0]) if bins > 1 else None,
        "excluded": int(excluded.sum()),
        "valid": int(excluded.size - excluded.sum()),
        "frame_shape": list(image.frame_shape),
        "index": list(image.index),
        "geometry": {name: getattr(geometry, name) for name in GEOMETRY_FIELDS},
    }


def _pixel_bins(geometry: Geometry, shape: tuple[int, int]) -> int:
    """One bin per detector pixel of radius out to the frame's farthest corner."""
    rows, cols = shape
    far = max(
        math.hypot(x - geometry.beam_x, y - geometry.beam_y)
        for x in (0.0, cols - 1.0)
        for y in (0.0, rows - 1.0)
    )
    return max(16, min(MAX_BINS, math.ceil(far)))
