"""In a worker the cache's spare buffer is prepared when the worker is idle, never on a thread
beside the request that asked for it, and a task that comes meanwhile stops it early."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import h5py
import numpy as np
import pytest

from nxviz.hdf5 import idle, limits
from nxviz.hdf5.limits import chunk_bytes
from nxviz.hdf5.locate import Locator
from nxviz.hdf5.open import FileCache
from nxviz.xrf import chunks
from nxviz.xrf.chunks import CACHE, cube_at
from nxviz.xrf.reduce import pixel_spectrum
from tests.xrf.factories import write_nxdata_cube

CUBE = "/entry/data/spectra"


@pytest.fixture(autouse=True)
def in_a_worker(monkeypatch) -> Iterator[None]:
    """This process runs deferred work as a worker does (here when the test says so)."""
    monkeypatch.setattr(idle, "_served", True)
    monkeypatch.setattr(idle, "_pending", idle.deque())
    CACHE.clear()
    yield
    CACHE.clear()


def spare_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "nxviz-xrf-spare"]


@pytest.fixture
def cube(tmp_path) -> Iterator[tuple[np.ndarray, h5py.Dataset, object]]:
    values = write_nxdata_cube(tmp_path / "c.h5")
    files = FileCache()
    with Locator(files, tmp_path) as locator:
        h5file = locator.open(tmp_path / "c.h5")
        dataset, name = cube_at(locator, h5file, CUBE)
        yield values, dataset, name
    files.close()


def test_the_spare_waits_for_the_worker_to_be_idle(cube):
    values, dataset, name = cube
    row_bytes = chunk_bytes(dataset)
    with limits.scope(limits.Limits(max_memory=4 * row_bytes * chunks.MEMORY_SHARE)):
        np.testing.assert_array_equal(pixel_spectrum(dataset, 0, 2, name), values[0, 2])
        # nothing beside the request: no thread, no spare yet, one piece of work left
        assert not spare_threads() and CACHE.spare_bytes == 0
        assert idle.pending() == 1
        pixel_spectrum(dataset, 1, 2, name)  # a task came first: still one spare to come
        assert idle.pending() == 1 and CACHE.spare_bytes == 0
        waits: list[float] = []

        def quiet(seconds: float) -> bool:
            waits.append(seconds)
            return True

        idle.run(quiet)
        assert waits[0] == idle.IDLE_AFTER and idle.pending() == 0
        assert CACHE.spare_bytes == row_bytes
        spare = CACHE._spares[0]
        assert not spare.any()  # written: its pages are mapped
        np.testing.assert_array_equal(pixel_spectrum(dataset, 2, 7, name), values[2, 7])
        assert CACHE.spare_bytes == 0
        assert idle.pending() == 1  # the next spare, for the next row


def test_a_task_coming_stops_the_spare_early_and_the_next_row_still_uses_it(cube, monkeypatch):
    values, dataset, name = cube
    row_bytes = chunk_bytes(dataset)
    monkeypatch.setattr(chunks, "TOUCH", 4096)  # five pieces a row here
    with limits.scope(limits.Limits(max_memory=4 * row_bytes * chunks.MEMORY_SHARE)):
        pixel_spectrum(dataset, 0, 0, name)
        looks: list[float] = []

        def quiet(seconds: float) -> bool:  # idle at first, then a task comes after 2 pieces
            looks.append(seconds)
            return len(looks) <= 3

        idle.run(quiet)
        assert looks == [idle.IDLE_AFTER, 0, 0, 0]  # stopped at the third piece
        assert CACHE.spare_bytes == row_bytes  # kept: its last pages are mapped when written
        spare = CACHE._spares[0]
        assert not spare[: 2 * 4096].any()
        np.testing.assert_array_equal(pixel_spectrum(dataset, 1, 4, name), values[1, 4])
        assert CACHE.spare_bytes == 0


def test_the_spare_is_not_prepared_while_tasks_keep_coming(cube):
    values, dataset, name = cube
    row_bytes = chunk_bytes(dataset)
    with limits.scope(limits.Limits(max_memory=4 * row_bytes * chunks.MEMORY_SHARE)):
        pixel_spectrum(dataset, 0, 0, name)
        idle.run(lambda seconds: False)
        assert idle.pending() == 1 and CACHE.spare_bytes == 0
        np.testing.assert_array_equal(pixel_spectrum(dataset, 1, 1, name), values[1, 1])


def test_outside_a_worker_the_spare_is_prepared_on_a_thread(cube, monkeypatch):
    monkeypatch.setattr(idle, "_served", False)
    monkeypatch.setattr(chunks, "SPARE_DELAY", 0.5)  # the thread is still there below
    values, dataset, name = cube
    row_bytes = chunk_bytes(dataset)
    with limits.scope(limits.Limits(max_memory=4 * row_bytes * chunks.MEMORY_SHARE)):
        pixel_spectrum(dataset, 0, 0, name)
        assert idle.pending() == 0 and spare_threads()
        CACHE.settle()
        assert CACHE.spare_bytes == row_bytes
        np.testing.assert_array_equal(pixel_spectrum(dataset, 3, 3, name), values[3, 3])
