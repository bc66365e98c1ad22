"""Does the machine give two threads two cores right after a single-threaded phase?

``serve.py``'s in-process render kept about one core busy (CPU time / wall time 1.07) in its
interleaved rounds, where an h5py read of the same frame (one thread, ~75 ms) comes just before
each render, while renders that follow each other keep 1.6-1.7 cores busy. Two causes would look
alike: the render's own serialisation (its band threads waiting for the GIL), or the machine's
scheduling (e.g. a virtual machine whose idle vCPU is slow to take a woken thread). A control
tells them apart: two threads that hash their own buffer (``hashlib`` lets go of the GIL for the
whole call), woken from a pool as the band threads are. Each is timed right after an h5py read
and right after itself, in interleaved rounds; when the control also keeps about one core busy
after the read, the machine's scheduling is the cause, not the render.
"""

from __future__ import annotations

import hashlib
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from benchmarks.machine import summary

#: each control thread hashes this many bytes (~15-20 ms of one core with SHA extensions)
CONTROL_BYTES = 24 << 20
_BUFFER = np.random.default_rng(0).integers(0, 255, 1 << 20, dtype=np.uint8).tobytes()


def _hash_work(_: int) -> None:
    digest = hashlib.sha256()
    for _ in range(CONTROL_BYTES // len(_BUFFER)):
        digest.update(_BUFFER)  # no GIL held: the 1 MiB buffer stays in the core's cache


def control(pool: ThreadPoolExecutor) -> Callable[[], None]:
    """The GIL-free control on ``pool``'s two threads."""

    def run() -> None:
        list(pool.map(_hash_work, range(2)))

    return run


def busy_cores(fn: Callable[[], object]) -> tuple[float, float]:
    """``fn``'s wall time and its process CPU time (all threads), in seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def after_read(
    read: Callable[[], object], render: Callable[[], object], repeat: int
) -> dict[str, float]:
    """The render and the control, each timed after ``read`` and after itself, in
    interleaved rounds; prints the wall times and the cores each kept busy (CPU / wall)."""
    with ThreadPoolExecutor(2, thread_name_prefix="nxviz-control") as pool:
        check = control(pool)
        check()  # the threads started
        cases: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
            "render after an h5py read": (read, render),
            "render after a render": (render, render),
            "GIL-free control after an h5py read": (read, check),
            "GIL-free control after itself": (check, check),
        }
        times: dict[str, list[tuple[float, float]]] = {label: [] for label in cases}
        for _ in range(repeat):
            for label, (before, timed) in cases.items():
                before()
                times[label].append(busy_cores(timed))
    cores: dict[str, float] = {}
    for label, pairs in times.items():
        walls = [wall for wall, _ in pairs]
        busy = statistics.median(cpu / wall for wall, cpu in pairs)
        cores[label] = busy
        print(f"  {label:<44} {summary([w * 1e3 for w in walls])}; cores kept busy {busy:.2f}")
    return cores
