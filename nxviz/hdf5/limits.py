"""What one request may cost: memory held, bytes decoded, JSON answered; and its cancellation.

The server's worker process opens a :func:`scope` around each request. Code that reads calls
:func:`claim` with its estimate *before* reading (from shapes, dtypes and the chunks a read
touches, :func:`decoded_bytes`), and walks call :func:`checkpoint` between objects and chunks.
Outside a scope (the command line, a notebook) nothing is limited and nothing is cancelled.

``claim`` raises :class:`~nxviz.errors.TooLargeError` past the request's limits. A request
started in the light lane that would hold more than ``heavy_bytes`` asks the server to become
heavy where it runs (the scope's ``promote``): the heavy requests share a memory budget and never
take the last worker (so small requests never wait behind huge ones). When the heavy lane has no
room now, ``claim`` raises :class:`NeedsHeavyLane` and the server queues the request again among
the heavy ones. A claim is made before any bulk read, so starting again costs little.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from nxviz.errors import RequestCancelledError, TooLargeError

if TYPE_CHECKING:
    import h5py

MiB = 1 << 20


class Flag(Protocol):
    """A shared value the server sets when the request's client has gone (ctypes-like)."""

    value: int


@dataclass(frozen=True)
class Limits:
    max_memory: int = 1 << 30  # bytes one request may hold at once
    max_decode: int = 16 << 30  # bytes one request may read and decompress in all
    max_json: int = 16 * MiB  # bytes of one JSON answer carrying values
    heavy_bytes: int = 64 * MiB  # above this a request runs in the heavy lane


class NeedsHeavyLane(Exception):
    """The request holds ``held`` bytes: run it again in the heavy lane."""

    def __init__(self, held: int) -> None:
        super().__init__(held)
        self.held = held


@dataclass
class _Scope:
    limits: Limits
    heavy: bool
    cancel: Flag | None
    promote: Callable[[int], bool] | None = None
    decoded: int = 0
    held: int = 0
    checkpoints: int = 0
    notes: dict[str, Any] = field(default_factory=dict)


_current: _Scope | None = None


@contextmanager
def scope(
    limits: Limits,
    *,
    heavy: bool = False,
    cancel: Flag | None = None,
    promote: Callable[[int], bool] | None = None,
) -> Iterator[_Scope]:
    """Limits and a cancel flag for the request run inside (one request at a time a process);
    ``promote(held)`` asks the server whether a light request may go on in the heavy lane."""
    global _current
    previous, _current = _current, _Scope(limits, heavy, cancel, promote)
    try:
        yield _current
    finally:
        _current = previous


class ClientGone:
    """A cancel flag for code that asks ``is_set()`` (e.g. threads decoding chunks): true once
    the running request's client has gone. Stateless, so it crosses to a worker process."""

    def is_set(self) -> bool:
        current = _current
        return current is not None and current.cancel is not None and bool(current.cancel.value)


def checkpoint() -> None:
    """Raise :class:`RequestCancelledError` if the request's client has gone."""
    current = _current
    if current is None:
        return
    current.checkpoints += 1
    if current.cancel is not None and current.cancel.value:
        raise RequestCancelledError("the client has gone")


def claim(decoded: int, held: int, *, what: str, hint: str) -> None:
    """Account a read before doing it: ``decoded`` bytes read and decompressed, ``held`` bytes
    in memory at once. ``what`` names the read and ``hint`` says how to ask for less."""
    current = _current
    if current is None:
        return
    checkpoint()
    limits = current.limits
    if held > limits.max_memory:
        raise TooLargeError(
            f"{what} would hold {_size(held)} in memory, the limit is "
            f"{_size(limits.max_memory)}: {hint}"
        )
    if current.decoded + decoded > limits.max_decode:
        raise TooLargeError(
            f"{what} would decode {_size(current.decoded + decoded)}, the limit is "
            f"{_size(limits.max_decode)}: {hint}"
        )
    if held > limits.heavy_bytes and not current.heavy:
        if current.promote is None or not current.promote(held):
            raise NeedsHeavyLane(held)
        current.heavy = True  # the server counts it among the heavy requests from now on
    current.decoded += decoded
    current.held = max(current.held, held)


def memory_limit() -> int | None:
    """The bytes one request may hold at once (None outside a request scope)."""
    return _current.limits.max_memory if _current is not None else None


def json_limit() -> int | None:
    """The largest JSON answer carrying values (None outside a request scope)."""
    return _current.limits.max_json if _current is not None else None


def check_json(nbytes: int, *, what: str, hint: str) -> None:
    limit = json_limit()
    if limit is not None and nbytes > limit:
        raise TooLargeError(
            f"{what} is {_size(nbytes)} of JSON, the limit is {_size(limit)}: {hint}"
        )


#: children of one group looked at when searching it for a class (NXentry, NXdetector, ...)
MAX_CHILDREN = 10_000
#: objects one walk of a file (``nexus``) looks at, and for how long
MAX_OBJECTS = 100_000
MAX_SECONDS = 10.0


@dataclass
class WalkBudget:
    """How many objects, and until when, one :func:`describe_file` may look at."""

    objects: int = MAX_OBJECTS
    deadline: float = field(default_factory=lambda: time.monotonic() + MAX_SECONDS)
    visited: int = 0
    reason: str | None = None  # "objects", "time" or "children" once a limit was reached

    def spend(self) -> bool:
        """Count one object; False (and the reason kept) once a limit is reached."""
        if self.visited >= self.objects:
            self.reason = self.reason or "objects"
            return False
        if self.visited % 64 == 0 and time.monotonic() > self.deadline:
            self.reason = self.reason or "time"
            return False
        self.visited += 1
        return True


walk_budget: ContextVar[WalkBudget | None] = ContextVar("nxviz_nexus_walk", default=None)


def child_names(group: h5py.Group, limit: int = MAX_CHILDREN) -> list[str]:
    """The names of a group's first ``limit`` links (name order), listed without walking the
    rest: a group of a million children costs what its first page costs. A longer group is
    reported to the walk under way (reason ``children``)."""
    import h5py

    names: list[str] = []

    def collect(raw: bytes) -> bool | None:
        names.append(raw.decode("utf-8", "surrogateescape"))
        return True if len(names) > limit else None

    try:
        group.id.links.iterate(collect, idx_type=h5py.h5.INDEX_NAME)
    except (KeyError, OSError, RuntimeError, SystemError):
        pass  # a damaged group: what was listed before the damage
    if len(names) > limit:
        budget = walk_budget.get()
        if budget is not None:
            budget.reason = budget.reason or "children"
        del names[limit:]
    return names


def _size(nbytes: int) -> str:
    if nbytes >= MiB:
        return f"{nbytes / MiB:.4g} MiB"
    return f"{nbytes} bytes"


def chunk_bytes(dataset: h5py.Dataset) -> int:
    """Bytes of one decoded chunk (0 when the dataset is not chunked)."""
    if dataset.chunks is None:
        return 0
    return int(math.prod(list(dataset.chunks))) * max(1, int(dataset.dtype.itemsize))


def decoded_bytes(dataset: h5py.Dataset, members: tuple[int | slice, ...]) -> int:
    """Bytes HDF5 reads and decompresses for ``dataset[members]``: every chunk the selection
    touches, whole; the selection itself for contiguous and compact layouts."""
    shape = tuple(int(n) for n in (dataset.shape or ()))
    itemsize = max(1, int(dataset.dtype.itemsize))
    spans = [_span(m, n) for m, n in zip(members, shape, strict=False)]
    full = list(spans) + [(0, n, 1, n) for n in shape[len(spans) :]]
    if dataset.chunks is None:
        return int(math.prod([count for *_, count in full])) * itemsize
    total = 1
    for (start, stop, step, count), size in zip(full, dataset.chunks, strict=True):
        if count == 0:
            return 0
        if step >= size:  # every element in its own chunk (at most)
            touched = count
        else:
            touched = (stop - 1) // size - start // size + 1
        total *= touched
    return total * chunk_bytes(dataset)


def _span(member: int | slice, length: int) -> tuple[int, int, int, int]:
    """(first, last + 1, step, count) of one member."""
    if isinstance(member, slice):
        indices = range(*member.indices(length))
        if len(indices) == 0:
            return (0, 0, 1, 0)
        return (indices[0], indices[-1] + 1, indices.step, len(indices))
    return (int(member), int(member) + 1, 1, 1)


def nbytes_of(value: Any) -> int:
    """Memory a decoded value holds (strings and bytes counted by their length)."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "O":
            return int(value.nbytes) + sum(nbytes_of(v) for v in value.reshape(-1))
        return int(value.nbytes)
    if isinstance(value, (bytes, str)):
        return len(value)
    return 8
