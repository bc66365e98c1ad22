"""``serve.py``'s last phase: JupyterLab's ``/api/status`` probed while other processes load
frames, with what Jupyter's event loop thread did meanwhile (its time on a CPU and waiting for one,
major page faults) and, with ``--watch-loop``, the loop's stalls (:mod:`benchmarks.loopwatch`)."""

from __future__ import annotations

import multiprocessing
import os
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from benchmarks import stalls
from benchmarks.procstat import major_faults, print_waits, schedstat

Get = Callable[[int, str], tuple[int, bytes]]


def load_frames(get: Get, port: int, url: str, times: int = 3) -> None:
    """One client (its own process, as a browser tab would be) asking for frames."""
    for _ in range(times):
        status, body = get(port, url)
        if status != 200:
            raise SystemExit(f"{url}: HTTP {status}: {body[:200]!r}")


def status_under_load(
    get: Get, port: int, image_url: str, combine_url: str, n_frames: int
) -> list[tuple[float, float]]:
    """Each /api/status probe's start (``time.monotonic()``) and latency, probed from this process
    while 8 other processes load frames."""
    loaders = [
        multiprocessing.Process(
            target=load_frames, args=(get, port, f"{image_url}&selection={k % n_frames}")
        )
        for k in range(6)
    ] + [
        multiprocessing.Process(target=load_frames, args=(get, port, combine_url, 1)) for _ in "ab"
    ]
    probes: list[tuple[float, float]] = []
    for loader in loaders:
        loader.start()
    while any(loader.is_alive() for loader in loaders):
        at, start = time.monotonic(), time.perf_counter()
        get(port, "/api/status")
        probes.append((at, time.perf_counter() - start))
        time.sleep(0.01)
    failed = [loader.exitcode for loader in loaders if loader.exitcode != 0]
    if failed:
        raise RuntimeError(f"image requests failed: {failed}")
    return probes


def measure(
    get: Get,
    port: int,
    jpid: int,
    urls: tuple[str, str],
    n_frames: int,
    watch: Path | None,
) -> list[float]:
    """Run the phase and print it; the latencies."""
    loop_before, probe_before = schedstat(jpid), schedstat(os.getpid(), threading.get_native_id())
    faults_before = major_faults(jpid)
    began = time.monotonic()
    probes = status_under_load(get, port, *urls, n_frames)
    ended = time.monotonic()
    loop_after, probe_after = schedstat(jpid), schedstat(os.getpid(), threading.get_native_id())
    faults_after = major_faults(jpid)
    latencies = [latency for _, latency in probes]
    print(
        f"  {len(latencies)} status requests: median {statistics.median(latencies) * 1e3:.1f} ms,"
        f" p95 {np.percentile(latencies, 95) * 1e3:.1f} ms, max {max(latencies) * 1e3:.1f} ms"
    )
    print_waits("Jupyter's event loop thread", loop_before, loop_after)
    print_waits(
        "this benchmark's probing thread (nice 0, for comparison)", probe_before, probe_after
    )
    if faults_before is not None and faults_after is not None:
        own, machine = (b - a for a, b in zip(faults_before, faults_after, strict=True))
        slowest = sorted(range(len(latencies)), key=latencies.__getitem__)[-3:]
        print(
            f"  major page faults meanwhile (pages read back from disk): Jupyter {own},"
            f" the whole machine {machine}; the slowest probes were numbers"
            f" {', '.join(str(i + 1) for i in reversed(slowest))} of {len(latencies)}"
        )
    if watch is not None:
        stalls.summarise(watch, began, ended, probes)
    return latencies
