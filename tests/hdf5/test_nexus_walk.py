"""The ``nexus`` walk reaches each entity once: a link followed again within the answer gives
what it gave the first time, and a search for a class opens no dataset."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import h5py
import numpy as np
import pytest

from nxviz.hdf5 import confine, locate
from nxviz.hdf5.limits import WalkBudget
from nxviz.hdf5.locate import Found, Locator
from nxviz.hdf5.nexus import describe_file, groups_of_class
from nxviz.hdf5.open import FileCache
from nxviz.server.nexus_handlers import nexus_answer
from tests.hdf5.factories import FRAME_SHAPE, frames, write_nxmx


def write_eiger(folder: Path) -> Path:
    """An NXmx master whose NXdata holds two data files' stacks as external links (as an
    Eiger writes them), the detector, the sample's beam and a source."""
    for i, count in ((1, 3), (2, 2)):
        with h5py.File(folder / f"series_data_{i:06d}.h5", "w") as f:
            f.create_dataset("entry/data/data", data=frames(count), chunks=(1, *FRAME_SHAPE))
    master = write_nxmx(folder / "series_master.h5")
    with h5py.File(master, "a") as f:
        data = f["entry/data"]
        for i in (1, 2):
            data[f"data_{i:06d}"] = h5py.ExternalLink(f"series_data_{i:06d}.h5", "/entry/data/data")
        data.attrs["signal"] = "data_000001"
        for name in ("axes", "x_indices", "y_indices", "auxiliary_signals"):
            del data.attrs[name]
        source = f["entry"].create_group("source")
        source.attrs["NX_class"] = "NXsource"
    return master


@pytest.fixture
def eiger(tmp_path: Path) -> Path:
    return write_eiger(tmp_path)


def test_the_answer_follows_each_link_once(eiger: Path, monkeypatch: pytest.MonkeyPatch):
    steps: Counter[tuple[str, str, str]] = Counter()
    targets: Counter[tuple[str, str]] = Counter()
    step = Locator._step
    link_target = confine.link_target

    def counted_step(
        self: Locator, h5file: h5py.File, group: h5py.Group, here: str, name: str, hops: int
    ) -> Found:
        steps[(Path(h5file.filename).name, here, name)] += 1
        return step(self, h5file, group, here, name, hops)

    def counted_target(root: confine.Root, parent_file: str, name: str) -> Path | None:
        targets[(Path(parent_file).name, name)] += 1
        return link_target(root, parent_file, name)

    monkeypatch.setattr(Locator, "_step", counted_step)
    monkeypatch.setattr(confine, "link_target", counted_target)
    with Locator(FileCache(), eiger.parent) as locator:
        answer = nexus_answer(locator, locator.open(eiger))

    # what the walk reaches: the default plot's signal in the first data file, its listing
    # with both data files, the detector
    assert answer["default"] == "/entry/data"
    assert answer["plot"]["nxdata"]["signal"]["shape"] == [3, *FRAME_SHAPE]
    listed = [c["name"] for c in answer["default_meta"]["children"]]
    assert {"data_000001", "data_000002"} <= set(listed)
    assert answer["entries"][0]["detectors"][0]["wavelength"] == pytest.approx(0.9763e-10)
    assert ("series_master.h5", "/entry/data", "data_000001") in steps
    assert ("series_data_000001.h5", "/entry/data", "data") in steps
    # and each link once (the entry was reached 7 times, the first data file's stack 4 times)
    assert max(steps.values()) == 1, steps.most_common(3)
    assert targets == {
        ("series_master.h5", "series_data_000001.h5"): 1,
        ("series_master.h5", "series_data_000002.h5"): 1,
    }


def test_links_are_remembered_within_the_block_only(eiger: Path):
    with Locator(FileCache(), eiger.parent) as locator:
        h5file = locator.open(eiger)
        with locator.remembering():
            first = locator.find(h5file, "/entry/data/data_000001")
            assert locator.find(h5file, "/entry/data/data_000001") is first
            with locator.remembering():  # nested: the same memory
                assert locator.find(h5file, "/entry/data/data_000001") is first
            # what was not found is looked for again, and still not found
            for _ in range(2):
                with pytest.raises(locate.EntityNotFoundError):
                    locator.find(h5file, "/entry/data/data_000009")
        again = locator.find(h5file, "/entry/data/data_000001")
        assert again is not first and again.path == first.path


def test_a_search_for_a_class_opens_no_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "wide.h5"
    with h5py.File(path, "w") as f:
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        for i in range(40):
            entry[f"field_{i:02d}"] = np.arange(3)
        for name, nx_class in (("instrument", "NXinstrument"), ("sample", "NXsample")):
            entry.create_group(name).attrs["NX_class"] = nx_class
        entry["instrument_link"] = h5py.SoftLink("/entry/instrument")
    checked: list[str] = []
    check = Locator.check

    def counted_check(self: Locator, found: Found) -> Found:
        if isinstance(found.entity, h5py.Dataset):
            checked.append(found.path)
        return check(self, found)

    monkeypatch.setattr(Locator, "check", counted_check)
    with Locator(FileCache(), tmp_path) as locator:
        h5file = locator.open(path)
        entry = locator.find(h5file, "/entry")
        found = groups_of_class(locator, entry, "NXinstrument")

    # the soft link to a group is followed, as before; the 40 datasets are never opened
    assert [g.path for g in found] == ["/entry/instrument", "/entry/instrument"]
    assert checked == []


def test_searches_count_every_child_they_look_at(eiger: Path):
    """The walk's object count (and so where a budget stops it) is what it was before searches
    shared what they found: each search counts each child it looks at."""
    with Locator(FileCache(), eiger.parent) as locator:
        answer = describe_file(locator, locator.open(eiger), WalkBudget())
    with h5py.File(eiger, "r", locking=False) as f:
        entry, instrument, sample = (
            len(f[p]) for p in ("entry", "entry/instrument", "entry/sample")
        )
    # the root for NXentry; the entry for NXinstrument and the instrument for NXdetector (the
    # detectors); the entry again for NXsample and the sample for NXbeam (the wavelength,
    # found there, so the instrument is not searched for a beam)
    assert answer["walk"]["visited"] == 1 + entry + instrument + entry + sample
