"""Progressive slices of volumes the tests write with h5py: each level against h5py's slice."""

from __future__ import annotations

import threading
from pathlib import Path

import h5py
import numpy as np
import pytest

from nxviz.volumes.chunks import COUNTERS, Cancelled, pipeline
from nxviz.volumes.planes import planes
from nxviz.volumes.slices import SliceRequest, grid, read_slice, source_positions, strides

LAYOUTS = [
    pytest.param(
        {"chunks": (1, 40, 36), "compression": "gzip", "shuffle": True},
        "<u2",
        id="gzip-shuffle-frames",
    ),
    pytest.param({"chunks": (1, 40, 36), "compression": "gzip"}, "<i4", id="gzip-frames"),
    pytest.param({"chunks": (7, 9, 10)}, "<f4", id="raw-small-chunks"),
    pytest.param(
        {"chunks": (5, 8, 36), "compression": "gzip", "shuffle": True}, ">f8", id="big-endian"
    ),
    pytest.param({}, "<u2", id="contiguous"),
    pytest.param({"chunks": (4, 4, 4), "compression": "lzf"}, "<u2", id="lzf-through-h5py"),
]
SHAPE = (70, 40, 36)


def _write(path: Path, dtype: str, layout: dict[str, object]) -> np.ndarray:
    rng = np.random.default_rng(7)
    values = (rng.random(SHAPE) * 60000).astype(dtype)
    with h5py.File(path, "w") as f:
        f.create_dataset("v", data=values, **layout)  # type: ignore[arg-type]
    return values


@pytest.fixture(autouse=True)
def _fresh_planes() -> None:
    planes.clear()


@pytest.mark.parametrize(("layout", "dtype"), LAYOUTS)
@pytest.mark.parametrize("axis", [0, 1, 2])
def test_each_level_is_the_h5py_slice_subsampled_and_the_last_is_exact(
    tmp_path: Path, layout: dict[str, object], dtype: str, axis: int
) -> None:
    path = tmp_path / "v.h5"
    values = _write(path, dtype, layout)
    index = SHAPE[axis] // 3
    with h5py.File(path, "r") as f:
        dataset = f["v"]
        expected = np.take(dataset[()], index, axis=axis)
        first = read_slice(dataset, ("k",), SliceRequest(axis, index, 0), max_bytes=1 << 30)
        for level in range(first.levels):
            got = read_slice(dataset, ("k",), SliceRequest(axis, index, level), max_bytes=1 << 30)
            chunks = pipeline(dataset).chunks
            rows_axis, cols_axis = got.axes
            rows = source_positions(
                grid(np.arange(SHAPE[rows_axis]), chunks[rows_axis]), got.stride
            )
            cols = source_positions(
                grid(np.arange(SHAPE[cols_axis]), chunks[cols_axis]), got.stride
            )
            np.testing.assert_array_equal(got.picture, expected[np.ix_(rows, cols)])
            assert got.picture.dtype == dataset.dtype
    final = got
    assert final.stride == 1
    np.testing.assert_array_equal(final.picture, np.take(values, index, axis=axis))


def test_a_side_slice_across_frame_chunks_has_several_levels_that_each_decode_the_rest(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset(
            "v",
            data=np.arange(300 * 8 * 6, dtype="<u2").reshape(300, 8, 6),
            chunks=(1, 8, 6),
            compression="gzip",
        )
    with h5py.File(path, "r") as f:
        answers = [
            read_slice(f["v"], ("k",), SliceRequest(2, 3, level), max_bytes=1 << 30)
            for level in range(len(strides(300)))
        ]
    assert [a.stride for a in answers] == strides(300) == [64, 16, 4, 1]
    assert answers[0].decoded == 5  # chunks 0, 64, 128, 192, 256
    assert sum(a.decoded for a in answers) == 300  # each chunk decoded once over the levels
    assert answers[-1].chunks_shown == answers[-1].chunks_total == 300


def test_frames_keep_a_subset_of_the_first_axis(tmp_path: Path) -> None:
    path = tmp_path / "v.h5"
    values = _write(path, "<u2", {"chunks": (1, 40, 36), "compression": "gzip", "shuffle": True})
    kept = tuple(range(3, 70, 2))
    with h5py.File(path, "r") as f:
        got = read_slice(f["v"], ("k",), SliceRequest(1, 5, None, kept), max_bytes=1 << 30)
    np.testing.assert_array_equal(got.picture, values[list(kept), 5, :])


class _CancelAfter:
    """Set once the process's counter shows ``n`` more chunks decoded."""

    def __init__(self, n: int) -> None:
        self.start, self.n = COUNTERS.chunks, n

    def is_set(self) -> bool:
        return COUNTERS.chunks - self.start >= self.n


@pytest.mark.parametrize("threads", [1, 2])
def test_a_cancelled_slice_stops_decoding_within_one_chunk_a_thread(
    tmp_path: Path, threads: int
) -> None:
    path = tmp_path / "v.h5"
    _write(path, "<u2", {"chunks": (1, 40, 36), "compression": "gzip", "shuffle": True})
    before = COUNTERS.chunks
    with h5py.File(path, "r") as f, pytest.raises(Cancelled) as raised:
        read_slice(
            f["v"],
            ("k",),
            SliceRequest(2, 4),
            max_bytes=1 << 30,
            cancel=_CancelAfter(3),
            threads=threads,
        )
    decoded = COUNTERS.chunks - before
    assert raised.value.decoded == decoded
    assert 3 <= decoded <= 3 + threads  # of the 70 chunks the slice crosses


def test_an_event_set_before_the_work_decodes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "v.h5"
    _write(path, "<u2", {"chunks": (1, 40, 36), "compression": "gzip"})
    gone = threading.Event()
    gone.set()
    before = COUNTERS.chunks
    with h5py.File(path, "r") as f, pytest.raises(Cancelled):
        read_slice(f["v"], ("k",), SliceRequest(1, 0), max_bytes=1 << 30, cancel=gone)
    assert COUNTERS.chunks == before


def test_a_changed_file_is_not_answered_from_old_planes(tmp_path: Path) -> None:
    path = tmp_path / "v.h5"
    _write(path, "<u2", {"chunks": (1, 40, 36), "compression": "gzip"})
    with h5py.File(path, "r") as f:
        read_slice(f["v"], ("old",), SliceRequest(2, 1), max_bytes=1 << 30)
    with h5py.File(path, "r+") as f:
        f["v"][:, :, 1] = 9
    with h5py.File(path, "r") as f:
        got = read_slice(f["v"], ("new",), SliceRequest(2, 1), max_bytes=1 << 30)
    assert np.all(got.picture == 9)


def test_a_volume_holding_the_largest_unsigned_value_shows_it(tmp_path: Path) -> None:
    from nxviz.hdf5.locate import Locator
    from nxviz.hdf5.open import FileCache
    from nxviz.volumes.render import SliceOptions, slice_image

    values = np.arange(4 * 6 * 5, dtype=np.uint16).reshape(4, 6, 5)
    values[2, 3, 1] = 65535  # a voxel, not a detector's gap
    with h5py.File(tmp_path / "v.h5", "w") as f:
        f["v"] = values
    with Locator(FileCache(), tmp_path) as locator:
        h5file = locator.open(tmp_path / "v.h5")
        for index, expected in ((2, values[2]), (1, values[1])):
            body, meta = slice_image(locator, h5file, "/v", SliceRequest(0, index), SliceOptions())
            got = np.frombuffer(body, "<f4").reshape(meta["image_shape"])
            np.testing.assert_array_equal(got, expected.astype(np.float32))
            assert meta["max"] == float(expected.max())
