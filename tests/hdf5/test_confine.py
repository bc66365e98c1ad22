"""nxviz.hdf5.confine finds the files HDF5 reads on a file's behalf where HDF5 finds them.

Each case puts a target file in some of the places HDF5 searches (the prefix variable's
folder, the parent file's folder, the working directory), each holding a different value,
then compares what HDF5 really reads with the file nxviz says it would open.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import h5py
import numpy as np
import pytest

from nxviz.errors import ForeignFileError, OutsideRootError
from nxviz.hdf5 import confine

PLACES = ("prefix", "folder", "cwd")


def _value_file(path: Path, value: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "w") as f:
        f["values"] = np.full(3, value)


def _layout(tmp_path: Path, present: tuple[str, ...]) -> dict[str, Path]:
    folders = {place: tmp_path / place for place in PLACES}
    for folder in folders.values():
        folder.mkdir()
    for index, place in enumerate(PLACES):
        if place in present:
            _value_file(folders[place] / "target.h5", index)
    return folders


CASES = [p for n in range(len(PLACES) + 1) for p in itertools.combinations(PLACES, n)]


@pytest.mark.parametrize("absolute", [False, True], ids=["relative", "absolute-missing"])
@pytest.mark.parametrize("present", CASES, ids=["+".join(c) or "none" for c in CASES])
def test_external_links_are_found_where_hdf5_finds_them(
    tmp_path: Path, monkeypatch, present: tuple[str, ...], absolute: bool
):
    folders = _layout(tmp_path, present)
    monkeypatch.chdir(folders["cwd"])
    monkeypatch.setenv("HDF5_EXT_PREFIX", str(folders["prefix"]))
    parent = folders["folder"] / "parent.h5"
    name = str(tmp_path / "gone" / "target.h5") if absolute else "target.h5"
    with h5py.File(parent, "w") as f:
        f["link"] = h5py.ExternalLink(name, "/values")

    with h5py.File(parent, "r", locking=False) as f:
        try:
            read = int(f["link"][0])
        except KeyError:
            read = None
    everywhere = confine.Root.of(tmp_path, allow_outside=True)
    found = confine.link_target(everywhere, os.fspath(parent), name)

    expected = None if read is None else folders[PLACES[read]] / "target.h5"
    assert found == expected


@pytest.mark.parametrize("present", CASES, ids=["+".join(c) or "none" for c in CASES])
def test_virtual_sources_are_found_where_hdf5_finds_them(
    tmp_path: Path, monkeypatch, present: tuple[str, ...]
):
    folders = _layout(tmp_path, present)
    monkeypatch.chdir(folders["cwd"])
    monkeypatch.setenv("HDF5_VDS_PREFIX", str(folders["prefix"]))
    parent = folders["folder"] / "vds.h5"
    layout = h5py.VirtualLayout(shape=(3,), dtype="i8")
    layout[:] = h5py.VirtualSource("target.h5", "values", shape=(3,))
    with h5py.File(parent, "w") as f:
        f.create_virtual_dataset("data", layout, fillvalue=-1)

    with h5py.File(parent, "r", locking=False) as f:
        read = int(f["data"][0])
        everywhere = confine.Root.of(tmp_path, allow_outside=True)
        sources = confine.virtual_sources(everywhere, f["data"].id, f.filename, "/data")

    expected = None if read == -1 else folders[PLACES[read]] / "target.h5"
    assert [s.file for s in sources] == [expected]


def test_external_storage_outside_the_root_is_refused(tmp_path: Path, monkeypatch):
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "raw.bin").write_bytes(bytes(24))
    (root / "raw.bin").write_bytes(bytes(24))
    path = root / "efl.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("inside", shape=(3,), dtype="<f8", external=[("raw.bin", 0, 24)])
        f.create_dataset("outside", shape=(3,), dtype="<f8", external=[("../raw.bin", 0, 24)])
    rule = confine.Root.of(root)
    monkeypatch.chdir(root)  # HDF5 reads relative names from the working directory

    with h5py.File(path, "r", locking=False) as f:
        confine.external_storage(rule, f["inside"].id, f.filename, "/inside")
        with pytest.raises(ForeignFileError):
            confine.external_storage(rule, f["outside"].id, f.filename, "/outside")
    monkeypatch.chdir(tmp_path)  # now "raw.bin" is the one outside the root
    with h5py.File(path, "r", locking=False) as f, pytest.raises(ForeignFileError):
        confine.external_storage(rule, f["inside"].id, f.filename, "/inside")


def test_a_hidden_target_is_refused_when_hidden_files_are_not_served(tmp_path: Path):
    _value_file(tmp_path / ".hidden" / "target.h5", 1)
    parent = tmp_path / "parent.h5"
    parent.touch()

    shown = confine.Root.of(tmp_path, allow_hidden=True)
    hidden = confine.Root.of(tmp_path, allow_hidden=False)

    assert confine.link_target(shown, os.fspath(parent), ".hidden/target.h5") is not None
    with pytest.raises(OutsideRootError):
        confine.link_target(hidden, os.fspath(parent), ".hidden/target.h5")


def test_a_printf_style_source_name_is_a_pattern_and_percent_signs_are_escaped(tmp_path: Path):
    root = tmp_path / "root"
    root.mkdir()
    _value_file(tmp_path / "block_0.h5", 1)
    _value_file(tmp_path / "odd%name.h5", 1)
    _value_file(root / "block_0.h5", 1)
    parent = os.fspath(root / "vds.h5")
    rule = confine.Root.of(root)
    refused = OutsideRootError("refused")

    def files(name: str) -> list[Path]:
        path, pattern = confine._source_name(name)
        candidates = confine.search_order(parent, path, confine.VDS_PREFIX)
        if pattern:
            return confine._pattern_files(rule, candidates, refused)
        found = confine.find_file(rule, candidates, refused)
        return [found] if found is not None else []

    assert files("block_%b.h5") == [root / "block_0.h5"]
    with pytest.raises(OutsideRootError):
        files("../block_%b.h5")
    with pytest.raises(OutsideRootError):
        files("../odd%%name.h5")  # HDF5 reads "%%" as "%"
    assert files("odd%%name.h5") == []


def _vds_beside(root: Path) -> Path:
    _value_file(root / "source.h5", 7)
    layout = h5py.VirtualLayout(shape=(3,), dtype="i8")
    layout[:] = h5py.VirtualSource("source.h5", "values", shape=(3,))
    with h5py.File(root / "vds.h5", "w") as f:
        f.create_virtual_dataset("data", layout, fillvalue=-1)
    return root / "vds.h5"


def test_a_virtual_dataset_checked_is_remembered_for_a_moment(tmp_path: Path, monkeypatch):
    from nxviz.hdf5 import locate
    from nxviz.hdf5.open import FileCache

    path = _vds_beside(tmp_path)
    calls: list[str] = []
    check = confine.check_dataset

    def counted(*args: object, **kwargs: object) -> tuple[str, ...]:
        calls.append(str(args[3]))
        return check(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(confine, "check_dataset", counted)
    cache = FileCache()
    for _ in range(3):
        with locate.Locator(cache, tmp_path) as locator:
            locator.find(locator.open(path), "/data")
    cache.close()

    assert calls.count("/data") == 1


def test_a_source_swapped_for_a_link_outside_is_refused_once_the_moment_is_over(
    tmp_path: Path, monkeypatch
):
    from nxviz.hdf5 import locate
    from nxviz.hdf5.open import FileCache

    root = tmp_path / "root"
    root.mkdir()
    path = _vds_beside(root)
    _value_file(tmp_path / "secret.h5", 9)
    monkeypatch.setattr(locate, "CHECKED_FOR", 0.0)
    cache = FileCache()
    with locate.Locator(cache, root) as locator:
        locator.find(locator.open(path), "/data")
    (root / "source.h5").unlink()
    (root / "source.h5").symlink_to(tmp_path / "secret.h5")

    with locate.Locator(cache, root) as locator, pytest.raises(ForeignFileError):
        locator.find(locator.open(path), "/data")
    cache.close()
