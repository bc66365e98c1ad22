"""Synthetic EIGER frames: Poisson background, Debye–Scherrer rings, moving Bragg spots.

The expected-count image (background plus rings) is computed once; each frame is one Poisson
draw of it with a small flux fluctuation, plus the spots that are in reflection at that
frame's rotation angle, then the hot pixels, the dead pixels and the gaps.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nxviz.demo import detector

SEED = 20260314
RING_WIDTH = 1.6  # pixels, Gaussian sigma
SPOT_WIDTH = 1.3  # pixels, Gaussian sigma
SPOT_HALF = 5  # spots are drawn in (2 * SPOT_HALF + 1)² windows
OMEGA_START = 0.0  # degrees
OMEGA_STEP = 0.1  # degrees per frame


def expected_counts() -> NDArray[np.float32]:
    """Mean counts per pixel: air scatter falling with radius plus the calibrant rings."""
    radius = detector.radius_map()
    image: NDArray[np.float32] = np.float32(2.0) + np.float32(6.0) * np.exp(
        -radius / np.float32(350.0)
    )
    rows, columns = np.indices(detector.FRAME_SHAPE, dtype=np.float32)
    azimuth = np.arctan2(rows - detector.BEAM_CENTER_Y, columns - detector.BEAM_CENTER_X)
    texture = np.float32(1.0) + np.float32(0.15) * np.cos(np.float32(2.0) * azimuth)
    for order, ring in enumerate(detector.ring_radii()):
        height = np.float32(60.0 / (1.0 + 0.35 * order))
        window = np.abs(radius - np.float32(ring)) < 8 * RING_WIDTH
        offset = radius[window] - np.float32(ring)
        image[window] += height * texture[window] * np.exp(-0.5 * (offset / RING_WIDTH) ** 2)
    return image


@dataclass(frozen=True)
class Spot:
    """A reflection of the crystal: where it lies at omega = 0, when and how strong."""

    radius: float
    azimuth: float  # radians at omega = 0
    peak_frame: float
    width: float  # frames
    counts: float


def make_spots(rng: np.random.Generator, frames: int, count: int = 40) -> list[Spot]:
    return [
        Spot(
            radius=float(rng.uniform(60.0, 480.0)),
            azimuth=float(rng.uniform(0.0, 2.0 * math.pi)),
            peak_frame=float(rng.uniform(0.0, frames - 1)),
            width=float(rng.uniform(1.5, 5.0)),
            counts=float(rng.uniform(2e3, 4e4)),
        )
        for _ in range(count)
    ]


def _add_spot(frame: NDArray[np.uint32], spot: Spot, index: int, rng: np.random.Generator) -> None:
    weight = math.exp(-0.5 * ((index - spot.peak_frame) / spot.width) ** 2)
    if weight < 1e-3:
        return
    # The spot turns about the beam with the crystal, faster than the real rotation so
    # that the motion is visible from one frame to the next.
    angle = spot.azimuth + math.radians(20.0 * OMEGA_STEP * index)
    y = detector.BEAM_CENTER_Y + spot.radius * math.sin(angle)
    x = detector.BEAM_CENTER_X + spot.radius * math.cos(angle)
    top, left = round(y) - SPOT_HALF, round(x) - SPOT_HALF
    height, width = detector.FRAME_SHAPE
    if top < 0 or left < 0 or top + 2 * SPOT_HALF >= height or left + 2 * SPOT_HALF >= width:
        return
    rows, columns = np.mgrid[0 : 2 * SPOT_HALF + 1, 0 : 2 * SPOT_HALF + 1]
    profile = np.exp(-0.5 * ((rows + top - y) ** 2 + (columns + left - x) ** 2) / SPOT_WIDTH**2)
    mean = profile * (spot.counts * weight / (2.0 * math.pi * SPOT_WIDTH**2))
    window = frame[top : top + 2 * SPOT_HALF + 1, left : left + 2 * SPOT_HALF + 1]
    window += rng.poisson(mean).astype(np.uint32)


def iter_frames(frames: int, seed: int = SEED) -> Iterator[NDArray[np.uint32]]:
    """Yield ``frames`` uint32 frames; the same seed gives the same frames."""
    rng = np.random.default_rng(seed)
    expected = expected_counts()
    spots = make_spots(rng, frames)
    gaps = detector.gap_mask()
    for index in range(frames):
        flux = np.float32(1.0 + 0.02 * rng.standard_normal())
        frame = rng.poisson(expected * flux).astype(np.uint32)
        for spot in spots:
            _add_spot(frame, spot, index, rng)
        for bad in detector.BAD_PIXELS:
            hot = bad.bit == detector.HOT
            frame[bad.row, bad.column] = detector.HOT_VALUE if hot else 0
        frame[gaps] = detector.GAP_VALUE
        yield frame


def omega(frames: int) -> NDArray[np.float64]:
    """The goniometer angle in degrees at the start of each frame."""
    return OMEGA_START + OMEGA_STEP * np.arange(frames, dtype=np.float64)
