"""Small volumes written with h5py: an NXtomo scan and a 3-D NXdata volume with axes."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np

DARKS, FLATS, PROJECTIONS = 3, 4, 25
FRAME = (24, 20)
VOLUME = (30, 26, 22)
PIXEL_SIZE = 6.5e-6


def tomo_frames() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Frames, image keys and rotation angles of a small scan."""
    rng = np.random.default_rng(3)
    keys = np.r_[np.full(DARKS, 2), np.full(FLATS, 1), np.zeros(PROJECTIONS)].astype(np.int32)
    angles = np.r_[np.zeros(DARKS + FLATS), np.linspace(0.0, 180.0, PROJECTIONS)]
    frames = np.empty((keys.size, *FRAME), dtype=np.uint16)
    for i, key in enumerate(keys):
        base = 100 if key == 2 else 5000 if key == 1 else 2500
        frames[i] = base + rng.integers(0, 50, FRAME)
    return frames, keys, angles


def write_tomo(path: Path) -> np.ndarray:
    frames, keys, angles = tomo_frames()
    with h5py.File(path, "w") as f:
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        entry["definition"] = "NXtomo"
        det = entry.create_group("instrument").create_group("detector")
        entry["instrument"].attrs["NX_class"] = "NXinstrument"
        det.attrs["NX_class"] = "NXdetector"
        det.create_dataset(
            "data", data=frames, chunks=(1, *FRAME), compression="gzip", shuffle=True
        )
        det["image_key"] = keys
        det["x_pixel_size"] = PIXEL_SIZE
        det["x_pixel_size"].attrs["units"] = "m"
        det["y_pixel_size"] = PIXEL_SIZE
        det["y_pixel_size"].attrs["units"] = "m"
        sample = entry.create_group("sample")
        sample.attrs["NX_class"] = "NXsample"
        sample["rotation_angle"] = angles
        sample["rotation_angle"].attrs["units"] = "deg"
        data = entry.create_group("data")
        data.attrs.update({"NX_class": "NXdata", "signal": "data"})
        data["data"] = det["data"]
        data["rotation_angle"] = sample["rotation_angle"]
        data["image_key"] = det["image_key"]
    return frames


def write_volume(path: Path, chunks: tuple[int, ...] = (1, *VOLUME[1:])) -> np.ndarray:
    values = (np.random.default_rng(5).random(VOLUME) * 4000).astype(np.uint16)
    with h5py.File(path, "w") as f:
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        group = entry.create_group("reconstruction")
        group.attrs.update({"NX_class": "NXdata", "signal": "volume", "axes": ["z", "y", "x"]})
        group.create_dataset("volume", data=values, chunks=chunks, compression="gzip")
        for name, n in zip("zyx", VOLUME, strict=True):
            group[name] = np.arange(n) * 0.5 + 1.0
            group[name].attrs["units"] = "mm"
        f.create_dataset("flat", data=np.zeros((4, 5)))
    return values
