"""Graph blow-ups (issue 12): each object visited once by its address, aliases reported once,
findings bounded per code, every walk limited in objects and time, any nesting depth."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np

from nxviz.validation import tidy
from nxviz.validation.engine import validate
from nxviz.validation.issues import Code
from nxviz.validation.walk import walk
from tests.validation.conftest import MakeFile
from tests.validation.factories import group


def _diamond(path: Path, levels: int) -> None:
    """Every level's group reached through two hard links from the level above: 2**levels
    paths to the deepest group, which holds one badly named field."""
    with h5py.File(path, "w") as f:
        entry = group(f, "entry", "NXentry")
        below = group(entry, "top", "NXcollection")
        for level in range(levels):
            nxt = f.create_group(f"store/level_{level}")
            nxt.attrs["NX_class"] = "NXcollection"
            below["a"] = nxt
            below["b"] = nxt
            below = nxt
        below["bad name"] = np.arange(3)


def test_a_diamond_26_levels_deep_is_walked_once_per_object(tmp_path: Path) -> None:
    path = tmp_path / "diamond.h5"
    _diamond(path, 26)
    with h5py.File(path, "r") as f:
        tree = walk(f)
        assert len(tree.index) < 200  # 2 links a level, not 2**26 paths
        assert not tree.stopped
    report = validate(path)
    bad = [i for i in report.issues if i.code is Code.INVALID_NAME]
    assert len(bad) == 1  # one object, one finding


def test_a_hard_link_alias_is_reported_once_naming_the_other_path(make_file: MakeFile) -> None:
    def alias(f: h5py.File) -> None:
        f["/entry/sample/temperature"].attrs["units"] = "m"
        f["/entry/sample/temperature_again"] = f["/entry/sample/temperature"]

    report = validate(make_file("NXtest", alias))
    wrong = [i for i in report.issues if i.code is Code.WRONG_UNITS]
    assert [i.path for i in wrong] == ["/entry/sample/temperature@units"]
    # the alias is named in the one finding when it was judged by the same spec
    assert [i for i in report.issues if i.path.startswith("/entry/sample/temperature_again@")] == []


def test_nesting_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    path = tmp_path / "deep.h5"
    with h5py.File(path, "w") as f:
        here: h5py.Group = group(f, "entry", "NXentry")
        for _ in range(1500):
            here = group(here, "level", "NXcollection")
        here["bad name"] = 1.0
    report = validate(path)
    assert [i.code for i in report.issues if i.path.endswith("bad name")] == [Code.INVALID_NAME]


def test_many_attributes_are_listed_by_name_and_bounded_per_code(tmp_path: Path) -> None:
    path = tmp_path / "attributes.h5"
    count = tidy.PER_CODE + 500
    with h5py.File(path, "w", libver="latest") as f:
        entry = group(f, "entry", "NXentry")
        space = h5py.h5s.create(h5py.h5s.SCALAR)
        for index in range(count):  # low-level: h5py's attrs[...] = ... is slow per call
            h5py.h5a.create(entry.id, f"bad-{index}".encode(), h5py.h5t.STD_I32LE, space)
    report = validate(path)
    bad = [i for i in report.issues if i.code is Code.INVALID_NAME]
    assert len(bad) == tidy.PER_CODE + 1
    summary = [i for i in bad if i.path == "/"]
    assert len(summary) == 1 and "500 more invalid_name findings" in summary[0].message


def test_the_walk_stops_at_its_object_limit_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "wide.h5"
    with h5py.File(path, "w") as f:
        entry = group(f, "entry", "NXentry")
        for index in range(300):
            entry[f"value_{index}"] = index
    report = validate(path, max_objects=100)
    limit = report.at("/")
    assert [i.code for i in limit] == [Code.LIMIT_REACHED]
    assert "100 objects" in limit[0].message
    assert not report.ok
    assert Code.LIMIT_REACHED not in validate(path).codes()


def test_the_walk_stops_at_its_time_limit_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "wide.h5"
    with h5py.File(path, "w") as f:
        entry = group(f, "entry", "NXentry")
        for index in range(600):
            entry[f"value_{index}"] = index
    report = validate(path, max_seconds=0.0)
    assert [i.code for i in report.at("/")] == [Code.LIMIT_REACHED]
    assert "0 s" in report.at("/")[0].message
