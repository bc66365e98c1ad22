"""``xrf/select`` by a polygon drawn on the scatter (PyMca's real fit output, against matplotlib's
point-in-polygon), and SPEC's ``_mca_`` cube (a real file) recognised by its own ``@axes``."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest
from matplotlib.path import Path as Polygon

from tests.conftest import REPO
from tests.server.helpers import get_error, get_json
from tests.xrf.factories import FIT_FILE, FIT_PROCESS

SPEC_FILE = REPO / "tests" / "data" / "real" / "33id_spec_22_2D.hdf5"
MCA = "/S22/data/_mca_"


def read(path: Path, name: str) -> np.ndarray:
    with h5py.File(path, "r") as f:
        return np.asarray(f[name][()], dtype=np.float64)


async def get_mask(jp_fetch: Any, **params: object) -> np.ndarray:
    response = await jp_fetch("nxviz", "api", "xrf", "select", params=params)
    shape = [int(n) for n in response.headers["X-Nxviz-Shape"].split(",")]
    return np.frombuffer(response.body, np.uint8).reshape(shape)


async def test_select_by_polygon_marks_the_pixels_whose_values_lie_inside(jp_fetch, jp_root_dir):
    shutil.copyfile(FIT_FILE, jp_root_dir / "fit.h5")
    x = f"{FIT_PROCESS}/results/parameters/Cu_K"
    y = f"{FIT_PROCESS}/results/parameters/Fe_Ka"
    a, b = read(jp_root_dir / "fit.h5", x), read(jp_root_dir / "fit.h5", y)
    # a triangle over the scatter, its base just below the lowest iron and across all copper,
    # its apex above the highest iron: the slanted sides cut the cloud (no pixel on an edge)
    (x0, x1), (y0, y1) = (a.min(), a.max()), (b.min(), b.max())
    dx, dy = 0.01 * (x1 - x0), 0.01 * (y1 - y0)
    vertices = [
        (float(x0 - dx), float(y0 - dy)),
        (float(x1 + dx), float(y0 - dy)),
        (float(x0 + 0.6 * (x1 - x0)), float(y1 + dy)),
    ]
    text = ",".join(f"{vx!r},{vy!r}" for vx, vy in vertices)
    got = await get_mask(jp_fetch, file="fit.h5", x=x, y=y, polygon=text)
    points = np.column_stack([a.ravel(), b.ravel()])
    expected = Polygon(vertices).contains_points(points).reshape(a.shape)
    np.testing.assert_array_equal(got, expected.astype(np.uint8))
    assert 0 < got.sum() < got.size


@pytest.mark.parametrize(
    "params",
    [
        {"polygon": "1,2,3,4"},  # two vertices
        {"polygon": "0,0,1,0,1,1", "xrange": "0:1", "yrange": "0:1"},  # both
        {"xrange": "0:1"},  # half a box
    ],
)
async def test_a_bad_selection_is_400(jp_fetch, jp_root_dir, params):
    shutil.copyfile(FIT_FILE, jp_root_dir / "fit.h5")
    x = f"{FIT_PROCESS}/results/parameters/Cu_K"
    status, body = await get_error(jp_fetch, "xrf/select", file="fit.h5", x=x, y=x, **params)
    assert status == 400 and body["code"] == "bad_request"


async def test_specs_mca_cube_is_found_by_its_own_axes(jp_fetch, jp_root_dir):
    shutil.copyfile(SPEC_FILE, jp_root_dir / "spec.hdf5")
    values = read(jp_root_dir / "spec.hdf5", MCA)
    for path in (MCA, "/S22/data"):
        got = await get_json(jp_fetch, "xrf", file="spec.hdf5", path=path)
        assert got["kind"] == "cube" and got["cube"]["path"] == MCA
    cube = got["cube"]
    assert cube["shape"] == [11, 11, 91]
    assert cube["energy"]["source"] == "channel" and len(cube["energy"]["values"]) == 91
    assert cube["rows"]["name"] == "eta" and cube["cols"]["name"] == "chi"
    np.testing.assert_allclose(
        cube["rows"]["values"], read(jp_root_dir / "spec.hdf5", "/S22/data/eta")
    )

    spectrum = await get_json(jp_fetch, "xrf/spectrum", file="spec.hdf5", path=MCA, pixel="4,7")
    np.testing.assert_array_equal(spectrum["counts"], values[4, 7])
    response = await jp_fetch(
        "nxviz", "api", "xrf", "map", params={"file": "spec.hdf5", "path": MCA}
    )
    got_map = np.frombuffer(response.body, "<f4").reshape(11, 11)
    np.testing.assert_array_equal(got_map, values.sum(axis=2).astype(np.float32))


async def test_own_axes_ending_in_a_position_are_no_cube(jp_fetch, jp_root_dir):
    with h5py.File(jp_root_dir / "stack.h5", "w") as f:
        f["scan/frames"] = np.zeros((4, 8, 300), dtype=np.uint16)
        f["scan/frames"].attrs["axes"] = "frame:y:x"
        f["scan/x"] = np.arange(300.0)
        f["scan/x"].attrs["units"] = "mm"
    status, body = await get_error(jp_fetch, "xrf", file="stack.h5", path="/scan/frames")
    assert status == 415 and body["code"] == "unsupported_type"
