"""What serving costs: nxviz's endpoints against h5py in-process and h5grove's own handlers.

Run ``python benchmarks/serve.py`` (``--frames N``, ``--repeat N``). It writes, in a temporary
folder, one Eiger2 16M stack (4362×4148 uint32, one bitshuffle-LZ4 chunk per frame) and a
10,000-child group, starts a Jupyter server with nxviz and a tornado server with h5grove's
handlers on loopback, and prints figures (best and median of the repeats) and ratios against the
issue's targets. It asserts nothing: figures vary from machine to machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import h5py
import hdf5plugin
import numpy as np

EIGER2_16M = (4362, 4148)
REPO = Path(__file__).resolve().parent.parent
TOKEN = "nxviz-benchmark"  # noqa: S105 - a throwaway token for a loopback server


def write_files(folder: Path, n_frames: int) -> None:
    rng = np.random.default_rng(0)
    with h5py.File(folder / "eiger.h5", "w") as f:
        data = f.create_dataset(
            "entry/data/data",
            shape=(n_frames, *EIGER2_16M),
            dtype="<u4",
            chunks=(1, *EIGER2_16M),
            **hdf5plugin.Bitshuffle(cname="lz4"),
        )
        for i in range(n_frames):
            frame = rng.poisson(0.8, size=EIGER2_16M).astype(np.uint32)
            frame[:, 1028:1040] = np.iinfo(np.uint32).max  # module gaps
            frame[rng.integers(0, EIGER2_16M[0], 500), rng.integers(0, EIGER2_16M[1], 500)] = 9000
            data[i] = frame
    with h5py.File(folder / "many.h5", "w", libver="latest") as f:
        group = f.create_group("many")
        target = f.create_dataset("target", data=np.arange(4))
        for i in range(10_000):
            group[f"c{i:05d}"] = target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_for(port: int, path: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            get(port, path)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no server on port {port}")


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Authorization": f"token {TOKEN}"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def interleaved(fns: list[Callable[[], object]], repeat: int) -> list[list[float]]:
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, bucket in zip(fns, times, strict=True):
            start = time.perf_counter()
            fn()
            bucket.append(time.perf_counter() - start)
    return times


def show(label: str, times: list[float]) -> float:
    best, median = min(times), statistics.median(times)
    print(f"  {label:<58} best {best * 1e3:8.1f} ms   median {median * 1e3:8.1f} ms")
    return median


def start_servers(
    folder: Path, workers: int, niceness: int
) -> tuple[list[subprocess.Popen[bytes]], int, int]:
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    )
    jupyter_port, grove_port = free_port(), free_port()
    config = folder / "config"
    config.mkdir()
    jupyter = subprocess.Popen(
        [
            sys.executable, "-m", "jupyter_server", f"--port={jupyter_port}", "--ip=127.0.0.1",
            "--no-browser", "--allow-root", f"--ServerApp.root_dir={folder}",
            f"--IdentityProvider.token={TOKEN}", "--ServerApp.jpserver_extensions={'nxviz': True}",
            "--ServerApp.log_level=WARN", f"--NxvizService.workers={workers}",
            f"--NxvizService.worker_niceness={niceness}",
        ],
        env=dict(env, JUPYTER_CONFIG_DIR=str(config), JUPYTER_RUNTIME_DIR=str(config)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    grove_code = (
        "import sys, tornado.ioloop, tornado.web\n"
        "from h5grove.tornado_utils import get_handlers\n"
        "app = tornado.web.Application(get_handlers(sys.argv[1]))\n"
        "app.listen(int(sys.argv[2]), address='127.0.0.1')\n"
        "tornado.ioloop.IOLoop.current().start()\n"
    )
    grove = subprocess.Popen(
        [sys.executable, "-c", grove_code, str(folder), str(grove_port)], env=env
    )
    servers = [jupyter, grove]
    wait_for(jupyter_port, "/api/status")
    wait_for(grove_port, "/")
    return servers, jupyter_port, grove_port


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frames", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4, help="c.NxvizService.workers")
    parser.add_argument("--niceness", type=int, default=10, help="c.NxvizService.worker_niceness")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nxviz-bench-") as tmp:
        folder = Path(tmp)
        print(
            f"writing the Eiger2 16M stack and the 10,000-child group ({os.cpu_count()} CPUs) ..."
        )
        write_files(folder, args.frames)
        servers, jport, gport = start_servers(folder, args.workers, args.niceness)
        try:
            run(folder, jport, gport, args.repeat, args.frames)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)


def run(folder: Path, jport: int, gport: int, repeat: int, n_frames: int) -> None:
    frame_path = "/entry/data/data"
    image_url = f"/nxviz/api/image?file=eiger.h5&path={frame_path}&width=1280&height=1280"
    nxviz_data = f"/nxviz/api/data?file=eiger.h5&path={frame_path}&selection=0&format=bin"
    grove_data = f"/data/?file=eiger.h5&path={frame_path}&selection=0&format=bin"
    grove_data = grove_data.replace("/data/?", "/data?")

    def check(port: int, path: str) -> Callable[[], None]:
        def fetch() -> None:
            status, body = get(port, path)
            if status != 200:
                raise RuntimeError(f"{path}: HTTP {status}: {body[:200]!r}")

        return fetch

    for warm in (image_url, nxviz_data):
        check(jport, warm)()
    check(gport, grove_data)()

    print(f"\nOne Eiger2 16M frame ({EIGER2_16M[0]}×{EIGER2_16M[1]} uint32, bitshuffle-LZ4):")
    # Interleaved rounds: a load that comes and goes hits every contender alike.
    with h5py.File(folder / "eiger.h5", "r", locking=False) as f:
        dataset = f[frame_path]
        rounds = interleaved(
            [
                lambda: dataset[0],
                check(jport, image_url),
                check(jport, nxviz_data),
                check(gport, grove_data),
            ],
            repeat,
        )
    h5py_read = show("h5py in-process read (file open)", rounds[0])
    image = show("nxviz image 1280×1280 (max pooling, stats, HTTP)", rounds[1])
    data = show("nxviz data, full frame, format=bin (HTTP)", rounds[2])
    grove = show("h5grove's handlers, full frame, format=bin (HTTP)", rounds[3])

    print("\nThe first page of a 10,000-child group:")
    meta = show(
        "nxviz meta (limit 1000)",
        timed(check(jport, "/nxviz/api/meta?file=many.h5&path=/many"), repeat),
    )
    show(
        "nxviz meta (limit 100)",
        timed(check(jport, "/nxviz/api/meta?file=many.h5&path=/many&limit=100"), repeat),
    )
    grove_meta = show(
        "h5grove's handlers, meta of the group (all children)",
        timed(check(gport, "/meta?file=many.h5&path=/many"), 3),
    )

    print(f"\n/api/status while 8 image requests run at once ({n_frames} frames):")
    latencies = status_under_load(jport, image_url, n_frames)
    worst = max(latencies)
    print(
        f"  {len(latencies)} status requests: median {statistics.median(latencies) * 1e3:.1f} ms,"
        f" p95 {np.percentile(latencies, 95) * 1e3:.1f} ms, max {worst * 1e3:.1f} ms"
    )

    print("\nAgainst the targets (medians):")
    print(f"  image / h5py read             {image / h5py_read:6.2f}×   (target ≤ 1.0×)")
    print(f"  h5grove full frame / image    {grove / image:6.2f}×   (target ≥ 4×)")
    print(f"  h5grove full frame / nxviz data full frame {grove / data:6.2f}×")
    print(
        f"  10,000-child first page       {meta * 1e3:6.1f} ms (target < 100 ms;"
        f" h5grove {grove_meta * 1e3:.0f} ms)"
    )
    print(f"  /api/status worst under load  {worst * 1e3:6.1f} ms (target ≤ 50 ms)")
    print(json.dumps({
        "h5py_read_ms": h5py_read * 1e3, "image_ms": image * 1e3, "data_ms": data * 1e3,
        "h5grove_data_ms": grove * 1e3, "meta_first_page_ms": meta * 1e3,
        "h5grove_meta_ms": grove_meta * 1e3, "status_max_ms": worst * 1e3,
        "status_median_ms": statistics.median(latencies) * 1e3,
    }))  # fmt: skip


def load_frames(port: int, url: str) -> None:
    """One client (its own process, as a browser tab would be) asking for frames."""
    for _ in range(3):
        status, body = get(port, url)
        if status != 200:
            raise SystemExit(f"{url}: HTTP {status}: {body[:200]!r}")


def status_under_load(port: int, image_url: str, n_frames: int) -> list[float]:
    """Latency of /api/status, probed from this process while 8 other processes load frames."""
    loaders = [
        multiprocessing.Process(
            target=load_frames, args=(port, f"{image_url}&selection={k % n_frames}")
        )
        for k in range(8)
    ]
    latencies: list[float] = []
    for loader in loaders:
        loader.start()
    while any(loader.is_alive() for loader in loaders):
        start = time.perf_counter()
        get(port, "/api/status")
        latencies.append(time.perf_counter() - start)
        time.sleep(0.01)
    failed = [loader.exitcode for loader in loaders if loader.exitcode != 0]
    if failed:
        raise RuntimeError(f"image requests failed: {failed}")
    return latencies


if __name__ == "__main__":
    main()
