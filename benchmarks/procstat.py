"""What Linux's /proc tells of a process or thread while a benchmark runs: time on a CPU and
waiting for one, and major page faults (None where there is no /proc)."""

from __future__ import annotations

from pathlib import Path


def schedstat(pid: int, tid: int | None = None) -> tuple[int, int, int] | None:
    """A thread's (the process's main thread by default) time on a CPU and time waiting for
    one, in ns, and its time slices, from Linux's /proc (None elsewhere)."""
    try:
        text = Path(f"/proc/{pid}/task/{tid or pid}/schedstat").read_text().split()
    except OSError:
        return None
    ran, waited, slices = (int(x) for x in text[:3])
    return ran, waited, slices


def major_faults(pid: int) -> tuple[int, int] | None:
    """Major page faults so far of process ``pid`` (its threads together) and of the machine,
    from Linux's /proc (None elsewhere): a file page dropped while idle and read back from disk
    stalls the thread that touches it."""
    try:
        own = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[9])
        vmstat = Path("/proc/vmstat").read_text().split()
        machine = int(vmstat[vmstat.index("pgmajfault") + 1])
    except (OSError, ValueError, IndexError):
        return None
    return own, machine


def print_waits(
    label: str, before: tuple[int, int, int] | None, after: tuple[int, int, int] | None
) -> None:
    """What a thread did meanwhile: a loop thread that waits much longer for a CPU than any
    other thread of the machine is crowded out by the decode work; one that waits alike is not."""
    if before is None or after is None:
        return
    ran, waited, slices = (b - a for a, b in zip(before, after, strict=True))
    print(
        f"  {label}: on a CPU {ran / 1e6:.0f} ms, waiting for one {waited / 1e6:.0f} ms,"
        f" {waited / 1e6 / max(1, slices):.2f} ms a wait ({slices} time slices)"
    )
