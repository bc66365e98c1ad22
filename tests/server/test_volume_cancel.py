"""A slice whose client closes its connection stops decoding between chunks (over real HTTP)."""

from __future__ import annotations

import zlib
from pathlib import Path

import h5py
import numpy as np
import pytest

from tests.server.test_volumes import slice_of
from tests.server.test_workers import leave_after, service_of, until

FRAMES, SIDE = 4000, 512  # a side slice crosses 4,000 chunks of 512 KiB: seconds of decoding


@pytest.fixture
def jp_server_config() -> dict[str, object]:
    return {
        "ServerApp": {"jpserver_extensions": {"nxviz": True}},
        "NxvizService": {"request_timeout": 600.0, "workers": 2},
    }


def write_tall(path: Path) -> np.ndarray:
    """FRAMES frames chunked one a chunk, gzip; four distinct frames repeated (quick to write,
    decoded like any other)."""
    rng = np.random.default_rng(2)
    frames = [rng.integers(0, 16, (SIDE, SIDE), dtype=np.uint16) * (i + 1) for i in range(4)]
    stored = [zlib.compress(f.tobytes(), 1) for f in frames]
    with h5py.File(path, "w") as f:
        data = f.create_dataset(
            "v", (FRAMES, SIDE, SIDE), dtype="<u2", chunks=(1, SIDE, SIDE), compression="gzip"
        )
        for z in range(FRAMES):
            data.id.write_direct_chunk((z, 0, 0), stored[z % 4])
    return np.stack(frames)


async def test_a_side_slice_whose_client_leaves_stops_at_a_chunk_and_frees_its_worker(
    jp_fetch, jp_serverapp, jp_http_port, jp_base_url, jp_root_dir
):
    frames = write_tall(jp_root_dir / "tall.h5")
    pool = service_of(jp_serverapp).pool
    url = "nxviz/api/slice?file=tall.h5&path=/v&axis=2&index=100&width=64&height=64"

    await leave_after(jp_serverapp, jp_http_port, jp_base_url, url, lambda: pool.running == 1)

    await until(lambda: pool.counters.cancelled == 1, "the slice stopped")
    assert pool.counters.killed == 0  # it stopped by itself, between chunks
    assert pool.counters.completed == 0  # before the slice was done
    await until(lambda: pool.running == 0, "the worker is free again")
    picture, meta = await slice_of(jp_fetch, file="tall.h5", path="/v", axis=0, index=6)
    assert meta["complete"]
    np.testing.assert_array_equal(picture, frames[6 % 4])
