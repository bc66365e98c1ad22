"""GET /nxviz/api/search: names found server-side, bounded, with JSON errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hdf5.factories import write_many, write_nxmx, write_outside, write_tree
from tests.server.helpers import get_error, get_json


@pytest.fixture
def tree(jp_root_dir: Path, tmp_path: Path) -> str:
    outside = write_outside(tmp_path / "outside.h5")
    write_tree(jp_root_dir / "tree.h5", outside=outside)
    return "tree.h5"


async def test_search_finds_a_dataset_by_part_of_its_name(jp_fetch, jp_root_dir):
    write_nxmx(jp_root_dir / "nxmx.h5")

    answer = await get_json(jp_fetch, "search", file="nxmx.h5", q="PIXEL_m")

    assert answer == {
        "query": "PIXEL_m",
        "results": [
            {
                "path": "/entry/instrument/detector/pixel_mask",
                "name": "pixel_mask",
                "type": "dataset",
            }
        ],
        "truncated": False,
        "reason": None,
        "visited": answer["visited"],
    }
    assert answer["visited"] >= 20


async def test_search_reports_groups_with_nx_class_and_links_unfollowed(jp_fetch, tree):
    groups = await get_json(jp_fetch, "search", file=tree, q="NXdata")
    links = await get_json(jp_fetch, "search", file=tree, q="leaves_root")

    assert groups["results"] == [
        {"path": "/entry/data", "name": "data", "type": "group", "nx_class": "NXdata"}
    ]
    # a link whose file leaves the root is named, never opened
    assert [(h["name"], h["type"]) for h in links["results"]] == [
        ("leaves_root", "external_link"),
        ("leaves_root_relative", "external_link"),
    ]
    assert "outside" in links["results"][0]["target_file"]


async def test_search_of_a_100000_child_group_is_truncated_at_the_limit(jp_fetch, jp_root_dir):
    write_many(jp_root_dir / "many.h5", 100_000)

    capped = await get_json(jp_fetch, "search", file="many.h5", q="c0", limit=25)
    default = await get_json(jp_fetch, "search", file="many.h5", q="c")
    none = await get_json(jp_fetch, "search", file="many.h5", q="zzz")

    assert [h["name"] for h in capped["results"]] == [f"c{i:06d}" for i in range(25)]
    assert capped["truncated"] is True and capped["reason"] == "limit"
    assert len(default["results"]) == 200 and default["truncated"] is True
    assert none["results"] == [] and none["truncated"] is False
    assert none["visited"] == 100_002


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        pytest.param({"file": "tree.h5"}, 400, "bad_request", id="missing-q"),
        pytest.param({"file": "tree.h5", "q": ""}, 400, "bad_request", id="empty-q"),
        pytest.param({"file": "tree.h5", "q": "  "}, 400, "bad_request", id="blank-q"),
        pytest.param({"file": "tree.h5", "q": "x" * 201}, 400, "bad_request", id="long-q"),
        pytest.param({"file": "tree.h5", "q": "a", "limit": "0"}, 400, "bad_request", id="limit-0"),
        pytest.param(
            {"file": "tree.h5", "q": "a", "limit": "1001"}, 400, "bad_request", id="limit-1001"
        ),
        pytest.param({"file": "tree.h5", "q": "a", "limit": "x"}, 400, "bad_request", id="limit-x"),
        pytest.param({"q": "a"}, 400, "bad_request", id="missing-file"),
        pytest.param({"file": "../x.h5", "q": "a"}, 403, "outside_root", id="dotdot"),
        pytest.param({"file": "/etc/passwd", "q": "a"}, 403, "outside_root", id="absolute"),
        pytest.param({"file": "nope.h5", "q": "a"}, 404, "file_not_found", id="no-such-file"),
        pytest.param({"file": "text.txt", "q": "a"}, 415, "not_hdf5", id="not-hdf5"),
    ],
)
async def test_bad_requests_get_json_errors(jp_fetch, jp_root_dir, tree, params, status, code):
    (jp_root_dir / "text.txt").write_text("not hdf5\n")

    got_status, body = await get_error(jp_fetch, "search", **params)

    assert (got_status, body["code"]) == (status, code)
    assert str(jp_root_dir) not in body["message"]
