"""nxviz.hdf5.limits: estimates before reading, walk budgets, cancellation between objects."""

from __future__ import annotations

import io
from pathlib import Path

import h5py
import numpy as np
import pytest

from nxviz.errors import RequestCancelledError, TooLargeError
from nxviz.hdf5 import limits
from nxviz.hdf5.limits import Limits, NeedsHeavyLane, WalkBudget, child_names, decoded_bytes
from nxviz.hdf5.locate import Locator
from nxviz.hdf5.nexus import describe_file
from nxviz.hdf5.open import FileCache


class FlipAfter:
    """A cancel flag that the client "sets" after ``reads`` checks (counted)."""

    def __init__(self, reads: int) -> None:
        self.reads = reads
        self.checked = 0

    @property
    def value(self) -> int:
        self.checked += 1
        return 1 if self.checked > self.reads else 0


@pytest.fixture
def many(tmp_path: Path) -> Path:
    path = tmp_path / "many.h5"
    with h5py.File(path, "w") as f:
        for i in range(50):
            f.create_group(f"g{i:02d}").attrs["NX_class"] = "NXcollection"
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
    return path


def test_decoded_bytes_counts_every_chunk_a_selection_touches(tmp_path: Path):
    with h5py.File(tmp_path / "c.h5", "w") as f:
        chunked = f.create_dataset("c", shape=(100, 100), dtype="f4", chunks=(10, 50))
        plain = f.create_dataset("p", shape=(100, 100), dtype="f4")
        chunk = 10 * 50 * 4

        assert decoded_bytes(chunked, (0, 0)) == chunk
        assert decoded_bytes(chunked, (slice(5, 15), slice(0, 100))) == 4 * chunk
        assert decoded_bytes(chunked, (slice(0, 100, 20),)) == 5 * 2 * chunk
        assert decoded_bytes(chunked, (slice(0, 0),)) == 0
        assert decoded_bytes(plain, (3, slice(0, 10))) == 40


def test_a_claim_past_the_limits_is_too_large_and_a_large_one_goes_heavy():
    small = Limits(max_memory=1000, max_decode=5000, heavy_bytes=100)
    with limits.scope(small):
        with pytest.raises(TooLargeError, match="1000 bytes: ask less"):
            limits.claim(10, 1001, what="this", hint="ask less")
        with pytest.raises(NeedsHeavyLane):
            limits.claim(10, 500, what="this", hint="ask less")
    with limits.scope(small, heavy=True) as spent:
        limits.claim(3000, 500, what="this", hint="ask less")
        with pytest.raises(TooLargeError, match="decode 6000 bytes"):
            limits.claim(3000, 500, what="this", hint="ask less")
        assert spent.decoded == 3000
    limits.claim(10**12, 10**12, what="outside a scope", hint="nothing is limited")


def test_the_nexus_walk_stops_at_its_object_limit_and_says_so(many: Path):
    with Locator(FileCache(), many.parent) as locator:
        answer = describe_file(locator, locator.open(many), WalkBudget(objects=10))

    assert answer["walk"] == {"visited": 10, "truncated": True, "reason": "objects"}
    assert answer["entries"] == []  # the budget was spent before the entries were listed


def test_a_group_longer_than_the_children_limit_is_reported(many: Path):
    with h5py.File(many, "r") as f:
        budget = WalkBudget()
        token = limits.walk_budget.set(budget)
        try:
            names = child_names(f["/"], limit=5)
        finally:
            limits.walk_budget.reset(token)

    assert names == ["entry", "g00", "g01", "g02", "g03"]
    assert budget.reason == "children"


def test_cancellation_stops_the_nexus_walk_between_objects(many: Path):
    flag = FlipAfter(reads=7)
    with Locator(FileCache(), many.parent) as locator, limits.scope(Limits(), cancel=flag):
        h5file = locator.open(many)
        with pytest.raises(RequestCancelledError):
            describe_file(locator, h5file)

    assert flag.checked == 8  # the eighth object was not looked at: the walk stopped there


def test_cancellation_stops_reading_attributes(tmp_path: Path):
    from nxviz.hdf5.locate import Found
    from nxviz.hdf5.values import attribute_values

    with h5py.File(tmp_path / "a.h5", "w") as f:
        for i in range(20):
            f.attrs[f"a{i:02d}"] = np.arange(3)
    flag = FlipAfter(reads=4)
    with h5py.File(tmp_path / "a.h5", "r") as f, limits.scope(Limits(), cancel=flag):
        with pytest.raises(RequestCancelledError):
            attribute_values(Found(f["/"], f, "/"), [])
    assert flag.checked == 5


def test_cancellation_stops_a_search_between_groups(many: Path):
    from nxviz.hdf5.search import search

    flag = FlipAfter(reads=3)
    with h5py.File(many, "r") as f, limits.scope(Limits(), cancel=flag):
        with pytest.raises(RequestCancelledError):
            search(f, "nothing matches this")
    assert flag.checked == 4  # three groups walked, the fourth not


def test_a_large_read_stops_between_bands_of_chunks(tmp_path: Path, monkeypatch):
    from nxviz.hdf5 import values as values_module
    from nxviz.hdf5.locate import Found
    from nxviz.hdf5.values import dataset_slice

    values = np.arange(64 * 256 * 256, dtype="<u4").reshape(64, 256, 256)  # 16 MiB
    with h5py.File(tmp_path / "d.h5", "w") as f:
        f.create_dataset("d", data=values, chunks=(4, 256, 256))
    with h5py.File(tmp_path / "d.h5", "r") as f:
        found = Found(f["d"], f, "/d")
        whole = dataset_slice(found, None, "npy", "origin", 1 << 30)
        monkeypatch.setattr(values_module, "BLOCK_BYTES", 1000)  # bands for a small one too
        strided = dataset_slice(found, "1:63:3, 5:200, ::2", "npy", "origin", 1 << 30)
        monkeypatch.undo()
        flag = FlipAfter(reads=5)
        with limits.scope(Limits(), cancel=flag), pytest.raises(RequestCancelledError):
            dataset_slice(found, None, "npy", "origin", 1 << 30)

    assert flag.checked == 6  # the claim, then four bands of chunks read, the fifth not
    assert np.array_equal(np.load(io.BytesIO(whole.body)), values)
    assert np.array_equal(np.load(io.BytesIO(strided.body)), values[1:63:3, 5:200, ::2])
