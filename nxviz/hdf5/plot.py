"""Which plot a group opens on, and why.

From a group, ``@default`` is followed down to an NXdata group. Where a group has no
``@default`` (or it names nothing), the NeXus rules choose: the first NXentry of the file, the
first NXdata of an entry. Where no NXdata with a signal is reached, the first plottable dataset
(numeric, more than one value) under the group is shown instead. The answer says which rule
chose the plot, in a sentence the viewer shows.
"""

from __future__ import annotations

import posixpath
from collections import deque
from typing import Any

import h5py

from nxviz.errors import NxvizError
from nxviz.hdf5.locate import Found, Locator
from nxviz.hdf5.meta import nx_class_of
from nxviz.hdf5.nexus import attr_text, child, groups_of_class
from nxviz.hdf5.nxdata import field_info, nxdata_info

Info = dict[str, Any]

MAX_HOPS = 8
#: entities looked at, at most, when searching for a plottable dataset
SEARCH_LIMIT = 2000


def _describe(path: str) -> str:
    return "the file" if path == "/" else path


def _step(locator: Locator, current: Found, notes: list[str]) -> tuple[Found | None, bool]:
    """The next group along the chain, and whether @default chose it."""
    name = attr_text(current.entity, "default")
    if name:
        target = name if name.startswith("/") else posixpath.join(current.path, name)
        try:
            found = locator.find(current.file, target)
        except NxvizError:
            found = None
        if found is not None and isinstance(found.entity, (h5py.Group, h5py.Dataset)):
            return found, True
        notes.append(f"@default of {_describe(current.path)} names {name}, which is not there")
    wanted = ["NXentry"] if current.path == "/" else ["NXdata", "NXsubentry", "NXentry"]
    for nx_class in wanted:
        candidates = groups_of_class(locator, current, nx_class)
        if candidates:
            notes.append(
                f"no @default on {_describe(current.path)}: its first {nx_class} "
                f"{candidates[0].path}"
            )
            return candidates[0], False
    return None, False


def _plottable(dataset: h5py.Dataset) -> bool:
    return (
        dataset.shape is not None
        and dataset.dtype.kind in "biuf"
        and dataset.size > 1
        and dataset.ndim >= 1
    )


def first_dataset(locator: Locator, start: Found) -> Found | None:
    """The first plottable dataset under ``start``, breadth first (shallowest first)."""
    queue: deque[Found] = deque([start])
    seen = 0
    while queue and seen < SEARCH_LIMIT:
        group = queue.popleft()
        for name in group.entity:
            seen += 1
            item = child(locator, group, name)
            if item is None:
                continue
            shown = Found(item.entity, item.file, posixpath.join(group.path, name))
            if isinstance(item.entity, h5py.Dataset):
                if _plottable(item.entity):
                    return shown
            elif isinstance(item.entity, h5py.Group):
                queue.append(shown)
    return None


def default_plot(locator: Locator, h5file: h5py.File, path: str) -> Info:
    """The plot ``path`` opens on: ``kind`` is ``nxdata``, ``dataset``, ``unreadable`` (the
    signal is a link to a missing file or path: said, never drawn as zeros) or ``none``;
    ``chosen_by`` is ``default`` (the file's @default chain), ``rules`` (NeXus rules where
    @default is missing) or ``search`` (the first plottable dataset); ``note`` says why."""
    start = locator.find(h5file, path)
    start = Found(start.entity, start.file, path)
    current = start
    notes: list[str] = []
    by_default = True
    chain: list[str] = []
    for _ in range(MAX_HOPS):
        if not isinstance(current.entity, h5py.Group) or nx_class_of(current.entity) == "NXdata":
            break
        nxt, chosen = _step(locator, current, notes)
        if nxt is None:
            break
        by_default = by_default and chosen
        current = nxt
        chain.append(current.path)
    if isinstance(current.entity, h5py.Group) and nx_class_of(current.entity) == "NXdata":
        info = nxdata_info(locator, current)
        signal = info["signal"]
        if signal is not None and signal["shape"] is not None:
            return {
                "kind": "nxdata",
                "path": current.path,
                "chain": chain,
                "chosen_by": "default" if by_default else "rules",
                "note": "; ".join(notes) or None,
                "nxdata": info,
                "dataset": None,
            }
        unreadable = _unreadable_signal(current)
        if unreadable is not None:
            return {
                "kind": "unreadable",
                "path": current.path,
                "chain": chain,
                "chosen_by": "default" if by_default else "rules",
                "note": unreadable,
                "nxdata": info,
                "dataset": None,
            }
        notes.append(f"the NXdata {current.path} names no signal that is there")
    elif isinstance(current.entity, h5py.Dataset) and _plottable(current.entity):
        return _dataset_answer(locator, current, chain, "default", notes)
    found = first_dataset(locator, start)
    if found is None:
        return {
            "kind": "none",
            "path": None,
            "chain": chain,
            "chosen_by": None,
            "note": "; ".join(notes) or None,
            "nxdata": None,
            "dataset": None,
        }
    notes.append(f"no NXdata to plot: the first plottable dataset {found.path}")
    return _dataset_answer(locator, found, chain, "search", notes)


def _unreadable_signal(group: Found) -> str | None:
    """Why the signal an NXdata names cannot be read (a link to a missing file or path), or
    None when it is simply absent."""
    name = attr_text(group.entity, "signal")
    if not name or not isinstance(group.entity, h5py.Group):
        return None
    try:
        link = group.entity.get(name, getlink=True)
    except (OSError, KeyError, ValueError):
        return None
    if isinstance(link, h5py.ExternalLink):
        return (
            f"its signal {name} is a link to {link.path} in {link.filename}, "
            "which cannot be read (the file or the path is missing)"
        )
    if isinstance(link, h5py.SoftLink):
        return f"its signal {name} is a link to {link.path}, which does not exist"
    return None


def _dataset_answer(
    locator: Locator, found: Found, chain: list[str], chosen_by: str, notes: list[str]
) -> Info:
    parent_path = posixpath.dirname(found.path)
    try:
        parent = locator.find(found.file, parent_path)
    except NxvizError:
        parent = None
    info = (
        field_info(
            locator, Found(parent.entity, parent.file, parent_path), posixpath.basename(found.path)
        )
        if parent is not None
        else None
    )
    return {
        "kind": "dataset",
        "path": found.path,
        "chain": chain,
        "chosen_by": chosen_by,
        "note": "; ".join(notes) or None,
        "nxdata": None,
        "dataset": info,
    }
