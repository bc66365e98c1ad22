"""The compiled reader's group functions (``_h5group.c``: a group's links listed once, their
objects read in runs) against the ctypes reader and h5py alone, on files built to cross what a
run does: more members than one run, second hard links inside a run and across runs, a soft
link listed before the hard link to the same object, external and dangling links, a named
datatype, objects with more attributes than are read eagerly, and the walk's object limit
reached inside a run (every object it opened closed again)."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pytest

from nxviz.validation import h5fast, h5lib
from nxviz.validation.walk import Tree, walk
from nxviz.validation.walkparts import RUN
from tests.validation.test_fast_walk_gallery import _compare_trees


def _write(path: Path) -> None:
    with h5py.File(path, "w") as f:
        wide = f.create_group("wide")
        wide.attrs["NX_class"] = "NXcollection"
        for index in range(RUN * 2 + 40):
            if index % 50 == 7:  # groups, which a run leaves open for the walk to read
                wide.create_group(f"v{index:04d}").attrs["NX_class"] = "NXcollection"
                continue
            wide[f"v{index:04d}"] = np.arange(index % 5 + 1)
            wide[f"v{index:04d}"].attrs["units"] = "mm"
        wide["v0001_again"] = wide["v0001"]  # the same run as its first link
        wide["v0600_again"] = wide["v0500"]  # listed a run later than its first link
        target = f.create_group("store/target")
        target.attrs["NX_class"] = "NXdata"
        target["x"] = 1.0
        wide["a_soft"] = h5py.SoftLink("/wide/z_hard")  # listed before the hard link
        wide["z_hard"] = f["store/x_plain"] = np.arange(3)
        wide["dangling"] = h5py.SoftLink("/nowhere")
        wide["outside"] = h5py.ExternalLink("absent.h5", "/x")
        wide["named_type"] = np.dtype("<i4")
        crowded = wide.create_group("crowded")
        for index in range(h5fast.EAGER + 3):
            crowded.attrs[f"a{index}"] = index
        wide["compound"] = np.zeros(2, dtype=[("a", "<i4"), ("b", "<f8")])
        wide["group_link"] = target


def _walk(path: Path, max_objects: int | None = None) -> tuple[Tree, int]:
    """The tree, and the number of the file's groups and datasets still open after the walk."""
    with h5py.File(path, "r") as f:
        tree = walk(f) if max_objects is None else walk(f, max_objects=max_objects)
        for node in tree.index.values():
            dict(node.attrs)
        kinds = h5py.h5f.OBJ_GROUP | h5py.h5f.OBJ_DATASET | h5py.h5f.OBJ_LOCAL
        import gc

        gc.collect()  # h5py objects made for the slow cases
        return tree, h5py.h5f.get_obj_count(f.id, kinds)


def _three(
    path: Path, monkeypatch: pytest.MonkeyPatch, max_objects: int | None = None
) -> list[tuple[Tree, int]]:
    reader = h5fast.reader()
    assert reader is not None and reader.group is not None, "the compiled reader is not built"
    found = [_walk(path, max_objects)]
    with monkeypatch.context() as patched:
        patched.setattr(h5fast, "_READER", [h5fast.Reader(h5lib.library(), compiled=False)])
        found.append(_walk(path, max_objects))
    with monkeypatch.context() as patched:
        patched.setattr(h5fast, "_READER", [None])
        found.append(_walk(path, max_objects))
    return found


def test_runs_of_members_give_the_tree_the_other_readers_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "wide.h5"
    _write(path)
    (compiled, open_c), (ctypes_only, open_ct), (alone, open_h5) = _three(path, monkeypatch)
    _compare_trees(compiled, ctypes_only)
    _compare_trees(compiled, alone)
    index = compiled.index
    assert index["/wide/v0001_again"].alias_of == "/wide/v0001"
    assert index["/wide/v0600_again"].alias_of == "/wide/v0500"
    # the soft link read the object first (through h5py); the hard link is its alias, and a
    # hard link (the alias kept the soft link's LinkInfo before, h5py's path did not)
    assert index["/wide/z_hard"].alias_of == "/wide/a_soft"
    assert index["/wide/z_hard"].link is None
    assert index["/wide/group_link"].alias_of == "" and index["/wide/group_link/x"].value == 1.0
    assert len(index["/wide/crowded"].attrs) == h5fast.EAGER + 3
    assert index["/wide/dangling"].kind.name == "BROKEN"
    # nothing left open but the group whose attributes are read on demand (as h5py's path)
    assert open_c == open_ct == open_h5 == 1


def test_the_object_limit_inside_a_run_closes_what_the_run_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "wide.h5"
    _write(path)
    limit = RUN + 20  # inside the second run of /wide's members
    (compiled, open_c), (ctypes_only, open_ct), (alone, open_h5) = _three(path, monkeypatch, limit)
    assert compiled.stopped and len(compiled.index) == limit
    _compare_trees(compiled, ctypes_only)
    _compare_trees(compiled, alone)
    # the groups of the second run past the limit closed: only the crowded group stays open
    assert open_c == open_ct == open_h5 == 1
