"""The worker processes: a hung worker is killed and replaced while the server keeps answering,
its file is refused until it changes, and work stops when its client leaves."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import h5py
import pytest
from tornado.httpclient import HTTPClientError

from tests.server.workload import add_work_route


@pytest.fixture
def jp_server_config() -> dict[str, object]:
    return {
        "ServerApp": {"jpserver_extensions": {"nxviz": True}},
        "NxvizService": {"request_timeout": 5.0, "workers": 2},
    }


@pytest.fixture
def work_route(jp_serverapp: Any, jp_base_url: str) -> str:
    return add_work_route(jp_serverapp, jp_base_url)


def service_of(jp_serverapp: Any) -> Any:
    return jp_serverapp.web_app.settings["nxviz"]


def write(path: Path, values: list[int]) -> None:
    with h5py.File(path, "w") as f:
        f["x"] = values


async def fetch_work(jp_fetch: Any, route: str, **params: object) -> Any:
    return await jp_fetch(*route.split("/"), params=params)


async def until(predicate: Any, what: str) -> None:
    """Wait (at most 30 s) for the server's own accounting to say something happened."""
    for _ in range(600):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"never happened: {what}")


async def leave_after(jp_serverapp, port: int, base: str, url: str, ready: Any) -> None:
    """A client that sends a request and leaves once ``ready()`` says the server took it."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    token = jp_serverapp.identity_provider.token
    head = f"GET {base}{url} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: token {token}\r\n\r\n"
    writer.write(head.encode())
    await writer.drain()
    await until(ready, "the request reached the pool")
    writer.close()


async def test_a_hung_worker_is_killed_and_replaced_and_its_file_refused_until_it_changes(
    jp_fetch, jp_serverapp, jp_root_dir, work_route
):
    write(jp_root_dir / "bad.h5", [1, 2, 3])
    write(jp_root_dir / "good.h5", [4, 5])
    pool = service_of(jp_serverapp).pool
    hung = asyncio.ensure_future(
        fetch_work(jp_fetch, work_route, fn="hang", file="bad.h5", seconds=3600)
    )
    await until(lambda: pool.running == 1, "the hanging request runs")

    # meanwhile the rest of the server answers: Jupyter, and nxviz on another worker
    assert (await jp_fetch("api", "status")).code == 200
    good = await jp_fetch("nxviz", "api", "data", params={"file": "good.h5", "path": "/x"})
    assert json.loads(good.body) == [4, 5]
    assert not hung.done()
    before = set(pool.pids())
    assert None not in before and len(before) == 2  # both workers run

    with pytest.raises(HTTPClientError) as raised:
        await hung
    assert raised.value.code == 504
    assert json.loads(raised.value.response.body)["code"] == "timeout"
    assert (pool.counters.timeouts, pool.counters.killed) == (1, 1)

    # the file is refused at once, by every endpoint, without taking a worker
    completed = pool.counters.completed
    for endpoint in ("meta", "data", "nexus"):
        with pytest.raises(HTTPClientError) as refused:
            await jp_fetch("nxviz", "api", endpoint, params={"file": "bad.h5", "path": "/x"})
        body = json.loads(refused.value.response.body)
        assert (refused.value.code, body["code"]) == (422, "file_unresponsive")
        assert str(jp_root_dir) not in body["message"]
    assert pool.counters.completed == completed

    # a new worker took the killed one's place
    facts = await fetch_work(jp_fetch, work_route, fn="worker_facts")
    after = set(pool.pids())
    assert pool.counters.completed == completed + 1
    assert len(before - after) == 1 and len(after - before) == 1  # one replaced, one kept
    assert json.loads(facts.body)["value"]["pid"] in after - before

    # once the file changes it is served again
    write(jp_root_dir / "bad.h5", [7, 8, 9, 10])
    os.utime(jp_root_dir / "bad.h5", ns=(1, 10**18))
    data = await jp_fetch("nxviz", "api", "data", params={"file": "bad.h5", "path": "/x"})
    assert json.loads(data.body) == [7, 8, 9, 10]


async def test_the_event_loop_answers_while_a_worker_holds_its_gil(
    jp_fetch, jp_serverapp, work_route
):
    pool = service_of(jp_serverapp).pool
    busy = asyncio.ensure_future(fetch_work(jp_fetch, work_route, fn="spin", seconds=0.5))
    await until(lambda: pool.running == 1, "the spinning request runs")

    status = await jp_fetch("api", "status")

    assert status.code == 200
    assert not busy.done()  # answered while the worker still spins with its GIL held
    assert json.loads((await busy).body)["value"] > 0


async def test_work_stops_at_a_checkpoint_when_the_client_leaves(
    jp_fetch, jp_serverapp, jp_http_port, jp_base_url, work_route
):
    pool = service_of(jp_serverapp).pool
    url = f"{work_route}?fn=until_cancelled&seconds=60"

    await leave_after(jp_serverapp, jp_http_port, jp_base_url, url, lambda: pool.running == 1)

    await until(lambda: pool.counters.cancelled == 1, "the work stopped")
    assert pool.counters.killed == 0  # it stopped by itself, at a checkpoint
    assert pool.counters.completed == 0
    await until(lambda: pool.running == 0, "the worker is free again")


async def test_work_of_a_request_whose_client_left_is_skipped(
    jp_fetch, jp_serverapp, jp_http_port, jp_base_url, jp_root_dir, work_route
):
    write(jp_root_dir / "t.h5", [1, 2, 3])
    service = service_of(jp_serverapp)
    pool = service.pool
    busy = [
        asyncio.ensure_future(fetch_work(jp_fetch, work_route, fn="spin", seconds=1.0))
        for _ in range(pool.size)
    ]
    await until(lambda: pool.running == pool.size, "every worker is taken")
    url = "nxviz/api/data?file=t.h5&path=/x"

    await leave_after(jp_serverapp, jp_http_port, jp_base_url, url, lambda: pool.waiting == 1)

    await asyncio.gather(*busy)
    await until(lambda: service.skipped == 1, "the waiting request was skipped")
    response = await jp_fetch("nxviz", "api", "data", params={"file": "t.h5", "path": "/x"})
    assert json.loads(response.body) == [1, 2, 3]


async def test_replies_small_and_long_arrive_whole(jp_fetch, jp_serverapp, work_route):
    # a long reply is still arriving when the pipe becomes readable: read off the event loop
    for megabytes in (0.001, 3, 0.001):
        response = await fetch_work(jp_fetch, work_route, fn="long_reply", megabytes=megabytes)
        value = json.loads(response.body)["value"]
        size = int(megabytes * (1 << 20))
        assert len(value) == size and value[-3:] == "".join(str(i % 10) for i in range(size))[-3:]
    assert service_of(jp_serverapp).pool.counters.completed == 3


async def test_workers_yield_the_cpu_to_the_jupyter_process(jp_fetch, jp_serverapp, work_route):
    service = service_of(jp_serverapp)

    facts = json.loads((await fetch_work(jp_fetch, work_route, fn="worker_facts")).body)["value"]

    assert facts["pid"] != os.getpid()
    nice = min(19, os.getpriority(os.PRIO_PROCESS, 0) + service.worker_niceness)
    assert facts["nice"] == nice
    # the batch policy: a worker thread that wakes up never preempts the event loop
    assert facts["policy"] == os.SCHED_BATCH
    assert os.sched_getscheduler(0) == os.SCHED_OTHER  # the Jupyter process is left as it was
    # the threads that decode a request's bands yield alike
    assert facts["band_threads"] == [[nice, os.SCHED_BATCH], [nice, os.SCHED_BATCH]]


class TestMemoryBudget:
    @pytest.fixture
    def jp_server_config(self) -> dict[str, object]:
        return {
            "ServerApp": {"jpserver_extensions": {"nxviz": True}},
            "NxvizService": {
                "workers": 3,
                "max_request_memory": 8 << 20,
                "memory_budget": 10 << 20,
            },
        }

    async def test_a_large_request_waits_until_the_budget_has_room(
        self, jp_fetch, jp_serverapp, jp_http_port, jp_base_url, jp_root_dir, work_route
    ):
        write(jp_root_dir / "t.h5", [1, 2, 3])
        pool = service_of(jp_serverapp).pool
        url = f"{work_route}?fn=claim_and_wait&megabytes=6"
        first_go, second_go = {"go": False}, {"go": False}
        first = asyncio.ensure_future(
            leave_after(jp_serverapp, jp_http_port, jp_base_url, url, lambda: first_go["go"])
        )
        await until(lambda: pool.counters.heavy == 1 and pool.running == 1, "the first runs")
        second = asyncio.ensure_future(
            leave_after(jp_serverapp, jp_http_port, jp_base_url, url, lambda: second_go["go"])
        )
        # a heavy place is free (2 of 3 workers), but 6 + 6 MiB does not fit in 10
        await until(lambda: pool.waiting == 1, "the second waits")
        answer = await jp_fetch("nxviz", "api", "data", params={"file": "t.h5", "path": "/x"})
        assert json.loads(answer.body) == [1, 2, 3]  # small requests pass meanwhile
        assert (pool.running, pool.waiting) == (1, 1)

        first_go["go"] = True
        await first
        await until(lambda: pool.counters.heavy == 2 and pool.running == 1, "the second runs")
        second_go["go"] = True
        await second
        await until(lambda: pool.running == 0, "both are gone")
        assert pool.counters.peak_held == 6 << 20
        assert pool.counters.cancelled == 2
        # the first went on in its worker; the second, with no room then, was queued again
        assert pool.counters.promoted == 1

    async def test_a_light_request_that_claims_much_goes_on_in_its_worker(
        self, jp_fetch, jp_serverapp, tmp_path, work_route
    ):
        pool = service_of(jp_serverapp).pool
        note = tmp_path / "starts.txt"

        for _ in range(2):
            await fetch_work(jp_fetch, work_route, fn="claim_noting", note=note, megabytes=6)

        # each ran its work once, in the heavy lane, though it started in the light one
        assert len(note.read_text().splitlines()) == 2
        assert (pool.counters.heavy, pool.counters.promoted) == (2, 2)
        # the first one's 6 MiB were given back: the second (6 + 6 > 10 MiB) could go on too
        assert pool.counters.peak_held == 6 << 20
        assert (pool.running, pool.waiting) == (0, 0)


async def test_a_request_cancelled_while_its_worker_runs_leaves_the_slot_usable(
    jp_serverapp, jp_root_dir
):
    from nxviz.server.worker import Task
    from nxviz.server.workers import Request
    from tests.server.workload import hang

    service = service_of(jp_serverapp)
    pool = service.pool
    settings = service.settings()
    running = asyncio.ensure_future(pool.run(Request(Task(hang, (30.0,), {}, settings))))
    await until(lambda: pool.running == 1, "the hung work runs")
    await asyncio.sleep(0.3)  # it is inside hang() now
    running.cancel()
    with pytest.raises(asyncio.CancelledError):
        await running
    assert pool.running == 0

    # both workers answer at once (the abandoned one was replaced, not waited for)
    pids = await asyncio.gather(
        *(pool.run(Request(Task(os.getpid, (), {}, settings))) for _ in range(2))
    )
    assert len(set(pids)) == 2 and os.getpid() not in pids
