"""Where a detector pixel looks: its scattering angle 2θ, momentum transfer q and d-spacing.

A flat detector normal to the beam. Pixel indices are pixel centres (column ``x`` along the fast
axis, row ``y`` along the slow axis), as the beam centre in pixels is given by NXmx; lengths in
metres, wavelength and d in ångström, q in Å⁻¹ (q = 4π sin θ / λ = 2π / d).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

# d-spacings (Å) at which resolution rings are offered, largest first.
ROUND_D_SPACINGS = (
    50.0, 20.0, 10.0, 8.0, 6.0, 5.0, 4.0, 3.5, 3.0, 2.5, 2.0, 1.8, 1.6, 1.5, 1.4, 1.3, 1.2,
    1.1, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5,
)  # fmt: skip


@dataclass(frozen=True)
class Geometry:
    beam_x: float  # beam centre, pixels along the fast axis (columns)
    beam_y: float  # beam centre, pixels along the slow axis (rows)
    distance: float  # sample to detector, m
    wavelength: float  # Å
    pixel_x: float  # m
    pixel_y: float  # m

    def radius(self, x: float, y: float) -> float:
        """Distance in metres on the detector from the beam centre to pixel (x, y)."""
        return math.hypot((x - self.beam_x) * self.pixel_x, (y - self.beam_y) * self.pixel_y)

    def two_theta(self, x: float, y: float) -> float:
        """Scattering angle 2θ in radians."""
        return math.atan2(self.radius(x, y), self.distance)

    def q(self, x: float, y: float) -> float:
        """Momentum transfer in Å⁻¹."""
        return 4.0 * math.pi * math.sin(self.two_theta(x, y) / 2.0) / self.wavelength

    def d(self, x: float, y: float) -> float:
        """d-spacing in Å (infinite at the beam centre)."""
        s = math.sin(self.two_theta(x, y) / 2.0)
        return math.inf if s == 0.0 else self.wavelength / (2.0 * s)

    def ring_radius(self, d: float) -> float | None:
        """Radius in metres of the ring of d-spacing ``d``; None if it cannot be reached."""
        s = self.wavelength / (2.0 * d)
        if not 0.0 < s < 1.0:
            return None
        two_theta = 2.0 * math.asin(s)
        if two_theta >= math.pi / 2.0:
            return None
        return self.distance * math.tan(two_theta)

    def two_theta_map(self, shape: tuple[int, int]) -> NDArray[np.float64]:
        """2θ in radians of every pixel of a frame of ``shape`` (rows, columns)."""
        rows = (np.arange(shape[0], dtype=np.float64) - self.beam_y) * self.pixel_y
        cols = (np.arange(shape[1], dtype=np.float64) - self.beam_x) * self.pixel_x
        radius = np.hypot(rows[:, None], cols[None, :])
        result: NDArray[np.float64] = np.arctan2(radius, self.distance)
        return result


def rings(
    geometry: Geometry, max_radius: float, spacings: tuple[float, ...] = ROUND_D_SPACINGS
) -> list[tuple[float, float]]:
    """(d in Å, radius in m) of the round d-spacings whose ring lies within ``max_radius``."""
    found = []
    for d in spacings:
        radius = geometry.ring_radius(d)
        if radius is not None and 0.0 < radius <= max_radius:
            found.append((d, radius))
    return found


def energy_to_wavelength(energy_ev: float) -> float:
    """Photon energy in eV to wavelength in Å (hc = 12398.419843 eV·Å)."""
    return 12398.41984332 / energy_ev
