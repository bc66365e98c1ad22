"""HDF5/NeXus files the viewer's browser tests open, written with h5py."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np

MANY = 2500  # children of /many: more than one page (1000) of the tree


def write_views(path: Path) -> None:
    """One dataset per view, a dangling link, a big group, and a root @default to a 1D plot."""
    with h5py.File(path, "w") as f:
        f.attrs["default"] = "entry"
        f["scalar"] = 3.25
        f["text"] = "hello nxviz"
        f["line"] = np.sin(np.linspace(0, 6 * np.pi, 400)) * 100
        yy, xx = np.mgrid[0:240, 0:320]
        f["image"] = (xx + 2 * yy).astype("float32")
        stack = np.zeros((6, 64, 80), dtype="uint16")
        for i in range(6):
            stack[i, :, :] = i * 1000 + np.arange(80)[None, :]
        f["stack"] = stack
        rows, cols = np.mgrid[0:2000, 0:2400]
        f.create_dataset(
            "big",
            data=((rows // 100 + cols // 100) % 2 * 1000 + rows // 10).astype("uint16"),
            chunks=(500, 600),
            compression="gzip",
        )
        f.create_dataset(
            "mode",
            data=np.array([0, 1, 1], dtype="i1"),
            dtype=h5py.enum_dtype({"OFF": 0, "ON": 1}, basetype="i1"),
        )
        f["gone"] = h5py.SoftLink("/nowhere/at/all")
        many = f.create_group("many")
        for i in range(MANY):
            many.create_group(f"g{i:05d}")
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        entry.attrs["default"] = "plot"
        data = entry.create_group("plot")
        data.attrs["NX_class"] = "NXdata"
        data.attrs["signal"] = "counts"
        data.attrs["axes"] = ["energy"]
        energy = data.create_dataset("energy", data=np.linspace(8.0, 9.0, 300))
        energy.attrs["units"] = "keV"
        data["counts"] = np.exp(-((np.linspace(-3, 3, 300)) ** 2)) * 1000


def write_image_default(path: Path) -> None:
    """A file whose @default chain ends at a 2D NXdata with physical axes."""
    with h5py.File(path, "w") as f:
        f.attrs["default"] = "entry"
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        entry.attrs["default"] = "map"
        data = entry.create_group("map")
        data.attrs["NX_class"] = "NXdata"
        data.attrs["signal"] = "intensity"
        data.attrs["axes"] = ["y", "x"]
        data["x"] = np.linspace(-5, 5, 120)
        data["y"] = np.linspace(0, 2, 90)
        yy, xx = np.mgrid[0:90, 0:120]
        data["intensity"] = np.hypot(xx - 60, yy - 45).astype("float64")


def write_invalid_mx(path: Path) -> None:
    """An NXmx entry with a distance in kilograms: the validator reports wrong_units there."""
    with h5py.File(path, "w") as f:
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        entry["definition"] = "NXmx"
        instrument = entry.create_group("instrument")
        instrument.attrs["NX_class"] = "NXinstrument"
        detector = instrument.create_group("detector")
        detector.attrs["NX_class"] = "NXdetector"
        distance = detector.create_dataset("distance", data=0.12)
        distance.attrs["units"] = "kg"
        data = entry.create_group("data")
        data.attrs["NX_class"] = "NXdata"


def write_filtered(path: Path) -> None:
    """A dataset whose chunks went through a filter no plugin here provides (id 32999)."""
    with h5py.File(path, "w") as f:
        x = f.create_dataset(
            "locked",
            shape=(4, 6),
            dtype="<f4",
            chunks=(2, 6),
            compression=32999,
            allow_unknown_filter=True,
        )
        for row in (0, 2):
            x.id.write_direct_chunk((row, 0), np.ones((2, 6), "<f4").tobytes(), filter_mask=0)


#: attributes of /notes in attrs.h5: more than two pages (100 each) of the inspector
NOTES = 250


def write_attributes(path: Path) -> None:
    """A group with many attributes, written in name order with a value telling each apart."""
    with h5py.File(path, "w") as f:
        notes = f.create_group("notes")
        for i in range(NOTES):
            notes.attrs[f"note_{i:03d}"] = f"value {i}"


def write_all(root: Path) -> None:
    write_views(root / "views.h5")
    write_attributes(root / "attrs.h5")
    write_filtered(root / "filtered.h5")
    write_image_default(root / "image_default.nxs")
    write_invalid_mx(root / "invalid_mx.nxs")
    (root / "not_hdf5.h5").write_text("this is not an HDF5 file\n")
