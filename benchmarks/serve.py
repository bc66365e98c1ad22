"""What serving costs: nxviz's endpoints against h5py in-process and h5grove's own handlers.

Run ``python benchmarks/serve.py`` (``--frames N``, ``--repeat N``, ``--combine N``,
``--workdir DIR``). It writes, in a temporary folder (or once in ``DIR``, kept there for later
runs), one Eiger2 16M stack (4362×4148 uint32, one bitshuffle-LZ4 chunk per
frame), a second one of ``--combine`` frames, and a 10,000-child group, starts a Jupyter server
with nxviz and a tornado server with h5grove's handlers on loopback, and prints the machine
(CPU, cores, AVX2, the decoder build), then figures (the median of at least 5 runs with the
fastest and slowest), whether each image request took the direct-chunk path, and ratios
against the issue's targets; where an image request's time goes (its ``Server-Timing``: Jupyter
before the hand-over, the worker's work, the body's copy into shared memory, the hand-over there
and back, and the rest, outside the worker) and the CPU time of Jupyter's event loop thread per
request. Load-robust figures beside them: the CPU time of the in-process
render against h5py's read, the cores the render and a GIL-free two-thread control keep busy
right after an h5py read and after themselves (:mod:`benchmarks.cores`: whether the machine or the
render leaves a core idle), and, while ``/api/status`` is probed under load, how long Jupyter's
event loop thread waited for a CPU per time slice against this process's own probing thread;
with ``--watch-loop``, what Jupyter's event loop did in each stall over 30 ms and which stall each
slow probe met (:mod:`benchmarks.loopwatch`: a CPU wait, a garbage collection, page faults, the
GIL held by another thread, or Python running).
It asserts nothing: figures vary from machine to machine, and on a machine shared with other
work the ratios (measured in the same interleaved rounds) say more than the times.
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
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import h5py
import hdf5plugin
import numpy as np

EIGER2_16M = (4362, 4148)
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import cores, status  # noqa: E402
from benchmarks.machine import MIN_REPEAT, describe, summary  # noqa: E402
from benchmarks.procstat import schedstat  # noqa: E402
from nxviz.hdf5 import bands  # noqa: E402
from nxviz.hdf5.image import ImageRequest, render  # noqa: E402
from nxviz.hdf5.locate import Locator  # noqa: E402
from nxviz.hdf5.open import FileCache  # noqa: E402

TOKEN = "nxviz-benchmark"  # noqa: S105 - a throwaway token for a loopback server


def write_files(folder: Path, n_frames: int, n_combine: int) -> None:
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
        # The long stack repeats the first frames' chunks (writing 100 distinct frames is slow).
        chunks = [data.id.read_direct_chunk((i, 0, 0))[1] for i in range(n_frames)]
        stack = f.create_dataset(
            "entry/data/long",
            shape=(n_combine, *EIGER2_16M),
            dtype="<u4",
            chunks=(1, *EIGER2_16M),
            **hdf5plugin.Bitshuffle(cname="lz4"),
        )
        for i in range(n_combine):
            stack.id.write_direct_chunk((i, 0, 0), chunks[i % n_frames])
    with h5py.File(folder / "many.h5", "w", libver="latest") as f:
        group = f.create_group("many")
        target = f.create_dataset("target", data=np.arange(4))
        for i in range(10_000):
            group[f"c{i:05d}"] = target


@contextmanager
def served_inputs(workdir: Path | None, n_frames: int, n_combine: int) -> Iterator[Path]:
    """A folder to serve holding the inputs: a temporary one they are written in, or, with
    ``workdir``, a temporary one inside it with hard links to inputs kept there (written once)."""
    note = f"writing the Eiger2 16M stack and the 10,000-child group ({os.cpu_count()} CPUs) ..."
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="nxviz-bench-") as tmp:
            print(note)
            write_files(Path(tmp), n_frames, n_combine)
            yield Path(tmp)
        return
    kept = workdir.resolve() / f"serve-{n_frames}-{n_combine}"
    if not (kept / "complete").exists():
        kept.mkdir(parents=True, exist_ok=True)
        print(note, f"kept in {kept}")
        write_files(kept, n_frames, n_combine)
        (kept / "complete").write_text("")
    with tempfile.TemporaryDirectory(prefix="nxviz-bench-", dir=workdir) as tmp:
        for name in ("eiger.h5", "many.h5"):
            os.link(kept / name, Path(tmp) / name)
        yield Path(tmp)


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
    status, _, body = get_full(port, path)
    return status, body


def get_full(port: int, path: str) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        conn.request("GET", path, headers={"Authorization": f"token {TOKEN}"})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
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
    print(f"  {label:<56} {summary([t * 1e3 for t in times])}")
    return statistics.median(times)


def start_servers(
    folder: Path,
    workers: int,
    niceness: int,
    extra: tuple[str, ...] = (),
    watch: Path | None = None,
) -> tuple[list[subprocess.Popen[bytes]], int, int]:
    """Jupyter with nxviz (``extra``: more command-line settings; ``watch``: a file for
    benchmarks/loopwatch.py's records) and h5grove, on loopback."""
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    )
    extensions = {"nxviz": True}
    if watch is not None:
        extensions["benchmarks.loopwatch"] = True
        env["NXVIZ_LOOPWATCH"] = str(watch)
    jupyter_port, grove_port = free_port(), free_port()
    config = folder / "config"
    config.mkdir()
    jupyter = subprocess.Popen(
        [
            sys.executable, "-m", "jupyter_server", f"--port={jupyter_port}", "--ip=127.0.0.1",
            "--no-browser", "--allow-root", f"--ServerApp.root_dir={folder}",
            f"--IdentityProvider.token={TOKEN}", f"--ServerApp.jpserver_extensions={extensions}",
            "--ServerApp.log_level=WARN", f"--NxvizService.workers={workers}",
            f"--NxvizService.worker_niceness={niceness}", *extra,
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
    parser.add_argument("--repeat", type=int, default=10, help=f"at least {MIN_REPEAT}")
    parser.add_argument("--combine", type=int, default=100, help="frames summed in one request")
    parser.add_argument("--workers", type=int, default=4, help="c.NxvizService.workers")
    parser.add_argument("--niceness", type=int, default=10, help="c.NxvizService.worker_niceness")
    parser.add_argument(
        "--workdir", type=Path, help="keep the inputs here (outside any repository) for later runs"
    )
    parser.add_argument(
        "--watch-loop",
        action="store_true",
        help="watch Jupyter's event loop (benchmarks/loopwatch.py) and print its stalls",
    )
    parser.add_argument("--status-rounds", type=int, default=1, help="/api/status phases")
    parser.add_argument("--idle", type=float, default=90.0, help="seconds idle between them")
    args = parser.parse_args()
    args.repeat = max(MIN_REPEAT, args.repeat)
    print(describe())
    with served_inputs(args.workdir, args.frames, args.combine) as folder:
        watch = folder / "loopwatch.jsonl" if args.watch_loop else None
        servers, jport, gport = start_servers(folder, args.workers, args.niceness, watch=watch)
        try:
            sizes, phases = (args.frames, args.combine), (args.status_rounds, args.idle)
            run(folder, (jport, gport), args.repeat, sizes, servers[0], watch, phases)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)


class Direct:
    """Counts, per kind of request, how many took the direct-chunk path (from its headers)."""

    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = {}

    def note(self, label: str, frames: int, direct: int) -> None:
        got = self.counts.setdefault(label, [0, 0])
        got[0] += direct
        got[1] += frames

    def text(self, label: str) -> str:
        direct, frames = self.counts.get(label, [0, 0])
        return f"direct-chunk path: {direct} of {frames} frames"


def run(
    folder: Path,
    ports: tuple[int, int],
    repeat: int,
    sizes: tuple[int, int],
    jupyter: subprocess.Popen[bytes],
    watch: Path | None,
    phases: tuple[int, float] = (1, 0.0),
) -> None:
    (jport, gport), (n_frames, n_combine), jpid = ports, sizes, jupyter.pid
    frame_path = "/entry/data/data"
    image_url = f"/nxviz/api/image?file=eiger.h5&path={frame_path}&width=1280&height=1280"
    combine_url = (
        f"/nxviz/api/image?file=eiger.h5&path=/entry/data/long&frames=0:{n_combine}"
        "&combine=sum&width=1280&height=1280"
    )
    nxviz_data = f"/nxviz/api/data?file=eiger.h5&path={frame_path}&selection=0&format=bin"
    grove_data = f"/data?file=eiger.h5&path={frame_path}&selection=0&format=bin"
    direct = Direct()
    stages = Stages(jpid)

    def check(port: int, path: str, label: str = "") -> Callable[[], None]:
        def fetch() -> None:
            before = stages.loop_cpu() if label == "image" else None
            start = time.perf_counter()
            status, headers, body = get_full(port, path)
            if before is not None:
                stages.note(time.perf_counter() - start, headers, stages.loop_cpu() - before)
            if status != 200:
                raise RuntimeError(f"{path}: HTTP {status}: {body[:200]!r}")
            if label:
                meta = json.loads(headers["X-Nxviz-Image"])
                frames = n_combine if "frames=" in path else 1
                direct.note(label, frames, int(meta.get("direct", 0)))

        return fetch

    for warm in (image_url, nxviz_data):
        check(jport, warm)()
    check(gport, grove_data)()

    print(f"\nOne Eiger2 16M frame ({EIGER2_16M[0]}×{EIGER2_16M[1]} uint32, bitshuffle-LZ4):")
    # Interleaved rounds: a load that comes and goes hits every contender alike.
    cache = FileCache()
    with Locator(cache, folder) as locator, h5py.File(folder / "eiger.h5", "r", locking=False) as f:
        dataset = f[frame_path]
        found = locator.find(locator.open(folder / "eiger.h5"), frame_path)
        request = ImageRequest(selection="0", width=1280, height=1280)
        in_process: list[int] = []
        cpu: list[list[float]] = [[], []]  # this process's CPU time (all its threads)

        def on_cpu(k: int, fn: Callable[[], object]) -> Callable[[], object]:
            def measured() -> object:
                start = time.process_time()
                value = fn()
                cpu[k].append(time.process_time() - start)
                return value

            return measured

        rounds = interleaved(
            [
                on_cpu(0, lambda: dataset[0]),
                on_cpu(1, lambda: in_process.append(render(locator, found, request).direct)),
                check(jport, image_url, "image"),
                check(jport, nxviz_data),
                check(gport, grove_data),
            ],
            repeat,
        )
        h5py_read = show("h5py in-process read (file open)", rounds[0])
        rendered = show("nxviz image.render in-process 1280×1280 (file open)", rounds[1])
        print(f"    {sum(in_process)} of {len(in_process)} renders took the direct-chunk path")
        h5py_cpu = show("  CPU time of the h5py read", cpu[0])
        render_cpu = show("  CPU time of the render (its band threads' added up)", cpu[1])
        print("  Two cores for two threads right after a one-thread phase? (benchmarks/cores.py)")
        busy = cores.after_read(lambda: dataset[0], lambda: render(locator, found, request), repeat)
    cache.close()
    image = show("nxviz image 1280×1280 (max pooling, stats, HTTP)", rounds[2])
    print(f"    {direct.text('image')}")
    stages.show()
    data = show("nxviz data, full frame, format=bin (HTTP)", rounds[3])
    grove = show("h5grove's handlers, full frame, format=bin (HTTP)", rounds[4])

    print(f"\n{n_combine} frames of the 16M stack summed (frames=0:{n_combine}&combine=sum):")
    with h5py.File(folder / "eiger.h5", "r", locking=False) as f:
        long = f["/entry/data/long"]
        combine_rounds = interleaved(
            [
                lambda: [long[i] for i in range(n_combine)],
                check(jport, combine_url, "combine"),
            ],
            repeat,
        )
    h5py_stack = show(f"h5py in-process read of the {n_combine} frames", combine_rounds[0])
    combined = show(f"nxviz image of the sum of {n_combine} frames (HTTP)", combine_rounds[1])
    print(f"    {direct.text('combine')}")

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
        timed(check(gport, "/meta?file=many.h5&path=/many"), MIN_REPEAT),
    )

    latencies: list[float] = []
    for k in range(phases[0]):
        if k:  # Jupyter idle meanwhile (with --watch-loop its heartbeat still runs)
            time.sleep(phases[1])
        print(
            f"\n/api/status while 8 clients ask for images, 2 of them for the {n_combine}-frame"
            f" sum{f' (round {k + 1}, after {phases[1]:g} s idle)' if k else ''}:"
        )
        latencies += status.measure(get, jport, jpid, (image_url, combine_url), n_frames, watch)
    worst = max(latencies)

    print("\nAgainst the targets (ratios of medians from the same interleaved rounds):")
    print(f"  image / h5py read                 {image / h5py_read:6.2f}×   (target ≤ 0.6×)")
    print(f"  h5grove full frame / image        {grove / image:6.2f}×   (target ≥ 5×)")
    print(f"  in-process render / h5py read     {rendered / h5py_read:6.2f}×   (target ≤ 0.5×)")
    print(
        f"  the same in CPU time              {render_cpu / h5py_cpu:6.2f}×   (all threads;"
        " what one core would give)"
    )
    print(
        f"  render CPU time / its wall time     {render_cpu / rendered:6.2f}    (cores it kept"
        f" busy; {bands.threads()} band threads)"
    )
    print(
        f"  sum of {n_combine} / h5py reading them  {combined / h5py_stack:6.2f}×   (target ≤ 0.6×)"
    )
    print(
        f"  GIL-free control after a read     {busy['GIL-free control after an h5py read']:6.2f}"
        f"    (cores kept busy; after itself {busy['GIL-free control after itself']:.2f}: near 1"
        " after the read and near 2 after itself: the machine left a core idle, not the render)"
    )
    print(f"  h5grove full frame / nxviz data full frame {grove / data:6.2f}×")
    print(
        f"  10,000-child first page           {meta * 1e3:6.1f} ms (target < 100 ms;"
        f" h5grove {grove_meta * 1e3:.0f} ms)"
    )
    print(f"  /api/status worst under load      {worst * 1e3:6.1f} ms (target < 50 ms)")
    print(json.dumps({
        "h5py_read_ms": h5py_read * 1e3, "render_ms": rendered * 1e3, "image_ms": image * 1e3,
        "h5py_read_cpu_ms": h5py_cpu * 1e3, "render_cpu_ms": render_cpu * 1e3,
        "data_ms": data * 1e3, "h5grove_data_ms": grove * 1e3,
        "h5py_stack_ms": h5py_stack * 1e3, "combine_ms": combined * 1e3,
        "meta_first_page_ms": meta * 1e3, "h5grove_meta_ms": grove_meta * 1e3,
        "status_max_ms": worst * 1e3, "status_median_ms": statistics.median(latencies) * 1e3,
        "cores_kept_busy": busy, "image_stages_ms": stages.medians(),
        "direct": direct.counts,
    }))  # fmt: skip


class Stages:
    """Where each image request's time went, from its ``Server-Timing`` (ms), and the CPU time
    Jupyter's event loop thread spent meanwhile (this client's requests are one at a time)."""

    PARTS = (
        ("app", "Jupyter before the hand-over (auth, arguments)"),
        ("work", "the work in the worker (find, claim, render)"),
        ("copy", "its body's copy into shared memory"),
        ("hand-over", "to the worker and back (hdf5 - work - copy)"),
        ("outside", "outside the worker (client, Jupyter, body)"),
        ("loop CPU", "CPU time of Jupyter's event loop thread"),
    )

    def __init__(self, jpid: int) -> None:
        self.jpid = jpid
        self.rows: list[dict[str, float]] = []

    def loop_cpu(self) -> float:
        got = schedstat(self.jpid)
        return got[0] / 1e9 if got is not None else float("nan")

    def note(self, total: float, headers: http.client.HTTPMessage, loop_cpu: float) -> None:
        parts = dict(
            part.strip().split(";dur=", 1)
            for part in (headers.get("Server-Timing") or "").split(",")
            if ";dur=" in part
        )
        ms = {key: float(value) / 1e3 for key, value in parts.items()}
        if not {"hdf5", "work", "copy"} <= ms.keys():
            return
        ms["hand-over"] = ms["hdf5"] - ms["work"] - ms["copy"]
        ms["outside"] = total - ms["hdf5"]
        ms["loop CPU"] = loop_cpu
        self.rows.append(ms)

    def medians(self) -> dict[str, float]:
        keys = [key for key, _ in self.PARTS]
        return {
            key: statistics.median(row[key] for row in self.rows if key in row) * 1e3
            for key in keys
            if any(key in row for row in self.rows)
        }

    def show(self) -> None:
        if not self.rows:
            return
        print("    where its time went (Server-Timing, each part's median over the requests):")
        for key, label in self.PARTS:
            values = [row[key] for row in self.rows if key in row]
            if values:
                show(f"  {label}", values)


if __name__ == "__main__":
    main()
