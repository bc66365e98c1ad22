"""/nxviz/api/pyramid builds a volume's pyramid in the cache folder; slices then come from it."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest

from tests.server.test_volumes import slice_of
from tests.volumes.test_pyramid import expected_levels

SHAPE = (80, 72, 66)
PATH = "/entry/volume"


def write(path: Path, seed: int) -> np.ndarray:
    values = (np.random.default_rng(seed).random(SHAPE) * 60000).astype("<u2")
    with h5py.File(path, "w") as f:
        f.create_dataset(PATH, data=values, chunks=(1, *SHAPE[1:]), compression="gzip")
    return values


async def pyramid(jp_fetch: Any, method: str = "GET") -> dict[str, Any]:
    body = b"" if method == "POST" else None
    params = {"file": "v.h5", "path": PATH}
    response = await jp_fetch("nxviz", "api", "pyramid", params=params, method=method, body=body)
    assert response.code == 200
    got: dict[str, Any] = json.loads(response.body)
    return got


async def built(jp_fetch: Any) -> dict[str, Any]:
    state = await pyramid(jp_fetch, "POST")
    for _ in range(600):  # the build runs in a process of its own
        if state["state"] != "building":
            break
        await asyncio.sleep(0.2)
        state = await pyramid(jp_fetch)
    return state


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NXVIZ_CACHE_DIR", str(tmp_path / "user-cache"))
    return tmp_path / "user-cache" / "pyramids"


async def test_a_built_pyramid_answers_slices_at_screen_size_with_its_block_means(
    jp_fetch, jp_root_dir, cache
):
    values = write(jp_root_dir / "v.h5", 1)
    before = (jp_root_dir / "v.h5").read_bytes(), os.stat(jp_root_dir / "v.h5").st_mtime_ns
    assert (await pyramid(jp_fetch))["state"] == "none"

    state = await built(jp_fetch)

    assert state["state"] == "ready", state
    assert state["levels"] == 1 and state["bytes"] == 3 * 40 * 36 * 33 * 2
    (level1,) = expected_levels(values, 1)
    for axis, index in ((0, 41), (1, 7), (2, 65)):
        small = [n for a, n in enumerate(level1.shape) if a != axis]
        picture, meta = await slice_of(
            jp_fetch, file="v.h5", path=PATH, axis=axis, index=index, width=small[1],
            height=small[0],
        )  # fmt: skip
        assert meta["pyramid"] == 1 and meta["complete"] and meta["factors"] == [2, 2]
        np.testing.assert_array_equal(picture, np.take(level1, index // 2, axis=axis))
    picture, meta = await slice_of(
        jp_fetch, file="v.h5", path=PATH, axis=2, index=65, width=100, height=100
    )
    assert meta["pyramid"] is None  # full resolution asked: the volume itself
    np.testing.assert_array_equal(picture, values[:, :, 65])
    assert sorted(p.name for p in jp_root_dir.iterdir()) == ["v.h5"]
    assert ((jp_root_dir / "v.h5").read_bytes(), os.stat(jp_root_dir / "v.h5").st_mtime_ns) == (
        before
    )
    assert len(list(cache.iterdir())) == 1


async def test_a_changed_file_is_answered_from_its_new_values_and_its_pyramid_removed(
    jp_fetch, jp_root_dir, cache
):
    write(jp_root_dir / "v.h5", 1)
    assert (await built(jp_fetch))["state"] == "ready"
    stat = os.stat(jp_root_dir / "v.h5")
    values = write(jp_root_dir / "v.h5", 2)
    os.utime(jp_root_dir / "v.h5", ns=(stat.st_mtime_ns + 10**9, stat.st_mtime_ns + 10**9))

    picture, meta = await slice_of(
        jp_fetch, file="v.h5", path=PATH, axis=1, index=9, width=33, height=40
    )

    assert meta["pyramid"] is None
    assert meta["image_shape"] == [40, 33]
    exact, _ = await slice_of(jp_fetch, file="v.h5", path=PATH, axis=1, index=9)
    np.testing.assert_array_equal(exact, values[:, 9, :])
    assert (await pyramid(jp_fetch))["state"] == "none"
    assert list(cache.iterdir()) == []


async def test_a_cache_folder_that_cannot_be_written_is_told_in_one_line(
    jp_fetch, jp_root_dir, tmp_path, monkeypatch
):
    write(jp_root_dir / "v.h5", 1)
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("NXVIZ_CACHE_DIR", str(tmp_path / "a-file"))

    state = await built(jp_fetch)

    assert state["state"] == "refused"
    assert "not writable" in state["notice"] and "\n" not in state["notice"]
    assert str(tmp_path) not in json.dumps(state)


async def test_a_cancelled_build_stops_and_leaves_nothing_in_the_cache(
    jp_fetch, jp_root_dir, cache
):
    from tests.server.test_volume_cancel import write_tall

    write_tall(jp_root_dir / "tall.h5")  # 4,000 frames of 512²: a build of many seconds
    params = {"file": "tall.h5", "path": "/v"}
    posted = await jp_fetch("nxviz", "api", "pyramid", params=params, method="POST", body=b"")
    assert json.loads(posted.body)["state"] == "building"

    deleted = await jp_fetch("nxviz", "api", "pyramid", params=params, method="DELETE")

    assert json.loads(deleted.body)["state"] == "cancelled"
    for _ in range(600):  # the builder stops between slabs and removes its partial folder
        state = json.loads((await jp_fetch("nxviz", "api", "pyramid", params=params)).body)
        if state["state"] != "building" and not left(cache):
            break
        await asyncio.sleep(0.2)
    assert state["state"] == "cancelled"
    assert left(cache) == []  # (no folder at all when it stopped before making one)


def left(cache: Path) -> list[Path]:
    return list(cache.iterdir()) if cache.exists() else []
