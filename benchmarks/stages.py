"""Where a request's time goes, stage by stage, in the Jupyter server and its workers.

``xrf.py --stages`` starts the server with :func:`install` run in every Python process it
starts (a ``sitecustomize`` on ``PYTHONPATH``, written by :func:`sitecustomize_dir`): when the
modules below are imported, their functions are wrapped to append a line at entry and exit to
the file named by ``NXVIZ_BENCH_STAGES``: the monotonic clock (ns, one clock for every process),
the thread's CPU time (ns), the process, the thread and the stage. The benchmark marks its own
requests in the same file (:func:`mark`), and :func:`report` prints, per kind of request, the
median wall and CPU time of each stage. A benchmark tool: nothing in nxviz knows of it, and a
function renamed there is simply not traced.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.machinery
import os
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

VARIABLE = "NXVIZ_BENCH_STAGES"
#: set (to anything) to count the Python calls each traced process makes (``sys.setprofile``:
#: slows Python code down, so the times of such a run say less; the counts say whether a stage
#: did more work or the same work more slowly)
CALLS = "NXVIZ_BENCH_CALLS"
_calls = [0]


def _count(frame: Any, event: str, arg: Any) -> None:
    _calls[0] += 1


#: module -> (attribute path, stage): each wrapped to mark "stage>" and "stage<"
TRACED: dict[str, list[tuple[str, str]]] = {
    "nxviz.server.base": [
        ("NxvizHandler.prepare", "j.prepare"),
        ("NxvizHandler.send_body", "j.send_body"),
    ],
    "nxviz.server.workers": [("WorkerPool.run", "j.pool")],
    "nxviz.server.slots": [("Slot.exchange", "j.exchange"), ("Slot._receive", "j.receive")],
    "nxviz.server.worker": [("execute", "w.execute"), ("_lifted", "w.lift")],
    "nxviz.xrf.work": [("_cube_info", "x.describe"), ("cube_at", "x.lookup")],
    "nxviz.xrf.reduce": [("cached_read", "x.cached_read")],
    "nxviz.xrf.chunks": [
        ("_read_raw", "x.read_raw"),
        ("inflate_into", "x.inflate"),
        ("Decoded.box", "x.extract"),
        ("_touched", "x.spare"),
    ],
}

#: (stage, from, to): from one mark to another (the exchange with a worker runs on the loop)
STAGES = [
    ("client to handler", "c>", "j.prepare>"),
    ("handler: prepare (auth, arguments)", "j.prepare>", "j.prepare<"),
    ("handler to pool", "j.prepare<", "j.pool>"),
    ("pool to the exchange with a worker", "j.pool>", "j.exchange>"),
    ("task sent, down the pipe to the worker", "j.exchange>", "w.execute>"),
    ("worker: open, describe (kept)", "w.execute>", "x.lookup>"),
    ("worker: dataset look-up", "x.lookup>", "x.lookup<"),
    ("worker: read_direct_chunk", "x.read_raw>", "x.read_raw<"),
    ("worker: inflate", "x.inflate>", "x.inflate<"),
    ("worker: extract the pixel", "x.extract>", "x.extract<"),
    ("worker: answer into shared memory", "x.extract<", "w.lift<"),
    ("hand-over: pipe back to the loop", "w.lift<", "j.receive>"),
    ("reply read (on the loop when whole)", "j.receive>", "j.receive<"),
    ("reply to the handler", "j.receive<", "j.pool<"),
    ("handler: reply written", "j.pool<", "j.send_body<"),
    ("reply to client", "j.send_body<", "c<"),
    ("Jupyter: from prepare to reply written", "j.prepare>", "j.send_body<"),
    ("the whole request", "c>", "c<"),
]

_files: dict[int, int] = {}

#: a mark as read back: wall ns, thread CPU ns, process, thread, label, Python calls so far
Event = tuple[int, int, int, str, str, int]


def mark(label: str) -> None:
    path = os.environ.get(VARIABLE)
    if not path:
        return
    pid = os.getpid()
    fd = _files.get(pid)
    if fd is None:
        fd = _files[pid] = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    line = f"{time.monotonic_ns()} {time.thread_time_ns()} {pid} {_calls[0]} "
    os.write(fd, f"{line}{threading.current_thread().name} {label}\n".encode())


def _wrapped(fn: Callable[..., Any], stage: str) -> Callable[..., Any]:
    if getattr(fn, "_stage", None):
        return fn
    if _is_coroutine(fn):

        async def waiting(*args: Any, **kwargs: Any) -> Any:
            mark(stage + ">")
            try:
                return await fn(*args, **kwargs)
            finally:
                mark(stage + "<")

        inner: Callable[..., Any] = waiting
    else:

        def inner(*args: Any, **kwargs: Any) -> Any:
            mark(stage + ">")
            try:
                return fn(*args, **kwargs)
            finally:
                mark(stage + "<")

    functools.update_wrapper(inner, fn)
    inner._stage = stage  # type: ignore[attr-defined]
    return inner


def _is_coroutine(fn: Any) -> bool:
    import inspect

    return inspect.iscoroutinefunction(fn)


def _patch(module: ModuleType) -> None:
    for dotted, stage in TRACED.get(module.__name__, []):
        owner: Any = module
        *parents, name = dotted.split(".")
        for parent in parents:
            owner = getattr(owner, parent, None)
        fn = getattr(owner, name, None) if owner is not None else None
        if callable(fn):
            setattr(owner, name, _wrapped(fn, stage))


class _Finder(importlib.abc.MetaPathFinder):
    """Patches a traced module once it is executed."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name not in TRACED:
            return None
        for finder in sys.meta_path:
            if finder is self:
                continue
            spec = getattr(finder, "find_spec", lambda *a: None)(name, path, target)
            if spec is not None and spec.loader is not None:
                run = spec.loader.exec_module

                def exec_module(module: ModuleType, run: Any = run) -> None:
                    run(module)
                    _patch(module)

                spec.loader.exec_module = exec_module
                return spec
        return None


def install() -> None:
    """Trace this process (when ``NXVIZ_BENCH_STAGES`` names the file)."""
    if not os.environ.get(VARIABLE):
        return
    for name in TRACED:
        if name in sys.modules:
            _patch(sys.modules[name])
    sys.meta_path.insert(0, _Finder())
    if os.environ.get(CALLS):
        sys.setprofile(_count)
        threading.setprofile(_count)


def sitecustomize_dir(folder: Path) -> Path:
    """A folder holding a ``sitecustomize`` that runs :func:`install` (for ``PYTHONPATH``)."""
    folder.mkdir(parents=True, exist_ok=True)
    code = "import benchmarks.stages\nbenchmarks.stages.install()\n"
    (folder / "sitecustomize.py").write_text(code)
    return folder


def report(path: Path, kinds: dict[str, str]) -> None:
    """The median wall and CPU (the thread's, when a stage starts and ends on one thread) of
    every stage of the requests the benchmark marked ``c> kind`` ... ``c< kind``."""
    events = []
    for line in path.read_text().splitlines():
        wall, cpu, pid, calls, thread, label = line.split(" ", 5)
        events.append((int(wall), int(cpu), int(pid), thread, label, int(calls)))
    events.sort()
    found: dict[str, dict[str, list[tuple[float, float, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for k, event in enumerate(events):
        if not event[4].startswith("c> "):
            continue
        kind = event[4][3:]
        end = next((j for j in range(k, len(events)) if events[j][4] == f"c< {kind}"), None)
        if end is None:
            continue
        segment = events[k : end + 1]
        # the server's marks from this request's on (the last answer's may come after "c>")
        base = _first(segment, "j.prepare>", 0)
        for stage, start, stop in STAGES:
            a = _first(segment, start, 0 if start == "c>" or base is None else base)
            b = None if a is None else _first(segment, stop, a)
            if a is None or b is None:
                continue
            same = segment[a][2:4] == segment[b][2:4]
            one_thread = same and not start.startswith("c")  # not the client
            cpu = (segment[b][1] - segment[a][1]) / 1e6 if one_thread else np.nan
            one_process = segment[a][2] == segment[b][2] and not start.startswith("c")
            calls = segment[b][5] - segment[a][5] if one_process else np.nan
            found[kind][stage].append(((segment[b][0] - segment[a][0]) / 1e6, cpu, calls))
    for kind, label in kinds.items():
        stages = found.get(kind)
        if not stages:
            continue
        count = len(stages["the whole request"])
        counted = any(value[2] > 0 for values in stages.values() for value in values)
        calls_title = ", Python calls in the process" if counted else ""
        print(f"  {label} (n={count}): median wall ms, thread CPU ms (when on one thread)"
              f"{calls_title}")  # fmt: skip
        for stage, *_ in STAGES:
            values = np.array(stages.get(stage, []))
            if not len(values):
                continue
            cpu = values[:, 1]
            cpu_text = f"{np.nanmedian(cpu):6.2f}" if not np.all(np.isnan(cpu)) else "     –"
            calls = values[:, 2]
            calls_text = ""
            if counted and not np.all(np.isnan(calls)):
                low, high = np.nanmin(calls), np.nanmax(calls)
                calls_text = f"  calls {np.nanmedian(calls):.0f} ({low:.0f}–{high:.0f})"
            walls = values[:, 0]
            print(f"    {stage:<38} {np.median(walls):7.2f}  {cpu_text}  "
                  f"(wall {min(walls):.1f}–{max(walls):.1f}){calls_text}")  # fmt: skip


def _first(segment: list[Event], label: str, since: int) -> int | None:
    """The index of the first ``label`` mark from ``since`` on."""
    for index in range(since, len(segment)):
        if segment[index][4].split(" ", 1)[0] == label:
            return index
    return None
