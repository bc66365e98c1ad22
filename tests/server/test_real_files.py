"""Files written by other software, served: every group lists, every default plot draws."""

from __future__ import annotations

import json
import posixpath
import shutil
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from tests.conftest import REAL_DATA


@pytest.fixture
def real_copies(jp_root_dir: Path) -> list[str]:
    """Copies in the server's root (the originals stay untouched); absence is a failure."""
    if not REAL_DATA.is_dir():
        pytest.fail(f"real data folder missing: {REAL_DATA}")
    names = []
    for path in sorted(REAL_DATA.iterdir()):
        if path.suffix in (".h5", ".nxs", ".hdf5"):
            shutil.copy(path, jp_root_dir / path.name)
            names.append(path.name)
    if not names:
        pytest.fail(f"no HDF5 files in {REAL_DATA}")
    return names


async def answer(jp_fetch, endpoint: str, **params: object) -> tuple[int, bytes]:
    try:
        response = await jp_fetch("nxviz", "api", endpoint, params=params)
    except HTTPClientError as error:
        body = json.loads(error.response.body)
        assert error.code < 500, f"{endpoint} {params}: {body}"
        return error.code, error.response.body
    return response.code, response.body


async def test_every_group_of_every_real_file_lists(jp_fetch, real_copies):
    listed = 0
    for name in real_copies:
        todo = ["/"]
        while todo:
            path = todo.pop()
            status, body = await answer(jp_fetch, "meta", file=name, path=path)
            assert status == 200, f"{name}:{path}"
            meta = json.loads(body)
            listed += 1
            for child in meta["children"]:
                assert child["type"] in (
                    "group",
                    "dataset",
                    "soft_link",
                    "external_link",
                    "datatype",
                )
                if child["type"] == "group":
                    todo.append(posixpath.join(path, child["name"]))
    assert listed > 100


async def test_every_real_default_plot_draws(jp_fetch, real_copies):
    drawn = 0
    for name in real_copies:
        status, body = await answer(jp_fetch, "nexus", file=name)
        assert status == 200
        for entry in json.loads(body)["entries"]:
            signal = (entry["nxdata"] or {}).get("signal")
            if signal is None or signal["shape"] is None:
                continue
            endpoint = "image" if len(signal["shape"]) >= 2 else "data"
            status, _ = await answer(jp_fetch, endpoint, file=name, path=signal["path"])
            stats_status, _ = await answer(jp_fetch, "stats", file=name, path=signal["path"])
            assert (status, stats_status) == (200, 200), f"{name}:{signal['path']}"
            drawn += 1
    assert drawn >= 5
