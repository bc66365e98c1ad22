"""Decoded slice planes kept between the levels of a progressive slice (bounded in bytes).

A plane is the full-size picture of one slice, filled chunk by chunk as levels decode them,
with the set of chunks already there. Keys name the file's version (path, size, mtime), so a
changed file is never answered from an old plane; the least recently used planes go first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

import numpy as np

MAX_BYTES = 512 * 1024 * 1024


class Plane:
    def __init__(self, shape: tuple[int, int], dtype: np.dtype) -> None:
        self.values = np.zeros(shape, dtype=dtype)
        self._done: set[tuple[int, int]] = set()
        self._lock = threading.Lock()

    def has(self, block: tuple[int, int]) -> bool:
        with self._lock:
            return block in self._done

    def mark(self, block: tuple[int, int]) -> None:
        with self._lock:
            self._done.add(block)

    @property
    def nbytes(self) -> int:
        return int(self.values.nbytes)


class Planes:
    """At most ``max_bytes`` of planes, least recently used dropped first; thread-safe."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, Plane] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, shape: tuple[int, int], dtype: np.dtype) -> Plane:
        with self._lock:
            plane = self._items.get(key)
            if plane is not None and plane.values.shape == shape:
                self._items.move_to_end(key)
                return plane
            plane = Plane(shape, dtype)
            self._items[key] = plane
            total = sum(p.nbytes for p in self._items.values())
            while total > self.max_bytes and len(self._items) > 1:
                _, dropped = self._items.popitem(last=False)
                total -= dropped.nbytes
            return plane

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


planes = Planes()
