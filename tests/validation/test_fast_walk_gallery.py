"""The walk's ctypes reader (``h5fast``) against h5py's path (``h5read``) on real files: every
file of the gallery, walked and validated both ways, gives the same tree and byte-identical
findings (``--format json --verbose``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest

from nxviz.hdf5.open import open_readonly
from nxviz.validation import h5fast
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
            and a.shape == b.shape
            and (a.tolist() == b.tolist() if a.dtype.kind in "OSU" else a.tobytes() == b.tobytes())
        )
    if isinstance(a, np.generic) and isinstance(b, np.generic):
        return type(a) is type(b) and a.tobytes() == b.tobytes()  # NaN equals NaN here
    return type(a) is type(b) and bool(a == b)


def _tree(path: Path) -> Tree:
    with open_readonly(path, filters=False) as handle:
        tree = walk(handle)
        for node in tree.index.values():  # read lazy attributes while the file is open
            dict(node.attrs)
        return tree


def _both(path: Path, monkeypatch: pytest.MonkeyPatch, read: Any) -> tuple[Any, Any]:
    fast = read(path)
    with monkeypatch.context() as patched:
        patched.setattr(h5fast, "_READER", [None])  # no ctypes reader: h5py reads everything
        assert h5fast.reader(lambda tid: tid.dtype) is None
        slow = read(path)
    return fast, slow


def _findings(path: Path) -> str:
    return json.dumps(to_json_dict(validate(path, verbose=True)), indent=2)


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
