"""Raw-chunk decoding of gzip cubes gives h5py's values, and leaves other layouts to h5py."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pytest

from nxviz.xrf.decode import band_reader, fast_layout

BOX = (slice(3, 17), slice(2, 9), slice(40, 250))


@pytest.mark.parametrize(
    ("options", "layout"),
    [
        ({"compression": "gzip", "shuffle": True}, True),
        ({"compression": "gzip"}, False),
        ({"compression": "lzf"}, None),
        ({"compression": "gzip", "fletcher32": True}, None),
        ({}, None),
    ],
)
def test_a_box_read_from_raw_chunks_is_h5pys_box(tmp_path: Path, options, layout):
    values = np.random.default_rng(1).integers(0, 1 << 20, (20, 11, 300), dtype=np.int32)
    with h5py.File(tmp_path / "c.h5", "w") as f:
        f.create_dataset("c", data=values, chunks=(3, 4, 128), **options)
    with h5py.File(tmp_path / "c.h5", "r") as f:
        assert fast_layout(f["c"]) is layout
        np.testing.assert_array_equal(band_reader(f["c"])(BOX), values[BOX])


def test_chunks_never_written_read_as_the_fill_value(tmp_path: Path):
    with h5py.File(tmp_path / "c.h5", "w") as f:
        d = f.create_dataset(
            "c",
            shape=(20, 11, 300),
            dtype="u2",
            chunks=(3, 11, 300),
            compression="gzip",
            fillvalue=7,
        )
        d[0:3] = 1  # only the first chunk row is written
    with h5py.File(tmp_path / "c.h5", "r") as f:
        got = band_reader(f["c"])(BOX)
    assert (got == 7).all()
    with h5py.File(tmp_path / "c.h5", "r") as f:
        first = band_reader(f["c"])((slice(0, 6), slice(None), slice(None)))
    assert (first[:3] == 1).all() and (first[3:] == 7).all()
