"""Long-lived objects set aside from the garbage collector's full passes (nxviz.server.heap):
in the Jupyter process once the server has started and after nxviz's first request, in the
workers from their start."""

from __future__ import annotations

import asyncio
import gc
import json
from typing import Any

import h5py
import pytest

from nxviz.server.heap import Settler, settle
from tests.server.test_workers import fetch_work, service_of, until
from tests.server.workload import add_work_route


class Cycle:
    """An object in a reference cycle: only the garbage collector could free it."""

    def __init__(self) -> None:
        self.me = self


def tracked(obj: object) -> bool:
    """Whether the collector's passes visit ``obj`` (set-aside objects are in none of them)."""
    return any(o is obj for o in gc.get_objects())


def test_settle_sets_aside_the_objects_alive_and_tracks_those_made_after():
    before = Cycle()
    assert tracked(before)

    settle()
    after = Cycle()

    assert gc.get_freeze_count() >= 1
    assert not tracked(before)
    assert tracked(after)


class TestServer:
    @pytest.fixture
    def jp_server_config(self) -> dict[str, object]:
        return {
            "ServerApp": {"jpserver_extensions": {"nxviz": True}},
            "NxvizService": {"settle_heap_after": 0.0},
        }

    async def test_the_server_settles_once_started_and_once_after_its_first_request(
        self, jp_fetch: Any, jp_serverapp: Any, jp_root_dir: Any
    ):
        with h5py.File(jp_root_dir / "t.h5", "w") as f:
            f["x"] = [1, 2, 3]
        settler = service_of(jp_serverapp).settler
        await until(lambda: settler.times == 1, "the server settled once started")
        made_since = Cycle()
        assert tracked(made_since)

        await jp_fetch("nxviz", "api", "data", params={"file": "t.h5", "path": "/x"})
        await until(lambda: settler.times == 2, "the server settled after its first request")

        assert not tracked(made_since)
        # later requests leave the collector alone (a settling is scheduled at once, with no
        # delay: it would have run while these were answered)
        for _ in range(2):
            await jp_fetch("nxviz", "api", "data", params={"file": "t.h5", "path": "/x"})
        assert settler.times == 2


def settled(delay: float, requests: int) -> int:
    """How many times a :class:`Settler` on a fresh event loop settles, ``requests`` requests
    coming once it has started (a few turns of the loop each: a settling is scheduled with no
    delay here, as it runs at the next turn)."""

    async def run() -> int:
        settler = Settler(asyncio.get_running_loop(), delay)
        await turns()
        for _ in range(requests):
            settler.first_request()
            await turns()
        return settler.times

    async def turns() -> None:
        for _ in range(3):
            await asyncio.sleep(0)

    return asyncio.run(run())


def test_a_settler_settles_at_start_and_after_the_first_request_only():
    assert settled(0.0, requests=0) == 1
    assert settled(0.0, requests=3) == 2


def test_the_jupyter_process_settles_without_a_full_collection():
    """A full pass over Jupyter's objects is the pause settling avoids: the Settler (the
    Jupyter process's) collects the young generations only; the fork server's preload, with no
    event loop to hold, collects every generation."""
    generations: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            generations.append(info["generation"])

    enabled = gc.isenabled()
    gc.disable()  # only the collections asked for explicitly are seen
    gc.callbacks.append(seen)
    try:
        assert settled(0.0, requests=0) == 1
        by_settler = list(generations)
        generations.clear()
        settle()
    finally:
        gc.callbacks.remove(seen)
        gc.unfreeze()
        if enabled:
            gc.enable()
    assert by_settler and max(by_settler) < 2, by_settler
    assert 2 in generations, generations


def test_a_negative_delay_never_settles():
    assert settled(-1.0, requests=3) == 0


async def test_workers_start_with_their_preloaded_objects_set_aside(
    jp_fetch: Any, jp_serverapp: Any, jp_base_url: str
):
    route = add_work_route(jp_serverapp, jp_base_url)

    facts = json.loads((await fetch_work(jp_fetch, route, fn="worker_facts")).body)["value"]

    # h5py's, numpy's and nxviz's objects, loaded by the fork server: far more than the worker
    # made since
    assert facts["frozen"] > 10_000
    assert facts["frozen"] > facts["tracked"], facts
