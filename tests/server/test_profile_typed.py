"""GET /nxviz/api/profile with a geometry typed by hand, on a plain detector stack (no NeXus).

The stack is written by plain h5py (no NX_class, no geometry): its ring sits at the q the test
puts it, and the profile the server computes from the typed beam centre, distance, wavelength and
pixel size equals numpy's radial average of the same frame.
"""

from __future__ import annotations

import math
from pathlib import Path

import h5py
import numpy as np
import pytest

from tests.server.helpers import get_error, get_json

SHAPE = (240, 256)  # rows (slow), columns (fast)
BEAM_X, BEAM_Y = 130.4, 110.7  # pixels
DISTANCE = 0.08  # m
WAVELENGTH = 1.0  # Å
PIXEL_X, PIXEL_Y = 75e-6, 80e-6  # m: not square, so x and y cannot be swapped unseen
RING_Q = 0.6  # Å⁻¹
GAP = 2**32 - 1
TYPED = {
    "beam_x": BEAM_X,
    "beam_y": BEAM_Y,
    "distance": DISTANCE,
    "wavelength": WAVELENGTH,
    "pixel_x": PIXEL_X,
    "pixel_y": PIXEL_Y,
}


def q_map() -> np.ndarray:
    rows, cols = np.indices(SHAPE, dtype=np.float64)
    radius = np.hypot((rows - BEAM_Y) * PIXEL_Y, (cols - BEAM_X) * PIXEL_X)
    return 4 * math.pi * np.sin(np.arctan2(radius, DISTANCE) / 2) / WAVELENGTH


def ring_frame(seed: int) -> np.ndarray:
    """Poisson background under one Gaussian ring at RING_Q; a gap column of 2^32-1."""
    q = q_map()
    expected = 30.0 + 600.0 * np.exp(-0.5 * ((q - RING_Q) / 0.008) ** 2)
    frame = np.random.default_rng(seed).poisson(expected).astype(np.uint32)
    frame[:, 200] = GAP
    return frame


@pytest.fixture
def plain(jp_root_dir: Path) -> np.ndarray:
    """A 3-D uint32 stack written by h5py with no NeXus attributes at all."""
    stack = np.stack([ring_frame(1), ring_frame(2)])
    with h5py.File(jp_root_dir / "plain.h5", "w") as f:
        f.create_dataset("data", data=stack, chunks=(1, *SHAPE))
    return stack


def numpy_radial_average(frame: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean of the non-gap pixels in `bins` equal q bins from 0 to the farthest pixel."""
    q = q_map()
    valid = frame != GAP
    edges = np.linspace(0.0, q.max(), bins + 1)
    counts, _ = np.histogram(q[valid], bins=edges)
    sums, _ = np.histogram(q[valid], bins=edges, weights=frame[valid].astype(np.float64))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(counts > 0, sums / counts, np.nan)
    return (edges[:-1] + edges[1:]) / 2, mean, counts


async def test_typed_geometry_profile_equals_numpys_radial_average(jp_fetch, plain, jp_root_dir):
    before = sorted(p.name for p in jp_root_dir.iterdir())
    code, body = await get_error(jp_fetch, "profile", file="plain.h5", path="/data")
    assert code == 400 and "beam_x" in body["message"]  # no geometry in the file
    got = await get_json(
        jp_fetch, "profile", file="plain.h5", path="/data", selection="1", bins=300, **TYPED
    )
    centres, expected, counts = numpy_radial_average(plain[1], 300)
    np.testing.assert_allclose(got["centres"], centres, rtol=1e-12)
    np.testing.assert_array_equal(got["counts"], counts)
    mean = np.array([np.nan if v is None else v for v in got["mean"]])
    np.testing.assert_allclose(mean, expected, rtol=1e-9, equal_nan=True)
    assert got["excluded"] == SHAPE[0]  # the gap column
    assert got["geometry"] == pytest.approx(TYPED)
    # the ring is where it was put: the one peak, and the maximum, within one bin of RING_Q
    width = got["bin_width"]
    assert [abs(centres[k] - RING_Q) <= width for k in got["peaks"]] == [True]
    assert abs(centres[int(np.nanargmax(mean))] - RING_Q) <= width
    # full resolution by default: one bin a pixel of radius, the ring still at its q
    full = await get_json(jp_fetch, "profile", file="plain.h5", path="/data", **TYPED)
    top = np.asarray(full["centres"])[full["peaks"]]
    assert len(full["centres"]) > 150 and len(top) == 1
    assert abs(top[0] - RING_Q) <= full["bin_width"]
    assert sorted(p.name for p in jp_root_dir.iterdir()) == before  # nothing written beside it


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("beam_x", "abc"),
        ("beam_y", "nan"),
        ("distance", "inf"),
        ("distance", "0"),
        ("wavelength", "-1"),
        ("pixel_x", "0"),
        ("pixel_y", "-75e-6"),
    ],
)
async def test_400_on_a_bad_typed_value(jp_fetch, plain, jp_root_dir, name, value):
    status, body = await get_error(
        jp_fetch, "profile", file="plain.h5", path="/data", **{**TYPED, name: value}
    )
    assert status == 400 and body["code"] == "bad_request"
    assert str(jp_root_dir) not in body["message"]


async def test_400_names_the_typed_values_missing(jp_fetch, plain):
    partial = {k: v for k, v in TYPED.items() if k not in ("distance", "pixel_y")}
    status, body = await get_error(jp_fetch, "profile", file="plain.h5", path="/data", **partial)
    assert status == 400
    assert "distance" in body["message"] and "pixel_y" in body["message"]
    assert "beam_x" not in body["message"]
