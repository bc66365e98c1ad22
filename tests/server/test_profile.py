"""GET /nxviz/api/profile: the radial profile of a detector frame, excluded pixels left out."""

from __future__ import annotations

import math
from pathlib import Path

import h5py
import numpy as np
import pytest

from tests.server.helpers import get_error, get_json

SHAPE = (300, 320)  # rows (slow), columns (fast)
BEAM = (151.3, 170.6)  # beam centre: row (y), column (x), pixels
PIXEL = 75e-6  # m
DISTANCE = 0.04  # m
WAVELENGTH = 0.7  # Å
SATURATION = 50_000
GAP = 2**32 - 1
LAB6_A = 4.15689  # Å
RING_N = (1, 2, 3, 4)  # h² + k² + l² of the rings on this detector
HOT = ((40, 60), (150, 250), (260, 100), (200, 171))  # (row, column) of hot pixels


def ring_q() -> list[float]:
    return [2 * math.pi * math.sqrt(n) / LAB6_A for n in RING_N]


def q_map() -> np.ndarray:
    rows, cols = np.indices(SHAPE, dtype=np.float64)
    radius = np.hypot((rows - BEAM[0]) * PIXEL, (cols - BEAM[1]) * PIXEL)
    return 4 * math.pi * np.sin(np.arctan2(radius, DISTANCE) / 2) / WAVELENGTH


def lab6_frame(seed: int = 3) -> np.ndarray:
    """Poisson background under Gaussian rings at the calibrant's q values, uint32."""
    q = q_map()
    expected = 20.0 + 5.0 * np.exp(-q)
    for peak in ring_q():
        expected += 400.0 * np.exp(-0.5 * ((q - peak) / 0.01) ** 2)
    return np.random.default_rng(seed).poisson(expected).astype(np.uint32)


def excluded_pixels(frame: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return (mask != 0) | (frame == GAP) | (frame > SATURATION)


def write_lab6(path: Path, *, geometry: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """An NXmx-like file: 2 LaB6 frames; hot pixels 40× saturation flagged in pixel_mask (bit 3),
    a gap row of 2^32-1 (bit 0), and one saturated pixel the mask does not flag."""
    stack = np.stack([lab6_frame(3), lab6_frame(4)])
    mask = np.zeros(SHAPE, dtype=np.uint32)
    for row, col in HOT:
        stack[:, row, col] = 40 * SATURATION
        mask[row, col] = 8
    stack[:, 100, :] = GAP
    mask[100, :] = 1
    stack[:, 20, 300] = SATURATION + 1  # saturated, not in the mask
    with h5py.File(path, "w") as f:
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        entry["definition"] = "NXmx"
        instrument = entry.create_group("instrument")
        instrument.attrs["NX_class"] = "NXinstrument"
        det = instrument.create_group("detector")
        det.attrs["NX_class"] = "NXdetector"
        det.create_dataset("data", data=stack, chunks=(1, *SHAPE))
        det["pixel_mask"] = mask
        det["saturation_value"] = np.int64(SATURATION)
        if geometry:
            for name, value, unit in (
                ("beam_center_x", BEAM[1], "pixel"),
                ("beam_center_y", BEAM[0] * PIXEL * 1000, "mm"),
                ("distance", DISTANCE, "m"),
                ("x_pixel_size", PIXEL, "m"),
                ("y_pixel_size", PIXEL * 1e6, "um"),
            ):
                det[name] = value
                det[name].attrs["units"] = unit
            beam = instrument.create_group("beam")
            beam.attrs["NX_class"] = "NXbeam"
            beam["incident_wavelength"] = WAVELENGTH
            beam["incident_wavelength"].attrs["units"] = "angstrom"
        data = entry.create_group("data")
        data.attrs["NX_class"] = "NXdata"
        data.attrs["signal"] = "data"
        data["data"] = h5py.SoftLink("/entry/instrument/detector/data")
    return stack, mask


@pytest.fixture
def lab6(jp_root_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    return write_lab6(jp_root_dir / "lab6.nxs")


def numpy_profile(
    frame: np.ndarray, excluded: np.ndarray, centres: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The reference: mean per bin of the valid pixels, bins edged half a width about centres."""
    width = centres[1] - centres[0]
    # the last bin takes the farthest pixel (whose q is the bins' top edge, up to rounding)
    edges = np.append(centres - width / 2, centres[-1] + width)
    q = q_map()[~excluded]
    values = frame[~excluded].astype(np.float64)
    counts, _ = np.histogram(q, bins=edges)
    sums, _ = np.histogram(q, bins=edges, weights=values)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / counts, np.nan), counts


async def test_profile_peaks_at_the_ring_q_values_without_masked_spikes(jp_fetch, lab6):
    stack, mask = lab6
    got = await get_json(
        jp_fetch, "profile", file="lab6.nxs", path="/entry/instrument/detector/data", selection="1"
    )
    centres = np.asarray(got["centres"])
    mean = np.array([np.nan if v is None else v for v in got["mean"]])
    width = got["bin_width"]
    assert got["axis"] == "q" and got["unit"] == "1/angstrom"
    assert len(centres) > 150  # one bin per detector pixel of radius: full resolution
    peaks = centres[got["peaks"]]
    assert len(peaks) == len(RING_N), peaks  # the rings, and no spike from the hot pixels
    for q, found in zip(ring_q(), peaks, strict=True):
        assert abs(found - q) <= width, (q, found, width)
    # the hot pixels' bins hold the background, not 40× the saturation value
    hot_bins = [int(q_map()[r, c] // width) for r, c in HOT]
    assert np.nanmax(mean[hot_bins]) < 500
    excluded = excluded_pixels(stack[1], mask)
    expected, counts = numpy_profile(stack[1], excluded, centres)
    np.testing.assert_array_equal(np.asarray(got["counts"]), counts)
    np.testing.assert_allclose(mean, expected, rtol=1e-6, equal_nan=True)
    assert got["excluded"] == int(excluded.sum())
    assert got["geometry"]["beam_x"] == pytest.approx(BEAM[1])
    assert got["geometry"]["beam_y"] == pytest.approx(BEAM[0])


async def test_profile_versus_two_theta_in_degrees(jp_fetch, lab6):
    got = await get_json(
        jp_fetch, "profile", file="lab6.nxs", path="/entry/data/data", axis="two_theta", bins=300
    )
    assert got["unit"] == "deg" and len(got["centres"]) == 300
    expected = [math.degrees(2 * math.asin(q * WAVELENGTH / (4 * math.pi))) for q in ring_q()]
    peaks = np.asarray(got["centres"])[got["peaks"]]
    assert len(peaks) == len(expected)
    for angle, found in zip(expected, peaks, strict=True):
        assert abs(found - angle) <= got["bin_width"]


async def test_profile_of_a_sum_of_frames_leaves_out_pixels_excluded_in_any(jp_fetch, lab6):
    stack, mask = lab6
    got = await get_json(
        jp_fetch, "profile", file="lab6.nxs", path="/entry/instrument/detector/data",
        frames="0:2", bins=200,
    )  # fmt: skip
    centres = np.asarray(got["centres"])
    total = stack.astype(np.float64).sum(axis=0)
    excluded = (mask != 0) | (stack == GAP).any(axis=0) | (stack > SATURATION).any(axis=0)
    expected, _ = numpy_profile(total, excluded, centres)
    mean = np.array([np.nan if v is None else v for v in got["mean"]])
    np.testing.assert_allclose(mean, expected, rtol=1e-6, equal_nan=True)


async def test_geometry_given_in_the_request_replaces_the_files(jp_fetch, jp_root_dir):
    write_lab6(jp_root_dir / "bare.nxs", geometry=False)
    code, body = await get_error(jp_fetch, "profile", file="bare.nxs", path="/entry/data/data")
    assert code == 400 and "beam_x" in body["message"]
    got = await get_json(
        jp_fetch, "profile", file="bare.nxs", path="/entry/data/data",
        beam_x=BEAM[1], beam_y=BEAM[0], distance=DISTANCE, wavelength=WAVELENGTH,
        pixel_x=PIXEL, pixel_y=PIXEL,
    )  # fmt: skip
    peaks = np.asarray(got["centres"])[got["peaks"]]
    assert len(peaks) == len(RING_N)
    for q, found in zip(ring_q(), peaks, strict=True):
        assert abs(found - q) <= got["bin_width"]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"axis": "d"}, "bad_request"),
        ({"bins": "-3"}, "bad_request"),
        ({"distance": "nan"}, "bad_request"),
        ({"distance": "-1"}, "bad_request"),
    ],
)
async def test_400_on_bad_profile_arguments(jp_fetch, lab6, params, code):
    status, body = await get_error(
        jp_fetch, "profile", file="lab6.nxs", path="/entry/data/data", **params
    )
    assert status == 400 and body["code"] == code
