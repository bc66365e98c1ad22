"""Spectra cubes written with h5py for the XRF tests, with the values written returned."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np

from tests.conftest import REPO

XRF_DATA = REPO / "tests" / "data" / "xrf"
CUBE_FILE = XRF_DATA / "steel_map.h5"
FIT_FILE = XRF_DATA / "steel_map_fit.h5"
FIT_PROCESS = "/steel_map/xrf_fit"

ROWS, COLS, CHANNELS = 23, 17, 300
CHANNEL_WIDTH = 0.05  # keV
#: a line at 6.4 keV made bright in rows 3-8, columns 4-9
BRIGHT_ENERGY = 6.4
BRIGHT_ROWS, BRIGHT_COLS = (3, 9), (4, 10)


def energy_axis() -> np.ndarray:
    return 1.0 + np.arange(CHANNELS) * CHANNEL_WIDTH


def counts(dtype: str = "uint32", seed: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    energy = energy_axis()
    base = 20 * np.exp(-energy / 5.0)
    peak = np.exp(-0.5 * ((energy - BRIGHT_ENERGY) / 0.08) ** 2)
    expected = np.broadcast_to(base, (ROWS, COLS, CHANNELS)).copy()
    rows, cols = slice(*BRIGHT_ROWS), slice(*BRIGHT_COLS)
    expected[rows, cols] += 200 * peak
    expected += 40 * peak  # the line everywhere, fainter
    return rng.poisson(expected).astype(dtype)


def write_nxdata_cube(
    path: Path,
    *,
    dtype: str = "uint32",
    chunks: tuple[int, int, int] | None = (1, COLS, CHANNELS),
    compression: str | None = "gzip",
    shuffle: bool = True,
    energy_units: str = "keV",
) -> np.ndarray:
    """``/entry/data``: an NXdata whose signal ``spectra`` has axes y, x, energy."""
    values = counts(dtype)
    with h5py.File(path, "w") as f:
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        data = entry.create_group("data")
        data.attrs["NX_class"] = "NXdata"
        data.attrs["signal"] = "spectra"
        data.attrs["axes"] = ["y", "x", "energy"]
        data.create_dataset(
            "spectra",
            data=values,
            chunks=chunks,
            compression=compression,
            shuffle=shuffle if compression else False,
        )
        scale = 1000.0 if energy_units == "eV" else 1.0
        data["energy"] = energy_axis() * scale
        data["energy"].attrs["units"] = energy_units
        data["y"] = np.arange(ROWS) * 0.5
        data["y"].attrs["units"] = "mm"
        data["x"] = np.arange(COLS) * 0.25
        data["x"].attrs["units"] = "mm"
    return values


def write_fluo_cube(path: Path) -> np.ndarray:
    """NXfluo-like: ``/entry/fluo/data`` beside ``energy``, in a group that is no NXdata."""
    values = counts("float32", seed=7)
    with h5py.File(path, "w") as f:
        group = f.create_group("entry/fluo")
        group.attrs["NX_class"] = "NXdetector"
        group.create_dataset("data", data=values, chunks=(2, COLS, CHANNELS), compression="gzip")
        group["energy"] = energy_axis()
        group["energy"].attrs["units"] = "keV"
    return values


def write_image_stack(path: Path) -> None:
    """A 3-D stack of images (axes z, y, x): no spectra cube, whatever its length."""
    with h5py.File(path, "w") as f:
        data = f.create_group("entry/stack")
        f["entry"].attrs["NX_class"] = "NXentry"
        data.attrs["NX_class"] = "NXdata"
        data.attrs["signal"] = "frames"
        data.attrs["axes"] = ["z", "y", "x"]
        data["frames"] = np.zeros((4, 8, 2048), dtype=np.uint16)
        data["z"] = np.arange(4.0)
        data["y"] = np.arange(8.0)
        data["x"] = np.arange(2048.0)
