"""GET /nxviz/api/meta: h5grove metadata plus paging, links, filters and NX_class."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hdf5.factories import FRAME_SHAPE, write_many, write_outside, write_tree
from tests.server.helpers import get_error, get_json


@pytest.fixture
def tree(jp_root_dir: Path, tmp_path: Path) -> str:
    outside = write_outside(tmp_path / "outside.h5")
    assert not outside.resolve().is_relative_to(jp_root_dir.resolve())
    write_tree(jp_root_dir / "tree.h5", outside=outside)
    return "tree.h5"


async def test_root_group_lists_children_with_kinds_and_nx_class(jp_fetch, tree):
    meta = await get_json(jp_fetch, "meta", file=tree)

    assert meta["type"] == "group"
    assert meta["path"] == "/"
    assert meta["total"] == 3 and meta["offset"] == 0 and meta["limit"] == 1000
    assert [a["name"] for a in meta["attributes"]] == ["default"]
    kinds = {c["name"]: c["type"] for c in meta["children"]}
    assert kinds == {"entry": "group", "links": "group", "named_type": "datatype"}
    entry = next(c for c in meta["children"] if c["name"] == "entry")
    assert entry["nx_class"] == "NXentry"


async def test_dataset_children_carry_shape_dtype_chunks_and_filters(jp_fetch, tree):
    meta = await get_json(jp_fetch, "meta", file=tree, path="/entry/data")

    assert meta["nx_class"] == "NXdata"
    children = {c["name"]: c for c in meta["children"]}
    frames = children["frames"]
    assert frames["shape"] == [3, *FRAME_SHAPE]
    assert frames["dtype"] == "<u4"
    assert frames["chunks"] == [1, *FRAME_SHAPE]
    assert [f["id"] for f in frames["filters"]] == [32008]
    assert [f["id"] for f in children["gzip"]["filters"]] == [1]


async def test_odd_dtypes_are_described(jp_fetch, tree):
    meta = await get_json(jp_fetch, "meta", file=tree, path="/entry")
    children = {c["name"]: c for c in meta["children"]}

    assert children["compound"]["dtype"] == {"a": "<i4", "b": "<f8"}
    assert children["enum"]["type_info"]["members"] == {"RED": 0, "GREEN": 1}
    assert children["text"]["shape"] == []
    assert children["empty"]["shape"] is None
    assert children["zero_length"]["shape"] == [0, 3]
    assert children["four_d"]["shape"] == [2, 3, 4, 5]
    assert children["scalar"]["chunks"] is None and children["scalar"]["filters"] is None


async def test_links_of_every_kind_are_reported_with_targets(jp_fetch, tree):
    meta = await get_json(jp_fetch, "meta", file=tree, path="/links")
    c = {child["name"]: child for child in meta["children"]}

    assert c["hard"]["type"] == "dataset" and "link" not in c["hard"]
    assert c["soft"]["type"] == "group" and c["soft"]["nx_class"] == "NXdata"
    assert c["soft"]["link"] == {"type": "soft", "target_path": "/entry/data"}
    assert c["dangling_soft"] == {
        "name": "dangling_soft",
        "type": "soft_link",
        "target_path": "/nowhere",
        "dangling": True,
    }
    assert c["external"]["type"] == "dataset" and c["external"]["dtype"] == "<i2"
    assert c["external"]["link"]["target_file"] == "other.h5"
    assert c["external_group"]["type"] == "group"
    assert c["dangling_external"]["type"] == "external_link"
    assert c["dangling_external"]["dangling"] is True
    assert c["external_bad_path"]["dangling"] is True
    for name in ("leaves_root", "leaves_root_relative"):
        assert c[name]["type"] == "external_link"
        assert c[name]["outside_root"] is True
        assert "dangling" not in c[name]


async def test_meta_of_a_path_through_links(jp_fetch, tree):
    through_soft = await get_json(jp_fetch, "meta", file=tree, path="/links/soft/frames")
    through_external = await get_json(jp_fetch, "meta", file=tree, path="links/external_group")

    assert through_soft["type"] == "dataset" and through_soft["path"] == "/links/soft/frames"
    assert through_external["type"] == "group"
    assert [c["name"] for c in through_external["children"]] == ["values"]


async def test_meta_of_a_dangling_link_describes_it(jp_fetch, tree):
    meta = await get_json(jp_fetch, "meta", file=tree, path="/links/dangling_soft")

    assert meta["type"] == "soft_link" and meta["dangling"] is True
    assert "attributes" not in meta


async def test_external_links_to_hidden_files_are_not_followed(jp_fetch, jp_root_dir):
    import h5py
    import numpy as np

    with h5py.File(jp_root_dir / ".secret.h5", "w") as f:
        f["x"] = np.arange(3)
    with h5py.File(jp_root_dir / "peek.h5", "w") as f:
        f["peek"] = h5py.ExternalLink(".secret.h5", "/x")

    meta = await get_json(jp_fetch, "meta", file="peek.h5")
    status, body = await get_error(jp_fetch, "data", file="peek.h5", path="/peek")

    assert meta["children"][0]["outside_root"] is True
    assert (status, body["code"]) == (403, "outside_root")


async def test_external_links_leaving_the_root_are_followed_when_configured(
    jp_fetch, jp_serverapp, tree
):
    jp_serverapp.web_app.settings["nxviz"].allow_external_outside_root = True

    meta = await get_json(jp_fetch, "meta", file=tree, path="/links")
    values = await get_json(jp_fetch, "data", file=tree, path="/links/leaves_root")

    leaves = next(c for c in meta["children"] if c["name"] == "leaves_root")
    assert leaves["type"] == "dataset" and leaves["link"]["type"] == "external"
    assert values == [0, 1, 2]


async def test_403_walking_through_an_external_link_leaving_the_root(jp_fetch, tree):
    status, body = await get_error(jp_fetch, "meta", file=tree, path="/links/leaves_root/x")
    assert (status, body["code"]) == (403, "outside_root")


async def test_dataset_meta_has_attributes_and_h5grove_type(jp_fetch, tree):
    meta = await get_json(jp_fetch, "meta", file=tree, path="/entry/scalar")

    assert meta["type"] == "dataset"
    assert [(a["name"], a["shape"], a["dtype"]) for a in meta["attributes"]] == [
        ("units", [], "|O")
    ]
    assert meta["attributes"][0]["type_info"]["vlen"] is True
    assert meta["type_info"]["dtype"] == "<f8"


async def test_paging_a_100000_child_group(jp_fetch, jp_root_dir):
    write_many(jp_root_dir / "many.h5", 100_000)

    first = await get_json(jp_fetch, "meta", file="many.h5", path="/many", limit=50)
    last = await get_json(jp_fetch, "meta", file="many.h5", path="/many", offset=99_990)
    beyond = await get_json(jp_fetch, "meta", file="many.h5", path="/many", offset=200_000)

    assert first["total"] == 100_000
    assert [c["name"] for c in first["children"]] == [f"c{i:06d}" for i in range(50)]
    assert [c["name"] for c in last["children"]] == [f"c{i:06d}" for i in range(99_990, 100_000)]
    assert last["children"][-1] == {"name": "c099999", "type": "group", "nx_class": "NXcollection"}
    assert beyond["children"] == [] and beyond["total"] == 100_000


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        pytest.param({}, 400, "bad_request", id="missing-file"),
        pytest.param({"file": "../x.h5"}, 403, "outside_root", id="dotdot"),
        pytest.param({"file": "/etc/passwd"}, 403, "outside_root", id="absolute"),
        pytest.param({"file": "nope.h5"}, 404, "file_not_found", id="no-such-file"),
        pytest.param(
            {"file": "tree.h5", "path": "/nope"}, 404, "entity_not_found", id="no-such-path"
        ),
        pytest.param(
            {"file": "tree.h5", "path": "/entry/scalar/x"},
            404,
            "entity_not_found",
            id="path-under-dataset",
        ),
        pytest.param({"file": "text.txt"}, 415, "not_hdf5", id="not-hdf5"),
        pytest.param({"file": "tree.h5", "limit": "x"}, 400, "bad_request", id="bad-limit"),
        pytest.param({"file": "tree.h5", "offset": "-1"}, 400, "bad_request", id="negative-offset"),
    ],
)
async def test_bad_requests_get_json_errors(jp_fetch, jp_root_dir, tree, params, status, code):
    (jp_root_dir / "text.txt").write_text("not hdf5\n")

    got_status, body = await get_error(jp_fetch, "meta", **params)

    assert (got_status, body["code"]) == (status, code)
