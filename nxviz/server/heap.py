"""Long-lived objects set aside from the garbage collector's full passes (``gc.freeze``).

Now and then CPython's cyclic collector makes a full pass over every object it tracks: once
enough new objects have outlived the younger collections (seconds after start, when JupyterLab's
page loads, now and then over a long session; not once in 12 minutes of ``serve.py``). In
Jupyter with JupyterLab that is about 220,000 objects, made at start and alive as long as the
server (modules, classes, functions, traitlets): one pass took 160-190 ms of CPU on a loaded
2-core machine, on whichever thread allocated last and with the GIL held, so the event loop
answers nothing meanwhile. :func:`settle` moves every object alive to the permanent generation,
which later passes skip; objects made later are collected as before, and an object set aside is
still freed when nothing refers to it (only a cycle among them would stay). In the Jupyter process
it collects only the young generations first: a full collection there is the very pause this
avoids, and the cycles a full pass would have freed are the few made while Jupyter started.

The Jupyter process settles a few seconds after it starts and once more after nxviz's first
request (by then JupyterLab's page has loaded what it keeps); the worker processes' fork server
settles after its preload, so each worker starts with h5py's, numpy's and nxviz's objects set
aside. This module imports only :mod:`gc` (the fork server loads it).
"""

from __future__ import annotations

import gc
from typing import Any


def settle(full: bool = True) -> None:
    """Collect (every generation when ``full``, else the young ones), then set every object alive
    aside. (Not ``gc.get_freeze_count()`` here: it walks every object set aside, ~100 ms in the
    Jupyter process.)"""
    gc.collect(2 if full else 1)
    gc.freeze()


class Settler:
    """When the Jupyter process settles: ``delay`` seconds after it starts, and as long again
    after nxviz's first request (a negative ``delay``: never)."""

    def __init__(self, loop: Any, delay: float) -> None:
        self._loop = loop
        self.delay = delay
        #: times this process settled (tests and the log read it)
        self.times = 0
        self._asked = False
        if delay >= 0:
            loop.call_later(delay, self._settle)

    def first_request(self) -> None:
        """Called at each nxviz request; the first schedules the second settling."""
        if self._asked or self.delay < 0:
            return
        self._asked = True
        self._loop.call_later(self.delay, self._settle)

    def _settle(self) -> None:
        settle(full=False)
        self.times += 1
