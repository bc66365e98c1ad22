"""XRF answers as the worker sends them: maps and selections through shared memory, spectra as
float64 bytes (``format=bin``), and a pixel asked again after its file changed is the new one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest

from nxviz.server.bodies import SMALL
from tests.xrf.factories import CHANNELS, COLS, ROWS, write_nxdata_cube

CUBE = "/entry/data/spectra"


@pytest.fixture
def jp_server_config() -> dict[str, object]:
    return {"ServerApp": {"jpserver_extensions": {"nxviz": True}}, "NxvizService": {"workers": 2}}


def shared(jp_serverapp: Any) -> int:
    count: int = jp_serverapp.web_app.settings["nxviz"].pool.counters.shared
    return count


def write_wide_cube(path: Path) -> np.ndarray:
    """300 x 250 pixels of 12 channels: its map (300 kB of float32) and a selection on two of
    its channels (75 kB) are no small bodies."""
    values = np.random.default_rng(3).integers(0, 5000, (300, 250, 12), dtype=np.uint32)
    with h5py.File(path, "w") as f:
        data = f.create_group("entry/data")
        data.attrs["NX_class"] = "NXdata"
        data.attrs["signal"] = "spectra"
        data.attrs["axes"] = ["y", "x", "energy"]
        data.create_dataset("spectra", data=values, chunks=(1, 250, 12), compression="gzip")
        data["energy"] = np.linspace(1.0, 12.0, 12)
        data["energy"].attrs["units"] = "keV"
        f["maps/a"] = values[:, :, 0].astype(np.float64)
        f["maps/b"] = values[:, :, 1].astype(np.float64)
    return values


async def test_maps_selections_and_tiffs_cross_through_shared_memory(
    jp_fetch, jp_serverapp, jp_root_dir
):
    values = write_wide_cube(jp_root_dir / "wide.h5")
    base = shared(jp_serverapp)
    response = await jp_fetch(
        "nxviz", "api", "xrf", "map", params={"file": "wide.h5", "path": CUBE}
    )
    got = np.frombuffer(response.body, "<f4").reshape(300, 250)
    assert got.nbytes > SMALL
    np.testing.assert_array_equal(got, values.sum(axis=2).astype(np.float32))
    assert shared(jp_serverapp) == base + 1

    params = {
        "file": "wide.h5",
        "x": "/maps/a",
        "y": "/maps/b",
        "xrange": "0:2500",
        "yrange": "1000:5000",
    }
    response = await jp_fetch("nxviz", "api", "xrf", "select", params=params)
    a, b = values[:, :, 0], values[:, :, 1]
    expected = (a <= 2500) & (b >= 1000)
    np.testing.assert_array_equal(
        np.frombuffer(response.body, np.uint8).reshape(300, 250), expected
    )
    assert shared(jp_serverapp) == base + 2

    params = {"file": "wide.h5", "paths": "/maps/a,/maps/b"}
    response = await jp_fetch("nxviz", "api", "xrf", "tiff", params=params)
    assert response.headers["Content-Type"] == "image/tiff"
    assert len(response.body) > 2 * 300 * 250 * 4
    assert shared(jp_serverapp) == base + 3


async def test_a_spectrum_as_bin_is_float64_counts_with_the_pixel_count(jp_fetch, jp_root_dir):
    values = write_nxdata_cube(jp_root_dir / "cube.nxs")
    for selection, expected, pixels in [
        ({"pixel": "4,11"}, values[4, 11], 1),
        ({"region": "2:19,3:12"}, values[2:19, 3:12].sum(axis=(0, 1)), 17 * 9),
    ]:
        params = {"file": "cube.nxs", "path": CUBE, "format": "bin", **selection}
        response = await jp_fetch("nxviz", "api", "xrf", "spectrum", params=params)
        assert response.headers["Content-Type"] == "application/octet-stream"
        assert response.headers["X-Nxviz-Dtype"] == "<f8"
        assert response.headers["X-Nxviz-Shape"] == str(CHANNELS)
        assert response.headers["X-Nxviz-Pixels"] == str(pixels)
        np.testing.assert_array_equal(np.frombuffer(response.body, "<f8"), expected)


async def test_a_pixel_asked_again_after_its_file_changed_is_the_new_files(jp_fetch, jp_root_dir):
    path = jp_root_dir / "cube.nxs"
    values = write_nxdata_cube(path, compression=None)  # rewritten in place: the same size
    before = path.stat()

    async def pixel(row: int, col: int) -> np.ndarray:
        params = {"file": "cube.nxs", "path": CUBE, "pixel": f"{row},{col}", "format": "bin"}
        response = await jp_fetch("nxviz", "api", "xrf", "spectrum", params=params)
        return np.frombuffer(response.body, "<f8")

    for col in range(COLS):  # the whole row: its chunk is kept by the worker
        np.testing.assert_array_equal(await pixel(6, col), values[6, col])
    changed = values[::-1].copy()
    with h5py.File(path, "r+") as f:
        f[CUBE][...] = changed
    os.utime(path, ns=(before.st_mtime_ns + 10**9, before.st_mtime_ns + 10**9))
    assert path.stat().st_size == before.st_size
    for col in (0, 5, COLS - 1):
        got = await pixel(6, col)
        np.testing.assert_array_equal(got, changed[6, col])
        assert not np.array_equal(got, values[6, col])
    np.testing.assert_array_equal(await pixel(ROWS - 1, 2), changed[ROWS - 1, 2])
