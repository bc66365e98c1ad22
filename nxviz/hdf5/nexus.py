"""NeXus semantics: the ``@default`` chain, NXdata signal/axes/errors, NXmx detector geometry.

Every child is reached through the :class:`~nxviz.hdf5.locate.Locator`, so external links that
leave the root are never followed. Lengths come back in metres and wavelengths in metres
whatever units the file uses (converted with pint); a beam centre given in pixels is also
converted with the pixel size.
"""

from __future__ import annotations

import functools
import posixpath
import threading
from contextvars import ContextVar
from typing import Any

import h5py
import numpy as np

from nxviz.errors import EntityNotFoundError, NxvizError
from nxviz.hdf5.limits import WalkBudget, checkpoint, child_names, walk_budget
from nxviz.hdf5.locate import Found, Locator, normalise
from nxviz.hdf5.meta import nx_class_of

Info = dict[str, Any]


_UNIT_ALIASES = {"A": "angstrom", "Å": "angstrom", "Angstrom": "angstrom", "Angstroms": "angstrom"}
_PIXELS = {"pixel", "pixels", "px"}


_units_lock = threading.Lock()


@functools.cache
def _build_units() -> Any:
    import pint

    return pint.UnitRegistry()


def units() -> Any:
    """One unit registry per process, built on first use (importing pint and building the
    registry take about half a second; the server does it in a worker when it starts). A
    thread asking while another builds it waits for that one."""
    with _units_lock:
        return _build_units()


def _pint_error() -> type[Exception]:
    from pint.errors import PintError

    return PintError


def to_si(value: float, unit: str | None, target: str = "m") -> float | None:
    """``value`` in ``unit`` converted to ``target``; None if the unit is unknown or unfit."""
    if unit is None or unit.strip() == "":
        return None
    name = _UNIT_ALIASES.get(unit.strip(), unit.strip())
    try:
        return float(units().Quantity(value, name).to(target).magnitude)
    except (_pint_error(), ValueError, TypeError, AttributeError, AssertionError):
        return None


def text(value: Any) -> str | None:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, str):
        return value
    if isinstance(value, np.ndarray) and value.size == 1:
        return text(value.reshape(-1)[0])
    return None


def attr_text(entity: h5py.HLObject, name: str) -> str | None:
    try:
        return text(entity.attrs.get(name))
    except (OSError, TypeError, KeyError):
        return None


def child(locator: Locator, parent: Found, name: str | bytes) -> Found | None:
    """The child ``name`` of a group, following links safely; None if absent or unreachable
    (or named in bytes that are not UTF-8: h5py lists such names as bytes)."""
    if not isinstance(name, str) or not isinstance(parent.entity, h5py.Group):
        return None
    if "/" in name or not name:
        return None
    try:
        return locator.step(parent.file, parent.entity, parent.path, name, hops=0)
    except NxvizError:
        return None


def path_of(locator: Locator, base: Found, path: str) -> Found | None:
    """An absolute path in ``base``'s file, or a path relative to ``base``."""
    target = path if path.startswith("/") else posixpath.join(base.path, path)
    try:
        return locator.find(base.file, target)
    except NxvizError:
        return None


def groups_of_class(locator: Locator, parent: Found, nx_class: str) -> list[Found]:
    if not isinstance(parent.entity, h5py.Group):
        return []
    budget = walk_budget.get()
    found = []
    for name in child_names(parent.entity):
        checkpoint()
        if budget is not None and not budget.spend():
            break
        got = _child_group(locator, parent, name)
        if got is not None and got[1] == nx_class:
            found.append(got[0])
    return found


#: Within one walk of a file (describe_file), the groups found among a group's children, with
#: their NX_class: a group searched again for another class (the entry for its instrument,
#: sample and data) is not opened again. Keyed by file name, parent path and child name.
_GroupMemo = dict[tuple[str, str, str], "tuple[Found, str | None] | None"]
_groups_seen: ContextVar[_GroupMemo | None] = ContextVar("nxviz_groups_seen", default=None)


def _child_group(locator: Locator, parent: Found, name: str) -> tuple[Found, str | None] | None:
    """The child ``name`` of ``parent`` and its NX_class when it is a group, else None."""
    memo = _groups_seen.get()
    key = (parent.file.filename, parent.path, name)
    if memo is not None and key in memo:
        return memo[key]
    got = None
    if not _hard_link_to_non_group(parent.entity, name):
        item = child(locator, parent, name)
        if item is not None and isinstance(item.entity, h5py.Group):
            got = (item, nx_class_of(item.entity))
    if memo is not None:
        memo[key] = got
    return got


def _hard_link_to_non_group(group: h5py.Group, name: str) -> bool:
    """Whether ``name`` is a hard link to a dataset or a named datatype, known from the link
    and the object's header without opening it (a soft or external link, or anything HDF5
    cannot tell, is left to :func:`child`, which follows links confined)."""
    try:
        raw = name.encode("utf-8")
        if group.id.links.get_info(raw).type != h5py.h5l.TYPE_HARD:
            return False
        return bool(h5py.h5o.get_info(group.id, raw).type != h5py.h5o.TYPE_GROUP)
    except (UnicodeError, KeyError, OSError, ValueError, TypeError, RuntimeError):
        return False


def scalar(locator: Locator, parent: Found, name: str) -> tuple[float, str | None] | None:
    """A numeric scalar field (or the first value of a 1-element array) and its units."""
    item = child(locator, parent, name)
    if item is None or not isinstance(item.entity, h5py.Dataset):
        return None
    dataset = item.entity
    if dataset.shape is None or dataset.size != 1 or dataset.dtype.kind not in "biuf":
        return None
    try:
        value = float(np.asarray(dataset[()]).reshape(-1)[0])
    except (OSError, ValueError, TypeError):
        return None
    if not np.isfinite(value):  # NaN or inf: as good as absent (and not valid JSON)
        return None
    return value, attr_text(dataset, "units")


def default_chain(locator: Locator, h5file: h5py.File) -> list[str]:
    """Paths from the root along ``@default`` down to an NXdata group (fallback: the first ones)."""
    current = Found(h5file["/"], h5file, "/")
    chain: list[str] = []
    for _ in range(8):
        if nx_class_of(current.entity) == "NXdata":
            break
        name = attr_text(current.entity, "default")
        nxt = child(locator, current, name) if name else None
        if nxt is None:
            wanted = "NXentry" if current.path == "/" else "NXdata"
            candidates = groups_of_class(locator, current, wanted)
            if not candidates and current.path != "/":
                candidates = groups_of_class(locator, current, "NXentry")
            nxt = candidates[0] if candidates else None
        if nxt is None or not isinstance(nxt.entity, h5py.Group):
            break
        current = nxt
        chain.append(current.path)
    return chain


def nxdata_info(locator: Locator, group: Found) -> Info:
    """Signal, axes, errors and auxiliary signals of an NXdata group (see :mod:`nxdata`)."""
    from nxviz.hdf5.nxdata import nxdata_info as read

    return read(locator, group)


def detectors(locator: Locator, entry: Found) -> list[Found]:
    found: list[Found] = []
    for instrument in groups_of_class(locator, entry, "NXinstrument"):
        found.extend(groups_of_class(locator, instrument, "NXdetector"))
    return found


def _length(locator: Locator, group: Found, name: str) -> float | None:
    got = scalar(locator, group, name)
    return to_si(got[0], got[1]) if got is not None else None


def wavelength(locator: Locator, entry: Found) -> float | None:
    """The incident wavelength in metres, from NXbeam under the sample or the instrument."""
    for holder in ("sample", "instrument"):
        parents = groups_of_class(
            locator, entry, "NXsample" if holder == "sample" else "NXinstrument"
        )
        for parent in parents:
            for beam in groups_of_class(locator, parent, "NXbeam"):
                for name in ("incident_wavelength", "wavelength"):
                    got = scalar(locator, beam, name)
                    if got is not None:
                        return to_si(got[0], got[1] or "angstrom")
    return None


def detector_geometry(locator: Locator, detector: Found, entry: Found | None) -> Info:
    """Beam centre, distance, wavelength, pixel size, mask path and saturation value (SI units)."""
    pixel_x = _length(locator, detector, "x_pixel_size")
    pixel_y = _length(locator, detector, "y_pixel_size")
    centre: Info = {}
    for axis, pixel in (("x", pixel_x), ("y", pixel_y)):
        got = scalar(locator, detector, f"beam_center_{axis}")
        if got is None:
            centre[axis] = None
            continue
        value, unit = got
        if unit is None or unit.strip().lower() in _PIXELS:
            centre[f"{axis}_px"] = value
            centre[axis] = value * pixel if pixel is not None else None
        else:
            centre[axis] = to_si(value, unit)
            if centre[axis] is not None and pixel:
                centre[f"{axis}_px"] = centre[axis] / pixel
    distance = _length(locator, detector, "distance")
    if distance is None:
        distance = _length(locator, detector, "detector_distance")
    mask = child(locator, detector, "pixel_mask")
    saturation = scalar(locator, detector, "saturation_value")
    data = child(locator, detector, "data")
    return {
        "path": detector.path,
        "beam_center": centre,
        "distance": distance,
        "wavelength": wavelength(locator, entry) if entry is not None else None,
        "pixel_size": {"x": pixel_x, "y": pixel_y},
        "pixel_mask": mask.path
        if mask is not None and isinstance(mask.entity, h5py.Dataset)
        else None,
        "saturation_value": saturation[0] if saturation is not None else None,
        "data": posixpath.join(detector.path, "data") if data is not None else None,
    }


def describe_file(locator: Locator, h5file: h5py.File, budget: WalkBudget | None = None) -> Info:
    """Entries, their definitions and default plots, and the NXmx detector geometry, looking
    at no more objects and for no longer than ``budget`` allows; ``walk`` in the answer says
    how many objects were looked at and which limit, if any, was reached."""
    budget = budget or WalkBudget()
    token = walk_budget.set(budget)
    seen = _groups_seen.set({})
    try:
        answer = _describe_file(locator, h5file)
    finally:
        _groups_seen.reset(seen)
        walk_budget.reset(token)
    answer["walk"] = {
        "visited": budget.visited,
        "truncated": budget.reason is not None,
        "reason": budget.reason,
    }
    return answer


def _describe_file(locator: Locator, h5file: h5py.File) -> Info:
    from nxviz.hdf5.plot import default_plot

    root = Found(h5file["/"], h5file, "/")
    chain = default_chain(locator, h5file)
    shown = default_plot(locator, h5file, "/")
    entries = []
    for entry in groups_of_class(locator, root, "NXentry"):
        definition = child(locator, entry, "definition")
        plot = _entry_default_plot(locator, entry)
        if plot is None:
            info = None
        elif shown.get("path") == plot.path and shown.get("nxdata") is not None:
            info = shown["nxdata"]  # the file's plot: read once
        else:
            info = nxdata_info(locator, plot)
        entries.append(
            {
                "path": entry.path,
                "definition": _read_text(definition),
                "title": _read_text(child(locator, entry, "title")),
                "default_plot": plot.path if plot is not None else None,
                "nxdata": info,
                "detectors": [
                    detector_geometry(locator, d, entry) for d in detectors(locator, entry)
                ],
            }
        )
    default = chain[-1] if chain and _is_nxdata(locator, h5file, chain[-1]) else None
    return {
        "default": default,
        "default_chain": chain,
        "entries": entries,
        "plot": shown,
    }


def _entry_default_plot(locator: Locator, entry: Found) -> Found | None:
    name = attr_text(entry.entity, "default")
    found = child(locator, entry, name) if name else None
    if found is not None and nx_class_of(found.entity) == "NXdata":
        return found
    candidates = groups_of_class(locator, entry, "NXdata")
    return candidates[0] if candidates else None


def _is_nxdata(locator: Locator, h5file: h5py.File, path: str) -> bool:
    try:
        return nx_class_of(locator.find(h5file, path).entity) == "NXdata"
    except EntityNotFoundError:
        return False


def _read_text(found: Found | None) -> str | None:
    if found is None or not isinstance(found.entity, h5py.Dataset):
        return None
    try:
        return text(found.entity[()])
    except (OSError, TypeError, ValueError):
        return None


def detector_for(
    locator: Locator, h5file: h5py.File, path: str | None, found: Found
) -> Found | None:
    """The NXdetector of frames asked for by ``path`` in ``h5file``: looked up where the request
    names them (an Eiger master's ``/entry/data/data_000001`` is an external link into a data
    file that holds no detector), then where the link led (``found``)."""
    named = Found(found.entity, h5file, normalise(path))
    return detector_of(locator, named) or detector_of(locator, found)


def detector_of(locator: Locator, found: Found) -> Found | None:
    """The NXdetector a frame dataset belongs to: its parent, or the entry's only detector."""
    parent_path = posixpath.dirname(found.path)
    try:
        parent = locator.find(found.file, parent_path)
    except NxvizError:
        return None
    if nx_class_of(parent.entity) == "NXdetector":
        return parent
    parts = [p for p in found.path.split("/") if p]
    if not parts:
        return None
    entry = child(locator, Found(found.file["/"], found.file, "/"), parts[0])
    if entry is None or nx_class_of(entry.entity) != "NXentry":
        return None
    candidates = detectors(locator, entry)
    return candidates[0] if len(candidates) == 1 else None
