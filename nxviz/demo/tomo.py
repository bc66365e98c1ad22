"""``tomo_volume.nxs``: an NXtomo scan of the 3-D Shepp–Logan phantom.

``/entry/instrument/detector/data`` holds 200 frames of 512 × 512 uint16 (gzip level 1 with
shuffle, one chunk per frame): 10 dark fields (image_key 2), 10 flat fields (1) and 180
projections (0) over 0–179°. The projections are the phantom's exact line integrals
(:mod:`nxviz.demo.phantom`), attenuated by Beer–Lambert under a beam brighter in the middle,
with counting noise; a few detector columns respond a little off their flat field, which a
reconstruction shows as rings (``tomo_reconstruction.nxs``). ``/entry/data`` links data,
rotation_angle and image_key as NXtomo asks.
"""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
from numpy.typing import NDArray

from nxviz.demo._chunks import create_frames, write_frames
from nxviz.demo._nexus import entry, field, group, nxdata, root_attributes
from nxviz.demo.phantom import projection

NAME = "tomo_volume.nxs"
SIZE = 512
DARKS, FLATS, PROJECTIONS = 10, 10, 180
GZIP_LEVEL = 1
FLAT_COUNTS, DARK_COUNTS = 12000.0, 100.0
PIXEL_SIZE = 6.5e-6  # m
ATTENUATION = 4.0  # per normalised length (the phantom's half width): skull 1, brain 0.2
SEED = 1729
#: detector columns whose gain differs from their flat field (the rings), and by how much
RING_COLUMNS = {141: 0.03, 203: -0.025, 236: 0.02, 290: -0.03, 333: 0.025, 391: -0.02}


def image_key() -> NDArray[np.int32]:
    return np.concatenate([np.full(DARKS, 2), np.full(FLATS, 1), np.zeros(PROJECTIONS)]).astype(
        np.int32
    )


def rotation_angle() -> NDArray[np.float64]:
    return np.concatenate([np.zeros(DARKS + FLATS), np.arange(PROJECTIONS, dtype=np.float64)])


def _beam() -> NDArray[np.float32]:
    rows = (np.arange(SIZE, dtype=np.float32) - SIZE / 2) / SIZE
    profile = np.float32(FLAT_COUNTS) * (1.0 - 0.25 * rows**2)
    return (profile[:, None] * np.ones(SIZE, np.float32)).astype(np.float32)


def _gain() -> NDArray[np.float32]:
    gain = np.ones(SIZE, dtype=np.float32)
    for column, error in RING_COLUMNS.items():
        gain[column] += np.float32(error)
    return gain


class _Frames:
    """Frame ``i`` of the scan, made on demand (from any thread)."""

    def __init__(self) -> None:
        rng = np.random.default_rng(SEED)
        self.noise = rng.standard_normal(SIZE * SIZE * 2).astype(np.float32)
        self.offsets = rng.integers(0, SIZE * SIZE, DARKS + FLATS + PROJECTIONS)
        self.keys, self.angles = image_key(), rotation_angle()
        self.beam, self.gain = _beam(), _gain()

    def __call__(self, index: int) -> NDArray[np.uint16]:
        key = self.keys[index]
        mean: NDArray[np.float32]
        if key == 2:
            mean = np.full((SIZE, SIZE), DARK_COUNTS, dtype=np.float32)
        elif key == 1:
            mean = self.beam + np.float32(DARK_COUNTS)
        else:
            line = projection(SIZE, float(self.angles[index]))
            mean = self.beam * self.gain * np.exp(-np.float32(ATTENUATION) * line)
            mean += np.float32(DARK_COUNTS)
        start = int(self.offsets[index])
        noise = self.noise[start : start + SIZE * SIZE].reshape(SIZE, SIZE)
        counts = mean + np.sqrt(mean) * noise
        return np.clip(np.rint(counts), 0, 65535).astype(np.uint16)


def write(directory: Path) -> list[Path]:
    path = directory / NAME
    with h5py.File(path, "w") as file:
        root_attributes(file, NAME)
        top = entry(file, "NXtomo", "Shepp–Logan phantom, 180 projections over 180°", "data")
        instrument = group(top, "instrument", "NXinstrument")
        source = group(instrument, "source", "NXsource")
        field(source, "name", "nxviz demo synchrotron")
        field(source, "type", "Synchrotron X-ray Source")
        field(source, "probe", "x-ray")
        det = group(instrument, "detector", "NXdetector")
        count = DARKS + FLATS + PROJECTIONS
        data = create_frames(det, "data", count, (SIZE, SIZE), GZIP_LEVEL)
        write_frames(data, _Frames(), GZIP_LEVEL)
        field(det, "image_key", image_key())
        field(det, "x_pixel_size", PIXEL_SIZE, units="m")
        field(det, "y_pixel_size", PIXEL_SIZE, units="m")
        field(det, "distance", 0.05, units="m")
        field(det, "x_rotation_axis_pixel_position", (SIZE - 1) / 2.0)
        sample = group(top, "sample", "NXsample")
        field(sample, "name", "3-D Shepp–Logan phantom")
        field(sample, "rotation_angle", rotation_angle(), units="deg")
        control = group(top, "control", "NXmonitor")
        field(control, "data", np.full(count, 1.0), units="mA")
        plot = nxdata(top, "data", "data", ["rotation_angle", ".", "."])
        plot["data"] = data
        plot["rotation_angle"] = sample["rotation_angle"]
        plot["image_key"] = det["image_key"]
    return [path]
