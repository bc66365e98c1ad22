"""nxviz.hdf5.search: breadth-first name search that reads no data and stops within bounds."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pytest

from nxviz.errors import UsageError
from nxviz.hdf5.search import search
from tests.hdf5.factories import write_many, write_nxmx, write_tree


def write_cycles(path: Path) -> Path:
    """Nested groups, a hard link back to an ancestor and a soft link loop."""
    with h5py.File(path, "w") as f:
        a = f.create_group("a")
        a.attrs["NX_class"] = "NXentry"
        b = a.create_group("b")
        b.attrs["NX_class"] = np.bytes_(b"NXinstrument")
        c = b.create_group("c_detector")
        c.attrs["NX_class"] = "NXdetector"
        c["Detector_Data"] = np.zeros(3)
        c["up"] = a  # hard link to an ancestor: a cycle for a naive walk
        b["loop"] = h5py.SoftLink("/a/b/loop")
        f["detector_top"] = np.int8(1)
    return path


@pytest.fixture
def tree(tmp_path: Path) -> h5py.File:
    write_tree(tmp_path / "tree.h5")
    with h5py.File(tmp_path / "tree.h5", "r") as f:
        yield f


@pytest.fixture
def cycles(tmp_path: Path) -> h5py.File:
    with h5py.File(write_cycles(tmp_path / "cycles.h5"), "r") as f:
        yield f


def paths(answer: dict) -> list[str]:
    return [hit["path"] for hit in answer["results"]]


def test_matches_names_case_insensitively_breadth_first(cycles):
    answer = search(cycles, "DETECTOR")

    # shallower first: /detector_top (depth 1) before the depth-3 and depth-4 names
    assert paths(answer) == ["/detector_top", "/a/b/c_detector", "/a/b/c_detector/Detector_Data"]
    assert answer["results"][0] == {
        "path": "/detector_top",
        "name": "detector_top",
        "type": "dataset",
    }
    assert answer["results"][1]["nx_class"] == "NXdetector"
    assert answer["results"][1]["type"] == "group"
    assert answer["truncated"] is False and answer["reason"] is None
    assert answer["query"] == "DETECTOR"


def test_a_hard_link_cycle_is_matched_once_and_not_walked_again(cycles):
    answer = search(cycles, "up")

    assert paths(answer) == ["/a/b/c_detector/up"]
    assert answer["results"][0]["nx_class"] == "NXentry"
    # root, a, b, c_detector each listed once: 1 + 1 + 2 + 2 + 1 links in all
    assert answer["visited"] == 7


def test_soft_link_loops_are_reported_not_followed(cycles):
    answer = search(cycles, "loop")

    assert answer["results"] == [
        {"path": "/a/b/loop", "name": "loop", "type": "soft_link", "target_path": "/a/b/loop"}
    ]


def test_links_of_every_kind_including_dangling_and_external(tree):
    answer = search(tree, "external")
    hits = {hit["name"]: hit for hit in answer["results"]}

    assert set(hits) == {"external", "external_group", "dangling_external", "external_bad_path"}
    assert hits["external"] == {
        "path": "/links/external",
        "name": "external",
        "type": "external_link",
        "target_file": "other.h5",
        "target_path": "/data/values",
    }
    assert hits["dangling_external"]["target_file"] == "missing.h5"
    dangling = search(tree, "dangling_soft")["results"]
    assert dangling == [
        {
            "path": "/links/dangling_soft",
            "name": "dangling_soft",
            "type": "soft_link",
            "target_path": "/nowhere",
        }
    ]


def test_hard_links_to_one_dataset_are_found_under_each_name(tree):
    assert paths(search(tree, "scalar")) == ["/entry/scalar"]
    assert search(tree, "hard")["results"][0]["type"] == "dataset"
    assert search(tree, "named_type")["results"][0]["type"] == "datatype"


def test_a_query_with_a_slash_matches_the_path(tmp_path):
    with h5py.File(write_nxmx(tmp_path / "nxmx.h5"), "r") as f:
        assert paths(search(f, "detector/pixel")) == ["/entry/instrument/detector/pixel_mask"]
        assert paths(search(f, "pixel_mask")) == ["/entry/instrument/detector/pixel_mask"]
        assert paths(search(f, "nothing-like-this")) == []


def test_a_query_starting_with_nx_also_matches_nx_class(cycles):
    answer = search(cycles, "NXinstr")

    assert answer["results"] == [
        {"path": "/a/b", "name": "b", "type": "group", "nx_class": "NXinstrument"}
    ]
    # lower-case "nx" is a name search only
    assert search(cycles, "nxinstr")["results"] == []


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_many(tmp_path_factory.mktemp("many") / "many.h5", 100_000)


def test_100000_children_stop_at_the_limit(many):
    with h5py.File(many, "r") as f:
        answer = search(f, "c0", limit=50)

    assert paths(answer) == [f"/many/c{i:06d}" for i in range(50)]
    assert answer["truncated"] is True and answer["reason"] == "limit"
    assert answer["visited"] < 100


def test_100000_children_searched_whole_when_few_match(many):
    with h5py.File(many, "r") as f:
        answer = search(f, "c09999")

    assert paths(answer) == [f"/many/c{i:06d}" for i in range(99_990, 100_000)]
    assert answer["results"][-1]["nx_class"] == "NXcollection"
    assert answer["truncated"] is False
    assert answer["visited"] == 100_002  # /many, /target and the children


def test_exactly_limit_matches_is_not_truncated(many):
    with h5py.File(many, "r") as f:
        answer = search(f, "c09999", limit=10)

    assert len(answer["results"]) == 10 and answer["truncated"] is False


def test_the_walk_stops_after_max_visits(many):
    with h5py.File(many, "r") as f:
        answer = search(f, "nothing", max_visits=1000)

    assert answer == {
        "query": "nothing",
        "results": [],
        "truncated": True,
        "reason": "visits",
        "visited": 1000,
    }


def test_the_walk_stops_at_the_deadline(many):
    with h5py.File(many, "r") as f:
        answer = search(f, "nothing", max_seconds=0.0)

    assert answer["truncated"] is True and answer["reason"] == "time"
    assert answer["visited"] < 100_000


@pytest.mark.parametrize(
    ("query", "limit"),
    [("", 10), ("   ", 10), ("x" * 201, 10), ("x", 0), ("x", 1001)],
)
def test_bad_queries_and_limits_are_usage_errors(cycles, query, limit):
    with pytest.raises(UsageError):
        search(cycles, query, limit=limit)
