"""A 3-D Shepp–Logan head phantom: its axial slices, and its exact parallel-beam projections.

Ten ellipsoids in normalised coordinates (the cube [-1, 1]³), each turned by ``phi`` degrees
about the vertical z axis, which is also the scan's rotation axis; a voxel's value is the sum of
the values of the ellipsoids holding it (the "modified" contrast: skull 1, brain 0.2).

A slice at height z: an ellipsoid holds (x, y) when q(x, y) ≤ 1 − ((z − z0)/c)², with q its
quadratic form in the axial plane, computed once. A projection at angle θ (rays along
(cos θ, sin θ), detector coordinate u = −x sin θ + y cos θ, v = z): the chord through an
ellipsoid is (2ab/ρ²)·√(s²ρ² − (u − u0)²), with s² = 1 − ((v − z0)/c)², ρ² = a² sin²(φ − θ)
+ b² cos²(φ − θ) and u0 the centre's u.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Ellipsoid:
    value: float
    a: float
    b: float
    c: float
    x0: float
    y0: float
    z0: float
    phi: float  # degrees about z


SHEPP_LOGAN = (
    Ellipsoid(1.0, 0.6900, 0.920, 0.810, 0.0, 0.0, 0.0, 0.0),
    Ellipsoid(-0.8, 0.6624, 0.874, 0.780, 0.0, -0.0184, 0.0, 0.0),
    Ellipsoid(-0.2, 0.1100, 0.310, 0.220, 0.22, 0.0, 0.0, -18.0),
    Ellipsoid(-0.2, 0.1600, 0.410, 0.280, -0.22, 0.0, 0.0, 18.0),
    Ellipsoid(0.1, 0.2100, 0.250, 0.410, 0.0, 0.35, -0.15, 0.0),
    Ellipsoid(0.1, 0.0460, 0.046, 0.050, 0.0, 0.1, 0.25, 0.0),
    Ellipsoid(0.1, 0.0460, 0.046, 0.050, 0.0, -0.1, 0.25, 0.0),
    Ellipsoid(0.1, 0.0460, 0.023, 0.050, -0.08, -0.605, 0.0, 0.0),
    Ellipsoid(0.1, 0.0230, 0.023, 0.020, 0.0, -0.606, 0.0, 0.0),
    Ellipsoid(0.1, 0.0230, 0.046, 0.020, 0.06, -0.605, 0.0, 0.0),
)


def coordinates(size: int) -> NDArray[np.float32]:
    """Voxel centres of ``size`` voxels across [-1, 1]."""
    return ((np.arange(size, dtype=np.float32) + 0.5) / size * 2.0 - 1.0).astype(np.float32)


@dataclass(frozen=True)
class _Footprint:
    """An ellipsoid's quadratic form over its bounding box in the axial plane."""

    body: Ellipsoid
    rows: slice  # y
    cols: slice  # x
    q: NDArray[np.float32]


class Phantom:
    """Axial slices of the phantom on a ``size``³ grid (rows y, columns x)."""

    def __init__(self, size: int, bodies: tuple[Ellipsoid, ...] = SHEPP_LOGAN) -> None:
        self.size = size
        self.coords = coordinates(size)
        self.footprints = [self._footprint(body) for body in bodies]

    def _footprint(self, body: Ellipsoid) -> _Footprint:
        reach = max(body.a, body.b)
        inside = np.flatnonzero(np.abs(self.coords - body.x0) <= reach)
        across = np.flatnonzero(np.abs(self.coords - body.y0) <= reach)
        cols = slice(int(inside[0]), int(inside[-1]) + 1) if inside.size else slice(0, 0)
        rows = slice(int(across[0]), int(across[-1]) + 1) if across.size else slice(0, 0)
        x = self.coords[cols][None, :] - np.float32(body.x0)
        y = self.coords[rows][:, None] - np.float32(body.y0)
        cos, sin = (
            np.float32(np.cos(np.radians(body.phi))),
            np.float32(np.sin(np.radians(body.phi))),
        )
        along = (x * cos + y * sin) / np.float32(body.a)
        normal = (-x * sin + y * cos) / np.float32(body.b)
        return _Footprint(body, rows, cols, (along**2 + normal**2).astype(np.float32))

    def axial(self, z_index: int) -> NDArray[np.float32]:
        """The slice at height ``z_index`` (values of the ellipsoids summed)."""
        z = float(self.coords[z_index])
        out = np.zeros((self.size, self.size), dtype=np.float32)
        for fp in self.footprints:
            level = 1.0 - ((z - fp.body.z0) / fp.body.c) ** 2
            if level <= 0.0 or fp.q.size == 0:
                continue
            block = out[fp.rows, fp.cols]
            block += np.float32(fp.body.value) * (fp.q <= np.float32(level))
        return out


def projection(
    size: int, angle_deg: float, bodies: tuple[Ellipsoid, ...] = SHEPP_LOGAN
) -> NDArray[np.float32]:
    """Line integrals (in normalised lengths) through the phantom: rows v (z), columns u."""
    grid = coordinates(size)
    theta = np.radians(angle_deg)
    out = np.zeros((size, size), dtype=np.float32)
    for body in bodies:
        phi = np.radians(body.phi)
        rho2 = body.a**2 * np.sin(phi - theta) ** 2 + body.b**2 * np.cos(phi - theta) ** 2
        u0 = -body.x0 * np.sin(theta) + body.y0 * np.cos(theta)
        s2 = 1.0 - ((grid - body.z0) / body.c) ** 2
        rows = np.flatnonzero(s2 > 0)
        cols = np.flatnonzero(np.abs(grid - u0) < np.sqrt(rho2))
        if rows.size == 0 or cols.size == 0:
            continue
        r, c = slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1)
        inside = s2[r, None] * np.float32(rho2) - (grid[c][None, :] - np.float32(u0)) ** 2
        chord = np.sqrt(np.maximum(inside, 0.0)) * np.float32(2.0 * body.a * body.b / rho2)
        out[r, c] += np.float32(body.value) * chord
    return out
