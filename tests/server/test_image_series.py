"""GET /nxviz/api/image on an Eiger series: frames combined across its data files."""

from __future__ import annotations

import json
from pathlib import Path

import h5py
import numpy as np
import pytest

from tests.server.helpers import get_error

SHAPE = (6, 5)


def write_series(root: Path, outside: Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """master.h5 /entry/data with data_000001 (3 frames) and data_000002 (2 frames), each in
    its own file; a data_000003 leaving the root when ``outside`` is given."""
    rng = np.random.default_rng(7)
    first = rng.integers(0, 50, (3, *SHAPE), dtype=np.uint32)
    second = rng.integers(0, 50, (2, *SHAPE), dtype=np.uint32)
    for name, block in (("block_1.h5", first), ("block_2.h5", second)):
        with h5py.File(root / name, "w") as f:
            f["data"] = block
    with h5py.File(root / "master.h5", "w") as f:
        data = f.create_group("entry/data")
        data.attrs["NX_class"] = "NXdata"
        data["data_000001"] = h5py.ExternalLink("block_1.h5", "/data")
        data["data_000002"] = h5py.ExternalLink("block_2.h5", "/data")
        if outside is not None:
            with h5py.File(outside, "w") as f:
                f["data"] = np.full((4, *SHAPE), 7, np.uint32)
            data["data_000003"] = h5py.ExternalLink(str(outside), "/data")
    return first, second


async def series_image(jp_fetch, **params: object) -> tuple[np.ndarray, dict]:
    query = {"file": "master.h5", "path": "/entry/data", "width": SHAPE[1], "height": SHAPE[0]}
    response = await jp_fetch("nxviz", "api", "image", params={**query, **params})
    meta = json.loads(response.headers["X-Nxviz-Image"])
    return np.frombuffer(response.body, "<f4").reshape(meta["image_shape"]), meta


@pytest.mark.parametrize("combine", ["sum", "max"])
async def test_a_range_crossing_the_file_boundary_is_combined(jp_fetch, jp_root_dir, combine):
    first, second = write_series(jp_root_dir)

    got, meta = await series_image(jp_fetch, selection="1", frames="1:5", combine=combine)

    stack = np.concatenate([first[1:], second]).astype(np.float64)
    expected = stack.sum(axis=0) if combine == "sum" else stack.max(axis=0)
    np.testing.assert_array_equal(got, expected.astype(np.float32))
    assert meta["shape"] == [5, *SHAPE] and meta["index"] == [1]


async def test_a_frame_of_the_series_is_numbered_across_its_files(jp_fetch, jp_root_dir):
    _, second = write_series(jp_root_dir)

    got, meta = await series_image(jp_fetch, selection="4")

    np.testing.assert_array_equal(got, second[1].astype(np.float32))
    assert meta["index"] == [4]


async def test_a_block_outside_the_root_ends_the_series(jp_fetch, jp_root_dir, tmp_path):
    write_series(jp_root_dir, outside=tmp_path / "elsewhere.h5")

    _, meta = await series_image(jp_fetch, selection="0", frames="0:5")
    status, body = await get_error(
        jp_fetch,
        "image",
        file="master.h5",
        path="/entry/data",
        selection="5",  # the first frame of the block outside the root
    )

    assert meta["shape"] == [5, *SHAPE]  # 3 + 2 frames: data_000003 is not read
    assert status == 400 and body["code"] == "bad_selection"


async def test_a_group_without_blocks_is_refused(jp_fetch, jp_root_dir):
    write_series(jp_root_dir)

    status, body = await get_error(jp_fetch, "image", file="master.h5", path="/entry")

    assert (status, body["code"]) == (400, "bad_request")
    assert "data_NNNNNN" in body["message"]
