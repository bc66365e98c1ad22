"""Bands of chunk rows, the memory they hold, and a gone client stopping a map."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import h5py
import numpy as np
import pytest

from nxviz.errors import RequestCancelledError, TooLargeError
from nxviz.hdf5 import limits
from nxviz.xrf import reduce
from nxviz.xrf.reduce import bands, channels_of, window_map


@dataclass
class Flag:
    value: int = 0


@pytest.fixture
def cube(tmp_path: Path) -> h5py.Dataset:
    values = np.arange(30 * 8 * 64, dtype=np.uint16).reshape(30, 8, 64)
    f = h5py.File(tmp_path / "c.h5", "w")
    f.create_dataset("c", data=values, chunks=(4, 8, 64), compression="gzip")
    yield f["c"]
    f.close()


def test_bands_are_whole_chunk_rows_within_the_memory_budget(cube, monkeypatch):
    monkeypatch.setattr(reduce, "BAND_BYTES", 4 * 8 * 64 * 2 * 3)  # three chunk rows
    got = list(bands(cube, 5, 30, 8 * 64 * 2))
    assert got == [(5, 16), (16, 28), (28, 30)]  # each band ends on a chunk boundary
    with limits.scope(limits.Limits(max_memory=4 * 4 * 8 * 64 * 2)):
        assert list(bands(cube, 0, 30, 8 * 64 * 2))[0] == (0, 4)  # a quarter of the limit


def test_a_map_stops_when_the_client_has_gone(cube):
    with limits.scope(limits.Limits(), cancel=Flag(1)), pytest.raises(RequestCancelledError):
        window_map(cube, (0, 64))


def test_a_map_whose_band_holds_more_than_the_limit_is_refused(cube):
    with limits.scope(limits.Limits(max_memory=1000)), pytest.raises(TooLargeError):
        window_map(cube, (0, 64))


def test_a_map_sums_integer_counts_exactly(cube):
    expected = cube[()].astype(np.int64)[:, :, 3:50].sum(axis=2)
    np.testing.assert_array_equal(window_map(cube, (3, 50)), expected)


def test_channels_of_a_decreasing_energy_axis():
    energy = np.linspace(10.0, 1.0, 10)  # 10, 9, ..., 1
    assert channels_of(energy, 3.0, 5.0) == (5, 8)
    assert channels_of(energy, 5.0, 3.0) == (5, 8)
