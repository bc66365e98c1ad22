"""Small NeXus files the notebook tests write with h5py: a 1D scan with errors, a 2D map on
physical axes, an NXmx frame stack with mask and geometry, and a tree with awkward names."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np

FRAME_SHAPE = (40, 60)
FRAMES = 3
GAP_COLUMN = 30
PEAK = (5, 7)
BEAM = (25.5, 18.0)  # x (fast), y (slow) in pixels
DISTANCE_MM = 20.0
PIXEL_UM = 172.0
WAVELENGTH_A = 1.0
MALICIOUS = "<img src=x onerror=alert('x')> &amp; co"


def _nxgroup(parent: h5py.Group, name: str, nx_class: str) -> h5py.Group:
    group = parent.create_group(name)
    group.attrs["NX_class"] = nx_class
    return group


def _entry(f: h5py.File, default: str) -> h5py.Group:
    f.attrs["NX_class"] = "NXroot"
    f.attrs["default"] = "entry"
    entry = _nxgroup(f, "entry", "NXentry")
    entry.attrs["default"] = default
    return entry


def write_scan(path: Path, points: int = 21) -> Path:
    """``/entry/scan``: counts against ``x`` (mm) with ``counts_errors``."""
    x = np.linspace(-1.0, 1.0, points)
    counts = 100.0 + 900.0 * np.exp(-0.5 * (x / 0.3) ** 2)
    with h5py.File(path, "w") as f:
        scan = _nxgroup(_entry(f, "scan"), "scan", "NXdata")
        scan.attrs["signal"] = "counts"
        scan.attrs["axes"] = ["x"]
        scan.attrs["x_indices"] = 0
        scan["counts"] = counts
        scan["counts"].attrs["units"] = "counts"
        scan["counts"].attrs["long_name"] = "Diode signal"
        scan["counts_errors"] = np.sqrt(counts)
        scan["x"] = x
        scan["x"].attrs["units"] = "mm"
    return path


def write_map(path: Path, rows: int = 30, cols: int = 50) -> Path:
    """``/entry/map``: a 2D signal on ``y`` (µm) and ``x`` (mm) axes, values 1..rows*cols."""
    with h5py.File(path, "w") as f:
        plot = _nxgroup(_entry(f, "map"), "map", "NXdata")
        plot.attrs["signal"] = "intensity"
        plot.attrs["axes"] = ["y", "x"]
        plot["intensity"] = np.arange(1, rows * cols + 1, dtype=np.float64).reshape(rows, cols)
        plot["intensity"].attrs["long_name"] = "Intensity"
        plot["x"] = 10.0 + 0.5 * np.arange(cols)
        plot["x"].attrs["units"] = "mm"
        plot["y"] = -3.0 + 2.0 * np.arange(rows)
        plot["y"].attrs["units"] = "um"
    return path


def frames() -> np.ndarray:
    rng = np.random.default_rng(7)
    stack = rng.poisson(4.0, size=(FRAMES, *FRAME_SHAPE)).astype(np.uint32)
    stack[:, PEAK[0], PEAK[1]] = 5000 + np.arange(FRAMES, dtype=np.uint32)
    stack[:, :, GAP_COLUMN] = np.iinfo(np.uint32).max
    return stack


def mask() -> np.ndarray:
    pixel_mask = np.zeros(FRAME_SHAPE, dtype=np.uint32)
    pixel_mask[:, GAP_COLUMN] = 1
    pixel_mask[12, 40] = 2  # a dead pixel that reads like any other
    return pixel_mask


def write_nxmx(path: Path) -> Path:
    """An NXmx entry: uint32 frames, pixel_mask, geometry in mm, µm and Å."""
    with h5py.File(path, "w") as f:
        entry = _entry(f, "data")
        entry["definition"] = "NXmx"
        instrument = _nxgroup(entry, "instrument", "NXinstrument")
        beam = _nxgroup(instrument, "beam", "NXbeam")
        beam["incident_wavelength"] = WAVELENGTH_A
        beam["incident_wavelength"].attrs["units"] = "angstrom"
        detector = _nxgroup(instrument, "detector", "NXdetector")
        for name, value, units in (
            ("beam_center_x", BEAM[0], "pixel"),
            ("beam_center_y", BEAM[1], "pixel"),
            ("distance", DISTANCE_MM, "mm"),
            ("x_pixel_size", PIXEL_UM, "um"),
            ("y_pixel_size", PIXEL_UM, "um"),
        ):
            detector[name] = value
            detector[name].attrs["units"] = units
        detector["saturation_value"] = np.int64(100_000)
        detector["pixel_mask"] = mask()
        detector.create_dataset("data", data=frames(), chunks=(1, *FRAME_SHAPE))
        data = _nxgroup(entry, "data", "NXdata")
        data.attrs["signal"] = "data"
        data["data"] = detector["data"]
    return path


def write_tree(path: Path, children: int = 5) -> Path:
    """Groups with classes, fields of several types, links of every kind, a hostile name."""
    with h5py.File(path, "w") as f:
        entry = _entry(f, "data")
        data = _nxgroup(entry, "data", "NXdata")
        data["frames"] = np.zeros((4, 3, 2), dtype=np.uint16)
        data["energy"] = np.linspace(1, 2, 4)
        data["energy"].attrs["units"] = "keV"
        entry["title"] = "a title"
        entry[MALICIOUS] = 1.5
        _nxgroup(entry, MALICIOUS + " group", "NX<evil>")
        entry["hard_copy"] = data["energy"]
        entry["soft"] = h5py.SoftLink("/entry/data/frames")
        entry["external"] = h5py.ExternalLink("elsewhere.h5", "/some/path")
        many = _nxgroup(entry, "many", "NXcollection")
        for index in range(children):
            many[f"item{index:04d}"] = index
    return path
