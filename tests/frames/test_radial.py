"""Radial profile: rings become peaks, excluded pixels never count."""

from __future__ import annotations

import math

import numpy as np

from nxviz.frames.geometry import Geometry
from nxviz.frames.radial import excluded_pixels, radial_profile

GEOMETRY = Geometry(
    beam_x=60.0, beam_y=50.0, distance=0.1, wavelength=1.0, pixel_x=1e-4, pixel_y=1e-4
)


def _ring_frame(d: float) -> np.ndarray:
    """Background 1 with a ring of 100 counts, 1 px wide, at the radius of d-spacing ``d``."""
    radius = GEOMETRY.ring_radius(d)
    assert radius is not None
    rows, cols = np.indices((100, 120))
    r = np.hypot(rows - 50.0, cols - 60.0) * 1e-4
    frame = np.ones((100, 120), dtype=np.uint32)
    frame[np.abs(r - radius) < 0.5e-4] = 100
    return frame


def test_ring_is_the_profile_peak_at_its_q() -> None:
    frame = _ring_frame(20.0)
    profile = radial_profile(frame, GEOMETRY, bins=200, axis="q")
    peak = profile.centres[int(np.nanargmax(profile.mean))]
    assert abs(peak - 2 * math.pi / 20.0) < 0.005  # q = 2π/d = 0.31416 Å⁻¹


def test_ring_peak_in_two_theta_degrees() -> None:
    profile = radial_profile(_ring_frame(20.0), GEOMETRY, bins=200, axis="two_theta")
    peak = profile.centres[int(np.nanargmax(profile.mean))]
    # 2θ = 2 asin(1/40) = 2.8651°
    assert abs(peak - 2.8651) < 0.03


def test_excluded_pixels_do_not_count() -> None:
    frame = np.ones((100, 120), dtype=np.uint32)
    frame[:, 70:] = 2**32 - 1  # gap
    mask = np.zeros(frame.shape, dtype=np.uint32)
    mask[10:20, :] = 2  # dead rows with huge values
    frame[10:20, :] = 5000
    frame[0, 0] = 2_000_000  # saturated
    excluded = excluded_pixels(frame, mask, saturation=1_048_575)
    assert excluded[:, 70:].all() and excluded[10:20].all() and excluded[0, 0]
    profile = radial_profile(frame, GEOMETRY, bins=50, excluded=excluded)
    valid = profile.mean[profile.counts > 0]
    assert np.all(valid == 1.0)
    assert profile.counts.sum() == int((~excluded).sum())
