"""What ``benchmarks/loopwatch.py`` saw in the Jupyter process, summed up by the benchmark:
the stalls of the event loop (and the garbage collections) in a time window, and for each slow
``/api/status`` probe the stall it met, if any. Times are ``time.monotonic()``, the machine's
clock, shared by both processes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any


def read(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [json.loads(line) for line in lines if line.strip()]


def describe(stall: dict[str, Any]) -> str:
    """One stall in a line or three: what the main thread did, who else ran, the collections."""
    text = f"{stall['ms']:.1f} ms"
    threads = stall.get("threads")
    if threads:
        main = next((t for t in threads if t["thread"] == "main"), None)
        if main is not None:
            text += (
                f": main thread on a CPU {main['cpu_ms']:.1f} ms, waiting for one"
                f" {main['wait_ms']:.1f} ms, {main['majflt']} major faults"
            )
        if stall.get("samples", 0) == 0:
            text += " (from the watchdog's looks before and after)"
        busy = [
            f"{t['thread']} {t['cpu_ms']:.0f} ms"
            for t in threads
            if t["thread"] != "main" and t["cpu_ms"] >= 1
        ]
        if busy:
            text += f"; other threads on a CPU: {', '.join(busy)}"
        if stall.get("states"):
            text += f"; main thread's states sampled {stall['states']}"
    if not stall.get("samples"):
        text += "; over before the watchdog could sample it"
    text += f"; watchdog woke up to {stall.get('watch_late_ms', 0):.0f} ms late"
    if "cpu_pressure" in stall:
        text += (
            f"; the machine: some task waiting for a CPU {stall['cpu_pressure']:.0%} of the time"
            " (roughly: the kernel folds it in lazily),"
            f" {stall['runnable']} runnable, {stall.get('steal_ms', 0):.0f} ms stolen by the host"
        )
    collections = stall.get("gc") or []
    if collections:
        long = [c for c in collections if c["ms"] >= 1]
        text += f"; collections: {len(collections)}, {sum(c['ms'] for c in collections):.1f} ms"
        text += "".join(f", gen {c['generation']} {c['ms']:.1f} ms on {c['thread']}" for c in long)
    if stall.get("competitors"):
        text += "\n      runnable then: " + ", ".join(f"{n} ×{c}" for n, c in stall["competitors"])
    for stack, count in stall.get("stacks", [])[:2]:
        text += f"\n      main ×{count}: {stack}"
    for name, stacks in (stall.get("others") or {}).items():
        if stacks and name != "loopwatch":
            stack, count = stacks[0]
            text += f"\n      {name} ×{count}: {stack}"
    return text


def kind(stall: dict[str, Any]) -> str:
    """What the main thread mostly did during a stall, by its figures from /proc: waited for a
    CPU (runnable, not running), ran (Python or C code on the loop), lost its CPU to the host
    (time the hypervisor ran something else, steal, counts as neither), or slept (on the GIL or
    a system call); a collection over 5 ms or a major fault meanwhile comes first."""
    main = next((t for t in stall.get("threads") or [] if t["thread"] == "main"), None)
    if any(c["ms"] >= 5 for c in stall.get("gc") or []):
        return "a garbage collection"
    if main is None:
        return "unknown"
    if main["majflt"]:
        return "page faults"
    if main["wait_ms"] >= stall["ms"] / 2:
        return "waiting for a CPU"
    if main["cpu_ms"] >= stall["ms"] / 2:
        return "running"
    if main["cpu_ms"] + main["wait_ms"] + stall.get("steal_ms", 0) >= stall["ms"] / 2:
        return "the host's steal with a CPU wait"  # the kernel counts stolen time in neither
    return "asleep (the GIL, a system call)"


def summarise(
    path: Path, start: float, end: float, probes: list[tuple[float, float]], slowest: int = 3
) -> None:
    """Print the stalls and collections in [start, end] and, for the ``slowest`` probes (their
    start and latency), the stall each met."""
    records = read(path)
    stalls = [r for r in records if r["kind"] == "stall" and start <= r["start"] <= end]
    collections = [r for r in records if r["kind"] == "gc" and start <= r["start"] <= end]
    everywhere = [r for r in records if r["kind"] == "stall"]
    all_gcs = [r for r in records if r["kind"] == "gc"]
    durations = ", ".join(f"{s['ms']:.0f}" for s in sorted(stalls, key=lambda s: -s["ms"]))
    gcs = ", ".join(f"gen {c['generation']} {c['ms']:.0f} ms" for c in collections)
    print(
        f"  event loop stalls over the threshold (benchmarks/loopwatch.py): {len(stalls)} in this"
        f" phase ({durations or '-'} ms), {len(everywhere)} in the whole run; collections over"
        f" 5 ms in this phase: {gcs or 'none'}; in the whole run (start-up included)"
        f" {len(all_gcs)}, longest {max((c['ms'] for c in all_gcs), default=0):.0f} ms"
    )
    if stalls:
        kinds = Counter(kind(stall) for stall in stalls)
        print("    the main thread in them: " + ", ".join(f"{k} ×{n}" for k, n in kinds.items()))
    for stall in sorted(stalls, key=lambda s: -s["ms"])[:slowest]:
        print(f"    at +{stall['start'] - start:.2f} s: {describe(stall)}")
    for at, latency in sorted(probes, key=lambda p: -p[1])[:slowest]:
        met = [s for s in stalls if s["start"] < at + latency and s["start"] + s["ms"] / 1e3 > at]
        what = (
            "; ".join(f"a loop stall of {s['ms']:.0f} ms" for s in met)
            if met
            else "no loop stall over the threshold (the time went outside the loop)"
        )
        print(f"    probe at +{at - start:.2f} s took {latency * 1e3:.1f} ms: {what}")
