"""What every endpoint owes the server: files untouched, no 500 on bad input, a free event loop."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from tests.hdf5.factories import write_nxmx, write_outside, write_tree

ENDPOINTS = ("meta", "attr", "data", "image", "stats", "nexus")


@pytest.fixture
def files(jp_root_dir: Path, tmp_path: Path) -> Path:
    write_tree(jp_root_dir / "tree.h5", outside=write_outside(tmp_path / "outside.h5"))
    write_nxmx(jp_root_dir / "nxmx.h5")
    (jp_root_dir / "text.txt").write_text("not hdf5")
    return jp_root_dir


def fingerprint(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mtime_ns, st.st_size


async def test_served_files_keep_their_bytes_and_mtime(jp_fetch, files):
    before = {p.name: fingerprint(p) for p in files.glob("*.h5")}
    detector = "/entry/instrument/detector/data"
    requests = [
        ("meta", {"file": "tree.h5", "path": "/links"}),
        ("attr", {"file": "tree.h5", "path": "/entry"}),
        ("data", {"file": "tree.h5", "path": "/links/external", "format": "npy"}),
        ("image", {"file": "nxmx.h5", "path": detector, "frames": "0:3"}),
        ("stats", {"file": "nxmx.h5", "path": detector, "selection": "1"}),
        ("nexus", {"file": "nxmx.h5"}),
    ]
    for endpoint, params in requests:
        response = await jp_fetch("nxviz", "api", endpoint, params=params)
        assert response.code == 200

    assert {p.name: fingerprint(p) for p in files.glob("*.h5")} == before


async def test_a_flood_of_bad_requests_then_a_good_answer(jp_fetch, files):
    bad = [
        {},
        {"file": "../etc/passwd"},
        {"file": "/etc/passwd"},
        {"file": "text.txt"},
        {"file": "nope.h5"},
        {"file": "tree.h5", "path": "/nope"},
        {"file": "tree.h5", "path": "/entry/data/frames", "selection": "x,y,z"},
        {"file": "tree.h5", "path": "/entry/data/frames", "selection": "99"},
        {"file": "tree.h5", "path": "/links/dangling_external", "width": "-1"},
        {"file": "tree.h5", "path": "/entry/compound", "format": "bin", "percentiles": "x"},
        {"file": "tree.h5", "path": "/entry/text", "limit": "1e9", "bins": "0"},
    ]

    async def one(endpoint: str, params: dict[str, str]) -> int:
        try:
            await jp_fetch("nxviz", "api", endpoint, params=params)
        except HTTPClientError as error:
            body = json.loads(error.response.body)
            assert set(body) == {"code", "message"}
            return error.code
        return 200

    codes = await asyncio.gather(*(one(e, p) for _ in range(10) for e in ENDPOINTS for p in bad))

    assert len(codes) == 10 * len(ENDPOINTS) * len(bad)
    assert 500 not in codes
    assert {400, 403, 404, 415} <= set(codes)
    response = await jp_fetch("nxviz", "api", "meta", params={"file": "tree.h5"})
    assert json.loads(response.body)["total"] == 3


def test_external_link_targets_are_resolved_next_to_the_file_not_the_cwd(tmp_path: Path):
    from nxviz.hdf5.locate import external_target

    here = tmp_path / "a" / "file.h5"
    assert external_target(os.fspath(here), "b.h5") == tmp_path / "a" / "b.h5"
    assert external_target(os.fspath(here), "/abs/b.h5") == Path("/abs/b.h5")
