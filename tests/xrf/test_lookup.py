"""A cube's look-up kept with its open file: a pixel request after the first one walks no path
and asks HDF5 nothing about the dataset, a changed file is looked up afresh, and a cube behind
an external link is looked up every time."""

from __future__ import annotations

import os

import h5py
import numpy as np
import pytest

from nxviz.hdf5.locate import Locator
from nxviz.hdf5.open import FileCache
from nxviz.xrf import chunks
from nxviz.xrf.chunks import CACHE, cube_at, identity
from nxviz.xrf.reduce import pixel_spectrum
from tests.xrf.factories import write_nxdata_cube

CUBE = "/entry/data/spectra"


pytestmark = pytest.mark.usefixtures("chunk_cache_emptied")


@pytest.fixture
def walks(monkeypatch) -> list[str]:
    """The paths ``Locator.find`` walked."""
    walked: list[str] = []
    find = Locator.find

    def counted(self, h5file, path):
        walked.append(path)
        return find(self, h5file, path)

    monkeypatch.setattr(Locator, "find", counted)
    return walked


def request(files: FileCache, tmp_path, name: str, path: str = CUBE):
    """What one request does: a new Locator on the worker's open files, the cube looked up."""
    with Locator(files, tmp_path) as locator:
        h5file = locator.open(tmp_path / name)
        dataset, key = cube_at(locator, h5file, path)
        return dataset, key, identity(locator, h5file, dataset)


def test_a_cube_is_looked_up_once_per_open_file(tmp_path, files, walks):
    values = write_nxdata_cube(tmp_path / "c.h5")
    first, key, expected = request(files, tmp_path, "c.h5")
    second, again, _ = request(files, tmp_path, "c.h5")
    assert walks == [CUBE]
    assert second is first and again == key == expected
    with Locator(files, tmp_path) as locator:
        locator.open(tmp_path / "c.h5")
        np.testing.assert_array_equal(pixel_spectrum(second, 3, 4, again), values[3, 4])


def test_a_changed_file_is_looked_up_afresh(tmp_path, files, walks):
    path = tmp_path / "c.h5"
    values = write_nxdata_cube(path)
    _, key, _ = request(files, tmp_path, "c.h5")
    files.forget(path)  # this process writes it next (HDF5 refuses a file it has open)
    with h5py.File(path, "r+") as f:
        f[CUBE][...] = values[::-1]
    stat = path.stat()
    os.utime(path, ns=(stat.st_mtime_ns + 1_000_000_000,) * 2)
    dataset, changed, expected = request(files, tmp_path, "c.h5")
    assert walks == [CUBE, CUBE]
    assert changed == expected and changed != key
    with Locator(files, tmp_path) as locator:
        locator.open(path)
        got = pixel_spectrum(dataset, 0, 2, changed)
    np.testing.assert_array_equal(got, values[-1, 2])


def test_a_cube_behind_an_external_link_is_looked_up_every_time(tmp_path, files, walks):
    values = write_nxdata_cube(tmp_path / "c.h5")
    with h5py.File(tmp_path / "link.h5", "w") as f:
        f["cube"] = h5py.ExternalLink("c.h5", CUBE)
    for _ in range(2):
        with Locator(files, tmp_path) as locator:
            h5file = locator.open(tmp_path / "link.h5")
            dataset, key = cube_at(locator, h5file, "/cube")
            assert key is not None and key[0] == str((tmp_path / "c.h5").resolve())
            np.testing.assert_array_equal(pixel_spectrum(dataset, 2, 2, key), values[2, 2])
    assert walks == ["/cube", "/cube"]


def test_a_datasets_layout_is_asked_of_hdf5_once(tmp_path, files, monkeypatch):
    path = tmp_path / "c.h5"
    values = write_nxdata_cube(path)
    with h5py.File(path, "r+") as f:  # the same values, deflated without the byte shuffle
        f.create_dataset("plain", data=values, chunks=f[CUBE].chunks, compression="gzip")
    asked: list[str] = []
    layout = chunks.fast_layout

    def counted(dataset: h5py.Dataset) -> bool | None:
        asked.append(dataset.name)
        return layout(dataset)

    monkeypatch.setattr(chunks, "fast_layout", counted)
    with Locator(files, tmp_path) as locator:
        h5file = locator.open(path)
        for row in range(3):
            for name in (CUBE, "/plain"):
                dataset, key = cube_at(locator, h5file, name)
                got = pixel_spectrum(dataset, row, 1, key)
                np.testing.assert_array_equal(got, values[row, 1])
        assert asked == [CUBE, "/plain"]
        CACHE.clear()
        dataset, key = cube_at(locator, h5file, CUBE)
        np.testing.assert_array_equal(pixel_spectrum(dataset, 4, 1, key), values[4, 1])
    assert asked == [CUBE, "/plain", CUBE]
