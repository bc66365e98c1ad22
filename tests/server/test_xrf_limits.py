"""XRF maps and region sums of a cube larger than what one request may hold: read in bands."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pytest

from tests.server.helpers import get_error, get_json

MiB = 1 << 20
SHAPE = (64, 48, 512)  # 6 MiB of uint32, 96 KiB a row


@pytest.fixture
def jp_server_config() -> dict[str, object]:
    return {
        "ServerApp": {"jpserver_extensions": {"nxviz": True}},
        "NxvizService": {"workers": 2, "max_request_memory": 2 * MiB},
    }


@pytest.fixture
def big(jp_root_dir: Path) -> np.ndarray:
    values = np.random.default_rng(3).integers(0, 50, SHAPE, dtype=np.uint32)
    with h5py.File(jp_root_dir / "big.h5", "w") as f:
        group = f.create_group("data")
        group.attrs["NX_class"] = "NXdata"
        group.attrs["signal"] = "counts"
        group.attrs["axes"] = [".", ".", "channel"]
        group.create_dataset("counts", data=values, chunks=(1, 48, 512), compression="gzip")
        group["channel"] = np.arange(SHAPE[2])
        # one chunk holds the whole cube: no band of it fits
        group.create_dataset("whole", data=values, chunks=SHAPE, compression="gzip")
    return values


async def test_a_cube_three_times_the_memory_limit_is_mapped_band_by_band(jp_fetch, big):
    response = await jp_fetch(
        "nxviz", "api", "xrf", "map", params={"file": "big.h5", "path": "/data/counts"}
    )
    got = np.frombuffer(response.body, "<f4").reshape(SHAPE[:2])
    np.testing.assert_array_equal(got, big.sum(axis=2).astype(np.float32))
    region = await get_json(
        jp_fetch, "xrf/spectrum", file="big.h5", path="/data/counts", region="0:64,0:48"
    )
    np.testing.assert_array_equal(region["counts"], big.sum(axis=(0, 1)))
    assert region["units"] == "" and region["source"] == "channel"


async def test_a_chunk_larger_than_the_memory_limit_is_413(jp_fetch, big):
    status, body = await get_error(
        jp_fetch, "xrf/map", file="big.h5", path="/data/whole", channels="0:512"
    )
    assert status == 413 and body["code"] == "too_large"
