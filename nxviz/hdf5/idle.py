"""Work a request leaves for when its process is idle (e.g. memory to prepare for the next one).

The server's worker process answers one request at a time. Work that only readies a later
request (the XRF cache's spare buffer, :mod:`nxviz.xrf.chunks`) must not compete with the
answer it follows nor with the next request: the worker runs it once its answer is sent and no
task has come for :data:`IDLE_AFTER` seconds, and the work stops early when a task comes
meanwhile (it is asked ``busy()`` between its steps). Outside a worker (the command line, a
notebook) nothing runs it: :func:`defer` says so and the caller does the work its own way.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

#: seconds without a task before the deferred work starts
IDLE_AFTER = 0.05

#: ``work(busy)``: ``busy()`` tells that a task is waiting (the work should stop soon)
Work = Callable[[Callable[[], bool]], None]

_pending: deque[Work] = deque()
_served = False


def serve() -> None:
    """This process runs deferred work between its tasks (the worker's loop calls :func:`run`)."""
    global _served
    _served = True


def defer(work: Work) -> bool:
    """Leave ``work`` for when the process is idle; False (nothing kept) outside a worker."""
    if not _served:
        return False
    _pending.append(work)
    return True


def pending() -> int:
    return len(_pending)


def run(quiet: Callable[[float], bool]) -> None:
    """Run the deferred work, oldest first, while the process stays idle: ``quiet(seconds)``
    waits at most that long and tells whether no task came. A failing work is dropped (it only
    readies later requests, which do without it)."""
    while _pending and quiet(IDLE_AFTER):
        work = _pending.popleft()
        try:
            work(lambda: not quiet(0))
        except Exception:  # noqa: BLE001, S112 (optional work: the next request does without)
            continue
