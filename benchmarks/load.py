"""Many users on one server: frames per second for 1, 2, 4, 8 and 20 clients stepping through an
Eiger 4M stack, p95 against median step time, and Jupyter's ``/api/status`` latency throughout;
then ``/api/status`` while ``meta`` of a 1,000,000-child group and ``validate`` of a big file run.

Run ``python benchmarks/load.py`` (``--frames``, ``--seconds`` per client count, ``--children``,
``--workers``). It writes, in a temporary folder, an Eiger 4M stack (2167×2070 uint32, one
bitshuffle-LZ4 chunk per frame), a group with ``--children`` links and a NeXus file with many
groups, starts a Jupyter server with nxviz on loopback, and prints figures and ratios against
the targets (≥ 1.7× one client's frames/s on two cores, p95 ≤ 2× median, /api/status < 50 ms).
It asserts nothing: figures vary from machine to machine, and with other work on it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import h5py
import hdf5plugin
import numpy as np

EIGER_4M = (2167, 2070)
REPO = Path(__file__).resolve().parent.parent
TOKEN = "nxviz-load-benchmark"  # noqa: S105 - a throwaway token for a loopback server
CLIENTS = (1, 2, 4, 8, 20)


def write_stack(path: Path, frames: int) -> None:
    rng = np.random.default_rng(0)
    base = rng.poisson(2.0, size=EIGER_4M).astype(np.uint32)
    with h5py.File(path, "w") as f:
        data = f.create_dataset(
            "entry/data/data",
            shape=(frames, *EIGER_4M),
            dtype="<u4",
            chunks=(1, *EIGER_4M),
            **hdf5plugin.Bitshuffle(cname="lz4"),
        )
        for i in range(frames):
            frame = np.roll(base, 7 * i, axis=1)
            frame[:, 1028:1040] = np.iinfo(np.uint32).max  # a module gap
            data[i] = frame


def write_many(path: Path, children: int) -> None:
    with h5py.File(path, "w", libver="latest") as f:
        target = f.create_dataset("target", data=np.arange(4))
        group = f.create_group("many")
        group.attrs["NX_class"] = "NXentry"  # so that `nexus` looks through its children
        for i in range(children):
            group[f"c{i:07d}"] = target


def write_big_nexus(path: Path, groups: int) -> None:
    with h5py.File(path, "w") as f:
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        entry["definition"] = "NXmx"
        for i in range(groups):
            g = entry.create_group(f"sample_{i:05d}")
            g.attrs["NX_class"] = "NXsample"
            g["name"] = f"sample {i}"
            g["temperature"] = 293.0
            g["temperature"].attrs["units"] = "K"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def get(port: int, path: str, timeout: float = 300) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Authorization": f"token {TOKEN}"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def start_server(folder: Path, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    config = folder / "config"
    config.mkdir()
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        JUPYTER_CONFIG_DIR=str(config),
        JUPYTER_RUNTIME_DIR=str(config),
    )
    args = [
        sys.executable, "-m", "jupyter_server", f"--port={port}", "--ip=127.0.0.1",
        "--no-browser", "--allow-root", f"--ServerApp.root_dir={folder}",
        f"--IdentityProvider.token={TOKEN}", "--ServerApp.jpserver_extensions={'nxviz': True}",
        "--ServerApp.log_level=WARN", "--NxvizService.request_timeout=600",
    ]  # fmt: skip
    if workers:
        args.append(f"--NxvizService.workers={workers}")
    server = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            get(port, "/api/status", timeout=5)
            return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


class StatusProbe:
    """Asks ``/api/status`` every 50 ms on a thread; latencies grouped by phase."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.phase = "idle"
        self.times: dict[str, list[float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> StatusProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Authorization": f"token {TOKEN}"}
        while not self._stop.is_set():
            start = time.perf_counter()
            conn.request("GET", "/api/status", headers=headers)
            conn.getresponse().read()
            self.times.setdefault(self.phase, []).append(time.perf_counter() - start)
            self._stop.wait(0.05)

    def summary(self, phase: str) -> str:
        values = sorted(self.times.get(phase, [0.0]))
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        return (
            f"/api/status median {statistics.median(values) * 1e3:6.1f} ms, "
            f"p95 {p95 * 1e3:6.1f} ms, max {values[-1] * 1e3:6.1f} ms ({len(values)} probes)"
        )

    def worst(self, phase: str) -> float:
        return max(self.times.get(phase, [0.0]))


def step_clients(port: int, clients: int, frames: int, seconds: float) -> list[float]:
    """Each client steps through the stack (from its own starting frame) for ``seconds``;
    every step's time."""
    steps: list[list[float]] = [[] for _ in range(clients)]
    end = time.monotonic() + seconds

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        headers = {"Authorization": f"token {TOKEN}"}
        index = (k * 7) % frames
        while time.monotonic() < end:
            url = (
                "/nxviz/api/image?file=eiger.h5&path=/entry/data/data"
                f"&selection={index}&width=1024&height=1024"
            )
            start = time.perf_counter()
            conn.request("GET", url, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status} for frame {index}")
            steps[k].append(time.perf_counter() - start)
            index = (index + 1) % frames

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [t for per_client in steps for t in per_client]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_clients(port: int, probe: StatusProbe, frames: int, seconds: float, repeat: int) -> None:
    print(f"\nClients stepping through the Eiger 4M stack ({seconds:g} s per round):")
    base: float | None = None
    for clients in CLIENTS:
        rates, ratios_p95 = [], []
        probe.phase = f"clients={clients}"
        for _ in range(repeat):
            steps = step_clients(port, clients, frames, seconds)
            rates.append(len(steps) / seconds)
            ratios_p95.append(percentile(steps, 0.95) / statistics.median(steps))
        rate = statistics.median(rates)
        base = base or rate
        print(
            f"  {clients:>2} clients: {rate:6.1f} frames/s (rounds {min(rates):.1f}-"
            f"{max(rates):.1f}) = {rate / base:4.2f}× one client [target ≥ 1.7× from 2]; "
            f"p95/median step {statistics.median(ratios_p95):4.2f} [target ≤ 2]"
        )
        print(f"      {probe.summary(probe.phase)} [target < 50 ms]")


def run_walks(port: int, probe: StatusProbe) -> None:
    print("\n/api/status while one long request runs:")
    for label, url in (
        ("meta of the many-child group", "/nxviz/api/meta?file=many.h5&path=/many"),
        ("nexus of the many-child file", "/nxviz/api/nexus?file=many.h5"),
        ("search of the many-child file", "/nxviz/api/search?file=many.h5&q=zzz"),
        ("validate of the big NeXus file", "/nxviz/api/validate?file=big.nxs"),
    ):
        probe.phase = label
        start = time.perf_counter()
        status, body = get(port, url)
        took = time.perf_counter() - start
        walk = json.loads(body).get("walk") if "nexus" in url and status == 200 else None
        print(
            f"  {label:<34} HTTP {status}, {len(body) / 1e6:6.2f} MB in {took:6.2f} s"
            + (f", walk {walk}" if walk else "")
        )
        print(f"      {probe.summary(label)} [target < 50 ms]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frames", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=8.0, help="per round and client count")
    parser.add_argument("--repeat", type=int, default=5, help="rounds per client count")
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--groups", type=int, default=20_000, help="groups of the big file")
    parser.add_argument("--workers", type=int, default=0, help="0: the server's default")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nxviz-load-") as tmp:
        folder = Path(tmp)
        print(f"writing the files ({os.cpu_count()} CPUs) ...")
        write_stack(folder / "eiger.h5", args.frames)
        write_many(folder / "many.h5", args.children)
        write_big_nexus(folder / "big.nxs", args.groups)
        server, port = start_server(folder, args.workers)
        try:
            get(port, "/nxviz/api/image?file=eiger.h5&path=/entry/data/data&width=64&height=64")
            with StatusProbe(port) as probe:
                time.sleep(1.0)
                print(f"idle: {probe.summary('idle')}")
                run_clients(port, probe, args.frames, args.seconds, args.repeat)
                run_walks(port, probe)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
