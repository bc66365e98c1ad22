"""Work that tests send through the real pool (``NxvizHandler.run_blocking``) on a test-only
route: a worker that hangs, spins with the GIL held, or waits for its client to leave.

The functions run in the worker processes (module level, so they pickle by reference); the
route resolves ``file`` like every endpoint, so the hung-file bookkeeping is the real one.
"""

from __future__ import annotations

import gc
import os
import time
from typing import Any

import tornado.web
from jupyter_server.utils import url_path_join

from nxviz.hdf5 import bands
from nxviz.hdf5.limits import checkpoint, claim
from nxviz.server.base import NxvizHandler

ROUTE = "nxviz-test/work"


def hang(seconds: float) -> None:
    """What HDF5 looping forever on a corrupted file looks like from the server: no return,
    no checkpoint."""
    time.sleep(seconds)


def spin(seconds: float) -> int:
    """Pure Python with the GIL held (as h5py holds it inside HDF5)."""
    end, count = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        count += 1
    return count


def until_cancelled(seconds: float) -> int:
    """A walk's loop: one checkpoint per object, until the client leaves."""
    end, count = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        checkpoint()
        count += 1
        time.sleep(0.005)
    return count


def claim_and_wait(megabytes: float) -> int:
    """A large read's claim (it moves the request to the heavy lane), then a walk's loop."""
    claim(0, int(megabytes * (1 << 20)), what="this test read", hint="ask for less")
    return until_cancelled(60.0)


def claim_noting(note: str, megabytes: float) -> int:
    """A line in the file ``note`` each time the work starts, then a large read's claim: how
    many times a request that moves to the heavy lane ran its work (the lines count)."""
    with open(note, "a") as out:
        out.write(f"{os.getpid()}\n")
    claim(0, int(megabytes * (1 << 20)), what="this test read", hint="ask for less")
    return os.getpid()


def long_reply(megabytes: float) -> str:
    """A reply pickled whole (no body in shared memory) larger than the event loop reads."""
    return "".join(chr(48 + i % 10) for i in range(int(megabytes * (1 << 20))))


def worker_facts() -> dict[str, Any]:
    """The worker's pid, the nice value and scheduling policy of its main thread and of the
    threads that work a request's bands (each thread has its own on Linux), and the objects its
    garbage collector sets aside (``frozen``) and tracks."""

    def thread_facts(_start: int = 0, _stop: int = 0) -> list[int]:
        return [os.getpriority(os.PRIO_PROCESS, 0), os.sched_getscheduler(0)]

    band_threads = bands.start_parallel(thread_facts, [(0, 1), (1, 2)])()  # pool threads
    nice, policy = thread_facts()
    return {
        "pid": os.getpid(),
        "nice": nice,
        "policy": policy,
        "band_threads": band_threads,
        "frozen": gc.get_freeze_count(),
        "tracked": len(gc.get_objects()),
    }


WORK = (hang, spin, until_cancelled, claim_and_wait, claim_noting, long_reply, worker_facts)
FUNCTIONS = {f.__name__: f for f in WORK}


class WorkHandler(NxvizHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        fn = FUNCTIONS[self.get_argument("fn")]
        self.heavy = self.get_argument("heavy", "") == "1"
        if self.get_argument("file", None):
            self.resolve_file()
        args: list[Any] = []
        if self.get_argument("note", None):
            args.append(self.get_argument("note"))
        for name in ("seconds", "megabytes"):
            if self.get_argument(name, None):
                args.append(float(self.get_argument(name)))
        self.write_json({"value": await self.run_blocking(fn, *args)})


def add_work_route(server_app: Any, base_url: str) -> str:
    """The test route, added to a running server; its path for ``jp_fetch``."""
    path = url_path_join(base_url, ROUTE)
    server_app.web_app.add_handlers(".*$", [(path, WorkHandler)])
    return ROUTE
