"""The pyramid: each level against numpy's block means of h5py's volume, and its cache's rules."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import h5py
import numpy as np
import pytest

from nxviz.volumes.build import BUILT, CANCELLED, REFUSED, build_pyramid
from nxviz.volumes.cache import Identity, PyramidCache
from nxviz.volumes.pyramid import choose_level, level_plane, level_shapes

SHAPE = (37, 30, 26)


def _write(path: Path, dtype: str, layout: dict[str, object]) -> np.ndarray:
    values = (np.random.default_rng(11).random(SHAPE) * 60000).astype(dtype)
    with h5py.File(path, "w") as f:
        f.create_dataset("entry/v", data=values, **layout)  # type: ignore[arg-type]
    return values


def block_mean(values: np.ndarray) -> np.ndarray:
    """numpy's 2×2×2 block means, at odd edges over the voxels there (float64)."""
    out = np.empty(tuple(-(-n // 2) for n in values.shape))
    for z in range(out.shape[0]):
        for y in range(out.shape[1]):
            for x in range(out.shape[2]):
                out[z, y, x] = values[
                    2 * z : 2 * z + 2, 2 * y : 2 * y + 2, 2 * x : 2 * x + 2
                ].mean()
    return out


def expected_levels(values: np.ndarray, count: int) -> list[np.ndarray]:
    found, current = [], values
    for _ in range(count):
        means = block_mean(current.astype(np.float64))
        current = (np.rint(means) if values.dtype.kind in "iu" else means).astype(values.dtype)
        found.append(current)
    return found


@pytest.fixture
def cache(tmp_path: Path) -> PyramidCache:
    return PyramidCache(tmp_path / "cache", max_bytes=1 << 30)


@pytest.mark.parametrize(
    ("dtype", "layout"),
    [
        ("<u2", {"chunks": (1, 30, 26), "compression": "gzip", "shuffle": True}),
        ("<f4", {"chunks": (4, 8, 8), "compression": "gzip"}),
        ("<i2", {}),
    ],
    ids=["gzip-frames", "float-cubes", "contiguous"],
)
def test_every_level_and_orientation_is_the_block_mean_of_h5pys_volume(
    tmp_path, cache, dtype, layout
):
    data = tmp_path / "data"
    data.mkdir()
    values = _write(data / "v.h5", dtype, layout)
    assert build_pyramid(str(data / "v.h5"), "/entry/v", cache, min_side=8) == BUILT
    identity = Identity.of(str(data / "v.h5"), "/entry/v")
    manifest = cache.lookup(identity)
    assert manifest is not None
    assert [tuple(s) for s in manifest["levels"]] == level_shapes(SHAPE, 8) == [
        (19, 15, 13), (10, 8, 7), (5, 4, 4)
    ]  # fmt: skip
    folder = cache.folder(identity)
    for level, expected in enumerate(expected_levels(values, 3), start=1):
        for index in (0, 5, SHAPE[0] - 1):
            got = level_plane(folder, manifest, level, 0, index)
            np.testing.assert_allclose(got, expected[index >> level], rtol=1e-6)
        for index in (0, 7, SHAPE[1] - 1):
            got = level_plane(folder, manifest, level, 1, index)
            np.testing.assert_allclose(got, expected[:, index >> level, :], rtol=1e-6)
        for index in (3, SHAPE[2] - 1):
            got = level_plane(folder, manifest, level, 2, index)
            np.testing.assert_allclose(got, expected[:, :, index >> level], rtol=1e-6)


def test_the_cache_lives_outside_the_data_folder_and_leaves_the_file_unchanged(tmp_path, cache):
    data = tmp_path / "data"
    data.mkdir()
    _write(data / "v.h5", "<u2", {"chunks": (1, 30, 26), "compression": "gzip"})
    before = (data / "v.h5").read_bytes(), os.stat(data / "v.h5").st_mtime_ns
    assert build_pyramid(str(data / "v.h5"), "/entry/v", cache, min_side=8) == BUILT
    assert sorted(p.name for p in data.iterdir()) == ["v.h5"]
    assert ((data / "v.h5").read_bytes(), os.stat(data / "v.h5").st_mtime_ns) == before
    assert any(cache.root.iterdir())


def test_a_changed_file_invalidates_and_removes_its_pyramid(tmp_path, cache):
    path = tmp_path / "v.h5"
    _write(path, "<u2", {"chunks": (1, 30, 26), "compression": "gzip"})
    assert build_pyramid(str(path), "/entry/v", cache, min_side=8) == BUILT
    old = Identity.of(str(path), "/entry/v")
    assert cache.lookup(old) is not None
    with h5py.File(path, "a") as f:
        f["entry/v"][0, 0, 0] = 7
    os.utime(path, ns=(old.mtime_ns + 10**9, old.mtime_ns + 10**9))
    new = Identity.of(str(path), "/entry/v")
    assert cache.lookup(new) is None
    assert not cache.folder(new).exists()


def test_the_cache_is_bounded_least_recently_used_first(tmp_path):
    paths = []
    for name in ("a", "b", "c"):
        paths.append(tmp_path / f"{name}.h5")
        _write(paths[-1], "<u2", {})
    one = Identity.of(str(paths[0]), "/entry/v")
    small = PyramidCache(tmp_path / "cache", max_bytes=1 << 30)
    assert build_pyramid(str(paths[0]), "/entry/v", small, min_side=8) == BUILT
    size = sum(p.stat().st_size for p in small.folder(one).iterdir())
    bounded = PyramidCache(tmp_path / "cache", max_bytes=int(size * 2.5))
    assert build_pyramid(str(paths[1]), "/entry/v", bounded, min_side=8) == BUILT
    assert bounded.lookup(one) is not None  # a used again: b is now the least recent
    assert build_pyramid(str(paths[2]), "/entry/v", bounded, min_side=8) == BUILT
    kept = {p: bounded.lookup(Identity.of(str(p), "/entry/v")) is not None for p in paths}
    assert kept == {paths[0]: True, paths[1]: False, paths[2]: True}
    tiny = PyramidCache(tmp_path / "cache", max_bytes=size // 2)
    assert build_pyramid(str(paths[1]), "/entry/v", tiny, min_side=8) == REFUSED


def test_a_cache_folder_that_cannot_be_written_refuses_with_a_one_line_notice(tmp_path, capsys):
    path = tmp_path / "v.h5"
    _write(path, "<u2", {})
    (tmp_path / "not-a-folder").write_text("")  # even root cannot create a folder inside it
    cache = PyramidCache(tmp_path / "not-a-folder" / "pyramids")
    assert build_pyramid(str(path), "/entry/v", cache, min_side=8) == REFUSED
    err = capsys.readouterr().err
    assert "not writable" in err and err.count("\n") == 1 and str(tmp_path) not in err


def test_a_cancelled_build_leaves_no_pyramid(tmp_path, cache):
    path = tmp_path / "v.h5"
    _write(path, "<u2", {"chunks": (1, 30, 26), "compression": "gzip"})
    cancel = threading.Event()
    cancel.set()
    assert build_pyramid(str(path), "/entry/v", cache, min_side=8, cancel=cancel) == CANCELLED
    assert cache.lookup(Identity.of(str(path), "/entry/v")) is None
    assert list(cache.root.iterdir()) == []


def test_the_coarsest_level_with_the_screens_pixels_is_chosen():
    manifest = {"levels": [[1024, 1024, 1024], [512, 512, 512], [256, 256, 256]]}
    assert choose_level(manifest, (2048, 2048), (1, 2), (1000, 600)) == 1
    assert choose_level(manifest, (2048, 2048), (1, 2), (500, 300)) == 2
    assert choose_level(manifest, (2048, 2048), (1, 2), (200, 200)) == 3
    assert choose_level(manifest, (2048, 2048), (1, 2), (2048, 1500)) is None
