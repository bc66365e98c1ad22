"""Files for the view-choice and detector-view browser tests, written with h5py: an NXmx file
with signed frames, a single 2-D Eiger image, an XRF spectrum cube, an NXtomo scan and a
3-D NXdata volume."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np

IMAGE_SHAPE = (200, 220)  # rows, columns
GAP_ROW = 120  # a module gap in the single image: 2^32-1, flagged in pixel_mask
SATURATION = 60_000
BRIGHT = (slice(0, 20), slice(0, 30))  # a bright patch at the top-left (row 0 is on top)


def _group(parent: h5py.Group, name: str, nx_class: str) -> h5py.Group:
    group = parent.create_group(name)
    group.attrs["NX_class"] = nx_class
    return group


def _entry(f: h5py.File, definition: str | None) -> h5py.Group:
    f.attrs["default"] = "entry"
    entry = _group(f, "entry", "NXentry")
    entry.attrs["default"] = "data"
    if definition:
        entry["definition"] = definition
    return entry


def _geometry(det: h5py.Group, instrument: h5py.Group) -> None:
    for name, value, unit in (
        ("beam_center_x", 110.5, "pixel"),
        ("beam_center_y", 100.5, "pixel"),
        ("distance", 0.12, "m"),
        ("x_pixel_size", 75e-6, "m"),
        ("y_pixel_size", 75e-6, "m"),
    ):
        det[name] = value
        det[name].attrs["units"] = unit
    beam = _group(instrument, "beam", "NXbeam")
    beam["incident_wavelength"] = 0.8
    beam["incident_wavelength"].attrs["units"] = "angstrom"


def _signal_link(entry: h5py.Group, target: str) -> None:
    data = _group(entry, "data", "NXdata")
    data.attrs["signal"] = "data"
    data["data"] = h5py.SoftLink(target)


def write_nxmx_signed(path: Path) -> None:
    """NXmx as DIALS-style writers lay it out: int32 frames in the detector, linked from NXdata."""
    rng = np.random.default_rng(5)
    with h5py.File(path, "w") as f:
        entry = _entry(f, "NXmx")
        instrument = _group(entry, "instrument", "NXinstrument")
        det = _group(instrument, "detector", "NXdetector")
        det.create_dataset(
            "data", data=rng.poisson(5, (4, 96, 100)).astype("<i4"), chunks=(1, 96, 100)
        )
        _geometry(det, instrument)
        _signal_link(entry, "/entry/instrument/detector/data")


def single_image() -> np.ndarray:
    """A 2-D uint32 frame: background 10, a bright top-left patch, a gap row, a hot pixel."""
    frame = np.full(IMAGE_SHAPE, 10, dtype=np.uint32)
    frame[BRIGHT] = 1000
    frame[GAP_ROW, :] = 2**32 - 1
    frame[150, 60] = 2 * SATURATION
    return frame


def write_single_image(path: Path) -> None:
    """One Eiger image (2-D) under NXdetector, with its pixel_mask and geometry."""
    mask = np.zeros(IMAGE_SHAPE, dtype=np.uint32)
    mask[GAP_ROW, :] = 1
    mask[150, 60] = 8
    with h5py.File(path, "w") as f:
        entry = _entry(f, "NXmx")
        instrument = _group(entry, "instrument", "NXinstrument")
        det = _group(instrument, "detector", "NXdetector")
        det["data"] = single_image()
        det["pixel_mask"] = mask
        det["saturation_value"] = np.int64(SATURATION)
        _geometry(det, instrument)
        _signal_link(entry, "/entry/instrument/detector/data")


def write_xrf_cube(path: Path) -> None:
    """A 30 × 40 map of 512-channel spectra, its last axis an energy axis in keV."""
    with h5py.File(path, "w") as f:
        entry = _entry(f, None)
        data = _group(entry, "data", "NXdata")
        data.attrs["signal"] = "data"
        data.attrs["axes"] = ["y", "x", "energy"]
        data["data"] = np.random.default_rng(1).poisson(3, (30, 40, 512)).astype("<u2")
        data["y"] = np.arange(30) * 0.05
        data["x"] = np.arange(40) * 0.05
        data["energy"] = np.arange(512) * 0.02
        data["energy"].attrs["units"] = "keV"


def write_tomo(path: Path) -> None:
    """An NXtomo scan: projections in the detector, linked from the NXdata."""
    with h5py.File(path, "w") as f:
        entry = _entry(f, "NXtomo")
        instrument = _group(entry, "instrument", "NXinstrument")
        det = _group(instrument, "detector", "NXdetector")
        det["data"] = np.random.default_rng(2).poisson(50, (24, 64, 64)).astype("<u2")
        _signal_link(entry, "/entry/instrument/detector/data")


def write_volume(path: Path) -> None:
    """A reconstructed volume: a 3-D NXdata of unsigned voxels named data with coordinates in
    mm, no detector (without coordinates, such a stack is a detector's data file: frames)."""
    with h5py.File(path, "w") as f:
        entry = _entry(f, None)
        data = _group(entry, "data", "NXdata")
        data.attrs["signal"] = "data"
        data.attrs["axes"] = ["z", "y", "x"]
        zz, yy, xx = np.mgrid[0:32, 0:48, 0:48]
        data["data"] = (100 * (np.hypot(yy - 24, xx - 24) < 10 + zz / 4)).astype("<u2")
        for name, size in (("z", 32), ("y", 48), ("x", 48)):
            data[name] = np.arange(size) * 0.0065
            data[name].attrs["units"] = "mm"


def write_detector_files(root: Path) -> None:
    write_nxmx_signed(root / "nxmx_signed.nxs")
    write_single_image(root / "eiger_image.nxs")
    write_xrf_cube(root / "xrf_cube.nxs")
    write_tomo(root / "tomo_scan.nxs")
    write_volume(root / "volume.nxs")
