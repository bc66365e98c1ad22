"""The large volume of ``benchmarks/volumes.py`` and its pyramid, kept in a folder between runs.

Writing a 2048³ volume takes a minute and building its pyramid many (longer on a busy machine):
``--workdir DIR`` keeps both in ``DIR`` (the volume ``big_N.nxs``, the pyramid cache ``cache/``
and ``big_N.json``, what the writing and the build cost when they were done), so a later run
only measures slices. Each is made again only when missing; the pyramid cache drops a pyramid
whose volume changed. The folder is the benchmark's own: keep it outside any repository.

Also the CPU time of a server and its processes (workers, pyramid builders), from ``/proc``:
on a shared machine the CPU a request costs varies much less than its wall time.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def record_path(folder: Path, size: int) -> Path:
    return folder / f"big_{size}.json"


def read_record(folder: Path, size: int) -> dict[str, Any]:
    try:
        value = json.loads(record_path(folder, size).read_text())
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def write_record(folder: Path, size: int, record: dict[str, Any]) -> None:
    temporary = record_path(folder, size).with_suffix(".tmp")
    temporary.write_text(json.dumps(record, indent=1))
    os.replace(temporary, record_path(folder, size))


def when(seconds: float | None) -> str:
    if not seconds:
        return "an unknown time"
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(seconds))


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds of the process and its waited-for children) from /proc."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    # after the name: state, ppid, …; utime, stime, cutime, cstime are fields 14-17 of the line
    ppid = int(fields[1])
    ticks = sum(int(n) for n in fields[11:15])
    return ppid, ticks / TICK


def tree_cpu(root: int) -> float:
    """CPU seconds used by ``root`` and every live process under it (user + system), with
    the children they have already waited for. Linux only (0 elsewhere)."""
    if not Path("/proc").is_dir():
        return 0.0
    found: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            got = _stat(int(entry.name))
            if got is not None:
                found[int(entry.name)] = got
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in found.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        if pid in found:
            total += found[pid][1]
        stack.extend(children.get(pid, []))
    return total
