"""``xrf_map.nxs``: an X-ray fluorescence map of a painted cross-section.

``/entry/maps`` (the default NXdata) holds 2D element maps (Fe as ``@signal``, Cu, Zn, Ca
as ``@auxiliary_signals``) on x/y axes in mm; ``/entry/spectra`` holds the summed
fluorescence spectrum of every pixel, a 3D (y, x, energy) map.
"""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
from numpy.typing import NDArray

from nxviz.demo._nexus import entry, field, group, nxdata, root_attributes

NAME = "xrf_map.nxs"
ROWS, COLUMNS, CHANNELS = 60, 80, 1024
STEP = 0.025  # mm
CHANNEL_WIDTH = 0.02  # keV
SEED = 26
#: Element, Kα line in keV.
LINES = (("Fe", 6.40), ("Cu", 8.05), ("Zn", 8.64), ("Ca", 3.69))


def _element_maps(rng: np.random.Generator) -> dict[str, NDArray[np.float64]]:
    y, x = np.mgrid[0:ROWS, 0:COLUMNS].astype(np.float64)
    layer = (y > 18 + 4 * np.sin(x / 9.0)).astype(np.float64)
    grains = np.zeros((ROWS, COLUMNS))
    for cy, cx, r in rng.uniform((0, 0, 1.5), (ROWS, COLUMNS, 5.0), size=(25, 3)):
        grains += np.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (2 * r**2))
    return {
        "Fe": 200 + 3000 * layer * (1 - 0.3 * np.cos(x / 12.0)),
        "Cu": 50 + 1800 * grains * layer,
        "Zn": 80 + 900 * (1 - layer) + 300 * np.exp(-((x - 60) ** 2) / 50.0),
        "Ca": 400 + 1200 * (1 - layer) * (y / ROWS),
    }


def write(directory: Path) -> list[Path]:
    path = directory / NAME
    rng = np.random.default_rng(SEED)
    expected = _element_maps(rng)
    counts = {name: rng.poisson(value).astype(np.int32) for name, value in expected.items()}
    energy = (np.arange(CHANNELS) + 0.5) * CHANNEL_WIDTH
    spectra = np.zeros((ROWS, COLUMNS, CHANNELS), dtype=np.float32)
    for name, line in LINES:
        peak = np.exp(-0.5 * ((energy - line) / 0.075) ** 2).astype(np.float32)
        spectra += expected[name][:, :, None].astype(np.float32) * peak / peak.sum()
    spectra += np.float32(0.02) * np.exp(-energy / 6.0).astype(np.float32)
    x = np.arange(COLUMNS) * STEP
    y = np.arange(ROWS) * STEP
    with h5py.File(path, "w") as file:
        root_attributes(file, NAME)
        top = entry(file, None, "XRF map of a paint cross-section", "maps")
        maps = nxdata(top, "maps", "Fe", ["y", "x"], auxiliary=["Cu", "Zn", "Ca"])
        for name, line in LINES:
            field(maps, name, counts[name], units="counts", long_name=f"{name} Kα counts")
            maps[name].attrs["line_energy"] = line
        field(maps, "x", x, units="mm", long_name="Sample x (mm)")
        field(maps, "y", y, units="mm", long_name="Sample y (mm)")
        cube = nxdata(top, "spectra", "data", ["y", "x", "energy"])
        cube.create_dataset(
            "data",
            data=rng.poisson(spectra).astype(np.uint16),
            chunks=(8, 8, CHANNELS),
            compression="gzip",
            compression_opts=1,
            shuffle=True,
        ).attrs["units"] = "counts"
        cube["x"] = maps["x"]
        cube["y"] = maps["y"]
        field(cube, "energy", energy, units="keV", long_name="Fluorescence energy (keV)")
        sample = group(top, "sample", "NXsample")
        field(sample, "name", "paint cross-section")
    return [path]
