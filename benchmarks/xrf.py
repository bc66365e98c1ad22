"""XRF maps and spectra over HTTP against h5py reading the same bytes in-process.

Run ``python benchmarks/xrf.py`` (``--rows N``, ``--repeat N``, ``--workdir DIR``). It writes
a spectra cube of ``rows`` x 500 pixels x 4096 channels, uint32, one row per chunk, gzip after
the byte shuffle (the issue's cube is 500 x 500 x 4096: the default), in a temporary folder
deleted afterwards, or with ``--workdir DIR`` as ``DIR/cube-<rows>.h5``, kept there and written
only when missing (so a re-run starts at once; the free disk space is checked before writing).
It starts a Jupyter server with nxviz on loopback, prints the machine, then the median (with
the fastest and slowest) of:

- the sum map (``xrf/map``) vs h5py reading every row of the cube in-process (no sum);
- a pixel's spectrum (``xrf/spectrum?pixel&format=bin``, as the view asks it, a different row
  each round) vs h5py reading a pixel of another row (the whole chunk row is decoded either
  way), each after the same idle pause (``PAUSE``), and the next pixel of the same row (as
  hovering along a row asks it: the worker kept the row decoded), with the part of each spent
  in the worker (the answer's ``Server-Timing``), and the first pixel's CPU time and minor page
  faults in the server's processes (from ``/proc``, on Linux: Jupyter's and its workers') and
  in this one; and, as a control, the same first pixel of a row not kept with no pause, over
  HTTP (right after the next pixel) and in-process (right after the paused read): what the
  pause itself adds on each side;
- a 100 x 100 region's sum spectrum (10,000 pixels) vs numpy summing an h5py read of that region;

and the largest ``/api/status`` latency measured while the maps were being computed (and, for
comparison, with nothing running, five seconds before the rounds). Rounds
are interleaved (HTTP, then h5py) so a shared machine skews both alike; the ratios say more
than the times. With ``--stages`` it also prints where the pixels' time goes, stage by stage,
in Jupyter (handler, hand-overs) and in the worker (look-up, read, inflate, extract), after the
pause and without it (:mod:`benchmarks.stages`); with ``--calls`` as well the Python calls the
server's processes made in each stage (the same count after the pause and without it, with more
CPU time, is the same work done by a colder CPU, not more work). It asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import h5py
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import stages  # noqa: E402
from benchmarks.machine import MIN_REPEAT, describe, summary  # noqa: E402
from benchmarks.serve import get_full, start_servers  # noqa: E402

COLS, CHANNELS = 500, 4096
DISTINCT_ROWS = 8
REGION = 100  # a 100 x 100 region: 10,000 pixels
#: seconds of idle before each first pixel, the in-process read's as the HTTP one's. The HTTP
#: pixel used to follow 10 s in which the server was idle, the in-process one a run of reads:
#: after an idle pause both take longer (measured: h5py's pixel read about twice, the server's
#: event loop and worker more), so comparing a paused request with an unpaused read measured
#: the pause, not the work; each now starts after the same pause
PAUSE = 2.0


def write_cube(path: Path, rows: int) -> None:
    """The cube: ``DISTINCT_ROWS`` rows of Poisson spectra, compressed once, their chunks
    repeated (writing 2 GB of distinct random rows would take longer than the benchmark)."""
    rng = np.random.default_rng(0)
    energy = np.arange(CHANNELS) * 0.005
    lines = sum(
        a * np.exp(-0.5 * ((energy - e) / 0.07) ** 2)
        for a, e in ((40, 6.40), (25, 8.05), (15, 8.64), (10, 3.69), (6, 12.6))
    )
    expected = 2.0 * np.exp(-energy / 6.0) + lines
    with h5py.File(path, "w") as f:
        group = f.create_group("entry/spectra")
        f["entry"].attrs["NX_class"] = "NXentry"
        group.attrs["NX_class"] = "NXdata"
        group.attrs["signal"] = "counts"
        group.attrs["axes"] = [".", ".", "energy"]
        group["energy"] = energy
        group["energy"].attrs["units"] = "keV"
        options = {"chunks": (1, COLS, CHANNELS), "compression": "gzip", "shuffle": True}
        seed = f.create_dataset(
            "seed", shape=(DISTINCT_ROWS, COLS, CHANNELS), dtype="<u4", **options
        )
        for row in range(DISTINCT_ROWS):
            scale = rng.uniform(0.5, 2.0, size=(COLS, 1))
            seed[row] = rng.poisson(expected[None, :] * scale).astype(np.uint32)
        chunks = [seed.id.read_direct_chunk((row, 0, 0))[1] for row in range(DISTINCT_ROWS)]
        cube = group.create_dataset("counts", shape=(rows, COLS, CHANNELS), dtype="<u4", **options)
        for row in range(rows):
            cube.id.write_direct_chunk((row, 0, 0), chunks[row % DISTINCT_ROWS])
        del f["seed"]


def cube_name(rows: int) -> str:
    return f"cube-{rows}.h5"


def ensure_cube(folder: Path, rows: int) -> Path:
    """``folder/cube-<rows>.h5``, written (through a temporary name, so an interrupted write
    leaves nothing that looks finished) only when it is missing."""
    path = folder / cube_name(rows)
    if path.exists():
        print(f"reusing {path}")
        return path
    need = rows * COLS * CHANNELS  # stored size is well under a quarter of this
    free = shutil.disk_usage(folder).free
    if free < need // 2:
        raise SystemExit(f"{free / 2**30:.1f} GiB free in {folder}, want {need / 2**31:.1f}")
    print(f"writing the cube ({rows} x {COLS} x {CHANNELS}) in {folder} ...")
    partial_path = path.with_suffix(".partial")
    write_cube(partial_path, rows)
    partial_path.replace(path)
    return path


@contextlib.contextmanager
def served_cube(workdir: Path | None, rows: int, prefix: str) -> Iterator[Path]:
    """A fresh folder holding the cube (as ``cube-<rows>.h5``) for a server's root, deleted
    afterwards: a temporary folder with the cube written in it, or, with ``workdir``, one inside
    ``workdir`` holding a hard link to the kept cube (no copy)."""
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
            ensure_cube(Path(tmp), rows)
            yield Path(tmp)
        return
    workdir.mkdir(parents=True, exist_ok=True)
    kept = ensure_cube(workdir, rows)
    with tempfile.TemporaryDirectory(prefix=prefix, dir=workdir) as tmp:
        os.link(kept, Path(tmp) / kept.name)
        yield Path(tmp)


def http(port: int, url: str) -> bytes:
    status, _, body = get_full(port, url)
    if status != 200:
        raise SystemExit(f"{url}: HTTP {status}: {body[:200]!r}")
    return body


def timed_http(port: int, url: str) -> tuple[bytes, float]:
    """The body, and the seconds the server says the work took in its worker (``hdf5`` in
    its ``Server-Timing`` header: from handing the request over to the answer's return)."""
    status, headers, body = get_full(port, url)
    if status != 200:
        raise SystemExit(f"{url}: HTTP {status}: {body[:200]!r}")
    parts = dict(
        part.strip().split(";dur=", 1)
        for part in (headers.get("Server-Timing") or "").split(",")
        if ";dur=" in part
    )
    return body, float(parts.get("hdf5", "nan")) / 1e3


def workers_of(server: int) -> list[int]:
    """The processes the Jupyter server ``server`` started (its nxviz workers among them), from
    ``/proc`` (Linux; none elsewhere)."""
    found: list[int] = [server]
    for entry in sorted(Path("/proc").glob("[0-9]*"), key=lambda e: int(e.name)):
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent in found:
            found.append(int(entry.name))
    return found if len(found) > 1 else []


def process_cpu(pid: int) -> float:
    """CPU seconds process ``pid`` has run, every thread it had included (those that ended too):
    its CPU-time clock (Linux's id for it, as ``clock_getcpuclockid`` would give)."""
    clock = ((~pid << 3) | 2) & 0xFFFFFFFF  # (~pid << 3) | CPUCLOCK_SCHED, a C int
    return time.clock_gettime(clock - (1 << 32) if clock >= 1 << 31 else clock)


def spent(pids: list[int]) -> tuple[float, float, int]:
    """CPU seconds run by the first of ``pids`` (the Jupyter server) and by the others (its
    workers), and the minor page faults of the processes (``stat``): read before and after a
    request, the differences are what each side spent on it, whatever else the machine runs."""
    cpu, faults = [0.0, 0.0], 0
    for k, pid in enumerate(pids):
        try:
            faults += int((Path(f"/proc/{pid}/stat")).read_text().rsplit(")", 1)[1].split()[7])
            cpu[k > 0] += process_cpu(pid)
        except (OSError, ValueError, IndexError):
            continue
    return cpu[0], cpu[1], faults


def counted(faults: list[float]) -> str:
    return f"faults median {np.median(faults):.0f} ({min(faults):.0f}–{max(faults):.0f})"


def ms(seconds: list[float]) -> list[float]:
    return [t * 1e3 for t in seconds]


def show(label: str, times: list[float]) -> float:
    print(f"  {label:<58} {summary([t * 1e3 for t in times])}")
    return float(np.median(times))


def run(folder: Path, port: int, rows: int, repeat: int, server: int) -> None:
    base = "/nxviz/api/xrf"
    query = f"file={cube_name(rows)}&path=/entry/spectra/counts"
    h5 = h5py.File(folder / cube_name(rows), "r")
    cube = h5["/entry/spectra/counts"]
    decoded = cube.size * cube.dtype.itemsize
    stored = cube.id.get_storage_size()
    print(f"cube: {rows} x {COLS} x {CHANNELS} uint32, {decoded / 2**30:.2f} GiB decoded, "
          f"{stored / 2**30:.2f} GiB stored (gzip + shuffle, one row per chunk)")  # fmt: skip
    http(port, f"{base}?{query}")  # the worker opens the file once
    status: list[float] = []
    busy = threading.Event()

    def probe(into: list[float] = status) -> None:
        while busy.is_set():
            start = time.perf_counter()
            get_full(port, "/api/status")
            into.append(time.perf_counter() - start)
            time.sleep(0.02)

    # the same probe with nothing running, as long: what the machine alone costs
    idle: list[float] = []
    busy.set()
    threading.Timer(5.0, busy.clear).start()
    probe(idle)

    def h5py_rows() -> None:
        for row in range(rows):
            cube[row]

    keys = ("map", "map0", "px", "pxw", "pxu", "pxuw", "next", "nextw", "px0", "px0u", "rg", "rg0")
    workers = workers_of(server)
    # the first pixel's CPU time and minor page faults: in the server's processes (Jupyter, its
    # workers), in this one; after the pause and without it ("u")
    costs: dict[str, list[float]] = {
        f"{k}{u}": []
        for k in ("jupyter", "workers", "faults", "cpu0", "faults0")
        for u in ("", "u")
    }
    times: dict[str, list[float]] = {k: [] for k in keys}
    rng = np.random.default_rng(1)

    def over_http(url: str, key: str, cost: str | None) -> bytes:
        before = spent(workers)
        stages.mark(f"c> {key}")
        start = time.perf_counter()
        body, took = timed_http(port, url)
        times[key].append(time.perf_counter() - start)
        stages.mark(f"c< {key}")
        times[f"{key}w"].append(took)
        after = spent(workers)
        if cost is not None:
            costs[f"jupyter{cost}"].append(after[0] - before[0])
            costs[f"workers{cost}"].append(after[1] - before[1])
            costs[f"faults{cost}"].append(after[2] - before[2])
        return body

    def in_process(read: Callable[[], object], key: str, cost: str) -> None:
        cpu0, faults0 = time.process_time(), resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        start = time.perf_counter()
        read()
        times[key].append(time.perf_counter() - start)
        costs[f"cpu0{cost}"].append(time.process_time() - cpu0)
        costs[f"faults0{cost}"].append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults0)

    for round_ in range(repeat):
        busy.set()
        prober = threading.Thread(target=probe)
        prober.start()
        start = time.perf_counter()
        body = http(port, f"{base}/map?{query}")
        times["map"].append(time.perf_counter() - start)
        busy.clear()
        prober.join()
        start = time.perf_counter()
        h5py_rows()
        times["map0"].append(time.perf_counter() - start)
        if round_ == 0:
            got = np.frombuffer(body, "<f4").reshape(rows, COLS)
            check = cube[0].sum(axis=1).astype(np.float32)
            if not np.array_equal(got[0], check):
                raise SystemExit("the sum map's first row differs from numpy's")
        r, c = int(rng.integers(0, rows)), int(rng.integers(0, COLS - 1))
        other = (r + rows // 2) % rows  # another chunk row: nothing cached
        # both first pixels come after the same idle pause (see PAUSE)
        time.sleep(PAUSE)
        in_process(partial(cube.__getitem__, (other, c, slice(None))), "px0", "")
        # and at once a pixel of a third row: the same work without the pause
        in_process(partial(cube.__getitem__, ((other + 1) % rows, c, slice(None))), "px0u", "u")
        time.sleep(PAUSE)
        body = over_http(f"{base}/spectrum?{query}&pixel={r},{c}&format=bin", "px", "")
        if not np.array_equal(np.frombuffer(body, "<f8"), cube[r, c, :]):
            raise SystemExit(f"the spectrum of pixel {r},{c} differs from h5py's")
        over_http(f"{base}/spectrum?{query}&pixel={r},{c + 1}&format=bin", "next", None)
        # a pixel of a row not kept yet, at once after the others: no pause
        fresh = (r + 1 + rows // 4) % rows
        over_http(f"{base}/spectrum?{query}&pixel={fresh},{c}&format=bin", "pxu", "u")
        r0 = int(rng.integers(0, max(1, rows - REGION)))
        c0 = int(rng.integers(0, COLS - REGION))
        region = f"{r0}:{r0 + REGION},{c0}:{c0 + REGION}"
        start = time.perf_counter()
        http(port, f"{base}/spectrum?{query}&region={region}")
        times["rg"].append(time.perf_counter() - start)
        start = time.perf_counter()
        cube[r0 : r0 + REGION, c0 : c0 + REGION, :].sum(axis=(0, 1))
        times["rg0"].append(time.perf_counter() - start)
    cpu = cpu_times(cube, rows, repeat)
    h5.close()
    print("figures (ms):")
    m = show("sum map over HTTP (xrf/map)", times["map"])
    m0 = show("h5py reading every row in-process", times["map0"])
    p = show(f"pixel spectrum over HTTP after {PAUSE:g} s idle (xrf/spectrum?pixel)", times["px"])
    show("  of which in the worker (Server-Timing hdf5)", times["pxw"])
    n = show("the next pixel of that row over HTTP (row kept decoded)", times["next"])
    show("  of which in the worker (Server-Timing hdf5)", times["nextw"])
    u = show("a pixel of a row not kept, right after (no pause)", times["pxu"])
    show("  of which in the worker (Server-Timing hdf5)", times["pxuw"])
    p0 = show(f"h5py reading one pixel in-process after {PAUSE:g} s idle", times["px0"])
    u0 = show("h5py reading a pixel of another row right after (no pause)", times["px0u"])
    g = show(f"{REGION}x{REGION} region sum over HTTP (xrf/spectrum?region)", times["rg"])
    g0 = show("numpy sum of an h5py read of the region", times["rg0"])
    print("ratios (target <= 1.0):")
    print(f"  sum map / h5py read          {m / m0:.2f}x")
    print(f"  pixel spectrum / h5py read   {p / p0:.2f}x   (both after the pause: the target)")
    print(f"  the same with no pause       {u / u0:.2f}x")
    print(f"  next pixel / h5py read       {n / p0:.2f}x")
    print(f"  region sum / numpy on h5py   {g / g0:.2f}x")
    if workers:
        print("a first pixel's CPU time (ms) and minor page faults, load-robust:")
        for label, key in ((f"after {PAUSE:g} s idle", ""), ("no pause", "u")):
            jupyter, work = costs[f"jupyter{key}"], costs[f"workers{key}"]
            total = [a + b for a, b in zip(jupyter, work, strict=True)]
            print(f"  {label}: in the server (Jupyter + workers) CPU {summary(ms(total))}")
            print(f"  {'':<14}  Jupyter                     CPU {summary(ms(jupyter))}")
            print(f"  {'':<14}  workers                     CPU {summary(ms(work))}")
            print(f"  {'':<14}  {counted(costs[f'faults{key}'])}")
            print(f"  {'':<14}  h5py in-process             CPU {summary(ms(costs[f'cpu0{key}']))}")
            print(f"  {'':<14}  {counted(costs[f'faults0{key}'])}")
    print("CPU time of this process (all threads), in-process, load-robust (ms):")
    for label, (ours, theirs) in cpu.items():
        ratio = np.median(ours) / np.median(theirs)
        print(f"  {label:<30} nxviz.xrf {summary([t * 1e3 for t in ours])}")
        print(f"  {'':<30} h5py/numpy {summary([t * 1e3 for t in theirs])}  ratio {ratio:.2f}x")
    worst = max(status) * 1e3 if status else float("nan")
    print(f"/api/status while maps were computed: max {worst:.1f} ms over {len(status)} probes "
          f"(99th percentile {np.percentile(status, 99) * 1e3:.1f}, median "
          f"{np.median(status) * 1e3:.1f} ms; target < 50 ms)")  # fmt: skip
    print(f"/api/status with nothing running (5 s before): max {max(idle) * 1e3:.1f} ms over "
          f"{len(idle)} probes (99th percentile {np.percentile(idle, 99) * 1e3:.1f}, median "
          f"{np.median(idle) * 1e3:.1f} ms): the machine's own share")  # fmt: skip


def cpu_times(
    cube: h5py.Dataset, rows: int, repeat: int
) -> dict[str, tuple[list[float], list[float]]]:
    """CPU seconds (``time.process_time``: every thread of this process) of nxviz's reductions
    called in-process and of h5py/numpy doing the same reads: a machine shared with other work
    stretches wall times, much less CPU times."""
    from nxviz.xrf.reduce import Region, pixel_spectrum, region_spectrum, window_map

    def cpu(fn: Callable[[], object]) -> float:
        start = time.process_time()
        fn()
        return time.process_time() - start

    band = min(rows, 50)  # the map of 50 rows: CPU time grows with the rows, the ratio not
    region = Region((0, min(rows, REGION)), (200, 200 + REGION))
    found: dict[str, tuple[list[float], list[float]]] = {
        f"sum map of {band} rows": ([], []),
        "pixel spectrum": ([], []),
        f"region sum, {region.pixels} pixels": ([], []),
    }
    (a, b), (c, d), (e, f) = found.values()
    r1 = region.rows[1]
    for k in range(repeat):
        row = (k * 97) % rows
        a.append(cpu(lambda: window_map(cube, (0, CHANNELS), (0, band))))
        b.append(cpu(lambda: [cube[r] for r in range(band)]))
        other = (row + rows // 2) % rows  # another chunk row: nothing cached
        c.append(cpu(partial(pixel_spectrum, cube, row, 7)))
        d.append(cpu(partial(cube.__getitem__, (other, 7, slice(None)))))
        e.append(cpu(lambda: region_spectrum(cube, region)))
        f.append(cpu(lambda: cube[0:r1, 200 : 200 + REGION, :].sum(axis=(0, 1))))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5, help=f"at least {MIN_REPEAT}")
    parser.add_argument("--workers", type=int, default=4, help="c.NxvizService.workers")
    parser.add_argument("--niceness", type=int, default=10, help="c.NxvizService.worker_niceness")
    parser.add_argument("--workdir", type=Path, help="keep the cube here (written when missing)")
    parser.add_argument("--only-write", action="store_true", help="write the cube, measure nothing")
    parser.add_argument(
        "--stages", action="store_true", help="trace the pixels' stages (benchmarks/stages.py)"
    )
    parser.add_argument(
        "--calls",
        action="store_true",
        help="with --stages: count the Python calls of each stage too (slows the servers down)",
    )
    args = parser.parse_args()
    args.repeat = max(MIN_REPEAT, args.repeat)
    if args.only_write:
        if args.workdir is None:
            raise SystemExit("--only-write needs --workdir")
        args.workdir.mkdir(parents=True, exist_ok=True)
        ensure_cube(args.workdir, args.rows)
        return
    print(describe())
    with served_cube(args.workdir, args.rows, "nxviz-bench-xrf-") as folder:
        trace = folder / "stages.log"
        if args.stages:  # the servers started below trace themselves (and this process marks)
            site = stages.sitecustomize_dir(folder / "site")
            path = os.environ.get("PYTHONPATH", "")
            os.environ["PYTHONPATH"] = os.pathsep.join([str(site), path]) if path else str(site)
            os.environ[stages.VARIABLE] = str(trace)
            if args.calls:
                os.environ[stages.CALLS] = "1"
        # a whole-cube map on a loaded machine may take longer than the default 60 s bound
        timeout = ("--NxvizService.request_timeout=900",)
        servers, port, _ = start_servers(folder, args.workers, args.niceness, timeout)
        try:
            run(folder, port, args.rows, args.repeat, servers[0].pid)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
        if args.stages and trace.exists():
            print("stages of the pixels (benchmarks/stages.py):")
            kinds = {
                "px": f"first pixel of a row after {PAUSE:g} s idle",
                "pxu": "first pixel of a row, no pause",
                "next": "next pixel of the row (kept)",
            }
            stages.report(trace, kinds)


if __name__ == "__main__":
    main()
