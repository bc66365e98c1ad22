"""``tomo_reconstruction.nxs``: the reconstructed volume of the NXtomo demo scan, as NXdata.

``/entry/reconstruction/data`` is 512³ uint16 (gzip level 1 with shuffle, chunks of one axial
slice, 1 × 512 × 512, so a side view crosses all 512 chunks): the 3-D Shepp–Logan phantom in
grey levels, with the noise and the rings (about the rotation axis, from the scan's detector
columns that stray from their flat field) of a filtered back-projection. ``z``, ``y`` and
``x`` give the voxel centres in mm.
"""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
from numpy.typing import NDArray

from nxviz.demo import tomo
from nxviz.demo._chunks import create_frames, write_frames
from nxviz.demo._nexus import entry, field, nxdata, root_attributes
from nxviz.demo.phantom import Phantom

NAME = "tomo_reconstruction.nxs"
SIZE = tomo.SIZE
GZIP_LEVEL = 1
BACKGROUND, SCALE = 10000.0, 25000.0  # grey level of air, and per unit of phantom value
NOISE = 300.0  # grey levels (standard deviation)
RING = 1500.0  # grey levels per percent of gain error
SEED = 2718


def _rings() -> NDArray[np.float32]:
    """Rings about the rotation axis at the radii of the stray detector columns."""
    centre = (SIZE - 1) / 2.0
    y, x = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    radius = np.hypot(x - np.float32(centre), y - np.float32(centre))
    out = np.zeros((SIZE, SIZE), dtype=np.float32)
    for column, error in tomo.RING_COLUMNS.items():
        ring = np.exp(-(((radius - abs(column - centre)) / 0.8) ** 2))
        out -= np.float32(RING * error * 100) * ring
    return out


class _Slices:
    """Axial slice ``z`` of the reconstruction, made on demand (from any thread)."""

    def __init__(self) -> None:
        rng = np.random.default_rng(SEED)
        self.phantom = Phantom(SIZE)
        self.rings = _rings()
        self.noise = (rng.standard_normal(SIZE * SIZE * 2) * NOISE).astype(np.float32)
        self.offsets = rng.integers(0, SIZE * SIZE, SIZE)

    def __call__(self, z: int) -> NDArray[np.uint16]:
        values = self.phantom.axial(z)
        values *= np.float32(SCALE)
        values += np.float32(BACKGROUND)
        values += self.rings
        start = int(self.offsets[z])
        values += self.noise[start : start + SIZE * SIZE].reshape(SIZE, SIZE)
        return np.clip(values, 0, 60000).astype(np.uint16)


def millimetres() -> NDArray[np.float64]:
    """Voxel centres along any axis, in mm, 0 on the rotation axis."""
    centres = np.arange(SIZE, dtype=np.float64) - (SIZE - 1) / 2.0
    return centres * (tomo.PIXEL_SIZE * 1e3)


def write(directory: Path) -> list[Path]:
    path = directory / NAME
    with h5py.File(path, "w") as file:
        root_attributes(file, NAME)
        top = entry(file, None, "Reconstruction of the Shepp–Logan phantom scan", "reconstruction")
        plot = nxdata(top, "reconstruction", "data", ["z", "y", "x"])
        data = create_frames(plot, "data", SIZE, (SIZE, SIZE), GZIP_LEVEL)
        write_frames(data, _Slices(), GZIP_LEVEL)
        data.attrs["long_name"] = "attenuation (grey level)"
        for name in ("z", "y", "x"):
            field(plot, name, millimetres(), units="mm")
    return [path]
