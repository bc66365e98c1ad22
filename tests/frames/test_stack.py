"""Frame numbering across an Eiger master file's external-linked data files."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pytest

from nxviz.frames.stack import find_stack


def _write_series(folder: Path, counts: list[int], missing: int | None = None) -> Path:
    """A master file linking data_00000N to data files whose frames hold their series index."""
    series = 0
    master = folder / "master.nxs"
    with h5py.File(master, "w") as f:
        data = f.create_group("entry/data")
        data.attrs["NX_class"] = "NXdata"
        for n, count in enumerate(counts, start=1):
            name = f"series_data_{n:06d}.h5"
            if n != missing:
                frames = np.arange(series, series + count, dtype=np.uint32)
                stack = np.broadcast_to(frames[:, None, None], (count, 4, 5)).copy()
                with h5py.File(folder / name, "w") as part:
                    part.create_dataset("entry/data/data", data=stack, chunks=(1, 4, 5))
            data[f"data_{n:06d}"] = h5py.ExternalLink(name, "/entry/data/data")
            series += count
    return master


def test_frames_are_numbered_across_files(tmp_path: Path) -> None:
    master = _write_series(tmp_path, [50, 20, 7])
    with h5py.File(master, "r") as f:
        stack = find_stack(f["entry/data"])
        assert stack is not None
        assert stack.count == 77
        assert stack.frame_shape == (4, 5)
        assert stack.locate(0) == ("/entry/data/data_000001", 0)
        assert stack.locate(49) == ("/entry/data/data_000001", 49)
        assert stack.locate(50) == ("/entry/data/data_000002", 0)
        assert stack.locate(76) == ("/entry/data/data_000003", 6)
        # every frame read through locate() is the one the series numbers it
        for index in (0, 37, 49, 50, 69, 70, 76):
            path, local = stack.locate(index)
            assert int(f[path][local, 0, 0]) == index


def test_out_of_range_frame_is_refused(tmp_path: Path) -> None:
    with h5py.File(_write_series(tmp_path, [3, 2]), "r") as f:
        stack = find_stack(f["entry/data"])
        assert stack is not None
        with pytest.raises(IndexError):
            stack.locate(5)
        with pytest.raises(IndexError):
            stack.locate(-1)


def test_spans_split_a_frame_range_at_file_boundaries(tmp_path: Path) -> None:
    with h5py.File(_write_series(tmp_path, [50, 20]), "r") as f:
        stack = find_stack(f["entry/data"])
        assert stack is not None
        assert stack.spans(45, 55) == [
            ("/entry/data/data_000001", 45, 50),
            ("/entry/data/data_000002", 0, 5),
        ]
        assert stack.spans(2, 4) == [("/entry/data/data_000001", 2, 4)]


def test_a_missing_data_file_ends_the_stack(tmp_path: Path) -> None:
    with h5py.File(_write_series(tmp_path, [4, 3, 2], missing=2), "r") as f:
        stack = find_stack(f["entry/data"])
        assert stack is not None
        assert stack.count == 4


def test_single_3d_dataset_is_a_stack(tmp_path: Path) -> None:
    with h5py.File(tmp_path / "one.h5", "w") as f:
        f.create_dataset("entry/data/data", data=np.zeros((6, 3, 2), dtype=np.uint16))
        stack = find_stack(f["entry/data"])
        assert stack is not None
        assert (stack.count, stack.frame_shape) == (6, (3, 2))
        assert stack.locate(5) == ("/entry/data/data", 5)


def test_group_without_frames_has_no_stack(tmp_path: Path) -> None:
    with h5py.File(tmp_path / "flat.h5", "w") as f:
        f.create_dataset("entry/data/data", data=np.zeros((3, 2)))
        assert find_stack(f["entry/data"]) is None
