"""Greedy requests are bounded by the server's own accounting: what one request may decode and
hold is claimed before reading (413 with the limit and how to ask for less), large requests
run in the heavy lane, and a small request never waits behind large ones."""

from __future__ import annotations

import asyncio
import io
import json
from typing import Any

import h5py
import numpy as np
import pytest

from tests.server.helpers import get_error, get_json
from tests.server.test_workers import add_work_route, leave_after, until

MiB = 1 << 20


@pytest.fixture
def jp_server_config() -> dict[str, object]:
    return {
        "ServerApp": {"jpserver_extensions": {"nxviz": True}},
        "NxvizService": {
            "workers": 2,
            "max_request_memory": 8 * MiB,
            "max_request_decode": 32 * MiB,
            "max_json_bytes": 1 * MiB,
        },
    }


@pytest.fixture
def greedy(jp_root_dir: Any) -> str:
    with h5py.File(jp_root_dir / "greedy.h5", "w", libver="latest") as f:
        # one 16 MiB gzip chunk (a few KiB on disk): a single value decodes all of it
        f.create_dataset(
            "one_chunk", shape=(4096, 1024), dtype="f4", chunks=(4096, 1024), compression="gzip"
        )
        strings = ["é" * (32 * 1024)] * 30  # 30 values of 64 KiB as UTF-8: 1.9 MiB of JSON
        f.create_dataset("strings", data=strings, dtype=h5py.string_dtype())
        f["small"] = np.arange(10)
        f["small"].attrs["big"] = np.zeros(256 * 1024)  # 2 MiB
        f["small"].attrs["units"] = "mm"
        f.create_dataset(
            "frames",
            shape=(64, 512, 512),
            dtype="u4",
            chunks=(1, 512, 512),
            compression="gzip",
            fillvalue=1,
        )  # 1 MiB a frame
        f["medium"] = np.ones((1024, 384), dtype="f4")  # 1.5 MiB
        group = f.create_group("attributes")
        for i in range(2500):
            group.attrs[f"a{i:04d}"] = i
    return "greedy.h5"


def pool_of(jp_serverapp: Any) -> Any:
    return jp_serverapp.web_app.settings["nxviz"].pool


async def test_one_value_out_of_a_huge_chunk_is_413_before_reading(jp_fetch, jp_serverapp, greedy):
    pool = pool_of(jp_serverapp)

    status, body = await get_error(
        jp_fetch, "data", file=greedy, path="/one_chunk", selection="0,0"
    )

    assert (status, body["code"]) == (413, "too_large")
    assert "16 MiB" in body["message"] and "8 MiB" in body["message"]
    assert "select" in body["message"]
    assert pool.counters.refused == 1
    assert pool.counters.decoded == 0  # refused before anything was decoded


async def test_strings_beyond_the_json_limit_are_413(jp_fetch, jp_serverapp, greedy):
    status, body = await get_error(jp_fetch, "data", file=greedy, path="/strings")

    assert (status, body["code"]) == (413, "too_large")
    assert "JSON" in body["message"] and "select fewer" in body["message"]
    # a part of them within the limit is answered
    few = await get_json(jp_fetch, "data", file=greedy, path="/strings", selection="0:3")
    assert len(few) == 3 and len(few[0]) == 32 * 1024


async def test_an_attribute_beyond_the_json_limit_is_413(jp_fetch, greedy):
    status, body = await get_error(jp_fetch, "attr", file=greedy, path="/small")

    assert (status, body["code"]) == (413, "too_large")
    assert "name=" in body["message"]
    units = await get_json(jp_fetch, "attr", file=greedy, path="/small", name="units")
    assert units == {"units": "mm"}


async def test_combining_frames_beyond_the_decode_limit_is_413(jp_fetch, jp_serverapp, greedy):
    pool = pool_of(jp_serverapp)
    params = {"file": greedy, "path": "/frames", "combine": "sum", "width": 64, "height": 64}

    status, body = await get_error(jp_fetch, "image", frames="0:64", **params)

    assert (status, body["code"]) == (413, "too_large")
    assert "64 frames" in body["message"] and "fewer frames" in body["message"]
    assert pool.counters.decoded == 0
    response = await jp_fetch("nxviz", "api", "image", params={**params, "frames": "0:8"})
    assert json.loads(response.headers["X-Nxviz-Image"])["max"] == 8.0
    assert pool.counters.decoded == 8 * MiB


async def test_a_large_read_runs_in_the_heavy_lane(jp_fetch, jp_serverapp, greedy):
    pool = pool_of(jp_serverapp)

    response = await jp_fetch(
        "nxviz", "api", "data", params={"file": greedy, "path": "/medium", "format": "npy"}
    )

    assert response.code == 200
    assert np.load(io.BytesIO(response.body)).shape == (1024, 384)
    assert pool.counters.heavy == 1
    assert pool.counters.peak_held >= 3 * MiB  # its claim: the values and their encoding


async def test_a_small_request_never_waits_behind_heavy_ones(
    jp_fetch, jp_serverapp, jp_http_port, jp_base_url, greedy
):
    pool = pool_of(jp_serverapp)
    route = add_work_route(jp_serverapp, jp_base_url)
    url = f"{route}?fn=until_cancelled&seconds=60&heavy=1"
    stage = {"go": False}
    leaving = [
        asyncio.ensure_future(
            leave_after(jp_serverapp, jp_http_port, jp_base_url, url, lambda: stage["go"])
        )
        for _ in range(2)
    ]
    await until(lambda: pool.running == 1 and pool.waiting == 1, "one heavy runs, one waits")

    meta = await get_json(jp_fetch, "meta", file=greedy, path="/small")

    assert meta["name"] == "small"
    assert (pool.running, pool.waiting) == (1, 1)  # the heavy ones still hold their places
    stage["go"] = True
    await asyncio.gather(*leaving)
    await until(lambda: pool.running == 0 and pool.waiting == 0, "the heavy ones are gone")


async def test_attributes_are_paged_in_meta(jp_fetch, greedy):
    first = await get_json(jp_fetch, "meta", file=greedy, path="/attributes")
    last = await get_json(
        jp_fetch, "meta", file=greedy, path="/attributes", attr_offset=2000, attr_limit=1000
    )

    assert (first["attributes_total"], len(first["attributes"])) == (2500, 1000)
    assert first["attributes"][0]["name"] == "a0000"
    assert (last["attributes_offset"], len(last["attributes"])) == (2000, 500)
    assert last["attributes"][-1]["name"] == "a2499"
    status, body = await get_error(jp_fetch, "meta", file=greedy, attr_limit=10**6)
    assert status == 400


async def test_the_nexus_answer_says_how_far_its_walk_went(jp_fetch, greedy):
    answer = await get_json(jp_fetch, "nexus", file=greedy)

    assert answer["walk"]["truncated"] is False
    assert answer["walk"]["reason"] is None
    assert answer["walk"]["visited"] >= 1
