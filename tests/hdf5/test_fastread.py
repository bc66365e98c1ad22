"""Direct decoding of bitshuffle-LZ4 frames, and the fallback to h5py."""

from __future__ import annotations

from pathlib import Path

import h5py
import hdf5plugin
import numpy as np
import pytest

from nxviz.hdf5.fastread import (
    decode_chunk,
    is_frame_chunked_bitshuffle_lz4,
    read_frame,
    read_raw,
)
from tests.hdf5.factories import frames


@pytest.fixture
def stacks(tmp_path: Path):
    stack = frames(3, (33, 47))
    path = tmp_path / "s.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("lz4", data=stack, chunks=(1, 33, 47), **hdf5plugin.Bitshuffle())
        f.create_dataset(
            "nolz4", data=stack, chunks=(1, 33, 47), **hdf5plugin.Bitshuffle(cname="none")
        )
        f.create_dataset("halves", data=stack, chunks=(1, 17, 47), **hdf5plugin.Bitshuffle())
        f.create_dataset("gzip", data=stack, chunks=(1, 33, 47), compression="gzip")
        f.create_dataset(
            "f4", data=stack.astype("<f4"), chunks=(1, 33, 47), **hdf5plugin.Bitshuffle()
        )
        f.create_dataset(
            "unwritten",
            shape=(2, 33, 47),
            dtype="<u4",
            chunks=(1, 33, 47),
            fillvalue=7,
            **hdf5plugin.Bitshuffle(),
        )
    with h5py.File(path, "r") as f:
        yield f, stack


def test_only_per_frame_bitshuffle_lz4_takes_the_fast_path(stacks):
    f, _ = stacks
    assert is_frame_chunked_bitshuffle_lz4(f["lz4"])
    assert is_frame_chunked_bitshuffle_lz4(f["f4"])
    for name in ("nolz4", "halves", "gzip"):
        assert not is_frame_chunked_bitshuffle_lz4(f[name])


@pytest.mark.parametrize("name", ["lz4", "nolz4", "halves", "gzip", "f4"])
def test_every_layout_reads_the_same_frame(stacks, name):
    f, stack = stacks
    np.testing.assert_array_equal(read_frame(f[name], (1,)), stack[1].astype(f[name].dtype))


def test_a_chunk_never_written_falls_back_to_the_fill_value(stacks):
    f, _ = stacks
    assert (read_frame(f["unwritten"], (1,)) == 7).all()


@pytest.mark.parametrize("reuse", [False, True])
def test_a_chunk_never_allocated_is_no_raw_frame(tmp_path, reuse):
    with h5py.File(tmp_path / "late.h5", "w") as f:
        data = f.create_dataset(
            "d", shape=(3, 33, 47), dtype="<u4", chunks=(1, 33, 47), **hdf5plugin.Bitshuffle()
        )
        data[0] = 5
    with h5py.File(tmp_path / "late.h5", "r") as f:
        assert read_raw(f["d"], (1,), reuse=reuse) is None  # h5py reads it (zeros)
        frame = read_raw(f["d"], (0,), reuse=reuse)
        assert frame is not None
        out = np.empty((33, 47), dtype="<u4")
        frame.decode_into(out, 0, out.size)
        assert (out == 5).all()
        assert (read_frame(f["d"], (1,)) == 0).all()


def test_decode_refuses_a_chunk_whose_header_does_not_fit(stacks):
    f, stack = stacks
    _, raw = f["lz4"].id.read_direct_chunk((0, 0, 0))
    np.testing.assert_array_equal(decode_chunk(raw, (33, 47), np.dtype("<u4")), stack[0])
    assert decode_chunk(raw, (33, 46), np.dtype("<u4")) is None
    assert decode_chunk(raw[:5], (33, 47), np.dtype("<u4")) is None


@pytest.mark.parametrize("nelems", [0, 24, 40])
def test_any_span_decodes_to_the_frame_s_elements(tmp_path, nelems):
    """Spans starting and ending inside blocks, on block edges and in the raw leftover
    (33 × 47 = 1551 elements: 7 left raw after the last block of 8)."""
    stack = frames(2, (33, 47))
    with h5py.File(tmp_path / "b.h5", "w") as f:
        options = hdf5plugin.Bitshuffle(nelems=nelems, cname="lz4")
        f.create_dataset("d", data=stack, chunks=(1, 33, 47), **options)
    with h5py.File(tmp_path / "b.h5", "r") as f:
        frame = read_raw(f["d"], (1,))
    assert frame is not None
    flat = stack[1].reshape(-1)
    edges = sorted({0, 1, 7, 8, 23, 24, 25, 47, 48, 500, 1543, 1544, 1545, 1550, 1551})
    for start in edges:
        for stop in (e for e in edges if e > start):
            buffer = np.full(frame.span_size(start, stop), 99, dtype=frame.dtype)
            span = frame.decode_span(start, stop, buffer)
            np.testing.assert_array_equal(span, flat[start:stop])
