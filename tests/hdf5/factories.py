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
