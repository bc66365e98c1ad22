"""``tomo_volume.nxs``: an NXtomo scan of a 3D phantom.

``/entry/instrument/detector/data`` holds 200 frames of 512 × 512 uint16 (gzip level 1 with
shuffle, one chunk per frame): 10 dark fields (image_key 2), 10 flat fields (1) and 180
projections (0) over 0–179°. The projections are exact line integrals through a phantom of
spheroids standing on the rotation axis, attenuated by Beer–Lambert, with detector noise:
a reconstruction of them gives back the phantom. ``/entry/data`` links data, rotation_angle
and image_key as NXtomo asks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import h5py
import numpy as np
from numpy.typing import NDArray

from nxviz.demo._nexus import entry, field, group, nxdata, root_attributes

NAME = "tomo_volume.nxs"
SIZE = 512
DARKS, FLATS, PROJECTIONS = 10, 10, 180
GZIP_LEVEL = 1
FLAT_COUNTS, DARK_COUNTS = 12000.0, 100.0
PIXEL_SIZE = 6.5e-6  # m
SEED = 1729


@dataclass(frozen=True)
class Spheroid:
    """A body of revolution about the vertical axis: centre and semi-axes in pixels."""

    x: float
    z: float
    y: float
    radius: float
    half_height: float
    attenuation: float  # per pixel


PHANTOM = (
    Spheroid(0.0, 0.0, 0.0, 190.0, 230.0, 0.004),
    Spheroid(0.0, 0.0, 0.0, 175.0, 215.0, -0.002),
    Spheroid(-60.0, 40.0, -80.0, 55.0, 90.0, 0.006),
    Spheroid(70.0, -30.0, 60.0, 40.0, 70.0, 0.009),
    Spheroid(20.0, 90.0, 120.0, 25.0, 25.0, 0.02),
    Spheroid(-90.0, -80.0, 140.0, 18.0, 40.0, -0.0015),
    Spheroid(100.0, 60.0, -130.0, 30.0, 30.0, 0.012),
    Spheroid(-20.0, -100.0, -20.0, 12.0, 160.0, 0.015),
)


def image_key() -> NDArray[np.int32]:
    return np.concatenate([np.full(DARKS, 2), np.full(FLATS, 1), np.zeros(PROJECTIONS)]).astype(
        np.int32
    )


def rotation_angle() -> NDArray[np.float64]:
    return np.concatenate([np.zeros(DARKS + FLATS), np.arange(PROJECTIONS, dtype=np.float64)])


def _path_length(angle_deg: float) -> NDArray[np.float32]:
    """Attenuation line integral (μ·length) of the phantom seen at one rotation angle."""
    centre = (SIZE - 1) / 2.0
    u = np.arange(SIZE, dtype=np.float32) - np.float32(centre)
    v = np.arange(SIZE, dtype=np.float32) - np.float32(centre)
    total = np.zeros((SIZE, SIZE), dtype=np.float32)
    cos, sin = np.cos(np.radians(angle_deg)), np.sin(np.radians(angle_deg))
    for body in PHANTOM:
        shift = body.x * cos + body.z * sin
        across = 1.0 - ((u - shift) / body.radius) ** 2
        up = 1.0 - ((v - body.y) / body.half_height) ** 2
        rows = np.flatnonzero(up > 0)
        columns = np.flatnonzero(across > 0)
        if rows.size == 0 or columns.size == 0:
            continue
        block = np.ix_(rows, columns)
        inside = np.clip(up[rows, None] - 1.0 + across[None, columns], 0.0, None)
        # chord of the horizontal circle of radius r·sqrt(up) at offset u - shift
        chord = 2.0 * body.radius * np.sqrt(inside)
        total[block] += np.float32(body.attenuation) * chord.astype(np.float32)
    return total


def _frames(rng: np.random.Generator) -> Iterator[NDArray[np.uint16]]:
    """Darks, flats and projections with Gaussian-approximated counting noise."""
    noise = rng.standard_normal((8, SIZE, SIZE)).astype(np.float32)
    rows = (np.arange(SIZE, dtype=np.float32) - SIZE / 2) / SIZE
    beam = np.float32(FLAT_COUNTS) * (1.0 - 0.25 * rows**2)[:, None] * np.ones(SIZE, np.float32)
    for index, (key, angle) in enumerate(zip(image_key(), rotation_angle(), strict=True)):
        mean: NDArray[np.floating[Any]]
        if key == 2:
            mean = np.full((SIZE, SIZE), DARK_COUNTS, dtype=np.float32)
        elif key == 1:
            mean = beam + np.float32(DARK_COUNTS)
        else:
            mean = beam * np.exp(-_path_length(float(angle))) + np.float32(DARK_COUNTS)
        counts = mean + np.sqrt(mean) * noise[index % len(noise)]
        yield np.clip(np.rint(counts), 0, 65535).astype(np.uint16)


def write(directory: Path) -> list[Path]:
    path = directory / NAME
    rng = np.random.default_rng(SEED)
    with h5py.File(path, "w") as file:
        root_attributes(file, NAME)
        top = entry(file, "NXtomo", "Phantom tomography, 180 projections over 180°", "data")
        instrument = group(top, "instrument", "NXinstrument")
        source = group(instrument, "source", "NXsource")
        field(source, "name", "nxviz demo synchrotron")
        field(source, "type", "Synchrotron X-ray Source")
        field(source, "probe", "x-ray")
        det = group(instrument, "detector", "NXdetector")
        data = det.create_dataset(
            "data",
            shape=(DARKS + FLATS + PROJECTIONS, SIZE, SIZE),
            dtype=np.uint16,
            chunks=(1, SIZE, SIZE),
            compression="gzip",
            compression_opts=GZIP_LEVEL,
            shuffle=True,
        )
        for index, frame in enumerate(_frames(rng)):
            data[index] = frame
        field(det, "image_key", image_key())
        field(det, "x_pixel_size", PIXEL_SIZE, units="m")
        field(det, "y_pixel_size", PIXEL_SIZE, units="m")
        field(det, "distance", 0.05, units="m")
        field(det, "x_rotation_axis_pixel_position", (SIZE - 1) / 2.0)
        sample = group(top, "sample", "NXsample")
        field(sample, "name", "spheroid phantom")
        field(sample, "rotation_angle", rotation_angle(), units="deg")
        control = group(top, "control", "NXmonitor")
        field(control, "data", np.full(DARKS + FLATS + PROJECTIONS, 1.0), units="mA")
        plot = nxdata(top, "data", "data", ["rotation_angle", ".", "."])
        plot["data"] = data
        plot["rotation_angle"] = sample["rotation_angle"]
        plot["image_key"] = det["image_key"]
    return [path]
