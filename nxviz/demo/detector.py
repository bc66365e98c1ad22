"""The simulated EIGER 1M: its pixel layout, gaps, bad pixels and the experiment geometry.

Layout (rows are the slow axis, columns the fast one)::

    module 0  rows    0..513   ┐ each module: 2 × 4 chips of 256 × 256 pixels,
    gap       rows  514..550   │ 2-pixel gaps between chips (vertical and horizontal)
    module 1  rows  551..1064  ┘ 37-row gap between the two modules

so a frame is 1065 × 1030 pixels, and every gap pixel reads ``2**32 - 1``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FRAME_SHAPE = (1065, 1030)
MODULE_SHAPE = (514, 1030)
MODULE_GAP = 37
CHIP = 256
CHIP_GAP = 2

#: NXmx pixel_mask bits.
GAP, DEAD, HOT = 1 << 0, 1 << 1, 1 << 3
GAP_VALUE = 2**32 - 1

PIXEL_SIZE = 75e-6  # m
SENSOR_THICKNESS = 450e-6  # m
WAVELENGTH = 0.7  # Å, 17.71 keV
DISTANCE = 0.1  # m
BEAM_CENTER_X = 520.6  # pixels, fast axis
BEAM_CENTER_Y = 498.3  # pixels, slow axis
SATURATION_VALUE = 1_048_575
HOT_VALUE = 2_000_000

#: The calibrant: LaB6, primitive cubic, every (h k l) allowed.
LAB6_A = 4.15689  # Å
#: Sums h² + k² + l² of the calibrant's reflections on the detector.
LAB6_RINGS = (1, 2, 3, 4, 5, 6, 8, 9)


@dataclass(frozen=True)
class BadPixel:
    row: int
    column: int
    bit: int


#: A few dead and hot pixels at fixed places, away from the gaps.
BAD_PIXELS = (
    BadPixel(101, 77, DEAD),
    BadPixel(333, 640, DEAD),
    BadPixel(702, 905, DEAD),
    BadPixel(888, 123, DEAD),
    BadPixel(45, 990, HOT),
    BadPixel(420, 300, HOT),
    BadPixel(617, 455, HOT),
    BadPixel(1000, 700, HOT),
)


def _module_gap_rows() -> NDArray[np.bool_]:
    rows = np.zeros(FRAME_SHAPE[0], dtype=bool)
    rows[MODULE_SHAPE[0] : MODULE_SHAPE[0] + MODULE_GAP] = True
    for top in (0, MODULE_SHAPE[0] + MODULE_GAP):
        rows[top + CHIP : top + CHIP + CHIP_GAP] = True
    return rows


def _chip_gap_columns() -> NDArray[np.bool_]:
    columns = np.zeros(FRAME_SHAPE[1], dtype=bool)
    for chip in range(1, 4):
        start = chip * CHIP + (chip - 1) * CHIP_GAP
        columns[start : start + CHIP_GAP] = True
    return columns


def gap_mask() -> NDArray[np.bool_]:
    """True on every pixel that belongs to no chip."""
    return _module_gap_rows()[:, None] | _chip_gap_columns()[None, :]


def pixel_mask() -> NDArray[np.uint32]:
    """The NXmx ``pixel_mask``: bit 0 on gaps, bit 1 on dead pixels, bit 3 on hot ones."""
    mask = gap_mask().astype(np.uint32) * np.uint32(GAP)
    for bad in BAD_PIXELS:
        mask[bad.row, bad.column] |= np.uint32(bad.bit)
    return mask


def ring_radius(d_spacing: float) -> float:
    """Radius in pixels of the Debye–Scherrer ring of a lattice spacing in Å."""
    two_theta = 2.0 * math.asin(WAVELENGTH / (2.0 * d_spacing))
    return DISTANCE * math.tan(two_theta) / PIXEL_SIZE


def ring_radii() -> list[float]:
    """Radii in pixels of the calibrant's rings on this detector."""
    return [ring_radius(LAB6_A / math.sqrt(n)) for n in LAB6_RINGS]


def radius_map() -> NDArray[np.float32]:
    """Distance in pixels of every pixel centre from the beam centre."""
    rows = np.arange(FRAME_SHAPE[0], dtype=np.float32) - np.float32(BEAM_CENTER_Y)
    columns = np.arange(FRAME_SHAPE[1], dtype=np.float32) - np.float32(BEAM_CENTER_X)
    radius: NDArray[np.float32] = np.hypot(rows[:, None], columns[None, :])
    return radius
