"""What a side slice of a volume costs: nxviz's progressive slice against h5py and h5grove.

Run ``python benchmarks/volumes.py`` (``--repeat N``, ``--big N`` for the large volume's side,
2048 by default, 0 to skip it, ``--workdir DIR`` to keep the large volume and its pyramid
between runs, see below). It writes the demo's 512³ reconstruction (uint16, gzip, chunks
1×512×512), starts a Jupyter server with nxviz and a tornado server with h5grove's handlers on
loopback, and prints, for side slices ``[:, :, k]`` (each round a new ``k``, so no decoded
plane is reused):

- the first (coarse) picture against h5grove's handlers for the full side slice (target ≤ 0.25×);
- the final full-resolution picture, reached through every level as the browser asks for them,
  and asked alone, against a plain h5py read of the same slice in this process (target ≤ 1.0×);
- /api/status latency probed while the slices are read (target < 50 ms);

then, on an N³ volume of the same layout (chunks 1×N×N; a few distinct slices repeated, so it
writes quickly but decodes like any other) read progressively (no pyramid), its first coarse
side picture (target < 1 s) and the rate of stepping along its chunked axis, the next slice
asked while the current one is drawn (target ≥ 10 slices/s); then, from a second server that
has the volume's pyramid (built through the ``pyramid`` endpoint unless already built), the
pyramid's build time and size and the time of a screen-size slice along each axis answered from
it (target < 100 ms).

Medians of the repeats, with best and worst, and the machine's line. Beside each wall time, the
CPU time of the Jupyter server and its processes per request (from /proc; Linux), which a busy
machine skews much less, and for pyramid slices the server's own account of the time waiting for
a worker and in it (``Server-Timing``). It asserts nothing: figures vary from machine to machine.

The large volume takes about N³ × 2 bytes of disk (less, gzip) and its pyramid 3/7 of that
(2048: 16 GiB at most and 7 GiB). Without ``--workdir`` both live in a temporary folder and are
deleted at the end. With ``--workdir DIR`` (outside any repository) they stay in ``DIR`` with a
record of what writing and building cost when they were done, printed again when reused (see
``benchmarks/volume_workdir.py``): a later run only measures slices.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import multiprocessing.synchronize
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import h5py
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from machine import describe  # noqa: E402
from serve import TOKEN, get, get_full, start_servers  # noqa: E402
from volume_workdir import read_record, tree_cpu, when, write_record  # noqa: E402

from nxviz.demo import reconstruction  # noqa: E402
from nxviz.demo._chunks import _compressed, create_frames  # noqa: E402
from nxviz.demo.phantom import Phantom  # noqa: E402
from nxviz.volumes.chunks import cores  # noqa: E402

VOLUME = "/entry/reconstruction/data"
SCREEN = 1024


def fetch(port: int, path: str) -> dict[str, object]:
    status, body = get(port, path)
    if status != 200:
        raise RuntimeError(f"{path}: HTTP {status}: {body[:200]!r}")
    return {"bytes": len(body)}


def slice_url(name: str, axis: int, index: int, level: int | None) -> str:
    url = f"/nxviz/api/slice?file={name}&path={VOLUME}&axis={axis}&index={index}"
    url += f"&width={SCREEN}&height={SCREEN}"
    return url if level is None else f"{url}&level={level}"


def levels_of(port: int, name: str, axis: int) -> int:
    status, body = get(port, f"/nxviz/api/volume?file={name}&path={VOLUME}")
    assert status == 200, body[:200]
    levels: list[int] = json.loads(body)["levels"]
    return levels[axis]


def show(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    print(
        f"  {label:<62} median {median * 1e3:8.1f} ms"
        f"   (best {min(times) * 1e3:.1f}, worst {max(times) * 1e3:.1f}, n={len(times)})"
    )
    return median


def clock(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _probe(port: int, stop: multiprocessing.synchronize.Event, out: multiprocessing.Queue) -> None:
    latencies = []
    while not stop.is_set():
        latencies.append(clock(lambda: get(port, "/api/status")))
        time.sleep(0.02)
    out.put(latencies)


class StatusProbe:
    """/api/status asked every 20 ms, from a process of its own (as a browser tab would)."""

    def __init__(self, port: int) -> None:
        self.latencies: list[float] = []
        self._stop = multiprocessing.Event()
        self._out: multiprocessing.Queue[list[float]] = multiprocessing.Queue()
        self._process = multiprocessing.Process(target=_probe, args=(port, self._stop, self._out))

    def __enter__(self) -> StatusProbe:
        self._process.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.latencies = self._out.get(timeout=60)
        self._process.join()


def demo_volume(folder: Path, jport: int, gport: int, repeat: int) -> None:
    name = reconstruction.NAME
    levels = levels_of(jport, name, 2)
    grove_url = f"/data?file={name}&path={VOLUME}&format=bin&selection=:,:,{{k}}"
    indices = iter(range(7, 512, 11))
    rounds: dict[str, list[float]] = {k: [] for k in ("h5py", "grove", "first", "final", "alone")}
    with h5py.File(folder / name, "r", locking=False) as f:
        dataset = f[VOLUME]
        for _ in range(repeat):  # the baselines first: h5py here holds this process's GIL
            k = next(indices)
            rounds["h5py"].append(clock(lambda k=k: dataset[:, :, k]))
            rounds["grove"].append(clock(lambda k=k: fetch(gport, grove_url.format(k=k))))
    with StatusProbe(jport) as probe:
        for _ in range(repeat):
            k = next(indices)
            start = time.perf_counter()
            fetch(jport, slice_url(name, 2, k, 0))
            rounds["first"].append(time.perf_counter() - start)
            for level in range(1, levels):
                fetch(jport, slice_url(name, 2, k, level))
            rounds["final"].append(time.perf_counter() - start)
            k = next(indices)
            rounds["alone"].append(clock(lambda k=k: fetch(jport, slice_url(name, 2, k, None))))
    print(f"\nSide slice [:, :, k] of the 512³ demo volume ({levels} levels; new k each time):")
    h5py_read = show("h5py read in this process (file open)", rounds["h5py"])
    grove = show("h5grove's handlers, full side slice, format=bin (HTTP)", rounds["grove"])
    first = show("nxviz first picture (level 0, HTTP)", rounds["first"])
    final = show("nxviz final picture, through every level (HTTP)", rounds["final"])
    alone = show("nxviz final picture asked alone (HTTP)", rounds["alone"])
    worst = max(probe.latencies)
    print(
        f"  /api/status meanwhile: {len(probe.latencies)} probes, median "
        f"{statistics.median(probe.latencies) * 1e3:.1f} ms, max {worst * 1e3:.1f} ms"
    )
    print("Against the targets (medians):")
    print(f"  first picture / h5grove full slice   {first / grove:6.2f}×  (target ≤ 0.25×)")
    print(f"  final (all levels) / h5py read       {final / h5py_read:6.2f}×  (target ≤ 1.0×)")
    print(f"  final (asked alone) / h5py read      {alone / h5py_read:6.2f}×")
    print(
        f"  /api/status worst                    {worst * 1e3:6.1f} ms"
        " (target < 50 ms; probed while nxviz read, the baselines ran before)"
    )


def write_big(folder: Path, size: int) -> str:
    """An N³ uint16 gzip volume, chunks 1×N×N: 8 distinct slices of the phantom, repeated.
    Written under a temporary name and renamed: a run stopped midway leaves no volume."""
    name = f"big_{size}.nxs"
    phantom = Phantom(size)
    rng = np.random.default_rng(0)
    chunks = []
    for z in np.linspace(size * 0.2, size * 0.8, 8).astype(int):
        values = phantom.axial(int(z)) * 25000 + 10000 + rng.normal(0, 100, (size, size))
        chunks.append(_compressed(np.clip(values, 0, 60000).astype(np.uint16), 1))
    partial = folder / f"{name}.partial"
    with h5py.File(partial, "w") as f:
        group = f.create_group("entry/reconstruction")
        data = create_frames(group, "data", size, (size, size), 1)
        for z in range(size):
            data.id.write_direct_chunk((z, 0, 0), chunks[z % len(chunks)])
    os.replace(partial, folder / name)
    return name


def ensure_big(folder: Path, size: int) -> str:
    """The large volume in ``folder``, written unless already there."""
    name = f"big_{size}.nxs"
    record = read_record(folder, size)
    if (folder / name).is_file():
        print(
            f"\n{size}³ uint16 gzip, chunks 1×{size}×{size}: reused from the work folder"
            f" (written in {record.get('written_seconds', float('nan')):.1f} s"
            f" at {when(record.get('written_at'))})"
        )
        return name
    start = time.perf_counter()
    write_big(folder, size)
    seconds = time.perf_counter() - start
    write_record(folder, size, {"written_seconds": seconds, "written_at": time.time()})
    print(f"\n{size}³ uint16 gzip, chunks 1×{size}×{size}: written in {seconds:.1f} s")
    return name


def big_progressive(jport: int, server: int, name: str, size: int, repeat: int) -> None:
    """The large volume read progressively (this server has no pyramid for it)."""
    levels = levels_of(jport, name, 2)
    cpu = tree_cpu(server)
    firsts = [
        clock(lambda k=k: fetch(jport, slice_url(name, 2, k, 0)))
        for k in range(5, size, max(1, size // (repeat + 1)))[:repeat]
    ]
    first_cpu = (tree_cpu(server) - cpu) / len(firsts)
    first = show(f"first coarse side picture (level 0 of {levels}, HTTP)", firsts)
    print(f"    CPU of the server and its workers per picture: {first_cpu * 1e3:.0f} ms")
    steps = 40
    base = size // 3

    def step(k: int) -> None:
        fetch(jport, slice_url(name, 0, k, None))

    rates = []
    cpu = tree_cpu(server)
    for round_ in range(max(3, repeat // 2)):
        k0 = base + round_ * steps
        with ThreadPoolExecutor(max_workers=2) as pool:  # one drawn, the next prefetched
            start = time.perf_counter()
            list(pool.map(step, [(k0 + i) % size for i in range(steps)]))
            rates.append(steps / (time.perf_counter() - start))
    step_cpu = (tree_cpu(server) - cpu) / (steps * len(rates))
    rate = statistics.median(rates)
    print(
        f"  stepping along the chunked axis, next slice prefetched        median {rate:8.1f}"
        f" slices/s (best {max(rates):.1f}, worst {min(rates):.1f}, n={len(rates)})"
    )
    print(
        f"    CPU of the server and its workers per step: {step_cpu * 1e3:.0f} ms, so at most"
        f" {cores() / max(step_cpu, 1e-9):.0f} slices/s on this machine's {cores()} cores"
    )
    print(f"  first coarse side picture {first:.2f} s (target < 1 s); stepping {rate:.1f}/s (≥ 10)")


def post(port: int, path: str) -> dict[str, object]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        conn.request("POST", path, body=b"", headers={"Authorization": f"token {TOKEN}"})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}: {body[:200]!r}")
    got: dict[str, object] = json.loads(body)
    return got


def ensure_pyramid(jport: int, server: int, folder: Path, name: str, size: int) -> bool:
    """The large volume's pyramid, built through the endpoint unless the cache has it."""
    url = f"/nxviz/api/pyramid?file={name}&path={VOLUME}"
    state = json.loads(get(jport, url)[1])
    record = read_record(folder, size)
    if state["state"] == "ready" and "pyramid_wall" in record:
        print(
            f"  pyramid: reused from the work folder; when it was built"
            f" ({when(record.get('pyramid_at'))}): {record['pyramid_levels']} levels in"
            f" {record['pyramid_wall']:.1f} s (the builder's own"
            f" {record['pyramid_seconds']:.1f} s, CPU {record['pyramid_cpu']:.1f} s),"
            f" {record['pyramid_bytes'] / 1024**3:.2f} GiB"
        )
        if record.get("note"):
            print(f"    ({record['note']})")
        return True
    cpu = tree_cpu(server)
    start = time.perf_counter()
    state = post(jport, url)
    while state["state"] == "building":
        time.sleep(1)
        state = json.loads(get(jport, url)[1])
    wall = time.perf_counter() - start
    if state["state"] != "ready":
        print(f"  pyramid not built: {state}")
        return False
    stored = sum(p.stat().st_size for p in (folder / "cache").rglob("*") if p.is_file())
    record |= {
        "pyramid_at": time.time(),
        "pyramid_levels": state["levels"],
        "pyramid_wall": wall,
        "pyramid_seconds": float(state["seconds"] or 0),  # type: ignore[arg-type]
        "pyramid_cpu": tree_cpu(server) - cpu,
        "pyramid_bytes": stored,
    }
    write_record(folder, size, record)
    print(
        f"  pyramid: {state['levels']} levels built in {wall:.1f} s (the builder's own"
        f" {record['pyramid_seconds']:.1f} s, CPU {record['pyramid_cpu']:.1f} s),"
        f" {stored / 1024**3:.2f} GiB in the cache folder"
    )
    return True


def pyramid_slices(jport: int, server: int, name: str, size: int, repeat: int) -> None:
    worst = 0.0
    for axis in range(3):
        indices = range(7, size, max(1, size // (repeat + 1)))[:repeat]
        times, queued, ran, levels = [], [], [], set()
        cpu = tree_cpu(server)
        for k in indices:
            start = time.perf_counter()
            status, headers, _ = get_full(jport, slice_url(name, axis, k, None))
            times.append(time.perf_counter() - start)
            assert status == 200, status
            levels.add(json.loads(headers["X-Nxviz-Slice"])["pyramid"])
            timing = dict(
                part.strip().split(";dur=") for part in headers["Server-Timing"].split(",")
            )
            queued.append(float(timing["queue"]))
            ran.append(float(timing["hdf5"]))
        per = (tree_cpu(server) - cpu) / len(times)
        where = f"pyramid level {levels}" if None not in levels else "the volume (no level fits)"
        worst = max(worst, show(f"new slice along axis {axis} at {SCREEN}², from {where}", times))
        print(
            f"    in the server: waiting for a worker {statistics.median(queued):.1f} ms, in the"
            f" worker {statistics.median(ran):.1f} ms (medians); CPU per slice {per * 1e3:.0f} ms"
        )
    print(f"  with the pyramid built, slowest median {worst * 1e3:.1f} ms (target < 100 ms)")


class Servers:
    """Jupyter with nxviz (and h5grove) on ``folder``, pyramids looked for in ``cache``."""

    def __init__(self, folder: Path, cache: Path, workers: int) -> None:
        os.environ["NXVIZ_CACHE_DIR"] = str(cache)  # the servers inherit it
        shutil.rmtree(folder / "config", ignore_errors=True)  # a previous run's settings
        self.servers, self.jport, self.gport = start_servers(folder, workers, 10)
        self.pid = self.servers[0].pid  # the Jupyter server: its workers and builders under it

    def __enter__(self) -> Servers:
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers:
            server.terminate()
            server.wait(timeout=60)


def main() -> None:
    global SCREEN
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--big", type=int, default=2048, help="side of the large volume; 0: skip")
    parser.add_argument("--screen", type=int, default=SCREEN, help="pixels a side of a picture")
    parser.add_argument("--workers", type=int, default=4, help="c.NxvizService.workers")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="keep the large volume and its pyramid here between runs (outside any repository)",
    )
    args = parser.parse_args()
    SCREEN = args.screen
    print(describe())
    print("(the figures of a shared machine are skewed by the other work running on it)")
    with tempfile.TemporaryDirectory(prefix="nxviz-volumes-") as tmp:
        work = Path(tmp) if args.workdir is None else args.workdir.resolve()
        work.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        reconstruction.write(work)
        print(f"demo volume written in {time.perf_counter() - start:.1f} s")
        name = ensure_big(work, args.big) if args.big else ""
        with Servers(work, Path(tmp) / "no-pyramids", args.workers) as plain:
            demo_volume(work, plain.jport, plain.gport, args.repeat)
            if name:
                big_progressive(plain.jport, plain.pid, name, args.big, args.repeat)
        if name:
            with Servers(work, work / "cache", args.workers) as cached:
                if ensure_pyramid(cached.jport, cached.pid, work, name, args.big):
                    pyramid_slices(cached.jport, cached.pid, name, args.big, args.repeat)


if __name__ == "__main__":
    main()
