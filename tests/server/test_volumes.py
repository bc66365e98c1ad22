"""GET /nxviz/api/volume and /nxviz/api/slice on volumes and NXtomo scans written with h5py."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest

from tests.server.helpers import get_error, get_json
from tests.volumes.factories import DARKS, FLATS, PIXEL_SIZE, VOLUME, write_tomo, write_volume

VOLUME_PATH = "/entry/reconstruction/volume"
TOMO_PATH = "/entry/data/data"


async def slice_of(jp_fetch: Any, **params: object) -> tuple[np.ndarray, dict[str, Any]]:
    response = await jp_fetch("nxviz", "api", "slice", params=params)
    assert response.headers["Content-Type"] == "application/octet-stream"
    meta = json.loads(response.headers["X-Nxviz-Slice"])
    return np.frombuffer(response.body, "<f4").reshape(meta["image_shape"]), meta


@pytest.fixture
def volume(jp_root_dir: Path) -> np.ndarray:
    return write_volume(jp_root_dir / "volume.nxs")


@pytest.fixture
def tomo(jp_root_dir: Path) -> np.ndarray:
    return write_tomo(jp_root_dir / "tomo.nxs")


async def test_volume_tells_shape_chunks_levels_and_the_nxdata_axes(jp_fetch, volume):
    got = await get_json(jp_fetch, "volume", file="volume.nxs", path=VOLUME_PATH)
    assert got["shape"] == list(VOLUME)
    assert got["chunks"] == [1, *VOLUME[1:]]
    assert got["levels"] == [1, 2, 2]  # 30 chunks across a side slice: a coarse level first
    assert [a["name"] for a in got["axes"]] == ["z", "y", "x"]
    assert got["axes"][2]["units"] == "mm"
    assert got["axes"][2]["values"] == [i * 0.5 + 1.0 for i in range(VOLUME[2])]
    assert got["nxtomo"] is None


async def test_volume_of_an_nxtomo_scan_counts_its_frames_by_image_key(jp_fetch, tomo):
    got = await get_json(jp_fetch, "volume", file="tomo.nxs", path=TOMO_PATH)
    scan = got["nxtomo"]
    assert scan["counts"] == {"projections": 25, "flats": FLATS, "darks": DARKS, "invalid": 0}
    assert scan["frames"]["flats"] == list(range(DARKS, DARKS + FLATS))
    assert scan["rotation_angle"][-1] == 180.0
    assert scan["rotation_angle_units"] == "deg"
    assert got["axes"][0]["name"] == "rotation_angle"
    assert got["axes"][2]["values"][1] == pytest.approx(PIXEL_SIZE)
    assert got["axes"][2]["units"] == "m"


@pytest.mark.parametrize("axis", [0, 1, 2])
async def test_the_last_level_of_a_slice_is_h5pys_slice_exactly(jp_fetch, volume, axis):
    index = VOLUME[axis] // 2
    got, meta = await slice_of(
        jp_fetch, file="volume.nxs", path=VOLUME_PATH, axis=axis, index=index, width=64, height=64
    )
    np.testing.assert_array_equal(got, np.take(volume, index, axis=axis).astype(np.float32))
    assert meta["complete"] and meta["factors"] == [1, 1]


async def test_the_coarse_level_of_a_side_slice_repeats_every_fourth_chunk(jp_fetch, volume):
    got, meta = await slice_of(
        jp_fetch, file="volume.nxs", path=VOLUME_PATH, axis=2, index=7, level=0, width=64
    )
    assert (meta["level"], meta["levels"], meta["stride"], meta["complete"]) == (0, 2, 4, False)
    assert meta["decoded"] == meta["chunks_shown"] == 8  # rows 0, 4, ..., 28 of 30
    expected = volume[:, :, 7][np.arange(VOLUME[0]) // 4 * 4]
    np.testing.assert_array_equal(got, expected.astype(np.float32))


async def test_a_slice_reduced_to_screen_size_is_max_pooled(jp_fetch, volume):
    got, meta = await slice_of(
        jp_fetch, file="volume.nxs", path=VOLUME_PATH, axis=0, index=3, width=11, height=13
    )
    assert meta["factors"] == [2, 2] and list(got.shape) == [13, 11]
    assert got[0, 0] == volume[3, :2, :2].max()


async def test_a_projection_corrected_is_minus_log_of_the_normalised_transmission(jp_fetch, tomo):
    flat = tomo[DARKS : DARKS + FLATS].mean(axis=0)
    dark = tomo[:DARKS].mean(axis=0)
    index = DARKS + FLATS + 5
    got, meta = await slice_of(
        jp_fetch, file="tomo.nxs", path=TOMO_PATH, axis=0, index=index, correct=1
    )
    expected = -np.log((tomo[index] - dark) / (flat - dark))
    np.testing.assert_allclose(got, expected, rtol=1e-5)
    assert meta["corrected"]


async def test_a_sinogram_shows_the_projections_at_one_detector_row(jp_fetch, tomo):
    got, meta = await slice_of(
        jp_fetch, file="tomo.nxs", path=TOMO_PATH, axis=1, index=9, frames="projections"
    )
    np.testing.assert_array_equal(got, tomo[DARKS + FLATS :, 9, :].astype(np.float32))
    corrected, _ = await slice_of(
        jp_fetch, file="tomo.nxs", path=TOMO_PATH, axis=1, index=9, frames="projections", correct=1
    )
    flat = tomo[DARKS : DARKS + FLATS, 9].mean(axis=0)
    dark = tomo[:DARKS, 9].mean(axis=0)
    expected = -np.log((tomo[DARKS + FLATS :, 9] - dark) / (flat - dark))
    np.testing.assert_allclose(corrected, expected, rtol=1e-5)


async def test_reading_slices_leaves_the_file_bytes_and_mtime_unchanged(
    jp_fetch, jp_root_dir, volume
):
    path = jp_root_dir / "volume.nxs"
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    for axis in range(3):
        await slice_of(jp_fetch, file="volume.nxs", path=VOLUME_PATH, axis=axis, index=1)
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before


async def test_a_rewritten_file_is_answered_from_its_new_values(jp_fetch, jp_root_dir, volume):
    await slice_of(jp_fetch, file="volume.nxs", path=VOLUME_PATH, axis=2, index=4)
    changed = write_volume(jp_root_dir / "new.nxs") + 0
    with h5py.File(jp_root_dir / "new.nxs", "r+") as f:
        changed += 1
        f[VOLUME_PATH][...] = changed
    os.replace(jp_root_dir / "new.nxs", jp_root_dir / "volume.nxs")  # as a writer would
    got, _ = await slice_of(jp_fetch, file="volume.nxs", path=VOLUME_PATH, axis=2, index=4)
    np.testing.assert_array_equal(got, changed[:, :, 4].astype(np.float32))


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        pytest.param({"axis": 3}, 400, "bad_request", id="axis-out-of-range"),
        pytest.param({"index": VOLUME[0]}, 400, "bad_selection", id="index-out-of-range"),
        pytest.param({"level": 5, "axis": 2}, 400, "bad_request", id="no-such-level"),
        pytest.param({"path": "/flat"}, 400, "bad_request", id="not-3-d"),
        pytest.param({"correct": 1}, 400, "bad_request", id="correct-without-nxtomo"),
        pytest.param({"path": "/entry/nothing"}, 404, "entity_not_found", id="no-such-path"),
    ],
)
async def test_bad_slices_are_refused_with_a_code(jp_fetch, volume, params, status, code):
    query = {"file": "volume.nxs", "path": VOLUME_PATH, **params}
    got_status, body = await get_error(jp_fetch, "slice", **query)
    assert (got_status, body["code"]) == (status, code)
    assert "/" + "tmp" not in body["message"] and str(Path.cwd()) not in body["message"]


@pytest.mark.parametrize(
    ("axis", "start", "end"),
    [
        (0, (0.0, 0.0), (25.0, 21.0)),
        (2, (3.5, 1.25), (29.0, 17.75)),
        (1, (12.0, 2.0), (12.0, 20.0)),
    ],
    ids=["diagonal-xy", "fractional-side", "along-a-row"],
)
async def test_a_line_profile_is_scipys_linear_interpolation_of_h5pys_slice(
    jp_fetch, volume, axis, start, end
):
    from scipy.ndimage import map_coordinates

    index = 11
    got = await get_json(
        jp_fetch, "line", file="volume.nxs", path=VOLUME_PATH, axis=axis, index=index,
        r0=start[0], c0=start[1], r1=end[0], c1=end[1],
    )  # fmt: skip

    plane = np.take(volume, index, axis=axis).astype(np.float64)
    length = float(np.hypot(end[0] - start[0], end[1] - start[1]))
    count = int(np.ceil(length)) + 1
    rows = np.linspace(start[0], end[0], count)
    cols = np.linspace(start[1], end[1], count)
    expected = map_coordinates(plane, [rows, cols], order=1)
    assert got["interpolation"] == "bilinear"
    assert got["axes"] == [a for a in range(3) if a != axis]
    assert len(got["values"]) == count
    np.testing.assert_allclose(got["values"], expected, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(got["distance"], np.linspace(0, length, count))
    np.testing.assert_allclose(got["rows"], rows)


async def test_a_line_profile_asks_the_number_of_samples_and_stays_inside_the_slice(
    jp_fetch, volume
):
    params = {"file": "volume.nxs", "path": VOLUME_PATH, "axis": 0, "index": 3}
    got = await get_json(jp_fetch, "line", **params, r0=2, c0=2, r1=2, c1=12, samples=6)
    assert got["cols"] == [2.0, 4.0, 6.0, 8.0, 10.0, 12.0]
    assert got["values"] == [float(v) for v in volume[3, 2, 2:13:2]]
    status, body = await get_error(jp_fetch, "line", **params, r0=0, c0=0, r1=26, c1=0)
    assert status == 400 and "outside" in body["message"]
    status, body = await get_error(jp_fetch, "line", **params, r0=0, c0=0, r1=3)
    assert status == 400 and "'c1' is required" in body["message"]
