"""Radial profile: the azimuthal average of a frame versus 2θ or q, excluded pixels left out."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nxviz.frames.geometry import Geometry


@dataclass(frozen=True)
class Profile:
    axis: str  # "q" (Å⁻¹) or "two_theta" (degrees)
    centres: NDArray[np.float64]
    mean: NDArray[np.float64]  # NaN where a bin has no valid pixel
    counts: NDArray[np.int64]  # valid pixels per bin


def excluded_pixels(
    frame: NDArray[np.number],
    mask: NDArray[np.integer] | NDArray[np.bool_] | None = None,
    saturation: float | None = None,
) -> NDArray[np.bool_]:
    """True where a pixel is masked, a gap (2^N-1 of unsigned data), not finite, or saturated."""
    bad = np.zeros(frame.shape, dtype=bool)
    if mask is not None:
        bad |= mask != 0
    if frame.dtype.kind == "u":
        bad |= frame == np.iinfo(np.dtype(frame.dtype.str)).max
    elif frame.dtype.kind == "f":
        bad |= ~np.isfinite(frame)
    if saturation is not None:
        bad |= frame > saturation
    return bad


def radial_profile(
    frame: NDArray[np.number],
    geometry: Geometry,
    *,
    bins: int = 500,
    axis: str = "q",
    excluded: NDArray[np.bool_] | None = None,
) -> Profile:
    """Mean of the valid pixels in ``bins`` equal bins of q or 2θ up to the frame's corner."""
    if axis not in ("q", "two_theta"):
        raise ValueError("axis is 'q' or 'two_theta'")
    two_theta = geometry.two_theta_map((frame.shape[0], frame.shape[1]))
    if axis == "q":
        coordinate = 4.0 * math.pi * np.sin(two_theta / 2.0) / geometry.wavelength
    else:
        coordinate = np.degrees(two_theta)
    keep = ~excluded if excluded is not None else np.ones(frame.shape, dtype=bool)
    values = frame.astype(np.float64)[keep]
    where = coordinate[keep]
    top = float(coordinate.max()) if coordinate.size else 1.0
    edges = np.linspace(0.0, top, bins + 1)
    index = np.clip(np.searchsorted(edges, where, side="right") - 1, 0, bins - 1)
    counts = np.bincount(index, minlength=bins).astype(np.int64)
    sums = np.bincount(index, weights=values, minlength=bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return Profile(axis, (edges[:-1] + edges[1:]) / 2.0, mean, counts)
