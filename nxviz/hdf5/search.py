"""Search a file's entities by name, breadth-first, without reading any data.

Links are listed a chunk at a time with ``H5Literate`` (name and link info only), so h5py's
global lock is released between chunks and other requests on the same file interleave. Soft
and external links are reported as links and never followed; a group reached again through
another hard link is matched by name but not walked twice (so hard-link cycles end). The walk
stops at ``limit`` results, ``max_visits`` links or ``max_seconds``; the answer says which. It
stops between groups (and every 1024 links) once its client has left (:mod:`nxviz.hdf5.limits`).

Matching is a case-insensitive substring of the link name, or of the whole path when the query
contains a ``/``. A query starting with ``NX`` also matches groups by their ``NX_class``.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

import h5py

from nxviz.errors import UsageError
from nxviz.hdf5.limits import checkpoint
from nxviz.hdf5.meta import nx_class_of

DEFAULT_LIMIT = 200
MAX_LIMIT = 1000
MAX_VISITS = 500_000
MAX_SECONDS = 2.0
MAX_QUERY = 200

Hit = dict[str, Any]

_KINDS = {
    h5py.h5o.TYPE_GROUP: "group",
    h5py.h5o.TYPE_DATASET: "dataset",
    h5py.h5o.TYPE_NAMED_DATATYPE: "datatype",
}


def search(
    h5file: h5py.File,
    query: str,
    *,
    limit: int = DEFAULT_LIMIT,
    max_visits: int = MAX_VISITS,
    max_seconds: float = MAX_SECONDS,
) -> dict[str, Any]:
    """``{"query", "results", "truncated", "reason", "visited"}`` for ``query`` in ``h5file``.

    ``results`` are ``{"path", "name", "type"}`` plus ``nx_class`` for groups that have one and
    ``target_path`` / ``target_file`` for links. ``truncated`` is true when the walk stopped
    early; ``reason`` is then ``"limit"`` (more than ``limit`` matches), ``"visits"`` or
    ``"time"``. ``visited`` counts the links looked at.
    """
    needle = query.strip()
    if not needle:
        raise UsageError("the search query is empty")
    if len(needle) > MAX_QUERY:
        raise UsageError(f"the search query is longer than {MAX_QUERY} characters")
    if not 1 <= limit <= MAX_LIMIT:
        raise UsageError(f"'limit' must be between 1 and {MAX_LIMIT}")
    walk = _Walk(h5file, needle, limit, max_visits, time.monotonic() + max_seconds)
    reason = walk.run()
    return {
        "query": needle,
        "results": walk.results,
        "truncated": reason is not None,
        "reason": reason,
        "visited": walk.visited,
    }


class _Walk:
    def __init__(
        self, h5file: h5py.File, needle: str, limit: int, max_visits: int, deadline: float
    ) -> None:
        self.file_id = h5file.id
        self.needle = needle.lower()
        self.on_path = "/" in needle
        self.by_class = needle.startswith("NX")
        self.limit = limit
        self.max_visits = max_visits
        self.deadline = deadline
        self.results: list[Hit] = []
        self.visited = 0
        self.kinds: dict[int, int] = {}  # object address -> h5o type (shared targets)
        self.seen: set[int] = {h5py.h5o.get_info(h5file.id).addr}

    def run(self) -> str | None:
        queue: deque[bytes] = deque([b"/"])
        while queue:
            if self.visited >= self.max_visits:
                return "visits"
            if time.monotonic() > self.deadline:
                return "time"
            checkpoint()  # the client may have left: stop between groups
            here = queue.popleft()
            try:
                gid = h5py.h5o.open(self.file_id, here)
            except (KeyError, OSError):
                continue
            links, late = _links(gid, self.max_visits - self.visited, self.deadline)
            for raw, link_type, addr in links:
                self.visited += 1
                stop = self.visit(gid, here, raw, link_type, addr, queue)
                if stop is not None:
                    return stop
                if self.visited % 1024 == 0:
                    checkpoint()
                    if time.monotonic() > self.deadline:
                        return "time"
            if late:
                return "time"
            if self.visited >= self.max_visits and len(links) < _count(gid):
                return "visits"
        return None

    def visit(
        self, gid: Any, here: bytes, raw: bytes, link_type: int, addr: int, queue: deque[bytes]
    ) -> str | None:
        name = raw.decode("utf-8", "surrogateescape")
        path_raw = here.rstrip(b"/") + b"/" + raw
        path = path_raw.decode("utf-8", "surrogateescape")
        named = self.needle in (path if self.on_path else name).lower()
        hit: Hit | None = None
        if link_type == h5py.h5l.TYPE_HARD:
            kind = self._kind(gid, raw, addr)
            if kind == h5py.h5o.TYPE_GROUP:
                nx_class = self._nx_class(gid, raw) if named or self.by_class else None
                if named or (nx_class is not None and self.needle in nx_class.lower()):
                    hit = {"path": path, "name": name, "type": "group"}
                    if nx_class is not None:
                        hit["nx_class"] = nx_class
                if addr not in self.seen:
                    self.seen.add(addr)
                    queue.append(path_raw)
            elif named:
                hit = {"path": path, "name": name, "type": _KINDS.get(kind, "other")}
        elif named:
            hit = _link_hit(gid, raw, link_type, path, name)
        if hit is None:
            return None
        if len(self.results) >= self.limit:
            return "limit"
        self.results.append(hit)
        return None

    def _kind(self, gid: Any, raw: bytes, addr: int) -> int:
        kind = self.kinds.get(addr)
        if kind is None:
            try:
                kind = int(h5py.h5o.get_info(gid, raw).type)
            except (KeyError, OSError):
                kind = -1
            self.kinds[addr] = kind
        return kind

    @staticmethod
    def _nx_class(gid: Any, raw: bytes) -> str | None:
        try:
            return nx_class_of(h5py.Group(h5py.h5o.open(gid, raw)))
        except (KeyError, OSError):
            return None


def _links(gid: Any, budget: int, deadline: float) -> tuple[list[tuple[bytes, int, int]], bool]:
    """A group's (name, link type, hard link address), at most ``budget`` of them, listed in one
    H5Literate call (restarting at an index costs a walk to it); whether the time ran out."""
    links: list[tuple[bytes, int, int]] = []
    late = False

    def collect(raw: bytes, info: Any) -> bool | None:
        nonlocal late
        # h5py reuses the info object: copy its fields now
        hard = info.type == h5py.h5l.TYPE_HARD
        links.append((raw, int(info.type), int(info.u) if hard else 0))
        if len(links) >= budget:
            return True
        if len(links) % 1024 == 0 and time.monotonic() > deadline:
            late = True
            return True
        return None

    try:
        gid.links.iterate(collect, info=True, idx_type=h5py.h5.INDEX_NAME)
    except (KeyError, OSError, RuntimeError):
        pass  # a damaged group: what was listed before the damage
    return links, late


def _count(gid: Any) -> int:
    try:
        return int(gid.get_num_objs())
    except (KeyError, OSError):
        return 0


def _link_hit(gid: Any, raw: bytes, link_type: int, path: str, name: str) -> Hit:
    hit: Hit = {"path": path, "name": name, "type": "other"}
    try:
        value = gid.links.get_val(raw)
    except (KeyError, OSError):
        return hit
    if link_type == h5py.h5l.TYPE_SOFT and isinstance(value, bytes):
        hit.update(type="soft_link", target_path=value.decode("utf-8", "surrogateescape"))
    elif link_type == h5py.h5l.TYPE_EXTERNAL and isinstance(value, tuple):
        target_file, target_path = value
        hit.update(
            type="external_link",
            target_file=target_file.decode("utf-8", "surrogateescape"),
            target_path=target_path.decode("utf-8", "surrogateescape"),
        )
    return hit
