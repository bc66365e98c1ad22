"""The walk's ctypes reader (``h5fast``) against h5py's path (``h5read``) on real files: every
file of the gallery, walked and validated four ways (the file opened without h5py as the
command line opens it; opened by h5py and read by h5fast, its attributes by the compiled
reader where it was built, and by ctypes alone; read by h5py alone), gives the same tree and
byte-identical findings (``--format json --verbose``)."""

from __future__ import annotations

import json
import os
import shutil
import sysconfig
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest

from nxviz.hdf5.open import open_readonly
from nxviz.validation import h5fast, h5lib
from nxviz.validation.engine import validate
from nxviz.validation.render import to_json_dict
from nxviz.validation.walk import Tree, walk
from tests.validation.gallery import PRODUCED, gallery_files

FILES = gallery_files()


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            type(a) is type(b)
            and a.dtype == b.dtype
            and a.dtype.metadata == b.dtype.metadata  # h5py's string encodings
            and a.shape == b.shape
            and (a.tolist() == b.tolist() if a.dtype.kind in "OSU" else a.tobytes() == b.tobytes())
        )
    if isinstance(a, np.generic) and isinstance(b, np.generic):
        return type(a) is type(b) and a.tobytes() == b.tobytes()  # NaN equals NaN here
    return type(a) is type(b) and bool(a == b)


def _tree(path: Path) -> Tree:
    native = h5lib.open_native(path) if h5lib.FORCE else None
    with native or open_readonly(path, filters=False) as handle:
        tree = walk(handle)
        for node in tree.index.values():  # read lazy attributes while the file is open
            dict(node.attrs)
        return tree


def _both(path: Path, monkeypatch: pytest.MonkeyPatch, read: Any) -> tuple[Any, Any]:
    """``read`` of the file opened by h5py, then by h5py alone; the file opened without h5py
    (as ``nxviz validate`` opens it) must give what h5py's open gives."""
    fast = read(path)
    with monkeypatch.context() as patched:
        patched.setattr(h5lib, "FORCE", True)
        assert isinstance(h5lib.open_native(path), h5lib.NativeFile)
        native = read(path)
    with monkeypatch.context() as patched:
        lib = h5lib.library()
        patched.setattr(h5fast, "_READER", [h5fast.Reader(lib, compiled=False)])
        ctypes_only = read(path)  # attributes read through ctypes, not the compiled reader
    with monkeypatch.context() as patched:
        patched.setattr(h5fast, "_READER", [None])  # no ctypes reader: h5py reads everything
        assert h5fast.reader() is None
        slow = read(path)
    for other in (native, ctypes_only):
        if isinstance(fast, Tree):
            _compare_trees(other, fast)
        else:
            assert other == fast
    return fast, slow


def _findings(path: Path) -> str:
    return json.dumps(to_json_dict(validate(path, verbose=True)), indent=2)


def _metadata(node: Any) -> Any:
    return None if node.dtype is None else node.dtype.metadata


def _compare_trees(fast: Tree, slow: Tree) -> None:
    assert list(fast.index) == list(slow.index)
    for where, mine in fast.index.items():
        theirs = slow.index[where]
        assert (mine.kind, mine.shape, mine.dtype, mine.alias_of, mine.link) == (
            theirs.kind,
            theirs.shape,
            theirs.dtype,
            theirs.alias_of,
            theirs.link,
        ), where
        assert _metadata(mine) == _metadata(theirs), where  # h5py's string encodings
        assert list(mine.attrs) == list(theirs.attrs), where  # the same names, the same order
        for name in mine.attrs:
            assert _same(mine.attrs[name], theirs.attrs[name]), (where, name)
        assert _same(mine.value, theirs.value), where


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_the_fast_walk_reads_a_gallery_file_as_h5py_does(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = _both(path, monkeypatch, _tree)
    _compare_trees(fast, slow)
    fast_findings, slow_findings = _both(path, monkeypatch, _findings)
    assert fast_findings == slow_findings


@pytest.mark.parametrize("name", sorted(PRODUCED))
def test_the_fast_walk_reads_a_produced_file_as_h5py_does(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    PRODUCED[name](tmp_path / name)
    fast, slow = _both(tmp_path / name, monkeypatch, _tree)
    _compare_trees(fast, slow)
    assert _findings(tmp_path / name) == _both(tmp_path / name, monkeypatch, _findings)[1]


def test_the_fast_walk_reads_many_attributes_in_their_native_order(tmp_path: Path) -> None:
    # dense attribute storage (more than 8) and compact storage: the same names, same order
    path = tmp_path / "many.h5"
    with h5py.File(path, "w") as f:
        for count in (3, 40):
            group = f.create_group(f"g{count}")
            for i in range(count):
                group.attrs[f"a{(i * 7919) % 1000:03d}_{'x' * (i % 5)}"] = np.arange(i % 4 + 1)
        f["g3"].attrs["n" * 300] = "a name longer than the reader's name buffer"
    fast, slow = _both(path, pytest.MonkeyPatch(), _tree)
    _compare_trees(fast, slow)
    assert len(fast.index["/g40"].attrs) == 40
    assert "n" * 300 in fast.index["/g3"].attrs


def test_the_walk_without_h5py_reads_every_number_and_string_layout_as_h5py_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # byte orders, widths, a half float and a 12-bit integer (described by h5py), padded
    # fixed-length strings (read into h5py's null-padded memory type), an enum (h5py's bool)
    path = tmp_path / "layouts.h5"
    with h5py.File(path, "w") as f:
        for code in ("<i1", ">i2", "<u4", ">u8", ">f4", "<f8", ">f8", "<f2"):
            f.attrs[f"a{code}"] = np.arange(3, dtype=code)
            f[f"d{code}"] = np.arange(4, dtype=code)
        f["flag"] = np.array([True, False])
        twelve = h5py.h5t.STD_I16LE.copy()
        twelve.set_precision(12)
        space = h5py.h5s.create_simple((2,))
        h5py.h5d.create(f.id, b"twelve", twelve, space).write(
            h5py.h5s.ALL, h5py.h5s.ALL, np.array([-5, 7], dtype="<i2"), mtype=twelve
        )
        padded = h5py.h5t.C_S1.copy()
        padded.set_size(8)
        padded.set_strpad(h5py.h5t.STR_SPACEPAD)
        scalar = h5py.h5s.create(h5py.h5s.SCALAR)
        h5py.h5a.create(f.id, b"padded", padded, scalar).write(np.array(b"mm", dtype="S8"))
    fast, slow = _both(path, monkeypatch, _tree)
    _compare_trees(fast, slow)
    assert fast.index["/"].attrs["padded"] == "mm"  # the padding gone, as h5py reads it
    assert fast.index["/twelve"].value.tolist() == [-5, 7]
    assert fast.index["/d>f8"].dtype == np.dtype(">f8")


def test_the_compiled_attribute_reader_is_built_where_it_can_be() -> None:
    # built by the install (hatch_build.py) wherever a C compiler and Python's headers are
    include = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if shutil.which(os.environ.get("CC", "cc")) is None or not include.is_file():
        pytest.skip("no C compiler or no Python headers: the ctypes reader reads attributes")
    reader = h5fast.reader()
    assert reader is not None
    assert reader._compiled is not None
