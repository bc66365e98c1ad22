"""Files the tests write with h5py: every kind of link, odd dtypes, compressed frame stacks."""

from __future__ import annotations

from pathlib import Path

import h5py
import hdf5plugin
import numpy as np

FRAME_SHAPE = (40, 60)
GAP = np.iinfo(np.uint32).max


def frames(n: int = 3, shape: tuple[int, int] = FRAME_SHAPE, seed: int = 1) -> np.ndarray:
    """A stack of detector-like uint32 frames: low counts, a few peaks, a gap column."""
    rng = np.random.default_rng(seed)
    stack = rng.poisson(3.0, size=(n, *shape)).astype(np.uint32)
    stack[:, 5, 7] = 5000 + np.arange(n, dtype=np.uint32)  # a Bragg peak
    stack[:, :, shape[1] // 2] = GAP  # a module gap
    return stack


def write_tree(path: Path, outside: Path | None = None) -> Path:
    """A NeXus-ish file with links of every kind and datasets of every awkward type."""
    other = path.parent / "other.h5"
    with h5py.File(other, "w") as f:
        f["/data/values"] = np.arange(5, dtype=np.int16)
    with h5py.File(path, "w") as f:
        f.attrs["default"] = "entry"
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        entry.attrs["default"] = "data"
        data = entry.create_group("data")
        data.attrs["NX_class"] = np.bytes_(b"NXdata")
        stack = frames()
        data.create_dataset(
            "frames", data=stack, chunks=(1, *FRAME_SHAPE), **hdf5plugin.Bitshuffle(cname="lz4")
        )
        data.create_dataset("gzip", data=stack, chunks=(1, *FRAME_SHAPE), compression="gzip")
        entry["scalar"] = 3.5
        entry["scalar"].attrs["units"] = "mm"
        entry["text"] = "hello"
        entry["empty"] = h5py.Empty("f8")
        entry["zero_length"] = np.zeros((0, 3))
        entry["four_d"] = np.arange(2 * 3 * 4 * 5, dtype=np.float32).reshape(2, 3, 4, 5)
        entry["compound"] = np.array([(1, 2.5), (2, 3.5)], dtype=[("a", "<i4"), ("b", "<f8")])
        colour = h5py.enum_dtype({"RED": 0, "GREEN": 1}, basetype="u1")
        entry.create_dataset("enum", data=np.array([0, 1, 1], dtype="u1"), dtype=colour)
        f["named_type"] = np.dtype("<i8")
        links = f.create_group("links")
        links["hard"] = entry["scalar"]
        links["soft"] = h5py.SoftLink("/entry/data")
        links["dangling_soft"] = h5py.SoftLink("/nowhere")
        links["external"] = h5py.ExternalLink("other.h5", "/data/values")
        links["external_group"] = h5py.ExternalLink("other.h5", "/data")
        links["dangling_external"] = h5py.ExternalLink("missing.h5", "/x")
        links["external_bad_path"] = h5py.ExternalLink("other.h5", "/nope")
        if outside is not None:
            links["leaves_root"] = h5py.ExternalLink(str(outside), "/data/values")
            links["leaves_root_relative"] = h5py.ExternalLink(f"../{outside.name}", "/data/values")
    return path


def write_outside(path: Path) -> Path:
    with h5py.File(path, "w") as f:
        f["/data/values"] = np.arange(3)
    return path


def write_many(path: Path, n: int) -> Path:
    """A group of ``n`` children: hard links to one dataset, and one subgroup with NX_class."""
    with h5py.File(path, "w", libver="latest") as f:
        group = f.create_group("many")
        target = f.create_dataset("target", data=np.arange(4))
        for i in range(n - 1):
            group[f"c{i:06d}"] = target
        sub = group.create_group(f"c{n - 1:06d}")
        sub.attrs["NX_class"] = "NXcollection"
    return path


def write_nxmx(path: Path, n_frames: int = 4, shape: tuple[int, int] = FRAME_SHAPE) -> Path:
    """An NXmx-like file: detector data (bitshuffle-LZ4), pixel_mask, geometry in odd units."""
    stack = frames(n_frames, shape)
    mask = np.zeros(shape, dtype=np.uint32)
    mask[:, shape[1] // 2] = 1  # the gap column
    mask[10, 10] = 8  # a dead pixel with a normal-looking value
    with h5py.File(path, "w") as f:
        f.attrs["default"] = "entry"
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        entry.attrs["default"] = "data"
        entry["definition"] = "NXmx"
        entry["title"] = "lysozyme"
        instrument = entry.create_group("instrument")
        instrument.attrs["NX_class"] = "NXinstrument"
        detector = instrument.create_group("detector")
        detector.attrs["NX_class"] = "NXdetector"
        detector.create_dataset(
            "data", data=stack, chunks=(1, *shape), **hdf5plugin.Bitshuffle(cname="lz4")
        )
        detector["pixel_mask"] = mask
        detector["saturation_value"] = np.int32(1000)
        detector["beam_center_x"] = 30.5
        detector["beam_center_x"].attrs["units"] = "pixel"
        detector["beam_center_y"] = 1.5
        detector["beam_center_y"].attrs["units"] = "mm"
        detector["distance"] = 150.0
        detector["distance"].attrs["units"] = "mm"
        detector["x_pixel_size"] = 75.0
        detector["x_pixel_size"].attrs["units"] = "um"
        detector["y_pixel_size"] = 7.5e-5
        detector["y_pixel_size"].attrs["units"] = "m"
        sample = entry.create_group("sample")
        sample.attrs["NX_class"] = "NXsample"
        beam = sample.create_group("beam")
        beam.attrs["NX_class"] = "NXbeam"
        beam["incident_wavelength"] = 0.9763
        beam["incident_wavelength"].attrs["units"] = "angstrom"
        data = entry.create_group("data")
        data.attrs["NX_class"] = "NXdata"
        data.attrs["signal"] = "data"
        data.attrs["axes"] = [".", "y", "x"]
        data.attrs["x_indices"] = 2
        data.attrs["y_indices"] = 1
        data.attrs["auxiliary_signals"] = ["monitor"]
        data["data"] = h5py.SoftLink("/entry/instrument/detector/data")
        data["x"] = np.arange(shape[1], dtype=np.float64)
        data["x"].attrs["units"] = "mm"
        data["x"].attrs["long_name"] = "horizontal position"
        data["y"] = np.arange(shape[0], dtype=np.float64)
        data["data_errors"] = np.ones((n_frames, *shape))
        data["monitor"] = np.ones(n_frames)
    return path
