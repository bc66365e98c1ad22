"""What the walk (:mod:`~nxviz.validation.walker`) holds between HDF5 calls: its open groups,
the compiled reader's entries (a run of a group's members, ``_h5group.c``), and the links
h5py reads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nxviz.validation import h5fast, h5lib
from nxviz.validation.h5fast import ERRORS
from nxviz.validation.walk import LinkInfo

#: links whose objects the compiled reader reads in one call
RUN = 256
#: the kinds of the compiled reader's entries (_h5group.c)
SLOW_ENTRY, ALIAS_ENTRY, GROUP_ENTRY, DATASET_ENTRY = 0, 1, 2, 3


class Handle:
    """A group open during the walk: HDF5's id, and h5py's object for it once h5py reads it
    (h5py then owns, and closes, the id)."""

    __slots__ = ("hid", "h5")

    def __init__(self, hid: int, h5: Any = None) -> None:
        self.hid = hid
        self.h5 = h5

    def h5py(self) -> Any:
        if self.h5 is None:
            import h5py

            self.h5 = h5py.h5g.GroupID(self.hid)
        return self.h5

    def close(self, fast: h5fast.Reader | None) -> None:
        if self.h5 is None and fast is not None:
            with h5lib.lock():
                fast.close(self.hid)
            self.hid = -1


def close_entries(fast: h5fast.Reader | None, entries: list[tuple[Any, ...]]) -> None:
    """Close what the compiled reader's entries not made into nodes hold open."""
    for entry in entries:
        if entry[1] in (GROUP_ENTRY, DATASET_ENTRY) and entry[3] >= 0 and fast is not None:
            with h5lib.lock():
                fast.close(entry[3])


def h5py_attributes(oid: Any) -> Mapping[str, Any]:
    from nxviz.validation import h5read

    return h5read.attributes(oid)


def link_of(gid: Any, parent: str, raw: bytes) -> LinkInfo | None:
    import h5py

    try:
        kind = gid.links.get_info(raw).type
        if kind == h5py.h5l.TYPE_SOFT:
            target = gid.links.get_val(raw).decode("utf-8", errors="replace")
            if not target.startswith("/"):
                target = f"{parent.rstrip('/')}/{target}"
            return LinkInfo("soft", target)
        if kind == h5py.h5l.TYPE_EXTERNAL:
            file, target = gid.links.get_val(raw)
            return LinkInfo(
                "external", target.decode(errors="replace"), file.decode(errors="replace")
            )
    except ERRORS:
        return LinkInfo("unknown", "")
    return None
