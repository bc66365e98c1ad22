"""The worker's cache of decoded chunks: pixel spectra are h5py's values in every layout, the
pixels of a chunk row decode it once, the cache stays within its bytes, and a changed file is
read afresh."""

from __future__ import annotations

import os
from pathlib import Path

import h5py
import numpy as np
import pytest

from nxviz.hdf5 import limits
from nxviz.hdf5.limits import chunk_bytes
from nxviz.hdf5.locate import Locator
from nxviz.hdf5.open import FileCache
from nxviz.xrf import chunks, decode
from nxviz.xrf.chunks import CACHE, capacity, identity
from nxviz.xrf.reduce import pixel_spectrum
from tests.xrf.factories import CHANNELS, COLS, ROWS, write_nxdata_cube

CUBE = "/entry/data/spectra"
LAYOUTS = {
    "row-chunks-gzip-shuffle": {},
    "row-chunks-gzip": {"shuffle": False},
    "small-chunks-gzip": {"chunks": (4, 5, 64)},
    "row-chunks-uncompressed": {"compression": None},
    "row-chunks-lzf": {"compression": "lzf", "shuffle": False},
    "float32-row-chunks": {"dtype": "float32"},
    "uint16-row-chunks": {"dtype": "uint16"},
}


pytestmark = pytest.mark.usefixtures("chunk_cache_emptied")


def opened(files: FileCache, root: Path, name: str) -> tuple[Locator, h5py.File]:
    locator = Locator(files, root)
    return locator, locator.open(root / name)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_pixel_is_h5pys_and_a_chunk_row_is_decoded_once(tmp_path, files, layout):
    values = write_nxdata_cube(tmp_path / "c.h5", **LAYOUTS[layout])
    locator, h5file = opened(files, tmp_path, "c.h5")
    dataset = h5file[CUBE]
    name = identity(locator, h5file, dataset)
    assert name is not None
    with limits.scope(limits.Limits()) as spent:
        for row in range(ROWS):
            before = spent.decoded
            for col in range(COLS):
                got = pixel_spectrum(dataset, row, col, name)
                assert got.dtype == values.dtype
                np.testing.assert_array_equal(got, values[row, col])
            row_chunks = -(-COLS // dataset.chunks[1]) * -(-CHANNELS // dataset.chunks[2])
            rows_started = 1 if row % dataset.chunks[0] == 0 else 0
            assert spent.decoded - before == rows_started * row_chunks * chunk_bytes(dataset)
        # again, in any order: all in the cache now, nothing decoded
        before = spent.decoded
        for row, col in [(ROWS - 1, 0), (0, COLS - 1), (7, 3)]:
            np.testing.assert_array_equal(pixel_spectrum(dataset, row, col, name), values[row, col])
        assert spent.decoded == before


def test_without_a_name_nothing_is_kept(tmp_path, files):
    values = write_nxdata_cube(tmp_path / "c.h5")
    _, h5file = opened(files, tmp_path, "c.h5")
    with limits.scope(limits.Limits()) as spent:
        for col in (0, 1):
            np.testing.assert_array_equal(pixel_spectrum(h5file[CUBE], 2, col), values[2, col])
    assert spent.decoded == 2 * chunk_bytes(h5file[CUBE])
    assert len(CACHE) == 0


def test_the_cache_holds_at_most_its_share_of_the_memory_limit(tmp_path, files):
    values = write_nxdata_cube(tmp_path / "c.h5")
    locator, h5file = opened(files, tmp_path, "c.h5")
    dataset = h5file[CUBE]
    row_bytes = chunk_bytes(dataset)
    # room for three chunk rows
    memory = 3 * row_bytes * chunks.MEMORY_SHARE + 100
    with limits.scope(limits.Limits(max_memory=memory)) as spent:
        assert capacity() == memory // chunks.MEMORY_SHARE
        name = identity(locator, h5file, dataset)
        for row in range(ROWS):
            np.testing.assert_array_equal(pixel_spectrum(dataset, row, 1, name), values[row, 1])
            assert CACHE.nbytes <= capacity()
        assert len(CACHE) == 3
        # the three rows read last are kept, the first ones were dropped
        before = spent.decoded
        pixel_spectrum(dataset, ROWS - 1, 5, name)
        pixel_spectrum(dataset, ROWS - 3, 5, name)
        assert spent.decoded == before
        pixel_spectrum(dataset, 0, 5, name)
        assert spent.decoded == before + row_bytes
    # a chunk larger than the cache is decoded and not kept
    CACHE.clear()
    with limits.scope(limits.Limits(max_memory=row_bytes * chunks.MEMORY_SHARE - 8)):
        np.testing.assert_array_equal(pixel_spectrum(dataset, 4, 4, name), values[4, 4])
        assert len(CACHE) == 0 and CACHE.nbytes == 0


def _rewrite(path: Path, cube: np.ndarray, mtime_ns: int | None) -> None:
    with h5py.File(path, "r+") as f:
        f[CUBE][...] = cube
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


@pytest.mark.parametrize("change", ["mtime", "size"])
def test_a_changed_file_is_read_afresh(tmp_path, files, change):
    """Same size and a new modification time (values rewritten in place, uncompressed), or
    the same modification time and a new size (a dataset added): either is a new file."""
    path = tmp_path / "c.h5"
    values = write_nxdata_cube(path, compression=None)
    first = path.stat()
    locator, h5file = opened(files, tmp_path, "c.h5")
    name = identity(locator, h5file, h5file[CUBE])
    np.testing.assert_array_equal(pixel_spectrum(h5file[CUBE], 5, 6, name), values[5, 6])
    locator.close()
    files.forget(path)  # this process writes it next (HDF5 refuses a file it has open)

    changed = values[::-1, ::-1].copy()
    if change == "mtime":
        _rewrite(path, changed, first.st_mtime_ns + 1_000_000_000)
        assert path.stat().st_size == first.st_size
    else:
        _rewrite(path, changed, None)
        with h5py.File(path, "r+") as f:
            f["more"] = np.arange(1000)
        os.utime(path, ns=(first.st_mtime_ns, first.st_mtime_ns))
        assert path.stat().st_size != first.st_size
    locator, h5file = opened(files, tmp_path, "c.h5")
    name = identity(locator, h5file, h5file[CUBE])
    got = pixel_spectrum(h5file[CUBE], 5, 6, name)
    np.testing.assert_array_equal(got, changed[5, 6])
    assert not np.array_equal(got, values[5, 6])


def test_a_cube_behind_an_external_link_is_kept_under_the_file_it_lies_in(tmp_path, files):
    values = write_nxdata_cube(tmp_path / "c.h5")
    with h5py.File(tmp_path / "link.h5", "w") as f:
        f["cube"] = h5py.ExternalLink("c.h5", CUBE)
    locator, h5file = opened(files, tmp_path, "link.h5")
    dataset = locator.find(h5file, "/cube").entity
    name = identity(locator, h5file, dataset)
    stat = (tmp_path / "c.h5").stat()
    assert name == (str((tmp_path / "c.h5").resolve()), (stat.st_mtime_ns, stat.st_size), CUBE)
    np.testing.assert_array_equal(pixel_spectrum(dataset, 3, 3, name), values[3, 3])
    assert len(CACHE) == 1


@pytest.mark.parametrize("inflater", ["isal", "zlib"])
@pytest.mark.parametrize("piece", [1000, 997])
@pytest.mark.parametrize(
    "layout", ["row-chunks-gzip-shuffle", "row-chunks-gzip", "float32-row-chunks"]
)
def test_a_chunk_inflated_a_piece_at_a_time_is_h5pys(
    tmp_path, files, monkeypatch, layout, piece, inflater
):
    """Pieces much smaller than a chunk (a real chunk row is 8 MB, a piece 64 KiB), dividing
    it or not; with ISA-L, and with zlib (when the "fast" extra is not installed)."""
    monkeypatch.setattr(decode, "PIECE", piece)
    if inflater == "zlib":
        monkeypatch.setattr(decode, "igzip", None)
    values = write_nxdata_cube(tmp_path / "c.h5", **LAYOUTS[layout])
    locator, h5file = opened(files, tmp_path, "c.h5")
    dataset = h5file[CUBE]
    assert chunk_bytes(dataset) > 10 * piece
    name = identity(locator, h5file, dataset)
    for row, col in [(0, 0), (0, COLS - 1), (9, 8), (ROWS - 1, COLS - 1)]:
        np.testing.assert_array_equal(pixel_spectrum(dataset, row, col, name), values[row, col])


def _chunk_key(locator: Locator, h5file: h5py.File, row: int) -> tuple[object, ...]:
    return (identity(locator, h5file, h5file[CUBE]), (row, 0, 0))


def test_the_memory_of_a_dropped_chunk_is_inflated_into_again(tmp_path, files):
    values = write_nxdata_cube(tmp_path / "c.h5")
    locator, h5file = opened(files, tmp_path, "c.h5")
    dataset = h5file[CUBE]
    name = identity(locator, h5file, dataset)
    row_bytes = chunk_bytes(dataset)
    # room for two chunk rows, no spare beside them
    with limits.scope(limits.Limits(max_memory=2 * row_bytes * chunks.MEMORY_SHARE)):
        for row in (0, 1):
            pixel_spectrum(dataset, row, 0, name)
            CACHE.settle()
        assert len(CACHE) == 2 and CACHE.spare_bytes == 0
        first = CACHE.get(_chunk_key(locator, h5file, 0))
        assert first is not None and first.buffer is not None
        assert CACHE.get(_chunk_key(locator, h5file, 1)) is not None  # used last now
        # row 2 drops row 0 (the least recently used) and is inflated into its memory
        np.testing.assert_array_equal(pixel_spectrum(dataset, 2, 3, name), values[2, 3])
        third = CACHE.get(_chunk_key(locator, h5file, 2))
        assert CACHE.get(_chunk_key(locator, h5file, 0)) is None
        assert third is not None and third.buffer is first.buffer
        assert CACHE.nbytes + CACHE.spare_bytes <= capacity()


def test_a_spare_is_prepared_while_the_cache_fills_and_the_next_chunk_uses_it(tmp_path, files):
    values = write_nxdata_cube(tmp_path / "c.h5")
    locator, h5file = opened(files, tmp_path, "c.h5")
    dataset = h5file[CUBE]
    name = identity(locator, h5file, dataset)
    row_bytes = chunk_bytes(dataset)
    with limits.scope(limits.Limits(max_memory=3 * row_bytes * chunks.MEMORY_SHARE)):
        pixel_spectrum(dataset, 0, 0, name)
        CACHE.settle()
        assert CACHE.nbytes == row_bytes and CACHE.spare_bytes == row_bytes
        spare = CACHE._spares[0]
        assert not spare.any()  # written (zeros): its pages are mapped in the process
        np.testing.assert_array_equal(pixel_spectrum(dataset, 1, 5, name), values[1, 5])
        second = CACHE.get(_chunk_key(locator, h5file, 1))
        assert second is not None and second.buffer is spare
        CACHE.settle()
        # a third spare would pass the bound: none is prepared
        pixel_spectrum(dataset, 2, 0, name)
        CACHE.settle()
        assert len(CACHE) == 3 and CACHE.spare_bytes == 0
        assert CACHE.nbytes + CACHE.spare_bytes <= capacity()


def test_a_damaged_chunk_is_left_to_h5py(tmp_path, files):
    """A chunk whose stream stops early inflates to fewer bytes than it holds: h5py reads it
    instead, and fails as it does for any reader (nothing made up)."""
    values = write_nxdata_cube(tmp_path / "c.h5")
    with h5py.File(tmp_path / "c.h5", "r+") as f:
        raw = f[CUBE].id.read_direct_chunk((4, 0, 0))[1]
        f[CUBE].id.write_direct_chunk((4, 0, 0), raw[: len(raw) // 2])
    locator, h5file = opened(files, tmp_path, "c.h5")
    dataset = h5file[CUBE]
    name = identity(locator, h5file, dataset)
    with pytest.raises(OSError):
        dataset[4, 0, :]
    with pytest.raises(OSError):
        pixel_spectrum(dataset, 4, 0, name)
    assert len(CACHE) == 0
    np.testing.assert_array_equal(pixel_spectrum(dataset, 5, 0, name), values[5, 0])


def test_a_chunk_not_written_yet_is_the_fill_value_as_h5py_reads_it(tmp_path, files):
    with h5py.File(tmp_path / "c.h5", "w") as f:
        cube = f.create_dataset(
            "cube", shape=(4, 3, 50), dtype="<u4", chunks=(1, 3, 50), compression="gzip",
            shuffle=True, fillvalue=7,
        )  # fmt: skip
        cube[1] = np.arange(150, dtype="<u4").reshape(3, 50)
    locator, h5file = opened(files, tmp_path, "c.h5")
    dataset = h5file["cube"]
    name = identity(locator, h5file, dataset)
    for row in range(4):
        np.testing.assert_array_equal(pixel_spectrum(dataset, row, 2, name), dataset[row, 2])
    np.testing.assert_array_equal(pixel_spectrum(dataset, 0, 0, name), np.full(50, 7))
