"""A watchdog on the Jupyter server's event loop, for benchmarks only (never loaded by nxviz).

``serve.py --watch-loop`` loads this module into the Jupyter process it starts as a second server
extension (``ServerApp.jpserver_extensions``) and names a file in ``NXVIZ_LOOPWATCH``. A heartbeat
runs on the loop every :data:`BEAT` seconds; a daemon thread checks it every :data:`BEAT` seconds
and, while the heartbeat is late by more than the threshold (``NXVIZ_LOOPWATCH_MS``, 30 ms), takes
samples: the main thread's stack (``sys._current_frames()``), its state in ``/proc`` (R running or
waiting for a CPU, S sleeping: on a lock such as the GIL, or in a system call; D: waiting for the
disk, e.g. a page fault), and every thread's stack. When the heartbeat runs again the stall is
written as one JSON line: how long the loop answered nothing, the main thread's CPU time, its wait
for a CPU and its major page faults meanwhile (``/proc/self/task/*/schedstat`` and ``stat``), each
other thread's CPU time, the garbage collections that overlapped it (``gc.callbacks``), the stacks
sampled and how late the watchdog itself woke (it needs the GIL too: a thread holding the GIL in C
code, or no CPU for this process, delays it), the share of the stall in which some task of the
machine waited for a CPU (``/proc/pressure/cpu``) and, once a stall is seen, the machine's runnable
threads by name, nice value, policy and session (the kernel's autogroups share the CPUs between
sessions first). Every garbage collection over 5 ms is written too. Times are ``time.monotonic()``
(the machine's clock, so the benchmark can match its probes). Its own cost: a callback on the loop
every 5 ms, and two small /proc reads per look of the watchdog (a scan of /proc once a stall).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import threading
import time
from collections import Counter, deque
from pathlib import Path
from typing import Any, TextIO

#: seconds between heartbeats on the loop (and between the watchdog's checks)
BEAT = 0.005
#: a collection this long (seconds) is written even outside a stall
GC_NOTED = 0.005
TASKS = Path("/proc/self/task")


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": __name__}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    target = os.environ.get("NXVIZ_LOOPWATCH")
    if target:
        threshold = float(os.environ.get("NXVIZ_LOOPWATCH_MS", "30")) / 1e3
        LoopWatch(server_app.io_loop, Path(target), threshold).start()


def thread_figures(tid: int) -> tuple[int, int, int, str]:
    """A thread's time on a CPU and waiting for one (ns), its major faults and its state."""
    try:
        ran, waited = (Path(f"{TASKS}/{tid}/schedstat").read_text().split() + ["0", "0"])[:2]
        stat = Path(f"{TASKS}/{tid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(ran), int(waited), int(stat[9]), stat[0]
    except (OSError, ValueError, IndexError):
        return 0, 0, 0, "?"


Counters = tuple[int, int]


def counters() -> Counters:
    """Microseconds, since boot, in which some runnable task of the machine waited for a CPU
    (Linux's pressure stall information), and the clock ticks (1/100 s) the hypervisor ran
    something else on this machine's CPUs (steal); 0 where unknown."""
    try:
        some = Path("/proc/pressure/cpu").read_text().split("\n", 1)[0]
        pressure = int(some.rsplit("total=", 1)[1])
    except (OSError, ValueError, IndexError):
        pressure = 0
    try:
        steal = int(Path("/proc/stat").read_text().split("\n", 1)[0].split()[8])
    except (OSError, ValueError, IndexError):
        steal = 0
    return pressure, steal


def runnable() -> int:
    """Tasks of the machine running or waiting for a CPU now (``procs_running``)."""
    try:
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith("procs_running"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def competitors(limit: int = 12) -> list[tuple[str, int]]:
    """The machine's runnable threads now, by process name, nice value, scheduling policy and
    autogroup (the kernel shares the CPUs between autogroups first, then by nice value within
    each): what the loop thread waits behind. A scan of /proc (a few ms), once per stall."""
    own = Path("/proc/self/autogroup").read_text().split()[0] if AUTOGROUP else ""
    found: Counter[str] = Counter()
    for task in Path("/proc").glob("[0-9]*/task/[0-9]*/stat"):
        try:
            text = task.read_text()
            comm = text[text.index("(") + 1 : text.rindex(")")]
            fields = text.rsplit(")", 1)[1].split()
            if fields[0] != "R":
                continue
            group = ""
            if AUTOGROUP:
                group = (task.parent.parent.parent / "autogroup").read_text().split()[0]
            mine = "this session" if group == own else "another session"
            found[f"{comm} nice {fields[16]} policy {fields[38]} ({mine})"] += 1
        except (OSError, ValueError, IndexError):
            continue
    return found.most_common(limit)


AUTOGROUP = Path("/proc/self/autogroup").exists()


def machine(before: Counters, since: float, end: float) -> dict[str, float]:
    """The machine while the loop stalled: the share of the time some task waited for a CPU
    (1: all of it), the CPU time the hypervisor took (ms, all CPUs) and how many tasks were
    runnable when the stall was seen."""
    span = max(end - since, 1e-6)
    pressure, steal = counters()
    return {
        "cpu_pressure": (pressure - before[0]) / 1e6 / span,
        "steal_ms": (steal - before[1]) * 10.0,
        "runnable": runnable(),
    }


def main_figures(before: tuple[int, int, int, str], tid: int) -> dict[str, Any]:
    now = thread_figures(tid)
    return {
        "thread": "main", "cpu_ms": (now[0] - before[0]) / 1e6,
        "wait_ms": (now[1] - before[1]) / 1e6, "majflt": now[2] - before[2],
    }  # fmt: skip


def where(frame: Any, depth: int) -> str:
    """The innermost ``depth`` frames of a stack, innermost first, as ``file:line function``."""
    parts: list[str] = []
    while frame is not None and len(parts) < depth:
        code = frame.f_code
        name = "/".join(Path(code.co_filename).parts[-2:])
        parts.append(f"{name}:{frame.f_lineno} {code.co_name}")
        frame = frame.f_back
    return " < ".join(parts)


class Collections:
    """Every garbage collection's start, end, generation and thread (``gc.callbacks``)."""

    def __init__(self, out: TextIO, lock: threading.Lock) -> None:
        self.done: list[tuple[float, float, int, str]] = []
        self.running: tuple[float, int] | None = None
        self._out, self._lock = out, lock

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        now = time.monotonic()
        if phase == "start":
            self.running = (now, info["generation"])
            return
        if self.running is None:
            return
        start, generation = self.running
        self.running = None
        thread = threading.current_thread().name
        self.done.append((start, now, generation, thread))
        del self.done[:-200]
        if now - start >= GC_NOTED:
            record = {
                "kind": "gc", "start": start, "ms": (now - start) * 1e3,
                "generation": generation, "thread": thread, "collected": info.get("collected"),
            }  # fmt: skip
            with self._lock:
                self._out.write(json.dumps(record) + "\n")
                self._out.flush()

    def overlapping(self, start: float, end: float) -> list[dict[str, Any]]:
        found = [c for c in self.done if c[1] > start and c[0] < end]
        if self.running is not None:
            found.append((self.running[0], end, self.running[1], "?"))
        return [
            {"generation": g, "ms": (b - a) * 1e3, "thread": t, "at_ms": (a - start) * 1e3}
            for a, b, g, t in found
        ]


class Stall:
    """What the watchdog saw while the heartbeat was late."""

    def __init__(
        self,
        since: float,
        main_tid: int,
        main_before: tuple[int, int, int, str],
        psi: tuple[Counters, float],
    ) -> None:
        self.since = since
        self.main_tid = main_tid
        #: the main thread's figures from the watchdog's last look before the stall was seen
        self.main_before = main_before
        self.psi_before = psi
        self.before = {tid: thread_figures(tid) for tid in _tids()}
        self.states: Counter[str] = Counter()
        self.stacks: Counter[str] = Counter()
        self.others: dict[str, Counter[str]] = {}
        self.samples = 0
        self.watch_late = 0.0
        self.runnable: list[tuple[str, int]] = []

    def sample(self, main_ident: int, names: dict[int, str], late: float) -> None:
        if not self.samples:
            self.runnable = competitors()
        self.samples += 1
        self.watch_late = max(self.watch_late, late)
        self.states[thread_figures(self.main_tid)[3]] += 1
        for ident, frame in sys._current_frames().items():
            if ident == main_ident:
                self.stacks[where(frame, 8)] += 1
            elif ident != threading.get_ident():
                name = names.get(ident, str(ident))
                self.others.setdefault(name, Counter())[where(frame, 3)] += 1

    def record(self, end: float, collections: Collections, tids: dict[int, str]) -> dict[str, Any]:
        after = {tid: thread_figures(tid) for tid in _tids() if tid != self.main_tid}
        threads: list[dict[str, Any]] = [main_figures(self.main_before, self.main_tid)]
        for tid, now in after.items():
            was = self.before.get(tid, (now[0], now[1], now[2], ""))
            threads.append({
                "thread": tids.get(tid, str(tid)),
                "cpu_ms": (now[0] - was[0]) / 1e6, "wait_ms": (now[1] - was[1]) / 1e6,
                "majflt": now[2] - was[2],
            })  # fmt: skip
        threads.sort(key=lambda t: -t["cpu_ms"])
        return {
            "kind": "stall", "start": self.since, "ms": (end - self.since - BEAT) * 1e3,
            "threads": threads, "states": dict(self.states), "samples": self.samples,
            "stacks": self.stacks.most_common(5),
            "others": {n: c.most_common(2) for n, c in self.others.items()},
            "gc": collections.overlapping(self.since, end),
            "watch_late_ms": self.watch_late * 1e3,
            **machine(self.psi_before[0], self.psi_before[1], end),
            "competitors": self.runnable,
        }  # fmt: skip


def _tids() -> list[int]:
    try:
        return [int(name) for name in os.listdir(TASKS)]
    except OSError:
        return []


class LoopWatch:
    def __init__(self, io_loop: Any, target: Path, threshold: float) -> None:
        self.loop = io_loop
        self.threshold = threshold
        self.out = target.open("a", encoding="utf-8")
        self.lock = threading.Lock()
        self.collections = Collections(self.out, self.lock)
        self.beat = time.monotonic()
        #: (last beat before, first beat after) of each stall, from the loop
        self.gaps: deque[tuple[float, float]] = deque()
        self.main_ident = threading.get_ident()
        self.main_tid = threading.get_native_id()

    def start(self) -> None:
        gc.callbacks.append(self.collections)
        self.loop.call_later(BEAT, self._beat)
        threading.Thread(target=self._watch, name="loopwatch", daemon=True).start()

    def _beat(self) -> None:
        now = time.monotonic()
        if now - self.beat > self.threshold + BEAT:
            self.gaps.append((self.beat, now))
        self.beat = now
        self.loop.call_later(BEAT, self._beat)

    def _write(self, record: dict[str, Any]) -> None:
        with self.lock:
            self.out.write(json.dumps(record) + "\n")
            self.out.flush()

    def _watch(self) -> None:
        stall: Stall | None = None
        #: the watchdog's recent looks: (time, the main thread's figures, CPU pressure)
        looks: deque[tuple[float, tuple[int, int, int, str], Counters]] = deque(maxlen=400)
        last = time.monotonic()
        while True:
            time.sleep(BEAT)
            now = time.monotonic()
            # held up: asleep too long, or waiting for the GIL or a CPU anywhere in the loop
            late = now - last - BEAT
            if late > self.threshold:
                self._write({"kind": "watch", "start": last, "ms": late * 1e3})
            looks.append((now, thread_figures(self.main_tid), counters()))
            while self.gaps:
                since, end = self.gaps.popleft()
                if stall is not None and stall.since == since:
                    tids = {t.native_id or 0: t.name for t in threading.enumerate()}
                    self._write(stall.record(end, self.collections, tids))
                    stall = None
                else:  # over before the watchdog looked (it was held up meanwhile)
                    at, main, psi = before(looks, since)
                    self._write({
                        "kind": "stall", "start": since, "ms": (end - since - BEAT) * 1e3,
                        "samples": 0, "gc": self.collections.overlapping(since, end),
                        "watch_late_ms": late * 1e3,
                        "threads": [main_figures(main, self.main_tid)],
                        **machine(psi, at, now),
                    })  # fmt: skip
            beat = self.beat
            if now - beat > self.threshold + BEAT:
                if stall is None or stall.since != beat:
                    at, main, psi = before(looks, beat)
                    stall = Stall(beat, self.main_tid, main, (psi, at))
                names = {t.ident or 0: t.name for t in threading.enumerate()}
                stall.sample(self.main_ident, names, late)
            last = time.monotonic()


def before(
    looks: deque[tuple[float, tuple[int, int, int, str], Counters]], since: float
) -> tuple[float, tuple[int, int, int, str], Counters]:
    """The watchdog's last look at or before ``since`` (else its oldest)."""
    for look in reversed(looks):
        if look[0] <= since:
            return look
    return looks[0]
